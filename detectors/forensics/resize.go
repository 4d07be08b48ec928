package forensics

import "encoding/binary"

// resized resamples the planes to w×h with a triangle (linear) filter,
// widened by the reduction factor when shrinking so that every source
// sample counts: the standard bilinear reduction, in 14-bit fixed point,
// one pass per axis with 8-bit rounding in between, on each plane apart.
//
// It is written here rather than taken from the imaging package, whose
// resampler works in float on RGBA, weighs colour by alpha and runs each
// pass on goroutines: on a thumbnail's few thousand pixels that costs more
// than shrinking the whole main image.
func (c *colourPlanes) resized(w, h int) *colourPlanes {
	out := newColourPlanes(w, h, c.ycbcr)
	if w <= 0 || h <= 0 || c.w <= 0 || c.h <= 0 {
		return out
	}
	down, across := linearTaps(c.h, h), linearTaps(c.w, w)
	downFour, acrossFour := asFourTaps(down, c.h), asFourTaps(across, c.w)
	tmp := make([]uint8, c.w*h)
	var acc []uint32
	if downFour == nil {
		acc = make([]uint32, c.w)
	}
	for i, src := range c.p {
		// Down first, whole rows at a time, so that the costlier pass
		// across works on h rows rather than c.h.
		for y := range h {
			row := tmp[y*c.w:][:c.w]
			if downFour != nil {
				t := &downFour[y]
				blend4(row, src[t.first*c.w:], &t.w)
				continue
			}
			clear(acc)
			t := down[y]
			for k, wt := range t.w {
				addWeighted(acc, src[(t.first+k)*c.w:][:c.w], wt)
			}
			for x, v := range acc {
				row[x] = round14(v)
			}
		}
		dst := out.p[i]
		for y := range h {
			row := tmp[y*c.w:][:c.w]
			o := dst[y*w:][:w]
			if acrossFour != nil {
				across4(o, row, acrossFour)
				continue
			}
			for x, t := range across {
				o[x] = round14(tapSum(row[t.first:], t.w))
			}
		}
	}
	return out
}

// fourTaps is taps of at most four weights each as exactly four, padded
// with zero weights on whichever side keeps them within the n samples, so
// that a pass is one straight expression per sample; asFourTaps returns
// nil when a tap has more (a reduction by more than two) or n is under
// four.
type fourTaps struct {
	first int
	w     [4]uint32
}

func asFourTaps(ts []taps, n int) []fourTaps {
	if n < 4 {
		return nil
	}
	out := make([]fourTaps, len(ts))
	for i, t := range ts {
		if len(t.w) > 4 {
			return nil
		}
		first := min(t.first, n-4)
		copy(out[i].w[t.first-first:], t.w)
		out[i].first = first
	}
	return out
}

// blend4 sets row to the weighted sum of the four rows of its length that
// start src, weights w (summing to 1<<14, so no sum exceeds 255 after
// rounding). Eight samples at a time: a word's bytes 0 and 4, 1 and 5, …
// are products in two 32-bit lanes (each under 2^22), so one
// multiplication weighs two samples. Out of line on purpose: inlined
// into its caller's loops, the weights would not stay in registers.
//
//go:noinline
func blend4(row, src []uint8, w *[4]uint32) {
	const (
		pair = 0x000000ff000000ff // bytes 0 and 4 of a word
		half = 1<<13 | 1<<45      // rounding, both lanes
	)
	n := len(row)
	src = src[: 4*n : 4*n]
	r0, r1, r2, r3 := src[:n], src[n:2*n], src[2*n:3*n], src[3*n:]
	w0, w1, w2, w3 := uint64(w[0]), uint64(w[1]), uint64(w[2]), uint64(w[3])
	x := 0
	for ; x+8 <= n; x += 8 {
		a, b := binary.LittleEndian.Uint64(r0[x:]), binary.LittleEndian.Uint64(r1[x:])
		c, d := binary.LittleEndian.Uint64(r2[x:]), binary.LittleEndian.Uint64(r3[x:])
		s0 := (a&pair)*w0 + (b&pair)*w1 + (c&pair)*w2 + (d&pair)*w3
		s1 := (a>>8&pair)*w0 + (b>>8&pair)*w1 + (c>>8&pair)*w2 + (d>>8&pair)*w3
		s2 := (a>>16&pair)*w0 + (b>>16&pair)*w1 + (c>>16&pair)*w2 + (d>>16&pair)*w3
		s3 := (a>>24&pair)*w0 + (b>>24&pair)*w1 + (c>>24&pair)*w2 + (d>>24&pair)*w3
		out := (s0+half)>>14&pair | ((s1+half)>>14&pair)<<8 | ((s2+half)>>14&pair)<<16 | ((s3+half)>>14&pair)<<24
		binary.LittleEndian.PutUint64(row[x:], out)
	}
	for ; x < n; x++ {
		row[x] = round14(uint32(w0)*uint32(r0[x]) + uint32(w1)*uint32(r1[x]) + uint32(w2)*uint32(r2[x]) + uint32(w3)*uint32(r3[x]))
	}
}

