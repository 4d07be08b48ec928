// Command train fits the stylometric model on a labelled text folder and
// writes its weights, with the cross-validated evaluation, as a Go file.
//
// Usage (from the repository root):
//
//	go run ./detectors/stylometry/cmd/train -corpus ../shared/corpus/text -out detectors/stylometry/weights.go
//
// The folder holds txt files and a labels.csv with file, label (ai or
// human), model, domain and source_repo columns. Texts from repositories
// listed in -exclude (those whose licence does not allow redistribution)
// are left out, so the weights derive only from texts the project may
// redistribute (they are still scored once by the final model, as a
// held-out check on AI texts). Figures are measured by nested k-fold
// cross-validation: the feature set, the model, the review threshold and
// the log-likelihood-ratio calibration are all chosen without the
// held-out fold, which is then scored once, through the detector's signal
// and the default weight table, so that the report's score is evaluated
// as a scan would compute it.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"go/format"
	"log"
	"os"
	"slices"
	"strings"

	"github.com/provcheck/provcheck/detectors/stylometry"
	"github.com/provcheck/provcheck/detectors/stylometry/internal/train"
)

func main() {
	var (
		corpus    = flag.String("corpus", "../shared/corpus/text", "labelled text folder")
		out       = flag.String("out", "", "write the weights Go file here (default: print the evaluation only)")
		exclude   = flag.String("exclude", "huhailinguist/ArguGPT", "comma-separated source repositories to leave out (no redistribution licence)")
		folds     = flag.Int("folds", 5, "cross-validation folds")
		seed      = flag.Uint64("seed", 1, "shuffle seed")
		lambda    = flag.Float64("lambda", 4, "L2 penalty")
		humanFlag = flag.Float64("human-flag", 0.025, "share of human texts the review threshold may flag, chosen on out-of-fold training scores (the held-out rate comes out higher: one human text in forty of a training fold is one in twenty or so of unseen texts)")
		minTrain  = flag.Int("min-train-words", 60, "shortest text used for fitting")
		verbose   = flag.Bool("v", false, "print every held-out score")
		only      = flag.String("only", "", "train on this candidate feature set alone instead of choosing (for comparisons)")
		repeats   = flag.Int("repeats", 1, "also repeat the nested cross-validation with this many fold splits (seeds seed, seed+1, ...) and print the means: one split of a few dozen texts moves the AUROC by several points")
	)
	flag.Parse()
	all, err := train.Load(*corpus)
	if err != nil {
		log.Fatal(err)
	}
	samples, left := train.Split(all, strings.Split(*exclude, ","))
	cfg := train.Config{Lambda: *lambda, Folds: *folds, Seed: *seed, HumanFlag: *humanFlag,
		MinWords: stylometry.MinWords, MinTrainLen: *minTrain, Sets: train.Candidates}
	if *only != "" {
		i := slices.IndexFunc(train.Candidates, func(fs train.FeatureSet) bool { return fs.Name == *only })
		if i < 0 {
			log.Fatalf("no feature set %q", *only)
		}
		cfg.Sets = train.Candidates[i : i+1]
	}
	ev, res, err := train.Evaluate(samples, cfg)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("samples %d (scored ≥%d words: %d human, %d ai)\n", len(samples), stylometry.MinWords, ev.Human, ev.AI)
	fmt.Printf("nested %d-fold CV, model: AUROC %.3f  TPR@5%%FPR %.3f  review flags: human %.3f  ai %.3f\n",
		ev.Folds, ev.AUROC, ev.TPRAt5FPR, ev.HumanFlagged, ev.AIFlagged)
	fmt.Printf("feature sets chosen in the outer folds: %s\n", ev.Selected)
	fmt.Printf("nested %d-fold CV, report score (default weights, all %d texts, %d human, %d ai): AUROC %.3f\n",
		ev.Folds, ev.ReportTexts, ev.ReportHuman, ev.ReportAI, ev.ReportAUROC)
	reviewRates(samples, res)
	if *repeats > 1 {
		repeated(samples, cfg, *repeats)
	}
	subsets(samples, res)
	if *verbose {
		for i, s := range samples {
			o := res[i]
			fmt.Printf("%s\t%v\t%d\t%.3f\t%v\t%.4f\t%s\n", s.Name, s.AI, s.Words, o.Score, o.Flagged, o.ReportScore, s.Domain)
		}
	}
	m, err := train.Train(samples, cfg, *seed)
	if err != nil {
		log.Fatal(err)
	}
	m.Eval = ev
	fmt.Printf("final model: feature set %s, review threshold %.4f, llr = %.3f·logit %+.3f\n", m.FeatureSet, m.ReviewThreshold, m.LLRSlope, m.LLRIntercept)
	for i, n := range m.Features {
		fmt.Printf("  %-18s %+.3f\n", n, m.Coef[i])
	}
	heldOut(m, left)
	if *out == "" {
		return
	}
	args := strings.Join(os.Args[1:], " ")
	if err := write(*out, m, args); err != nil {
		log.Fatal(err)
	}
}

