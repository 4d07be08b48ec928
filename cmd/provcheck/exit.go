package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"

	"github.com/provcheck/provcheck/reports"
)

// Exit codes, documented in the README. When several apply, the first in
// this order wins: interrupted, usage, findings (--fail-on), unreadable.
const (
	exitOK          = 0 // the scan finished, nothing reached --fail-on
	exitFailure     = 1 // an unexpected failure (writing the report, ...)
	exitFindings    = 1 // default --exit-code: a file reached --fail-on
	exitUsage       = 2 // bad flags, arguments or configuration
	exitUnreadable  = 3 // the scan finished but some files could not be read
	exitInterrupted = 130
)

// failLevels are the values of --fail-on.
var failLevels = []string{"review", "ai-suspected", "ai-declared", "ai-verified", "manipulated"}

// reaches reports whether a file reaches a --fail-on level. An AI level
// also matches the stronger AI verdicts: a CI job failing on suspected AI
// certainly fails on declared or verified AI.
func reaches(f *reports.FileResult, level string) bool {
	v := f.Verdict
	switch level {
	case "review":
		return f.Review
	case "ai-suspected":
		return slices.Contains([]reports.Verdict{reports.VerdictAISuspected, reports.VerdictAIDeclared, reports.VerdictAIVerified}, v)
	case "ai-declared":
		return v == reports.VerdictAIDeclared || v == reports.VerdictAIVerified
	case "ai-verified":
		return v == reports.VerdictAIVerified
	case "manipulated":
		return v == reports.VerdictManipulated
	}
	return false
}

// usageError marks errors that are the caller's to fix.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func usagef(format string, args ...any) error { return usageError{fmt.Errorf(format, args...)} }

// errUnreadable says the report was written but some files failed.
var errUnreadable = errors.New("some files could not be read")

// findingsError says the report was written and files reached --fail-on.
type findingsError struct {
	code  int
	files int
	level []string
}

func (e findingsError) Error() string {
	return fmt.Sprintf("%d file(s) reached --fail-on %v", e.files, e.level)
}

// exitCode maps an error from a command to the process exit code, in one
// place, so commands never call os.Exit.
func exitCode(err error, stderr io.Writer) int {
	if err == nil {
		return exitOK
	}
	var ue usageError
	var fe findingsError
	switch {
	case errors.Is(err, context.Canceled):
		fmt.Fprintln(stderr, "provcheck: interrupted; the report covers the files scanned so far")
		return exitInterrupted
	case errors.As(err, &ue):
		fmt.Fprintln(stderr, "provcheck:", err)
		return exitUsage
	case errors.As(err, &fe):
		fmt.Fprintln(stderr, "provcheck:", err)
		return fe.code
	case errors.Is(err, errUnreadable):
		fmt.Fprintln(stderr, "provcheck:", err)
		var uc unreadableCode
		if errors.As(err, &uc) {
			return uc.code
		}
		return exitUnreadable
	}
	fmt.Fprintln(stderr, "provcheck:", err)
	return exitFailure
}

// unreadableCode carries --unreadable-exit-code with errUnreadable.
type unreadableCode struct {
	err  error
	code int
}

func (c unreadableCode) Error() string { return c.err.Error() }
func (c unreadableCode) Unwrap() error { return c.err }
