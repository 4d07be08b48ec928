package watermark

import (
	"context"
	"encoding/binary"
	"image"
	"math"

	"github.com/provcheck/provcheck/detectors/internal/pixel"
)

// The cell reader votes on a YCbCr image (a JPEG or lossy WebP) one 2×2
// cell at a time, from the cell's mean Y, Cb and Cr converted once, as if
// the four pixels were equal. The reference decoder sees the RGB that
// libjpeg produces, which no other decoder reproduces bit for bit, so an
// exact per-pixel reading has nothing exact to match here; the band value
// is a cell mean in any case, and with 4:2:0 chroma the cell holds one
// chroma sample. This reads a quarter of the conversions a pixel path
// would, which matters because JPEG decodes several times faster than PNG.
//
// A block votes on its largest band magnitude, and in a cell of four
// equal pixels every variant's band value is a non-decreasing function of
// one integer: the 8-bit value of B−Y (U is a table of it), the float
// value of the exact numerator below. So the reader keeps those integers,
// takes their extremes over each block with branch-free comparisons, and
// forms one band value per block and variant instead of one per cell:
// the votes are those of the band values, bit for bit.

// Float variants: the band value of a cell whose channel sums are B, G
// and R (up to 4·255 each) is 0.5·(kU·(B − (kB·B + kG·G + kR·R)) + 2).
// kB, kG and kR are float32 values, whole multiples of 2^-27, so the
// difference is an integer times 2^-27 of under 40 bits: exact in float64
// and exact in integers. Only the product with kU rounds. A constant that
// was not a whole multiple would not compile.
const (
	numShift = 27
	kBn      = int64(kB * (1 << numShift))
	kGn      = int64(kG * (1 << numShift))
	kRn      = int64(kR * (1 << numShift))
)

// floatNum is 2^27·(B − (kB·B + kG·G + kR·R)) for channel sums, exactly.
func floatNum(b, g, r int64) int64 {
	return b<<numShift - (b*kBn + g*kGn + r*kRn)
}

// floatBand is the float variants' band value for a numerator: the
// operations of the float reading on the same values (the difference
// itself is exact either way), so the same float64.
func floatBand(num int64) float64 {
	d := float64(num) * (1.0 / (1 << numShift)) // a power of two: exact
	return 0.5 * (kU*d + 2)
}

// floatVote votes on a block whose float numerators span lo..hi: the
// band value is non-decreasing in the numerator, so the largest
// magnitude is at one of the two ends.
func floatVote(lo, hi int64) uint8 {
	return bandVote(max(math.Float64bits(math.Abs(floatBand(hi))), math.Float64bits(math.Abs(floatBand(lo)))))
}

// voteOfDiff is the 8-bit variants' vote of a cell-path block whose
// largest B−Y (offset by 255) is the index: U is non-decreasing in B−Y,
// and the cell's band value in U.
var voteOfDiff = func() (t [511]uint8) {
	for i := range t {
		p := haarU[uOfDiff[i]] + haarU[uOfDiff[i]]
		if mod36(float64(haarC*p)+float64(haarC*p)) > scale/2 {
			t[i] = 1
		}
	}
	return t
}()

// Per-channel tables, so that a cell costs loads and adds rather than a
// dozen multiplications. lumaB, lumaG and lumaR hold a channel value's
// terms in OpenCV's integer luma (the value as B, as G, as R), in BGR
// order in their low 32 bits and in RGB order in their high 32 bits,
// rounding included: neither half carries into the other, as a sum stays
// under 2^22. numSelf, numG and numOther hold floatNum's terms for a cell
// of four equal pixels (channel sums of four times the value): as the
// channel U is taken of, as G, and as the opposite one.
var lumaB, lumaG, lumaR, numSelf, numG, numOther = func() (lb, lg, lr [256]uint64, ns, ng, no [256]int64) {
	for v := range 256 {
		u, s := uint64(v), 4*int64(v)
		lb[v], lg[v], lr[v] = 1868*u|4899*u<<32, (9617*u+1<<13)*(1+1<<32), 4899*u|1868*u<<32
		ns[v], ng[v], no[v] = s<<numShift-s*kBn, s*kGn, s*kRn
	}
	return lb, lg, lr, ns, ng, no
}()

// span is what a block's votes need of its cells: the largest B−Y in
// both colour orders, and the range of the float numerators in both.
// (Two structs of at most four fields, which the compiler keeps in
// registers; a larger one lives in memory.)
type span struct {
	diff diffSpan
	num  numSpan
}

type diffSpan struct{ b, r int32 }

type numSpan struct{ loB, hiB, loR, hiR int64 }

// emptySpan is the span of no cell.
var emptySpan = span{diffSpan{math.MinInt32, math.MinInt32}, numSpan{math.MaxInt64, math.MinInt64, math.MaxInt64, math.MinInt64}}

// cell is one cell read in every variant: B−Y in the 8-bit BGR and RGB
// readings, and the float numerators of both.
type cell struct {
	diffB, diffR int32
	numB, numR   int64
}

// cellOf reads a cell whose four pixels' mean converts to r, g, b.
func cellOf(r, g, b uint8) cell {
	luma := lumaB[b] + lumaG[g] + lumaR[r]
	return cell{
		diffB: int32(b) - int32(uint32(luma)>>14),
		diffR: int32(r) - int32(luma>>46),
		numB:  numSelf[b] - numG[g] - numOther[r],
		numR:  numSelf[r] - numG[g] - numOther[b],
	}
}

