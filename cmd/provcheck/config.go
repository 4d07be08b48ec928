package main

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/spf13/pflag"
	"github.com/spf13/viper"

	"github.com/provcheck/provcheck/detectors"
	"github.com/provcheck/provcheck/detectors/classifier"
	"github.com/provcheck/provcheck/detectors/engine"
	"github.com/provcheck/provcheck/detectors/scoring"
	"github.com/provcheck/provcheck/provenance/c2pa"
	"github.com/provcheck/provcheck/provenance/container"
	"github.com/provcheck/provcheck/provenance/trust"
	"github.com/provcheck/provcheck/reports"
)

// Config is every setting, from flags, PROVCHECK_* environment variables, a
// config file and defaults, in that order of precedence.
type Config struct {
	Format         string        `mapstructure:"format"`
	Output         string        `mapstructure:"output"`
	Include        []string      `mapstructure:"include"`
	Exclude        []string      `mapstructure:"exclude"`
	FollowSymlinks bool          `mapstructure:"follow-symlinks"`
	Workers        int           `mapstructure:"workers"`
	FilesFrom      string        `mapstructure:"files-from"`
	Null           bool          `mapstructure:"null"`
	Shard          string        `mapstructure:"shard"`
	Resume         string        `mapstructure:"resume"`
	Checkpoint     time.Duration `mapstructure:"checkpoint"`
	Force          bool          `mapstructure:"force"`
	MaxFileSize    int64         `mapstructure:"max-file-size"`
	MaxPixels      int64         `mapstructure:"max-pixels"`
	MaxInflate     int64         `mapstructure:"max-inflate"`
	MaxInflateFile int64         `mapstructure:"max-inflate-file"`
	Timeout        time.Duration `mapstructure:"timeout"`
	LogLevel       string        `mapstructure:"log-level"`
	LogFormat      string        `mapstructure:"log-format"`
	TrustAnchors   []string      `mapstructure:"trust-anchors"`
	AllowedList    []string      `mapstructure:"allowed-list"`
	// IdentityTrustAnchors and IdentityIssuers decide which CAWG creator
	// identities are trusted (X.509 anchors; issuer DIDs).
	IdentityTrustAnchors []string        `mapstructure:"identity-trust-anchors"`
	IdentityIssuers      []string        `mapstructure:"identity-issuers"`
	Pixels               string          `mapstructure:"pixels"`
	Disable              []string        `mapstructure:"disable"`
	Aids                 string          `mapstructure:"aids"`
	Weights              scoring.Weights `mapstructure:"weights"`
	C2PA                 C2PALimits      `mapstructure:"c2pa"`

	Classifier            []string                   `mapstructure:"classifier"`
	ClassifierAllowRemote bool                       `mapstructure:"classifier-allow-remote"`
	ClassifierTimeout     time.Duration              `mapstructure:"classifier-timeout"`
	Classifiers           map[string]classifier.Spec `mapstructure:"classifiers"`

	// ServeConfig holds the serve command's keys (serve.go).
	ServeConfig `mapstructure:",squash"`

	Template           string   `mapstructure:"template"`
	FailOn             []string `mapstructure:"fail-on"`
	ExitCode           int      `mapstructure:"exit-code"`
	UnreadableExitCode int      `mapstructure:"unreadable-exit-code"`
	Baseline           string   `mapstructure:"baseline"`
	IgnoreFile         string   `mapstructure:"ignore-file"`
	Decisions          string   `mapstructure:"decisions"`
	Quiet              bool     `mapstructure:"quiet"`
	NoProgress         bool     `mapstructure:"no-progress"`
	CacheDir           string   `mapstructure:"cache-dir"`
	NoCache            bool     `mapstructure:"no-cache"`
}

