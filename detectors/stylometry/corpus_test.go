package stylometry_test

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"testing"

	"github.com/provcheck/provcheck/detectors/detectortest"
	"github.com/provcheck/provcheck/detectors/stylometry"
	"github.com/provcheck/provcheck/detectors/text"
	"github.com/provcheck/provcheck/internal/corpus"
	"github.com/provcheck/provcheck/reports"
)

// TestCorpusNeverDeclares runs the stylometry and text detectors through
// the engine over the labelled text corpus: no text may get an ai-declared
// or ai-verified verdict from them, and the review rate of human texts must
// stay at or under 10%. The model was trained on these texts, so the rates
// here are optimistic; the honest figures are the cross-validated ones in
// weights.go.
func TestCorpusNeverDeclares(t *testing.T) {
	dir := corpus.Path(t, "text")
	f, err := os.Open(corpus.Path(t, "text", "labels.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var human, humanReview, scored int
	var pos, neg []float64
	for _, row := range rows[1:] {
		fr := detectortest.RunFile(t, filepath.Join(dir, row[0]), stylometry.Detector, text.Detector)
		if fr.Verdict == reports.VerdictAIDeclared || fr.Verdict == reports.VerdictAIVerified {
			t.Errorf("%s (%s): verdict %s", row[0], row[1], fr.Verdict)
		}
		if onlyStylometry(fr) && fr.Verdict == reports.VerdictAISuspected {
			t.Errorf("%s (%s): ai-suspected on stylometry alone", row[0], row[1])
		}
		if detectortest.Find(fr, stylometry.SigResemblance) != nil {
			scored++
		}
		if row[1] == "ai" {
			pos = append(pos, fr.Score)
		} else {
			neg = append(neg, fr.Score)
		}
		if row[1] == "human" {
			human++
			if fr.Review {
				humanReview++
			}
		}
	}
	if scored == 0 {
		t.Error("no corpus text was scored")
	}
	if humanReview*10 > human {
		t.Errorf("%d of %d human texts flagged for review, more than 10%%", humanReview, human)
	}
	t.Logf("AUROC of the file score over the corpus %.3f (optimistic: most texts were trained on; cross-validated %.3f)",
		auroc(pos, neg), stylometry.Trained().Eval.ReportAUROC)
}

// onlyStylometry reports whether the resemblance is the file's only AI
// signal.
func onlyStylometry(fr reports.FileResult) bool {
	n := 0
	for _, s := range fr.Signals {
		if s.Direction == reports.DirAI && s.ID != stylometry.SigResemblance {
			return false
		}
		if s.ID == stylometry.SigResemblance {
			n++
		}
	}
	return n > 0
}

func auroc(pos, neg []float64) float64 {
	wins := 0.0
	for _, p := range pos {
		for _, n := range neg {
			switch {
			case p > n:
				wins++
			case p == n:
				wins += 0.5
			}
		}
	}
	return wins / float64(max(1, len(pos)*len(neg)))
}
