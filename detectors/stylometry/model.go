package stylometry

import "math"

// Model is a logistic regression over standardised features.
type Model struct {
	// Features names the inputs; they must equal FeatureNames.
	Features []string
	// Mean and Scale standardise each feature: z = (x - Mean) / Scale.
	Mean, Scale []float64
	// Coef and Bias are the logistic weights over z. A feature left out
	// of the chosen set has a zero coefficient.
	Coef []float64
	Bias float64
	// FeatureSet names the set of features the training chose.
	FeatureSet string
	// ReviewThreshold is the score at or above which the signal asks for
	// human review.
	ReviewThreshold float64
	// LLRSlope and LLRIntercept turn the model's logit into the
	// log-likelihood ratio the signal carries for scoring:
	// llr = LLRSlope·logit + LLRIntercept. They are fitted on out-of-fold
	// logits of the training texts (Platt scaling, less the sample's prior
	// log-odds), so the ratio says what a logit was worth on texts the
	// model had not seen, not what the fitted model believes of itself.
	LLRSlope, LLRIntercept float64
	// Eval holds the cross-validated figures the report quotes.
	Eval Evaluation
}

// Evaluation holds figures measured by k-fold cross-validation on texts
// the scored model had not seen; never on training texts.
type Evaluation struct {
	Folds int
	// Texts, Human and AI count the scored (≥ MinWords) texts of the
	// evaluation.
	Texts, Human, AI int
	// AUROC is the out-of-fold area under the ROC curve.
	AUROC float64
	// HumanFlagged and AIFlagged are the out-of-fold shares of human and
	// AI texts at or above the review threshold, the threshold chosen
	// inside each fold.
	HumanFlagged, AIFlagged float64
	// TPRAt5FPR is the share of AI texts caught at a 5% false-positive
	// rate, out of fold.
	TPRAt5FPR float64
	// ReportAUROC is the out-of-fold AUROC of the report's score (default
	// weight table, this signal the only evidence) over every evaluated
	// text, those under MinWords included: they get no signal and keep
	// the prior. It is what a scan of unseen texts would rank.
	ReportAUROC float64
	// ReportTexts, ReportHuman and ReportAI count those texts.
	ReportTexts, ReportHuman, ReportAI int
	// Selected says which feature set the inner cross-validation chose
	// in how many outer folds: the choice is part of what was evaluated.
	Selected string
}

// Logit is the model's log-odds for a vector.
func (m *Model) Logit(v Vector) float64 {
	z := m.Bias
	for i, x := range v {
		if i >= len(m.Coef) {
			break
		}
		s := m.Scale[i]
		if s == 0 {
			s = 1
		}
		z += m.Coef[i] * (x - m.Mean[i]) / s
	}
	return z
}

// Score is the model's output for a vector, in [0, 1].
func (m *Model) Score(v Vector) float64 {
	return 1 / (1 + math.Exp(-m.Logit(v)))
}

// LLR is the calibrated log-likelihood ratio for AI of a vector.
func (m *Model) LLR(v Vector) float64 {
	return m.LLRSlope*m.Logit(v) + m.LLRIntercept
}

// Contribution is one feature's share of a score.
type Contribution struct {
	Feature string
	Value   float64 // the raw feature value
	Logit   float64 // its term in the logit: positive pushes towards AI
}

// Contributions lists each feature's term of the logit for v, leaving
// out the features outside the chosen set.
func (m *Model) Contributions(v Vector) []Contribution {
	out := make([]Contribution, 0, len(v))
	for i, x := range v {
		if i >= len(m.Coef) {
			break
		}
		if m.Coef[i] == 0 {
			continue // not in the chosen set
		}
		s := m.Scale[i]
		if s == 0 {
			s = 1
		}
		out = append(out, Contribution{Feature: m.Features[i], Value: x, Logit: m.Coef[i] * (x - m.Mean[i]) / s})
	}
	return out
}

// Trained returns a copy of the committed model, for reports that quote
// its evaluation.
func Trained() Model {
	m := *model
	return m
}
