package scoring

import (
	"math"
	"testing"

	"github.com/provcheck/provcheck/reports"
)

// resemblance is a calibrated resemblance signal as the stylometry
// detector reports it: ai/weak with review=true at or above its threshold,
// info below.
func resemblance(llr any, review bool) reports.Signal {
	s := sig("stylometry.resemblance", reports.DirInfo, reports.StrengthInfo, false)
	if review {
		s.Direction, s.Strength = reports.DirAI, reports.StrengthWeak
	}
	s.Evidence = map[string]any{EvidenceLLR: llr, "review": review}
	return s
}

func TestCalibratedWeight(t *testing.T) {
	bound := math.Abs(Default().Classes[CalibratedClass])
	tests := []struct {
		name     string
		s        reports.Signal
		min, max float64
	}{
		{"no evidence either way", resemblance(0.0, false), 0, 0},
		{"a small ratio passes almost unchanged", resemblance(0.1, false), 0.098, 0.1},
		{"a human-like style weighs against AI", resemblance(-0.1, false), -0.1, -0.098},
		{"a large ratio stays under the weak class", resemblance(4.0, true), 0.99 * bound, bound},
		{"and so does a large negative one", resemblance(-4.0, false), -bound, -0.99 * bound},
		{"integers from a decoded report count", resemblance(1, true), 0.3, bound},
		{"a NaN is no ratio: class weight of info", resemblance(math.NaN(), false), 0, 0},
		{"a string is no ratio: class weight of ai.weak", resemblance("2", true), bound, bound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Default().Weight(tt.s); got < tt.min || got > tt.max {
				t.Errorf("weight %v, want in [%v, %v]", got, tt.min, tt.max)
			}
		})
	}
}

func TestCalibratedWeightKeepsOrder(t *testing.T) {
	w := Default()
	prev := math.Inf(-1)
	for llr := -6.0; llr <= 6; llr += 0.25 {
		got := w.Weight(resemblance(llr, llr > 1))
		if got <= prev {
			t.Fatalf("weight of llr %v is %v, not above %v", llr, got, prev)
		}
		prev = got
	}
}

func TestCalibratedWeightConfig(t *testing.T) {
	s := resemblance(3.0, true)
	w := Default()
	w.Signals["stylometry.resemblance"] = -0.2
	if got := w.Weight(s); got != -0.2 {
		t.Errorf("signal override ignored: %v", got)
	}
	w = Default()
	w.Classes[CalibratedClass] = 0
	if got := w.Weight(s); got != 0 {
		t.Errorf("ai.weak 0 should turn calibrated weights off, got %v", got)
	}
	w.Classes[CalibratedClass] = 2
	if got := w.Weight(s); got <= Default().Weight(s) || got > 2 {
		t.Errorf("a wider ai.weak bound gives %v", got)
	}
	declared := sig("png.a1111-parameters", reports.DirAI, reports.StrengthDeclared, false)
	declared.Evidence = map[string]any{EvidenceLLR: -5.0}
	if got := Default().Weight(declared); got != Default().Classes["ai.declared"] {
		t.Errorf("a declaration took a measured ratio: weight %v", got)
	}
}

// TestCalibratedNeverSuspects: a calibrated resemblance alone never gives
// an ai-* verdict, whatever its ratio or configured weight; it raises
// review only when its own threshold asks.
func TestCalibratedNeverSuspects(t *testing.T) {
	for _, weight := range []float64{-100, -0.5, 0, 0.5, 3, 100} {
		for _, review := range []bool{false, true} {
			w := Default()
			w.Signals["stylometry.resemblance"] = weight
			f := &reports.FileResult{Signals: []reports.Signal{resemblance(50.0, review)}}
			Apply(w, f)
			if f.Verdict != reports.VerdictNoSignals || f.Review != review {
				t.Errorf("weight %v review %v: verdict %s review=%v score %v", weight, review, f.Verdict, f.Review, f.Score)
			}
		}
	}
	w := Default()
	w.Classes[CalibratedClass] = 100
	f := &reports.FileResult{Signals: []reports.Signal{resemblance(50.0, true)}}
	Apply(w, f)
	if f.Verdict != reports.VerdictNoSignals || f.Score < 0.99 {
		t.Errorf("ai.weak 100: verdict %s score %v, want no-signals with a high score", f.Verdict, f.Score)
	}
}

// TestCalibratedWithOtherHeuristics: the verdict rules of the other
// heuristics are unchanged; the resemblance only moves the score they are
// compared with, by at most the ai.weak bound.
func TestCalibratedWithOtherHeuristics(t *testing.T) {
	strong := sig("text.chatbot-self-reference", reports.DirAI, reports.StrengthStrong, false)
	moderate := sig("text.placeholder", reports.DirAI, reports.StrengthModerate, false)
	tests := []struct {
		name    string
		signals []reports.Signal
		want    reports.Verdict
	}{
		{"strong heuristic stays suspected against a human-like style", []reports.Signal{strong, resemblance(-9.0, false)}, reports.VerdictAISuspected},
		{"moderate heuristic alone is not suspected", []reports.Signal{moderate}, reports.VerdictNoSignals},
		{"nor with an AI-like style (score 0.62, under 0.7)", []reports.Signal{moderate, resemblance(9.0, true)}, reports.VerdictNoSignals},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &reports.FileResult{Signals: tt.signals}
			Apply(Default(), f)
			if f.Verdict != tt.want {
				t.Errorf("verdict %s (score %v), want %s", f.Verdict, f.Score, tt.want)
			}
		})
	}
	// The score moves with the ratio.
	lo := &reports.FileResult{Signals: []reports.Signal{resemblance(-1.0, false)}}
	mid := &reports.FileResult{}
	hi := &reports.FileResult{Signals: []reports.Signal{resemblance(1.0, false)}}
	for _, f := range []*reports.FileResult{lo, mid, hi} {
		Apply(Default(), f)
	}
	if !(lo.Score < mid.Score && mid.Score < hi.Score) {
		t.Errorf("scores not ordered by the ratio: %v %v %v", lo.Score, mid.Score, hi.Score)
	}
}
