// Package stylometry is the stylometric resemblance detector: a small
// logistic model over style features of a text (rate of LLM-favoured
// words and stock phrases, word and sentence lengths, burstiness, MATTR,
// punctuation, pronoun and article rates; reference/text-detection.md §3;
// the training chooses the set, Model.FeatureSet) says how much the
// text's style resembles the AI-written texts of the training sample.
//
// What the score is not: a probability that the text was written by an
// AI. Style keys on register, so formal, comma-rich human prose (legal,
// academic, corporate, school essays) scores high, and light editing or a
// paraphrase moves any text across the threshold. On the project's sample
// the cross-validated AUROC is about 0.78–0.82 (Model.Eval): better than
// chance, useless as a verdict.
//
// So the signal is at most ai/weak, and only when the score reaches the
// review threshold (chosen so that about one scored human text in forty
// of the training folds reaches it); its evidence then carries
// review=true, which makes scoring raise the review flag without giving
// any ai-* verdict on its own. Below the threshold the signal is info.
// Texts under MinWords words get no score.
//
// Either way the evidence carries a log-likelihood ratio calibrated on
// out-of-fold logits (Model.LLR), which scoring turns into the signal's
// weight, bounded by the weak class: the file's score then ranks scored
// texts as the model does, a little above the prior when the style
// resembles the AI texts and a little below when it resembles the human
// ones. Model.Eval.ReportAUROC is that score's cross-validated AUROC.
//
// The model is trained by `go run ./detectors/stylometry/cmd/train` on the
// redistributable texts of the labelled text corpus; weights.go records the
// command, the weights and the cross-validated figures.
package stylometry

import (
	"context"
	"fmt"
	"math"
	"slices"

	"github.com/provcheck/provcheck/detectors"
	"github.com/provcheck/provcheck/detectors/scoring"
	"github.com/provcheck/provcheck/reports"
)

// SigResemblance is the detector's one signal.
const SigResemblance = "stylometry.resemblance"

// maxScan is how much of a text is measured: style is stable long before
// this, and the measurement allocates per rune.
const maxScan = 256 << 10

