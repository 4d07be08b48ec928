package forensics

import "image"

// colourPlanes is a small image as three 8-bit planes of w×h samples, row
// after row: Y, Cb and Cr when ycbcr is set (a JPEG's own colour), else R,
// G and B. The thumbnail comparison shrinks and resamples the main image
// in this form, so that filtering runs over flat rows and a JPEG's colour
// is converted once, at the thumbnail's size.
type colourPlanes struct {
	w, h  int
	ycbcr bool
	p     [3][]uint8
}

func newColourPlanes(w, h int, ycbcr bool) *colourPlanes {
	c := &colourPlanes{w: w, h: h, ycbcr: ycbcr}
	for i := range c.p {
		c.p[i] = make([]uint8, w*h)
	}
	return c
}

// planesOf splits the colour of an RGBA image into planes.
func planesOf(m *image.NRGBA) *colourPlanes {
	b := m.Bounds()
	c := newColourPlanes(b.Dx(), b.Dy(), false)
	for y := range c.h {
		row := m.Pix[m.PixOffset(b.Min.X, b.Min.Y+y):][: 4*c.w : 4*c.w]
		r, g, bl := c.p[0][y*c.w:][:c.w], c.p[1][y*c.w:][:c.w], c.p[2][y*c.w:][:c.w]
		for x := range r {
			r[x], g[x], bl[x] = row[4*x], row[4*x+1], row[4*x+2]
		}
	}
	return c
}

// turned returns the planes rotated counter-clockwise by ccw degrees (90,
// 180 or 270).
func (c *colourPlanes) turned(ccw int) *colourPlanes {
	w, h := c.w, c.h
	if ccw != 180 {
		w, h = h, w
	}
	out := newColourPlanes(w, h, c.ycbcr)
	for i, src := range c.p {
		dst := out.p[i]
		for y := range c.h {
			row := src[y*c.w:][:c.w]
			for x, v := range row {
				switch ccw {
				case 90: // (x, y) → (y, W−1−x)
					dst[(c.w-1-x)*w+y] = v
				case 180:
					dst[(c.h-1-y)*w+c.w-1-x] = v
				default: // 270: (x, y) → (H−1−y, x)
					dst[x*w+c.h-1-y] = v
				}
			}
		}
	}
	return out
}
