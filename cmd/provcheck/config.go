package main

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/spf13/pflag"
	"github.com/spf13/viper"

	"github.com/provcheck/provcheck/detectors"
	"github.com/provcheck/provcheck/detectors/engine"
	"github.com/provcheck/provcheck/detectors/scoring"
	"github.com/provcheck/provcheck/provenance/container"
	"github.com/provcheck/provcheck/reports"
)

// Config is every setting, from flags, PROVCHECK_* environment variables, a
// config file and defaults, in that order of precedence.
type Config struct {
	Format       string          `mapstructure:"format"`
	Output       string          `mapstructure:"output"`
	Include      []string        `mapstructure:"include"`
	Exclude      []string        `mapstructure:"exclude"`
	Workers      int             `mapstructure:"workers"`
	MaxFileSize  int64           `mapstructure:"max-file-size"`
	MaxPixels    int64           `mapstructure:"max-pixels"`
	MaxInflate   int64           `mapstructure:"max-inflate"`
	Timeout      time.Duration   `mapstructure:"timeout"`
	LogLevel     string          `mapstructure:"log-level"`
	LogFormat    string          `mapstructure:"log-format"`
	TrustAnchors []string        `mapstructure:"trust-anchors"`
	AllowedList  []string        `mapstructure:"allowed-list"`
	FetchRemote  bool            `mapstructure:"fetch-remote"`
	Pixels       string          `mapstructure:"pixels"`
	Disable      []string        `mapstructure:"disable"`
	Aids         string          `mapstructure:"aids"`
	Weights      scoring.Weights `mapstructure:"weights"`

	// ServeConfig holds the serve command's keys (serve.go).
	ServeConfig `mapstructure:",squash"`

	Template   string   `mapstructure:"template"`
	FailOn     []string `mapstructure:"fail-on"`
	ExitCode   int      `mapstructure:"exit-code"`
	Baseline   string   `mapstructure:"baseline"`
	IgnoreFile string   `mapstructure:"ignore-file"`
	Quiet      bool     `mapstructure:"quiet"`
	NoProgress bool     `mapstructure:"no-progress"`
	CacheDir   string   `mapstructure:"cache-dir"`
	NoCache    bool     `mapstructure:"no-cache"`
}

// defaults lists every key with its default. viper ignores environment
// variables for keys it has no default for, so nothing may be missing here.
func defaults() map[string]any {
	w := scoring.Default()
	return map[string]any{
		"format":                    "", // from the --output extension, else table
		"output":                    "-",
		"include":                   []string{},
		"exclude":                   []string{},
		"workers":                   0,
		"max-file-size":             int64(engine.DefaultMaxFileSize),
		"max-pixels":                container.DefaultLimits.MaxPixels,
		"max-inflate":               container.DefaultLimits.MaxInflate,
		"timeout":                   60 * time.Second,
		"log-level":                 "warn",
		"log-format":                "text",
		"trust-anchors":             []string{},
		"allowed-list":              []string{},
		"fetch-remote":              false,
		"pixels":                    string(detectors.PixelsAuto),
		"disable":                   []string{},
		"aids":                      "",
		"weights.prior":             w.Prior,
		"weights.suspect-threshold": w.SuspectThreshold,
		"weights.classes":           w.Classes,
		"weights.signals":           w.Signals,
		"template":                  "",
		"fail-on":                   []string{},
		"exit-code":                 exitFindings,
		"baseline":                  "",
		"ignore-file":               "",
		"quiet":                     false,
		"no-progress":               false,
		"cache-dir":                 "",
		"no-cache":                  false,
	}
}

