package scoring

import (
	"math"

	"github.com/provcheck/provcheck/reports"
)

// EvidenceLLR is the evidence key under which a detector that measured
// its own error rates reports a calibrated log-likelihood ratio for AI
// involvement: the natural log of how much more often texts or images
// like this one came from the AI class than from the other class of its
// held-out evaluation. Positive means "resembles AI", negative "resembles
// the rest"; a ratio is a measurement on a sample, never a declaration.
const EvidenceLLR = "logLikelihoodRatio"

// CalibratedClass is the weight class whose magnitude bounds a calibrated
// ratio: a statistical resemblance measured on a few hundred samples is
// weak evidence however far it reaches, in either direction.
const CalibratedClass = "ai.weak"

// Calibrated returns the log-likelihood ratio the signal carries under
// EvidenceLLR, and whether it carries a usable one. Declarations never do:
// a declaration is read, not measured.
func Calibrated(s reports.Signal) (float64, bool) {
	if s.Strength == reports.StrengthDeclared {
		return 0, false
	}
	var llr float64
	switch v := s.Evidence[EvidenceLLR].(type) {
	case float64:
		llr = v
	case float32:
		llr = float64(v)
	case int:
		llr = float64(v)
	default:
		return 0, false
	}
	if math.IsNaN(llr) || math.IsInf(llr, 0) {
		return 0, false
	}
	return llr, true
}

// calibratedWeight bounds a measured ratio to ±bound with a soft cap,
// bound·tanh(llr/bound): a small ratio passes almost unchanged, a large
// one approaches the bound without reaching it, and the order of any two
// ratios is kept, so the score still ranks files as the detector's
// measurement does. A zero bound turns calibrated weights off.
func calibratedWeight(llr, bound float64) float64 {
	bound = math.Abs(bound)
	if bound == 0 {
		return 0
	}
	return bound * math.Tanh(llr/bound)
}
