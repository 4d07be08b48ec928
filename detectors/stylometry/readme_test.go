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
