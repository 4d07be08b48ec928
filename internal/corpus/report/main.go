// Command report prints one line on the shared sample corpus: whether
// ../shared/corpus is there, and how many corpus-backed tests a test run
// therefore skipped. go test ./... shows nothing of a passing package, so a
// skipped corpus test is invisible in its output; run this after it
// (.ci/run does):
//
//	go run ./internal/corpus/report
//
// The count is made from the test sources (every Test or Fuzz
// function that reaches corpus.Path or corpus.Read), so it needs no test
// run, and holds whether go test ran the tests or took them from its cache.
package main

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/provcheck/provcheck/internal/corpus"
)

func main() {
	line, err := report()
	if err != nil {
		fmt.Fprintln(os.Stderr, "corpus report:", err)
		os.Exit(1)
	}
	fmt.Println(line)
}

func report() (string, error) {
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	root, err := corpus.ModuleRoot(wd)
	if err != nil {
		return "", err
	}
	tests, err := corpus.Tests(root)
	if err != nil {
		return "", err
	}
	dir := filepath.Join(filepath.Dir(root), "shared", "corpus")
	return summary(tests, dir, filepath.Join("..", "shared", "corpus")), nil
}

// summary is the one line for tests, given where the corpus should be
// (dir) and how to name that place (name).
func summary(tests []corpus.Test, dir, name string) string {
	pkgs := map[string]bool{}
	for _, t := range tests {
		pkgs[t.Dir] = true
	}
	if _, err := os.Stat(dir); err != nil {
		return fmt.Sprintf("corpus: %s is missing, so %d corpus-backed tests in %d packages were skipped (the rest ran); "+
			"put the shared corpus there to run them (README, Quick start)", name, len(tests), len(pkgs))
	}
	var missing []string
	skipped := 0
	for _, t := range tests {
		gone := false
		for _, s := range t.Subs {
			if _, err := os.Stat(filepath.Join(dir, s)); err != nil {
				gone = true
				if !slices.Contains(missing, s) {
					missing = append(missing, s)
				}
			}
		}
		if gone {
			skipped++
		}
	}
	if len(missing) > 0 {
		slices.Sort(missing)
		return fmt.Sprintf("corpus: %s lacks %s, so at least %d of %d corpus-backed tests were skipped (or failed)",
			name, strings.Join(missing, ", "), skipped, len(tests))
	}
	return fmt.Sprintf("corpus: %s is there; %d corpus-backed tests in %d packages used it", name, len(tests), len(pkgs))
}
