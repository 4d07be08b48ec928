package main

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"

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
			cfg, err := loadConfig(cmd.Flags())
			if err != nil {
				return err
			}
			w, err := cfg.writer()
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
			decisions, err := cfg.decisions()
			if err != nil {
				return err
			}
			for i := range rep.Files {
				decisions.Apply(&rep.Files[i])
			}
			rep.Sort()
			out, closeOut, err := openDest(cmd.Context(), &storeEnv{}, cfg.Output, cfg.Format, cmd.OutOrStdout())
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
	addFlags(cmd.Flags(), cmdConvert)
	return cmd
}
