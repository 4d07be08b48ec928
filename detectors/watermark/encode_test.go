package watermark

import (
	"image"
	"math"
	"math/rand/v2"
)

// This file is the test encoder: it embeds a dwtDct payload the way the
// reference embedder does (ai-metadata.md §3.3), so the decoder is tested
// on images the tests make. It is test code only: provcheck never writes
// a watermark.

// embedOpts chooses how the embedder behaves.
type embedOpts struct {
	// Swap hands the embedder RGB where it expects BGR (the diffusers bug).
	Swap bool
	// Float embeds in float32 0..255 with OpenCV's float YUV (delta 0.5),
	// as Stability's SDXL code does, and truncates back to 8 bits.
	Float bool
}

// embed returns a copy of img (8-bit, opaque) carrying bits.
func embed(img *image.NRGBA, bits []uint8, o embedOpts) *image.NRGBA {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	out := image.NewNRGBA(image.Rect(0, 0, w, h))
	// Planes in the embedder's channel order: c0 is what it takes for B.
	yP, uP, vP := make([]float64, w*h), make([]float64, w*h), make([]float64, w*h)
	for y := range h {
		for x := range w {
			i := img.PixOffset(b.Min.X+x, b.Min.Y+y)
			r, g, bl := int(img.Pix[i]), int(img.Pix[i+1]), int(img.Pix[i+2])
			if o.Swap {
				r, bl = bl, r
			}
			k := y*w + x
			if o.Float {
				rf, gf, bf := float32(r), float32(g), float32(bl)
				yf := float32(float32(bf*0.114)+float32(gf*0.587)) + float32(rf*0.299)
				yP[k] = float64(yf)
				uP[k] = float64(float32((bf-yf)*0.492) + 0.5)
				vP[k] = float64(float32((rf-yf)*0.877) + 0.5)
			} else {
				yy := (1868*bl + 9617*g + 4899*r + 1<<13) >> 14
				yP[k] = float64(yy)
				uP[k] = float64(clamp8(((bl-yy)*8061 + 128<<14 + 1<<13) >> 14))
				vP[k] = float64(clamp8(((r-yy)*14369 + 128<<14 + 1<<13) >> 14))
			}
		}
	}
	h4, w4 := h/4*4, w/4*4
	ca, ch, cv, cd := haar2(uP, w, h4, w4)
	hw := w4 / 2
	n := 0
	for bi := 0; bi < (h4/2)/blockSide; bi++ {
		for bj := 0; bj < hw/blockSide; bj++ {
			bit := float64(bits[n%len(bits)])
			n++
			pos, best := 0, -1.0
			for t := 1; t < 16; t++ {
				v := ca[(bi*4+t/4)*hw+bj*4+t%4]
				if math.Abs(v) > best {
					pos, best = t, math.Abs(v)
				}
			}
			k := (bi*4+pos/4)*hw + bj*4 + pos%4
			v := ca[k]
			q := (math.Floor(math.Abs(v)/scale) + 0.25 + 0.5*bit) * scale
			if v < 0 {
				q = -q
			}
			ca[k] = q
		}
	}
	// The reference swaps the horizontal and vertical detail bands on the
	// way back; that perturbs detail and leaves the approximation intact.
	ihaar2(uP, w, h4, w4, ca, cv, ch, cd)
	for y := range h {
		for x := range w {
			k := y*w + x
			var r, g, bl int
			if o.Float {
				yf, uf, vf := yP[k], uP[k]-0.5, vP[k]-0.5
				bl = trunc8(yf + 2.032*uf)
				g = trunc8(yf - 0.395*uf - 0.581*vf)
				r = trunc8(yf + 1.140*vf)
			} else {
				// The float result lands in the 8-bit YUV array by truncation.
				yy, uu, vv := int(yP[k]), trunc8(uP[k])-128, int(vP[k])-128
				bl = clamp8(yy + (uu*33292+1<<13)>>14)
				g = clamp8(yy + (uu*-6472+vv*-9519+1<<13)>>14)
				r = clamp8(yy + (vv*18678+1<<13)>>14)
			}
			if o.Swap {
				r, bl = bl, r
			}
			i := out.PixOffset(x, y)
			out.Pix[i], out.Pix[i+1], out.Pix[i+2], out.Pix[i+3] = uint8(r), uint8(g), uint8(bl), 0xff
		}
	}
	return out
}

func clamp8(v int) int { return min(max(v, 0), 255) }

func trunc8(f float64) int { return clamp8(int(f)) }

