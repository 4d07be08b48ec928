package jpegtables

import (
	"bytes"
	"testing"

	"github.com/provcheck/provcheck/detectors/detectortest"
	"github.com/provcheck/provcheck/reports"
)

// Go's encoder writes the IJG tables, so the quality reads back exactly,
// for colour and greyscale, and the hash/sum estimate agrees on them.
func TestQualityOfGoJPEGs(t *testing.T) {
	for _, grey := range []bool{false, true} {
		for q := 1; q <= 100; q++ {
			fr := detectortest.Run(t, goJPEG(t, q, grey), "", Detector)
			s := detectortest.Find(fr, "jpeg.quality")
			if s == nil {
				t.Fatalf("q=%d grey=%v: no jpeg.quality signal: %v", q, grey, detectortest.IDs(fr))
			}
			if s.Evidence["quality"] != q || s.Evidence["exact"] != true {
				t.Errorf("q=%d grey=%v: evidence %v", q, grey, s.Evidence)
			}
			if hs := s.Evidence["hashSumQuality"].(int); hs < q-1 || hs > q+1 {
				t.Errorf("q=%d grey=%v: hashSumQuality %d", q, grey, hs)
			}
			e := detectortest.Find(fr, "jpeg.encoder")
			if e == nil || e.Evidence["family"] != familyIJG || e.Evidence["huffman"] != huffStandard {
				t.Errorf("q=%d grey=%v: encoder %v", q, grey, e)
			}
		}
	}
}

// scaleDQT turns IJG tables into non-IJG ones, as a camera's own tables.
func scaleDQT(p []byte) []byte {
	for i := 1; i < len(p); i++ {
		if i%65 != 0 && p[i] > 2 {
			p[i]--
		}
	}
	return p
}

func TestEncoderFamily(t *testing.T) {
	base := goJPEG(t, 85, false)
	custom := mapSegments(t, base, 0xDB, scaleDQT)
	adobe := segment(0xEE, []byte("Adobe\x00\x64\x00\x00\x00\x00\x01"))
	optimised := mapSegments(t, base, 0xC4, func(p []byte) []byte {
		// Swap two symbols of the first table: still a valid table, no
		// longer the example one.
		p[17], p[18] = p[18], p[17]
		return p
	})
	tests := []struct {
		name, family, huffman string
		data                  []byte
		camera                string
		quality               int
		exact                 bool
	}{
		{"ijg", familyIJG, huffStandard, base, "", 85, true},
		{"ijg-with-camera", familyIJG, huffStandard, insertAfterSOI(base, exifSegment("Canon")), "Canon", 85, true},
		{"custom", familyCustom, huffStandard, custom, "", 86, false},
		{"camera", familyCamera, huffStandard, insertAfterSOI(custom, exifSegment("NIKON")), "NIKON", 86, false},
		{"photoshop", familyPhotoshop, huffStandard, insertAfterSOI(custom, adobe), "", 86, false},
		{"photoshop-beats-camera", familyPhotoshop, huffStandard, insertAfterSOI(custom, exifSegment("NIKON"), adobe), "NIKON", 86, false},
		{"optimised", familyIJG, huffMixed, optimised, "", 85, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fr := detectortest.Run(t, tc.data, "", Detector)
			e := detectortest.Find(fr, "jpeg.encoder")
			if e == nil {
				t.Fatalf("no jpeg.encoder: %v (errors %v)", detectortest.IDs(fr), fr.Errors)
			}
			if e.Evidence["family"] != tc.family || e.Evidence["huffman"] != tc.huffman || e.Evidence["subsampling"] != "4:2:0" {
				t.Errorf("evidence %v", e.Evidence)
			}
			if got, _ := e.Evidence["exifCamera"].(string); got != tc.camera {
				t.Errorf("camera %q, want %q", got, tc.camera)
			}
			q := detectortest.Find(fr, "jpeg.quality")
			if q.Evidence["exact"] != tc.exact {
				t.Errorf("quality evidence %v", q.Evidence)
			}
			if got := q.Evidence["quality"].(int); got < tc.quality-1 || got > tc.quality+1 {
				t.Errorf("quality %d, want %d±1", got, tc.quality)
			}
			for _, s := range fr.Signals {
				if s.Direction != reports.DirInfo {
					t.Errorf("%s: direction %s", s.ID, s.Direction)
				}
			}
			if fr.Verdict != reports.VerdictNoSignals {
				t.Errorf("verdict %s", fr.Verdict)
			}
			lib := detectortest.Find(fr, "jpeg.library-tables-with-camera-exif") != nil
			if want := tc.family == familyIJG && tc.camera != ""; lib != want {
				t.Errorf("library-tables-with-camera-exif = %v, want %v", lib, want)
			}
		})
	}
}

func TestLayoutAnomalies(t *testing.T) {
	base := goJPEG(t, 90, false)
	tests := []struct {
		name string
		data []byte
		want string // "" for no anomaly
	}{
		{"plain", base, ""},
		{"exif-first", insertAfterSOI(base, exifSegment("Canon")), ""},
		{"jfif-then-exif", insertAfterSOI(base, segment(0xE0, []byte("JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00")), exifSegment("Canon")), ""},
		{"app-after-frame", insertBefore(t, base, 0xDA, segment(0xE1, []byte("Exif\x00\x00II*\x00\x08\x00\x00\x00\x00\x00"))), "application segment after the tables or frame header"},
		{"exif-late", insertAfterSOI(base, segment(0xE2, []byte("x")), segment(0xE3, []byte("y")), exifSegment("Canon")), "EXIF segment not at the start of the file"},
		{"trailer", append(append([]byte(nil), base...), "appended"...), "data after the end-of-image marker"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fr := detectortest.Run(t, tc.data, "", Detector)
			s := detectortest.Find(fr, "jpeg.layout-anomaly")
			switch {
			case tc.want == "" && s != nil:
				t.Errorf("unexpected anomaly %v", s.Evidence)
			case tc.want != "" && s == nil:
				t.Errorf("no anomaly, want %q", tc.want)
			case tc.want != "" && !bytes.Contains([]byte(s.Message), []byte(tc.want)):
				t.Errorf("message %q, want %q", s.Message, tc.want)
			}
		})
	}
}

func TestNotJPEG(t *testing.T) {
	fr := detectortest.Run(t, []byte("\x89PNG\r\n\x1a\n"), "", Detector)
	if len(fr.Signals) != 0 {
		t.Errorf("signals on a non-JPEG: %v", detectortest.IDs(fr))
	}
}

// A damaged DQT segment keeps what was read and warns; a file whose only
// tables are unreadable reports nothing.
func TestDamagedTables(t *testing.T) {
	base := goJPEG(t, 80, false)
	cut := mapSegments(t, base, 0xDB, func(p []byte) []byte { return p[:65+10] })
	fr := detectortest.Run(t, cut, "", Detector)
	if len(fr.Warnings) == 0 {
		t.Error("no warning for a cut DQT segment")
	}
	if q := detectortest.Find(fr, "jpeg.quality"); q == nil || q.Evidence["exact"] != false {
		t.Errorf("quality from the one readable table: %v", q)
	}
	bad := mapSegments(t, base, 0xDB, func(p []byte) []byte { p[0] = 0x0F; return p })
	fr = detectortest.Run(t, bad, "", Detector)
	if len(fr.Signals) != 0 || len(fr.Warnings) == 0 {
		t.Errorf("signals %v, warnings %v", detectortest.IDs(fr), fr.Warnings)
	}
}