// addScanFlags declares the flags that map to config keys.
func addScanFlags(fs *pflag.FlagSet) {
	d := defaults()
	fs.StringP("format", "f", "", "report format: "+strings.Join(reports.FormatNames(), ", ")+" (default: from the --output extension, else table)")
	fs.StringP("output", "o", d["output"].(string), "write the report to this file (- for standard output)")
	fs.StringSlice("include", nil, "scan only files matching these globs (doublestar syntax, e.g. '**/*.png'; repeatable)")
	fs.StringSlice("exclude", nil, "skip files matching these globs (repeatable)")
	fs.Int("workers", 0, "files scanned at once (0: one per CPU)")
	fs.Int64("max-file-size", d["max-file-size"].(int64), "refuse files larger than this many bytes")
	fs.Int64("max-pixels", d["max-pixels"].(int64), "never decode images with more pixels than this")
	fs.Int64("max-inflate", d["max-inflate"].(int64), "cap on the decompressed size of one compressed block")
	fs.Duration("timeout", d["timeout"].(time.Duration), "time limit per file")
	fs.String("log-level", d["log-level"].(string), "log level on standard error: debug, info, warn, error")
	fs.String("log-format", d["log-format"].(string), "log format: text or json")
	fs.StringSlice("trust-anchors", nil, "extra PEM files of C2PA trust anchors")
	fs.StringSlice("allowed-list", nil, "extra PEM files of allowed C2PA signing certificates")
	fs.Bool("fetch-remote", false, "fetch remote C2PA manifests named in the file (off: nothing leaves this machine)")
	fs.String("pixels", d["pixels"].(string), "when to decode pixels for the watermark, stealth and forensics detectors: auto (unless the metadata already declares AI), always, never")
	fs.StringSlice("disable", nil, "skip these detectors (names from 'provcheck detectors'; repeatable)")
	fs.String("aids", "", "write an error-level image and a noise map of each image into this folder, for a reviewer")
	fs.String("template", "", "Go text/template file for --format template")
	fs.StringSlice("fail-on", nil, "exit with --exit-code when a file reaches a level: "+strings.Join(failLevels, ", ")+" (repeatable)")
	fs.Int("exit-code", exitFindings, "exit code when --fail-on matches")
	fs.String("baseline", "", "an earlier JSON or NDJSON report: report only files with new findings")
	fs.String("ignore-file", "", "ignore file of reviewed findings (default: ./"+reports.DefaultIgnoreFile+" when present)")
	fs.BoolP("quiet", "q", false, "no progress bar and only error logs on standard error")
	fs.Bool("no-progress", false, "no progress bar")
	fs.String("cache-dir", "", "results cache folder (default: provcheck in the user cache folder)")
	fs.Bool("no-cache", false, "neither read nor write the results cache")
	fs.String("config", "", "config file (default: $PROVCHECK_CONFIG, ./provcheck.yaml, then the user config folder)")
}

// loadConfig merges flags, environment, config file and defaults.
func loadConfig(fs *pflag.FlagSet) (*Config, error) {
	v := viper.New()
	for k, val := range defaults() {
		v.SetDefault(k, val)
	}
	for k, val := range serveDefaults() {
		v.SetDefault(k, val)
	}
	v.SetEnvPrefix("PROVCHECK")
	v.SetEnvKeyReplacer(strings.NewReplacer("-", "_", ".", "_"))
	v.AutomaticEnv()
	var bindErr error
	fs.VisitAll(func(f *pflag.Flag) {
		if f.Name == "config" {
			return
		}
		if err := v.BindPFlag(f.Name, f); err != nil {
			bindErr = errors.Join(bindErr, err)
		}
	})
	if bindErr != nil {
		return nil, bindErr
	}
	file, explicit := configFile(fs)
	if file != "" {
		v.SetConfigFile(file)
		if err := v.ReadInConfig(); err != nil {
			if explicit || !errors.Is(err, os.ErrNotExist) {
				return nil, usagef("config file %s: %w", file, err)
			}
		}
	}
	var cfg Config
	if err := v.Unmarshal(&cfg); err != nil {
		return nil, usagef("configuration: %w", err)
	}
	if cfg.Format == "" {
		cfg.Format = "table"
		if f, ok := reports.FormatForPath(cfg.Output); ok && cfg.Output != "-" {
			cfg.Format = f
		}
	}
	if cfg.Quiet {
		cfg.LogLevel = "error"
	}
	if err := cfg.Validate(); err != nil {
		return nil, usageError{err}
	}
	return &cfg, nil
}

// configFile picks the config file: --config, $PROVCHECK_CONFIG,
// ./provcheck.yaml, then the user config folder. explicit is true when the
// user named it, so that a missing file is an error.
func configFile(fs *pflag.FlagSet) (path string, explicit bool) {
	if p, _ := fs.GetString("config"); p != "" {
		return p, true
	}
	if p := os.Getenv("PROVCHECK_CONFIG"); p != "" {
		return p, true
	}
	if _, err := os.Stat("provcheck.yaml"); err == nil {
		return "provcheck.yaml", false
	}
	if dir, err := os.UserConfigDir(); err == nil {
		p := filepath.Join(dir, "provcheck", "config.yaml")
		if _, err := os.Stat(p); err == nil {
			return p, false
		}
	}
	return "", false
}

