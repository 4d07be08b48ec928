// Package scoring turns a file's signals into a score, a verdict and a
// review flag. The weight table lives here, in one place; the configuration
// can override any entry.
//
// The score is a logistic of the prior log-odds plus the weights of the
// signals: a naive-Bayes reading in which each weight is the signal's
// log-likelihood ratio for "AI involved". Most weights come from the
// table; a detector that measured its own error rates on held-out data
// reports a calibrated ratio instead (calibrated.go), which the table
// bounds and can override. The score is reported next to the
// verdict, never instead of it: the verdict follows the rules of
// DESIGN.md, so heuristics alone can never produce ai-declared or
// ai-verified however large their weights are set.
package scoring

import (
	"fmt"
	"math"
	"strings"

	"github.com/provcheck/provcheck/reports"
)

// Weights is the weight table.
type Weights struct {
	// Prior is the log-odds of AI involvement before any evidence.
	Prior float64 `mapstructure:"prior"`
	// Classes maps "direction.strength" (e.g. "ai.declared") to a weight.
	Classes map[string]float64 `mapstructure:"classes"`
	// Signals maps a signal ID to a weight that replaces its class weight.
	Signals map[string]float64 `mapstructure:"signals"`
	// SuspectThreshold is the score at or above which heuristic AI evidence
	// gives ai-suspected.
	SuspectThreshold float64 `mapstructure:"suspect-threshold"`
}

// Default returns the documented default table.
//
// Declared AI evidence dominates (+6: an unsigned generator declaration is
// rarely forged to make a photo look fake). Capture evidence pushes down,
// but EXIF is easy to copy, so camera metadata is weak (-0.5) unless a
// signature covers it. Editing software is evidence of neither, with a
// small negative weight: editors rarely write generator metadata. Broken
// provenance is not evidence of AI by itself (0), it raises review instead.
func Default() Weights {
	return Weights{
		Prior: -1.5,
		Classes: map[string]float64{
			"ai.declared":        6.0,
			"ai.strong":          3.0,
			"ai.moderate":        1.5,
			"ai.weak":            0.5,
			"capture.declared":   -3.0,
			"capture.strong":     -1.5,
			"capture.moderate":   -1.0,
			"capture.weak":       -0.5,
			"edit.declared":      -0.5,
			"edit.strong":        -0.3,
			"edit.moderate":      -0.2,
			"edit.weak":          -0.1,
			"integrity.declared": 0,
			"integrity.strong":   0,
			"integrity.moderate": 0,
			"integrity.weak":     0,
		},
		// Per-signal weights estimated on the labelled corpus: see
		// CALIBRATION.md for the counts and the method. Signals that
		// carry a calibrated ratio (stylometry.resemblance) need no
		// entry: their weight is the ratio, bounded by ai.weak.
		Signals: map[string]float64{
			"image.generator-canvas": 1.6,
		},
		SuspectThreshold: 0.7,
	}
}

// Validate checks a table read from a configuration.
func (w Weights) Validate() error {
	for k, v := range w.Classes {
		dir, str, ok := strings.Cut(k, ".")
		if !ok || !knownDirection(dir) || reports.Strength(str).Rank() == 0 && str != string(reports.StrengthInfo) {
			return fmt.Errorf("scoring: weight class %q: want direction.strength, e.g. ai.declared", k)
		}
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("scoring: weight class %q: not a finite number", k)
		}
	}
	for k, v := range w.Signals {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("scoring: signal weight %q: not a finite number", k)
		}
	}
	if w.SuspectThreshold <= 0 || w.SuspectThreshold > 1 {
		return fmt.Errorf("scoring: suspect-threshold %v: want a value in (0, 1]", w.SuspectThreshold)
	}
	return nil
}

func knownDirection(d string) bool {
	switch reports.Direction(d) {
	case reports.DirAI, reports.DirCapture, reports.DirEdit, reports.DirIntegrity, reports.DirInfo:
		return true
	}
	return false
}

// Weight returns the weight of one signal: its entry in Signals if it has
// one; else, for a signal that carries a calibrated log-likelihood ratio
// (EvidenceLLR), that ratio bounded by the magnitude of the
// CalibratedClass weight, whatever the signal's direction (an info signal
// below its detector's review threshold can weigh towards AI or away from
// it); else its class weight.
func (w Weights) Weight(s reports.Signal) float64 {
	if v, ok := w.Signals[s.ID]; ok {
		return v
	}
	if llr, ok := Calibrated(s); ok {
		return calibratedWeight(llr, w.Classes[CalibratedClass])
	}
	if s.Direction == reports.DirInfo || s.Strength == reports.StrengthInfo {
		return 0
	}
	v := w.Classes[string(s.Direction)+"."+string(s.Strength)]
	// A signature raises the evidence to "declared and checked"; it does not
	// change the class, but it does double a capture claim's weight.
	if s.Verified && s.Direction == reports.DirCapture {
		v *= 2
	}
	return v
}

