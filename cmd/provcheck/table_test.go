package main

import (
	"os"
	"path/filepath"
	"testing"

	sharedcorpus "github.com/provcheck/provcheck/internal/corpus"
	"github.com/provcheck/provcheck/reports/reportstest"
)

// TestTableFitsColumns scans the samples (and the shared corpus when it is
// there) as a table at $COLUMNS widths: no line is wider, and no message,
// advice or reason is cut.
func TestTableFitsColumns(t *testing.T) {
	paths := []string{filepath.Join("..", "..", "testdata", "samples")}
	if corpus, ok := sharedcorpus.Has("text"); ok && !testing.Short() {
		paths = append(paths, corpus)
	}
	saved := filepath.Join(t.TempDir(), "r.json")
	args := append([]string{"scan", "--no-cache", "-o", saved}, paths...)
	if code, _, stderr := provcheck(t, "", args...); code != exitOK && code != exitUnreadable {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	data, err := os.ReadFile(saved)
	if err != nil {
		t.Fatal(err)
	}
	rep := decode(t, string(data))
	for _, cols := range []string{"60", "100"} {
		t.Run(cols, func(t *testing.T) {
			t.Setenv("COLUMNS", cols)
			code, table, stderr := provcheck(t, "", "convert", "-f", "table", saved)
			if code != exitOK {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			w := 60
			if cols == "100" {
				w = 100
			}
			reportstest.CheckTableFits(t, table, &rep, w)
		})
	}
	t.Run("detectors", func(t *testing.T) {
		t.Setenv("COLUMNS", "80")
		_, out, _ := provcheck(t, "", "detectors")
		reportstest.CheckTableFits(t, out, nil, 80)
	})
}
