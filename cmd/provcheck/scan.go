package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/spf13/cobra"

	"github.com/provcheck/provcheck/detectors"
	"github.com/provcheck/provcheck/detectors/engine"
	"github.com/provcheck/provcheck/detectors/engine/cache"
	"github.com/provcheck/provcheck/detectors/engine/objects"
	"github.com/provcheck/provcheck/detectors/forensics"
	"github.com/provcheck/provcheck/detectors/scoring"
	"github.com/provcheck/provcheck/reports"
)

// now is the report clock; tests replace it so golden files are stable.
var now = func() time.Time { return time.Now().UTC() }

func newScanCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "scan [flags] PATH...",
		Short: "Scan files and folders and report their provenance evidence",
		Long: `Scan files and folders (recursively; - reads standard input) and write a report.

Exit codes: 0 the scan finished and no file reached --fail-on; 1 (or
--exit-code) a file reached --fail-on; 2 usage or configuration error; 3 the
scan finished but some files could not be read (they are in the report as
errors); 130 interrupted (the report covers the files scanned so far).`,
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := loadConfig(cmd.Flags())
			if err != nil {
				return err
			}
			if len(args) == 0 && cfg.FilesFrom == "" {
				return usagef("scan: no paths given (name files or folders, or --files-from LIST)")
			}
			return runScan(cmd.Context(), cfg, args, cmd.InOrStdin(), cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	addFlags(cmd.Flags(), cmdScan)
	return cmd
}

// skipInterrupted counts files not scanned because the scan was stopped.
const skipInterrupted = "interrupted"

