// Package train fits and evaluates the stylometric model: L2-regularised
// logistic regression by Newton's method on standardised features, and
// stratified k-fold cross-validation with the review threshold and the
// log-likelihood-ratio calibration chosen inside each training fold.
// Everything is deterministic for a seed.
package train

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/provcheck/provcheck/detectors/scoring"
	"github.com/provcheck/provcheck/detectors/stylometry"
	"github.com/provcheck/provcheck/reports"
)

// Sample is one labelled text.
type Sample struct {
	Name  string
	AI    bool
	X     stylometry.Vector
	Words int
	// Sentences is what Extract counted, for the signal's message.
	Sentences int
	Domain    string
	// Repo is the upstream repository the text came from.
	Repo string
	// Hard marks AI texts that keep human content (rewrites, polish,
	// self-edits).
	Hard bool
	// NotProse marks a text the detector would not score however long
	// (stylometry.Stats.Prose).
	NotProse bool
}

// Scored reports whether the detector scores the sample.
func (s Sample) Scored(minWords int) bool { return s.Words >= minWords && !s.NotProse }

// Config are the training knobs.
type Config struct {
	Lambda      float64 // L2 penalty on the coefficients
	Folds       int
	Seed        uint64
	HumanFlag   float64 // target share of (training) human texts at or above the review threshold
	MinWords    int     // texts shorter than this are not scored in the evaluation
	MinTrainLen int     // texts shorter than this are not used for fitting
	// Sets are the feature sets Train chooses from, by inner
	// cross-validated AUROC; none means every feature.
	Sets []FeatureSet
	// Use marks the features Fit uses (nil: all); Train sets it.
	Use []bool
}

// Candidates are the feature sets the training command chooses from,
// simplest first (the first of equally good sets wins): the twenty style
// features of text-detection.md §3; those plus the article rate and
// ", and"/", or" lists (noun-heavy prose and the three-item lists chat
// models favour); and a smaller set without the rarest punctuation and
// pronoun features, plus the article rate.
var Candidates = []FeatureSet{
	{"style20", stylometry.FeatureNames[:20]},
	{"style20+articles", stylometry.FeatureNames[:22]},
	{"core", []string{"llmVocabPer1k", "stockPhrasePer1k", "meanWordLen", "commaPerWord", "meanSentenceLen",
		"sentenceLenSD", "sentenceLenCV", "mattr50", "functionWordRate", "firstPersonRate", "contractionRate",
		"quoteRate", "digitRate", "dashRate", "exclaimQuestion", "theRate"}},
}

// FeatureSet is a named subset of stylometry.FeatureNames.
type FeatureSet struct {
	Name     string
	Features []string
}

// mask marks the set's features; it fails on a name the extractor does
// not know, so a renamed feature cannot silently drop out.
func (fs FeatureSet) mask() ([]bool, error) {
	use := make([]bool, len(stylometry.FeatureNames))
	for _, f := range fs.Features {
		i := slices.Index(stylometry.FeatureNames, f)
		if i < 0 {
			return nil, fmt.Errorf("feature set %s: no feature %q", fs.Name, f)
		}
		use[i] = true
	}
	return use, nil
}

// Fit trains a model on samples, on the features cfg.Use marks; the
// others get a zero coefficient (and a neutral mean and scale).
func Fit(samples []Sample, cfg Config) *stylometry.Model {
	d := len(stylometry.FeatureNames)
	m := &stylometry.Model{Features: slices.Clone(stylometry.FeatureNames), Mean: make([]float64, d), Scale: make([]float64, d)}
	used := func(j int) bool { return cfg.Use == nil || j < len(cfg.Use) && cfg.Use[j] }
	var fit []Sample
	for _, s := range samples {
		if s.Words >= cfg.MinTrainLen && !s.NotProse {
			fit = append(fit, s)
		}
	}
	n := float64(len(fit))
	for _, s := range fit {
		for j, x := range s.X {
			m.Mean[j] += x / n
		}
	}
	for _, s := range fit {
		for j, x := range s.X {
			m.Scale[j] += (x - m.Mean[j]) * (x - m.Mean[j]) / n
		}
	}
	for j := range m.Scale {
		m.Scale[j] = math.Sqrt(m.Scale[j])
		if m.Scale[j] < 1e-12 || !used(j) {
			m.Scale[j] = 1
		}
		if !used(j) {
			m.Mean[j] = 0
		}
	}
	z := make([][]float64, len(fit))
	y := make([]float64, len(fit))
	for i, s := range fit {
		z[i] = make([]float64, d+1)
		z[i][0] = 1
		for j, x := range s.X {
			if used(j) {
				z[i][j+1] = (x - m.Mean[j]) / m.Scale[j]
			}
		}
		if s.AI {
			y[i] = 1
		}
	}
	w := newton(z, y, cfg.Lambda)
	m.Bias, m.Coef = w[0], w[1:]
	return m
}

