package forensics

import (
	"bytes"
	"image"
	"image/png"
	"math/rand/v2"
	"testing"
)

// Pictures for the pixel-history tests.

// scene draws a w×h colour picture with detail at every scale, as photos
// have: octaves of smoothly interpolated random grids (coarse ones strong,
// fine ones weak), partly shared between the channels, and fine texture
// of slightly blurred noise. The cell sizes are prime to 8 and each octave
// is shifted at random, so nothing in it repeats with JPEG's grid or a 2×2
// pattern; the finest detail is noise, not an interpolated grid, so it
// has no period either.
func scene(w, h int, seed uint64) *image.NRGBA {
	r := rand.New(rand.NewPCG(seed, 7))
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	acc := make([]float64, 3*w*h)
	amp := 60.0
	for _, cell := range []int{67, 37, 19, 11} {
		ox, oy := r.IntN(cell), r.IntN(cell)
		gw, gh := (w+ox)/cell+2, (h+oy)/cell+2
		grid := make([]float64, 4*gw*gh)
		for i := range grid {
			grid[i] = r.Float64()*2 - 1
		}
		for y := range h {
			fy := float64(y+oy) / float64(cell)
			y0 := int(fy)
			ty := smooth(fy - float64(y0))
			for x := range w {
				fx := float64(x+ox) / float64(cell)
				x0 := int(fx)
				tx := smooth(fx - float64(x0))
				for c := range 4 {
					g := grid[c*gw*gh:]
					v := (g[y0*gw+x0]*(1-tx)+g[y0*gw+x0+1]*tx)*(1-ty) + (g[(y0+1)*gw+x0]*(1-tx)+g[(y0+1)*gw+x0+1]*tx)*ty
					if c == 3 { // shared by the three channels
						for k := range 3 {
							acc[3*(y*w+x)+k] += amp * v
						}
					} else {
						acc[3*(y*w+x)+c] += 0.5 * amp * v
					}
				}
			}
		}
		amp *= 0.6
	}
	fine := make([]float64, w*h)
	for i := range fine {
		fine[i] = r.NormFloat64() * 8
	}
	at := func(x, y int) float64 { return fine[min(max(y, 0), h-1)*w+min(max(x, 0), w-1)] }
	for y := range h {
		for x := range w {
			// A 3×3 binomial blur: texture finer than the octaves, with
			// the spectrum of smoothed noise rather than of a lattice.
			v := (4*at(x, y) + 2*(at(x-1, y)+at(x+1, y)+at(x, y-1)+at(x, y+1)) +
				at(x-1, y-1) + at(x+1, y-1) + at(x-1, y+1) + at(x+1, y+1)) / 16
			for k := range 3 {
				i := y*w + x
				img.Pix[4*i+k] = clamp8(128 + acc[3*i+k] + v + r.NormFloat64())
			}
			img.Pix[4*(y*w+x)+3] = 0xff
		}
	}
	return img
}

func smooth(t float64) float64 { return t * t * (3 - 2*t) }

// clamp8 rounds to a sample, kept off 0 and 255 so no check skips it as
// clipped.
func clamp8(v float64) uint8 { return uint8(min(max(v+0.5, 1), 254)) }

