package pixels

import (
	"image"
	"image/color"
)

// maxSamples is how many source pixels, along each axis, are averaged into
// one preview pixel at most. Reading every pixel of a large photo to make
// a 160-pixel preview costs as much as a general resampling filter; a grid
// of 3x3 samples per preview pixel is smooth enough at that size (8x8
// cost a fifth of an HTML scan's time).
const maxSamples = 3

// Shrink scales img down so that its longer side is at most size pixels
// (an image already that small keeps its size), averaging a grid of source
// pixels into each output pixel, and lays any transparency over white, as
// a page shows it. The common decoded forms (YCbCr from JPEG, RGBA, NRGBA
// and gray from PNG) are read directly; others through At.
func Shrink(img image.Image, size int) *image.RGBA {
	b := img.Bounds()
	sw, sh := b.Dx(), b.Dy()
	dst := image.NewRGBA(fitRect(sw, sh, size))
	if sw <= 0 || sh <= 0 {
		return dst
	}
	dw, dh := dst.Rect.Dx(), dst.Rect.Dy()
	at := pixelReader(img)
	xs := make([][]int, dw) // the source columns sampled for each output column
	for x := range dw {
		xs[x] = samples(b.Min.X, sw, dw, x)
	}
	ycc, _ := img.(*image.YCbCr)
	var sum [4]uint64
	for y := range dh {
		ys := samples(b.Min.Y, sh, dh, y)
		row := dst.Pix[y*dst.Stride:]
		for x, cols := range xs {
			sum = [4]uint64{}
			if ycc != nil {
				// A JPEG's pixels, most previews: read without a call
				// per sample.
				for _, sy := range ys {
					for _, sx := range cols {
						yi, ci := ycc.YOffset(sx, sy), ycc.COffset(sx, sy)
						r, g, b := color.YCbCrToRGB(ycc.Y[yi], ycc.Cb[ci], ycc.Cr[ci])
						sum[0] += uint64(r) * 0x101
						sum[1] += uint64(g) * 0x101
						sum[2] += uint64(b) * 0x101
					}
				}
				sum[3] = uint64(len(cols)*len(ys)) * 0xffff
				putOverWhite(row[4*x:], sum[:], uint64(len(cols)*len(ys)))
				continue
			}
			for _, sy := range ys {
				for _, sx := range cols {
					r, g, b, a := at(sx, sy)
					sum[0] += uint64(r)
					sum[1] += uint64(g)
					sum[2] += uint64(b)
					sum[3] += uint64(a)
				}
			}
			putOverWhite(row[4*x:], sum[:], uint64(len(cols)*len(ys)))
		}
	}
	return dst
}

// fitRect is the bounds of a preview of a sw x sh image whose longer side
// is at most size; an image that small keeps its size.
func fitRect(sw, sh, size int) image.Rectangle {
	switch {
	case sw <= size && sh <= size:
		return image.Rect(0, 0, max(sw, 0), max(sh, 0))
	case sw >= sh:
		return image.Rect(0, 0, size, max(1, (sh*size+sw/2)/sw))
	}
	return image.Rect(0, 0, max(1, (sw*size+sh/2)/sh), size)
}

// putOverWhite writes the average of n premultiplied 16-bit samples, whose
// sums are sum (r, g, b, a), as an opaque 8-bit pixel laid over white.
func putOverWhite(px []byte, sum []uint64, n uint64) {
	white := n*0xffff - sum[3]
	for i := range 3 {
		px[i] = uint8((sum[i] + white) / n >> 8)
	}
	px[3] = 0xff
}

// samples lists the source coordinates averaged into output position i of
// n, for a source of length src starting at origin: the footprint
// [i*src/n, (i+1)*src/n), every pixel of it or maxSamples spread evenly.
func samples(origin, src, n, i int) []int {
	lo, hi := i*src/n, (i+1)*src/n
	if hi <= lo {
		hi = lo + 1
	}
	k := min(hi-lo, maxSamples)
	out := make([]int, k)
	for j := range k {
		out[j] = origin + lo + (2*j+1)*(hi-lo)/(2*k)
	}
	return out
}

// pixelReader returns a function giving the premultiplied 16-bit colour
// of the pixel at (x, y), reading the decoders' usual forms without the
// interface conversion of At.
func pixelReader(img image.Image) func(x, y int) (r, g, b, a uint32) {
	switch m := img.(type) {
	case *image.YCbCr:
		return func(x, y int) (uint32, uint32, uint32, uint32) {
			yi, ci := m.YOffset(x, y), m.COffset(x, y)
			return color.YCbCr{Y: m.Y[yi], Cb: m.Cb[ci], Cr: m.Cr[ci]}.RGBA()
		}
	case *image.RGBA:
		return func(x, y int) (uint32, uint32, uint32, uint32) {
			p := m.Pix[m.PixOffset(x, y):]
			return uint32(p[0]) * 0x101, uint32(p[1]) * 0x101, uint32(p[2]) * 0x101, uint32(p[3]) * 0x101
		}
	case *image.NRGBA:
		return func(x, y int) (uint32, uint32, uint32, uint32) {
			p := m.Pix[m.PixOffset(x, y):]
			return color.NRGBA{R: p[0], G: p[1], B: p[2], A: p[3]}.RGBA()
		}
	case *image.Gray:
		return func(x, y int) (uint32, uint32, uint32, uint32) {
			v := uint32(m.Pix[m.PixOffset(x, y)]) * 0x101
			return v, v, v, 0xffff
		}
	}
	return func(x, y int) (uint32, uint32, uint32, uint32) { return img.At(x, y).RGBA() }
}