// Detector is the stylometric resemblance detector.
var Detector = &detectors.Detector{
	Name: "stylometry",
	Doc: fmt.Sprintf("Stylometric resemblance of a text of at least %d words to AI-written texts: a logistic model over "+
		"style features (LLM-favoured vocabulary, stock phrases, word and sentence lengths, burstiness, "+
		"MATTR, punctuation, pronoun and article rates), trained on the project's labelled sample. Cross-validated AUROC "+
		"%.2f; flags %.0f%% of scored human texts and %.0f%% of AI texts. At or above its review threshold it reports "+
		"stylometry.resemblance as ai/weak with review=true (raises review, never an ai-* verdict on its own); "+
		"below it, as info. Its calibrated log-likelihood ratio moves the score by at most the weak class's weight. "+
		"Not a probability of AI authorship.", MinWords, model.Eval.AUROC, 100*model.Eval.HumanFlagged, 100*model.Eval.AIFlagged),
	Version: 3,
	Media:   []string{"text/*", "application/pdf", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
	Run:     run,
}

func run(ctx context.Context, p *detectors.Pass) error {
	if p.Inv == nil || p.Inv.Body == "" {
		return nil
	}
	if kind, why := TextKind(p.Inv.Body); kind != "" {
		p.Report(reports.Signal{
			ID: SigNotProse, Direction: reports.DirInfo, Strength: reports.StrengthInfo,
			Message:  "not scored for style: the text is " + kind + ", not prose",
			Evidence: map[string]any{"kind": kind, "why": why},
			Explanation: "Style measures (sentence lengths, punctuation, vocabulary) describe prose; on data, markup, " +
				"code or logs they measure the format, so no resemblance score is given.",
		})
		return nil
	}
	if s, ok := Assess(p.Inv.Body); ok {
		p.Report(s)
	}
	return nil
}

// Assess scores body with the committed model and returns the signal,
// or false when the text is too short to score or is not prose.
func Assess(body string) (reports.Signal, bool) { return model.Assess(body) }

// Assess scores body and returns the signal, or false when the text is
// too short to score or is not prose (Stats.Prose).
func (m *Model) Assess(body string) (reports.Signal, bool) {
	truncated := false
	if len(body) > maxScan {
		body, truncated = cutRunes(body, maxScan), true
	}
	if wordCount(body) < MinWords {
		return reports.Signal{}, false
	}
	v, st := Extract(body)
	if st.Words < MinWords || !st.Prose() {
		return reports.Signal{}, false
	}
	s := m.Signal(v, st)
	if truncated {
		s.Evidence["scannedBytes"] = maxScan
	}
	return s, true
}

// Signal is the signal for a prose text of at least MinWords words
// measured as v and st. The training command scores held-out texts through it, so the
// evaluation measures what the report says.
func (m *Model) Signal(v Vector, st Stats) reports.Signal {
	score := m.Score(v)
	llr := m.LLR(v)
	review := score >= m.ReviewThreshold
	e := m.Eval
	ev := map[string]any{
		"score":             round(score),
		"reviewThreshold":   round(m.ReviewThreshold),
		"review":            review,
		scoring.EvidenceLLR: round(llr),
		"words":             st.Words,
		"sentences":         st.Sentences,
		"features":          m.topFeatures(v),
		"evaluation": map[string]any{
			"method":             fmt.Sprintf("nested %d-fold cross-validation on %d texts of at least %d words (%d human, %d AI)", e.Folds, e.Texts, MinWords, e.Human, e.AI),
			"auroc":              e.AUROC,
			"humanFlaggedRate":   e.HumanFlagged,
			"aiFlaggedRate":      e.AIFlagged,
			"tprAt5PercentFPR":   e.TPRAt5FPR,
			"reportScoreAuroc":   e.ReportAUROC,
			"reportScoreTexts":   e.ReportTexts,
			"featureSet":         m.FeatureSet,
			"measuredOnTraining": false,
		},
	}
	s := reports.Signal{
		ID:       SigResemblance,
		Evidence: ev,
		Explanation: fmt.Sprintf("This score compares the text's style (vocabulary, sentence lengths, punctuation) with "+
			"human and AI texts of provcheck's sample. It is not a probability that an AI wrote it. Measured by "+
			"nested cross-validation on texts the model had not seen: AUROC %.2f on texts of at least %d words; at the "+
			"review threshold %.0f%% of human texts and %.0f%% of AI texts were flagged. Its log-likelihood ratio, "+
			"calibrated on held-out texts, moves the file's score a little towards AI or away from it, never beyond a "+
			"weak heuristic's weight; so measured, the file score ranked AI above human texts with AUROC %.2f over "+
			"%d texts, those too short to score included. On its own it can raise review, never an AI verdict. "+
			"Formal, academic, legal and corporate human writing, school essays and non-native writers score high; "+
			"edited or paraphrased AI text scores low. Judge the text by its sources and provenance, never by this score.",
			e.AUROC, MinWords, 100*e.HumanFlagged, 100*e.AIFlagged, e.ReportAUROC, e.ReportTexts),
	}
	if review {
		s.Direction, s.Strength = reports.DirAI, reports.StrengthWeak
		s.Message = fmt.Sprintf("Text style resembles AI-written text (score %.2f, review threshold %.2f, %d words); a weak heuristic", score, m.ReviewThreshold, st.Words)
	} else {
		s.Direction, s.Strength = reports.DirInfo, reports.StrengthInfo
		s.Message = fmt.Sprintf("Stylometric resemblance score %.2f, below the review threshold %.2f (%d words)", score, m.ReviewThreshold, st.Words)
	}
	return s
}

// topFeatures lists the three features that pushed the score most
// towards AI, and the three that pushed it most towards human.
func (m *Model) topFeatures(v Vector) map[string]any {
	cs := m.Contributions(v)
	slices.SortFunc(cs, func(a, b Contribution) int {
		switch {
		case a.Logit > b.Logit:
			return -1
		case a.Logit < b.Logit:
			return 1
		}
		return 0
	})
	pick := func(cs []Contribution) []map[string]any {
		var out []map[string]any
		for _, c := range cs {
			out = append(out, map[string]any{"feature": c.Feature, "value": round(c.Value), "logit": round(c.Logit)})
		}
		return out
	}
	n := min(3, len(cs))
	low := slices.Clone(cs[len(cs)-n:])
	slices.Reverse(low)
	return map[string]any{"towardsAI": pick(cs[:n]), "towardsHuman": pick(low)}
}

// cutRunes cuts s to at most n bytes on a rune boundary.
func cutRunes(s string, n int) string {
	for n > 0 && n < len(s) && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n]
}

func round(x float64) float64 { return math.Round(x*1e4) / 1e4 }
