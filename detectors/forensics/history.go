package forensics

import (
	"context"
	"fmt"
	"image"

	"github.com/provcheck/provcheck/detectors"
	"github.com/provcheck/provcheck/detectors/jpegtables"
	"github.com/provcheck/provcheck/reports"
)

// cfaMaxJPEGStep is the largest mean luma quantisation step at which a
// JPEG can keep demosaicing traces: the 2×2 pattern lives at the highest
// frequencies, which anything below about quality 98 rounds away.
const cfaMaxJPEGStep = 3.0

// spectralMaxJPEGStep is the largest mean luma quantisation step (about
// libjpeg quality 95) at which the spectral screen runs on a JPEG. Below
// that quality the codec's own 8×8 grid and rounding put peaks at the very
// frequencies an up-sampler would (forensics.md §3.7), so the screen
// could only report what the compression did, and its cost buys nothing.
const spectralMaxJPEGStep = 6.0

// checkPixels runs the pixel-history checks on the shared decode: double
// JPEG compression (JPEG files), the JPEG grid (other files with lossless
// pixels), demosaicing traces (lossless pixels or a JPEG of very high
// quality) and the spectral peak screen (lossless pixels or a JPEG of
// quality about 95 and up). Each reads a bounded sample of the image.
func checkPixels(ctx context.Context, p *detectors.Pass) error {
	if p.Image == nil {
		return nil
	}
	img, err := p.Image()
	if err != nil || img == nil {
		return nil // no pixels: the engine says why
	}
	var table *[64]uint16
	if p.Inv.Format == "jpeg" {
		var data []byte
		if p.File != nil {
			data = p.File.Data
		}
		if t, ok := jpegtables.LumaTable(p.Inv, data); ok {
			table = &t.Q
		}
	}
	lossless := p.Inv.Format != "jpeg" && !lossyCoded(img)

	if table != nil {
		if pix, stride, w, h, ok := lumaPlane(img); ok {
			r, err := doubleCompression(ctx, pix, stride, w, h, table)
			if err != nil {
				return err
			}
			if r.doubled {
				p.Report(dqSignal(r))
			}
		}
	}
	if lossless {
		g, err := jpegGrid(ctx, img)
		if err != nil {
			return err
		}
		if g.found {
			p.Report(gridSignal(g))
		}
	}
	if lossless || table != nil && meanStep(table) <= cfaMaxJPEGStep {
		c, err := demosaicTraces(ctx, img)
		if err != nil {
			return err
		}
		if c.found {
			p.Report(cfaSignal(c))
		}
	}
	if !lossless && (table == nil || meanStep(table) > spectralMaxJPEGStep) {
		return nil
	}
	sp, err := spectralPeaks(ctx, img)
	if err != nil {
		return err
	}
	if sp.found {
		p.Report(spectrumSignal(sp))
	}
	return nil
}

// lossyCoded reports whether the decoded image came from a block codec's
// YCbCr output (JPEG, lossy WebP): its own block edges would pass for a
// JPEG grid, and its subsampled chroma has no demosaicing left.
func lossyCoded(img image.Image) bool {
	switch img.(type) {
	case *image.YCbCr, *image.NYCbCrA:
		return true
	}
	return false
}

func meanStep(t *[64]uint16) float64 {
	var s float64
	for _, q := range t {
		s += float64(q)
	}
	return s / 64
}

func dqSignal(r dqResult) reports.Signal {
	ev := map[string]any{
		"blocks":             r.blocks,
		"frequencies":        r.positions,
		"fittingFrequencies": r.fitting,
		"roundingSpread":     round2(r.sigma),
	}
	msg := "the JPEG was saved at least twice: its luminance coefficients show the gaps a first compression with other steps leaves"
	if r.prevQuality > 0 {
		ev["previousQuality"] = r.prevQuality
		ev["fitZ"] = round2(r.ijg.z())
		ev["fitAmplitude"] = round2(r.ijg.beta())
		msg = fmt.Sprintf("the JPEG was saved at least twice, before at a lower quality (about %d on the libjpeg scale)", r.prevQuality)
	}
	return reports.Signal{
		ID:        "jpeg.double-compressed",
		Direction: reports.DirInfo,
		Strength:  reports.StrengthInfo,
		Message:   msg,
		Evidence:  ev,
		Explanation: "Quantising DCT coefficients twice with different steps leaves a periodic pattern of empty " +
			"and crowded bins in their histogram; the fit found it on the file's 8×8 grid. It is a fact of the " +
			"file's history, not of its content: photos that travelled through messengers and websites are " +
			"routinely re-saved, while a camera writes its JPEG once, so on a file presented as a camera " +
			"original it means a program saved it again. The previous quality is the libjpeg quality whose " +
			"steps fit best (±5). Not detected: a crop or resize between the saves, a second save at a lower " +
			"quality than the first.",
	}
}

