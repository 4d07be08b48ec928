package cache

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

func key(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

func TestPutGet(t *testing.T) {
	d, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := d.Get(key("a")); ok {
		t.Fatal("hit in an empty cache")
	}
	if err := d.Put(key("a"), []byte("one")); err != nil {
		t.Fatal(err)
	}
	if err := d.Put(key("a"), []byte("two")); err != nil {
		t.Fatal(err)
	}
	if got, ok := d.Get(key("a")); !ok || string(got) != "two" {
		t.Fatalf("got %q %v", got, ok)
	}
	leftovers, _ := filepath.Glob(filepath.Join(d.Root(), "*", ".tmp-*"))
	if len(leftovers) > 0 {
		t.Errorf("temporary files left: %v", leftovers)
	}
}

func TestBadKeys(t *testing.T) {
	d, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"", "../../etc/passwd", key("a")[:63], key("a") + "0", "Z" + key("a")[1:], "../" + key("a")[3:]} {
		if err := d.Put(k, []byte("x")); err == nil {
			t.Errorf("Put(%q) accepted", k)
		}
		if _, ok := d.Get(k); ok {
			t.Errorf("Get(%q) hit", k)
		}
	}
	if err := d.Put(key("big"), make([]byte, maxEntry+1)); err == nil {
		t.Error("oversized entry accepted")
	}
	// A planted oversized file is a miss, not a huge allocation.
	p := d.path(key("planted"))
	os.MkdirAll(filepath.Dir(p), 0o700)
	os.WriteFile(p, make([]byte, maxEntry+10), 0o600)
	if _, ok := d.Get(key("planted")); ok {
		t.Error("oversized planted entry read")
	}
}

// TestConcurrentWriters has many writers race on the same keys, as two
// scans sharing a folder do: every read sees one whole value.
func TestConcurrentWriters(t *testing.T) {
	root := t.TempDir()
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			d, err := Open(root) // each its own handle, like separate processes
			if err != nil {
				t.Error(err)
				return
			}
			for i := range 50 {
				k := key(fmt.Sprint(i % 5))
				val := bytes.Repeat([]byte{byte('a' + w)}, 4096)
				if err := d.Put(k, val); err != nil {
					t.Error(err)
					return
				}
				if got, ok := d.Get(k); ok && (len(got) != 4096 || bytes.Count(got, got[:1]) != 4096) {
					t.Errorf("torn entry: %d bytes", len(got))
					return
				}
			}
		}()
	}
	wg.Wait()
}