// runScan is the scan command without cobra, so tests can call it.
func runScan(ctx context.Context, cfg *Config, paths []string, stdin io.Reader, stdout, stderr io.Writer) error {
	defer batchGC()()
	log := cfg.logger(stderr)
	w, err := cfg.writer()
	if err != nil {
		return err
	}
	ignore, err := cfg.ignoreList()
	if err != nil {
		return err
	}
	decisions, err := cfg.decisions()
	if err != nil {
		return err
	}
	var baseline *reports.Baseline
	if cfg.Baseline != "" {
		if baseline, err = reports.LoadBaseline(cfg.Baseline); err != nil {
			return usageError{err}
		}
	}
	list, err := cfg.detectorList()
	if err != nil {
		return usageError{err}
	}
	stores := &storeEnv{}
	ecfg, err := cfg.engineConfig()
	if err != nil {
		return err
	}
	if ecfg.Cache, err = cfg.openCache(ctx, log, stores); err != nil {
		return err
	}
	if cfg.Aids != "" {
		if err := os.MkdirAll(cfg.Aids, 0o755); err != nil {
			return usagef("aids folder: %w", err)
		}
		list = append(list, forensics.AidsDetector(cfg.Aids))
		// A cached result would skip the detectors, and so the aids.
		ecfg.Cache = nil
	}
	var preview *detectors.Detector
	if hw, ok := w.(reports.HTMLWriter); ok {
		// Previews from the scan's own decode; the report reads a file
		// again only for what the scan did not decode.
		previews := reports.NewPreviews(hw.Thumbnail)
		hw.Thumbnail = previews.Func()
		w = hw
		preview = previewDetector(previews)
		list = append(list, preview)
	}
	eng := engine.New(ecfg, list, log)
	tool := reports.Tool{Name: "provcheck", Version: version, Settings: eng.SettingsID(), Trust: toolTrust(ecfg.Settings.Trust)}

	// The destination is opened before scanning, so a bad path costs
	// nothing; the report is renamed into place only once complete. A
	// resumed report is appended to in place instead.
	var (
		out      io.Writer
		closeOut func(bool) error
		resume   = &resumeState{}
	)
	if cfg.Resume != "" {
		// A report in object storage is continued in a local copy and
		// uploaded over the object at checkpoints and at the end.
		local, obj := cfg.Resume, (*objectResume)(nil)
		if objects.IsURL(cfg.Resume) {
			if obj, err = stores.openObjectResume(ctx, cfg.Resume, cfg.Checkpoint, log); err != nil {
				return err
			}
			local = obj.local
		}
		if resume, err = openResume(local, cfg.Resume, log); err != nil {
			obj.abandon()
			return err
		}
		if p := resume.prev; p != nil && p.Tool.Version != "" && (p.Tool.Version != tool.Version || p.Tool.Settings != tool.Settings) {
			resume.file.Close()
			obj.abandon()
			return usagef("resume %s: written by provcheck %s with settings %s, this run is %s with settings %s; start a new report", cfg.Resume, p.Tool.Version, p.Tool.Settings, tool.Version, tool.Settings)
		}
		out, closeOut = resume.file, func(bool) error { return resume.file.Close() }
		if obj != nil {
			out, closeOut = obj.start(ctx, resume.file), obj.close
		}
	} else if out, closeOut, err = openDest(ctx, stores, cfg.Output, cfg.Format, stdout); err != nil {
		return err
	}
	w = fitOutput(w, out)

	rep := &reports.Report{
		SchemaVersion: reports.SchemaVersion,
		Tool:          tool,
		CreatedAt:     now(),
		Summary:       reports.Summary{Verdicts: map[reports.Verdict]int{}},
		Files:         []reports.FileResult{},
	}
	if cfg.FilesFrom == "-" && slices.Contains(paths, "-") {
		closeOut(false)
		return usagef("files-from -: standard input holds the list, so it cannot also be scanned as a file")
	}
	found, discoverErr := cfg.discover(ctx, paths, stdin, resume.done, stores)
	if found == nil || (discoverErr != nil && ctx.Err() == nil) {
		closeOut(false)
		return discoverErr
	}
	inputs, skipped := found.inputs, found.skipped
	resume.addTo(rep)
	rep.Summary.Discovered += len(inputs)
	for _, n := range skipped {
		rep.Summary.Discovered += n
	}
	log.Info("scanning", "files", len(inputs), "skipped", skipped)
	bar := newProgress(cfg, stderr, len(inputs))

	var stream reports.FileStream
	if s, ok := w.(reports.Streamer); ok {
		stream = s.Stream(out, rep)
	}
	var (
		streamErr error
		failing   int
		baseSum   reports.BaselineSummary
	)
	scanErr := eng.ScanAll(ctx, inputs, cfg.Workers, stdin, func(fr reports.FileResult) {
		bar.add()
		if ctx.Err() != nil && cutShort(&fr) {
			return // counted as interrupted below, not as a failed file
		}
		rep.Summary.Scanned++
		log.Debug("scanned", "file", fr.Path, "verdict", fr.Verdict)
		if preview != nil {
			// The preview is the report's own, not evidence: the file's
			// result is the same as a JSON scan's.
			fr.Detectors = slices.DeleteFunc(fr.Detectors, func(d string) bool { return d == preview.String() })
		}
		fr.Normalize()
		fr.SetFingerprints()
		decisions.Apply(&fr)
		if ignore != nil && ignore.Apply(&fr) {
			scoring.Apply(cfg.Weights, &fr) // suppressed signals no longer count
		}
		if baseline != nil && !baseline.Compare(&fr, &baseSum) {
			return
		}
		for _, level := range cfg.FailOn {
			if reaches(&fr, level) {
				failing++
				break
			}
		}
		if stream == nil {
			rep.Add(fr)
			return
		}
		rep.Count(&fr)
		if streamErr == nil {
			streamErr = stream.WriteFile(&fr)
		}
	})
	bar.finish()
	if discoverErr != nil || scanErr != nil {
		rep.Summary.Partial = true
		if n := len(inputs) - rep.Summary.Scanned; n > 0 {
			skipped[skipInterrupted] += n
		}
	}
	if len(skipped) > 0 {
		rep.Summary.Skipped = skipped
	}
	if ignore != nil {
		rep.Summary.Ignore = ignore.Summary()
	}
	if baseline != nil {
		rep.Summary.Baseline = &baseSum
	}
	if ecfg.Cache != nil {
		st := eng.CacheStats()
		log.Info("results cache", "hits", st.Hits, "misses", st.Misses, "write-errors", st.Errors)
	}

	// An interrupted scan still writes a whole, valid report of what it
	// scanned: the writers get a context that is not cancelled.
	wctx := context.WithoutCancel(ctx)
	if stream != nil {
		err = streamErr
		if err == nil {
			err = stream.Finish(rep)
		}
	} else {
		rep.Sort()
		err = w.Write(wctx, out, rep)
	}
	if err != nil {
		closeOut(false)
		return fmt.Errorf("writing the report: %w", err)
	}
	if err := closeOut(true); err != nil {
		return fmt.Errorf("writing the report: %w", err)
	}
	switch {
	case ctx.Err() != nil:
		return ctx.Err()
	case failing > 0:
		return findingsError{code: cfg.ExitCode, files: failing, level: cfg.FailOn}
	case rep.Summary.Errors > 0:
		err := fmt.Errorf("%w: %d of %d", errUnreadable, rep.Summary.Errors, rep.Summary.Files)
		if cfg.UnreadableExitCode != exitUnreadable {
			// A batch job may count a finished scan with error entries as
			// a success (0), not as a failed pod to retry.
			return unreadableCode{err, cfg.UnreadableExitCode}
		}
		return err
	}
	return nil
}

