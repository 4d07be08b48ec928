package forensics

import (
	"cmp"
	"context"
	"image"
	"math"
	"slices"
	"sync"
)

// The spectral peak screen (forensics.md §3.7). Up-sampling layers of
// image generators can leave a faint periodic pattern in the pixels; in
// the power spectrum of the high-frequency residual it stands out as
// isolated peaks on a lattice. The screen takes the residual's power
// spectrum in four Hann-windowed 128×128 tiles (the middles of the image's
// quadrants), compares each bin with the median of a ring of neighbours,
// and keeps strong peaks of the mean spectrum that also stand out in at
// least three tiles on their own. Peaks where JPEG's 8×8 grid puts its own
// (any frequency that is a multiple of N/8 on either axis, the axes
// included) never count: every JPEG has them, and so do 2×, 4× and 8×
// up-samplings, which are confounded with it. What remains also arises
// from resizing a JPEG (its grid moves to other frequencies), halftone
// screens and textures, so a peak is a reason to look at the spectrum,
// never a finding by itself.

const (
	// specN is the tile side (a power of two, for the FFT) and specTiles
	// the most tiles averaged: a bounded cost per file.
	specN     = 128
	specTiles = 4
	// specRing is the distance, in frequency bins, of the ring of
	// neighbours a bin is compared with: beyond the Hann window's main
	// lobe, so a peak does not raise its own reference.
	specRing = 3
)

// Peak thresholds. A peak must stand specMinPeakZ above the median of its
// ring in the mean spectrum of the tiles, and also stand specTileZ above
// its ring in at least three of the four tiles on its own: a periodic
// pattern of the whole picture does, a texture in one part of it does not.
// A single tile's bin over its ring's median has an exponential-like tail,
// so three tiles above 8 happen by chance in well under one image in a
// hundred (none in 30 noise and 30 synthetic pictures, CALIBRATION.md).
const (
	specMinPeakZ = 10.0
	specTileZ    = 8.0
	// specMinFreq: lattices of generators' up-sampling and of resampling
	// have periods of a few pixels; slower "peaks" are the picture's own
	// oriented structure.
	specMinFreq = specN / 8
	// specGridBand: bins this close to the JPEG grid's lines belong to
	// them (the window's main lobe, and the spread of a grid whose
	// strength varies over the picture).
	specGridBand = 2
	// specMinResidual is the least rms residual (in luminance levels of
	// the four-neighbour high-pass) of a picture the screen judges.
	specMinResidual = 1.5
)

// specResult is what the spectral screen found.
type specResult struct {
	applicable bool
	tiles      int
	peaks      []specPeak // strongest first, at most specMaxPeaks
	gridPeaks  int        // strong peaks on or beside the JPEG grid, not counted
	// residual is the rms of the high-pass residual: below specMinResidual
	// the tiles are flat or smooth gradients, whose 8-bit steps make
	// lattices of their own.
	residual float64
	found    bool
}

// specPeak is one peak: its frequency in cycles per pixel along x and y,
// its height over the local level of the averaged spectrum, and in how
// many tiles it stands out on its own.
type specPeak struct {
	fx, fy float64
	z      float64
	tiles  int
}

const specMaxPeaks = 8

// spectralPeaks runs the screen on the luminance of img.
func spectralPeaks(ctx context.Context, img image.Image) (specResult, error) {
	var r specResult
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	const side = specN + 2 // a one-pixel margin for the residual
	origins := tileOrigins(w, h, side)
	if len(origins) < specTiles {
		// Fewer tiles cannot tell a lattice from a texture: on two tiles,
		// noise alone passes a bar the fixtures' lattices clear in about
		// one image in ten.
		return r, nil
	}
	r.applicable, r.tiles = true, len(origins)
	sc := specPool.Get().(*specScratch)
	defer specPool.Put(sc)
	var sumSq float64
	for t, o := range origins {
		if err := ctx.Err(); err != nil {
			return r, err
		}
		readPlane(img, image.Rect(o.X, o.Y, o.X+side, o.Y+side), chLuma, sc.buf)
		sumSq += residualTile(sc.buf, sc.tile)
		powerSpectrum2D(sc.tile, sc.z, sc.cols, sc.half(t))
	}
	r.residual = math.Sqrt(sumSq / float64(len(origins)*specN*specN))
	findPeaks(sc, len(origins), &r)
	r.found = r.found && r.residual >= specMinResidual
	return r, nil
}

