package c2pa_test

import (
	"bytes"
	"compress/zlib"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"testing"
	"time"

	"github.com/provcheck/provcheck/provenance/c2pa"
	"github.com/provcheck/provcheck/provenance/c2pa/c2patest"
)

// testStore returns a signed store (its hard binding does not match the
// containers built here; these tests only locate it).
func testStore(t *testing.T) []byte {
	t.Helper()
	s := newSigner(t)
	fx, err := s.Make(c2patest.Options{Format: "png"})
	if err != nil {
		t.Fatal(err)
	}
	return fx.Store
}

func gifWith(store []byte) []byte {
	b := []byte("GIF89a\x01\x00\x01\x00\x00\x00\x00")
	b = append(b, 0x21, 0xFF, 11)
	b = append(b, "C2PA_GIF\x01\x00\x00"...)
	for rest := store; len(rest) > 0; {
		n := min(len(rest), 255)
		b = append(b, byte(n))
		b = append(b, rest[:n]...)
		rest = rest[n:]
	}
	b = append(b, 0)
	b = append(b, 0x2C, 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 2, 0x4C, 0x01, 0)
	return append(b, 0x3B)
}

func tiffWith(store []byte) []byte {
	b := []byte("II*\x00\x08\x00\x00\x00")
	b = binary.LittleEndian.AppendUint16(b, 1)
	b = binary.LittleEndian.AppendUint16(b, 0xCD41)
	b = binary.LittleEndian.AppendUint16(b, 7)
	b = binary.LittleEndian.AppendUint32(b, uint32(len(store)))
	b = binary.LittleEndian.AppendUint32(b, 8+2+12+4)
	b = binary.LittleEndian.AppendUint32(b, 0)
	return append(b, store...)
}

func svgWith(store []byte) []byte {
	return []byte(`<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" xmlns:c2pa="http://c2pa.org/manifest"><metadata><c2pa:manifest>` +
		base64.StdEncoding.EncodeToString(store) + `</c2pa:manifest></metadata><rect width="1" height="1"/></svg>`)
}

func mp3With(store []byte, mime string) []byte {
	frame := append([]byte{0}, mime...)
	frame = append(frame, 0)
	frame = append(frame, "c2pa\x00c2pa manifest store\x00"...)
	frame = append(frame, store...)
	f := append([]byte("GEOB"), binary.BigEndian.AppendUint32(nil, uint32(len(frame)))...)
	f = append(f, 0, 0)
	f = append(f, frame...)
	n := len(f)
	hdr := []byte{'I', 'D', '3', 3, 0, 0, byte(n >> 21 & 0x7f), byte(n >> 14 & 0x7f), byte(n >> 7 & 0x7f), byte(n & 0x7f)}
	return append(append(hdr, f...), 0xFF, 0xFB, 0x90, 0x00)
}

func jxlWith(store []byte) []byte {
	b := []byte("\x00\x00\x00\x0cJXL \r\n\x87\n")
	b = append(b, "\x00\x00\x00\x14ftypjxl \x00\x00\x00\x00jxl "...)
	b = append(b, store...) // the store is a jumb box itself
	return append(b, "\x00\x00\x00\x0cjxlc\xff\x0a\x00\x00"...)
}

