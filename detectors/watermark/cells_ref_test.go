package watermark

import (
	"image"

	"github.com/provcheck/provcheck/detectors/internal/pixel"
)

// The cell reader as first written: a float band value per cell and
// variant, read by decodeVotes. It is the reference the integer cell
// reader must match vote for vote.

// refCellBand forms band rows of a YCbCr image (a JPEG or lossy WebP) one
// 2×2 cell at a time, from the cell's mean Y, Cb and Cr converted once, as
// if the four pixels were equal. The reference decoder sees the RGB that
// libjpeg produces, which no other decoder reproduces bit for bit, so an
// exact per-pixel reading has nothing exact to match here; the band value
// is a cell mean in any case, and with 4:2:0 chroma the cell holds one
// chroma sample. This reads a quarter of the conversions a pixel path
// would, which matters because JPEG decodes several times faster than PNG.
func refCellBand(m *image.YCbCr) bandFunc {
	b := m.Bounds()
	hd, vd := pixel.ChromaDivisors(m.SubsampleRatio)
	cRow := func(y int) int { return (y/vd - b.Min.Y/vd) * m.CStride }
	// Chroma columns of each cell's two pixel columns, computed once:
	// divisions by a variable in the inner loop would dominate it.
	cols := make([][2]int, b.Dx()/2)
	for s := range cols {
		x := b.Min.X + 2*s
		cols[s] = [2]int{x/hd - b.Min.X/hd, (x+1)/hd - b.Min.X/hd}
	}
	return func(r int, bgr, rgb, bgrF, rgbF []float64) {
		y0 := b.Min.Y + 2*r
		n := 2 * len(bgr)
		yr0 := m.Y[m.YOffset(b.Min.X, y0):][:n:n]
		yr1 := m.Y[m.YOffset(b.Min.X, y0+1):][:n:n]
		c0, c1 := cRow(y0), cRow(y0+1)
		for s, cc := range cols[:len(bgr)] {
			i0, i1 := cc[0], cc[1]
			ys := int(yr0[2*s]) + int(yr0[2*s+1]) + int(yr1[2*s]) + int(yr1[2*s+1])
			cbs := int(m.Cb[c0+i0]) + int(m.Cb[c0+i1]) + int(m.Cb[c1+i0]) + int(m.Cb[c1+i1])
			crs := int(m.Cr[c0+i0]) + int(m.Cr[c0+i1]) + int(m.Cr[c1+i0]) + int(m.Cr[c1+i1])
			cr, cg, cb := pixel.YCbCrToRGB(uint8((ys+2)/4), uint8((cbs+2)/4), uint8((crs+2)/4))
			bgr[s], rgb[s], bgrF[s], rgbF[s] = refCell(int(cr), int(cg), int(cb))
		}
	}
}

// refCell is the band value of a 2×2 cell of four equal pixels, in
// every variant, with the arithmetic of bandRow.
func refCell(r, g, b int) (bgr, rgb, bgrF, rgbF float64) {
	y := (1868*b + 9617*g + 4899*r + 1<<13) >> 14
	bgr = refCellOfDiff[uint(b-y+255)%511]
	y = (1868*r + 9617*g + 4899*b + 1<<13) >> 14
	rgb = refCellOfDiff[uint(r-y+255)%511]
	fr, fg, fb := float64(4*r), float64(4*g), float64(4*b)
	bgrF = 0.5 * (kU*(fb-(kB*fb+kG*fg+kR*fr)) + 2)
	rgbF = 0.5 * (kU*(fr-(kB*fr+kG*fg+kR*fb)) + 2)
	return bgr, rgb, bgrF, rgbF
}

// refCellOfDiff maps B−Y (offset by 255) to the 8-bit band value of a cell of
// four equal pixels, with bandRow's arithmetic.
var refCellOfDiff = func() (t [511]float64) {
	for i := range t {
		p := haarU[uOfDiff[i]] + haarU[uOfDiff[i]]
		t[i] = float64(haarC*p) + float64(haarC*p)
	}
	return t
}()
