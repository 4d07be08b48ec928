package editors_test

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/provcheck/provcheck/detectors/detectortest"
	"github.com/provcheck/provcheck/detectors/editors"
	"github.com/provcheck/provcheck/reports"
)

const corpusDir = "../../../shared/corpus"

// TestCorpus: every GIMP / Photoshop re-save gets an edit signal; no
// camera, AI or other file does (the Olympus file's "OLYMPUS CAMEDIA
// Master" is the vendor's own software); the C2PA samples do not crash it.
func TestCorpus(t *testing.T) {
	f, err := os.Open(filepath.Join(corpusDir, "images", "labels.csv"))
	if err != nil {
		t.Skipf("corpus not available: %v", err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows[1:] {
		file, label := r[0], r[1]
		path := filepath.Join(corpusDir, "images", file)
		if _, err := os.Stat(path); err != nil {
			continue
		}
		t.Run(file, func(t *testing.T) {
			fr := detectortest.RunFile(t, path, editors.Detector)
			var edits []string
			for _, s := range fr.Signals {
				if s.Direction == reports.DirEdit {
					edits = append(edits, s.ID+"="+s.Evidence["editor"].(string))
				}
			}
			switch {
			case strings.HasPrefix(file, "edited_gimp_") || strings.HasPrefix(file, "edited_exiftool_"):
				if len(edits) == 0 {
					t.Errorf("no edit signal; got %v", detectortest.IDs(fr))
				}
			case label == "camera" || label == "other" || label == "ai":
				if len(edits) > 0 {
					t.Errorf("%s file got edit signals %v", label, edits)
				}
			}
		})
	}
	files, _ := filepath.Glob(filepath.Join(corpusDir, "c2pa", "*"))
	for _, path := range files {
		t.Run("c2pa/"+filepath.Base(path), func(t *testing.T) {
			fr := detectortest.RunFile(t, path, editors.Detector)
			for _, e := range fr.Errors {
				if e.Code == "detector" {
					t.Errorf("detector error: %s", e.Message)
				}
			}
		})
	}
}
