package container

import (
	"archive/zip"
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"
)

// checkDocInventory holds for every walk of a document, whatever the input.
func checkDocInventory(t *testing.T, inv *Inventory, n int) {
	t.Helper()
	if !utf8.ValidString(inv.Body) {
		t.Fatalf("Body is not valid UTF-8")
	}
	for _, s := range inv.Segments {
		if s.Offset < 0 || s.Length < 0 || s.Offset+s.Length > int64(n) {
			t.Fatalf("segment %+v outside %d bytes", s, n)
		}
	}
	for _, e := range inv.Text {
		if e.Offset < 0 || e.Offset > int64(n)*3 {
			t.Fatalf("text entry %+v offset outside the input", e)
		}
	}
}

var fuzzDocLimits = Limits{MaxInflate: 1 << 20, MaxBlocks: 10_000, MaxDepth: 32}.withDefaults()

func FuzzHTML(f *testing.F) {
	f.Add([]byte(sampleHTML))
	f.Add([]byte("<html><body>1 < 2 <script>x"))
	f.Add([]byte(`<html><meta name='generator' content="x &amp; y"><p>a&nbsp;b</p>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		inv := &Inventory{}
		if err := walkHTML(t.Context(), inv, data, fuzzDocLimits); err != nil {
			t.Fatalf("walkHTML: %v", err)
		}
		checkDocInventory(t, inv, len(data))
		// Visible text never grows past the decoded document (character
		// references only shrink, but a Windows-1252 byte becomes up to
		// three bytes).
		if len(inv.Body) > 3*len(data)+1 {
			t.Fatalf("Body %d bytes from %d", len(inv.Body), len(data))
		}
		if strings.Contains(inv.Body, "<script") {
			t.Fatalf("script tag in the visible text: %q", inv.Body)
		}
	})
}

func FuzzDOCX(f *testing.F) {
	f.Add(sampleDOCX(f))
	f.Add(buildDOCX(f, [2]string{"word/document.xml", docxDocument("a\tb")}, [2]string{"docProps/custom.xml", docxCustom}))
	f.Add(buildDOCX(f, [2]string{"word/document.xml", "<w:document><w:p><w:t>unclosed"}))
	f.Add(buildManyDOCX(f, 20, nil))
	f.Add(append([]byte("PK\x03\x04stub"), buildManyDOCX(f, 2, nil)...))
	f.Fuzz(func(t *testing.T, data []byte) {
		inv := &Inventory{}
		if err := walkDOCX(t.Context(), inv, data, fuzzDocLimits); err != nil {
			return // not an archive we can read: fine, as long as it does not panic
		}
		checkDocInventory(t, inv, len(data))
		if int64(len(inv.Body)) > fuzzDocLimits.MaxInflate {
			t.Fatalf("Body %d bytes past the inflate limit", len(inv.Body))
		}
	})
}

// FuzzZipDirectory checks the in-place directory reader against
// archive/zip: whenever archive/zip opens an archive, both list the same
// entries, at the same data offsets.
func FuzzZipDirectory(f *testing.F) {
	f.Add(sampleDOCX(f))
	f.Add(buildManyDOCX(f, 20, nil))
	f.Add(append(bytes.Repeat([]byte{'x'}, 64), buildManyDOCX(f, 2, nil)...))
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := findZipDirectory(data)
		zr, zerr := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if zerr != nil || len(zr.File) > 1000 {
			return
		}
		if err != nil {
			t.Fatalf("archive/zip reads %d entries; findZipDirectory: %v", len(zr.File), err)
		}
		i := 0
		d.entries(data, func(e zipEntry) bool {
			if i >= len(zr.File) {
				t.Fatalf("entry %d %q past archive/zip's %d", i, e.name, len(zr.File))
			}
			f := zr.File[i]
			if string(e.name) != f.Name || e.compressed != f.CompressedSize64 {
				t.Fatalf("entry %d: %q %d bytes, archive/zip %q %d", i, e.name, e.compressed, f.Name, f.CompressedSize64)
			}
			if off, ok := e.dataOffset(data); ok {
				if want, err := f.DataOffset(); err == nil && want != off {
					t.Fatalf("entry %q data at %d, archive/zip %d", f.Name, off, want)
				}
			}
			i++
			return true
		})
		if i != len(zr.File) {
			t.Fatalf("%d entries, archive/zip %d", i, len(zr.File))
		}
	})
}

func FuzzPDF(f *testing.F) {
	f.Add(samplePDF(f))
	f.Add(objStmPDF(f))
	f.Add([]byte("%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Kids [2 0 R 1 0 R] >>\nendobj\ntrailer\n<< /Root 1 0 R /Info 1 0 R >>\n"))
	for _, s := range pdfTextSeeds(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		inv := &Inventory{}
		if err := walkPDF(t.Context(), inv, data, fuzzDocLimits); err != nil {
			return
		}
		checkDocInventory(t, inv, len(data))
		if int64(len(inv.Body)) > fuzzDocLimits.MaxInflate {
			t.Fatalf("Body %d bytes past the inflate limit", len(inv.Body))
		}
		for _, x := range inv.XMP {
			if int64(len(x.Data)) > fuzzDocLimits.MaxInflate {
				t.Fatalf("XMP of %d bytes past the inflate limit", len(x.Data))
			}
		}
	})
}
