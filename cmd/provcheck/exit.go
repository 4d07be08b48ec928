package main

import (
	"context"
	"errors"
	"fmt"
	"io"
)

// Exit codes, documented in the README.
const (
	exitOK          = 0 // the scan finished
	exitFailure     = 1 // an unexpected failure (writing the report, ...)
	exitUsage       = 2 // bad flags, arguments or configuration
	exitUnreadable  = 3 // the scan finished but some files could not be read
	exitInterrupted = 130
)

// usageError marks errors that are the caller's to fix.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func usagef(format string, args ...any) error { return usageError{fmt.Errorf(format, args...)} }

// errUnreadable says the report was written but some files failed.
var errUnreadable = errors.New("some files could not be read")

// exitCode maps an error from a command to the process exit code, in one
// place, so commands never call os.Exit.
func exitCode(err error, stderr io.Writer) int {
	if err == nil {
		return exitOK
	}
	var ue usageError
	switch {
	case errors.Is(err, errUnreadable):
		fmt.Fprintln(stderr, "provcheck:", err)
		return exitUnreadable
	case errors.Is(err, context.Canceled):
		fmt.Fprintln(stderr, "provcheck: interrupted")
		return exitInterrupted
	case errors.As(err, &ue):
		fmt.Fprintln(stderr, "provcheck:", err)
		return exitUsage
	}
	fmt.Fprintln(stderr, "provcheck:", err)
	return exitFailure
}
