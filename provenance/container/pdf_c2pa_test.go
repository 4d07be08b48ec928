package container

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"strings"
	"testing"
)

// c2paPDF builds a PDF whose catalog lists an associated file holding
// store. subtype adds /Subtype /application#2Fc2pa to the stream; rel is
// the file specification's /AFRelationship (none when empty); updates
// appends incremental updates, each with a new store stream (the n-th
// holds store with the update number appended).
func c2paPDF(store []byte, subtype bool, rel string, flate bool, updates int) []byte {
	var b bytes.Buffer
	stream := func(num int, data []byte) {
		body, extra := data, ""
		if flate {
			var z bytes.Buffer
			zw := zlib.NewWriter(&z)
			zw.Write(data)
			zw.Close()
			body, extra = z.Bytes(), " /Filter /FlateDecode"
		}
		if subtype {
			extra += " /Subtype /application#2Fc2pa"
		}
		fmt.Fprintf(&b, "%d 0 obj\n<< /Type /EmbeddedFile /Length %d%s >>\nstream\n", num, len(body), extra)
		b.Write(body)
		b.WriteString("\nendstream\nendobj\n")
	}
	fileSpec := func(num, ef int) {
		r := ""
		if rel != "" {
			r = " /AFRelationship /" + rel
		}
		fmt.Fprintf(&b, "%d 0 obj\n<< /Type /Filespec /F (manifest.c2pa)%s /EF << /F %d 0 R >> >>\nendobj\n", num, r, ef)
	}
	b.WriteString("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
	b.WriteString("1 0 obj\n<< /Type /Catalog /Pages 2 0 R /AF [4 0 R] >>\nendobj\n")
	b.WriteString("2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n")
	fileSpec(4, 5)
	stream(5, store)
	b.WriteString("trailer\n<< /Root 1 0 R >>\n%%EOF\n")
	for u := 1; u <= updates; u++ {
		// An update redefines the file specification to name a new stream.
		fileSpec(4, 5+u)
		stream(5+u, append(bytes.Clone(store), byte('0'+u)))
		b.WriteString("trailer\n<< /Root 1 0 R /Prev 0 >>\n%%EOF\n")
	}
	return b.Bytes()
}

func walkCarrier(t *testing.T, data []byte) (*Inventory, *C2PACarrier) {
	t.Helper()
	inv, err := Walk(t.Context(), data, Limits{})
	if err != nil {
		t.Fatalf("walk: %v", err)
	}
	if inv.Carrier == nil || inv.Carrier.Format != "pdf" {
		t.Fatalf("carrier %+v, want a pdf carrier", inv.Carrier)
	}
	return inv, inv.Carrier
}

func TestPDFCarrier(t *testing.T) {
	store := []byte("\x00\x00\x00\x10jumbstore-bytes!")
	tests := []struct {
		name    string
		data    []byte
		want    []byte
		problem string
	}{
		{"subtype and relationship", c2paPDF(store, true, "C2PA_Manifest", false, 0), store, ""},
		{"relationship only (Adobe Express)", c2paPDF(store, false, "C2PA_Manifest", false, 0), store, ""},
		{"subtype only", c2paPDF(store, true, "", true, 0), store, ""},
		{"flate", c2paPDF(store, false, "C2PA_Manifest", true, 0), store, ""},
		{"neither mark", c2paPDF(store, false, "Data", false, 0), nil, ""},
		{"incremental updates: the newest store", c2paPDF(store, true, "C2PA_Manifest", false, 2), append(bytes.Clone(store), '2'), "3 manifest stores"},
		// Without the subtype, older stores are known only through the
		// file specification the update replaced.
		{"incremental updates, relationship only", c2paPDF(store, false, "C2PA_Manifest", false, 2), append(bytes.Clone(store), '2'), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, c := walkCarrier(t, tt.data)
			if !bytes.Equal(c.Store, tt.want) {
				t.Fatalf("store %q, want %q (problems %v)", c.Store, tt.want, c.Problems)
			}
			if tt.want != nil {
				if len(c.Parts) != 1 {
					t.Fatalf("parts %v, want one", c.Parts)
				}
				p := c.Parts[0]
				if p.Offset <= 0 || p.Offset+p.Length > int64(len(tt.data)) {
					t.Errorf("part %+v outside the file", p)
				}
			}
			if got := strings.Join(c.Problems, "; "); tt.problem == "" && got != "" || !strings.Contains(got, tt.problem) {
				t.Errorf("problems %q, want %q", got, tt.problem)
			}
		})
	}
}

func TestPDFCarrierEncrypted(t *testing.T) {
	data := c2paPDF([]byte("ciphertext"), true, "C2PA_Manifest", false, 0)
	data = bytes.Replace(data, []byte("<< /Root 1 0 R >>"), []byte("<< /Root 1 0 R /Encrypt 9 0 R >>"), 1)
	inv, c := walkCarrier(t, data)
	if c.Store != nil {
		t.Errorf("a store read from an encrypted document: %q", c.Store)
	}
	if len(c.Problems) != 1 || !strings.Contains(c.Problems[0], "encrypted") {
		t.Errorf("problems %v, want one saying the document is encrypted", c.Problems)
	}
	found := false
	for _, w := range inv.Warnings {
		found = found || w.Code == "encrypted"
	}
	if !found {
		t.Errorf("warnings %v lack an encrypted warning", inv.Warnings)
	}
}

// FuzzPDFCarrier feeds damaged PDFs that carry a store as an associated
// file: the walk must not fail on them, and whatever carrier it records
// must lie inside the file.
func FuzzPDFCarrier(f *testing.F) {
	store := []byte("\x00\x00\x00\x10jumbstore-bytes!")
	f.Add(c2paPDF(store, true, "C2PA_Manifest", false, 0))
	f.Add(c2paPDF(store, false, "C2PA_Manifest", true, 0))
	f.Add(c2paPDF(store, false, "C2PA_Manifest", false, 3))
	f.Add([]byte("%PDF-1.7\n1 0 obj\n<< /AF 2 0 R >>\nendobj\n2 0 obj\n[3 0 R 3 0 R]\nendobj\n3 0 obj\n<< /EF << /F 3 0 R /UF 1 0 R >> /AFRelationship /C2PA_Manifest >>\nendobj\ntrailer << /Root 1 0 R /Encrypt null >>"))
	f.Fuzz(func(t *testing.T, data []byte) {
		inv := &Inventory{}
		if err := walkPDF(t.Context(), inv, data, fuzzDocLimits); err != nil {
			return
		}
		checkDocInventory(t, inv, len(data))
		c := inv.Carrier
		if c == nil {
			t.Fatal("a PDF walk recorded no carrier")
		}
		if int64(len(c.Store)) > pdfMaxStore*fuzzDocLimits.MaxInflate {
			t.Fatalf("store of %d bytes past the cap", len(c.Store))
		}
		for _, p := range c.Parts {
			if p.Offset < 0 || p.Length < 0 || p.Offset+p.Length > int64(len(data)) {
				t.Fatalf("part %+v outside the %d-byte file", p, len(data))
			}
		}
	})
}
