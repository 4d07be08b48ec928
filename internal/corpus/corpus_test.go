package corpus

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// recorder stands in for a test, to see whether Path skipped or failed it.
type recorder struct {
	testing.TB
	skipped, failed string
}

type stop struct{}

func (r *recorder) Helper() {}
func (r *recorder) Skipf(format string, args ...any) {
	r.skipped = fmt.Sprintf(format, args...)
	panic(stop{})
}
func (r *recorder) Fatalf(format string, args ...any) {
	r.failed = fmt.Sprintf(format, args...)
	panic(stop{})
}

func call(f func(tb testing.TB)) (r *recorder) {
	r = &recorder{}
	defer func() {
		if v := recover(); v != nil && v != (stop{}) {
			panic(v)
		}
	}()
	f(r)
	return r
}

// TestMissingSkipsOrFails: a missing corpus path skips the test, with the
// message the README quotes, and fails it when PROVCHECK_REQUIRE_CORPUS is
// set.
func TestMissingSkipsOrFails(t *testing.T) {
	missing := func(tb testing.TB) { Path(tb, "no such folder, ever") }
	t.Setenv(RequireEnv, "")
	r := call(missing)
	if !strings.HasPrefix(r.skipped, SkipPrefix) || r.failed != "" {
		t.Errorf("without %s: skipped %q, failed %q", RequireEnv, r.skipped, r.failed)
	}
	t.Setenv(RequireEnv, "1")
	r = call(missing)
	if r.skipped != "" || !strings.Contains(r.failed, RequireEnv) {
		t.Errorf("with %s: skipped %q, failed %q", RequireEnv, r.skipped, r.failed)
	}
	if _, ok := Has("no such folder, ever"); ok {
		t.Error("Has found a missing path")
	}
}

// TestRootBesideModule: the corpus is looked for beside the module's root.
func TestRootBesideModule(t *testing.T) {
	r, err := Root()
	if err != nil {
		t.Fatal(err)
	}
	mod, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(filepath.Dir(mod), "shared", "corpus"); r != want {
		t.Errorf("Root() = %s, want %s", r, want)
	}
}

// TestTestsCounts counts the corpus tests of a small module: direct calls,
// calls through helpers (in another file of the folder, under an import
// alias), and tests that never reach the corpus; a nested module is left out.
func TestTestsCounts(t *testing.T) {
	root := t.TempDir()
	files := map[string]string{
		"go.mod": "module example.com/m\n",
		"a/helpers_test.go": `package a
import c "` + ImportPath + `"
func dir(t *testing.T) string { return c.Path(t, "images") }
`,
		"a/a_test.go": `package a
func TestViaHelper(t *testing.T) { _ = dir(t) }
func TestPlain(t *testing.T) {}
func BenchmarkViaHelper(b *testing.B) { _ = dir(nil) }
func helper2() { _ = dir(nil) }
func TestTwoSteps(t *testing.T) { helper2() }
`,
		"b/b_test.go": `package b_test
import "` + ImportPath + `"
func TestDirect(t *testing.T) { corpus.Read(t, "text/labels.csv") }
func FuzzDirect(f *testing.F) { corpus.Path(f) }
func Testlower(t *testing.T) { corpus.Path(t) }
`,
		"nested/go.mod":        "module example.com/nested\n",
		"nested/n_test.go":     "package n\nimport \"" + ImportPath + "\"\nfunc TestN(t *testing.T) { corpus.Path(t) }\n",
		"a/testdata/x_test.go": "package x\nimport \"" + ImportPath + "\"\nfunc TestX(t *testing.T) { corpus.Path(t) }\n",
	}
	for name, src := range files {
		p := filepath.Join(root, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	tests, err := Tests(root)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, x := range tests {
		got = append(got, fmt.Sprintf("%s %s %v", x.Dir, x.Name, x.Subs))
	}
	want := []string{"a TestTwoSteps [images]", "a TestViaHelper [images]", "b FuzzDirect []", "b TestDirect [text]"}
	if !slices.Equal(got, want) {
		t.Errorf("Tests:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestEveryCorpusTestGoesThroughPath: no test file outside this package
// names the corpus folder itself, so every corpus-backed test skips (or
// fails) the same way and is counted by the report.
func TestEveryCorpusTestGoesThroughPath(t *testing.T) {
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if n := d.Name(); p != root && (n == "testdata" || strings.HasPrefix(n, ".")) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(p, "_test.go") || strings.HasPrefix(p, filepath.Join(root, "internal", "corpus")+string(filepath.Separator)) {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), p, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			s, _ := strconv.Unquote(lit.Value)
			// A path, not a message that mentions one.
			if s == "shared" || strings.Contains(s, "shared/corpus") && !strings.Contains(s, " ") {
				rel, _ := filepath.Rel(root, p)
				t.Errorf("%s: names the corpus folder (%q); use corpus.Path, Read or Has", rel, s)
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestModuleHasCorpusTests: the counting finds the module's corpus tests,
// including those that reach Path through a folder's own helper.
func TestModuleHasCorpusTests(t *testing.T) {
	tests, err := Tests(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	have := map[string]bool{}
	for _, x := range tests {
		have[x.Dir+" "+x.Name] = true
	}
	for _, want := range []string{
		"detectors/forensics TestCorpusHistoryCalibration", // through corpusDir(t)
		"provenance/container TestCorpusRIFFTIFFBMFF",      // through rtbReadCorpus
		"detectors/text TestCorpus",                        // direct
	} {
		if !have[want] {
			t.Errorf("not counted: %s", want)
		}
	}
	if len(tests) < 20 {
		t.Errorf("only %d corpus tests counted", len(tests))
	}
}
