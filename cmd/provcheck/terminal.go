package main

import (
	"io"
	"os"
	"strconv"

	"golang.org/x/term"

	"github.com/provcheck/provcheck/reports"
)

// terminalWidth is the width text output is laid out for: the terminal's
// when out is one, else $COLUMNS (set by shells, and by a user who wants a
// width in a pipe), else reports.DefaultWidth.
func terminalWidth(out io.Writer) int {
	if f, ok := out.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		if w, _, err := term.GetSize(int(f.Fd())); err == nil && w > 0 {
			return w
		}
	}
	if n, err := strconv.Atoi(os.Getenv("COLUMNS")); err == nil && n > 0 {
		return n
	}
	return reports.DefaultWidth
}

// useColor says whether text output to out may carry ANSI colours: only on
// a terminal, and never when NO_COLOR is set to anything (no-color.org) or
// the terminal says it is dumb.
func useColor(out io.Writer) bool {
	if os.Getenv("NO_COLOR") != "" || os.Getenv("TERM") == "dumb" {
		return false
	}
	f, ok := out.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// fitOutput lays the table format out for where it goes: the terminal's
// width and colours, or $COLUMNS in a pipe or file.
func fitOutput(w reports.Writer, out io.Writer) reports.Writer {
	if tw, ok := w.(reports.TableWriter); ok {
		tw.Width, tw.Color = terminalWidth(out), useColor(out)
		return tw
	}
	return w
}