// add folds a cell into a span.
func add(d diffSpan, n numSpan, c cell) (diffSpan, numSpan) {
	return diffSpan{max(d.b, c.diffB), max(d.r, c.diffR)},
		numSpan{min(n.loB, c.numB), max(n.hiB, c.numB), min(n.loR, c.numR), max(n.hiR, c.numR)}
}

// spanRow reads one row of cells, four cells (one block's width) at a
// time, and folds them into the spans of their blocks; the first row of
// a block row starts them. y0 and y1 are the two pixel rows of Y, cb and
// cr the cells' mean chroma. The four cells are written out, each an
// inlined call: a loop or a call per cell costs more than the cell.
func spanRow(spans []span, y0, y1, cb, cr []uint8, first bool) {
	const (
		lanes = 0x00ff00ff00ff00ff // the even bytes: four 16-bit lanes
		twos  = 0x0002000200020002
	)
	for j := range spans {
		// The four cells' mean Y at once: pairs of bytes summed into
		// 16-bit lanes (at most 4·255 + 2, so no lane carries), rounded.
		w0 := binary.LittleEndian.Uint64(y0[8*j:])
		w1 := binary.LittleEndian.Uint64(y1[8*j:])
		ym := (w0&lanes + w0>>8&lanes + w1&lanes + w1>>8&lanes + twos) >> 2 & lanes
		c, e := (*[4]uint8)(cb[4*j:]), (*[4]uint8)(cr[4*j:])
		s := &spans[j]
		d, n := s.diff, s.num
		if first {
			// A block's first coefficient does not take part in its vote.
			d, n = emptySpan.diff, emptySpan.num
		} else {
			d, n = add(d, n, cellOf(pixel.YCbCrToRGB(uint8(ym), c[0], e[0])))
		}
		d, n = add(d, n, cellOf(pixel.YCbCrToRGB(uint8(ym>>16), c[1], e[1])))
		d, n = add(d, n, cellOf(pixel.YCbCrToRGB(uint8(ym>>32), c[2], e[2])))
		d, n = add(d, n, cellOf(pixel.YCbCrToRGB(uint8(ym>>48), c[3], e[3])))
		s.diff, s.num = d, n
	}
}

// cellVotes reads the blocks of a YCbCr image, one block row (eight pixel
// rows) at a time.
func cellVotes(ctx context.Context, m *image.YCbCr) (*votes, error) {
	b := m.Bounds()
	vs, nbr, nbc := newVotes(b.Dx(), b.Dy())
	if vs.blocks == 0 {
		return vs, nil
	}
	spans := make([]span, nbc)
	chroma := cellChroma(m, nbc*blockSide)
	for bi := range nbr {
		if bi%32 == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		for k := range blockSide {
			y := b.Min.Y + 2*(bi*blockSide+k)
			cb, cr := chroma(y)
			spanRow(spans, m.Y[m.YOffset(b.Min.X, y):], m.Y[m.YOffset(b.Min.X, y+1):], cb, cr, k == 0)
		}
		k := bi * nbc
		v0, v1, v2, v3 := vs.v[0][k:k+nbc], vs.v[1][k:k+nbc], vs.v[2][k:k+nbc], vs.v[3][k:k+nbc]
		for j := range spans {
			s := &spans[j]
			v0[j], v1[j] = voteOfDiff[s.diff.b+255], voteOfDiff[s.diff.r+255]
			v2[j], v3[j] = floatVote(s.num.loB, s.num.hiB), floatVote(s.num.loR, s.num.hiR)
		}
	}
	return vs, nil
}

// cellChroma returns a reader of the mean Cb and Cr of the first n cells
// of the cell row whose top pixel row is y: each the rounded mean of the
// four pixels' samples. When cells align with 4:2:0 chroma, each cell
// holds exactly one sample and the planes are read in place.
func cellChroma(m *image.YCbCr, n int) func(y int) (cb, cr []uint8) {
	b := m.Bounds()
	hd, vd := pixel.ChromaDivisors(m.SubsampleRatio)
	cRow := func(y int) int { return (y/vd - b.Min.Y/vd) * m.CStride }
	// (Coordinates are divided as COffset divides them, truncating, so
	// the fast path wants them even and not negative.)
	if hd == 2 && vd == 2 && b.Min.X >= 0 && b.Min.Y >= 0 && b.Min.X%2 == 0 && b.Min.Y%2 == 0 {
		return func(y int) ([]uint8, []uint8) {
			c := cRow(y)
			return m.Cb[c : c+n], m.Cr[c : c+n]
		}
	}
	// Chroma columns of each cell's two pixel columns, computed once:
	// divisions by a variable in the inner loop would dominate it.
	cols := make([][2]int, n)
	for s := range cols {
		x := b.Min.X + 2*s
		cols[s] = [2]int{x/hd - b.Min.X/hd, (x+1)/hd - b.Min.X/hd}
	}
	cb, cr := make([]uint8, n), make([]uint8, n)
	return func(y int) ([]uint8, []uint8) {
		c0, c1 := cRow(y), cRow(y+1)
		for s, cc := range cols {
			i0, i1 := cc[0], cc[1]
			cbs := uint(m.Cb[c0+i0]) + uint(m.Cb[c0+i1]) + uint(m.Cb[c1+i0]) + uint(m.Cb[c1+i1])
			crs := uint(m.Cr[c0+i0]) + uint(m.Cr[c0+i1]) + uint(m.Cr[c1+i0]) + uint(m.Cr[c1+i1])
			cb[s], cr[s] = uint8((cbs+2)>>2), uint8((crs+2)>>2)
		}
		return cb, cr
	}
}
