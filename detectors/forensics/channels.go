package forensics

import "image"

// channel picks the 8-bit plane a pixel check reads.
type channel int

const (
	// chLuma is the luminance: the Y plane of a YCbCr image as decoded, or
	// BT.601 luma computed from RGB.
	chLuma channel = iota
	// chGreen is the green samples of an RGB image; for YCbCr and grey
	// images, whose green would have to be rebuilt from subsampled chroma,
	// the luma plane stands in (it is mostly green).
	chGreen
	// chRed and chBlue are the red and blue samples of an RGB image
	// (luma for YCbCr and grey images, as for chGreen).
	chRed
	chBlue
)

// readPlane fills dst (at least r.Dx()·r.Dy() long) with the channel's
// samples over r, row after row. r is in coordinates relative to the
// image's bounds and must lie inside them. The decoders' usual outputs are
// read from their sample slices; other types go through At, which is slow
// but only ever asked for the bounded regions the checks sample.
func readPlane(img image.Image, r image.Rectangle, ch channel, dst []uint8) {
	b := img.Bounds()
	w := r.Dx()
	switch m := img.(type) {
	case *image.YCbCr:
		for y := r.Min.Y; y < r.Max.Y; y++ {
			o := m.YOffset(b.Min.X+r.Min.X, b.Min.Y+y)
			copy(dst[(y-r.Min.Y)*w:], m.Y[o:o+w])
		}
		return
	case *image.NYCbCrA:
		readPlane(&m.YCbCr, r, ch, dst)
		return
	case *image.Gray:
		for y := r.Min.Y; y < r.Max.Y; y++ {
			o := m.PixOffset(b.Min.X+r.Min.X, b.Min.Y+y)
			copy(dst[(y-r.Min.Y)*w:], m.Pix[o:o+w])
		}
		return
	case *image.NRGBA:
		rgbRows(m.Pix, m.Stride, m.PixOffset(b.Min.X+r.Min.X, b.Min.Y+r.Min.Y), w, r.Dy(), ch, dst)
		return
	case *image.RGBA:
		// Premultiplied: exact for opaque pixels, which is what a
		// photograph or a generator's output is.
		rgbRows(m.Pix, m.Stride, m.PixOffset(b.Min.X+r.Min.X, b.Min.Y+r.Min.Y), w, r.Dy(), ch, dst)
		return
	}
	i := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			cr, cg, cb, _ := img.At(b.Min.X+x, b.Min.Y+y).RGBA()
			switch ch {
			case chRed:
				dst[i] = uint8(cr >> 8)
			case chGreen:
				dst[i] = uint8(cg >> 8)
			case chBlue:
				dst[i] = uint8(cb >> 8)
			default:
				dst[i] = luma8(uint8(cr>>8), uint8(cg>>8), uint8(cb>>8))
			}
			i++
		}
	}
}

// rgbRows reads h rows of w RGBA pixels starting at origin.
func rgbRows(pix []uint8, stride, origin, w, h int, ch channel, dst []uint8) {
	for y := range h {
		row := pix[origin+y*stride : origin+y*stride+4*w]
		out := dst[y*w : (y+1)*w]
		if ch != chLuma {
			k := rgbIndex(ch)
			for x := range out {
				out[x] = row[4*x+k]
			}
			continue
		}
		for x := range out {
			out[x] = luma8(row[4*x], row[4*x+1], row[4*x+2])
		}
	}
}

// rgbIndex is the offset of a colour channel's sample in an RGBA pixel.
func rgbIndex(ch channel) int {
	switch ch {
	case chRed:
		return 0
	case chBlue:
		return 2
	}
	return 1
}

// luma8 is BT.601 luma in 16-bit fixed point, as color.GrayModel computes it.
func luma8(r, g, b uint8) uint8 {
	return uint8((19595*uint32(r) + 38470*uint32(g) + 7471*uint32(b) + 1<<15) >> 16)
}

// lumaPlane returns the decoded luminance samples of a JPEG-like image
// without copying: the Y plane of a YCbCr image or a grey image's pixels.
// Other types have no such plane (ok false).
func lumaPlane(img image.Image) (pix []uint8, stride, w, h int, ok bool) {
	switch m := img.(type) {
	case *image.YCbCr:
		b := m.Rect
		return m.Y[m.YOffset(b.Min.X, b.Min.Y):], m.YStride, b.Dx(), b.Dy(), true
	case *image.NYCbCrA:
		return lumaPlane(&m.YCbCr)
	case *image.Gray:
		b := m.Rect
		return m.Pix[m.PixOffset(b.Min.X, b.Min.Y):], m.Stride, b.Dx(), b.Dy(), true
	}
	return nil, 0, 0, 0, false
}
