package watermark

import (
	"context"
	"math"
)

// The pixel reader as first written: float band rows in every variant,
// then a vote per block. It is the reference the pixel and cell readers
// must match vote for vote.

// bandFunc fills row r of the approximation band in every variant, in
// the order of variants.
type bandFunc func(r int, bgr, rgb, bgrF, rgbF []float64)

// pixelBand forms band rows from pixel rows, exactly.
func pixelBand(row rowFunc, w int) bandFunc {
	bufTop, bufBottom := make([]byte, 4*w), make([]byte, 4*w)
	return func(r int, bgr, rgb, bgrF, rgbF []float64) {
		n := 8 * len(bgr) // bytes of the pixel columns used
		top := row(2*r, bufTop)[:n:n]
		bottom := row(2*r+1, bufBottom)[:n:n]
		bandRow(top, bottom, bgr, rgb, bgrF, rgbF)
	}
}

// decodeVotes reads the blocks of a w×h image whose band rows come from
// band. It works one block row (eight pixel rows) at a time, so memory
// stays proportional to the width.
func decodeVotes(ctx context.Context, band bandFunc, w, h int) (*votes, error) {
	vs, nbr, nbc := newVotes(w, h)
	if vs.blocks == 0 {
		return vs, nil
	}
	cols := nbc * 2 * blockSide // pixel columns used
	var ca [len(variants)][blockSide][]float64
	for v := range ca {
		for r := range blockSide {
			ca[v][r] = make([]float64, cols/2)
		}
	}
	for bi := range nbr {
		if bi%32 == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		for r := range blockSide {
			band(bi*blockSide+r, ca[0][r], ca[1][r], ca[2][r], ca[3][r])
		}
		for vi, v := range variants {
			voteBlocks(&ca[vi], vs.v[vi][bi*nbc:(bi+1)*nbc], v.Float)
		}
	}
	return vs, nil
}

// bandRow forms one row of the approximation band in every variant from
// two pixel rows of RGBA quadruples. The 8-bit variants are bit-exact
// with the reference: OpenCV's integer BGR→YUV, then down the columns and
// along the row with each product rounded before the sum (the float64()
// conversions keep the compiler from fusing them into FMA).
func bandRow(top, bottom []byte, bgr, rgb, bgrF, rgbF []float64) {
	for s := range bgr {
		var pb, pr [2]float64
		var sr, sg, sb int
		for k := range 2 {
			i := 8*s + 4*k
			t, u := top[i:i+3:i+3], bottom[i:i+3:i+3]
			r0, g0, b0 := int(t[0]), int(t[1]), int(t[2])
			r1, g1, b1 := int(u[0]), int(u[1]), int(u[2])
			sr, sg, sb = sr+r0+r1, sg+g0+g1, sb+b0+b1
			y0 := (1868*b0 + 9617*g0 + 4899*r0 + 1<<13) >> 14
			y1 := (1868*b1 + 9617*g1 + 4899*r1 + 1<<13) >> 14
			pb[k] = haarU[uOfDiff[b1-y1+255]] + haarU[uOfDiff[b0-y0+255]]
			y0 = (1868*r0 + 9617*g0 + 4899*b0 + 1<<13) >> 14
			y1 = (1868*r1 + 9617*g1 + 4899*b1 + 1<<13) >> 14
			pr[k] = haarU[uOfDiff[r1-y1+255]] + haarU[uOfDiff[r0-y0+255]]
		}
		bgr[s] = float64(haarC*pb[1]) + float64(haarC*pb[0])
		rgb[s] = float64(haarC*pr[1]) + float64(haarC*pr[0])
		fr, fg, fb := float64(sr), float64(sg), float64(sb)
		// U = kU·(B − Y) + 0.5 per pixel; four of them, halved.
		bgrF[s] = 0.5 * (kU*(fb-(kB*fb+kG*fg+kR*fr)) + 2)
		rgbF[s] = 0.5 * (kU*(fr-(kB*fr+kG*fg+kR*fb)) + 2)
	}
}

// voteBlocks votes for each 4×4 block of a block row of the band: the
// largest magnitude after the first coefficient (the first maximum wins,
// as argmax does), 1 when it is above the middle of its 36-wide bin.
// Only the float readings can go negative; the 8-bit band is a sum of
// non-negative U values, so it skips the absolute values.
func voteBlocks(ca *[blockSide][]float64, out []uint8, signed bool) {
	r0, r1, r2, r3 := ca[0], ca[1], ca[2], ca[3]
	for j := range out {
		a, b, c, d := r0[4*j:4*j+4:4*j+4], r1[4*j:4*j+4:4*j+4], r2[4*j:4*j+4:4*j+4], r3[4*j:4*j+4:4*j+4]
		var best float64
		if signed {
			best = math.Abs(a[1])
			best = maxAbs(best, a[2], a[3])
			best = maxAbs(best, b[0], b[1])
			best = maxAbs(best, b[2], b[3])
			best = maxAbs(best, c[0], c[1])
			best = maxAbs(best, c[2], c[3])
			best = maxAbs(best, d[0], d[1])
			best = maxAbs(best, d[2], d[3])
		} else {
			best = a[1]
			best = max2(best, a[2], a[3])
			best = max2(best, b[0], b[1])
			best = max2(best, b[2], b[3])
			best = max2(best, c[0], c[1])
			best = max2(best, c[2], c[3])
			best = max2(best, d[0], d[1])
			best = max2(best, d[2], d[3])
		}
		if mod36(best) > scale/2 {
			out[j] = 1
		}
	}
}

// max2 is maxAbs for non-negative values; plain comparisons, because
// the max builtin's NaN and signed-zero rules cost more than the vote.
func max2(best, x, y float64) float64 {
	if x > best {
		best = x
	}
	if y > best {
		best = y
	}
	return best
}

// maxAbs folds two more values into a running maximum magnitude, keeping
// the earlier one on ties (only the magnitude is used, so ties cannot
// change the vote anyway).
func maxAbs(best, x, y float64) float64 {
	if ax := math.Abs(x); ax > best {
		best = ax
	}
	if ay := math.Abs(y); ay > best {
		best = ay
	}
	return best
}
