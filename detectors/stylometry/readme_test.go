package stylometry

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestREADMEFigures: the figures the README quotes for the stylometric
// model are the ones its evaluation measured (weights.go, whose Eval
// train.TestCommittedEvaluationReproduces measures again on the corpus),
// rounded as the README writes them.
func TestREADMEFigures(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	readme := strings.Join(strings.Fields(string(data)), " ")
	e := model.Eval
	for _, want := range []string{
		fmt.Sprintf("(AUROC %.2f)", e.AUROC),
		// AUROC in words: a random AI text ranks above a random human one
		// about this many times in 5.
		fmt.Sprintf("about %.0f times in 5 (AUROC", 5*e.AUROC),
		fmt.Sprintf("flags %.0f %% of human and %.0f %% of AI texts", 100*e.HumanFlagged, 100*e.AIFlagged),
	} {
		if !strings.Contains(readme, want) {
			t.Errorf("README does not say %q (the measured figure)", want)
		}
	}
}

// TestCalibrationFigures: the "now (v2)" column of CALIBRATION.md's
// stylometry results (committed model, fold split seed 1) holds the
// figures of the committed evaluation, rounded as the document writes them.
// (The bracketed means over 10 fold splits come from the training
// command's -repeats run and are not rechecked here.)
func TestCalibrationFigures(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "scoring", "CALIBRATION.md"))
	if err != nil {
		t.Fatal(err)
	}
	doc := strings.Join(strings.Fields(string(data)), " ")
	e := model.Eval
	for _, want := range []string{
		fmt.Sprintf("%d texts, %d human and %d AI, of which %d (%d human, %d AI) have", e.ReportTexts, e.ReportHuman, e.ReportAI, e.Texts, e.Human, e.AI),
		fmt.Sprintf("| model AUROC, texts ≥ %d words | ", MinWords),
		fmt.Sprintf(" | %.3f (", e.AUROC),
		fmt.Sprintf("| AUROC of the report's `score`, all %d texts |", e.ReportTexts),
		fmt.Sprintf(" | %.3f (", e.ReportAUROC),
		fmt.Sprintf(" | %.1f %% (%.0f / %d) (", 100*e.HumanFlagged, e.HumanFlagged*float64(e.Human), e.Human),
		fmt.Sprintf(" | %.1f %% (", 100*e.AIFlagged),
		fmt.Sprintf("| TPR at 5 %% FPR | 0.19 | %.2f |", e.TPRAt5FPR),
	} {
		if !strings.Contains(doc, want) {
			t.Errorf("CALIBRATION.md does not say %q (the committed evaluation)", want)
		}
	}
}
