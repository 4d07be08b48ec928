package watermark

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/provcheck/provcheck/detectors/detectortest"
	"github.com/provcheck/provcheck/internal/corpus"
)

func corpusDir(t *testing.T) string {
	t.Helper()
	return corpus.Path(t, "images")
}

// The two corpus fixtures carry marks made by the reference code (SD1 with
// the 8-bit embedder, SDXL with Stability's float one); they decode through
// the real engine, and the SDXL one only reaches 48/48 in float.
func TestCorpusFixtures(t *testing.T) {
	dir := corpusDir(t)
	tests := []struct {
		file, id, variant string
		bits              int
	}{
		{"ai_fixture_wm_sd1_ref.png", "watermark.sd1", "uint8", 136},
		{"ai_fixture_wm_sdxl_sgm.png", "watermark.sdxl", "float", 48},
	}
	for _, tc := range tests {
		fr := detectortest.RunFile(t, filepath.Join(dir, tc.file), Detector)
		if ids := detectortest.IDs(fr); len(ids) != 1 || ids[0] != tc.id {
			t.Errorf("%s: signals %v, want [%s]", tc.file, ids, tc.id)
			continue
		}
		s := detectortest.Find(fr, tc.id)
		if s.Evidence["bitsMatched"] != tc.bits || s.Evidence["variant"] != tc.variant || s.Evidence["colourOrder"] != "bgr" {
			t.Errorf("%s: evidence %v", tc.file, s.Evidence)
		}
		if fr.Verdict != "ai-declared" {
			t.Errorf("%s: verdict %s", tc.file, fr.Verdict)
		}
	}
}

// No camera, edited or other sample is called watermarked.
func TestCorpusNoFalseMatch(t *testing.T) {
	dir := corpusDir(t)
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range entries {
		name := e.Name()
		if !(strings.HasPrefix(name, "camera_") || strings.HasPrefix(name, "edited_") || strings.HasPrefix(name, "other_")) {
			continue
		}
		if testing.Short() && e.Name() == "camera_c2pa_truepic-20230212-camera.jpg" {
			continue // the largest file; its decode dominates the package's time
		}
		n++
		fr := detectortest.RunFile(t, filepath.Join(dir, name), Detector)
		if len(fr.Signals) != 0 {
			t.Errorf("%s: signals %v", name, detectortest.IDs(fr))
		}
	}
	if n == 0 {
		t.Error("no camera_, edited_ or other_ file found")
	}
}
