package watermark

import "math"

// The decoder follows the public dwtDct scheme (reference notes,
// ai-metadata.md §3.2): U plane of YUV, crop to multiples of 4, one level
// of 2-D Haar keeping the approximation band, 4×4 blocks of it in
// row-major order, and in each block the largest-magnitude coefficient
// after the first votes 1 when its magnitude modulo 36 is above 18. On
// exact pixels (PNG, lossless WebP) the 8-bit readings match the
// reference decoder vote for vote.
const (
	blockSide = 4
	scale     = 36
	// minPixels is the reference decoder's own floor (it refuses smaller
	// images): below it there are too few blocks for a vote.
	minPixels = 256 * 256
)

// haarC is 1/√2 as the reference DWT spells it.
const haarC = 0.7071067811865476

// variant is one way of reading the U plane. The embedders disagree on
// colour order and arithmetic, so a decoder that tries only OpenCV's
// default misses real marks (ai-metadata.md §3.3-3.5).
type variant struct {
	// Swap feeds R where the embedder expected B (diffusers SDXL before
	// its fix passed RGB to a BGR API).
	Swap bool
	// Float computes U in floating point with OpenCV's float
	// coefficients, delta 0.5 and no rounding, as the SDXL float32
	// embedders did, instead of the bit-exact 8-bit conversion.
	Float bool
}

func (v variant) colourOrder() string {
	if v.Swap {
		return "rgb"
	}
	return "bgr"
}

func (v variant) arithmetic() string {
	if v.Float {
		return "float"
	}
	return "uint8"
}

var variants = [...]variant{{}, {Swap: true}, {Float: true}, {Swap: true, Float: true}}

// votes holds one vote per block, in block order, for every variant.
type votes struct {
	blocks int
	v      [len(variants)][]uint8
}

// haarU maps an 8-bit U value to c·U, the product the reference DWT forms
// before adding; a table makes it exact and cheap.
var haarU = func() (t [256]float64) {
	for i := range t {
		t[i] = haarC * float64(i)
	}
	return t
}()

// uOfDiff maps B−Y (offset by 255) to OpenCV's 8-bit U:
// (diff·8061 + (128<<14) + 8192) >> 14, clamped to 0..255.
var uOfDiff = func() (t [511]uint8) {
	for i := range t {
		u := ((i-255)*8061 + 128<<14 + 1<<13) >> 14
		t[i] = uint8(min(max(u, 0), 255))
	}
	return t
}()

// newVotes sizes the votes of a w×h image: the band is half the image
// cropped to multiples of 4, read in blocks of blockSide×blockSide.
func newVotes(w, h int) (vs *votes, nbr, nbc int) {
	nbr = (h / 4 * 4 / 2) / blockSide
	nbc = (w / 4 * 4 / 2) / blockSide
	vs = &votes{blocks: nbr * nbc}
	if vs.blocks == 0 {
		return vs, 0, 0
	}
	for i := range vs.v {
		vs.v[i] = make([]uint8, vs.blocks)
	}
	return vs, nbr, nbc
}

// Float path constants: OpenCV's float32 coefficients, and the Haar
// approximation of four samples, c·c·Σ, with c·c = 1/2. U is linear in
// R, G, B in float, so a 2×2 cell's band value follows from its channel
// sums; the rounding differs from a per-pixel float32 computation by
// far less than the 18-wide vote bins.
const (
	kB = float64(float32(0.114))
	kG = float64(float32(0.587))
	kR = float64(float32(0.299))
	kU = float64(float32(0.492))
)

// mod36 is fmod(x, 36) for 0 ≤ x, exact like fmod and several times
// faster: 36·k and x − 36·k are exact in float64 for these magnitudes
// (Sterbenz), and a quotient that lands one off an integer (the product
// with a rounded 1/36 is within 2^-17 of x/36 here) is corrected.
func mod36(x float64) float64 {
	if x >= 1<<40 || x != x {
		return math.Mod(x, scale)
	}
	r := x - scale*float64(int64(x*(1.0/scale))) // truncation is floor for x ≥ 0
	if r < 0 {
		r += scale
	} else if r >= scale {
		r -= scale
	}
	return r
}

// tally packs the votes of each block in every variant into the 16-bit
// lanes of a word, variant i in lane i, so that one addition counts a
// block's vote in all four.
func (vs *votes) tally() []uint64 {
	t := make([]uint64, vs.blocks)
	v0, v1, v2, v3 := vs.v[0][:len(t)], vs.v[1][:len(t)], vs.v[2][:len(t)], vs.v[3][:len(t)]
	for k := range t {
		t[k] = uint64(v0[k]) | uint64(v1[k])<<16 | uint64(v2[k])<<32 | uint64(v3[k])<<48
	}
	return t
}

// bitsFor averages a tally of votes into n bits in every variant: block k
// votes for bit k mod n, and a bit is 1 when mean·255 > 127 (a tie gives
// 1), in the reference's float arithmetic. ok is false when a bit got no
// vote.
func bitsFor(tally []uint64, n int) (bits [len(variants)][]uint8, ok bool) {
	if n <= 0 || len(tally) < n {
		return bits, false
	}
	ones := make([][len(variants)]int, n)
	lanes := make([]uint64, n)
	// A lane counts at most one vote a period: after 0xffff periods it is
	// emptied into ones before it can carry into the next.
	const periods = 0xffff
	for start := 0; start < len(tally); start += periods * n {
		clear(lanes)
		end := min(start+periods*n, len(tally))
		for k := start; k < end; k += n { // one period at a time: bit i is block k+i
			for i, t := range tally[k:min(k+n, end)] {
				lanes[i] += t
			}
		}
		for i, l := range lanes {
			for vi := range ones[i] {
				ones[i][vi] += int(l >> (16 * vi) & 0xffff)
			}
		}
	}
	full, extra := len(tally)/n, len(tally)%n // votes per bit: full, one more for the first extra
	for vi := range bits {
		bits[vi] = make([]uint8, n)
		for i := range n {
			count := full
			if i < extra {
				count++
			}
			if float64(ones[i][vi])/float64(count)*255 > 127 {
				bits[vi][i] = 1
			}
		}
	}
	return bits, true
}
