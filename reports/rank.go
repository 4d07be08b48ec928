package reports

import (
	"slices"
	"strings"
)

// The ranking: what a reviewer sees first.
//
// Every view of a file (the table, the HTML report, the web page) shows its
// signals in the same order, decided here:
//
//  1. Decisive: failures and declarations. A broken or untrusted
//     credential (direction integrity) comes first, then declarations
//     (strength declared) that speak of AI, then the other declarations
//     (capture, editing). These are what the verdict rests on.
//  2. Supporting: the other evidence for or against AI, capture or editing
//     (strong, moderate and weak heuristics, camera fields, editor names),
//     and the facts about Content Credentials (signer on no trust list, a
//     remote manifest), which a reviewer needs beside the declarations.
//  3. Technical details: the remaining info-strength findings (encoder
//     tables, quality estimates, capture times, embedded thumbnails). They
//     document the file and feed other checks but decide nothing on their
//     own, so every view folds them under "technical details".
//
// Within a tier, signals covered by a valid signature come first, then
// those about AI or integrity, then by strength and by the size of their
// weight; ties keep the report's order (by id), so the order is stable.
//
// The generator record (prompt, negative prompt, model, seed, sampler,
// software) is gathered from the AI signals' evidence and shown open: it
// is what a reporter asks the person who shared the file about.

// Tier is a signal's place in the ranking.
type Tier int

const (
	TierDecisive Tier = iota
	TierSupporting
	TierTechnical
)

// String names a tier as the views label it.
func (t Tier) String() string {
	switch t {
	case TierDecisive:
		return "decisive"
	case TierSupporting:
		return "supporting"
	}
	return "technical"
}

// Title is the heading a view gives a tier.
func (t Tier) Title() string {
	switch t {
	case TierDecisive:
		return "Decisive evidence"
	case TierSupporting:
		return "Supporting evidence"
	}
	return "Technical details"
}

// contextDetectors are detectors whose info-strength findings are not
// technical details: facts about a file's Content Credentials (who signed,
// where the manifest lives) and about hidden characters in a text belong
// beside the evidence, not folded away.
var contextDetectors = map[string]bool{"c2pa": true, "text": true}

// SignalTier places one signal in the ranking.
func SignalTier(s *Signal) Tier {
	switch {
	case s.Strength == StrengthDeclared:
		return TierDecisive
	case s.Direction == DirIntegrity && s.Strength.Rank() >= StrengthModerate.Rank():
		return TierDecisive
	case s.Strength != StrengthInfo && s.Strength != "":
		return TierSupporting
	case s.Direction == DirIntegrity || contextDetectors[s.Detector]:
		return TierSupporting
	}
	return TierTechnical
}

// signalOrder is the order within the ranking; smaller comes first.
func signalOrder(s *Signal) float64 {
	return -rankSignal(s)
}

func rankSignal(s *Signal) float64 {
	r := float64(s.Strength.Rank()) * 100
	if s.Direction == DirIntegrity && s.Strength.Rank() >= StrengthModerate.Rank() {
		// A failed or untrusted credential is what the declarations
		// beside it must be read against: it goes before them, the
		// change after signing (strong) before the credential problems.
		r += 1000
	}
	if s.Verified {
		r += 50
	}
	switch s.Direction {
	case DirIntegrity:
		r += 30
	case DirAI:
		r += 20
	}
	w := s.Weight
	if w < 0 {
		w = -w
	}
	return r + w
}

// RankedSignals returns the signals in ranking order (a new slice; the
// report keeps its own order by id).
func RankedSignals(sigs []Signal) []Signal {
	out := slices.Clone(sigs)
	slices.SortStableFunc(out, func(a, b Signal) int {
		if ta, tb := SignalTier(&a), SignalTier(&b); ta != tb {
			return int(ta) - int(tb)
		}
		oa, ob := signalOrder(&a), signalOrder(&b)
		switch {
		case oa < ob:
			return -1
		case oa > ob:
			return 1
		}
		return 0
	})
	return out
}

// Ranking is a file's signals as every view shows them.
type Ranking struct {
	Decisive   []Signal
	Supporting []Signal
	Technical  []Signal
	// Generator is the generation record found in the AI signals'
	// evidence, in GeneratorFields order; empty when there is none.
	Generator []Field
}

// Field is one named value for people.
type Field struct {
	Key   string // the evidence key it came from
	Label string
	Value string
}

// Lead is the signal a one-line view shows: the first decisive or
// supporting signal, or nil when a file has only technical details.
func (r *Ranking) Lead() *Signal {
	if len(r.Decisive) > 0 {
		return &r.Decisive[0]
	}
	if len(r.Supporting) > 0 {
		return &r.Supporting[0]
	}
	return nil
}

