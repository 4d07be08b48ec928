package forensics

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/provcheck/provcheck/detectors/detectortest"
	"github.com/provcheck/provcheck/detectors/jpegtables"
	"github.com/provcheck/provcheck/internal/corpus"
	"github.com/provcheck/provcheck/reports"
)

func corpusDir(t *testing.T) string {
	t.Helper()
	return corpus.Path(t)
}

// No camera, edited or other sample gets an AI signal from these
// detectors, and no camera file gets an edit signal (their thumbnails all
// match); nor do the C2PA test files, whose thumbnails match their
// pictures (some of those are AI-made: an AI signal there is right).
func TestCorpusNoFalseSignals(t *testing.T) {
	root := corpusDir(t)
	n := 0
	for _, sub := range []string{"images", "c2pa"} {
		dir := filepath.Join(root, sub)
		es, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range es {
			name := e.Name()
			if sub == "images" && strings.HasPrefix(name, "ai_") || strings.HasSuffix(name, ".csv") || strings.HasSuffix(name, ".jsonl") {
				continue
			}
			if testing.Short() && name == "camera_c2pa_truepic-20230212-camera.jpg" {
				continue // the largest decode
			}
			n++
			fr := detectortest.RunFile(t, filepath.Join(dir, name), Detector, jpegtables.Detector)
			for _, s := range fr.Signals {
				if s.Direction == reports.DirAI && sub == "images" {
					t.Errorf("%s/%s: AI signal %s", sub, name, s.ID)
				}
				if s.Direction == reports.DirEdit {
					t.Errorf("%s/%s: edit signal %s: %v", sub, name, s.ID, s.Evidence)
				}
			}
		}
	}
	if n < 60 {
		t.Errorf("only %d files scanned", n)
	}
}