// across4 sets each o[x] to row weighed by taps[x]. Out of line on
// purpose, as blend4.
//
//go:noinline
func across4(o, row []uint8, taps []fourTaps) {
	taps = taps[:len(o)]
	for x := range taps {
		t := &taps[x]
		p := (*[4]uint8)(row[t.first:])
		o[x] = round14(t.w[0]*uint32(p[0]) + t.w[1]*uint32(p[1]) + t.w[2]*uint32(p[2]) + t.w[3]*uint32(p[3]))
	}
}

// addWeighted adds wt times each sample of row to acc.
func addWeighted(acc []uint32, row []uint8, wt uint32) {
	acc = acc[:len(row)]
	for i, v := range row {
		acc[i] += wt * uint32(v)
	}
}

// tapSum is the weighted sum of the samples of p, weights w. Out of line
// on purpose: inlined into its caller's loops, the sum would not stay in
// a register.
//
//go:noinline
func tapSum(p []uint8, w []uint32) uint32 {
	p = p[:len(w)]
	var s uint32
	for i, wt := range w {
		s += wt * uint32(p[i])
	}
	return s
}

// taps are the weights of one output sample: source samples first,
// first+1, ..., weights summing to exactly 1<<14.
type taps struct {
	first int
	w     []uint32
}

// linearTaps returns the triangle filter's taps for resampling n samples
// to m. Output sample i sits at source position (i+0.5)·n/m − 0.5; its
// triangle reaches max(n/m, 1) samples either side, cut at the edges.
func linearTaps(n, m int) []taps {
	scale := float64(n) / float64(m)
	radius := max(scale, 1)
	out := make([]taps, m)
	for i := range out {
		c := (float64(i)+0.5)*scale - 0.5
		lo := max(0, int(c-radius)) // the first tap with a weight is above c−radius
		hi := min(n-1, int(c+radius)+1)
		fw := make([]float64, 0, hi-lo+1)
		first, sum := -1, 0.0
		for j := lo; j <= hi; j++ {
			d := float64(j) - c
			if d < 0 {
				d = -d
			}
			wt := 1 - d/radius
			if wt <= 0 {
				if first >= 0 {
					break
				}
				continue
			}
			if first < 0 {
				first = j
			}
			fw = append(fw, wt)
			sum += wt
		}
		if first < 0 { // no source sample in reach: the nearest one
			first, fw, sum = min(max(int(c+0.5), 0), n-1), []float64{1}, 1
		}
		out[i] = taps{first: first, w: fixedWeights(fw, sum)}
	}
	return out
}

// fixedWeights scales weights to 14-bit fixed point summing exactly to
// 1<<14, the rounding error going to the largest, so that a flat region
// stays exactly flat.
func fixedWeights(fw []float64, sum float64) []uint32 {
	w := make([]uint32, len(fw))
	total, big := uint32(0), 0
	for i, f := range fw {
		w[i] = uint32(f/sum*(1<<14) + 0.5)
		total += w[i]
		if w[i] > w[big] {
			big = i
		}
	}
	w[big] += 1<<14 - total // wraps correctly when the total is over
	return w
}

// round14 rounds a 14-bit fixed-point weighted sum of 8-bit samples.
func round14(v uint32) uint8 { return uint8(min((v+1<<13)>>14, 0xff)) }
