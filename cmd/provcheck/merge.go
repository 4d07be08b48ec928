package main

import (
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/provcheck/provcheck/detectors/engine/objects"
	"github.com/provcheck/provcheck/reports"
)

func newMergeCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "merge [flags] REPORT...",
		Short: "Join JSON or NDJSON reports (the shards of one scan) into one report",
		Long: `Join reports saved with --format json or ndjson (the shards of a --shard scan,
or the runs of a batch) into one report in any format: files sorted by path, the
summary recomputed. Reports written by another provcheck version or with other
settings are refused unless --force. A file found in more than one report is
kept once (from the first report named) and listed on standard error. A
truncated NDJSON report (a killed job) keeps every whole line; what is dropped
is said on standard error, and the merged summary is marked partial.

Files are held in a temporary file (in $TMPDIR), not in memory, while the
reports are read: json, ndjson, csv and html are written one file at a time;
table, sarif and template formats hold the merged report in memory.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := loadConfig(cmd.Flags())
			if err != nil {
				return err
			}
			return runMerge(cmd, cfg, args)
		},
	}
	addFlags(cmd.Flags(), cmdMerge)
	return cmd
}

// maxListedDuplicates bounds the duplicate paths named on standard error.
const maxListedDuplicates = 20

func runMerge(cmd *cobra.Command, cfg *Config, names []string) error {
	stderr := cmd.ErrOrStderr()
	w, err := cfg.writer()
	if err != nil {
		return err
	}
	// The files go to a spill file as they are read, and only their paths
	// stay in memory: a merge of a whole archive's shards needs little
	// more memory than one shard's scan.
	m, err := reports.NewMerger("")
	if err != nil {
		return err
	}
	defer m.Close()
	stores := &storeEnv{}
	// Reports are comparable when version and settings agree (the trust
	// lists are part of the settings hash).
	type kind struct{ version, settings string }
	kinds := map[kind][]string{}
	var tool *reports.Tool
	partial := false
	for _, name := range names {
		head, err := addReport(cmd, stores, m, name)
		if err != nil {
			return err
		}
		if tool == nil || tool.Version == "" && head.Tool.Version != "" {
			tool = &head.Tool
		}
		if head.Tool.Version == "" {
			fmt.Fprintf(stderr, "provcheck: merge: %s has no summary record (a run cut short): its tool version and settings are unknown\n", name)
			partial = true
			continue
		}
		k := kind{head.Tool.Version, head.Tool.Settings}
		kinds[k] = append(kinds[k], name)
	}
	if len(kinds) > 1 {
		var b strings.Builder
		for t, files := range kinds {
			fmt.Fprintf(&b, "\n  provcheck %s, settings %s: %s", t.version, t.settings, strings.Join(files, ", "))
		}
		if !cfg.Force {
			return usagef("merge: the reports come from different provcheck versions or settings, so their verdicts are not comparable (--force merges them anyway):%s", b.String())
		}
		fmt.Fprintf(stderr, "provcheck: merge: --force: merging reports from different versions or settings:%s\n", b.String())
	}
	merged := &reports.Report{SchemaVersion: reports.SchemaVersion, Tool: *tool, CreatedAt: now(), Summary: m.Summary()}
	merged.Summary.Partial = merged.Summary.Partial || partial
	if dups := m.Duplicates(); len(dups) > 0 {
		fmt.Fprintf(stderr, "provcheck: merge: %d file(s) appear in more than one report; each is kept once, from the first report that has it:\n", len(dups))
		for i, d := range dups {
			if i == maxListedDuplicates {
				fmt.Fprintf(stderr, "  ... and %d more\n", len(dups)-i)
				break
			}
			in := make([]string, len(d.Reports))
			for j, k := range d.Reports {
				in[j] = names[k]
			}
			fmt.Fprintf(stderr, "  %s (in %s)\n", d.Path, strings.Join(in, ", "))
		}
	}
	out, closeOut, err := openDest(cmd.Context(), stores, cfg.Output, cfg.Format, cmd.OutOrStdout())
	if err != nil {
		return err
	}
	err = reports.WriteSeq(cmd.Context(), w, out, merged, m.Files())
	if err == nil {
		err = m.Err()
	}
	if err != nil {
		closeOut(false)
		return fmt.Errorf("writing the report: %w", err)
	}
	if err := closeOut(true); err != nil {
		return fmt.Errorf("writing the report: %w", err)
	}
	return nil
}

// addReport adds one report to merge (a file, - for standard input, or
// an object), saying on stderr which lines of a damaged NDJSON report were
// dropped.
func addReport(cmd *cobra.Command, stores *storeEnv, m *reports.Merger, name string) (*reports.Report, error) {
	stderr := cmd.ErrOrStderr()
	in := cmd.InOrStdin()
	switch {
	case objects.IsURL(name):
		rc, err := stores.openObjectInput(cmd.Context(), name)
		if err != nil {
			return nil, fmt.Errorf("merge: %w", err)
		}
		defer rc.Close()
		in = rc
	case name != "-":
		f, err := os.Open(name)
		if err != nil {
			return nil, usagef("merge: %w", err)
		}
		defer f.Close()
		in = f
	}
	head, dropped, err := m.Add(in)
	if err != nil {
		return nil, usagef("merge: %s: %w", name, err)
	}
	for _, d := range dropped {
		fmt.Fprintf(stderr, "provcheck: merge: %s: dropped line %d (%d bytes): %s\n", name, d.Line, d.Bytes, d.Reason)
	}
	return head, nil
}