func pdfWith(store []byte, flate bool) []byte {
	body, filter := store, ""
	if flate {
		var b bytes.Buffer
		zw := zlib.NewWriter(&b)
		zw.Write(store)
		zw.Close()
		body, filter = b.Bytes(), " /Filter /FlateDecode"
	}
	var b bytes.Buffer
	b.WriteString("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
	b.WriteString("1 0 obj\n<< /Type /Catalog /Pages 2 0 R /AF [4 0 R] >>\nendobj\n")
	b.WriteString("2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n")
	b.WriteString("3 0 obj\n<< /Length 9 >>\nstream\nendstream\nendstream\nendobj\n") // a stream whose data looks like a keyword
	b.WriteString("4 0 obj\n<< /Type /Filespec /F (manifest.c2pa) /AFRelationship /C2PA_Manifest /EF << /F 5 0 R >> >>\nendobj\n")
	fmt.Fprintf(&b, "5 0 obj\n<< /Type /EmbeddedFile /Subtype /application#2Fc2pa /Length %d%s >>\nstream\n", len(body), filter)
	b.Write(body)
	b.WriteString("\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n")
	return b.Bytes()
}

func TestCarrierFormats(t *testing.T) {
	store := testStore(t)
	tests := []struct {
		format string
		data   []byte
	}{
		{"gif", gifWith(store)},
		{"tiff", tiffWith(store)},
		{"svg", svgWith(store)},
		{"mp3", mp3With(store, "application/c2pa")},
		{"mp3", mp3With(store, "application/x-c2pa-manifest-store")},
		{"jxl", jxlWith(store)},
		{"pdf", pdfWith(store, false)},
		{"pdf", pdfWith(store, true)},
		{"c2pa", store},
	}
	for _, tt := range tests {
		t.Run(tt.format, func(t *testing.T) {
			loc, err := c2pa.Locate(tt.data, c2pa.Limits{})
			if err != nil {
				t.Fatalf("Locate: %v", err)
			}
			if loc.Format != tt.format {
				t.Errorf("format %q, want %q", loc.Format, tt.format)
			}
			if !bytes.Equal(loc.Store, store) {
				t.Fatalf("store of %d bytes, want the %d-byte store", len(loc.Store), len(store))
			}
			if len(loc.Parts) != 1 {
				t.Errorf("parts = %v, want one", loc.Parts)
			}
			if _, err := c2pa.ReadStore(loc.Store, c2pa.Limits{}); err != nil {
				t.Errorf("ReadStore: %v", err)
			}
		})
	}
}

func TestCarrierWithoutStore(t *testing.T) {
	store := testStore(t)
	for name, data := range map[string][]byte{
		"gif":  gifWith(nil)[:len(gifWith(nil))],
		"mp3":  mp3With(store, "application/octet-stream"),
		"svg":  []byte(`<svg xmlns="http://www.w3.org/2000/svg"><metadata><manifest>AAAA</manifest></metadata></svg>`),
		"text": []byte("c2pa jumb c2pa.claim mentioned in text only"),
		"pdf":  []byte("%PDF-1.4\n1 0 obj\n<< /Type /EmbeddedFile /Subtype /text#2Fplain /Length 4 >>\nstream\nc2pa\nendstream\nendobj\n"),
	} {
		loc, err := c2pa.Locate(data, c2pa.Limits{})
		if err == nil || loc != nil && loc.Store != nil {
			t.Errorf("%s: found a store (err %v)", name, err)
		}
	}
}

// TestJPEGMultiSegment checks reassembly of a store spread over several
// APP11 segments, and that a box hash names them one C2PA box.
func TestJPEGMultiSegment(t *testing.T) {
	s := newSigner(t)
	fx, err := s.Make(c2patest.Options{Format: "jpeg", Thumbnail: 150_000, BoxHash: true})
	if err != nil {
		t.Fatal(err)
	}
	loc, err := c2pa.Locate(fx.Data, c2pa.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if len(loc.Parts) != 3 {
		t.Errorf("store spread over %d segments, want 3", len(loc.Parts))
	}
	if !bytes.Equal(loc.Store, fx.Store) {
		t.Fatalf("reassembled store differs (%d vs %d bytes)", len(loc.Store), len(fx.Store))
	}
	c2paUnits := 0
	for _, u := range loc.Layout {
		if u.Name == "C2PA" {
			c2paUnits++
		}
	}
	if c2paUnits != 1 {
		t.Errorf("%d C2PA layout units, want 1", c2paUnits)
	}
	r := c2pa.Check(t.Context(), "", fx.Data, c2pa.Options{Now: func() time.Time { return fixtureTime }}).Result
	if r.State != c2pa.StateValid || !r.Codes.Has(c2pa.AssertionBoxesHashMatch) {
		t.Errorf("state %s, failures %v; want valid with a box hash match", r.State, r.Codes.FailureCodes())
	}
}

func TestReadStoreLimits(t *testing.T) {
	store := testStore(t)
	if _, err := c2pa.ReadStore(store, c2pa.Limits{MaxStoreSize: 100}); err == nil {
		t.Error("a store above MaxStoreSize was read")
	}
	if _, err := c2pa.ReadStore(store, c2pa.Limits{MaxJUMBFDepth: 2}); err == nil {
		t.Error("a store nested deeper than MaxJUMBFDepth was read")
	}
	if _, err := c2pa.ReadStore(store, c2pa.Limits{MaxJUMBFBoxes: 5}); err == nil {
		t.Error("a store with more boxes than MaxJUMBFBoxes was read")
	}
	for _, bad := range [][]byte{nil, {0, 0, 0, 8}, []byte("\x00\x00\x00\x10jumb\x00\x00\x00\x08jumd"), store[:len(store)/2]} {
		if s, err := c2pa.ReadStore(bad, c2pa.Limits{}); err == nil && len(s.Manifests) == 0 {
			t.Errorf("%q: no error and no manifest", bad)
		}
	}
}

func TestSourceTerms(t *testing.T) {
	tests := []struct {
		in          string
		term        string
		ai, capture bool
	}{
		{"http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia", "trainedAlgorithmicMedia", true, false},
		{" http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture", "digitalCapture", false, true},
		{"compositeWithTrainedAlgorithmicMedia", "compositeWithTrainedAlgorithmicMedia", true, false},
		{"http://cv.iptc.org/newscodes/digitalsourcetype/algorithmicMedia", "algorithmicMedia", false, false},
		{"http://c2pa.org/digitalsourcetype/empty", "empty", false, false},
	}
	for _, tt := range tests {
		if got := c2pa.SourceTerm(tt.in); got != tt.term {
			t.Errorf("SourceTerm(%q) = %q, want %q", tt.in, got, tt.term)
		}
		if c2pa.IsAISourceType(tt.in) != tt.ai || c2pa.IsCaptureSourceType(tt.in) != tt.capture {
			t.Errorf("%q: ai %v capture %v, want %v %v", tt.in, c2pa.IsAISourceType(tt.in), c2pa.IsCaptureSourceType(tt.in), tt.ai, tt.capture)
		}
	}
	for text, want := range map[string]bool{
		"Image Creator from Designer": true, "AI Generated Image": true, "Adobe Firefly": true,
		"Adobe Photoshop 25.0": false, "Interior designer notes": false, "": false,
		"Sorano Camera": false, "made with Sora": true, "DALL·E 3": true,
	} {
		if got := c2pa.AIGeneratorIn(text) != ""; got != want {
			t.Errorf("AIGeneratorIn(%q) = %v, want %v", text, got, want)
		}
	}
}

func TestSeverity(t *testing.T) {
	for code, want := range map[string]string{
		c2pa.ClaimSignatureValidated:    c2pa.Success,
		c2pa.TimeStampMalformed:         c2pa.Informational,
		c2pa.AssertionDataHashMismatch:  c2pa.Failure,
		c2pa.SigningCredentialUntrusted: c2pa.Failure,
		"something.new":                 c2pa.Failure,
	} {
		if got := c2pa.Severity(code); got != want {
			t.Errorf("Severity(%s) = %s, want %s", code, got, want)
		}
	}
}

// TestSignedCamera checks that signed EXIF names a camera only in a
// manifest without actions or ingredients.
func TestSignedCamera(t *testing.T) {
	exif := &c2pa.Assertion{Label: "stds.exif__1", Kind: "json", Data: []byte(`{"@context":{"EXIF":"http://ns.adobe.com/EXIF/1.0/"},"EXIF:Make":"Google","EXIF:Model":"Pixel 5"}`)}
	dup := &c2pa.Assertion{Label: "stds.exif", Kind: "json", Data: []byte(`{"tiff:Make":"Canon","tiff:Model":"Canon EOS R5"}`)}
	actions := &c2pa.Assertion{Label: "c2pa.actions.v2", Kind: "cbor", Data: []byte{0xa0}}
	tests := []struct {
		assertions []*c2pa.Assertion
		camera     string
	}{
		{[]*c2pa.Assertion{exif}, "Google Pixel 5"},
		{[]*c2pa.Assertion{dup}, "Canon EOS R5"},
		{[]*c2pa.Assertion{exif, actions}, ""},
		{[]*c2pa.Assertion{{Label: "stds.exif", Kind: "json", Data: []byte(`{"EXIF:DateTimeOriginal":"2023"}`)}}, ""},
		{[]*c2pa.Assertion{{Label: "stds.exif", Kind: "json", Data: []byte(`not json`)}}, ""},
	}
	for i, tt := range tests {
		m := &c2pa.Manifest{Assertions: tt.assertions}
		if got, _ := m.SignedCamera(c2pa.Limits{}); got != tt.camera {
			t.Errorf("%d: camera %q, want %q", i, got, tt.camera)
		}
	}
}
