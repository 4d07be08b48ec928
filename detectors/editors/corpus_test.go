package editors_test

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/provcheck/provcheck/detectors/detectortest"
	"github.com/provcheck/provcheck/detectors/editors"
	"github.com/provcheck/provcheck/internal/corpus"
	"github.com/provcheck/provcheck/reports"
)

// TestCorpus: every edited file gets an edit or re-save signal; no camera
// original does (the Olympus file's "OLYMPUS CAMEDIA Master" is the
// vendor's own software), and no AI or other file names an editor; the
// C2PA samples do not crash it.
func TestCorpus(t *testing.T) {
	f, err := os.Open(corpus.Path(t, "images", "labels.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows[1:] {
		file, label := r[0], r[1]
		path := filepath.Join(corpus.Path(t, "images"), file)
		if _, err := os.Stat(path); err != nil {
			continue
		}
		t.Run(file, func(t *testing.T) {
			fr := detectortest.RunFile(t, path, editors.Detector)
			var edits, editors []string
			for _, s := range fr.Signals {
				if s.Direction == reports.DirEdit {
					edits = append(edits, s.ID+"="+s.Evidence["editor"].(string))
					if s.Evidence["family"] != "converter" {
						editors = append(editors, s.ID)
					}
				}
			}
			switch {
			case label == "edited" && !strings.Contains(file, "c2pa"):
				if len(edits) == 0 {
					t.Errorf("no edit signal; got %v", detectortest.IDs(fr))
				}
			case label == "camera":
				if len(edits) > 0 {
					t.Errorf("camera original got edit signals %v", edits)
				}
			case label == "other" || label == "ai":
				// A diagram or generated image may have been re-saved by a
				// converter; only an editor would be wrong here.
				if len(editors) > 0 {
					t.Errorf("%s file got editor signals %v", label, edits)
				}
			}
		})
	}
	files, _ := filepath.Glob(filepath.Join(corpus.Path(t, "c2pa"), "*"))
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