// newton maximises the penalised log-likelihood; the intercept is not
// penalised.
func newton(z [][]float64, y []float64, lambda float64) []float64 {
	p := len(z[0])
	w := make([]float64, p)
	for range 50 {
		g := make([]float64, p)
		h := make([][]float64, p)
		for i := range h {
			h[i] = make([]float64, p)
		}
		for i, row := range z {
			mu := sigmoid(dot(w, row))
			for a := range p {
				g[a] += (y[i] - mu) * row[a]
				for b := range p {
					h[a][b] += mu * (1 - mu) * row[a] * row[b]
				}
			}
		}
		for a := 1; a < p; a++ {
			g[a] -= lambda * w[a]
			h[a][a] += lambda
		}
		h[0][0] += 1e-9
		step := solve(h, g)
		maxStep := 0.0
		for a := range p {
			w[a] += step[a]
			maxStep = max(maxStep, math.Abs(step[a]))
		}
		if maxStep < 1e-10 {
			break
		}
	}
	return w
}

// solve solves h·x = g by Gaussian elimination with partial pivoting.
func solve(h [][]float64, g []float64) []float64 {
	n := len(g)
	a := make([][]float64, n)
	for i := range a {
		a[i] = append(slices.Clone(h[i]), g[i])
	}
	for c := range n {
		piv := c
		for r := c + 1; r < n; r++ {
			if math.Abs(a[r][c]) > math.Abs(a[piv][c]) {
				piv = r
			}
		}
		a[c], a[piv] = a[piv], a[c]
		if math.Abs(a[c][c]) < 1e-300 {
			continue
		}
		for r := range n {
			if r == c {
				continue
			}
			f := a[r][c] / a[c][c]
			for k := c; k <= n; k++ {
				a[r][k] -= f * a[c][k]
			}
		}
	}
	x := make([]float64, n)
	for i := range n {
		if a[i][i] != 0 {
			x[i] = a[i][n] / a[i][i]
		}
	}
	return x
}

func sigmoid(x float64) float64 { return 1 / (1 + math.Exp(-x)) }

func dot(a, b []float64) float64 {
	s := 0.0
	for i := range a {
		s += a[i] * b[i]
	}
	return s
}

// Folds splits sample indices into k stratified folds, shuffled with seed.
func Folds(samples []Sample, k int, seed uint64) [][]int {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	var ai, hu []int
	for i, s := range samples {
		if s.AI {
			ai = append(ai, i)
		} else {
			hu = append(hu, i)
		}
	}
	r.Shuffle(len(ai), func(i, j int) { ai[i], ai[j] = ai[j], ai[i] })
	r.Shuffle(len(hu), func(i, j int) { hu[i], hu[j] = hu[j], hu[i] })
	out := make([][]int, k)
	for i, x := range append(ai, hu...) {
		out[i%k] = append(out[i%k], x)
	}
	return out
}

// OutOfFold returns each sample's logit from a model that did not see it.
func OutOfFold(samples []Sample, cfg Config, seed uint64) []float64 {
	logits := make([]float64, len(samples))
	for _, test := range Folds(samples, cfg.Folds, seed) {
		m := Fit(without(samples, test), cfg)
		for _, i := range test {
			logits[i] = m.Logit(samples[i].X)
		}
	}
	return logits
}

// without returns the samples whose indices are not in drop.
func without(samples []Sample, drop []int) []Sample {
	in := make(map[int]bool, len(drop))
	for _, i := range drop {
		in[i] = true
	}
	var out []Sample
	for i, s := range samples {
		if !in[i] {
			out = append(out, s)
		}
	}
	return out
}

// Calibration is what the model's output means on texts it had not seen:
// the review threshold and the logit-to-ratio map of stylometry.Model.
type Calibration struct {
	ReviewThreshold        float64
	LLRSlope, LLRIntercept float64
}

// Apply sets the calibration on m.
func (c Calibration) Apply(m *stylometry.Model) {
	m.ReviewThreshold, m.LLRSlope, m.LLRIntercept = c.ReviewThreshold, c.LLRSlope, c.LLRIntercept
}

// calibrationPenalty is the L2 penalty on the Platt slope: it shrinks the
// ratio towards "no evidence" where a few dozen held-out logits cannot
// pin the slope down.
const calibrationPenalty = 1

