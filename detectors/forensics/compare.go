package forensics

import (
	"context"
	"image"
	"math"

	"github.com/disintegration/imaging"

	"github.com/provcheck/provcheck/detectors/internal/pixel"
)

// thumbCompare is the comparison of an EXIF thumbnail with the main image.
type thumbCompare struct {
	thumbW, thumbH int     // thumbnail as stored
	contentW       int     // after trimming black bars
	contentH       int     //
	mad            float64 // mean absolute difference, % of full scale, main as stored
	rotation       int     // degrees counter-clockwise by which the main picture is turned from the thumbnail's, best match
	bestMAD        float64 // the difference at that rotation
	aspectDiff     float64 // relative difference of the aspect ratios, main as stored
}

// compareThumb resizes a shrunken copy of the main image to the
// thumbnail's picture area and measures the mean absolute RGB difference,
// as stored and rotated by a quarter turn either way (a rotation applied
// to the pixels after the thumbnail was made is a common, harmless edit
// that must not read as a different picture).
func compareThumb(ctx context.Context, small *colourPlanes, thumb image.Image) thumbCompare {
	t := toNRGBA(thumb)
	c := thumbCompare{thumbW: t.Bounds().Dx(), thumbH: t.Bounds().Dy()}
	am := float64(small.w) / float64(small.h)
	aspectDiff := func(r image.Rectangle) float64 { return math.Abs(float64(r.Dx())/float64(r.Dy())-am) / am }
	// Trim bars only when that brings the thumbnail's shape closer to the
	// main image's: a picture with a dark background (night sky, space)
	// keeps its edges.
	area := t.Bounds()
	if trimmed := trimBars(t); trimmed != area && aspectDiff(trimmed) < aspectDiff(area) {
		area = trimmed
		t = imaging.Crop(t, area)
	}
	c.contentW, c.contentH = area.Dx(), area.Dy()
	c.aspectDiff = aspectDiff(area)
	c.mad = madPlanes(small.resized(c.contentW, c.contentH), t)
	c.rotation, c.bestMAD = 0, c.mad
	if c.mad <= sameMAD {
		return c // the same picture as stored: no turn to look for
	}
	// The main picture turned by deg counter-clockwise from the
	// thumbnail's is turned back by 360−deg.
	for _, deg := range []int{90, 270, 180} {
		if ctx.Err() != nil {
			break
		}
		m := madPlanes(small.turned(360-deg).resized(c.contentW, c.contentH), t)
		if m < c.bestMAD {
			c.rotation, c.bestMAD = deg, m
		}
	}
	return c
}

// madPlanes is the mean absolute difference of the colour of planes and
// of an image of the same size, over R, G and B, as a percentage of 255:
// 100 when the sizes differ. The planes are converted a row at a time.
func madPlanes(c *colourPlanes, b *image.NRGBA) float64 {
	w, h := c.w, c.h
	if w == 0 || h == 0 || b.Bounds().Dx() != w || b.Bounds().Dy() != h {
		return 100
	}
	var s uint64
	for y := range h {
		p0, p1, p2 := c.p[0][y*w:][:w], c.p[1][y*w:][:w], c.p[2][y*w:][:w]
		rb := b.Pix[b.PixOffset(b.Rect.Min.X, b.Rect.Min.Y+y):][: 4*w : 4*w]
		var t uint32 // a row's sum: 3·255 per pixel fits easily
		for x, v := range p0 {
			r, g, bl := v, p1[x], p2[x]
			if c.ycbcr {
				r, g, bl = pixel.YCbCrToRGB(v, p1[x], p2[x])
			}
			q := (*[4]uint8)(rb[4*x:])
			t += colourDiff(r, q[0]) + colourDiff(g, q[1]) + colourDiff(bl, q[2])
		}
		s += uint64(t)
	}
	return float64(s) / float64(3*w*h) / 255 * 100
}

