// Package reportstest holds checks on rendered reports shared by the tests
// of reports and of the command.
package reportstest

import (
	"strings"
	"testing"

	"github.com/provcheck/provcheck/reports"
)

// CheckTableFits fails t when a table rendering of r has a line wider than
// width columns, or lacks (whitespace aside) any signal message, advice,
// reason or decision of a file that needs review: the table wraps text, it
// never cuts it. It is shared by the reports and command tests.
func CheckTableFits(t testing.TB, table string, r *reports.Report, width int) {
	t.Helper()
	for i, l := range strings.Split(table, "\n") {
		if w := reports.Width(l); w > width {
			t.Errorf("line %d is %d columns wide, over %d: %q", i+1, w, width, l)
		}
	}
	if r == nil {
		return
	}
	flat := squash(table)
	want := func(what, s string) {
		if s = squash(reports.Clean(s)); s != "" && !strings.Contains(flat, s) {
			t.Errorf("%s missing or cut in the table: %q", what, s)
		}
	}
	for i := range r.Files {
		f := &r.Files[i]
		if f.Decision != nil {
			want("decision", f.Decision.Line())
		}
		if !f.Review {
			continue
		}
		for _, reason := range f.Reasons {
			want("reason", reason)
		}
		rk := reports.Rank(f)
		for _, s := range rk.Main() {
			want("message", s.ID+": "+s.Message)
			plain, stats := reports.SplitExplanation(s.Explanation)
			want("advice", plain)
			want("statistics", stats)
		}
	}
}

// squash drops all whitespace, so wrapped text compares with the original.
func squash(s string) string {
	return strings.Join(strings.Fields(s), "")
}
