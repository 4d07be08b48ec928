package forensics

import (
	"context"
	"image"

	"github.com/disintegration/imaging"

	"github.com/provcheck/provcheck/detectors/internal/pixel"
)

// shrink returns a copy of img no larger than maxSide on its longer side.
// Each output pixel is the mean of a whole number of rows of its f×f block
// of input pixels: every column, and rows a few apart (at most rowsPerBlock
// of them), so no horizontal detail aliases into the copy and the vertical
// sampling reads a fraction of a large image. The common decoder outputs
// are read from their sample slices, a YCbCr image staying in YCbCr; other
// types go through the imaging package's box filter.
func shrink(ctx context.Context, img image.Image, maxSide int) (*colourPlanes, error) {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	if w <= 0 || h <= 0 || maxSide <= 0 {
		return newColourPlanes(0, 0, false), nil
	}
	f := max(1, (max(w, h)+maxSide-1)/maxSide) // integer block side
	ow, oh := max(1, w/f), max(1, h/f)
	if f > h || f > w {
		// A strip thinner than one block: the box filter handles it.
		return planesOf(imaging.Resize(img, ow, oh, imaging.Box)), nil
	}
	rows := blockRows(f)
	var small *image.NRGBA
	var err error
	switch m := img.(type) {
	case *image.YCbCr:
		return shrinkYCbCr(ctx, m, f, ow, oh, rows)
	case *image.NRGBA:
		small, err = shrinkPix(ctx, m.Pix, m.Stride, m.PixOffset(b.Min.X, b.Min.Y), f, ow, oh, rows, false)
	case *image.RGBA:
		small, err = shrinkPix(ctx, m.Pix, m.Stride, m.PixOffset(b.Min.X, b.Min.Y), f, ow, oh, rows, true)
	default:
		small = imaging.Resize(img, ow, oh, imaging.Box)
	}
	if err != nil {
		return nil, err
	}
	return planesOf(small), nil
}

// rowsPerBlock caps the rows read per block.
const rowsPerBlock = 2

// blockRows returns the row offsets read within a block of side f: evenly
// spread, at most rowsPerBlock.
func blockRows(f int) []int {
	n := min(f, rowsPerBlock)
	rows := make([]int, n)
	for i := range rows {
		rows[i] = (2*i + 1) * f / (2 * n)
	}
	return rows
}

// shrinkPix averages blocks of 8-bit RGBA samples.
func shrinkPix(ctx context.Context, pix []byte, stride, origin, f, ow, oh int, rows []int, premul bool) (*image.NRGBA, error) {
	out := image.NewNRGBA(image.Rect(0, 0, ow, oh))
	acc := make([]uint32, 4*ow)
	n := uint32(f * len(rows))
	div := newDivider(n)
	for oy := range oh {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		clear(acc)
		for _, dy := range rows {
			row := pix[origin+(oy*f+dy)*stride:]
			for ox := range ow {
				a := acc[4*ox : 4*ox+4 : 4*ox+4]
				px := row[4*ox*f : 4*(ox+1)*f]
				for i := 0; i < len(px); i += 4 {
					a[0] += uint32(px[i])
					a[1] += uint32(px[i+1])
					a[2] += uint32(px[i+2])
					a[3] += uint32(px[i+3])
				}
			}
		}
		o := out.Pix[oy*out.Stride:]
		for i, v := range acc {
			o[i] = uint8(div.div(v + n/2))
		}
		if premul {
			unpremultiplyRow(o[:4*ow])
		}
	}
	return out, nil
}

func unpremultiplyRow(row []byte) {
	for i := 0; i < len(row); i += 4 {
		a := uint32(row[i+3])
		if a == 0 || a == 0xff {
			continue
		}
		for c := range 3 {
			row[i+c] = uint8(min(uint32(row[i+c])*0xff/a, 0xff))
		}
	}
}

// shrinkYCbCr averages blocks of Y and the chroma samples under them.
// When the block side is a multiple of the chroma subsampling, chroma is
// read from its own plane, one sample per covered cell; otherwise per
// pixel.
//
// The sampled rows of a block row are summed column by column into
// running totals, so that a block's sum is one subtraction whatever its
// side, and the means are divided by a multiplication: a loop per block
// and a division per sample cost several times the reading itself.
func shrinkYCbCr(ctx context.Context, m *image.YCbCr, f, ow, oh int, rows []int) (*colourPlanes, error) {
	b := m.Bounds()
	hd, _ := pixel.ChromaDivisors(m.SubsampleRatio)
	planar := f%hd == 0 && b.Min.X%hd == 0
	w := ow * f // pixel columns read
	// Chroma columns of a block and in all; per pixel, where the chroma
	// sample of each pixel column sits in its chroma row.
	cf, cw := f, w
	var cols []int
	if planar {
		cf, cw = f/hd, ow*(f/hd)
	} else {
		cols = make([]int, w)
		c0 := m.COffset(b.Min.X, b.Min.Y)
		for x := range cols {
			cols[x] = m.COffset(b.Min.X+x, b.Min.Y) - c0
		}
	}
	nY := uint32(f * len(rows))
	nC := uint32(cf * len(rows))
	divY, divC := newDivider(nY), newDivider(nC)
	sumY := make([]uint32, w+1)
	sumB, sumR := make([]uint32, cw+1), make([]uint32, cw+1)
	yRows := make([][]uint8, len(rows))
	bRows, rRows := make([][]uint8, len(rows)), make([][]uint8, len(rows))
	out := newColourPlanes(ow, oh, true)
	for oy := range oh {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		for i, dy := range rows {
			y := b.Min.Y + oy*f + dy
			yRows[i] = m.Y[m.YOffset(b.Min.X, y):][:w]
			c := m.COffset(b.Min.X, y)
			bRows[i], rRows[i] = m.Cb[c:], m.Cr[c:]
		}
		planeMeans(out.p[0][oy*ow:][:ow], sumY, yRows, nil, f, divY)
		planeMeans(out.p[1][oy*ow:][:ow], sumB, bRows, cols, cf, divC)
		planeMeans(out.p[2][oy*ow:][:ow], sumR, rRows, cols, cf, divC)
	}
	return out, nil
}
