package train

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/provcheck/provcheck/detectors/scoring"
	"github.com/provcheck/provcheck/detectors/stylometry"
	"github.com/provcheck/provcheck/internal/corpus"
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
	ev, out, err := Evaluate(samples, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if ev.AUROC < 0.75 || ev.AUROC > 0.95 {
		t.Errorf("cross-validated AUROC %v; a 1.5-sigma shift gives about 0.86", ev.AUROC)
	}
	if ev.HumanFlagged > 0.12 {
		t.Errorf("human flag rate %v far above the 5%% target", ev.HumanFlagged)
	}
	if ev.Human+ev.AI != 200 || ev.ReportTexts != 200 {
		t.Errorf("evaluated %d texts, %d report scores", ev.Human+ev.AI, ev.ReportTexts)
	}
	// Every text is scored here, and the soft bound keeps the order of
	// the ratios: the report score ranks about as well as the model.
	if math.Abs(ev.ReportAUROC-ev.AUROC) > 0.02 {
		t.Errorf("report-score AUROC %v, model AUROC %v", ev.ReportAUROC, ev.AUROC)
	}
	for i, o := range out {
		if o.Review != o.Flagged {
			t.Fatalf("sample %d: review %v but flagged %v: the report must follow the threshold", i, o.Review, o.Flagged)
		}
	}
	again, _, _ := Evaluate(samples, cfg)
	if again != ev {
		t.Error("evaluation is not deterministic for a seed")
	}
}

// TestEvaluateShortTextsKeepThePrior: texts under MinWords get no signal,
// so their report score is the prior's, and they count in the report
// figures only.
func TestEvaluateShortTextsKeepThePrior(t *testing.T) {
	samples := synthetic(100, 4)
	for i := range samples {
		if i%4 == 0 {
			samples[i].Words = 100
		}
	}
	cfg := Config{Lambda: 1, Folds: 5, Seed: 1, HumanFlag: 0.05, MinWords: 150}
	ev, out, err := Evaluate(samples, cfg)
	if err != nil {
		t.Fatal(err)
	}
	prior := 1 / (1 + math.Exp(-scoring.Default().Prior))
	for i, o := range out {
		if samples[i].Words < 150 && (math.Abs(o.ReportScore-prior) > 1e-4 || o.Review) {
			t.Errorf("short sample %d: report score %v review %v, want the prior %v", i, o.ReportScore, o.Review, prior)
		}
	}
	if ev.Texts != 75 || ev.ReportTexts != 100 {
		t.Errorf("scored %d, report %d; want 75 and 100", ev.Texts, ev.ReportTexts)
	}
}

