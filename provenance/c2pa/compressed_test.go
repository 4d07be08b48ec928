package c2pa

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"testing"

	"github.com/andybalholm/brotli"

	"github.com/provcheck/provcheck/provenance/container"
)

func testBox(typ string, payload ...[]byte) []byte {
	n := 8
	for _, p := range payload {
		n += len(p)
	}
	b := binary.BigEndian.AppendUint32(nil, uint32(n))
	b = append(b, typ...)
	for _, p := range payload {
		b = append(b, p...)
	}
	return b
}

func testSuperbox(tag, label string, children ...[]byte) []byte {
	uuid := append([]byte(tag), 0x00, 0x11, 0x00, 0x10, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71)
	desc := testBox("jumd", uuid, []byte{0x03}, []byte(label), []byte{0})
	return testBox("jumb", append([][]byte{desc}, children...)...)
}

// compressedStore is a store of one compressed manifest whose brob box
// inflates to n zero bytes.
func compressedStore(t *testing.T, n int) []byte {
	t.Helper()
	var z bytes.Buffer
	w := brotli.NewWriterLevel(&z, brotli.BestSpeed)
	w.Write(make([]byte, n))
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	brob := testBox("brob", []byte("jumb"), z.Bytes())
	return testSuperbox("c2pa", "c2pa", testSuperbox("c2cm", "urn:uuid:00000000-0000-4000-8000-000000000001", brob))
}

// A compressed manifest draws on the file's decompression allowance, as
// every other decompression from the file does: a store under the
// per-box cap still cannot inflate past what the file has left.
func TestCompressedManifestAllowance(t *testing.T) {
	store := compressedStore(t, 8<<20)
	lim := Limits{MaxBrotli: 64 << 20}

	allow := container.NewAllowance(1 << 20)
	_, err := ReadStoreContext(container.WithAllowance(t.Context(), allow), store, lim)
	if !errors.Is(err, ErrLimit) || !errors.Is(err, container.ErrAllowance) {
		t.Fatalf("err = %v, want the file's allowance", err)
	}
	if used := allow.Used(); used > 1<<20+64<<10 {
		t.Errorf("charged %d bytes to an allowance of %d: bytes were produced past it", used, 1<<20)
	}

	// The per-box cap still holds on its own.
	_, err = ReadStoreContext(t.Context(), store, Limits{MaxBrotli: 1 << 20})
	if !errors.Is(err, ErrLimit) || errors.Is(err, container.ErrAllowance) {
		t.Fatalf("err = %v, want the per-box cap", err)
	}

	// Within both, the bytes are read (and found not to be a manifest).
	allow = container.NewAllowance(64 << 20)
	_, err = ReadStoreContext(container.WithAllowance(t.Context(), allow), store, lim)
	if errors.Is(err, ErrLimit) {
		t.Fatalf("err = %v within the limits", err)
	}
	if allow.Used() != 8<<20 {
		t.Errorf("charged %d bytes for 8 MiB inflated", allow.Used())
	}
}

// A box flood stops at the file's time limit.
func TestParseJUMBFContext(t *testing.T) {
	children := make([][]byte, 5000)
	for i := range children {
		children[i] = testBox("free")
	}
	store := testSuperbox("c2pa", "c2pa", children...)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := ReadStoreContext(ctx, store, Limits{}); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want the context's", err)
	}
}
