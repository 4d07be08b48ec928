package watermark

import (
	"image"
	"image/color"

	"github.com/provcheck/provcheck/detectors/internal/pixel"
)

// rowFunc returns row y (0-based from the top of the image) as 8-bit
// R, G, B, A quadruples: either a slice of the image itself or buf (4×width
// bytes) filled in. The caller must not modify it.
type rowFunc func(y int, buf []byte) []byte

// rowsOf gives 8-bit straight (not premultiplied) colour, the values an
// 8-bit reader such as OpenCV's imread hands the reference decoder: 16-bit
// samples are reduced to their high byte. The common decoder outputs are
// read straight from their Pix slices; anything else goes through At.
func rowsOf(img image.Image) rowFunc {
	b := img.Bounds()
	w := b.Dx()
	switch m := img.(type) {
	case *image.NRGBA:
		return func(y int, buf []byte) []byte {
			off := m.PixOffset(b.Min.X, b.Min.Y+y)
			return m.Pix[off : off+4*w]
		}
	case *image.RGBA:
		return func(y int, buf []byte) []byte {
			off := m.PixOffset(b.Min.X, b.Min.Y+y)
			row := m.Pix[off : off+4*w]
			for i := 3; i < len(row); i += 4 {
				if row[i] != 0xff {
					return unpremultiply(buf, row)
				}
			}
			return row // opaque: premultiplied equals straight
		}
	case *image.NRGBA64:
		return func(y int, buf []byte) []byte {
			off := m.PixOffset(b.Min.X, b.Min.Y+y)
			row := m.Pix[off : off+8*w]
			for i := range w {
				buf[4*i], buf[4*i+1], buf[4*i+2], buf[4*i+3] = row[8*i], row[8*i+2], row[8*i+4], row[8*i+6]
			}
			return buf
		}
	case *image.YCbCr:
		hd, vd := pixel.ChromaDivisors(m.SubsampleRatio)
		return func(y int, buf []byte) []byte {
			py := b.Min.Y + y
			yRow := m.Y[m.YOffset(b.Min.X, py):][:w]
			cBase := (py/vd - m.Rect.Min.Y/vd) * m.CStride
			for i, yv := range yRow {
				ci := cBase + (b.Min.X+i)/hd - m.Rect.Min.X/hd
				buf[4*i], buf[4*i+1], buf[4*i+2] = pixel.YCbCrToRGB(yv, m.Cb[ci], m.Cr[ci])
				buf[4*i+3] = 0xff
			}
			return buf
		}
	case *image.Gray:
		return func(y int, buf []byte) []byte {
			off := m.PixOffset(b.Min.X, b.Min.Y+y)
			for i, g := range m.Pix[off : off+w] {
				buf[4*i], buf[4*i+1], buf[4*i+2], buf[4*i+3] = g, g, g, 0xff
			}
			return buf
		}
	case *image.Paletted:
		pal := make([]color.NRGBA, 256)
		for i, c := range m.Palette {
			pal[i] = color.NRGBAModel.Convert(c).(color.NRGBA)
		}
		return func(y int, buf []byte) []byte {
			off := m.PixOffset(b.Min.X, b.Min.Y+y)
			for i, ix := range m.Pix[off : off+w] {
				c := pal[ix]
				buf[4*i], buf[4*i+1], buf[4*i+2], buf[4*i+3] = c.R, c.G, c.B, c.A
			}
			return buf
		}
	}
	return func(y int, buf []byte) []byte {
		for i := range w {
			c := color.NRGBA64Model.Convert(img.At(b.Min.X+i, b.Min.Y+y)).(color.NRGBA64)
			buf[4*i], buf[4*i+1], buf[4*i+2], buf[4*i+3] = uint8(c.R>>8), uint8(c.G>>8), uint8(c.B>>8), uint8(c.A>>8)
		}
		return buf
	}
}

// unpremultiply converts one premultiplied RGBA row into dst.
func unpremultiply(dst, row []byte) []byte {
	for i := 0; i < len(row); i += 4 {
		a := uint32(row[i+3])
		switch a {
		case 0xff:
			copy(dst[i:i+4], row[i:i+4])
		case 0:
			dst[i], dst[i+1], dst[i+2], dst[i+3] = 0, 0, 0, 0
		default:
			dst[i] = uint8(uint32(row[i]) * 0xff / a)
			dst[i+1] = uint8(uint32(row[i+1]) * 0xff / a)
			dst[i+2] = uint8(uint32(row[i+2]) * 0xff / a)
			dst[i+3] = uint8(a)
		}
	}
	return dst
}

// hasChroma reports whether the image type can carry colour at all: a grey
// image has U constant at 128 and cannot hold the watermark.
func hasChroma(img image.Image) bool {
	switch img.(type) {
	case *image.Gray, *image.Gray16, *image.Alpha, *image.Alpha16:
		return false
	}
	return true
}

// ycbcrBand forms band rows of a YCbCr image (a JPEG or lossy WebP) one
// 2×2 cell at a time, from the cell's mean Y, Cb and Cr converted once, as
// if the four pixels were equal. The reference decoder sees the RGB that
// libjpeg produces, which no other decoder reproduces bit for bit, so an
// exact per-pixel reading has nothing exact to match here; the band value
// is a cell mean in any case, and with 4:2:0 chroma the cell holds one
// chroma sample. This reads a quarter of the conversions a pixel path
// would, which matters because JPEG decodes several times faster than PNG.
func ycbcrBand(m *image.YCbCr) bandFunc {
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
			bgr[s], rgb[s], bgrF[s], rgbF[s] = cellBand(int(cr), int(cg), int(cb))
		}
	}
}

// cellBand is the band value of a 2×2 cell of four equal pixels, in
// every variant, with the arithmetic of bandRow.
func cellBand(r, g, b int) (bgr, rgb, bgrF, rgbF float64) {
	y := (1868*b + 9617*g + 4899*r + 1<<13) >> 14
	bgr = cellOfDiff[uint(b-y+255)%511]
	y = (1868*r + 9617*g + 4899*b + 1<<13) >> 14
	rgb = cellOfDiff[uint(r-y+255)%511]
	fr, fg, fb := float64(4*r), float64(4*g), float64(4*b)
	bgrF = 0.5 * (kU*(fb-(kB*fb+kG*fg+kR*fr)) + 2)
	rgbF = 0.5 * (kU*(fr-(kB*fr+kG*fg+kR*fb)) + 2)
	return bgr, rgb, bgrF, rgbF
}

// cellOfDiff maps B−Y (offset by 255) to the 8-bit band value of a cell of
// four equal pixels, with bandRow's arithmetic.
var cellOfDiff = func() (t [511]float64) {
	for i := range t {
		p := haarU[uOfDiff[i]] + haarU[uOfDiff[i]]
		t[i] = float64(haarC*p) + float64(haarC*p)
	}
	return t
}()

// bandOf picks the band reader for an image.
func bandOf(img image.Image) bandFunc {
	if m, ok := img.(*image.YCbCr); ok {
		return ycbcrBand(m)
	}
	return pixelBand(rowsOf(img), img.Bounds().Dx())
}
