package engine

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/bmatcuk/doublestar/v4"
)

// Input is one file to scan, or one path that could not be listed.
type Input struct {
	// Path is the path to open; "-" means standard input.
	Path string
	// Err is set when the path could not be listed or followed; the file is
	// then reported as an error entry, and the scan goes on.
	Err error
	// Object, when set, is where the bytes come from (object storage);
	// Path then names it (s3://bucket/key).
	Object Object
	// NoSidecar is set when discovery listed the file's folder and saw no
	// NAME.c2pa beside it, so the C2PA stage need not try to open one.
	NoSidecar bool
}

// Filter selects files by glob. Patterns use doublestar syntax ("**/*.png")
// and are matched against the path relative to the root given on the
// command line, and against the base name, so "*.png" works at any depth.
type Filter struct {
	Include []string
	Exclude []string
	// FollowSymlinks walks symbolic links found inside folders. Without
	// it they are skipped (SkipSymlink): a link in a folder of received
	// files can point anywhere on the machine. Paths given directly are
	// always followed, as users expect.
	FollowSymlinks bool
}

// Validate checks the patterns.
func (f Filter) Validate() error {
	for _, p := range append(append([]string{}, f.Include...), f.Exclude...) {
		if !doublestar.ValidatePattern(p) {
			return fmt.Errorf("invalid glob %q", p)
		}
	}
	return nil
}

func (f Filter) match(rel string) bool {
	rel = filepath.ToSlash(rel)
	base := filepath.Base(rel)
	hit := func(pats []string) bool {
		for _, p := range pats {
			if ok, _ := doublestar.Match(p, rel); ok {
				return true
			}
			if ok, _ := doublestar.Match(p, base); ok {
				return true
			}
		}
		return false
	}
	if len(f.Include) > 0 && !hit(f.Include) {
		return false
	}
	return !hit(f.Exclude)
}

// Discover lists the files under paths in a stable order and calls yield for
// each. Folders are walked recursively. Symbolic links inside them are
// skipped unless f.FollowSymlinks; when followed, a link back into a folder
// being walked is reported as a loop instead of being walked forever. A sidecar manifest (NAME.c2pa beside an asset NAME.*)
// found in a folder is not yielded: it is read with its asset.
func Discover(ctx context.Context, paths []string, f Filter, yield func(Input)) error {
	return DiscoverSkips(ctx, paths, f, yield, nil)
}

// Reasons a discovered file is not scanned, as counted in a report summary.
const (
	SkipExcluded   = "excluded"     // an --include or --exclude glob left it out
	SkipNotRegular = "not-regular"  // a socket, device or pipe
	SkipSidecar    = "c2pa-sidecar" // read with its asset, not on its own
	SkipSymlink    = "symlink"      // a symbolic link inside a folder, not followed without --follow-symlinks
)

// DiscoverSkips is Discover that also reports every file it leaves out and
// why, so that a summary can account for each file found.
func DiscoverSkips(ctx context.Context, paths []string, f Filter, yield func(Input), skip func(path, reason string)) error {
	if skip == nil {
		skip = func(string, string) {}
	}
	for _, p := range paths {
		if err := ctx.Err(); err != nil {
			return err
		}
		if p == "-" {
			yield(Input{Path: "-"})
			continue
		}
		st, err := os.Stat(p)
		if err != nil {
			yield(Input{Path: p, Err: err})
			continue
		}
		if !st.IsDir() {
			// A file named explicitly is scanned even if a glob would skip it.
			yield(Input{Path: p})
			continue
		}
		if err := walkDir(ctx, p, p, f, []os.FileInfo{st}, yield, skip); err != nil {
			return err
		}
	}
	return nil
}

const maxDirDepth = 256

func walkDir(ctx context.Context, root, dir string, f Filter, ancestors []os.FileInfo, yield func(Input), skip func(string, string)) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		yield(Input{Path: dir, Err: fmt.Errorf("listing folder: %w", err)})
		// ReadDir returns the entries read before the error; go on with them.
	}
	assets := map[string]bool{}
	sidecars := map[string]bool{}
	for _, e := range entries {
		stem := strings.TrimSuffix(e.Name(), filepath.Ext(e.Name()))
		if strings.EqualFold(filepath.Ext(e.Name()), ".c2pa") {
			sidecars[stem] = true
		} else {
			assets[stem] = true
		}
	}
	for _, e := range entries {
		p := filepath.Join(dir, e.Name())
		if e.Type()&fs.ModeSymlink != 0 && !f.FollowSymlinks {
			skip(p, SkipSymlink)
			continue
		}
		info, err := os.Stat(p) // follows symlinks when asked to
		if err != nil {
			if e.Type()&fs.ModeSymlink != 0 {
				err = fmt.Errorf("broken or looping symbolic link: %w", err)
			}
			yield(Input{Path: p, Err: err})
			continue
		}
		if info.IsDir() {
			if loopsBack(info, ancestors) {
				yield(Input{Path: p, Err: errors.New("symbolic link loop: this folder is already being walked")})
				continue
			}
			if len(ancestors) >= maxDirDepth {
				yield(Input{Path: p, Err: fmt.Errorf("folder nesting deeper than %d", maxDirDepth)})
				continue
			}
			if err := walkDir(ctx, root, p, f, append(ancestors, info), yield, skip); err != nil {
				return err
			}
			continue
		}
		if !info.Mode().IsRegular() {
			skip(p, SkipNotRegular)
			continue // sockets, devices, pipes: not files a user means to scan
		}
		name := e.Name()
		if strings.EqualFold(filepath.Ext(name), ".c2pa") && assets[strings.TrimSuffix(name, filepath.Ext(name))] {
			skip(p, SkipSidecar)
			continue
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			rel = p
		}
		if !f.match(rel) {
			skip(p, SkipExcluded)
			continue
		}
		// A .c2pa file has no sidecar of its own.
		noSidecar := strings.EqualFold(filepath.Ext(name), ".c2pa") || !sidecars[strings.TrimSuffix(name, filepath.Ext(name))]
		yield(Input{Path: p, NoSidecar: noSidecar})
	}
	return nil
}

func loopsBack(info os.FileInfo, ancestors []os.FileInfo) bool {
	for _, a := range ancestors {
		if os.SameFile(info, a) {
			return true
		}
	}
	return false
}
