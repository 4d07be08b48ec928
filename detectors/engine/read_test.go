package engine

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
)

func TestReadCapped(t *testing.T) {
	dir := t.TempDir()
	rng := rand.New(rand.NewPCG(3, 4))
	write := func(name string, n int) (string, []byte) {
		data := make([]byte, n)
		for i := range data {
			data[i] = byte(rng.Uint32())
		}
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return p, data
	}
	// One buffer for every file, as a worker uses it: a large file, then
	// smaller ones that must not show the larger one's bytes, then a larger
	// one that makes it grow.
	buf := new(fileBuffer)
	for _, n := range []int{70_000, 0, 1, 4095, 4096, 65_537, 300_001} {
		p, want := write("f", n)
		got, size, err := readCapped(p, 1<<20, buf)
		if err != nil {
			t.Fatalf("%d bytes: %v", n, err)
		}
		if size != int64(n) || !bytes.Equal(got, want) {
			t.Fatalf("%d bytes: read %d bytes (size %d), content equal %v", n, len(got), size, bytes.Equal(got, want))
		}
	}
	if c := cap(buf.b); c&(c-1) != 0 {
		t.Errorf("buffer capacity %d is not a power of two", c)
	}

	p, _ := write("big", 2000)
	if _, size, err := readCapped(p, 1999, buf); !errors.Is(err, errTooLarge) || size != 2000 {
		t.Errorf("over the cap: size %d, err %v; want %v", size, err, errTooLarge)
	}
	if _, _, err := readCapped(p, 2000, buf); err != nil {
		t.Errorf("at the cap: %v", err)
	}
	if _, _, err := readCapped(dir, 1<<20, buf); err == nil {
		t.Error("a folder was read as a file")
	}
	if _, _, err := readCapped(filepath.Join(dir, "missing"), 1<<20, buf); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
}

func TestFileSHA256(t *testing.T) {
	data := make([]byte, 3*hashChunk+65)
	for i := range data {
		data[i] = byte(i * 7)
	}
	for _, n := range []int{0, 1, 63, 64, hashChunk - 1, hashChunk, hashChunk + 1, 3*hashChunk + 65} {
		if got, want := fileSHA256(data[:n]), sha256.Sum256(data[:n]); got != want {
			t.Errorf("%d bytes: %x, want %x", n, got, want)
		}
	}
}

// oneByteReader hands out a stream one byte per Read, the worst case for
// a reader that grows its buffer.
type oneByteReader struct{ n, max int }

func (r *oneByteReader) Read(p []byte) (int, error) {
	if r.n >= r.max {
		return 0, io.EOF
	}
	p[0] = byte(r.n)
	r.n++
	return 1, nil
}

func TestReadStream(t *testing.T) {
	for _, grow := range []bool{false, true} {
		read := readStream
		if grow {
			read = readStreamGrow
		}
		for _, n := range []int{0, 1, 999, 1000, 1001, 5000} {
			data, release, err := read(&oneByteReader{max: n}, 1000)
			switch {
			case n > 1000:
				if !errors.Is(err, errTooLarge) || data != nil {
					t.Errorf("grow %v, %d bytes over a 1000-byte cap: err %v", grow, n, err)
				}
			case err != nil || len(data) != n:
				t.Errorf("grow %v, %d bytes: got %d, err %v", grow, n, len(data), err)
			default:
				for i, c := range data {
					if c != byte(i) {
						t.Fatalf("grow %v, %d bytes: byte %d is %d", grow, n, i, c)
					}
				}
			}
			release()
		}
	}
}
