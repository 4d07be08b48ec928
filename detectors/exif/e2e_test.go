package exif

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/jpeg"
	"slices"
	"testing"

	"github.com/provcheck/provcheck/detectors/detectortest"
	"github.com/provcheck/provcheck/reports"
)

// entry is one IFD entry for the test TIFF builder.
type entry struct {
	tag, typ uint16
	count    uint32
	data     []byte
}

func ascii(tag uint16, s string) entry {
	return entry{tag, 2, uint32(len(s) + 1), append([]byte(s), 0)}
}

func short(tag uint16, v uint16) entry {
	return entry{tag, 3, 1, binary.LittleEndian.AppendUint16(nil, v)}
}

func undefined(tag uint16, b []byte) entry { return entry{tag, 7, uint32(len(b)), b} }

// buildTIFF lays out a little-endian TIFF: IFD0, then the Exif IFD (linked
// from IFD0 by tag 0x8769 when exif is not empty), then the values that do
// not fit in an entry.
func buildTIFF(ifd0, exif []entry) []byte {
	if len(exif) > 0 {
		ifd0 = append(ifd0, entry{0x8769, 4, 1, make([]byte, 4)}) // patched below
	}
	ifdSize := func(n int) int { return 2 + 12*n + 4 }
	exifOff := 8 + ifdSize(len(ifd0))
	dataOff := exifOff + ifdSize(len(exif))
	var data []byte
	le := binary.LittleEndian
	writeIFD := func(out []byte, es []entry) []byte {
		slices.SortFunc(es, func(a, b entry) int { return int(a.tag) - int(b.tag) })
		out = le.AppendUint16(out, uint16(len(es)))
		for _, e := range es {
			out = le.AppendUint16(out, e.tag)
			out = le.AppendUint16(out, e.typ)
			out = le.AppendUint32(out, e.count)
			if e.tag == 0x8769 {
				out = le.AppendUint32(out, uint32(exifOff))
				continue
			}
			if len(e.data) <= 4 {
				out = append(out, e.data...)
				out = append(out, make([]byte, 4-len(e.data))...)
				continue
			}
			out = le.AppendUint32(out, uint32(dataOff+len(data)))
			data = append(data, e.data...)
			if len(data)%2 == 1 {
				data = append(data, 0)
			}
		}
		return le.AppendUint32(out, 0)
	}
	out := []byte("II*\x00\x08\x00\x00\x00")
	out = writeIFD(out, ifd0)
	if len(exif) > 0 {
		out = writeIFD(out, exif)
	}
	return append(out, data...)
}

// jpegWithEXIF encodes an 8×8 JPEG with an APP1 EXIF segment after SOI.
func jpegWithEXIF(t *testing.T, tiff []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, image.NewGray(image.Rect(0, 0, 8, 8)), nil); err != nil {
		t.Fatal(err)
	}
	payload := append([]byte("Exif\x00\x00"), tiff...)
	seg := binary.BigEndian.AppendUint16([]byte{0xFF, 0xE1}, uint16(len(payload)+2))
	seg = append(seg, payload...)
	raw := buf.Bytes()
	return append(append(append([]byte{}, raw[:2]...), seg...), raw[2:]...)
}

// TestEndToEnd runs the detector through the real engine on generated
// JPEGs. It needs the JPEG walker and the EXIF decoder.
func TestEndToEnd(t *testing.T) {
	tests := []struct {
		name string
		ifd0 []entry
		exif []entry
		ids  []string
	}{
		{
			name: "phone photo",
			ifd0: []entry{ascii(0x010F, "Apple"), ascii(0x0110, "iPhone 11 Pro Max"), ascii(0x0131, "14.4.2")},
			exif: []entry{ascii(0x9003, "2021:04:11 15:47:53"), short(0xA460, 2)},
			ids:  []string{"exif.camera", "exif.capture-time", "exif.composite-image"},
		},
		{
			name: "ComfyUI WebP-style Make and Model",
			ifd0: []entry{ascii(0x010F, `workflow:{"nodes":[]}`), ascii(0x0110, `prompt:{"3":{"class_type":"KSampler"}}`)},
		},
		{
			name: "macOS screenshot",
			exif: []entry{undefined(0x9286, []byte("ASCII\x00\x00\x00Screenshot"))},
			ids:  []string{"exif.screenshot"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fr := detectortest.Run(t, jpegWithEXIF(t, buildTIFF(tt.ifd0, tt.exif)), "", Detector)
			if got := detectortest.IDs(fr); !slices.Equal(got, tt.ids) {
				t.Fatalf("signals = %v, want %v (warnings %v)", got, tt.ids, fr.Warnings)
			}
			if fr.Verdict != reports.VerdictNoSignals {
				t.Errorf("verdict = %s: EXIF alone must not decide one", fr.Verdict)
			}
			for _, s := range fr.Signals {
				if s.Evidence["block"] != "APP1" || s.Evidence["offset"] != int64(2) {
					t.Errorf("%s: evidence does not locate the APP1 segment: %v", s.ID, s.Evidence)
				}
			}
		})
	}
}
