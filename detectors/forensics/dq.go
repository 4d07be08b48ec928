package forensics

import (
	"context"
	"math"

	"github.com/provcheck/provcheck/detectors/jpegtables"
)

// Double JPEG compression (forensics.md §3.3). Quantising a DCT coefficient
// with a step q1, decoding, and quantising again with q2 ≠ q1 leaves a
// periodic pattern in the histogram of the final quantised values: bins
// that no multiple of q1 rounds into stay nearly empty, others collect two
// multiples. The standard decoder does not expose the quantised values,
// but the decoded luminance is the inverse DCT of them, rounded: its
// forward DCT divided by the final steps (the file's DQT) is within a
// fraction of a step of them. The test fits, for each candidate first
// step, the pattern it would leave to the histogram's deviations from its
// local mean; a clear fit means "saved at least twice", aligned on the
// same 8×8 grid. Not covered: a crop between the two saves (the grids no
// longer align), a second save at a lower quality than the first (no
// gaps, only faint peaks), equal qualities.

const (
	// dqMaxBlocks bounds the 8×8 luminance blocks read, spread over the
	// image: a few thousand give histograms of a few thousand values per
	// frequency, whatever the image's size.
	dqMaxBlocks = 2048
	// dqPositions is how many AC frequencies are used, the first in
	// zig-zag order: they carry most non-zero values.
	dqPositions = 15
	// dqV bounds the histograms: quantised values beyond ±dqV steps are
	// rare and carry no period the nearer bins do not.
	dqV = 40
	// dqMaxPeriod bounds the period (in bins) of a candidate pattern, so
	// that several periods fit in the histogram.
	dqMaxPeriod = 13
)

// dqNatural lists the natural-order index (row·8 + column) of the AC
// zig-zag positions 1..15 (T.81 figure A.6).
var dqNatural = [dqPositions]int{1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5}

// dctBasis[f][x] is the orthonormal 8-point DCT-II basis, JPEG's scaling.
var dctBasis = func() (c [8][8]float64) {
	for f := range 8 {
		a := 0.5
		if f == 0 {
			a = math.Sqrt(0.125)
		}
		for x := range 8 {
			c[f][x] = a * math.Cos(float64(2*x+1)*float64(f)*math.Pi/16)
		}
	}
	return c
}()

// dqStats are the folded histograms of the re-quantised luminance
// coefficients: hist[k][a] counts blocks whose coefficient at position k
// rounds to ±a steps of q2[k] (a = 1..dqV; zero is not kept, it is the
// dead zone of both quantisations and says nothing of their steps).
type dqStats struct {
	hist    [dqPositions][dqV + 1]float64
	q2      [dqPositions]int
	blocks  int     // blocks read
	clipped int     // blocks skipped for a pixel at 0 or 255
	sigma   float64 // rms distance of coefficients from the q2 lattice
	sumSq   float64 // behind sigma: the sum of squared distances,
	nSigma  int     // and how many
}

// doubleCompression runs the test on a luminance plane with the file's
// luma table. It reads half the blocks first: most files are clearly
// saved once (or clearly twice), and the other half is read only when it
// could change the answer.
func doubleCompression(ctx context.Context, pix []uint8, stride, w, h int, table *[64]uint16) (dqResult, error) {
	s := newDQStats(table)
	if err := s.collect(ctx, pix, stride, w, h, 0, 2); err != nil {
		return dqResult{}, err
	}
	r := analyseDQ(s, jpegtables.IJGLuma)
	if r.undecided() {
		if err := s.collect(ctx, pix, stride, w, h, 1, 2); err != nil {
			return dqResult{}, err
		}
		r = analyseDQ(s, jpegtables.IJGLuma)
	}
	return r, nil
}

// newDQStats prepares histograms in steps of the luma table.
func newDQStats(table *[64]uint16) *dqStats {
	s := &dqStats{}
	for k, n := range dqNatural {
		s.q2[k] = int(table[n])
	}
	return s
}

// collectDQ reads up to dqMaxBlocks whole 8×8 blocks of the luminance
// plane (pix, stride, w×h, block grid at the top-left corner as in every
// JPEG) and histograms their coefficients in steps of the luma table.
func collectDQ(ctx context.Context, pix []uint8, stride, w, h int, table *[64]uint16) (*dqStats, error) {
	s := newDQStats(table)
	return s, s.collect(ctx, pix, stride, w, h, 0, 1)
}