// Main returns the decisive and supporting signals, in order.
func (r *Ranking) Main() []Signal {
	return append(slices.Clip(r.Decisive), r.Supporting...)
}

// Rank ranks a file's signals.
func Rank(f *FileResult) Ranking {
	var r Ranking
	for _, s := range RankedSignals(f.Signals) {
		switch SignalTier(&s) {
		case TierDecisive:
			r.Decisive = append(r.Decisive, s)
		case TierSupporting:
			r.Supporting = append(r.Supporting, s)
		default:
			r.Technical = append(r.Technical, s)
		}
	}
	r.Generator = generatorRecord(r.Main())
	return r
}

// GeneratorFields are the evidence keys of a generation record, in the
// order they are shown, with their labels. Generator detectors write these
// keys into their signals' evidence.
var GeneratorFields = []struct{ Key, Label string }{
	{"generator", "generator"},
	{"software", "software"},
	{"model", "model"},
	{"prompt", "prompt"},
	{"negativePrompt", "negative prompt"},
	{"seed", "seed"},
	{"sampler", "sampler"},
	{"steps", "steps"},
	{"cfgScale", "CFG scale"},
}

// generatorRecord merges the generation fields of the AI signals, the
// highest-ranked signal first: two signals of one file (a ComfyUI prompt
// and workflow) often repeat the model.
func generatorRecord(sigs []Signal) []Field {
	seen := map[string]bool{}
	var out []Field
	for _, gf := range GeneratorFields {
		for i := range sigs {
			s := &sigs[i]
			if s.Direction != DirAI || seen[gf.Key] {
				continue
			}
			v, ok := s.Evidence[gf.Key]
			if !ok {
				continue
			}
			text := strings.TrimSpace(EvidenceValue(v))
			if text == "" {
				continue
			}
			if gf.Key == "negativePrompt" || gf.Key == "prompt" {
				if t, _ := s.Evidence[gf.Key+"Truncated"].(bool); t {
					text += " …(cut by the detector)"
				}
			}
			seen[gf.Key] = true
			out = append(out, Field{Key: gf.Key, Label: gf.Label, Value: text})
		}
	}
	// A record with only the generator's name says nothing the signal's
	// message does not.
	if len(out) == 1 && out[0].Key == "generator" {
		return nil
	}
	return out
}

// statisticalTerms mark sentences of an explanation that speak in
// statistics: they go to a details line, after the plain-language text.
var statisticalTerms = []string{
	"auroc", "log-likelihood", "likelihood ratio", "cross-validation", "p-value",
	"false-positive rate", "true-positive rate", "fpr", "tpr", "calibrated on",
}

// SplitExplanation splits an explanation into its plain-language sentences
// and its statistical ones (AUROC, likelihood ratios, p-values), each in
// their original order. A view shows the first in its main text and the
// second in a details line.
func SplitExplanation(s string) (plain, stats string) {
	var p, st []string
	for _, sent := range sentences(s) {
		low := strings.ToLower(sent)
		if slices.ContainsFunc(statisticalTerms, func(t string) bool { return strings.Contains(low, t) }) {
			st = append(st, sent)
		} else {
			p = append(p, sent)
		}
	}
	return strings.Join(p, " "), strings.Join(st, " ")
}

// sentences cuts text after ". ", "! " or "? " (a full stop followed by a
// space), which is how explanations are written; decimals stay whole.
func sentences(s string) []string {
	var out []string
	start := 0
	for i := 0; i+1 < len(s); i++ {
		if (s[i] == '.' || s[i] == '!' || s[i] == '?') && s[i+1] == ' ' {
			out = append(out, strings.TrimSpace(s[start:i+1]))
			start = i + 2
		}
	}
	if rest := strings.TrimSpace(s[start:]); rest != "" {
		out = append(out, rest)
	}
	return out
}

// Headline is the sentence a view shows under a file's verdict. It never
// contradicts the evidence listed below it: a no-signals file with only
// technical details says so instead of "no signal was found".
func Headline(f *FileResult, r *Ranking) string {
	if f.Verdict != VerdictNoSignals {
		return f.Verdict.Meaning()
	}
	switch {
	case len(f.Signals) == 0:
		return "No provenance signal was found. Absence of evidence proves nothing about origin: metadata is easily stripped."
	case len(r.Decisive)+len(r.Supporting) == 0:
		return "Nothing found decides this file's origin: the findings are technical details of how it was written. Absence of evidence proves nothing about origin."
	}
	return "Nothing found is strong enough for a verdict: the evidence below is weak or points both ways. Absence of evidence proves nothing about origin."
}
