package stylometry

import (
	"math"
	"strings"
	"testing"

	"github.com/provcheck/provcheck/detectors"
	"github.com/provcheck/provcheck/detectors/scoring"
	"github.com/provcheck/provcheck/provenance/container"
	"github.com/provcheck/provcheck/reports"
)

func feature(v Vector, name string) float64 {
	for i, n := range FeatureNames {
		if n == name {
			return v[i]
		}
	}
	panic("no feature " + name)
}

func TestExtract(t *testing.T) {
	tests := []struct {
		name    string
		text    string
		words   int
		sents   int
		feature string
		want    float64
	}{
		{"sentences split on capitals", "One two three. Four five. Six!", 6, 3, "meanSentenceLen", 2},
		{"abbreviation-like stops do not split", "We met at 3 p.m. on the quay.", 8, 1, "meanSentenceLen", 8},
		{"commas per word", "Red, green, blue and white.", 5, 1, "commaPerWord", 0.4},
		{"llm vocabulary per 1k words", "Let us delve into the rich tapestry of ideas here today.", 11, 1, "llmVocabPer1k", 1000 * 2.0 / 11},
		{"contractions", "I don't know, it's fine.", 5, 1, "contractionRate", 0.4},
		{"first person", "We think our plan works for me.", 7, 1, "firstPersonRate", 3.0 / 7},
		{"stock phrase", "In conclusion, it is important to note the cost.", 9, 1, "stockPhrasePer1k", 1000 * 2.0 / 9},
		{"burstiness of equal sentences is zero", "A b c. D e f. G h i.", 9, 3, "sentenceLenCV", 0},
		{"article rate", "The cat saw the dog.", 5, 1, "theRate", 0.4},
		{"lists after a comma", "Red, green, and blue. Tea, or coffee.", 7, 2, "andListRate", 1},
		{"and without a comma is no list", "Salt and pepper, please.", 4, 1, "andListRate", 0},
		{"a comma then other punctuation breaks the list", "Well,) and so.", 3, 1, "andListRate", 0},
		{"empty", "", 0, 0, "meanWordLen", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, st := Extract(tt.text)
			if st.Words != tt.words || st.Sentences != tt.sents {
				t.Errorf("words %d sentences %d, want %d %d", st.Words, st.Sentences, tt.words, tt.sents)
			}
			if got := feature(v, tt.feature); math.Abs(got-tt.want) > 1e-9 {
				t.Errorf("%s = %v, want %v", tt.feature, got, tt.want)
			}
			if wc := wordCount(tt.text); wc != st.Words {
				t.Errorf("wordCount %d, Extract %d", wc, st.Words)
			}
		})
	}
}

func TestMATTR(t *testing.T) {
	words := strings.Fields(strings.Repeat("a b ", 50))
	if got := mattr(words, 50); math.Abs(got-2.0/50) > 1e-12 {
		t.Errorf("mattr of alternating words = %v, want %v", got, 2.0/50)
	}
	distinct := make([]string, 120)
	for i := range distinct {
		distinct[i] = strings.Repeat("x", i+1)
	}
	if got := mattr(distinct, 50); got != 1 {
		t.Errorf("mattr of distinct words = %v, want 1", got)
	}
}

func TestModelMatchesFeatures(t *testing.T) {
	if len(model.Features) != len(FeatureNames) || len(model.Coef) != len(FeatureNames) {
		t.Fatalf("model has %d features and %d coefficients, want %d: retrain", len(model.Features), len(model.Coef), len(FeatureNames))
	}
	for i, n := range FeatureNames {
		if model.Features[i] != n {
			t.Errorf("feature %d is %q in the model, %q in the code: retrain", i, model.Features[i], n)
		}
	}
	e := model.Eval
	if e.Folds < 2 || e.AUROC <= 0.5 || e.HumanFlagged > 0.10 || model.ReviewThreshold <= 0.5 {
		t.Errorf("evaluation %+v, threshold %v: the model must beat chance and flag at most 10%% of human texts", e, model.ReviewThreshold)
	}
	if e.ReportAUROC <= 0.5 || e.ReportTexts < e.Texts || model.LLRSlope <= 0 {
		t.Errorf("report-score AUROC %v over %d texts, llr slope %v: the score must follow the model", e.ReportAUROC, e.ReportTexts, model.LLRSlope)
	}
}

// formal is a comma-rich, long-word paragraph in the register the model
// keys on; casual is short-sentence first-person prose.
const formal = "Moreover, the comprehensive framework underscores a pivotal shift in how organisations navigate the intricate landscape of regulation, fostering seamless collaboration across departments. Furthermore, it is important to note that such initiatives, while ambitious, leverage existing infrastructure, thereby enhancing efficiency, transparency, and accountability. "
const casual = "I went down to the shop. It was shut! So I walked home again and made tea. My dog barked at me, I don't know why. We sat out back for a bit. Then it rained, of course. Tom came by later and we had chips. He's fine. "