// specHalf is the size of a half-plane spectrum, [v][u] with u = 0..N/2.
const specHalf = specN * (specN/2 + 1)

// specScratch is the working memory of one screen, about 0.9 MB, kept in
// a pool: a scan calls the screen once per image, and clearing that much
// fresh memory each time would cost a tenth of the screen.
type specScratch struct {
	buf         []uint8      // a tile's luminance, with its margin
	tile        []float64    // its windowed residual
	z, cols     []complex128 // FFT scratch
	halves, sum []float64    // per-tile half planes, their sum
	mean, whole spectrum     // the tiles' sum (an unscaled mean) and one tile, whole plane
}

var specPool = sync.Pool{New: func() any {
	const side = specN + 2
	return &specScratch{
		buf:    make([]uint8, side*side),
		tile:   make([]float64, specN*specN),
		z:      make([]complex128, specN),
		cols:   make([]complex128, specHalf),
		halves: make([]float64, specTiles*specHalf),
		sum:    make([]float64, specHalf),
		mean:   make(spectrum, specN*specN),
		whole:  make(spectrum, specN*specN),
	}
}}

func (sc *specScratch) half(t int) []float64 { return sc.halves[t*specHalf : (t+1)*specHalf] }

// tileOrigins returns the top-left corners of up to four side×side tiles
// in the middles of the image's quadrants, or of its halves, or its
// middle, as many as fit.
func tileOrigins(w, h, side int) []image.Point {
	nx, ny := min(2, w/side), min(2, h/side)
	out := make([]image.Point, 0, specTiles)
	for j := range ny {
		for i := range nx {
			out = append(out, image.Pt((2*i+1)*w/(2*nx)-side/2, (2*j+1)*h/(2*ny)-side/2))
		}
	}
	return out
}

// hann is the separable window, one axis.
var hann = func() (w [specN]float64) {
	for i := range w {
		w[i] = 0.5 - 0.5*math.Cos(2*math.Pi*float64(i)/specN)
	}
	return w
}()

// residualTile writes the windowed high-pass residual of a (specN+2)²
// luminance tile: four times each sample minus its four neighbours, the
// tile's mean removed, times the Hann window. It returns the sum of the
// squared residual before windowing.
func residualTile(g []uint8, out []float64) float64 {
	const side = specN + 2
	var sum, sumSq int
	for y := range specN {
		up, row, down := g[y*side:(y+1)*side], g[(y+1)*side:(y+2)*side], g[(y+2)*side:(y+3)*side]
		o := out[y*specN : (y+1)*specN]
		for x := range o {
			v := 4*int(row[x+1]) - int(row[x]) - int(row[x+2]) - int(up[x+1]) - int(down[x+1])
			sum += v
			sumSq += v * v
			o[x] = float64(v)
		}
	}
	n := float64(specN * specN)
	mean := float64(sum) / n
	for y := range specN {
		o := out[y*specN : (y+1)*specN]
		hy := hann[y]
		for x := range o {
			o[x] = (o[x] - mean) * hann[x] * hy
		}
	}
	return float64(sumSq) - n*mean*mean
}

// nearJPEGGrid reports whether a signed frequency index is within
// specGridBand bins of a multiple of N/8 (the axes included): the JPEG
// block grid, its harmonics, and 2×, 4×, 8× up-sampling.
func nearJPEGGrid(k int) bool {
	d := ((k % (specN / 8)) + specN/8) % (specN / 8)
	return d <= specGridBand || specN/8-d <= specGridBand
}