// Validate checks a merged configuration.
func (c *Config) Validate() error {
	var errs []error
	if _, err := selectDetectors(c.Disable); err != nil {
		errs = append(errs, err)
	}
	if _, err := reports.ForFormat(c.Format); err != nil {
		errs = append(errs, err)
	}
	if _, err := detectors.ParsePixelPolicy(c.Pixels); err != nil {
		errs = append(errs, err)
	}
	if strings.EqualFold(c.Format, "template") && c.Template == "" {
		errs = append(errs, reports.ErrNoTemplate)
	}
	for _, l := range c.FailOn {
		if !slices.Contains(failLevels, l) {
			errs = append(errs, fmt.Errorf("fail-on %q: want one of %s", l, strings.Join(failLevels, ", ")))
		}
	}
	if c.ExitCode < 1 || c.ExitCode > 125 {
		errs = append(errs, fmt.Errorf("exit-code %d: want 1 to 125", c.ExitCode))
	}
	if c.Workers < 0 {
		errs = append(errs, fmt.Errorf("workers %d: must be 0 or more", c.Workers))
	}
	for name, v := range map[string]int64{"max-file-size": c.MaxFileSize, "max-pixels": c.MaxPixels, "max-inflate": c.MaxInflate} {
		if v <= 0 {
			errs = append(errs, fmt.Errorf("%s %d: must be positive", name, v))
		}
	}
	if c.Timeout < 0 {
		errs = append(errs, fmt.Errorf("timeout %v: must not be negative", c.Timeout))
	}
	if _, err := parseLevel(c.LogLevel); err != nil {
		errs = append(errs, err)
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		errs = append(errs, fmt.Errorf("log-format %q: want text or json", c.LogFormat))
	}
	if err := (engine.Filter{Include: c.Include, Exclude: c.Exclude}).Validate(); err != nil {
		errs = append(errs, err)
	}
	if err := c.Weights.Validate(); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

func parseLevel(s string) (slog.Level, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(s)); err != nil {
		return 0, fmt.Errorf("log-level %q: want debug, info, warn or error", s)
	}
	return l, nil
}

func (c *Config) logger(stderr io.Writer) *slog.Logger {
	level, _ := parseLevel(c.LogLevel)
	opts := &slog.HandlerOptions{Level: level}
	if c.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(stderr, opts))
	}
	return slog.New(slog.NewTextHandler(stderr, opts))
}

func (c *Config) engineConfig() engine.Config {
	return engine.Config{
		Version:     version,
		MaxFileSize: c.MaxFileSize,
		Timeout:     c.Timeout,
		Weights:     c.Weights,
		Settings: detectors.Settings{
			Limits: container.Limits{
				MaxInflate: c.MaxInflate,
				MaxPixels:  c.MaxPixels,
			},
			TrustAnchors: c.TrustAnchors,
			AllowedList:  c.AllowedList,
			FetchRemote:  c.FetchRemote,
			Pixels:       detectors.PixelPolicy(c.Pixels),
			Now:          now,
		},
	}
}

// writer returns the report writer the configuration asks for.
func (c *Config) writer() (reports.Writer, error) {
	return newWriter(c.Format, c.Template, c.MaxFileSize, c.MaxPixels)
}

// newWriter builds a writer: the template format reads its template, and
// HTML previews are made from the files the report names.
func newWriter(format, templateFile string, maxFileSize, maxPixels int64) (reports.Writer, error) {
	w, err := reports.ForFormat(format)
	if err != nil {
		return nil, usageError{err}
	}
	switch w.(type) {
	case reports.TemplateWriter:
		if templateFile == "" {
			return nil, usageError{reports.ErrNoTemplate}
		}
		text, err := os.ReadFile(templateFile)
		if err != nil {
			return nil, usagef("template: %w", err)
		}
		tw, err := reports.NewTemplateWriter(filepath.Base(templateFile), string(text))
		if err != nil {
			return nil, usageError{err}
		}
		return tw, nil
	case reports.HTMLWriter:
		return reports.HTMLWriter{Thumbnail: reports.FileThumbnails(maxFileSize, maxPixels)}, nil
	}
	return w, nil
}
