package watermark

import (
	"context"
	"math"
)

// The pixel reader votes on exact 8-bit pixels (PNG, lossless WebP) with
// the reference decoder's arithmetic. The 8-bit variants are bit-exact
// with it: OpenCV's integer BGR→YUV, then down the columns and along the
// row with each product rounded before the sum (the float64() conversions
// keep the compiler from fusing them into FMA). The float variants keep
// the exact numerator of their U (see floatNum), as the cell reader does.

// haarOfDiff maps B−Y (offset by 255) to c·U: haarU of OpenCV's 8-bit U.
var haarOfDiff = func() (t [511]float64) {
	for i := range t {
		t[i] = haarU[uOfDiff[i]]
	}
	return t
}()

// pixelCell is one 2×2 cell of pixels read in every variant: the band
// values of the 8-bit readings as float64 bits (non-negative, so they
// order as integers do), and the float numerators.
type pixelCell struct {
	bgr, rgb   uint64
	numB, numR int64
}

// readPixelCells fills a row of cells from two rows of RGBA quadruples.
func readPixelCells(row []pixelCell, top, bottom []byte) {
	n := len(row)
	top, bottom = top[:8*n], bottom[:8*n]
	for s := range row {
		t, u := top[8*s:8*s+8:8*s+8], bottom[8*s:8*s+8:8*s+8]
		// Pixels in the order top-left, bottom-left, top-right,
		// bottom-right: each column's pair is summed bottom first, as
		// the reference adds them.
		hb0, hr0 := pixelHaar(t[0], t[1], t[2])
		hb1, hr1 := pixelHaar(u[0], u[1], u[2])
		hb2, hr2 := pixelHaar(t[4], t[5], t[6])
		hb3, hr3 := pixelHaar(u[4], u[5], u[6])
		pb0, pb1 := hb1+hb0, hb3+hb2
		pr0, pr1 := hr1+hr0, hr3+hr2
		sr := int64(t[0]) + int64(u[0]) + int64(t[4]) + int64(u[4])
		sg := int64(t[1]) + int64(u[1]) + int64(t[5]) + int64(u[5])
		sb := int64(t[2]) + int64(u[2]) + int64(t[6]) + int64(u[6])
		row[s] = pixelCell{
			bgr:  math.Float64bits(float64(haarC*pb1) + float64(haarC*pb0)),
			rgb:  math.Float64bits(float64(haarC*pr1) + float64(haarC*pr0)),
			numB: floatNum(sb, sg, sr),
			numR: floatNum(sr, sg, sb),
		}
	}
}

// pixelHaar is c·U of one pixel in BGR and in RGB order.
func pixelHaar(r, g, b uint8) (float64, float64) {
	luma := lumaB[b] + lumaG[g] + lumaR[r]
	return haarOfDiff[int(b)-int(uint32(luma)>>14)+255], haarOfDiff[int(r)-int(luma>>46)+255]
}

// pixelSpan is what the votes of one block, rows a to d, need: the
// largest band value of each 8-bit reading and the range of the float
// numerators. As in every reader, the first coefficient does not take
// part.
//
// It stays out of line on purpose: the compiler turns min and max into
// conditional moves only when the result does not feed a load address,
// and inlined into the vote it would; as branches, the data would
// mispredict them.
//
//go:noinline
func pixelSpan(a, b, c, d *[4]pixelCell) (bgr, rgb uint64, n numSpan) {
	bgr = max(a[1].bgr, a[2].bgr, a[3].bgr, b[0].bgr, b[1].bgr, b[2].bgr, b[3].bgr,
		c[0].bgr, c[1].bgr, c[2].bgr, c[3].bgr, d[0].bgr, d[1].bgr, d[2].bgr, d[3].bgr)
	rgb = max(a[1].rgb, a[2].rgb, a[3].rgb, b[0].rgb, b[1].rgb, b[2].rgb, b[3].rgb,
		c[0].rgb, c[1].rgb, c[2].rgb, c[3].rgb, d[0].rgb, d[1].rgb, d[2].rgb, d[3].rgb)
	n.loB = min(a[1].numB, a[2].numB, a[3].numB, b[0].numB, b[1].numB, b[2].numB, b[3].numB,
		c[0].numB, c[1].numB, c[2].numB, c[3].numB, d[0].numB, d[1].numB, d[2].numB, d[3].numB)
	n.hiB = max(a[1].numB, a[2].numB, a[3].numB, b[0].numB, b[1].numB, b[2].numB, b[3].numB,
		c[0].numB, c[1].numB, c[2].numB, c[3].numB, d[0].numB, d[1].numB, d[2].numB, d[3].numB)
	n.loR = min(a[1].numR, a[2].numR, a[3].numR, b[0].numR, b[1].numR, b[2].numR, b[3].numR,
		c[0].numR, c[1].numR, c[2].numR, c[3].numR, d[0].numR, d[1].numR, d[2].numR, d[3].numR)
	n.hiR = max(a[1].numR, a[2].numR, a[3].numR, b[0].numR, b[1].numR, b[2].numR, b[3].numR,
		c[0].numR, c[1].numR, c[2].numR, c[3].numR, d[0].numR, d[1].numR, d[2].numR, d[3].numR)
	return bgr, rgb, n
}

// bandVote is the vote of a block whose largest band magnitude has the
// bits v (non-negative floats order as their bits do): 1 when it is above
// the middle of its 36-wide bin.
func bandVote(v uint64) uint8 {
	if mod36(math.Float64frombits(v)) > scale/2 {
		return 1
	}
	return 0
}

// pixelVotes reads the blocks of a w×h image whose pixel rows come from
// row, one block row (eight pixel rows) at a time, so memory stays
// proportional to the width.
func pixelVotes(ctx context.Context, row rowFunc, w, h int) (*votes, error) {
	vs, nbr, nbc := newVotes(w, h)
	if vs.blocks == 0 {
		return vs, nil
	}
	n := nbc * blockSide // cells a row
	var rows [blockSide][]pixelCell
	for i := range rows {
		rows[i] = make([]pixelCell, n)
	}
	bufTop, bufBottom := make([]byte, 4*w), make([]byte, 4*w)
	for bi := range nbr {
		if bi%32 == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		for k := range rows {
			r := bi*blockSide + k
			readPixelCells(rows[k], row(2*r, bufTop), row(2*r+1, bufBottom))
		}
		for j := range nbc {
			bgr, rgb, num := pixelSpan((*[4]pixelCell)(rows[0][4*j:]), (*[4]pixelCell)(rows[1][4*j:]),
				(*[4]pixelCell)(rows[2][4*j:]), (*[4]pixelCell)(rows[3][4*j:]))
			k := bi*nbc + j
			vs.v[0][k], vs.v[1][k] = bandVote(bgr), bandVote(rgb)
			vs.v[2][k], vs.v[3][k] = floatVote(num.loB, num.hiB), floatVote(num.loR, num.hiR)
		}
	}
	return vs, nil
}