// Apply fills the weights, the score, the verdict, the review flag and its
// reasons of a file result. Signals must already be collected; Errors with
// Fatal set make the verdict "error".
func Apply(w Weights, f *reports.FileResult) {
	logit := w.Prior
	for i := range f.Signals {
		f.Signals[i].Weight = round(w.Weight(f.Signals[i]))
		logit += f.Signals[i].Weight
	}
	f.Score = round(1 / (1 + math.Exp(-logit)))
	f.Verdict, f.Review, f.Reasons = decide(w, f)
}

func decide(w Weights, f *reports.FileResult) (reports.Verdict, bool, []string) {
	for _, e := range f.Errors {
		if e.Fatal {
			return reports.VerdictError, true, []string{"the file could not be read: " + e.Message}
		}
	}
	var (
		aiDeclared, aiVerified, aiHeuristic   bool
		broken, oddity, captureVerified, edit bool
		strongCapture, strongAI               bool
		reviewHeuristics, credential          []string
	)
	for _, s := range f.Signals {
		if r := reports.ReviewReason(s); r != "" {
			// A signal that names its own reason for review (an expired,
			// revoked or untrusted C2PA signer) says it in its words.
			credential = appendUnique(credential, r)
		}
		switch s.Direction {
		case reports.DirAI:
			if ReviewRequested(s) {
				reviewHeuristics = append(reviewHeuristics, s.ID)
			}
			_, calibrated := Calibrated(s)
			switch {
			case s.Strength == reports.StrengthDeclared && s.Verified:
				aiVerified = true
			case s.Strength == reports.StrengthDeclared:
				aiDeclared = true
			case !calibrated:
				// A calibrated resemblance moves the score and asks
				// for review through its own threshold, but it is not
				// heuristic evidence of the kind that can make a file
				// ai-suspected: alone it would turn a style into a
				// verdict (DESIGN.md, "evidence, not oracles").
				aiHeuristic = true
			}
			if s.Strength.Rank() >= reports.StrengthStrong.Rank() {
				strongAI = true
			}
		case reports.DirIntegrity:
			// Only strong integrity evidence (a C2PA manifest that fails
			// validation) means provenance is broken; weaker integrity
			// signals (hidden characters, conflicting metadata blocks) ask
			// a reviewer to look without changing the verdict.
			switch {
			case s.Strength.Rank() >= reports.StrengthStrong.Rank():
				broken = true
			case reports.ReviewReason(s) != "":
				// Already listed in its own words.
			case s.Strength.Rank() >= reports.StrengthWeak.Rank():
				oddity = true
			}
		case reports.DirCapture:
			if s.Verified && s.Strength == reports.StrengthDeclared {
				captureVerified = true
			}
			if s.Strength.Rank() >= reports.StrengthStrong.Rank() {
				strongCapture = true
			}
		case reports.DirEdit:
			edit = true
		}
	}
	var reasons []string
	if strongAI && strongCapture {
		reasons = append(reasons, "strong signals conflict: the file carries both capture and AI evidence")
	}
	if broken {
		reasons = append(reasons, "the file or its Content Credentials changed after signing: see the integrity signals")
	}
	reasons = append(reasons, credential...)
	if oddity {
		reasons = append(reasons, "the file carries hidden or conflicting content: see the integrity signals")
	}
	if len(reviewHeuristics) > 0 {
		reasons = append(reasons, "a heuristic is above its review threshold ("+strings.Join(reviewHeuristics, ", ")+"); heuristics can be wrong")
	}
	var detErr bool
	for _, e := range f.Errors {
		if e.Code == "detector" {
			detErr = true
		}
	}
	if detErr {
		reasons = append(reasons, "a detector failed on this file; its evidence is missing")
	}

	var v reports.Verdict
	switch {
	case aiVerified:
		v = reports.VerdictAIVerified
	case aiDeclared:
		v = reports.VerdictAIDeclared
		reasons = append([]string{"AI involvement is declared but not cryptographically verified"}, reasons...)
	case broken:
		v = reports.VerdictManipulated
	case aiHeuristic && f.Score >= w.SuspectThreshold:
		v = reports.VerdictAISuspected
		reasons = append([]string{"heuristic evidence points to AI; heuristics can be wrong"}, reasons...)
	case captureVerified:
		v = reports.VerdictCaptureVerified
	case edit:
		v = reports.VerdictEdited
	default:
		v = reports.VerdictNoSignals
	}
	review := len(reasons) > 0 || v == reports.VerdictAIDeclared || v == reports.VerdictAISuspected || v == reports.VerdictManipulated
	return v, review, reasons
}

// ReviewRequested reports whether a heuristic AI signal asks for human
// review: its evidence carries review=true. A detector sets it when a
// score passes a threshold chosen for a known false-positive rate (the
// stylometric resemblance). The verdict is unchanged: a weak heuristic
// alone stays under the ai-suspected threshold, and a calibrated
// resemblance (calibrated.go) never counts towards it.
func ReviewRequested(s reports.Signal) bool {
	if s.Direction != reports.DirAI || s.Strength == reports.StrengthDeclared {
		return false
	}
	r, _ := s.Evidence["review"].(bool)
	return r
}

func appendUnique(s []string, v string) []string {
	for _, x := range s {
		if x == v {
			return s
		}
	}
	return append(s, v)
}

func round(x float64) float64 { return math.Round(x*1e4) / 1e4 }
