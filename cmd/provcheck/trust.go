package main

import (
	"encoding/json"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/provcheck/provcheck/provenance/trust"
	"github.com/provcheck/provcheck/reports"
)

func newTrustCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "trust",
		Short: "The trust lists that decide whether a C2PA signer is trusted",
		Args:  cobra.NoArgs,
	}
	cmd.AddCommand(newTrustListCmd())
	return cmd
}

func newTrustListCmd() *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "list [flags]",
		Short: "List every trust list in use: embedded snapshots and your own anchors, with their certificates",
		Long: `List every trust list a scan with this configuration uses: the embedded
snapshots of the official C2PA Trust List, the C2PA TSA Trust List and the
CAI interim trust list (anchors and allowed certificates), then the PEM files
given with trust-anchors and allowed-list. For each list: its source, the
date of the snapshot, the SHA-256 of the file and, per certificate, its
subject, SHA-256 fingerprint and validity. -f json prints the same as JSON.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if format != "table" && format != "json" {
				return usagef("trust list: format %q: want table or json", format)
			}
			cfg, err := loadConfig(cmd.Flags())
			if err != nil {
				return err
			}
			s, err := cfg.settings()
			if err != nil {
				return err
			}
			return writeTrustList(cmd, s.Trust, format)
		},
	}
	// Its --format is its own, not the report format key.
	cmd.Flags().StringVarP(&format, "format", "f", "table", "table or json")
	addKeyFlags(cmd.Flags(), "trust-anchors", "allowed-list")
	return cmd
}

// trustListEntry is one list file with its certificates, as -f json
// prints it.
type trustListEntry struct {
	trust.ListFile
	Certificates []trust.CertEntry `json:"certificates"`
}

func writeTrustList(cmd *cobra.Command, ts *trust.Store, format string) error {
	out := cmd.OutOrStdout()
	files := ts.Files()
	if format == "json" {
		lists := make([]trustListEntry, 0, len(files))
		for _, f := range files {
			lists = append(lists, trustListEntry{ListFile: f, Certificates: f.Certificates()})
		}
		enc := json.NewEncoder(out)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(map[string]any{"lists": lists})
	}
	width := terminalWidth(out)
	rows := [][]string{{"LIST", "KIND", "SNAPSHOT", "CERTS", "FILE"}}
	for _, f := range files {
		snap := f.Snapshot
		if f.User {
			snap = "(yours)"
		}
		rows = append(rows, []string{f.Name, f.Kind, snap, fmt.Sprint(f.Count), f.File})
	}
	if err := reports.WriteColumns(out, width, rows); err != nil {
		return err
	}
	// Each list's certificates follow as wrapped lines: a subject, then
	// its validity and fingerprint, which a table could not fit in 80
	// columns.
	ww := &reports.WrapWriter{W: out, Width: width}
	for _, f := range files {
		src := f.Source
		if f.User {
			src = "your file " + f.File
		}
		fmt.Fprintf(ww, "\n%s %s (%s):\n  source: %s\n  file sha256: %s\n", f.Name, f.Kind, f.File, src, f.SHA256)
		for _, c := range f.Certificates() {
			if c.Error != "" {
				fmt.Fprintf(ww, "  (a certificate this build cannot read: %s)\n    sha256 %s\n", c.Error, c.SHA256)
				continue
			}
			fmt.Fprintf(ww, "  %s\n    valid %s to %s, sha256 %s\n", c.Subject, day(c.NotBefore), day(c.NotAfter), c.SHA256)
		}
	}
	return ww.Flush()
}

// day keeps the date of an RFC 3339 time.
func day(t string) string {
	if len(t) > 10 {
		return t[:10]
	}
	return t
}

// toolTrust records the trust lists of a store for the report's tool
// section.
func toolTrust(ts *trust.Store) *reports.ToolTrust {
	if ts == nil {
		return nil
	}
	out := &reports.ToolTrust{Lists: []reports.TrustListUsed{}, UserAdded: ts.UserAdded()}
	for _, f := range ts.Files() {
		out.Lists = append(out.Lists, reports.TrustListUsed{Name: f.Name, Kind: f.Kind, File: f.File, Snapshot: f.Snapshot,
			SHA256: f.SHA256, Count: f.Count, User: f.User})
	}
	return out
}
