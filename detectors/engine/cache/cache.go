// Package cache is a file-based, content-addressed store for scan results.
// Each entry is one small file named by its key. Writes go to a temporary
// file in the same folder and are renamed into place, so two scans sharing
// the folder never see half an entry: at worst both compute the same
// result and one rename wins.
package cache

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// layout is bumped when the on-disk layout changes; old entries are then
// simply never read again.
const layout = "v1"

// maxEntry bounds what Get reads: a damaged or planted file cannot make a
// scan allocate more.
const maxEntry = 16 << 20

// Dir is a cache folder. It is safe for concurrent use, also by several
// processes.
type Dir struct {
	root string
}

// DefaultDir is provcheck's folder in the user cache directory
// (~/.cache/provcheck on Linux).
func DefaultDir() (string, error) {
	base, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("cache: no user cache folder: %w", err)
	}
	return filepath.Join(base, "provcheck"), nil
}

// Open creates the folder if needed.
func Open(root string) (*Dir, error) {
	dir := filepath.Join(root, layout)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("cache: %w", err)
	}
	return &Dir{root: dir}, nil
}

// Root is the folder entries live in.
func (d *Dir) Root() string { return d.root }

var errBadKey = errors.New("cache: key must be 64 lower-case hex digits")

func validKey(key string) bool {
	if len(key) != 64 {
		return false
	}
	for i := 0; i < len(key); i++ {
		c := key[i]
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

func (d *Dir) path(key string) string {
	return filepath.Join(d.root, key[:2], key[2:])
}

// Get returns the entry for key. A missing, unreadable or oversized entry is
// a miss; the caller checks the content (a corrupt entry is also a miss,
// and the caller's next Put replaces it).
func (d *Dir) Get(key string) ([]byte, bool) {
	if !validKey(key) {
		return nil, false
	}
	f, err := os.Open(d.path(key))
	if err != nil {
		return nil, false
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxEntry+1))
	if err != nil || len(data) > maxEntry {
		return nil, false
	}
	return data, true
}

// Put stores value under key atomically.
func (d *Dir) Put(key string, value []byte) error {
	if !validKey(key) {
		return errBadKey
	}
	if len(value) > maxEntry {
		return fmt.Errorf("cache: entry of %d bytes over the %d-byte limit", len(value), maxEntry)
	}
	final := d.path(key)
	dir := filepath.Dir(final)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("cache: %w", err)
	}
	tmp, err := os.CreateTemp(dir, ".tmp-*")
	if err != nil {
		return fmt.Errorf("cache: %w", err)
	}
	_, werr := tmp.Write(value)
	cerr := tmp.Close()
	if err := errors.Join(werr, cerr); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("cache: writing %s: %w", key, err)
	}
	if err := os.Rename(tmp.Name(), final); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("cache: %w", err)
	}
	return nil
}