// haar2 is a one-level orthonormal 2-D Haar transform of the top-left
// h4×w4 of plane (row length w).
func haar2(plane []float64, w, h4, w4 int) (ca, ch, cv, cd []float64) {
	hh, hw := h4/2, w4/2
	ca, ch, cv, cd = make([]float64, hh*hw), make([]float64, hh*hw), make([]float64, hh*hw), make([]float64, hh*hw)
	const c = haarC
	for r := range hh {
		for s := range hw {
			a, b := plane[2*r*w+2*s], plane[2*r*w+2*s+1]
			d, e := plane[(2*r+1)*w+2*s], plane[(2*r+1)*w+2*s+1]
			lo0, hi0 := c*d+c*a, c*a-c*d // down the columns
			lo1, hi1 := c*e+c*b, c*b-c*e
			ca[r*hw+s] = c*lo1 + c*lo0
			ch[r*hw+s] = c*lo0 - c*lo1
			cv[r*hw+s] = c*hi1 + c*hi0
			cd[r*hw+s] = c*hi0 - c*hi1
		}
	}
	return ca, ch, cv, cd
}

// ihaar2 inverts haar2 into plane.
func ihaar2(plane []float64, w, h4, w4 int, ca, ch, cv, cd []float64) {
	hh, hw := h4/2, w4/2
	const c = haarC
	for r := range hh {
		for s := range hw {
			k := r*hw + s
			lo0, lo1 := c*(ca[k]+ch[k]), c*(ca[k]-ch[k])
			hi0, hi1 := c*(cv[k]+cd[k]), c*(cv[k]-cd[k])
			plane[2*r*w+2*s], plane[(2*r+1)*w+2*s] = c*(lo0+hi0), c*(lo0-hi0)
			plane[2*r*w+2*s+1], plane[(2*r+1)*w+2*s+1] = c*(lo1+hi1), c*(lo1-hi1)
		}
	}
}

// photo makes a smooth, colourful w×h image in which every 8×8 pixel
// block (one 4×4 block of the band) has one bright 2×2 cell. The 8-bit
// embedder can lower a block's largest coefficient by up to half a bin,
// and on flat content another coefficient then takes its place (the
// reference notes measure that loss on real images); a distinct maximum
// makes fixtures that survive the embedder's own round trip.
func photo(w, h int, seed uint64) *image.NRGBA {
	return spiked(w, h, seed, [3]float64{70, 0, 70}, -1)
}

// warmPhoto has little of the channel the embedder takes for blue (R
// when swap is set), so U sits below its offset: in float arithmetic the
// band is negative there, which an 8-bit reading gets wrong (§3.3).
func warmPhoto(w, h int, seed uint64, swap bool) *image.NRGBA {
	if swap {
		return spiked(w, h, seed, [3]float64{0, 70, 70}, 0)
	}
	return spiked(w, h, seed, [3]float64{70, 70, 0}, 2)
}

// spiked adds spike[c] to channel c in one 2×2 cell per 8×8 block and
// keeps channel dim (if ≥ 0) dark.
func spiked(w, h int, seed uint64, spike [3]float64, dim int) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	rng := rand.New(rand.NewPCG(seed, 7))
	bw := w/8 + 1
	cells := make([]int, bw*(h/8+1))
	for i := range cells {
		cells[i] = rng.IntN(16)
	}
	for y := range h {
		for x := range w {
			i := img.PixOffset(x, y)
			fx, fy := float64(x)/float64(w), float64(y)/float64(h)
			on := 0.0
			if c := cells[(y/8)*bw+x/8]; (y%8)/2 == c/4 && (x%8)/2 == c%4 {
				on = 1
			}
			v := [3]float64{
				60 + 70*fx + 15*math.Sin(fy*9),
				80 + 70*fy + 15*math.Cos(fx*7),
				70 + 60*(1-fx)*fy,
			}
			for c := range 3 {
				if c == dim {
					v[c] = 20 + 10*fx
				}
				img.Pix[i+c] = uint8(v[c] + on*spike[c] + rng.Float64()*3)
			}
			img.Pix[i+3] = 0xff
		}
	}
	return img
}

// noise is uniform random RGB: no structure, no mark.
func noise(w, h int, seed uint64) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	rng := rand.New(rand.NewPCG(seed, 11))
	for i := range img.Pix {
		img.Pix[i] = uint8(rng.Uint32())
	}
	for i := 3; i < len(img.Pix); i += 4 {
		img.Pix[i] = 0xff
	}
	return img
}
