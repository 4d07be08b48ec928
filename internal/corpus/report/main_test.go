package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/provcheck/provcheck/internal/corpus"
)

func TestSummary(t *testing.T) {
	tests := []corpus.Test{
		{Dir: "a", Name: "TestA", Subs: []string{"images"}},
		{Dir: "a", Name: "TestB", Subs: []string{"text"}},
		{Dir: "b", Name: "TestC"},
	}
	dir := filepath.Join(t.TempDir(), "corpus")
	for _, c := range []struct {
		make []string // folders to create; nil: no corpus at all
		want string
	}{
		{nil, "corpus: ../shared/corpus is missing, so 3 corpus-backed tests in 2 packages were skipped"},
		{[]string{"images"}, "corpus: ../shared/corpus lacks text, so at least 1 of 3 corpus-backed tests were skipped (or failed)"},
		{[]string{"images", "text"}, "corpus: ../shared/corpus is there; 3 corpus-backed tests in 2 packages used it"},
	} {
		for _, m := range c.make {
			if err := os.MkdirAll(filepath.Join(dir, m), 0o755); err != nil {
				t.Fatal(err)
			}
		}
		got := summary(tests, dir, "../shared/corpus")
		if !strings.HasPrefix(got, c.want) || strings.Contains(got, "\n") {
			t.Errorf("with %v: %q, want it to start %q (one line)", c.make, got, c.want)
		}
	}
}
