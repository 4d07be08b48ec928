package watermark

import (
	"context"
	"encoding/binary"
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
			if !opaque(row) {
				return unpremultiply(buf, row)
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

// opaque reports whether every pixel of an RGBA row has alpha 0xff, two
// pixels at a time.
func opaque(row []byte) bool {
	const alphas = 0xff000000ff000000
	i := 0
	for ; i+8 <= len(row); i += 8 {
		if binary.LittleEndian.Uint64(row[i:])&alphas != alphas {
			return false
		}
	}
	return i == len(row) || row[i+3] == 0xff
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

// readVotes reads every variant's block votes with the reader that fits
// the image: cells for YCbCr, exact pixels otherwise.
func readVotes(ctx context.Context, img image.Image) (*votes, error) {
	if m, ok := img.(*image.YCbCr); ok {
		return cellVotes(ctx, m)
	}
	b := img.Bounds()
	return pixelVotes(ctx, rowsOf(img), b.Dx(), b.Dy())
}
