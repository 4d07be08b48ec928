package stylometry

import "math"

// Model is a logistic regression over standardised features.
type Model struct {
	// Features names the inputs; they must equal FeatureNames.
	Features []string
	// Mean and Scale standardise each feature: z = (x - Mean) / Scale.
	Mean, Scale []float64
	// Coef and Bias are the logistic weights over z.
	Coef []float64
	Bias float64
	// ReviewThreshold is the score at or above which the signal asks for
	// human review.
	ReviewThreshold float64
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
}

// Score is the model's output for a vector, in [0, 1].
func (m *Model) Score(v Vector) float64 {
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
	return 1 / (1 + math.Exp(-z))
}

// Contribution is one feature's share of a score.
type Contribution struct {
	Feature string
	Value   float64 // the raw feature value
	Logit   float64 // its term in the logit: positive pushes towards AI
}

// Contributions lists each feature's term of the logit for v.
func (m *Model) Contributions(v Vector) []Contribution {
	out := make([]Contribution, 0, len(v))
	for i, x := range v {
		if i >= len(m.Coef) {
			break
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
