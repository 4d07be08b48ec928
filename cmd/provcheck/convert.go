package main

import (
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/provcheck/provcheck/detectors/engine"
	"github.com/provcheck/provcheck/provenance/container"
	"github.com/provcheck/provcheck/reports"
)

func newConvertCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "convert [flags] REPORT",
		Short: "Render a saved JSON or NDJSON report in another format",
		Long: `Render a report saved with --format json or ndjson (- reads standard input) in
another format, so a job scans once and writes HTML, CSV and SARIF from one scan.

HTML previews are made from the files the report names when they are still
there with the same content.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			fs := cmd.Flags()
			format, _ := fs.GetString("format")
			output, _ := fs.GetString("output")
			tmpl, _ := fs.GetString("template")
			maxFile, _ := fs.GetInt64("max-file-size")
			maxPix, _ := fs.GetInt64("max-pixels")
			if format == "" {
				format = "table"
				if f, ok := reports.FormatForPath(output); ok && output != "-" {
					format = f
				}
			}
			w, err := newWriter(format, tmpl, maxFile, maxPix)
			if err != nil {
				return err
			}
			in := cmd.InOrStdin()
			if args[0] != "-" {
				f, err := os.Open(args[0])
				if err != nil {
					return usagef("report: %w", err)
				}
				defer f.Close()
				in = f
			}
			rep, err := reports.Read(in)
			if err != nil {
				return usagef("%s: %w", args[0], err)
			}
			rep.Sort()
			out, closeOut, err := openOutput(output, cmd.OutOrStdout())
			if err != nil {
				return err
			}
			if err := fitOutput(w, out).Write(cmd.Context(), out, rep); err != nil {
				closeOut(false)
				return fmt.Errorf("writing the report: %w", err)
			}
			if err := closeOut(true); err != nil {
				return fmt.Errorf("writing the report: %w", err)
			}
			return nil
		},
	}
	fs := cmd.Flags()
	fs.StringP("format", "f", "", "report format: "+strings.Join(reports.FormatNames(), ", ")+" (default: from the --output extension, else table)")
	fs.StringP("output", "o", "-", "write the report to this file (- for standard output)")
	fs.String("template", "", "Go text/template file for --format template")
	fs.Int64("max-file-size", engine.DefaultMaxFileSize, "HTML previews: skip files larger than this many bytes")
	fs.Int64("max-pixels", container.DefaultLimits.MaxPixels, "HTML previews: never decode images with more pixels than this")
	return cmd
}