// bayer samples img through an RGGB colour filter and rebuilds the
// missing colours by bilinear interpolation, as the simplest demosaicing
// does.
func bayer(img *image.NRGBA) *image.NRGBA {
	w, h := img.Rect.Dx(), img.Rect.Dy()
	colour := func(x, y int) int { // 0 red, 1 green, 2 blue
		switch {
		case x%2 == 0 && y%2 == 0:
			return 0
		case x%2 == 1 && y%2 == 1:
			return 2
		}
		return 1
	}
	raw := func(x, y int) float64 {
		x, y = min(max(x, 0), w-1), min(max(y, 0), h-1)
		return float64(img.Pix[y*img.Stride+4*x+colour(x, y)])
	}
	out := image.NewNRGBA(img.Rect)
	for y := range h {
		for x := range w {
			cross := (raw(x-1, y) + raw(x+1, y) + raw(x, y-1) + raw(x, y+1)) / 4
			diag := (raw(x-1, y-1) + raw(x+1, y-1) + raw(x-1, y+1) + raw(x+1, y+1)) / 4
			horiz, vert := (raw(x-1, y)+raw(x+1, y))/2, (raw(x, y-1)+raw(x, y+1))/2
			var rgb [3]float64
			switch c := colour(x, y); {
			case c == 0:
				rgb = [3]float64{raw(x, y), cross, diag}
			case c == 2:
				rgb = [3]float64{diag, cross, raw(x, y)}
			case y%2 == 0: // green on a red row
				rgb = [3]float64{horiz, raw(x, y), vert}
			default: // green on a blue row
				rgb = [3]float64{vert, raw(x, y), horiz}
			}
			i := y*out.Stride + 4*x
			for k, v := range rgb {
				out.Pix[i+k] = clamp8(v)
			}
			out.Pix[i+3] = 0xff
		}
	}
	return out
}

// quincunx replaces, in every channel alike, the pixels with x+y odd by
// the mean of their four neighbours: one diagonal set interpolated, as a
// Bayer filter leaves green, but with no filter behind it.
func quincunx(img *image.NRGBA) *image.NRGBA {
	out := image.NewNRGBA(img.Rect)
	copy(out.Pix, img.Pix)
	w, h := img.Rect.Dx(), img.Rect.Dy()
	for y := 1; y < h-1; y++ {
		for x := 1 + y%2; x < w-1; x += 2 {
			for k := range 3 {
				at := func(x, y int) float64 { return float64(img.Pix[y*img.Stride+4*x+k]) }
				out.Pix[y*out.Stride+4*x+k] = clamp8((at(x-1, y)+at(x+1, y)+at(x, y-1)+at(x, y+1))/4 - 0.5)
			}
		}
	}
	return out
}

// upsample2 doubles img with the original samples on even coordinates and
// bilinear ones between: one phase kept, three interpolated.
func upsample2(img *image.NRGBA) *image.NRGBA {
	w, h := img.Rect.Dx(), img.Rect.Dy()
	out := image.NewNRGBA(image.Rect(0, 0, 2*w, 2*h))
	for y := range 2 * h {
		for x := range 2 * w {
			x0, y0 := x/2, y/2
			x1, y1 := min(x0+x%2, w-1), min(y0+y%2, h-1)
			for k := range 3 {
				at := func(x, y int) float64 { return float64(img.Pix[y*img.Stride+4*x+k]) }
				v := (at(x0, y0) + at(x1, y0) + at(x0, y1) + at(x1, y1)) / 4
				out.Pix[y*out.Stride+4*x+k] = clamp8(v - 0.5)
			}
			out.Pix[y*out.Stride+4*x+3] = 0xff
		}
	}
	return out
}

// lattice is noise with one pixel in every period×period cell brightened
// by a factor 1+depth, the uneven gain an up-sampling layer whose kernel
// does not divide evenly by its stride leaves: peaks at multiples of
// 1/period cycles per pixel on both axes and off them.
func lattice(w, h, period int, depth float64) *image.NRGBA {
	img := noise(w, h)
	for y := 0; y < h; y += period {
		for x := 0; x < w; x += period {
			for k := range 3 {
				i := y*img.Stride + 4*x + k
				img.Pix[i] = clamp8(float64(img.Pix[i]) * (1 + depth))
			}
		}
	}
	return img
}

// noise is uniform noise in 60..195.
func noise(w, h int) *image.NRGBA {
	r := rand.New(rand.NewPCG(uint64(w), uint64(h)))
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = uint8(60 + r.IntN(136))
		if i%4 == 3 {
			img.Pix[i] = 0xff
		}
	}
	return img
}

func encodePNG(t testing.TB, img image.Image) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func decode(t testing.TB, data []byte) image.Image {
	t.Helper()
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// resave decodes a JPEG and encodes it again at quality q.
func resave(t testing.TB, data []byte, q int) []byte {
	t.Helper()
	return encodeJPEG(t, decode(t, data), q)
}
