// Package corpus finds the shared sample corpus for tests, and decides what
// a test does when it is not there.
//
// The corpus (images, C2PA files and labelled texts with their licences) is
// not part of the repository: it lives at ../shared/corpus beside the
// checkout. A test that needs it asks this package for a path; when the path
// is missing the test is skipped with a message starting "corpus missing:",
// or fails when PROVCHECK_REQUIRE_CORPUS is set (CI sets it whenever
// ../shared is there, so a partly missing corpus cannot pass unnoticed).
// Going through one package is also what lets the report command
// (go run ./internal/corpus/report) count the tests that need the corpus.
package corpus

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// RequireEnv is the switch that turns a missing corpus into a failure.
const RequireEnv = "PROVCHECK_REQUIRE_CORPUS"

// SkipPrefix starts every skip message of a corpus-backed test.
const SkipPrefix = "corpus missing:"

var (
	rootOnce sync.Once
	root     string
	rootErr  error
)

// Root is the corpus folder, ../shared/corpus beside the module's root
// (the folder holding go.mod, found upwards from the working directory,
// which go test sets to the package's folder).
func Root() (string, error) {
	rootOnce.Do(func() {
		dir, err := os.Getwd()
		if err != nil {
			rootErr = err
			return
		}
		mod, err := ModuleRoot(dir)
		if err != nil {
			rootErr = err
			return
		}
		root = filepath.Join(filepath.Dir(mod), "shared", "corpus")
	})
	return root, rootErr
}

// ModuleRoot is the nearest folder at or above dir that holds a go.mod.
func ModuleRoot(dir string) (string, error) {
	for d := dir; ; {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return d, nil
		}
		up := filepath.Dir(d)
		if up == d {
			return "", fmt.Errorf("no go.mod at or above %s", dir)
		}
		d = up
	}
}

// Path is the corpus path elem (joined below the corpus folder). When it
// does not exist the test is skipped, or fails with PROVCHECK_REQUIRE_CORPUS
// set; any other error to stat it fails the test.
func Path(tb testing.TB, elem ...string) string {
	tb.Helper()
	r, err := Root()
	if err != nil {
		tb.Fatalf("corpus: %v", err)
	}
	p := filepath.Join(append([]string{r}, elem...)...)
	if _, err := os.Stat(p); err != nil {
		missing(tb, p, err)
	}
	return p
}

// Read is the content of the corpus file elem, with Path's rules.
func Read(tb testing.TB, elem ...string) []byte {
	tb.Helper()
	b, err := os.ReadFile(Path(tb, elem...))
	if err != nil {
		tb.Fatalf("corpus: %v", err)
	}
	return b
}

// Has reports whether the corpus path elem exists, for tests that use it
// when it is there and something else when not (they are not skipped).
func Has(elem ...string) (string, bool) {
	r, err := Root()
	if err != nil {
		return "", false
	}
	p := filepath.Join(append([]string{r}, elem...)...)
	_, err = os.Stat(p)
	return p, err == nil
}

func missing(tb testing.TB, p string, err error) {
	tb.Helper()
	switch {
	case !errors.Is(err, os.ErrNotExist):
		tb.Fatalf("corpus: %v", err)
	case os.Getenv(RequireEnv) != "":
		tb.Fatalf("corpus: %s is missing and %s is set", p, RequireEnv)
	default:
		tb.Skipf("%s %s (put the shared corpus at ../shared/corpus beside the checkout: see the README's Quick start)", SkipPrefix, p)
	}
}