// collect adds part (0..parts-1) of the blocks collectDQ reads: every
// parts-th of them, so the first part alone is already spread over the
// whole image and a clear answer can stop there.
func (s *dqStats) collect(ctx context.Context, pix []uint8, stride, w, h, part, parts int) error {
	nbx, nby := w/8, h/8
	total := nbx * nby
	if total == 0 {
		return nil
	}
	n := min(total, dqMaxBlocks)
	var sumSq float64
	var coef [dqPositions]float64
	var inv [dqPositions]float64 // 1/q2, 0 for a zero step
	for k, q := range s.q2 {
		if q > 0 {
			inv[k] = 1 / float64(q)
		}
	}
	for i := part; i < n; i += parts {
		if i%256 < parts {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		t := i * total / n // evenly spread in raster order
		bx, by := t%nbx, t/nbx
		if !blockDCT(pix[8*by*stride+8*bx:], stride, &coef) {
			s.clipped++
			continue
		}
		s.blocks++
		for k, c := range coef {
			if inv[k] == 0 {
				continue
			}
			v := math.Round(c * inv[k])
			if s.q2[k] >= 4 { // far enough apart that the nearest multiple is the right one
				e := c - v*float64(s.q2[k])
				sumSq += e * e
				s.nSigma++
			}
			if a := int(math.Abs(v)); a >= 1 && a <= dqV {
				s.hist[k][a]++
			}
		}
	}
	s.sumSq += sumSq
	if s.nSigma > 0 {
		s.sigma = math.Sqrt(s.sumSq / float64(s.nSigma))
	}
	return nil
}

// dctK[f][x] = dctBasis[f][x] for frequencies 0..5 and x < 4: the basis
// is even about the block's middle for even f and odd for odd f, so the
// other half follows.
var dctK = func() (c [6][4]float64) {
	for f := range 6 {
		copy(c[f][:], dctBasis[f][:4])
	}
	return c
}()

// blockDCT computes the coefficients at the dqNatural positions of the
// 8×8 block at the start of pix and reports false when a pixel is clipped
// (0 or 255): clipping moves coefficients off the lattice. Rows are
// transformed with the symmetries of the basis (sums and differences of
// mirrored samples, folded once more for frequencies 2 and 4), then only
// the needed columns.
func blockDCT(pix []uint8, stride int, coef *[dqPositions]float64) bool {
	// rows[j][y]: row y transformed at column frequency j (0..5).
	var rows [6][8]float64
	k0, k20, k21, k40 := dctK[0][0], dctK[2][0], dctK[2][1], dctK[4][0]
	k1, k3, k5 := &dctK[1], &dctK[3], &dctK[5]
	for y := range 8 {
		p := pix[y*stride : y*stride+8 : y*stride+8]
		// 0 and 255 are the two values whose successor wraps below 2.
		if uint8(p[0]+1) < 2 || uint8(p[1]+1) < 2 || uint8(p[2]+1) < 2 || uint8(p[3]+1) < 2 ||
			uint8(p[4]+1) < 2 || uint8(p[5]+1) < 2 || uint8(p[6]+1) < 2 || uint8(p[7]+1) < 2 {
			return false
		}
		p0, p1, p2, p3 := float64(p[0]), float64(p[1]), float64(p[2]), float64(p[3])
		p4, p5, p6, p7 := float64(p[4]), float64(p[5]), float64(p[6]), float64(p[7])
		s0, s1, s2, s3 := p0+p7, p1+p6, p2+p5, p3+p4
		d0, d1, d2, d3 := p0-p7, p1-p6, p2-p5, p3-p4
		rows[0][y] = k0 * (s0 + s1 + s2 + s3)
		rows[2][y] = k20*(s0-s3) + k21*(s1-s2)
		rows[4][y] = k40 * (s0 - s1 - s2 + s3)
		rows[1][y] = k1[0]*d0 + k1[1]*d1 + k1[2]*d2 + k1[3]*d3
		rows[3][y] = k3[0]*d0 + k3[1]*d1 + k3[2]*d2 + k3[3]*d3
		rows[5][y] = k5[0]*d0 + k5[1]*d1 + k5[2]*d2 + k5[3]*d3
	}
	for k, nat := range dqNatural {
		fi, fj := nat/8, nat%8
		r, c := &rows[fj], &dctK[fi]
		if fi%2 == 0 {
			coef[k] = c[0]*(r[0]+r[7]) + c[1]*(r[1]+r[6]) + c[2]*(r[2]+r[5]) + c[3]*(r[3]+r[4])
		} else {
			coef[k] = c[0]*(r[0]-r[7]) + c[1]*(r[1]-r[6]) + c[2]*(r[2]-r[5]) + c[3]*(r[3]-r[4])
		}
	}
	return true
}

// dqFit accumulates a weighted least-squares fit of the histogram's
// deviations from its local mean, H − m, to the pattern m·(ρ − 1) a first
// step would leave (ρ is the expected share of a bin relative to a single
// quantisation, mean 1). The weights are Poisson (1/m); dispersion beyond
// Poisson is estimated from the residuals (quasi-Poisson), so a histogram
// that is merely spiky (repeated content) does not look significant.
type dqFit struct {
	num, den, rss0 float64
	mass           float64 // Σ m over the fitted bins
	bins           int
}

func (f *dqFit) add(g dqFit) {
	f.num += g.num
	f.den += g.den
	f.rss0 += g.rss0
	f.mass += g.mass
	f.bins += g.bins
}

// contrast is the mean squared depth of the pattern, (ρ − 1)² weighted by
// the histogram: 1 for a step twice the final one (every other bin empty),
// a few hundredths for a first step a little below the final one, whose
// pattern noise and the histogram's own curvature can mimic.
func (f dqFit) contrast() float64 {
	if f.mass <= 0 {
		return 0
	}
	return f.den / f.mass
}

// plausible reports whether the fit looks like a double save at all: a
// deep enough pattern, found at about the depth the model predicts.
func (f dqFit) plausible() bool {
	b := f.beta()
	return f.contrast() >= dqMinContrast && b >= dqMinBeta && b <= dqMaxBeta
}

// beta is the fitted amplitude: about 1 for a double compression with that
// first step, about 0 for a single one.
func (f dqFit) beta() float64 {
	if f.den <= 0 {
		return 0
	}
	return f.num / f.den
}

// z is the fitted amplitude over its standard error, with the error
// inflated by the residual dispersion when that exceeds Poisson's.
func (f dqFit) z() float64 {
	if f.den <= 0 || f.bins < 3 {
		return 0
	}
	rss1 := max(0, f.rss0-f.num*f.num/f.den)
	phi := max(1, rss1/float64(f.bins-1))
	return f.num / math.Sqrt(f.den*phi)
}

// cdfTable holds Φ(k/(2σ)) for k = -cdfHalf..cdfHalf: every bin edge and
// lattice point is a multiple of half a coefficient unit, so the model
// needs the normal CDF only there.
type cdfTable struct {
	v    []float64
	half int
}

func newCDFTable(sigma float64) cdfTable {
	half := int(math.Ceil(8*sigma)) + 1 // ±4σ in half units
	t := cdfTable{v: make([]float64, 2*half+1), half: half}
	for k := -half; k <= half; k++ {
		t.v[k+half] = normCDF(float64(k) / (2 * sigma))
	}
	return t
}

// at returns Φ(k/(2σ)).
func (t cdfTable) at(k int) float64 {
	switch {
	case k <= -t.half:
		return 0
	case k >= t.half:
		return 1
	}
	return t.v[k+t.half]
}

// fitStep fits the pattern of a first step q1 to the folded histogram of
// values quantised with q2; cdf describes the spread of the rounding
// between the two quantisations.
func fitStep(h *[dqV + 1]float64, q1, q2 int, cdf cdfTable) dqFit {
	var f dqFit
	if q1 <= 0 || q2 <= 0 || q1 == q2 {
		return f
	}
	period := q1 / gcd(q1, q2)
	if period < 2 || period > dqMaxPeriod || float64(period) > meanBin(h) {
		// q1 divides q2 (no pattern), or the pattern is wider than the
		// histogram: a local mean over one period would then average the
		// histogram's fall-off, whose empty tail looks like gaps.
		return f
	}
	var rho [dqV + 1]float64
	for a := 1; a <= dqV; a++ {
		// Bin a holds (a-½)q2..(a+½)q2; in half units, 2·edge - 2·j·q1.
		lo, hi := (2*a-1)*q2, (2*a+1)*q2
		j0 := max(0, (lo-cdf.half)/(2*q1))
		j1 := (hi+cdf.half)/(2*q1) + 1
		var p float64
		for j := j0; j <= j1; j++ {
			c := 2 * j * q1
			p += cdf.at(hi-c) - cdf.at(lo-c)
		}
		rho[a] = p * float64(q1) / float64(q2)
	}
	// The local mean over one period of the pattern, whose own mean is
	// one: the histogram a single quantisation would have given. Only bins
	// with a whole period around them are fitted: a window cut short at
	// the first bins would sit below the histogram's steep start, and that
	// bias looks like the pattern of a first step just above the final one.
	half := period / 2
	for a := 1 + half; a <= dqV-half; a++ {
		var sum, wsum float64
		for d := -half; d <= half; d++ {
			w := 1.0
			if period%2 == 0 && (d == -half || d == half) {
				w = 0.5
			}
			sum += w * h[a+d]
			wsum += w
		}
		m := sum / wsum
		if m < 1 {
			continue
		}
		r, x := h[a]-m, rho[a]-1
		f.num += r * x
		f.den += m * x * x
		f.rss0 += r * r / m
		f.mass += m
		f.bins++
	}
	return f
}

// dqResult is what the double-compression test found.
type dqResult struct {
	applicable bool    // the image and its table allow the test
	blocks     int     // blocks read
	sigma      float64 // rounding spread, coefficient units
	positions  int     // frequencies with enough values
	// Best IJG first quality and its fit, pooled over the positions.
	prevQuality int
	ijg         dqFit
	// Frequencies whose own best first step fits clearly, and the best
	// such fit.
	fitting   int
	positionZ float64
	doubled   bool
}

// undecided reports whether more blocks could change a negative answer:
// some fit, pooled or at one frequency, is within reach of its threshold
// (z grows with the square root of the blocks read).
func (r dqResult) undecided() bool {
	return r.applicable && !r.doubled && (r.ijg.z() >= dqPooledZ/2 || r.positionZ >= dqPositionZ/2)
}

// Decision thresholds (CALIBRATION.md): on the corpus's own JPEGs and on
// 116 single saves of its pictures and of generated ones, the pooled fit
// reaches z 5.3 at most and one frequency z 3.5; a second save at a higher
// quality (75 then 90) gives a pooled z of 37 to 86.
const (
	dqPooledZ     = 8   // pooled IJG fit
	dqPositionZ   = 6   // one frequency's best free fit
	dqMinBeta     = 0.5 // fitted amplitude, of 1 for a clean double save,
	dqMaxBeta     = 2   // within a factor of two
	dqMinContrast = 0.1 // see dqFit.contrast
	dqMinFitting  = 3   // frequencies that must fit on their own
	dqMinMass     = 200 // values at ±1..dqV for a frequency to count
)

// analyseDQ decides from the histograms. ijgLuma returns the IJG luma table
// of a quality.
func analyseDQ(s *dqStats, ijgLuma func(int) [64]uint16) dqResult {
	r := dqResult{blocks: s.blocks}
	// Coefficients far from the q2 lattice mean the table does not
	// describe these pixels (or the decoder's rounding is unusual): the
	// model does not hold.
	if s.blocks == 0 || s.nSigma > 0 && s.sigma > 1.5 {
		return r
	}
	cdf := newCDFTable(math.Sqrt2 * max(s.sigma, 0.3)) // both roundings, never zero
	r.sigma = s.sigma
	var usable [dqPositions]bool
	for k := range dqPositions {
		var mass float64
		for _, c := range s.hist[k] {
			mass += c
		}
		usable[k] = mass >= dqMinMass && s.q2[k] > 0
		if usable[k] {
			r.positions++
		}
	}
	if r.positions == 0 {
		return r
	}
	r.applicable = true
	// The same (frequency, first step) pairs come up in the free search
	// and under many IJG qualities: fit each once.
	type memo struct {
		done bool
		f    dqFit
	}
	var fits [dqPositions][256]memo
	fit := func(k, q1 int) dqFit {
		if q1 < 1 || q1 > 255 {
			return dqFit{}
		}
		m := &fits[k][q1]
		if !m.done {
			m.f, m.done = fitStep(&s.hist[k], q1, s.q2[k], cdf), true
		}
		return m.f
	}
	for k := range dqPositions {
		if !usable[k] {
			continue
		}
		best := dqFit{}
		for q1 := 1; q1 <= min(255, dqMaxPeriod*s.q2[k]); q1++ {
			if f := fit(k, q1); f.plausible() && f.z() > best.z() {
				best = f
			}
		}
		if best.z() >= dqPositionZ {
			r.fitting++
		}
		r.positionZ = max(r.positionZ, best.z())
	}
	for q := 1; q <= 100; q++ {
		t := ijgLuma(q)
		var pooled dqFit
		for k, nat := range dqNatural {
			if usable[k] {
				pooled.add(fit(k, int(t[nat])))
			}
		}
		if pooled.plausible() && pooled.z() > r.ijg.z() {
			r.ijg, r.prevQuality = pooled, q
		}
	}
	pooledFits := r.ijg.z() >= dqPooledZ
	r.doubled = pooledFits || r.fitting >= dqMinFitting && 2*r.fitting >= r.positions
	if !pooledFits {
		r.prevQuality = 0
	}
	return r
}

// meanBin is the mean of a over the folded histogram: its width in steps.
func meanBin(h *[dqV + 1]float64) float64 {
	var n, sum float64
	for a := 1; a <= dqV; a++ {
		n += h[a]
		sum += float64(a) * h[a]
	}
	if n == 0 {
		return 0
	}
	return sum / n
}

func gcd(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

func normCDF(x float64) float64 { return 0.5 * math.Erfc(-x/math.Sqrt2) }
