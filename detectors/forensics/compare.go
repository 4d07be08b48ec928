package forensics

import (
	"context"
	"image"
	"math"

	"github.com/disintegration/imaging"
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
func compareThumb(ctx context.Context, small *image.NRGBA, thumb image.Image) thumbCompare {
	t := imaging.Clone(thumb)
	c := thumbCompare{thumbW: t.Bounds().Dx(), thumbH: t.Bounds().Dy()}
	mw, mh := small.Bounds().Dx(), small.Bounds().Dy()
	am := float64(mw) / float64(mh)
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
	c.mad = mad(imaging.Resize(small, c.contentW, c.contentH, imaging.Linear), t)
	c.rotation, c.bestMAD = 0, c.mad
	if c.mad <= sameMAD {
		return c // the same picture as stored: no turn to look for
	}
	for _, r := range []struct {
		deg int
		fn  func(image.Image) *image.NRGBA
	}{{90, imaging.Rotate270}, {270, imaging.Rotate90}, {180, imaging.Rotate180}} {
		if ctx.Err() != nil {
			break
		}
		m := mad(imaging.Resize(r.fn(small), c.contentW, c.contentH, imaging.Linear), t)
		if m < c.bestMAD {
			c.rotation, c.bestMAD = r.deg, m
		}
	}
	return c
}

// mad is the mean absolute difference of two equal-sized images over R, G
// and B, as a percentage of 255.
func mad(a, b *image.NRGBA) float64 {
	w, h := a.Bounds().Dx(), a.Bounds().Dy()
	if w == 0 || h == 0 || b.Bounds().Dx() != w || b.Bounds().Dy() != h {
		return 100
	}
	var s uint64
	for y := range h {
		ra := a.Pix[y*a.Stride : y*a.Stride+4*w]
		rb := b.Pix[y*b.Stride : y*b.Stride+4*w]
		for i := 0; i < len(ra); i += 4 {
			for c := range 3 {
				d := int(ra[i+c]) - int(rb[i+c])
				if d < 0 {
					d = -d
				}
				s += uint64(d)
			}
		}
	}
	return float64(s) / float64(3*w*h) / 255 * 100
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
