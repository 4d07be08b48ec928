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

// Formats of inspect.
const (
	inspectText   = "text"
	inspectJSON   = "json"
	inspectDetail = "json-detail"
)

func newInspectCmd() *cobra.Command {
	var format, manifest string
	cmd := &cobra.Command{
		Use:   "inspect [flags] FILE",
		Short: "Show a file's whole C2PA manifest store: manifests, assertions, ingredients, signatures, status codes",
		Long: `Show a file's whole C2PA manifest store (embedded, or NAME.c2pa beside it):
every manifest with its claim and assertions, the ingredient tree, the signature
and certificate chain, and the validation status codes.

Formats:
  text         an indented tree (the default)
  json         the C2PA SDK reader's JSON, as c2patool prints it (active_manifest,
               manifests, validation_status, validation_results, validation_state),
               marked "provcheckInspect": "1"; provcheck's own state is under "provcheck"
  json-detail  provcheck's full view: claims, every assertion, certificate chains,
               identities, store layout (the JSON inspect printed before json
               followed the SDK)

--manifest STORE.c2pa validates a manifest store kept apart from the file (a
remote manifest downloaded separately) against FILE, offline, as a NAME.c2pa
sidecar is validated; the file's own embedded store is then not read.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if format != inspectText && format != inspectJSON && format != inspectDetail {
				return usagef("inspect: format %q: want text, json or json-detail", format)
			}
			cfg, err := loadConfig(cmd.Flags())
			if err != nil {
				return err
			}
			settings, err := cfg.settings()
			if err != nil {
				return err
			}
			return runInspect(cmd, args[0], manifest, format, cfg.MaxFileSize, &settings)
		},
	}
	// inspect's --format is its own, not the report format key, so a
	// config file's format: html does not reach it.
	cmd.Flags().StringVarP(&format, "format", "f", inspectText, "text, json (the C2PA SDK's reader JSON) or json-detail (provcheck's full view)")
	cmd.Flags().StringVar(&manifest, "manifest", "", "validate this manifest store file (a downloaded remote manifest) against FILE instead of FILE's own")
	addFlags(cmd.Flags(), cmdInspect)
	return cmd
}

// runInspect reads the file and runs the same walk and C2PA stage as a
// scan, with the same settings, so inspect and scan agree on the state.
// A manifest given with --manifest is validated on the same path as a
// sidecar.
func runInspect(cmd *cobra.Command, path, manifest, format string, maxSize int64, s *detectors.Settings) error {
	data, err := readLimited(path, maxSize)
	if err != nil {
		return err
	}
	inv, _ := container.Walk(cmd.Context(), data, s.Limits)
	var ck *c2pa.Checked
	if manifest != "" {
		limit := s.C2PA.MaxStoreSize
		if limit <= 0 {
			limit = c2pa.DefaultLimits.MaxStoreSize
		}
		store, err := readLimited(manifest, int64(limit))
		if err != nil {
			return err
		}
		ck = engine.CheckC2PAStore(cmd.Context(), s, manifest, store, data, inv)
	} else {
		ck = engine.CheckC2PA(cmd.Context(), s, path, data, inv)
	}
	out := cmd.OutOrStdout()
	if format != inspectText {
		var v any = c2pa.Reader(ck, s.C2PA)
		if format == inspectDetail {
			v = c2pa.Inspect(ck, s.C2PA)
		}
		enc := json.NewEncoder(out)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(v)
	}
	in := c2pa.Inspect(ck, s.C2PA)
	// The tree is laid out as plain lines; long values (hashes, URLs,
	// certificate names) wrap under their line's indentation.
	ww := &reports.WrapWriter{W: out, Width: terminalWidth(out)}
	if err := c2pa.WriteTree(ww, in); err != nil {
		return err
	}
	return ww.Flush()
}

// readLimited reads a whole file (read-only) of at most max bytes.
func readLimited(path string, max int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", errUnreadable, err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %w", errUnreadable, path, err)
	}
	if int64(len(data)) > max {
		return nil, fmt.Errorf("%w: %s is larger than %d bytes", errUnreadable, path, max)
	}
	return data, nil
}
