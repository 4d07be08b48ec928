package forensics

import (
	"context"
	"image"
	"math"
	"slices"
)

// Demosaicing traces (forensics.md §3.6). A camera sensor records one
// colour per pixel through a Bayer filter, green on one quincunx coset of
// the 2×2 pattern; demosaicing interpolates the green of the other coset
// from its neighbours. Interpolated samples are predictable from their
// four neighbours, recorded ones are not, so the prediction error of green
// differs between the two cosets, the same way in every part of the
// picture. Generated images have no sensor, and resizing, strong JPEG
// compression and most phone pipelines erase the pattern: its presence is
// evidence of a camera at native resolution; its absence says nothing.

const (
	// cfaCrop is the side of the square crops read at native resolution,
	// as many as the spectral screen reads tiles (at most four).
	cfaCrop = 128
	// cfaBlock is the side of the blocks each crop is cut into: one ratio
	// per block, so edges in one block do not outweigh the rest.
	cfaBlock = 16
	// cfaMinBlocks: fewer textured blocks say nothing.
	cfaMinBlocks = 16
	// cfaMinEnergy is the least mean squared prediction error (per
	// sample) of a block to count; flat blocks carry no pattern.
	cfaMinEnergy = 4.0
)

// Decision thresholds (CALIBRATION.md): bilinear demosaicing gives a
// median log ratio of about -3.7 with every block agreeing (-0.5 after a
// JPEG save at 98); on the labelled corpus, cameras' JPEGs included, it
// stays within ±0.2, the largest on generated pictures with an
// up-sampling checkerboard, which also reach 84 % agreement.
const (
	cfaMinLogRatio = 0.3
	cfaMinAgree    = 0.8
)

// cfaResult is what the demosaicing test found.
type cfaResult struct {
	applicable bool
	blocks     int     // textured blocks measured
	logRatio   float64 // median over blocks of ln(error on coset A / coset B)
	agree      float64 // share of blocks with the median's sign
	// withinGreen and withinOther are the median |ln| ratios between the
	// two phases of each coset ((0,0) against (1,1), (0,1) against
	// (1,0)): near zero in the coset of the sensor's green, whose two
	// phases were recorded alike; in the other coset red and blue sites
	// differ a little in luma, much more after an aligned 2× up-sampling
	// (one phase original, one interpolated from four).
	withinGreen, withinOther float64
	// colours is set when red and blue were checked too (RGB images):
	// each recorded on its own phase of the coset where green is
	// interpolated, as a Bayer filter lays them out.
	colours bool
	found   bool
}

// greenPhase names the coset that holds the sensor's own green samples
// (the less predictable one): "even" for pixels with x+y even.
func (c cfaResult) greenPhase() string {
	if c.logRatio > 0 {
		return "even"
	}
	return "odd"
}

// demosaicTraces measures the green prediction error of img by phase.
func demosaicTraces(ctx context.Context, img image.Image) (cfaResult, error) {
	var r cfaResult
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	side := (min(cfaCrop+2, w, h) - 2) &^ 1 // inside a one-pixel margin
	if side < 2*cfaBlock {
		return r, nil
	}
	buf := make([]uint8, (side+2)*(side+2))
	var ratios, within0, within1 []float64
	origins := cropOrigins(w, h, side+2)
	for _, o := range origins {
		if err := ctx.Err(); err != nil {
			return r, err
		}
		cr := image.Rect(o.X, o.Y, o.X+side+2, o.Y+side+2)
		readPlane(img, cr, chGreen, buf)
		cfaBlocks(buf, side+2, o, &ratios, &within0, &within1)
	}
	r.applicable = true
	r.blocks = len(ratios)
	if r.blocks < cfaMinBlocks {
		return r, nil
	}
	r.logRatio = median(ratios)
	n := 0
	for _, v := range ratios {
		if v*r.logRatio > 0 {
			n++
		}
	}
	r.agree = float64(n) / float64(r.blocks)
	w0, w1 := math.Abs(median(within0)), math.Abs(median(within1))
	r.withinGreen, r.withinOther = w1, w0 // odd coset: (0,1) and (1,0)
	if r.logRatio > 0 {
		r.withinGreen, r.withinOther = w0, w1
	}
	lr := math.Abs(r.logRatio)
	r.found = lr >= cfaMinLogRatio && r.agree >= cfaMinAgree && r.withinGreen <= lr/2 && r.withinOther <= lr
	if !r.found || !isRGB(img) {
		return r, nil
	}
	// A pattern that every channel shares (an upsampling checkerboard)
	// can pass the green test; a Bayer filter records red and blue on
	// the other coset, each on one phase.
	r.colours = true
	var e [2][2][2]float64 // [red, blue][y&1][x&1]
	for _, o := range origins {
		if err := ctx.Err(); err != nil {
			return r, err
		}
		cr := image.Rect(o.X, o.Y, o.X+side+2, o.Y+side+2)
		for i, ch := range []channel{chRed, chBlue} {
			readPlane(img, cr, ch, buf)
			phaseErrors(buf, side+2, o, &e[i])
		}
	}
	even := func(p image.Point) bool { return (p.X+p.Y)%2 == 0 }
	greenEven := r.logRatio > 0
	rp, rOK := recordedPhase(&e[0])
	bp, bOK := recordedPhase(&e[1])
	r.found = rOK && bOK && rp != bp && even(rp) != greenEven && even(bp) != greenEven
	return r, nil
}

