package reports_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/provcheck/provcheck/reports"
	"github.com/provcheck/provcheck/reports/reportstest"
)

// TestTableFitsWidth renders the fixture at several widths: no line is
// wider than asked (down to the narrowest layout), and every message,
// piece of advice and reason appears whole.
func TestTableFitsWidth(t *testing.T) {
	r := reports.Fixture()
	for _, width := range []int{40, 60, 80, 100, 160} {
		var buf bytes.Buffer
		if err := (reports.TableWriter{Width: width}).Write(context.Background(), &buf, r); err != nil {
			t.Fatal(err)
		}
		reportstest.CheckTableFits(t, buf.String(), r, width)
	}
}
