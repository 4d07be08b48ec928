// Package train fits and evaluates the stylometric model: L2-regularised
// logistic regression by Newton's method on standardised features, and
// stratified k-fold cross-validation with the review threshold chosen
// inside each training fold. Everything is deterministic for a seed.
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

	"github.com/provcheck/provcheck/detectors/stylometry"
)

// Sample is one labelled text.
type Sample struct {
	Name   string
	AI     bool
	X      stylometry.Vector
	Words  int
	Domain string
	// Hard marks AI texts that keep human content (rewrites, polish,
	// self-edits).
	Hard bool
}

// Config are the training knobs.
type Config struct {
	Lambda      float64 // L2 penalty on the coefficients
	Folds       int
	Seed        uint64
	HumanFlag   float64 // target share of (training) human texts at or above the review threshold
	MinWords    int     // texts shorter than this are not scored in the evaluation
	MinTrainLen int     // texts shorter than this are not used for fitting
}

// Fit trains a model on samples.
func Fit(samples []Sample, cfg Config) *stylometry.Model {
	d := len(stylometry.FeatureNames)
	m := &stylometry.Model{Features: slices.Clone(stylometry.FeatureNames), Mean: make([]float64, d), Scale: make([]float64, d)}
	var fit []Sample
	for _, s := range samples {
		if s.Words >= cfg.MinTrainLen {
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
		if m.Scale[j] < 1e-12 {
			m.Scale[j] = 1
		}
	}
	z := make([][]float64, len(fit))
	y := make([]float64, len(fit))
	for i, s := range fit {
		z[i] = make([]float64, d+1)
		z[i][0] = 1
		for j, x := range s.X {
			z[i][j+1] = (x - m.Mean[j]) / m.Scale[j]
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

// OutOfFold returns each sample's score from a model that did not see it.
func OutOfFold(samples []Sample, cfg Config, seed uint64) []float64 {
	scores := make([]float64, len(samples))
	for _, test := range Folds(samples, cfg.Folds, seed) {
		in := map[int]bool{}
		for _, i := range test {
			in[i] = true
		}
		var train []Sample
		for i, s := range samples {
			if !in[i] {
				train = append(train, s)
			}
		}
		m := Fit(train, cfg)
		for _, i := range test {
			scores[i] = m.Score(samples[i].X)
		}
	}
	return scores
}

// Threshold picks the review threshold: the smallest score that puts at
// most cfg.HumanFlag of the scored human texts at or above it, measured
// on out-of-fold scores of samples (so a caller evaluating it must have
// kept its test texts out of samples).
func Threshold(samples []Sample, cfg Config, seed uint64) float64 {
	scores := OutOfFold(samples, cfg, seed)
	var hu []float64
	for i, s := range samples {
		if !s.AI && s.Words >= cfg.MinWords {
			hu = append(hu, scores[i])
		}
	}
	if len(hu) == 0 {
		return 1
	}
	sort.Float64s(hu)
	allowed := int(math.Floor(cfg.HumanFlag * float64(len(hu))))
	// Flag at most `allowed` human texts: the threshold sits just above
	// the (len-allowed)-th highest human score.
	idx := len(hu) - allowed - 1
	if idx < 0 {
		return hu[0]
	}
	return math.Nextafter(hu[idx], 2)
}

// Evaluate runs nested cross-validation: in each outer fold the model is
// fitted on the other folds and the review threshold is chosen by an
// inner cross-validation of those folds; the held-out fold is then scored
// once. Only texts of at least cfg.MinWords words are counted.
func Evaluate(samples []Sample, cfg Config) (stylometry.Evaluation, []float64, []bool) {
	scores := make([]float64, len(samples))
	flagged := make([]bool, len(samples))
	for f, test := range Folds(samples, cfg.Folds, cfg.Seed) {
		in := map[int]bool{}
		for _, i := range test {
			in[i] = true
		}
		var train []Sample
		for i, s := range samples {
			if !in[i] {
				train = append(train, s)
			}
		}
		m := Fit(train, cfg)
		th := Threshold(train, cfg, cfg.Seed+uint64(f)+1)
		for _, i := range test {
			scores[i] = m.Score(samples[i].X)
			flagged[i] = scores[i] >= th
		}
	}
	var ev stylometry.Evaluation
	ev.Folds = cfg.Folds
	var pos, neg []float64
	var hf, af int
	for i, s := range samples {
		if s.Words < cfg.MinWords {
			continue
		}
		if s.AI {
			pos = append(pos, scores[i])
			if flagged[i] {
				af++
			}
		} else {
			neg = append(neg, scores[i])
			if flagged[i] {
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
	return ev, scores, flagged
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
// domain and source_repo columns) and measures every text, leaving out
// texts from the repositories in exclude.
func Load(dir string, exclude []string) ([]Sample, error) {
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
		if excluded(rec[col["source_repo"]], exclude) {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, rec[col["file"]]))
		if err != nil {
			return nil, err
		}
		x, st := stylometry.Extract(string(b))
		model := strings.ToLower(rec[col["model"]])
		out = append(out, Sample{Name: rec[col["file"]], AI: rec[col["label"]] == "ai", X: x, Words: st.Words,
			Domain: rec[col["domain"]],
			Hard:   strings.Contains(model, "rewrite") || strings.Contains(model, "polish") || strings.Contains(model, "self-edit")})
	}
	return out, nil
}

func excluded(repo string, list []string) bool {
	for _, e := range list {
		if e = strings.TrimSpace(e); e != "" && repo == e {
			return true
		}
	}
	return false
}