// loadConfig merges flags, environment, config file and defaults.
func loadConfig(fs *pflag.FlagSet) (*Config, error) {
	v := viper.New()
	// Every key gets its default, whether or not this command has its flag,
	// so PROVCHECK_* and the config file reach every key everywhere.
	for _, k := range keys() {
		v.SetDefault(k.name, k.def)
	}
	v.SetEnvPrefix("PROVCHECK")
	v.SetEnvKeyReplacer(strings.NewReplacer("-", "_", ".", "_"))
	v.AutomaticEnv()
	var bindErr error
	fs.VisitAll(func(f *pflag.Flag) {
		if _, ok := f.Annotations[keyAnnotation]; !ok {
			return // --config, or a command's own flag
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
	if cfg.Resume != "" {
		// Resuming appends to the report being continued, as NDJSON.
		if cfg.Output == "-" {
			cfg.Output = cfg.Resume
		}
		if cfg.Format == "" {
			cfg.Format = "ndjson"
		}
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
	if _, err := c.detectorList(); err != nil {
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
	if c.UnreadableExitCode < 0 || c.UnreadableExitCode > 125 {
		errs = append(errs, fmt.Errorf("unreadable-exit-code %d: want 0 to 125", c.UnreadableExitCode))
	}
	if c.ExitCode < 1 || c.ExitCode > 125 {
		errs = append(errs, fmt.Errorf("exit-code %d: want 1 to 125", c.ExitCode))
	}
	if _, err := parseShard(c.Shard); err != nil {
		errs = append(errs, err)
	}
	if c.Resume != "" && (c.Output != c.Resume || !strings.EqualFold(c.Format, "ndjson")) {
		errs = append(errs, fmt.Errorf("resume %s: the report is continued in place as NDJSON; leave out --output and --format, or give the same file and ndjson", c.Resume))
	}
	if c.Workers < 0 {
		errs = append(errs, fmt.Errorf("workers %d: must be 0 or more", c.Workers))
	}
	for name, v := range map[string]int64{"max-file-size": c.MaxFileSize, "max-pixels": c.MaxPixels, "max-inflate": c.MaxInflate, "max-inflate-file": c.MaxInflateFile} {
		if v <= 0 {
			errs = append(errs, fmt.Errorf("%s %d: must be positive", name, v))
		}
	}
	if c.Checkpoint < 0 {
		errs = append(errs, fmt.Errorf("checkpoint %v: must not be negative", c.Checkpoint))
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
	if err := c.C2PA.validate(); err != nil {
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

// classifierSpecs are the outside classifiers: --classifier targets, named
// after their program or host, then the config file's named ones.
func (c *Config) classifierSpecs() ([]classifier.Spec, error) {
	var out []classifier.Spec
	seen := map[string]bool{}
	add := func(s classifier.Spec) error {
		if s.Timeout == 0 {
			s.Timeout = c.ClassifierTimeout
		}
		if seen[s.Name] {
			return fmt.Errorf("classifier %s: two classifiers of this name (name them in the config file)", s.Name)
		}
		seen[s.Name] = true
		if err := s.Validate(c.ClassifierAllowRemote); err != nil {
			return err
		}
		out = append(out, s)
		return nil
	}
	var errs []error
	for _, t := range c.Classifier {
		errs = append(errs, add(classifier.Spec{Name: classifier.NameFor(t), Target: t}))
	}
	names := slices.Sorted(maps.Keys(c.Classifiers))
	for _, name := range names {
		s := c.Classifiers[name]
		s.Name = name
		errs = append(errs, add(s))
	}
	return out, errors.Join(errs...)
}

// detectorList is the registry less the disabled detectors, plus one
// detector per outside classifier.
func (c *Config) detectorList() ([]*detectors.Detector, error) {
	list, err := selectDetectors(c.Disable)
	if err != nil {
		return nil, err
	}
	specs, err := c.classifierSpecs()
	if err != nil {
		return nil, err
	}
	for _, s := range specs {
		d, err := s.Detector(c.ClassifierAllowRemote)
		if err != nil {
			return nil, err
		}
		list = append(list, d)
	}
	return list, nil
}

// C2PALimits are the c2pa.* keys: the bounds of the C2PA reader.
type C2PALimits struct {
	MaxStoreSize       int   `mapstructure:"max-store-size"`
	MaxJUMBFDepth      int   `mapstructure:"max-jumbf-depth"`
	MaxJUMBFBoxes      int   `mapstructure:"max-jumbf-boxes"`
	MaxCBORDepth       int   `mapstructure:"max-cbor-depth"`
	MaxCBORElements    int   `mapstructure:"max-cbor-elements"`
	MaxIngredientDepth int   `mapstructure:"max-ingredient-depth"`
	MaxManifests       int   `mapstructure:"max-manifests"`
	MaxBrotli          int64 `mapstructure:"max-brotli"`
}

func (l C2PALimits) limits() c2pa.Limits {
	return c2pa.Limits{
		MaxStoreSize:       l.MaxStoreSize,
		MaxJUMBFDepth:      l.MaxJUMBFDepth,
		MaxJUMBFBoxes:      l.MaxJUMBFBoxes,
		MaxCBORDepth:       l.MaxCBORDepth,
		MaxCBORElements:    l.MaxCBORElements,
		MaxIngredientDepth: l.MaxIngredientDepth,
		MaxManifests:       l.MaxManifests,
		MaxBrotli:          l.MaxBrotli,
	}
}

// validate wants every bound positive: zero would silently mean the
// default in the C2PA package.
func (l C2PALimits) validate() error {
	var errs []error
	for name, v := range map[string]int64{
		"max-store-size": int64(l.MaxStoreSize), "max-jumbf-depth": int64(l.MaxJUMBFDepth),
		"max-jumbf-boxes": int64(l.MaxJUMBFBoxes), "max-cbor-depth": int64(l.MaxCBORDepth),
		"max-cbor-elements": int64(l.MaxCBORElements), "max-ingredient-depth": int64(l.MaxIngredientDepth),
		"max-manifests": int64(l.MaxManifests), "max-brotli": l.MaxBrotli,
	} {
		if v <= 0 {
			errs = append(errs, fmt.Errorf("c2pa.%s %d: must be positive", name, v))
		}
	}
	return errors.Join(errs...)
}

// settings are what the detectors and the C2PA stage read. The C2PA trust
// store is built here, once per process, from the embedded lists and the
// user's PEM files; scan, serve and inspect all take it from here.
func (c *Config) settings() (detectors.Settings, error) {
	ts, err := trust.Build(c.TrustAnchors, c.AllowedList)
	if err != nil {
		return detectors.Settings{}, usageError{err}
	}
	ids, err := trust.BuildIdentity(c.IdentityTrustAnchors)
	if err != nil {
		return detectors.Settings{}, usageError{err}
	}
	return detectors.Settings{
		Limits: container.Limits{
			MaxInflate:     c.MaxInflate,
			MaxInflateFile: c.MaxInflateFile,
			MaxPixels:      c.MaxPixels,
		},
		C2PA:         c.C2PA.limits(),
		Trust:        ts,
		TrustAnchors: c.TrustAnchors,
		AllowedList:  c.AllowedList,

		IdentityTrust:        ids,
		IdentityTrustAnchors: c.IdentityTrustAnchors,
		IdentityIssuers:      c.IdentityIssuers,
		Pixels:               detectors.PixelPolicy(c.Pixels),
		Now:                  now,
	}, nil
}

func (c *Config) engineConfig() (engine.Config, error) {
	s, err := c.settings()
	if err != nil {
		return engine.Config{}, err
	}
	w := c.Weights
	if specs, err := c.classifierSpecs(); err == nil {
		classifier.SetWeights(&w, specs)
	}
	return engine.Config{
		Version:     version,
		Build:       buildIdentity(),
		MaxFileSize: c.MaxFileSize,
		Timeout:     c.Timeout,
		Weights:     w,
		Settings:    s,
	}, nil
}

// decisions reads --decisions, or nil when none was given.
func (c *Config) decisions() (*reports.Decisions, error) {
	if c.Decisions == "" {
		return nil, nil
	}
	d, err := reports.LoadDecisions(c.Decisions)
	if err != nil {
		return nil, usageError{err}
	}
	return d, nil
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