// TestCalibrate: on a sample where the first feature shifts AI texts by
// 1.5 standard deviations, the ratio rises with the logit, sits near zero
// for a text halfway between the classes, and is bounded by what the
// data support (the ideal ratio of a 1.5-sigma shift at ±1 sigma from the
// middle is ±2.25).
func TestCalibrate(t *testing.T) {
	samples := synthetic(400, 5)
	cfg := Config{Lambda: 1, Folds: 5, Seed: 1, HumanFlag: 0.05, MinWords: 150}
	c := Calibrate(samples, cfg, 1)
	if c.LLRSlope <= 0.3 || c.LLRSlope > 1.5 {
		t.Errorf("slope %v", c.LLRSlope)
	}
	m := Fit(samples, cfg)
	c.Apply(m)
	mid := make(stylometry.Vector, len(stylometry.FeatureNames))
	mid[0] = 0.75
	if llr := m.LLR(mid); math.Abs(llr) > 0.5 {
		t.Errorf("ratio halfway between the classes %v, want near 0", llr)
	}
	hi := slices.Clone(mid)
	hi[0] += 1
	if llr := m.LLR(hi); llr < 0.7 || llr > 3.5 {
		t.Errorf("ratio one sigma towards AI %v, want about 1.5", llr)
	}
	if th := c.ReviewThreshold; th <= 0.5 || th > 1 {
		t.Errorf("threshold %v", th)
	}
	one := []Sample{{AI: true, X: mid, Words: 200}, {AI: true, X: hi, Words: 200}}
	if c := Calibrate(one, Config{Lambda: 1, Folds: 2, MinWords: 150}, 1); c.LLRSlope != 0 || c.LLRIntercept != 0 {
		t.Errorf("one class gave a ratio map %+v", c)
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

func TestThreshold(t *testing.T) {
	hu := []float64{0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95}
	tests := []struct {
		share float64
		flag  int
	}{{0, 0}, {0.05, 0}, {0.1, 1}, {0.25, 2}, {1, 10}}
	for _, tt := range tests {
		th := threshold(slices.Clone(hu), tt.share)
		n := 0
		for _, x := range hu {
			if x >= th {
				n++
			}
		}
		if n != tt.flag {
			t.Errorf("share %v: threshold %v flags %d, want %d", tt.share, th, n, tt.flag)
		}
	}
	if th := threshold(nil, 0.05); th != 1 {
		t.Errorf("no human scores: threshold %v", th)
	}
}

// TestCommittedWeightsReproduce refits the model with the flags recorded
// in weights.go and compares it with the committed one.
func TestCommittedWeightsReproduce(t *testing.T) {
	dir := corpus.Path(t, "text")
	all, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	samples, _ := Split(all, []string{"huhailinguist/ArguGPT"})
	cfg := Config{Lambda: 4, Folds: 5, Seed: 1, HumanFlag: 0.025, MinWords: stylometry.MinWords, MinTrainLen: 60, Sets: Candidates}
	m, err := Train(samples, cfg, 1)
	if err != nil {
		t.Fatal(err)
	}
	want := stylometry.Trained()
	if m.FeatureSet != want.FeatureSet {
		t.Errorf("feature set %s, committed %s: rerun the command in weights.go", m.FeatureSet, want.FeatureSet)
	}
	for i := range m.Coef {
		if math.Abs(m.Coef[i]-want.Coef[i]) > 1e-4 {
			t.Errorf("coefficient %s = %v, committed %v: rerun the command in weights.go", m.Features[i], m.Coef[i], want.Coef[i])
		}
	}
	for _, x := range []struct {
		name      string
		got, want float64
	}{
		{"threshold", m.ReviewThreshold, want.ReviewThreshold},
		{"llr slope", m.LLRSlope, want.LLRSlope},
		{"llr intercept", m.LLRIntercept, want.LLRIntercept},
	} {
		if math.Abs(x.got-x.want) > 1e-4 {
			t.Errorf("%s %v, committed %v: rerun the command in weights.go", x.name, x.got, x.want)
		}
	}
}

// TestCommittedEvaluationReproduces reruns the nested cross-validation
// with the flags recorded in weights.go and compares its figures with the
// committed Eval, which the README and CALIBRATION.md quote (the README's
// are checked against Eval by stylometry.TestREADMEFigures): so every
// figure quoted is one this code measures on the corpus.
func TestCommittedEvaluationReproduces(t *testing.T) {
	if testing.Short() {
		t.Skip("nested cross-validation: 25 model fits")
	}
	all, err := Load(corpus.Path(t, "text"))
	if err != nil {
		t.Fatal(err)
	}
	samples, _ := Split(all, []string{"huhailinguist/ArguGPT"})
	cfg := Config{Lambda: 4, Folds: 5, Seed: 1, HumanFlag: 0.025, MinWords: stylometry.MinWords, MinTrainLen: 60, Sets: Candidates}
	got, _, err := Evaluate(samples, cfg)
	if err != nil {
		t.Fatal(err)
	}
	want := stylometry.Trained().Eval
	// weights.go writes the rates with four decimals.
	for _, x := range []struct {
		name      string
		got, want float64
	}{
		{"AUROC", got.AUROC, want.AUROC},
		{"human flagged", got.HumanFlagged, want.HumanFlagged},
		{"AI flagged", got.AIFlagged, want.AIFlagged},
		{"TPR at 5% FPR", got.TPRAt5FPR, want.TPRAt5FPR},
		{"report AUROC", got.ReportAUROC, want.ReportAUROC},
	} {
		if math.Abs(x.got-x.want) > 0.00005 {
			t.Errorf("%s %.4f, committed %.4f: rerun the command in weights.go", x.name, x.got, x.want)
		}
	}
	if got.Texts != want.Texts || got.Human != want.Human || got.AI != want.AI || got.ReportTexts != want.ReportTexts {
		t.Errorf("texts %d (%d human, %d AI; report %d), committed %d (%d, %d; %d)",
			got.Texts, got.Human, got.AI, got.ReportTexts, want.Texts, want.Human, want.AI, want.ReportTexts)
	}
}

// TestTrainChoosesTheInformativeSet: when only the first feature
// separates the classes, a set holding it beats a set without it, and the
// features outside the chosen set get no weight.
func TestTrainChoosesTheInformativeSet(t *testing.T) {
	samples := synthetic(200, 6)
	names := stylometry.FeatureNames
	cfg := Config{Lambda: 1, Folds: 5, Seed: 1, HumanFlag: 0.05, MinWords: 150,
		Sets: []FeatureSet{{"noise", names[5:10]}, {"signal", names[:3]}}}
	m, err := Train(samples, cfg, 1)
	if err != nil {
		t.Fatal(err)
	}
	if m.FeatureSet != "signal" {
		t.Fatalf("chose %s", m.FeatureSet)
	}
	for i, c := range m.Coef {
		if (i >= 3) != (c == 0) {
			t.Errorf("feature %s coefficient %v", names[i], c)
		}
	}
	for _, c := range m.Contributions(samples[0].X) {
		if slices.Index(names, c.Feature) >= 3 {
			t.Errorf("contribution of unused feature %s", c.Feature)
		}
	}
	cfg.Sets = []FeatureSet{{"typo", []string{"meanWordLength"}}}
	if _, err := Train(samples, cfg, 1); err == nil {
		t.Error("an unknown feature name was accepted")
	}
}
