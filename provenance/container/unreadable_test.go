package container

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"
)

// A file whose container cannot be walked at all is an error; one that was
// read in part keeps what was read and carries warnings.
func TestWalkUnreadable(t *testing.T) {
	docx := sampleDOCX(t)
	png := pngFile(pngIHDR(2, 2, 8, 2), pngChunkBytes("tEXt", []byte("Software\x00x")), pngIEND())
	tests := []struct {
		name     string
		data     []byte
		want     error // nil: readable
		warnings bool  // readable, with damage warnings
	}{
		{"PNG signature only", pngSignature, ErrTruncated, false},
		{"PNG cut inside IHDR", png[:12], ErrTruncated, false},
		{"PNG of one byte", png[:1], ErrTruncated, false},
		{"PNG cut inside the signature", png[:5], ErrTruncated, false},
		{"PNG cut after IHDR", png[:8+25], nil, true},
		{"PNG one byte short", png[:len(png)-1], nil, true},
		{"whole PNG", png, nil, false},
		{"JPEG with only SOI", []byte{0xFF, 0xD8, 0xFF}, ErrTruncated, false},
		{"JPEG SOI then junk", []byte{0xFF, 0xD8, 0xFF, 0xE0, 0x00}, ErrTruncated, false},
		{"ZIP cut in half", docx[:len(docx)/2], ErrMalformed, false},
		{"ZIP header alone", []byte("PK\x03\x04 and nothing like an archive"), ErrMalformed, false},
		{"whole DOCX", docx, nil, false},
		{"unknown bytes", []byte{0x01, 0x02, 0x03, 0x04, 0x00, 0xFE}, nil, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			inv, err := Walk(t.Context(), tc.data, Limits{})
			switch {
			case tc.want == nil && err != nil:
				t.Fatalf("walk failed: %v", err)
			case tc.want != nil && !errors.Is(err, tc.want):
				t.Fatalf("err = %v, want %v (format %s, warnings %v)", err, tc.want, inv.Format, inv.Warnings)
			}
			if tc.want == nil && hasDamage(inv) != tc.warnings {
				t.Errorf("damage warnings %v, want %v", inv.Warnings, tc.warnings)
			}
		})
	}
}

func hasDamage(inv *Inventory) bool {
	return hasWarning(inv, "truncated") || hasWarning(inv, "malformed")
}

// buildManyDOCX is a DOCX whose document part comes after n empty entries.
func buildManyDOCX(t testing.TB, n int, stub []byte) []byte {
	t.Helper()
	var b bytes.Buffer
	b.Write(stub)
	zw := zip.NewWriter(&b)
	zw.SetOffset(int64(len(stub)))
	for i := range n {
		if _, err := zw.CreateHeader(&zip.FileHeader{Name: fmt.Sprintf("word/media/e%d.bin", i), Method: zip.Store}); err != nil {
			t.Fatal(err)
		}
	}
	for _, p := range [][2]string{{"docProps/core.xml", docxCore}, {"word/document.xml", docxDocument("Past the cap.")}} {
		w, err := zw.Create(p[0])
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(p[1]))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// An archive of more entries than the cap is still a DOCX: its parts are
// read wherever they sit, the layout holds the first entries, and a
// warning says how many were not recorded.
func TestWalkDOCXManyEntries(t *testing.T) {
	for _, n := range []int{10, docxMaxEntries + 500} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			data := buildManyDOCX(t, n, nil)
			inv, err := Walk(t.Context(), data, Limits{})
			if err != nil {
				t.Fatal(err)
			}
			if inv.Format != "docx" {
				t.Fatalf("format %q", inv.Format)
			}
			if inv.Body != "Past the cap.\n" || textEntries(inv, "docx:core")["dc:creator"] != "Ana Lima" {
				t.Errorf("body %q, core %v", inv.Body, textEntries(inv, "docx:core"))
			}
			if got, want := len(inv.Segments), min(n+2, docxMaxEntries); got != want {
				t.Errorf("%d segments, want %d", got, want)
			}
			var limit string
			for _, w := range inv.Warnings {
				if w.Code == "limit" {
					limit = w.Message
				}
			}
			if n > docxMaxEntries {
				if want := fmt.Sprintf("lists %d entries", n+2); !strings.Contains(limit, want) || !strings.Contains(limit, fmt.Sprintf("the other %d", n+2-docxMaxEntries)) {
					t.Errorf("limit warning %q does not say %q and how many were left", limit, want)
				}
			} else if len(inv.Warnings) != 0 {
				t.Errorf("warnings %v", inv.Warnings)
			}
		})
	}
}

// A stub before the archive (as self-extracting archives have) shifts
// every offset; the parts are read all the same.
func TestWalkDOCXPrefixed(t *testing.T) {
	// Offsets written relative to the archive, not to the file.
	data := append(bytes.Repeat([]byte{'x'}, 100), buildManyDOCX(t, 3, nil)...)
	inv := &Inventory{}
	if err := walkDOCX(t.Context(), inv, data, DefaultLimits); err != nil {
		t.Fatal(err)
	}
	if inv.Body != "Past the cap.\n" {
		t.Errorf("body %q", inv.Body)
	}
}

// The object cap says what it left unread: where the unread part of the
// file starts and how long it is, or how many objects of an object stream.
func TestWalkPDFObjectCap(t *testing.T) {
	data := samplePDF(t)
	inv := &Inventory{}
	lim := DefaultLimits
	lim.MaxBlocks = 5
	if err := walkPDF(t.Context(), inv, data, lim); err != nil {
		t.Fatal(err)
	}
	var msg string
	for _, w := range inv.Warnings {
		if w.Code == "limit" && strings.Contains(w.Message, "objects") {
			msg = w.Message
		}
	}
	start := bytes.Index(data, []byte("6 0 obj"))
	if want := fmt.Sprintf("the last %d bytes of the file (from offset %d) were not read", len(data)-start, start); !strings.Contains(msg, want) {
		t.Errorf("warning %q, want it to say %q", msg, want)
	}

	inv = &Inventory{}
	lim.MaxBlocks = 3
	if err := walkPDF(t.Context(), inv, objStmPDF(t), lim); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, w := range inv.Warnings {
		found = found || w.Code == "limit" && strings.Contains(w.Message, "in the object stream")
	}
	if !found {
		t.Errorf("no warning for objects of an object stream left out: %v", inv.Warnings)
	}
}