// repeated prints the mean and range of the nested cross-validated
// figures over n fold splits.
func repeated(samples []train.Sample, cfg train.Config, n int) {
	type stat struct{ sum, lo, hi float64 }
	var auc, rep, hu, ai stat
	add := func(s *stat, x float64, first bool) {
		s.sum += x
		if first || x < s.lo {
			s.lo = x
		}
		if first || x > s.hi {
			s.hi = x
		}
	}
	for i := range n {
		c := cfg
		c.Seed = cfg.Seed + uint64(i)
		ev, _, err := train.Evaluate(samples, c)
		if err != nil {
			log.Fatal(err)
		}
		add(&auc, ev.AUROC, i == 0)
		add(&rep, ev.ReportAUROC, i == 0)
		add(&hu, ev.HumanFlagged, i == 0)
		add(&ai, ev.AIFlagged, i == 0)
	}
	f := func(s stat) string { return fmt.Sprintf("%.3f [%.3f, %.3f]", s.sum/float64(n), s.lo, s.hi) }
	fmt.Printf("over %d fold splits, mean [min, max]: model AUROC %s, report-score AUROC %s, human flagged %s, ai flagged %s\n",
		n, f(auc), f(rep), f(hu), f(ai))
}

// reviewRates prints the out-of-fold review rates over every text, short
// ones included, as a scan of the folder would count them.
func reviewRates(samples []train.Sample, out []train.Outcome) {
	var hu, huRev, ai, aiRev int
	for i, s := range samples {
		if s.AI {
			ai++
			if out[i].Review {
				aiRev++
			}
		} else {
			hu++
			if out[i].Review {
				huRev++
			}
		}
	}
	fmt.Printf("out-of-fold review flags over all texts: human %d/%d, ai %d/%d\n", huRev, hu, aiRev, ai)
}

// heldOut prints what the final model does on the texts left out of
// training (no redistribution licence): they were never fitted on, so
// their figures are honest, but they hold AI texts only.
func heldOut(m *stylometry.Model, left []train.Sample) {
	var n, scored, flagged, pos int
	for _, s := range left {
		if !s.AI {
			continue
		}
		n++
		if !s.Scored(stylometry.MinWords) {
			continue
		}
		scored++
		if m.Score(s.X) >= m.ReviewThreshold {
			flagged++
		}
		if m.LLR(s.X) > 0 {
			pos++
		}
	}
	if n > 0 {
		fmt.Printf("left-out AI texts: %d, scored %d, flagged %d, ratio towards AI %d\n", n, scored, flagged, pos)
	}
}

// subsets prints the held-out figures on the slices the corpus notes ask
// for: non-native TOEFL essays, and without the rewrite/polish subsets.
func subsets(samples []train.Sample, out []train.Outcome) {
	var toefl, toeflFlag int
	var pos, neg []float64
	for i, s := range samples {
		if !s.Scored(stylometry.MinWords) {
			continue
		}
		if s.Domain == "essay-toefl-nonnative" && !s.AI {
			toefl++
			if out[i].Flagged {
				toeflFlag++
			}
		}
		if s.AI && s.Hard {
			continue
		}
		if s.AI {
			pos = append(pos, out[i].Score)
		} else {
			neg = append(neg, out[i].Score)
		}
	}
	fmt.Printf("non-native TOEFL essays flagged: %d of %d scored\n", toeflFlag, toefl)
	fmt.Printf("AUROC without rewrites/polish/self-edits: %.3f (%d ai, %d human)\n", train.AUROC(pos, neg), len(pos), len(neg))
}

func write(path string, m *stylometry.Model, args string) error {
	var b bytes.Buffer
	fmt.Fprintf(&b, "// Code generated by go run ./detectors/stylometry/cmd/train %s; DO NOT EDIT.\n\n", args)
	b.WriteString("package stylometry\n\n")
	b.WriteString("// model was fitted on the redistributable texts of the labelled text corpus;\n")
	b.WriteString("// Eval holds the nested cross-validated figures.\n")
	fmt.Fprintf(&b, "var model = &Model{\n")
	fmt.Fprintf(&b, "Features: %#v,\n", m.Features)
	fmt.Fprintf(&b, "Mean: %s,\nScale: %s,\nCoef: %s,\n", floats(m.Mean), floats(m.Scale), floats(m.Coef))
	fmt.Fprintf(&b, "Bias: %.6g,\nFeatureSet: %q,\nReviewThreshold: %.6g,\n", m.Bias, m.FeatureSet, m.ReviewThreshold)
	fmt.Fprintf(&b, "LLRSlope: %.6g,\nLLRIntercept: %.6g,\n", m.LLRSlope, m.LLRIntercept)
	e := m.Eval
	fmt.Fprintf(&b, "Eval: Evaluation{Folds: %d, Texts: %d, Human: %d, AI: %d, AUROC: %.4f, HumanFlagged: %.4f, AIFlagged: %.4f, TPRAt5FPR: %.4f,\n",
		e.Folds, e.Texts, e.Human, e.AI, e.AUROC, e.HumanFlagged, e.AIFlagged, e.TPRAt5FPR)
	fmt.Fprintf(&b, "ReportAUROC: %.4f, ReportTexts: %d, ReportHuman: %d, ReportAI: %d, Selected: %q},\n",
		e.ReportAUROC, e.ReportTexts, e.ReportHuman, e.ReportAI, e.Selected)
	b.WriteString("}\n")
	src, err := format.Source(b.Bytes())
	if err != nil {
		return fmt.Errorf("format weights: %w", err)
	}
	return os.WriteFile(path, src, 0o644)
}

func floats(xs []float64) string {
	parts := make([]string, len(xs))
	for i, x := range xs {
		parts[i] = fmt.Sprintf("%.6g", x)
	}
	return "[]float64{" + strings.Join(parts, ", ") + "}"
}