// Calibrate measures, on out-of-fold logits of the scored texts (at least
// cfg.MinWords words) of samples, the review threshold and the
// logit-to-ratio map. A caller evaluating them must have kept its test
// texts out of samples.
//
// The threshold is the smallest score that puts at most cfg.HumanFlag of
// the scored human texts at or above it. The map is Platt scaling (a
// one-feature logistic regression of the label on the out-of-fold logit)
// less the prior log-odds of those texts, which turns a posterior
// log-odds into a log-likelihood ratio that does not depend on how many
// AI texts the sample happened to hold.
func Calibrate(samples []Sample, cfg Config, seed uint64) Calibration {
	return calibrate(samples, OutOfFold(samples, cfg, seed), cfg)
}

func calibrate(samples []Sample, logits []float64, cfg Config) Calibration {
	var (
		hu     []float64
		z      [][]float64
		y      []float64
		nAI, n float64
	)
	for i, s := range samples {
		if !s.Scored(cfg.MinWords) {
			continue
		}
		z = append(z, []float64{1, logits[i]})
		n++
		if s.AI {
			y = append(y, 1)
			nAI++
		} else {
			y = append(y, 0)
			hu = append(hu, sigmoid(logits[i]))
		}
	}
	c := Calibration{ReviewThreshold: threshold(hu, cfg.HumanFlag)}
	if nAI == 0 || nAI == n {
		return c // one class only: no ratio can be measured
	}
	w := newton(z, y, calibrationPenalty)
	c.LLRSlope = w[1]
	c.LLRIntercept = w[0] - math.Log(nAI/(n-nAI))
	return c
}

// threshold sits just above the (len-allowed)-th highest human score, so
// that at most share of the human scores reach it.
func threshold(hu []float64, share float64) float64 {
	if len(hu) == 0 {
		return 1
	}
	sort.Float64s(hu)
	allowed := int(math.Floor(share * float64(len(hu))))
	idx := len(hu) - allowed - 1
	if idx < 0 {
		return hu[0]
	}
	return math.Nextafter(hu[idx], 2)
}

// Train chooses the feature set, fits the model and calibrates it, all on
// samples: the set is the one whose out-of-fold logits rank the scored
// texts best (the first of equals), and those same logits calibrate it.
func Train(samples []Sample, cfg Config, seed uint64) (*stylometry.Model, error) {
	sets := cfg.Sets
	if len(sets) == 0 {
		sets = []FeatureSet{{Name: "all", Features: stylometry.FeatureNames}}
	}
	var (
		best   = math.Inf(-1)
		name   string
		use    []bool
		logits []float64
	)
	for _, fs := range sets {
		u, err := fs.mask()
		if err != nil {
			return nil, err
		}
		c := cfg
		c.Use = u
		l := OutOfFold(samples, c, seed)
		var pos, neg []float64
		for i, s := range samples {
			if !s.Scored(cfg.MinWords) {
				continue
			}
			if s.AI {
				pos = append(pos, l[i])
			} else {
				neg = append(neg, l[i])
			}
		}
		if a := AUROC(pos, neg); a > best+1e-9 || use == nil {
			best, name, use, logits = a, fs.Name, u, l
		}
	}
	cfg.Use = use
	m := Fit(samples, cfg)
	m.FeatureSet = name
	calibrate(samples, logits, cfg).Apply(m)
	return m, nil
}

// Outcome is one text's out-of-fold result.
type Outcome struct {
	Score       float64 // the model's output (meaningful for scored texts)
	Flagged     bool    // at or above the fold's review threshold
	ReportScore float64 // the report's score under the default weight table
	Review      bool    // the report's review flag
}

