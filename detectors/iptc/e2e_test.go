package iptc

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/jpeg"
	"path/filepath"
	"strings"
	"testing"

	"github.com/provcheck/provcheck/detectors/detectortest"
	"github.com/provcheck/provcheck/internal/corpus"
	"github.com/provcheck/provcheck/reports"
)

// jpegWithIIM encodes an 8×8 JPEG and inserts an APP13 Photoshop segment
// whose 0x0404 resource holds the given record-2 datasets, after SOI.
func jpegWithIIM(t *testing.T, datasets map[uint8]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, image.NewGray(image.Rect(0, 0, 8, 8)), nil); err != nil {
		t.Fatal(err)
	}
	var iim []byte
	for _, id := range []uint8{65, 70, 80, 110, 115} { // fixed order: datasets are read in file order
		v, ok := datasets[id]
		if !ok {
			continue
		}
		iim = append(iim, 0x1C, 2, id)
		iim = binary.BigEndian.AppendUint16(iim, uint16(len(v)))
		iim = append(iim, v...)
	}
	if len(iim)%2 == 1 {
		iim = append(iim, 0)
	}
	res := append([]byte("8BIM\x04\x04\x00\x00"), binary.BigEndian.AppendUint32(nil, uint32(len(iim)))...)
	res = append(res, iim...)
	payload := append([]byte("Photoshop 3.0\x00"), res...)
	seg := []byte{0xFF, 0xED}
	seg = binary.BigEndian.AppendUint16(seg, uint16(len(payload)+2))
	seg = append(seg, payload...)
	raw := buf.Bytes()
	out := append([]byte{}, raw[:2]...)
	out = append(out, seg...)
	return append(out, raw[2:]...)
}

// TestEndToEnd runs the detector through the real engine on generated
// JPEGs. It needs the JPEG walker and the IIM decoder.
func TestEndToEnd(t *testing.T) {
	tests := []struct {
		name     string
		datasets map[uint8]string
		ids      []string
		verdict  reports.Verdict
	}{
		{"AI credit", map[uint8]string{110: "Made with Google AI", 80: "Jane Doe"}, []string{"iptc.credit-ai"}, reports.VerdictAIDeclared},
		{"ordinary credit and program", map[uint8]string{65: "Adobe Photoshop", 70: "7.0", 110: "My Credit"}, []string{"iptc.originating-program"}, reports.VerdictNoSignals},
		{"nothing to say", map[uint8]string{80: "Jane Doe", 115: "Reuters"}, nil, reports.VerdictNoSignals},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fr := detectortest.Run(t, jpegWithIIM(t, tt.datasets), "", Detector)
			if got := detectortest.IDs(fr); len(got) != len(tt.ids) || len(got) > 0 && got[0] != tt.ids[0] {
				t.Fatalf("signals = %v, want %v (warnings %v)", got, tt.ids, fr.Warnings)
			}
			if fr.Verdict != tt.verdict {
				t.Errorf("verdict = %s, want %s", fr.Verdict, tt.verdict)
			}
			for _, s := range fr.Signals {
				if s.Evidence["block"] != "APP13" || s.Evidence["offset"] != int64(2) {
					t.Errorf("%s: evidence does not locate the APP13 segment: %v", s.ID, s.Evidence)
				}
			}
		})
	}
}

// TestCorpusNoAI checks that no camera, edited or other corpus file gets an
// AI signal from this detector.
func TestCorpusNoAI(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(corpus.Path(t, "images"), "*_*"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no corpus images: %v", err)
	}
	for _, f := range files {
		base := filepath.Base(f)
		if strings.HasPrefix(base, "ai_") || base == "labels.csv" {
			continue
		}
		fr := detectortest.RunFile(t, f, Detector)
		for _, s := range fr.Signals {
			if s.Direction == reports.DirAI {
				t.Errorf("%s: %s %q", base, s.ID, s.Message)
			}
		}
		for _, e := range fr.Errors {
			t.Errorf("%s: %s: %s", base, e.Code, e.Message)
		}
	}
}
