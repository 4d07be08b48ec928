package forensics

import (
	"context"
	"image"
	"slices"
)

// The JPEG block grid in pixels that are not JPEG now (forensics.md §3.3,
// "BLK"): a JPEG quantises each 8×8 block on its own, so neighbouring
// pixels across a block boundary differ more than neighbours inside a
// block. Summing the absolute differences of horizontal neighbours by
// column modulo 8 (and of vertical neighbours by row) shows one phase
// standing out when the pixels were a JPEG before; the phase gives the
// crop, modulo 8, since then. A generator writes its PNG straight from the
// model: no grid. Resizing after the JPEG, or a JPEG at quality ≥ 95,
// erases the grid.

const (
	// gridMaxPixels bounds the samples read: bands of gridBand rows, at
	// most gridMaxWidth wide, spread over the image.
	gridMaxPixels = 1 << 16
	gridMaxWidth  = 1024
	gridBand      = 16
	// gridMinSide: smaller images have too few boundaries to count.
	gridMinSide = 64
)

// Decision thresholds (CALIBRATION.md): the boundary phase's mean
// difference over the median of the other seven (ratio) and over the
// second highest (lead), on both axes. PNGs of JPEGs saved at 75 or 85
// lead by 1.15 to 1.7; no lossless original of the corpus leads by more
// than 1.07 on both axes, though generated pictures and diagrams have
// raised phases of their own (ratios up to 1.47 on one axis).
const (
	gridMinRatio = 1.10
	gridMinLead  = 1.12
)

// gridResult is what the grid test found.
type gridResult struct {
	applicable bool
	// Per axis (0 columns, 1 rows): the phase p whose boundary (between
	// p and p+1, modulo 8) differs most, its ratio to the median of the
	// other phases and to the second highest.
	phase [2]int
	ratio [2]float64
	lead  [2]float64
	found bool
}

// cropOffset is how many columns (rows) were cut from the left (top),
// modulo 8, since the pixels were a JPEG: its boundaries fall after
// columns 7, 15… of the JPEG.
func (g gridResult) cropOffset(axis int) int { return (7 - g.phase[axis] + 8) % 8 }

// jpegGrid samples the luminance of img for the block-grid test.
func jpegGrid(ctx context.Context, img image.Image) (gridResult, error) {
	var r gridResult
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	if w < gridMinSide || h < gridMinSide {
		return r, nil
	}
	bw := min(w, gridMaxWidth)
	x0 := (w - bw) / 2
	bands := max(1, min(h/gridBand, gridMaxPixels/(bw*gridBand)))
	buf := make([]uint8, bw*gridBand)
	var sum, cnt [2][8]int
	for i := range bands {
		if err := ctx.Err(); err != nil {
			return r, err
		}
		y0 := (h - gridBand) / 2
		if bands > 1 {
			y0 = i * (h - gridBand) / (bands - 1)
		}
		readPlane(img, image.Rect(x0, y0, x0+bw, y0+gridBand), chLuma, buf)
		for y := range gridBand {
			row := buf[y*bw : (y+1)*bw]
			for x := 0; x+1 < len(row); x++ {
				sum[0][(x0+x)&7] += absDiff(row[x], row[x+1])
			}
			if y+1 == gridBand {
				continue
			}
			next := buf[(y+1)*bw : (y+2)*bw]
			s := 0
			for x, v := range row {
				s += absDiff(v, next[x])
			}
			sum[1][(y0+y)&7] += s
			cnt[1][(y0+y)&7] += bw
		}
	}
	for x := 0; x+1 < bw; x++ {
		cnt[0][(x0+x)&7] += gridBand * bands
	}
	r.applicable = true
	for axis := range 2 {
		var mean [8]float64
		for p := range 8 {
			if cnt[axis][p] > 0 {
				mean[p] = float64(sum[axis][p]) / float64(cnt[axis][p])
			}
		}
		best := 0
		for p := range 8 {
			if mean[p] > mean[best] {
				best = p
			}
		}
		others := make([]float64, 0, 7)
		for p := range 8 {
			if p != best {
				others = append(others, mean[p])
			}
		}
		slices.Sort(others)
		r.phase[axis] = best
		if med := others[3]; med > 0 {
			r.ratio[axis] = mean[best] / med
		}
		if second := others[6]; second > 0 {
			r.lead[axis] = mean[best] / second
		}
	}
	r.found = r.ratio[0] >= gridMinRatio && r.ratio[1] >= gridMinRatio &&
		r.lead[0] >= gridMinLead && r.lead[1] >= gridMinLead
	return r, nil
}

// absDiff is |a-b| without a branch: on noisy pixels the comparison is a
// coin toss the processor mispredicts half the time.
func absDiff(a, b uint8) int {
	d := int(a) - int(b)
	m := d >> 63
	return (d ^ m) - m
}
