package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/netip"
	"time"

	"github.com/spf13/cobra"

	"github.com/provcheck/provcheck/detectors/classifier"
	"github.com/provcheck/provcheck/detectors/engine"
	"github.com/provcheck/provcheck/detectors/scoring"
	"github.com/provcheck/provcheck/reports"
	"github.com/provcheck/provcheck/web"
)

// ServeConfig holds the serve command's own keys. It is squashed into
// Config, so the keys sit at the top level of the config file and take
// PROVCHECK_* variables like the others (PROVCHECK_TOKEN keeps the token
// out of the process list).
type ServeConfig struct {
	Listen          string        `mapstructure:"listen"`
	Token           string        `mapstructure:"token"`
	MaxRequestSize  int64         `mapstructure:"max-request-size"`
	MaxRequestFiles int           `mapstructure:"max-request-files"`
	MaxScans        int           `mapstructure:"max-scans"`
	MaxQueue        int           `mapstructure:"max-queue"`
	QueueWait       time.Duration `mapstructure:"queue-wait"`
	VisualAids      bool          `mapstructure:"visual-aids"`
	InsecureNoToken bool          `mapstructure:"insecure-no-token"`
	BodyTimeout     time.Duration `mapstructure:"body-timeout"`
	BodyMinRate     int64         `mapstructure:"body-min-rate"`
	MaxBodyMemory   int64         `mapstructure:"max-body-memory"`
}

func newServeCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "serve [flags]",
		Short: "Serve a local page to drop files or paste text and read the report",
		Long: `Serve a small web page and JSON API on this machine: drop files or paste text
and read the same report the scan command writes, with the same settings.

Files are scanned in memory and forgotten: nothing is written to disk, logged
by name, or sent anywhere. The default address answers this machine only; to
expose the page on a network, set --listen and a token (PROVCHECK_TOKEN).

API: POST /api/v1/scan (multipart files, a raw body with ?name=, or a "text"
field), GET /api/v1/detectors, GET /healthz.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := loadConfig(cmd.Flags())
			if err != nil {
				return err
			}
			if err := cfg.ServeConfig.validate(); err != nil {
				return usageError{err}
			}
			ln, err := net.Listen("tcp", cfg.Listen)
			if err != nil {
				return usagef("listen %s: %w", cfg.Listen, err)
			}
			if cfg.Token == "" && !cfg.InsecureNoToken && !isLoopback(ln.Addr()) {
				ln.Close()
				return usagef("listen %s: answers other machines, so a token is required: set PROVCHECK_TOKEN (or --token), or pass --insecure-no-token to serve without one", cfg.Listen)
			}
			return runServe(cmd.Context(), cfg, ln, cmd.ErrOrStderr())
		},
	}
	addFlags(cmd.Flags(), cmdServe)
	return cmd
}

func (c *ServeConfig) validate() error {
	var errs []error
	if c.Listen == "" {
		errs = append(errs, errors.New("listen: empty address"))
	}
	if c.MaxRequestSize <= 0 {
		errs = append(errs, fmt.Errorf("max-request-size %d: must be positive", c.MaxRequestSize))
	}
	if c.MaxRequestFiles <= 0 {
		errs = append(errs, fmt.Errorf("max-request-files %d: must be positive", c.MaxRequestFiles))
	}
	if c.BodyMinRate < 0 || c.MaxBodyMemory <= 0 || c.BodyTimeout <= 0 {
		errs = append(errs, fmt.Errorf("body-min-rate %d, max-body-memory %d, body-timeout %v: want 0 or more, positive, positive", c.BodyMinRate, c.MaxBodyMemory, c.BodyTimeout))
	}
	if c.QueueWait <= 0 || c.QueueWait >= web.DefaultRequestTimeout {
		// The wait is part of a request's time limit, which must leave
		// room for the scan.
		errs = append(errs, fmt.Errorf("queue-wait %v: must be positive and below the request time limit (%v)", c.QueueWait, web.DefaultRequestTimeout))
	}
	if c.MaxScans < 0 || c.MaxQueue < 0 {
		errs = append(errs, fmt.Errorf("max-scans %d, max-queue %d: must be 0 or more", c.MaxScans, c.MaxQueue))
	}
	return errors.Join(errs...)
}

// runServe serves on ln until ctx is cancelled; a clean stop is no error.
func runServe(ctx context.Context, cfg *Config, ln net.Listener, stderr io.Writer) error {
	log := cfg.logger(stderr)
	ignore, err := cfg.ignoreList()
	if err != nil {
		ln.Close()
		return err
	}
	// Detectors log with the file's name and may quote its content; the
	// server keeps both out of its logs, and all they would say is in the
	// report anyway.
	ec, err := cfg.engineConfig()
	if err != nil {
		ln.Close()
		return err
	}
	ec.Cache = nil // uploads leave no trace, not even a cached result
	list, err := cfg.detectorList()
	if err != nil {
		ln.Close()
		return usageError{err}
	}
	eng := engine.New(ec, list, slog.New(slog.DiscardHandler))
	specs, _ := cfg.classifierSpecs() // validated with the configuration
	srv, err := web.New(web.Options{
		Engine:         eng,
		SentTo:         classifier.Remote(specs),
		Tool:           reports.Tool{Name: "provcheck", Version: version, Trust: toolTrust(ec.Settings.Trust)},
		Token:          cfg.Token,
		LoopbackOnly:   isLoopback(ln.Addr()),
		MaxRequestSize: cfg.MaxRequestSize,
		MaxFileSize:    cfg.MaxFileSize,
		MaxFiles:       cfg.MaxRequestFiles,
		MaxScans:       cfg.MaxScans,
		MaxQueue:       cfg.MaxQueue,
		QueueWait:      cfg.QueueWait,
		Limits:         ec.Settings.Limits,
		VisualAids:     cfg.VisualAids,
		BodyTimeout:    cfg.BodyTimeout,
		BodyMinRate:    cfg.BodyMinRate,
		BodyMemory:     cfg.MaxBodyMemory,
		// What the scan command does to each result after the engine.
		Finish: func(fr *reports.FileResult) {
			if ignore != nil && ignore.Apply(fr) {
				scoring.Apply(cfg.Weights, fr)
			}
		},
		Log: log,
		Now: now,
	})
	if err != nil {
		ln.Close()
		return err
	}
	addr := ln.Addr().String()
	fmt.Fprintf(stderr, "provcheck: serving http://%s/ (Ctrl-C to stop)\n", addr)
	if cfg.Token == "" && !isLoopback(ln.Addr()) {
		fmt.Fprintf(stderr, "provcheck: warning: %s answers other machines and no token is set (--insecure-no-token)\n", addr)
	}
	if err := srv.Serve(ctx, ln); err != nil {
		return err
	}
	fmt.Fprintln(stderr, "provcheck: stopped")
	return nil
}

func isLoopback(a net.Addr) bool {
	ap, err := netip.ParseAddrPort(a.String())
	return err == nil && ap.Addr().IsLoopback()
}