// Evaluate runs nested cross-validation: in each outer fold the model is
// fitted on the other folds and calibrated by an inner cross-validation
// of those folds; the held-out fold is then scored once, through the
// same signal and scoring code as a scan. Model figures count only texts
// of at least cfg.MinWords words; report figures count every text.
func Evaluate(samples []Sample, cfg Config) (stylometry.Evaluation, []Outcome, error) {
	out := make([]Outcome, len(samples))
	weights := scoring.Default()
	chosen := map[string]int{}
	for f, test := range Folds(samples, cfg.Folds, cfg.Seed) {
		m, err := Train(without(samples, test), cfg, cfg.Seed+uint64(f)+1)
		if err != nil {
			return stylometry.Evaluation{}, nil, err
		}
		chosen[m.FeatureSet]++
		for _, i := range test {
			s := samples[i]
			o := Outcome{Score: m.Score(s.X)}
			o.Flagged = o.Score >= m.ReviewThreshold
			fr := reports.FileResult{}
			if s.Scored(cfg.MinWords) {
				fr.Signals = []reports.Signal{m.Signal(s.X, stylometry.Stats{Words: s.Words, Sentences: s.Sentences})}
			}
			scoring.Apply(weights, &fr)
			o.ReportScore, o.Review = fr.Score, fr.Review
			out[i] = o
		}
	}
	ev := stylometry.Evaluation{Folds: cfg.Folds}
	var pos, neg, rpos, rneg []float64
	var hf, af int
	for i, s := range samples {
		o := out[i]
		if s.AI {
			rpos = append(rpos, o.ReportScore)
		} else {
			rneg = append(rneg, o.ReportScore)
		}
		if !s.Scored(cfg.MinWords) {
			continue
		}
		if s.AI {
			pos = append(pos, o.Score)
			if o.Flagged {
				af++
			}
		} else {
			neg = append(neg, o.Score)
			if o.Flagged {
				hf++
			}
		}
	}
	ev.Texts, ev.AI, ev.Human = len(pos)+len(neg), len(pos), len(neg)
	ev.AUROC = AUROC(pos, neg)
	if len(neg) > 0 {
		ev.HumanFlagged = float64(hf) / float64(len(neg))
	}
	if len(pos) > 0 {
		ev.AIFlagged = float64(af) / float64(len(pos))
	}
	ev.TPRAt5FPR = TPRAt(pos, neg, 0.05)
	ev.ReportTexts, ev.ReportAI, ev.ReportHuman = len(rpos)+len(rneg), len(rpos), len(rneg)
	ev.ReportAUROC = AUROC(rpos, rneg)
	var sel []string
	for _, fs := range cfg.Sets {
		if n := chosen[fs.Name]; n > 0 {
			sel = append(sel, fmt.Sprintf("%s in %d", fs.Name, n))
		}
	}
	ev.Selected = strings.Join(sel, ", ")
	return ev, out, nil
}

// AUROC is the probability that a random positive outscores a random
// negative (ties count half).
func AUROC(pos, neg []float64) float64 {
	if len(pos) == 0 || len(neg) == 0 {
		return math.NaN()
	}
	wins := 0.0
	for _, p := range pos {
		for _, n := range neg {
			switch {
			case p > n:
				wins++
			case p == n:
				wins += 0.5
			}
		}
	}
	return wins / float64(len(pos)*len(neg))
}

// TPRAt is the share of positives above the threshold that flags at most
// fpr of the negatives.
func TPRAt(pos, neg []float64, fpr float64) float64 {
	if len(pos) == 0 || len(neg) == 0 {
		return math.NaN()
	}
	n := slices.Clone(neg)
	sort.Float64s(n)
	allowed := int(math.Floor(fpr * float64(len(n))))
	th := n[len(n)-allowed-1]
	c := 0
	for _, p := range pos {
		if p > th {
			c++
		}
	}
	return float64(c) / float64(len(pos))
}

// Load reads a labelled text folder (labels.csv with file, label, model,
// domain and source_repo columns) and measures every text.
func Load(dir string) ([]Sample, error) {
	f, err := os.Open(filepath.Join(dir, "labels.csv"))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	head, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("labels.csv: %w", err)
	}
	col := map[string]int{}
	for i, h := range head {
		col[h] = i
	}
	for _, c := range []string{"file", "label", "model", "domain", "source_repo"} {
		if _, ok := col[c]; !ok {
			return nil, fmt.Errorf("labels.csv: no %q column", c)
		}
	}
	var out []Sample
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("labels.csv: %w", err)
		}
		b, err := os.ReadFile(filepath.Join(dir, filepath.Base(rec[col["file"]])))
		if err != nil {
			return nil, fmt.Errorf("labels.csv: %w", err)
		}
		x, st := stylometry.Extract(string(b))
		model := strings.ToLower(rec[col["model"]])
		out = append(out, Sample{Name: rec[col["file"]], AI: rec[col["label"]] == "ai", X: x, Words: st.Words,
			Sentences: st.Sentences, Domain: rec[col["domain"]], Repo: rec[col["source_repo"]], NotProse: !st.Prose(),
			Hard: strings.Contains(model, "rewrite") || strings.Contains(model, "polish") || strings.Contains(model, "self-edit")})
	}
	return out, nil
}

// Split separates the samples from the repositories in exclude (those
// whose licence does not allow redistribution of what is derived from
// them) from the rest.
func Split(samples []Sample, exclude []string) (kept, left []Sample) {
	for _, s := range samples {
		if excluded(s.Repo, exclude) {
			left = append(left, s)
		} else {
			kept = append(kept, s)
		}
	}
	return kept, left
}

func excluded(repo string, list []string) bool {
	for _, e := range list {
		if e = strings.TrimSpace(e); e != "" && repo == e {
			return true
		}
	}
	return false
}
