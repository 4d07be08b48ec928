package forensics

import (
	"slices"
	"testing"

	"github.com/provcheck/provcheck/detectors/detectortest"
	"github.com/provcheck/provcheck/reports"
)

// Each pixel-history signal through the engine: its direction, and that
// none of them, alone or beside the canvas prior, makes a verdict.
func TestPixelHistorySignals(t *testing.T) {
	sc := scene(600, 420, 21)
	tests := []struct {
		name      string
		data      []byte
		want      []string // signal IDs
		direction reports.Direction
	}{
		{"JPEG saved once", encodeJPEG(t, sc, 90), nil, ""},
		{"JPEG saved twice", resave(t, encodeJPEG(t, sc, 70), 92), []string{"jpeg.double-compressed"}, reports.DirInfo},
		{"PNG of a decoded JPEG", encodePNG(t, decode(t, encodeJPEG(t, sc, 70))), []string{"image.jpeg-grid"}, reports.DirInfo},
		{"PNG never a JPEG", encodePNG(t, sc), nil, ""},
		{"demosaiced PNG", encodePNG(t, bayer(sc)), []string{"image.demosaic-traces"}, reports.DirCapture},
		{"lattice PNG", encodePNG(t, lattice(600, 420, 3, 0.15)), []string{"image.spectral-peaks"}, reports.DirAI},
		{"lattice PNG on a generator canvas", encodePNG(t, lattice(1024, 1024, 3, 0.15)),
			[]string{"image.generator-canvas", "image.spectral-peaks"}, reports.DirAI},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fr := detectortest.Run(t, tc.data, "", Detector)
			if ids := detectortest.IDs(fr); !slices.Equal(ids, tc.want) {
				t.Fatalf("signals %v, want %v", ids, tc.want)
			}
			if len(fr.Errors) > 0 {
				t.Errorf("errors %+v", fr.Errors)
			}
			for _, s := range fr.Signals {
				if s.ID != "image.generator-canvas" && s.Direction != tc.direction {
					t.Errorf("%s: direction %s, want %s", s.ID, s.Direction, tc.direction)
				}
				if s.Message == "" || s.Explanation == "" || len(s.Evidence) == 0 {
					t.Errorf("%s: message, explanation or evidence missing", s.ID)
				}
			}
			if fr.Verdict != reports.VerdictNoSignals {
				t.Errorf("verdict %s (score %.2f), want no-signals: these signals make no verdict", fr.Verdict, fr.Score)
			}
			if s := detectortest.Find(fr, "jpeg.double-compressed"); s != nil {
				if q, _ := s.Evidence["previousQuality"].(int); q < 65 || q > 75 {
					t.Errorf("previous quality %v, want 70±5", s.Evidence["previousQuality"])
				}
			}
		})
	}
}
