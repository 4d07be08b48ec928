package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

	"github.com/provcheck/provcheck/detectors"
	"github.com/provcheck/provcheck/detectors/engine"
	"github.com/provcheck/provcheck/provenance/c2pa"
	"github.com/provcheck/provcheck/provenance/container"
	"github.com/provcheck/provcheck/reports"
)

func newInspectCmd() *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "inspect [flags] FILE",
		Short: "Show a file's whole C2PA manifest store: manifests, assertions, ingredients, signatures, status codes",
		Long: `Show a file's whole C2PA manifest store (embedded, or NAME.c2pa beside it):
every manifest with its claim and assertions, the ingredient tree, the signature
and certificate chain, and the validation status codes, as an indented tree
(--format text) or as JSON (--format json).`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if format != "text" && format != "json" {
				return usagef("inspect: format %q: want text or json", format)
			}
			cfg, err := loadConfig(cmd.Flags())
			if err != nil {
				return err
			}
			settings, err := cfg.settings()
			if err != nil {
				return err
			}
			return runInspect(cmd, args[0], format, cfg.MaxFileSize, &settings)
		},
	}
	// inspect's --format is its own (text or json), not the report format
	// key, so a config file's format: html does not reach it.
	cmd.Flags().StringVarP(&format, "format", "f", "text", "text or json")
	addFlags(cmd.Flags(), cmdInspect)
	return cmd
}

// runInspect reads the file and runs the same walk and C2PA stage as a
// scan, with the same settings, so inspect and scan agree on the state.
func runInspect(cmd *cobra.Command, path, format string, maxSize int64, s *detectors.Settings) error {
	f, err := os.Open(path) // read-only
	if err != nil {
		return fmt.Errorf("%w: %w", errUnreadable, err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxSize+1))
	if err != nil {
		return fmt.Errorf("%w: %s: %w", errUnreadable, path, err)
	}
	if int64(len(data)) > maxSize {
		return fmt.Errorf("%w: %s is larger than %d bytes", errUnreadable, path, maxSize)
	}
	inv, _ := container.Walk(cmd.Context(), data, s.Limits)
	ck := engine.CheckC2PA(cmd.Context(), s, path, data, inv)
	in := c2pa.Inspect(ck, s.C2PA)
	out := cmd.OutOrStdout()
	if format == "json" {
		enc := json.NewEncoder(out)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(in)
	}
	// The tree is laid out as plain lines; long values (hashes, URLs,
	// certificate names) wrap under their line's indentation.
	ww := &reports.WrapWriter{W: out, Width: terminalWidth(out)}
	if err := c2pa.WriteTree(ww, in); err != nil {
		return err
	}
	return ww.Flush()
}
