package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"github.com/provcheck/provcheck/detectors/all"
	"github.com/provcheck/provcheck/detectors/engine"
	"github.com/provcheck/provcheck/reports"
)

// now is the report clock; tests replace it so golden files are stable.
var now = func() time.Time { return time.Now().UTC() }

func newScanCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "scan [flags] PATH...",
		Short: "Scan files and folders and report their provenance evidence",
		Long: `Scan files and folders (recursively; - reads standard input) and write a report.

Exit codes: 0 the scan finished; 2 usage or configuration error; 3 the scan
finished but some files could not be read (they are in the report as errors).`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := loadConfig(cmd.Flags())
			if err != nil {
				return err
			}
			return runScan(cmd.Context(), cfg, args, cmd.InOrStdin(), cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	addScanFlags(cmd.Flags())
	return cmd
}

// runScan is the scan command without cobra, so tests can call it.
func runScan(ctx context.Context, cfg *Config, paths []string, stdin io.Reader, stdout, stderr io.Writer) error {
	log := cfg.logger(stderr)
	w, err := reports.ForFormat(cfg.Format)
	if err != nil {
		return usageError{err}
	}
	var inputs []engine.Input
	filter := engine.Filter{Include: cfg.Include, Exclude: cfg.Exclude}
	if err := engine.Discover(ctx, paths, filter, func(in engine.Input) { inputs = append(inputs, in) }); err != nil {
		return err
	}
	log.Info("scanning", "files", len(inputs))

	eng := engine.New(cfg.engineConfig(), all.Detectors(), log)
	rep := &reports.Report{
		SchemaVersion: reports.SchemaVersion,
		Tool:          reports.Tool{Name: "provcheck", Version: version},
		CreatedAt:     now(),
		Summary:       reports.Summary{Verdicts: map[reports.Verdict]int{}},
		Files:         []reports.FileResult{},
	}
	scanErr := eng.ScanAll(ctx, inputs, cfg.Workers, stdin, func(fr reports.FileResult) {
		log.Debug("scanned", "file", fr.Path, "verdict", fr.Verdict)
		rep.Add(fr)
	})
	rep.Sort()

	out, closeOut, err := openOutput(cfg.Output, stdout)
	if err != nil {
		return err
	}
	if err := w.Write(ctx, out, rep); err != nil {
		closeOut(false)
		return fmt.Errorf("writing the report: %w", err)
	}
	if err := closeOut(true); err != nil {
		return fmt.Errorf("writing the report: %w", err)
	}
	if scanErr != nil {
		return scanErr
	}
	if rep.Summary.Errors > 0 {
		return fmt.Errorf("%w: %d of %d", errUnreadable, rep.Summary.Errors, rep.Summary.Files)
	}
	return nil
}

// openOutput opens the report destination. A file is written beside its
// final name and renamed into place, so an interrupted scan never leaves a
// half-written report where a good one was.
func openOutput(path string, stdout io.Writer) (io.Writer, func(commit bool) error, error) {
	if path == "" || path == "-" {
		return stdout, func(bool) error { return nil }, nil
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return nil, nil, usagef("output %s: %w", path, err)
	}
	return tmp, func(commit bool) error {
		err := tmp.Close()
		if err != nil || !commit {
			os.Remove(tmp.Name())
			return err
		}
		return os.Rename(tmp.Name(), path)
	}, nil
}