// cutShort reports whether a file's scan was stopped by the interrupt
// rather than finished: its result is not the file's answer.
func cutShort(fr *reports.FileResult) bool {
	for _, e := range fr.Errors {
		if e.Code == "timeout" || e.Code == "interrupted" {
			return true
		}
	}
	return false
}

// ignoreList reads --ignore-file, or ./.provcheckignore.yaml when present.
func (c *Config) ignoreList() (*reports.IgnoreList, error) {
	file := c.IgnoreFile
	if file == "" {
		if _, err := os.Stat(reports.DefaultIgnoreFile); err != nil {
			return nil, nil
		}
		file = reports.DefaultIgnoreFile
	}
	l, err := reports.LoadIgnore(file, now())
	if err != nil {
		return nil, usageError{err}
	}
	return l, nil
}

// openCache opens the results cache; a cache that cannot be opened only
// costs speed, so it is a warning, not a failure.
func (c *Config) openCache(ctx context.Context, log *slog.Logger, stores *storeEnv) (engine.Cache, error) {
	if c.NoCache {
		return nil, nil
	}
	if objects.IsURL(c.CacheDir) {
		return stores.openObjectCache(ctx, c.CacheDir, log)
	}
	return c.openLocalCache(log), nil
}

func (c *Config) openLocalCache(log *slog.Logger) engine.Cache {
	dir := c.CacheDir
	if dir == "" {
		d, err := cache.DefaultDir()
		if err != nil {
			log.Warn("results cache off", "err", err)
			return nil
		}
		dir = d
	}
	d, err := cache.Open(dir)
	if err != nil {
		log.Warn("results cache off", "err", err)
		return nil
	}
	return d
}

// openOutput opens the report destination. A file is written beside its
// final name and renamed into place, so an interrupted scan never leaves a
// half-written report where a good one was. A destination that exists and is
// not a regular file (/dev/null, /dev/stdout, a FIFO a pipeline reads) is
// written in place: renaming over it would replace a device with a plain
// file, and as root that breaks /dev/null for the whole machine.
func openOutput(path string, stdout io.Writer) (io.Writer, func(commit bool) error, error) {
	if path == "" || path == "-" {
		return stdout, func(bool) error { return nil }, nil
	}
	if st, err := os.Stat(path); err == nil && !st.Mode().IsRegular() {
		if st.IsDir() {
			return nil, nil, usagef("output %s: is a folder", path)
		}
		f, err := os.OpenFile(path, os.O_WRONLY, 0)
		if err != nil {
			return nil, nil, usagef("output %s: %w", path, err)
		}
		return f, func(bool) error { return f.Close() }, nil
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return nil, nil, usagef("output %s: %w", path, err)
	}
	return tmp, func(commit bool) error {
		// CreateTemp makes the file private (0600); a report is an ordinary
		// file that others (a web server, a colleague) may need to read.
		cerr := tmp.Chmod(0o644)
		err := errors.Join(cerr, tmp.Close())
		if err != nil || !commit {
			os.Remove(tmp.Name())
			return err
		}
		return os.Rename(tmp.Name(), path)
	}, nil
}