// colourDiff is |a−b| without a branch, which the data would mispredict.
func colourDiff(a, b uint8) uint32 {
	d := int32(a) - int32(b)
	m := d >> 31
	return uint32(d ^ m - m)
}

// Black bars: some cameras pad a thumbnail to 4:3 (160×120) when the
// picture is 3:2 or 16:9. A row or column is a bar when every pixel in it
// is near black.
const barLevel = 24

func trimBars(t *image.NRGBA) image.Rectangle {
	b := t.Bounds()
	dark := func(x0, y0, x1, y1 int) bool {
		for y := y0; y < y1; y++ {
			for x := x0; x < x1; x++ {
				i := t.PixOffset(x, y)
				if t.Pix[i] > barLevel || t.Pix[i+1] > barLevel || t.Pix[i+2] > barLevel {
					return false
				}
			}
		}
		return true
	}
	r := b
	for r.Dy() > b.Dy()/2 && dark(r.Min.X, r.Min.Y, r.Max.X, r.Min.Y+1) {
		r.Min.Y++
	}
	for r.Dy() > b.Dy()/2 && dark(r.Min.X, r.Max.Y-1, r.Max.X, r.Max.Y) {
		r.Max.Y--
	}
	for r.Dx() > b.Dx()/2 && dark(r.Min.X, r.Min.Y, r.Min.X+1, r.Max.Y) {
		r.Min.X++
	}
	for r.Dx() > b.Dx()/2 && dark(r.Max.X-1, r.Min.Y, r.Max.X, r.Max.Y) {
		r.Max.X--
	}
	// A bar is only a bar on both sides: a picture that is dark at one
	// edge keeps its pixels.
	if (r.Min.Y-b.Min.Y)+(b.Max.Y-r.Max.Y) > 0 && (r.Min.Y == b.Min.Y || r.Max.Y == b.Max.Y) {
		r.Min.Y, r.Max.Y = b.Min.Y, b.Max.Y
	}
	if (r.Min.X-b.Min.X)+(b.Max.X-r.Max.X) > 0 && (r.Min.X == b.Min.X || r.Max.X == b.Max.X) {
		r.Min.X, r.Max.X = b.Min.X, b.Max.X
	}
	return r
}

// toNRGBA copies a decoded thumbnail into 8-bit straight RGBA: JPEG
// decodes to YCbCr or grey, converted here directly; anything else goes
// through the imaging package.
func toNRGBA(img image.Image) *image.NRGBA {
	b := img.Bounds()
	switch m := img.(type) {
	case *image.YCbCr:
		out := image.NewNRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
		// Where each column's chroma sample sits in its chroma row.
		cols := make([]int, b.Dx())
		c0 := m.COffset(b.Min.X, b.Min.Y)
		for x := range cols {
			cols[x] = m.COffset(b.Min.X+x, b.Min.Y) - c0
		}
		for y := range b.Dy() {
			yRow := m.Y[m.YOffset(b.Min.X, b.Min.Y+y):][:len(cols)]
			c := m.COffset(b.Min.X, b.Min.Y+y)
			cb, cr := m.Cb[c:], m.Cr[c:]
			o := out.Pix[y*out.Stride:][: 4*len(cols) : 4*len(cols)]
			for x, ci := range cols {
				q := (*[4]uint8)(o[4*x:])
				q[0], q[1], q[2] = pixel.YCbCrToRGB(yRow[x], cb[ci], cr[ci])
				q[3] = 0xff
			}
		}
		return out
	case *image.Gray:
		out := image.NewNRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
		for y := range b.Dy() {
			row := m.Pix[m.PixOffset(b.Min.X, b.Min.Y+y):][:b.Dx()]
			o := out.Pix[y*out.Stride:][: 4*b.Dx() : 4*b.Dx()]
			for x, v := range row {
				o[4*x], o[4*x+1], o[4*x+2], o[4*x+3] = v, v, v, 0xff
			}
		}
		return out
	}
	return imaging.Clone(img)
}