func TestAssessOnlyProse(t *testing.T) {
	tests := []struct {
		name string
		text string
		want bool
	}{
		{"too short", strings.Repeat("word ", MinWords-1), false},
		{"prose", strings.Repeat(casual, 5), true},
		{"markup with path data", strings.Repeat(`<path d="M 10.5 20.25 L 30.75 40.125 Z" fill="#a0b1c2"/> `, 60), false},
		{"a table of numbers", strings.Repeat("id 2024-11-27 12,345.67 0.891 -3.2e4 98.6%\n", 120), false},
		{"code-like prose still counts", strings.Repeat("Call the open function with the path, then read the header = first bytes. ", 15), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, st := Extract(tt.text)
			if tt.name != "too short" && st.Words < MinWords {
				t.Fatalf("fixture of %d words: it must be long enough for the prose gate to decide", st.Words)
			}
			if _, ok := Assess(tt.text); ok != tt.want {
				t.Errorf("scored %v, want %v (words %d, letters %d of %d visible)", ok, tt.want, st.Words, st.Letters, st.Visible)
			}
		})
	}
}

func TestAssess(t *testing.T) {
	hi, ok := Assess(strings.Repeat(formal, 5))
	if !ok {
		t.Fatal("formal text not scored")
	}
	lo, ok := Assess(strings.Repeat(casual, 5))
	if !ok {
		t.Fatal("casual text not scored")
	}
	if hi.Evidence["score"].(float64) <= lo.Evidence["score"].(float64) {
		t.Errorf("formal score %v not above casual %v", hi.Evidence["score"], lo.Evidence["score"])
	}
	if hi.Direction != reports.DirAI || hi.Strength != reports.StrengthWeak || hi.Evidence["review"] != true {
		t.Errorf("formal: %s/%s review=%v, want ai/weak review=true", hi.Direction, hi.Strength, hi.Evidence["review"])
	}
	if lo.Direction != reports.DirInfo || lo.Evidence["review"] != false {
		t.Errorf("casual: %s review=%v, want info review=false", lo.Direction, lo.Evidence["review"])
	}
	for _, s := range []reports.Signal{hi, lo} {
		if s.ID != SigResemblance || s.Message == "" || !strings.Contains(s.Explanation, "not a probability") {
			t.Errorf("signal %+v", s)
		}
	}
	hiLLR, _ := scoring.Calibrated(hi)
	loLLR, _ := scoring.Calibrated(lo)
	if hiLLR <= 0 || loLLR >= 0 {
		t.Errorf("log-likelihood ratios: formal %v, casual %v; want above and below 0", hiLLR, loLLR)
	}
}

// TestScoredByScoring runs the signal through scoring: the score follows
// the ratio (above the prior for AI-like style, below it for human-like
// style), review follows the threshold, and the verdict is never ai-*.
func TestScoredByScoring(t *testing.T) {
	w := scoring.Default()
	prior := 1 / (1 + math.Exp(-w.Prior))
	tests := []struct {
		name    string
		text    string
		above   bool
		review  bool
		verdict reports.Verdict
	}{
		{"formal", strings.Repeat(formal, 5), true, true, reports.VerdictNoSignals},
		{"casual", strings.Repeat(casual, 5), false, false, reports.VerdictNoSignals},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, ok := Assess(tt.text)
			if !ok {
				t.Fatal("not scored")
			}
			f := &reports.FileResult{Signals: []reports.Signal{s}}
			scoring.Apply(w, f)
			if (f.Score > prior) != tt.above || f.Review != tt.review || f.Verdict != tt.verdict {
				t.Errorf("score %v (prior %v) review %v verdict %s", f.Score, prior, f.Review, f.Verdict)
			}
			bound := math.Abs(w.Classes[scoring.CalibratedClass])
			if wt := f.Signals[0].Weight; wt == 0 || math.Abs(wt) > bound {
				t.Errorf("weight %v, want non-zero within ±%v", wt, bound)
			}
		})
	}
}

func TestRun(t *testing.T) {
	var got []reports.Signal
	p := &detectors.Pass{
		Inv:    &container.Inventory{Format: "text", Body: strings.Repeat(formal, 5)},
		Report: func(s reports.Signal) { got = append(got, s) },
	}
	if err := Detector.Run(t.Context(), p); err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].ID != SigResemblance {
		t.Fatalf("signals %+v", got)
	}
	if !Detector.Applies("text/plain") || !Detector.Applies("application/pdf") || Detector.Applies("image/png") {
		t.Error("media types")
	}
}

func BenchmarkAssess(b *testing.B) {
	text := strings.Repeat(formal+casual, 20)
	for b.Loop() {
		Assess(text)
	}
}
