package train

import (
	"math"
	"math/rand/v2"
	"os"
	"testing"

	"github.com/provcheck/provcheck/detectors/stylometry"
)

func TestAUROC(t *testing.T) {
	tests := []struct {
		pos, neg []float64
		want     float64
	}{
		{[]float64{0.9, 0.8}, []float64{0.1, 0.2}, 1},
		{[]float64{0.1}, []float64{0.9}, 0},
		{[]float64{0.5}, []float64{0.5}, 0.5},
		{[]float64{0.9, 0.3}, []float64{0.5, 0.1}, 0.75},
	}
	for _, tt := range tests {
		if got := AUROC(tt.pos, tt.neg); got != tt.want {
			t.Errorf("AUROC(%v, %v) = %v, want %v", tt.pos, tt.neg, got, tt.want)
		}
	}
}

// synthetic makes samples whose first feature separates the classes
// with noise; the others are noise.
func synthetic(n int, seed uint64) []Sample {
	r := rand.New(rand.NewPCG(seed, 7))
	var out []Sample
	for i := range n {
		ai := i%2 == 0
		x := make(stylometry.Vector, len(stylometry.FeatureNames))
		for j := range x {
			x[j] = r.NormFloat64()
		}
		if ai {
			x[0] += 1.5
		}
		out = append(out, Sample{AI: ai, X: x, Words: 200})
	}
	return out
}

func TestFitAndEvaluate(t *testing.T) {
	samples := synthetic(200, 1)
	cfg := Config{Lambda: 1, Folds: 5, Seed: 1, HumanFlag: 0.05, MinWords: 150, MinTrainLen: 0}
	m := Fit(samples, cfg)
	if m.Coef[0] < 0.5 {
		t.Errorf("coefficient of the separating feature %v, want clearly positive", m.Coef[0])
	}
	ev, _, _ := Evaluate(samples, cfg)
	if ev.AUROC < 0.75 || ev.AUROC > 0.95 {
		t.Errorf("cross-validated AUROC %v; a 1.5-sigma shift gives about 0.86", ev.AUROC)
	}
	if ev.HumanFlagged > 0.12 {
		t.Errorf("human flag rate %v far above the 5%% target", ev.HumanFlagged)
	}
	if ev.Human+ev.AI != 200 {
		t.Errorf("evaluated %d texts", ev.Human+ev.AI)
	}
	again, _, _ := Evaluate(samples, cfg)
	if again != ev {
		t.Error("evaluation is not deterministic for a seed")
	}
}

func TestFolds(t *testing.T) {
	samples := synthetic(23, 2)
	seen := map[int]int{}
	for _, f := range Folds(samples, 5, 3) {
		if len(f) < 4 || len(f) > 5 {
			t.Errorf("fold of %d samples", len(f))
		}
		for _, i := range f {
			seen[i]++
		}
	}
	for i := range samples {
		if seen[i] != 1 {
			t.Errorf("sample %d in %d folds", i, seen[i])
		}
	}
}

func TestThresholdFlagsAtMostTarget(t *testing.T) {
	samples := synthetic(200, 3)
	cfg := Config{Lambda: 1, Folds: 5, Seed: 1, HumanFlag: 0.05, MinWords: 150}
	th := Threshold(samples, cfg, 1)
	if math.IsNaN(th) || th <= 0 || th > 1 {
		t.Fatalf("threshold %v", th)
	}
}

// TestCommittedWeightsReproduce refits the model with the flags recorded
// in weights.go and compares it with the committed one.
func TestCommittedWeightsReproduce(t *testing.T) {
	const dir = "../../../../../shared/corpus/text"
	if _, err := os.Stat(dir); err != nil {
		t.Skip("corpus not available:", err)
	}
	samples, err := Load(dir, []string{"huhailinguist/ArguGPT"})
	if err != nil {
		t.Fatal(err)
	}
	cfg := Config{Lambda: 4, Folds: 5, Seed: 1, HumanFlag: 0.05, MinWords: stylometry.MinWords, MinTrainLen: 60}
	m := Fit(samples, cfg)
	want := stylometry.Trained()
	for i := range m.Coef {
		if math.Abs(m.Coef[i]-want.Coef[i]) > 1e-4 {
			t.Errorf("coefficient %s = %v, committed %v: rerun the command in weights.go", m.Features[i], m.Coef[i], want.Coef[i])
		}
	}
	if th := Threshold(samples, cfg, 1); math.Abs(th-want.ReviewThreshold) > 1e-4 {
		t.Errorf("threshold %v, committed %v", th, want.ReviewThreshold)
	}
}
