package forensics

import (
	"encoding/csv"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/provcheck/provcheck/detectors/detectortest"
	"github.com/provcheck/provcheck/detectors/jpegtables"
)

// TestCorpusCalibration counts, per label, the files of the labelled image
// corpus on which each signal of this package and of jpegtables fires, and
// checks the counts behind detectors/scoring/CALIBRATION.md. With -v it
// prints the smoothed likelihood ratios.
func TestCorpusCalibration(t *testing.T) {
	dir := filepath.Join(corpusDir(t), "images")
	f, err := os.Open(filepath.Join(dir, "labels.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	fired := map[string][2]int{} // signal → {ai files, other files}
	var nAI, nOther int
	for _, r := range rows[1:] {
		ai := r[1] == "ai"
		if ai {
			nAI++
		} else {
			nOther++
		}
		fr := detectortest.RunFile(t, filepath.Join(dir, r[0]), Detector, jpegtables.Detector)
		for _, id := range detectortest.IDs(fr) {
			c := fired[id]
			if ai {
				c[0]++
			} else {
				c[1]++
			}
			fired[id] = c
		}
	}
	for id, c := range fired {
		// Jeffreys smoothing: half a count added to each cell.
		lr := ((float64(c[0]) + 0.5) / (float64(nAI) + 1)) / ((float64(c[1]) + 0.5) / (float64(nOther) + 1))
		t.Logf("%-42s ai %2d/%d  not-ai %2d/%d  LR %.2f  ln LR %+.2f", id, c[0], nAI, c[1], nOther, lr, math.Log(lr))
	}
	want := map[string][2]int{
		"image.generator-canvas": {10, 0},
	}
	for id, w := range want {
		if fired[id] != w {
			t.Errorf("%s fired on %v files (ai, not ai), CALIBRATION.md says %v", id, fired[id], w)
		}
	}
	if nAI != 15 || nOther != 41 {
		t.Errorf("corpus has %d ai and %d other files; CALIBRATION.md counts 15 and 41", nAI, nOther)
	}
}
