package main

import (
	"context"
	"io"
	"strings"

	"github.com/spf13/cobra"
)

// run builds the command tree and runs it; it returns the exit code.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	root := newRootCmd(stdin, stdout, stderr)
	root.SetArgs(args)
	cmd, err := root.ExecuteContextC(ctx)
	if err != nil && cmd != nil && isCobraUsageError(err) {
		err = usageError{err}
	}
	return exitCode(err, stderr)
}

// isCobraUsageError recognises cobra's own argument and flag errors, which
// carry no type of their own.
func isCobraUsageError(err error) bool {
	msg := err.Error()
	for _, p := range []string{"unknown flag", "unknown shorthand flag", "unknown command", "flag needs an argument", "invalid argument", "accepts ", "requires at least", "bad flag syntax"} {
		if strings.Contains(msg, p) {
			return true
		}
	}
	return false
}

func newRootCmd(stdin io.Reader, stdout, stderr io.Writer) *cobra.Command {
	root := &cobra.Command{
		Use:   "provcheck",
		Short: "Tell what a file can and cannot prove about its origin",
		Long: `provcheck scans images and text for every provenance declaration and trace it can
find (C2PA Content Credentials, IPTC/XMP, EXIF, AI generator parameters, editing
software) and writes a report that says which files need a human reviewer and why.

Missing metadata never means human or authentic: "no-signals" proves nothing.`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.AddCommand(newScanCmd(), newInspectCmd(), newConvertCmd(), newDetectorsCmd(), newTrustCmd(), newServeCmd(), newMergeCmd(), newVersionCmd())
	return root
}
