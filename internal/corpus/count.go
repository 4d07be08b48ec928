package corpus

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// ImportPath is this package's import path, which the counting looks for.
const ImportPath = "github.com/provcheck/provcheck/internal/corpus"

// Test is one test or fuzz function that needs the corpus (benchmarks are
// not counted: go test runs them only when asked).
type Test struct {
	Dir  string   // the package's folder, relative to the module root, slash-separated
	Name string   // TestX, BenchmarkX or FuzzX
	Subs []string // the corpus folders it names (first literal argument of Path or Read)
}

// Tests lists, sorted, the test and fuzz functions of the module at root that call
// Path or Read, directly or through other functions of their folder. They
// are the tests a missing corpus skips. Folders holding a module of their
// own, testdata and hidden folders are left out.
func Tests(root string) ([]Test, error) {
	type fn struct {
		direct bool
		calls  []string
		subs   []string
	}
	pkgs := map[string]map[string]*fn{} // folder → function → facts
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			name := d.Name()
			if p != root && (name == "testdata" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")) {
				return filepath.SkipDir
			}
			if p != root {
				if _, err := os.Stat(filepath.Join(p, "go.mod")); err == nil {
					return filepath.SkipDir
				}
			}
			return nil
		}
		if !strings.HasSuffix(p, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), p, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		local := ""
		for _, im := range f.Imports {
			if path, _ := strconv.Unquote(im.Path.Value); path == ImportPath {
				local = "corpus"
				if im.Name != nil {
					local = im.Name.Name
				}
			}
		}
		rel, _ := filepath.Rel(root, filepath.Dir(p))
		dir := filepath.ToSlash(rel)
		if pkgs[dir] == nil {
			pkgs[dir] = map[string]*fn{}
		}
		for _, decl := range f.Decls {
			fd, ok := decl.(*ast.FuncDecl)
			if !ok || fd.Body == nil || fd.Recv != nil {
				continue
			}
			facts := &fn{}
			ast.Inspect(fd.Body, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok {
					return true
				}
				switch fun := call.Fun.(type) {
				case *ast.Ident:
					facts.calls = append(facts.calls, fun.Name)
				case *ast.SelectorExpr:
					if x, ok := fun.X.(*ast.Ident); ok && local != "" && x.Name == local && (fun.Sel.Name == "Path" || fun.Sel.Name == "Read") {
						facts.direct = true
						if len(call.Args) > 1 {
							if lit, ok := call.Args[1].(*ast.BasicLit); ok && lit.Kind == token.STRING {
								s, _ := strconv.Unquote(lit.Value)
								facts.subs = append(facts.subs, strings.SplitN(s, "/", 2)[0])
							}
						}
					}
				}
				return true
			})
			pkgs[dir][fd.Name.Name] = facts
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	var out []Test
	for dir, fns := range pkgs {
		// reach: the corpus folders a function's calls can name; ok: it
		// calls Path or Read at all.
		memo := map[string][]string{}
		reached := map[string]bool{}
		var visit func(name string, seen map[string]bool) bool
		visit = func(name string, seen map[string]bool) bool {
			f := fns[name]
			if f == nil || seen[name] {
				return false
			}
			seen[name] = true
			ok := f.direct
			subs := slices.Clone(f.subs)
			for _, c := range f.calls {
				if visit(c, seen) {
					ok = true
					subs = append(subs, memo[c]...)
				}
			}
			slices.Sort(subs)
			memo[name], reached[name] = slices.Compact(subs), ok
			return ok
		}
		for name := range fns {
			if !isTestName(name) {
				continue
			}
			if visit(name, map[string]bool{}) {
				out = append(out, Test{Dir: dir, Name: name, Subs: memo[name]})
			}
		}
	}
	slices.SortFunc(out, func(a, b Test) int {
		return strings.Compare(a.Dir+" "+a.Name, b.Dir+" "+b.Name)
	})
	return out, nil
}

func isTestName(name string) bool {
	for _, p := range []string{"Test", "Fuzz"} {
		if rest, ok := strings.CutPrefix(name, p); ok && name != "TestMain" {
			return rest == "" || !('a' <= rest[0] && rest[0] <= 'z')
		}
	}
	return false
}