func gridSignal(g gridResult) reports.Signal {
	return reports.Signal{
		ID:        "image.jpeg-grid",
		Direction: reports.DirInfo,
		Strength:  reports.StrengthInfo,
		Message: fmt.Sprintf("the pixels carry a JPEG block grid: they were a JPEG before this file (crop offset %d,%d modulo 8)",
			g.cropOffset(0), g.cropOffset(1)),
		Evidence: map[string]any{
			"columnRatio": round2(g.ratio[0]),
			"rowRatio":    round2(g.ratio[1]),
			"cropOffsetX": g.cropOffset(0),
			"cropOffsetY": g.cropOffset(1),
		},
		Explanation: "Neighbouring pixels differ more across the boundaries of JPEG's 8×8 blocks than inside them, " +
			"so one column and one row phase modulo 8 stand out when the pixels were once a JPEG. The offset is " +
			"how many columns and rows were cut from the left and top since then. Screenshots and conversions of " +
			"photos show this routinely; a picture presented as a generator's direct output should not (a " +
			"resize or a JPEG of quality 95 or more erases the grid, so its absence proves nothing).",
	}
}

func cfaSignal(c cfaResult) reports.Signal {
	return reports.Signal{
		ID:        "image.demosaic-traces",
		Direction: reports.DirCapture,
		Strength:  reports.StrengthWeak,
		Message:   "the pixels keep the 2×2 pattern of a camera's colour filter: a sensor image at native resolution",
		Evidence: map[string]any{
			"blocks":         c.blocks,
			"logRatio":       round2(c.logRatio),
			"agreement":      round2(c.agree),
			"sensorGreen":    c.greenPhase(),
			"coloursChecked": c.colours,
		},
		Explanation: "A sensor records one colour per pixel through a Bayer filter; demosaicing interpolates the " +
			"rest, and interpolated green is more predictable than recorded green on one of the two diagonal " +
			"pixel sets, in every part of the picture. Generators have no sensor. It is positive evidence of a " +
			"camera, weak because a pipeline can imitate it and because it does not say the picture was not " +
			"changed afterwards; its absence is the norm (resizing and ordinary JPEG compression erase it) and " +
			"says nothing.",
	}
}

func spectrumSignal(s specResult) reports.Signal {
	peaks := make([]map[string]any, 0, len(s.peaks))
	for _, pk := range s.peaks {
		peaks = append(peaks, map[string]any{
			"fx": round2(pk.fx), "fy": round2(pk.fy), "height": round2(pk.z), "tiles": pk.tiles,
		})
	}
	top := s.peaks[0]
	return reports.Signal{
		ID:        "image.spectral-peaks",
		Direction: reports.DirAI,
		Strength:  reports.StrengthWeak,
		Message: fmt.Sprintf("the noise residual has %d periodic peak(s) off the JPEG grid (strongest at %.2f, %.2f cycles/pixel, %.0f× the local level): look at the spectrum",
			len(s.peaks), top.fx, top.fy, top.z),
		Evidence: map[string]any{
			"peaks":            peaks,
			"tiles":            s.tiles,
			"tileSize":         specN,
			"gridPeaksIgnored": s.gridPeaks,
		},
		Explanation: "Up-sampling layers of image generators can leave a faint periodic pattern that shows as " +
			"isolated peaks in the spectrum of the high-frequency residual, in every part of the picture. Peaks " +
			"on JPEG's 8×8 grid are ignored. A resized JPEG, a halftone screen, a scan or a regular texture makes " +
			"such peaks too, and modern generators often leave none, so this is a reason to look at the " +
			"spectrum, never a finding on its own.",
	}
}
