package engine

import (
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func discover(t *testing.T, paths []string, f Filter) (ok []string, failed map[string]string) {
	t.Helper()
	failed = map[string]string{}
	err := Discover(t.Context(), paths, f, func(in Input) {
		if in.Err != nil {
			failed[filepath.Base(in.Path)] = in.Err.Error()
			return
		}
		ok = append(ok, filepath.Base(in.Path))
	})
	if err != nil {
		t.Fatal(err)
	}
	return ok, failed
}

func tree(t *testing.T, files ...string) string {
	t.Helper()
	dir := t.TempDir()
	for _, f := range files {
		p := filepath.Join(dir, f)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestDiscoverFilters(t *testing.T) {
	dir := tree(t, "a.png", "b.jpg", "sub/c.png", "sub/deeper/d.txt", "skip/e.png")
	tests := []struct {
		name string
		f    Filter
		want []string
	}{
		{"all", Filter{}, []string{"a.png", "b.jpg", "c.png", "d.txt", "e.png"}},
		{"include base-name glob", Filter{Include: []string{"*.png"}}, []string{"a.png", "c.png", "e.png"}},
		{"include path glob", Filter{Include: []string{"sub/**"}}, []string{"c.png", "d.txt"}},
		{"exclude folder", Filter{Exclude: []string{"skip/**"}}, []string{"a.png", "b.jpg", "c.png", "d.txt"}},
		{"include and exclude", Filter{Include: []string{"**/*.png"}, Exclude: []string{"sub/**"}}, []string{"a.png", "e.png"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, failed := discover(t, []string{dir}, tt.f)
			slices.Sort(got)
			if !slices.Equal(got, tt.want) || len(failed) > 0 {
				t.Fatalf("got %v (failed %v), want %v", got, failed, tt.want)
			}
		})
	}
}

func TestDiscoverExplicitFileIgnoresGlobs(t *testing.T) {
	dir := tree(t, "a.txt")
	got, _ := discover(t, []string{filepath.Join(dir, "a.txt")}, Filter{Include: []string{"*.png"}})
	if !slices.Equal(got, []string{"a.txt"}) {
		t.Fatalf("got %v", got)
	}
}

func TestDiscoverSymlinkLoopAndBrokenLink(t *testing.T) {
	dir := tree(t, "sub/a.png")
	if err := os.Symlink(dir, filepath.Join(dir, "sub", "loop")); err != nil {
		t.Skip("symlinks not supported:", err)
	}
	if err := os.Symlink(filepath.Join(dir, "missing"), filepath.Join(dir, "dangling.png")); err != nil {
		t.Fatal(err)
	}
	got, failed := discover(t, []string{dir}, Filter{FollowSymlinks: true})
	if !slices.Equal(got, []string{"a.png"}) {
		t.Errorf("files %v", got)
	}
	if !strings.Contains(failed["loop"], "loop") {
		t.Errorf("loop not reported: %v", failed)
	}
	if !strings.Contains(failed["dangling.png"], "symbolic link") {
		t.Errorf("dangling link not reported: %v", failed)
	}
}

func TestDiscoverSkipsSidecarBesideAsset(t *testing.T) {
	dir := tree(t, "photo.jpg", "photo.c2pa", "lonely.c2pa")
	got, _ := discover(t, []string{dir}, Filter{})
	slices.Sort(got)
	if !slices.Equal(got, []string{"lonely.c2pa", "photo.jpg"}) {
		t.Fatalf("got %v", got)
	}
}

func TestDiscoverMissingPath(t *testing.T) {
	_, failed := discover(t, []string{filepath.Join(t.TempDir(), "nope")}, Filter{})
	if len(failed) != 1 {
		t.Fatalf("failed = %v", failed)
	}
}

func TestDiscoverUnreadableFolder(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("permissions do not bind root")
	}
	dir := tree(t, "locked/a.png", "b.png")
	if err := os.Chmod(filepath.Join(dir, "locked"), 0); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(filepath.Join(dir, "locked"), 0o755) })
	got, failed := discover(t, []string{dir}, Filter{})
	if !slices.Equal(got, []string{"b.png"}) || failed["locked"] == "" {
		t.Fatalf("got %v failed %v", got, failed)
	}
}

// TestDiscoverKnowsSidecars: a file whose folder listing shows no
// NAME.c2pa is marked so, and the C2PA stage opens none for it; a file
// with one beside it, or one named on its own, is not.
func TestDiscoverKnowsSidecars(t *testing.T) {
	dir := tree(t, "photo.jpg", "photo.C2PA", "other.jpg", "lonely.c2pa")
	noSidecar := map[string]bool{}
	err := Discover(t.Context(), []string{dir, filepath.Join(dir, "other.jpg")}, Filter{}, func(in Input) {
		key := filepath.Base(in.Path)
		if _, seen := noSidecar[key]; seen {
			key += " (named)"
		}
		noSidecar[key] = in.NoSidecar
	})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{"photo.jpg": false, "other.jpg": true, "lonely.c2pa": true, "other.jpg (named)": false}
	if !maps.Equal(noSidecar, want) {
		t.Errorf("NoSidecar = %v, want %v", noSidecar, want)
	}
}

// Symbolic links inside a scanned folder are skipped with a reason unless
// asked for; a link named on the command line is followed.
func TestDiscoverSymlinksNotFollowedInFolders(t *testing.T) {
	outside := tree(t, "secret.txt", "elsewhere/b.png")
	dir := tree(t, "a.png")
	for name, target := range map[string]string{"file-link.txt": "secret.txt", "dir-link": "elsewhere"} {
		if err := os.Symlink(filepath.Join(outside, target), filepath.Join(dir, name)); err != nil {
			t.Skip("symlinks not supported:", err)
		}
	}
	skipped := map[string]string{}
	var got []string
	err := DiscoverSkips(t.Context(), []string{dir, filepath.Join(dir, "file-link.txt")}, Filter{},
		func(in Input) { got = append(got, filepath.Base(in.Path)) },
		func(path, reason string) { skipped[filepath.Base(path)] = reason })
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(got)
	if !slices.Equal(got, []string{"a.png", "file-link.txt"}) {
		t.Errorf("files %v: only a.png from the folder, and the link named directly", got)
	}
	if skipped["file-link.txt"] != SkipSymlink || skipped["dir-link"] != SkipSymlink {
		t.Errorf("skipped %v", skipped)
	}
	got, _ = discover(t, []string{dir}, Filter{FollowSymlinks: true})
	slices.Sort(got)
	if !slices.Equal(got, []string{"a.png", "b.png", "file-link.txt"}) {
		t.Errorf("with FollowSymlinks: %v", got)
	}
}