// cfaMinLead is how far the phase a colour was recorded on must stand
// above the mean of the other three in prediction error.
const cfaMinLead = 1.2

// recordedPhase returns the phase (x&1, y&1) with the largest prediction
// error, and whether it leads the others clearly.
func recordedPhase(e *[2][2]float64) (image.Point, bool) {
	var best image.Point
	var total float64
	for y := range 2 {
		for x := range 2 {
			total += e[y][x]
			if e[y][x] > e[best.Y][best.X] {
				best = image.Pt(x, y)
			}
		}
	}
	top := e[best.Y][best.X]
	rest := (total - top) / 3
	return best, rest > 0 && top >= cfaMinLead*rest
}

// phaseErrors adds the squared prediction errors of the crop's unclipped
// samples by phase.
func phaseErrors(g []uint8, stride int, origin image.Point, e *[2][2]float64) {
	for y := 1; y < stride-1; y++ {
		row, up, down := g[y*stride:], g[(y-1)*stride:], g[(y+1)*stride:]
		for x := 1; x < stride-1; x++ {
			c := row[x]
			if c == 0 || c == 255 {
				continue
			}
			d := 4*float64(c) - float64(row[x-1]) - float64(row[x+1]) - float64(up[x]) - float64(down[x])
			e[(origin.Y+y)&1][(origin.X+x)&1] += d * d
		}
	}
}

// isRGB reports whether img keeps full-resolution colour samples, so red
// and blue can be read: not a YCbCr image (subsampled chroma) nor grey.
func isRGB(img image.Image) bool {
	switch img.(type) {
	case *image.YCbCr, *image.NYCbCrA, *image.Gray, *image.Gray16:
		return false
	}
	return true
}

// cropOrigins returns the top-left corners of up to four side×side crops,
// placed as the spectral screen's tiles (the middles of the quadrants, or
// of the halves, or the middle), on even coordinates so the phase of the
// 2×2 pattern is the same in every crop.
func cropOrigins(w, h, side int) []image.Point {
	out := tileOrigins(w, h, side)
	if len(out) == 0 {
		out = append(out, image.Pt((w-side)/2, (h-side)/2))
	}
	for i, o := range out {
		out[i] = image.Pt(o.X&^1, o.Y&^1)
	}
	return out
}

// cfaBlocks appends, for each textured cfaBlock×cfaBlock block of the
// crop (stride wide, with a one-pixel margin), the log ratio of the
// squared green prediction errors of its two cosets, and the log ratios
// within each coset.
func cfaBlocks(g []uint8, stride int, origin image.Point, ratios, within0, within1 *[]float64) {
	inner := stride - 2
	for by := 0; by+cfaBlock <= inner; by += cfaBlock {
		for bx := 0; bx+cfaBlock <= inner; bx += cfaBlock {
			var e [2][2]int // by phase: [y&1][x&1]
			clipped := false
			for y := by + 1; y <= by+cfaBlock; y++ {
				row, up, down := g[y*stride:(y+1)*stride], g[(y-1)*stride:], g[(y+1)*stride:]
				ey := &e[(origin.Y+y)&1]
				for x := bx + 1; x <= bx+cfaBlock; x++ {
					c := row[x]
					if c == 0 || c == 255 {
						clipped = true
					}
					d := 4*int(c) - int(row[x-1]) - int(row[x+1]) - int(up[x]) - int(down[x])
					ey[(origin.X+x)&1] += d * d
				}
			}
			if clipped {
				continue // saturation flattens both cosets alike
			}
			even, odd := float64(e[0][0]+e[1][1]), float64(e[0][1]+e[1][0])
			if (even+odd)/(cfaBlock*cfaBlock) < cfaMinEnergy || even == 0 || odd == 0 {
				continue
			}
			*ratios = append(*ratios, math.Log(even/odd))
			if e[0][0] > 0 && e[1][1] > 0 && e[0][1] > 0 && e[1][0] > 0 {
				*within0 = append(*within0, math.Log(float64(e[0][0])/float64(e[1][1])))
				*within1 = append(*within1, math.Log(float64(e[0][1])/float64(e[1][0])))
			}
		}
	}
}

// median returns the median of v (sorting it); 0 for none.
func median(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	slices.Sort(v)
	if len(v)%2 == 1 {
		return v[len(v)/2]
	}
	return (v[len(v)/2-1] + v[len(v)/2]) / 2
}
