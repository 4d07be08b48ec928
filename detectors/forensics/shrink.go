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
// are read from their sample slices; other types go through the imaging
// package's box filter.
func shrink(ctx context.Context, img image.Image, maxSide int) (*image.NRGBA, error) {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	if w <= 0 || h <= 0 || maxSide <= 0 {
		return image.NewNRGBA(image.Rect(0, 0, 0, 0)), nil
	}
	f := max(1, (max(w, h)+maxSide-1)/maxSide) // integer block side
	ow, oh := max(1, w/f), max(1, h/f)
	if f > h || f > w {
		// A strip thinner than one block: the box filter handles it.
		return imaging.Resize(img, ow, oh, imaging.Box), nil
	}
	rows := blockRows(f)
	switch m := img.(type) {
	case *image.YCbCr:
		return shrinkYCbCr(ctx, m, f, ow, oh, rows)
	case *image.NRGBA:
		return shrinkPix(ctx, m.Pix, m.Stride, m.PixOffset(b.Min.X, b.Min.Y), f, ow, oh, rows, false)
	case *image.RGBA:
		return shrinkPix(ctx, m.Pix, m.Stride, m.PixOffset(b.Min.X, b.Min.Y), f, ow, oh, rows, true)
	}
	return imaging.Resize(img, ow, oh, imaging.Box), nil
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
			o[i] = uint8((v + n/2) / n)
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

// shrinkYCbCr averages blocks of Y and the chroma samples under them,
// then converts each block mean to RGB once. When the block side is a
// multiple of the chroma subsampling, chroma is read from its own plane,
// one sample per covered cell; otherwise per pixel.
func shrinkYCbCr(ctx context.Context, m *image.YCbCr, f, ow, oh int, rows []int) (*image.NRGBA, error) {
	b := m.Bounds()
	hd, _ := pixel.ChromaDivisors(m.SubsampleRatio)
	planar := f%hd == 0 && b.Min.X%hd == 0
	out := image.NewNRGBA(image.Rect(0, 0, ow, oh))
	accY := make([]uint32, ow)
	accB := make([]uint32, ow)
	accR := make([]uint32, ow)
	nY := uint32(f * len(rows))
	nC := nY
	if planar {
		nC = uint32(f / hd * len(rows))
	}
	for oy := range oh {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		clear(accY)
		clear(accB)
		clear(accR)
		for _, dy := range rows {
			y := b.Min.Y + oy*f + dy
			yRow := m.Y[m.YOffset(b.Min.X, y):]
			for ox := range ow {
				s := uint32(0)
				for _, v := range yRow[ox*f : (ox+1)*f] {
					s += uint32(v)
				}
				accY[ox] += s
			}
			if planar {
				c0 := m.COffset(b.Min.X, y)
				cw := f / hd
				cb, cr := m.Cb[c0:], m.Cr[c0:]
				for ox := range ow {
					sb, sr := uint32(0), uint32(0)
					for i := ox * cw; i < (ox+1)*cw; i++ {
						sb += uint32(cb[i])
						sr += uint32(cr[i])
					}
					accB[ox] += sb
					accR[ox] += sr
				}
				continue
			}
			for ox := range ow {
				x0 := b.Min.X + ox*f
				for dx := range f {
					ci := m.COffset(x0+dx, y)
					accB[ox] += uint32(m.Cb[ci])
					accR[ox] += uint32(m.Cr[ci])
				}
			}
		}
		o := out.Pix[oy*out.Stride:]
		for ox := range ow {
			r, g, bb := pixel.YCbCrToRGB(uint8((accY[ox]+nY/2)/nY), uint8((accB[ox]+nC/2)/nC), uint8((accR[ox]+nC/2)/nC))
			o[4*ox], o[4*ox+1], o[4*ox+2], o[4*ox+3] = r, g, bb, 0xff
		}
	}
	return out, nil
}