// spectrum is a power spectrum over the whole frequency plane, [v][u],
// read with wrap-around.
type spectrum []float64

func (s spectrum) at(u, v int) float64 {
	return s[(v&(specN-1))*specN+(u&(specN-1))]
}

// wholePlane spreads a half-plane spectrum ([v][u], u = 0..specN/2) over
// the whole plane by its symmetry.
func wholePlane(half []float64, out spectrum) {
	const nu = specN/2 + 1
	for v := range specN {
		row := half[v*nu : (v+1)*nu]
		copy(out[v*specN:], row)
		mirror := out[(specN-v)%specN*specN:]
		for u := 1; u < specN/2; u++ {
			mirror[specN-u] = row[u]
		}
	}
}

// level is the median of the ring of eight bins specRing away from (u, v):
// the local level a peak is measured against, which one bright neighbour
// does not raise.
func (s spectrum) level(u, v int) float64 {
	var ring [8]float64
	for i, d := range [8][2]int{{specRing, 0}, {-specRing, 0}, {0, specRing}, {0, -specRing},
		{specRing, specRing}, {-specRing, specRing}, {specRing, -specRing}, {-specRing, -specRing}} {
		ring[i] = s.at(u+d[0], v+d[1])
	}
	slices.Sort(ring[:])
	return (ring[3] + ring[4]) / 2
}

// localMax reports whether (u, v) is at least as high as its eight
// neighbours.
func (s spectrum) localMax(u, v int) bool {
	p := s.at(u, v)
	for dv := -1; dv <= 1; dv++ {
		for du := -1; du <= 1; du++ {
			if (du != 0 || dv != 0) && s.at(u+du, v+dv) > p {
				return false
			}
		}
	}
	return true
}

// findPeaks finds strong peaks of the mean spectrum of the n tiles in sc
// that also stand out in most tiles, and fills r. It looks at the half
// plane u = 0..N/2 (the other half mirrors it).
func findPeaks(sc *specScratch, n int, r *specResult) {
	copy(sc.sum, sc.half(0))
	for t := 1; t < n; t++ {
		for i, p := range sc.half(t) {
			sc.sum[i] += p
		}
	}
	mean := sc.mean
	wholePlane(sc.sum, mean)
	type cand struct{ u, v, sv int }
	var cands []cand
	for v := range specN {
		sv := v
		if sv > specN/2 {
			sv -= specN
		}
		for u := range specN/2 + 1 {
			if (u == 0 || u == specN/2) && sv < 0 {
				continue // the mirror of a bin already seen
			}
			if max(u, abs(sv)) < specMinFreq {
				continue
			}
			p := mean.at(u, v)
			if p == 0 || !mean.localMax(u, v) {
				continue
			}
			level := mean.level(u, v)
			if level <= 0 || p/level < specMinPeakZ {
				continue
			}
			if nearJPEGGrid(u) || nearJPEGGrid(sv) {
				r.gridPeaks++
				continue
			}
			cands = append(cands, cand{u, v, sv})
		}
	}
	if len(cands) == 0 {
		return
	}
	votes := make([]int, len(cands))
	tile := sc.whole
	for t := range n {
		wholePlane(sc.half(t), tile)
		for i, c := range cands {
			if l := tile.level(c.u, c.v); l > 0 && tile.at(c.u, c.v)/l >= specTileZ {
				votes[i]++
			}
		}
	}
	need := n - n/4 // 3 of 4
	for i, c := range cands {
		if votes[i] >= need {
			p := mean.at(c.u, c.v)
			r.peaks = append(r.peaks, specPeak{fx: float64(c.u) / specN, fy: float64(c.sv) / specN, z: p / mean.level(c.u, c.v), tiles: votes[i]})
		}
	}
	slices.SortFunc(r.peaks, func(a, b specPeak) int { return cmp.Compare(b.z, a.z) })
	if len(r.peaks) > specMaxPeaks {
		r.peaks = r.peaks[:specMaxPeaks]
	}
	r.found = len(r.peaks) > 0
}

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}
