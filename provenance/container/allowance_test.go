package container

import (
	"bytes"
	"compress/zlib"
	"context"
	"errors"
	"strings"
	"testing"
)

func zlibBytes(t testing.TB, data []byte) []byte {
	var b bytes.Buffer
	zw, _ := zlib.NewWriterLevel(&b, zlib.BestCompression)
	if _, err := zw.Write(data); err != nil {
		t.Fatal(err)
	}
	zw.Close()
	return b.Bytes()
}

// Many compressed chunks, each under the per-block cap, must not add up
// past the file's allowance: the walk stops inflating once it is spent,
// keeps what it read and says so once.
func TestAllowanceAcrossChunks(t *testing.T) {
	z := zlibBytes(t, make([]byte, 1<<20))
	chunks := [][]byte{pngIHDR(1, 1, 8, 2)}
	for i := 0; i < 20; i++ {
		chunks = append(chunks, pngChunkBytes("zTXt", append([]byte("k\x00\x00"), z...)))
	}
	chunks = append(chunks, pngIEND())
	data := pngFile(chunks...)
	lim := Limits{MaxInflate: 2 << 20, MaxInflateFile: 4<<20 + 100}
	a := NewAllowance(lim.MaxInflateFile)
	inv, err := Walk(WithAllowance(t.Context(), a), data, lim)
	if err != nil {
		t.Fatal(err)
	}
	var full, cut int
	for _, e := range inv.Text {
		switch {
		case len(e.Value) == 1<<20 && !e.Truncated:
			full++
		case e.Truncated:
			cut++
		}
	}
	// Four fit; the fifth is cut where the allowance ran out, and the
	// fifteen after it are not inflated at all (recorded, marked cut).
	if full != 4 || cut != 16 || len(inv.Text) != 20 {
		t.Errorf("%d values whole, %d cut, %d in all; want 4, 16, 20", full, cut, len(inv.Text))
	}
	var spent int
	for _, w := range inv.Warnings {
		if strings.Contains(w.Message, ErrAllowance.Error()) {
			spent++
		}
	}
	if spent != 1 {
		t.Errorf("%d allowance warnings in %v, want 1", spent, inv.Warnings)
	}
	if a.Used() > lim.MaxInflateFile+inflateStep {
		t.Errorf("used %d of an allowance of %d", a.Used(), lim.MaxInflateFile)
	}
}

func TestInflateStopsAtDeadline(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	zr, err := zlib.NewReader(bytes.NewReader(zlibBytes(t, make([]byte, 1<<20))))
	if err != nil {
		t.Fatal(err)
	}
	out, _, err := Inflate(ctx, zr, 16<<20)
	if !errors.Is(err, context.Canceled) || len(out) != 0 {
		t.Errorf("after cancel: %d bytes, err %v", len(out), err)
	}
}
