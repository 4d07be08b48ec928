// Package watermark decodes the public, keyless "dwtDct" invisible
// watermark (the invisible-watermark library's default method) that the
// Stable Diffusion 1.x and 2.x reference scripts, Stability AI's SDXL code
// and API, diffusers SDXL pipelines and InvokeAI embed in their outputs.
//
// A decoded payload is a declaration by the generator that wrote it. The
// scheme is public, so anyone can embed it in any image; resizing or
// recompression destroys it, so a miss is never evidence of anything.
package watermark

import (
	"context"
	"fmt"
	"image"
	"math"

	"github.com/provcheck/provcheck/detectors"
	"github.com/provcheck/provcheck/reports"
)

// Detector is the dwtDct watermark decoder.
var Detector = &detectors.Detector{
	Name:   "watermark",
	Pixels: true,
	Doc: "Decodes the public dwtDct invisible watermark (imwatermark) from the pixels and matches it " +
		"against the payloads of Stable Diffusion 1.x/2.x, SDXL/Stability and InvokeAI; " +
		"watermark.<payload> signals are declarations by the generator, forgeable and easily destroyed; " +
		"watermark.<payload>-partial signals a pattern that partly survives (ai-suspected, review).",
	Version: 2,
	Media:   []string{"image/*"},
	Run:     run,
}

// maxFamilyP is the largest p-value, after correcting for every
// payload×variant comparison made, at which a match is reported: under
// the null of fair random bits, fewer than one unmarked image in a million
// is flagged. Real unmarked images score below that null in published and
// measured checks (ai-metadata.md §3.4-3.5), so the rate is an upper
// bound. In bits it takes ≥ 31/32 for SD2, ≥ 42/48 for SDXL, ≥ 53/64 for
// InvokeAI and ≥ 99/136 for SD1.
const maxFamilyP = 1e-6

// reviewFamilyP is the review tier: a payload read with a corrected
// p-value above maxFamilyP but at or below this is reported as a pattern
// that partly survives (recompressed, resized, cropped, or chance), which
// a reviewer should look at. Under the null of fair random bits, at most
// one unmarked image in 10,000 reaches it (the corrected p-value bounds
// the family-wise rate); measured on every non-AI corpus image and on
// 10,000 synthetic noise images, see detectors/scoring/CALIBRATION.md.
// In bits it takes ≥ 29/32 for SD2, ≥ 40/48 for SDXL, ≥ 50/64 for
// InvokeAI and ≥ 94/136 for SD1.
const reviewFamilyP = 1e-4

// maxSameBits rejects a decode in which more than this share of bits are
// equal: flat or saturated chroma decodes to all zeros or all ones, which
// match a fixed share of any payload without meaning anything.
const maxSameBits = 0.9

// comparisons is the Bonferroni factor: every payload tried in every
// variant.
var comparisons = float64(len(payloads) * len(variants))

// match is the best reading of one payload.
type match struct {
	payload *payload
	variant variant
	matched int
	p       float64 // corrected for every comparison
}

func run(ctx context.Context, p *detectors.Pass) error {
	if p.Image == nil {
		return nil
	}
	img, err := p.Image()
	if err != nil || img == nil {
		// No pixels (unknown format, over the pixel cap): no evidence
		// either way, and the engine records why pixels are missing.
		return nil
	}
	all, err := readAll(ctx, img)
	if err != nil {
		return fmt.Errorf("watermark: %w", err)
	}
	for _, m := range all {
		switch {
		case m.p <= maxFamilyP:
			p.Report(signal(m, all))
		case m.p <= reviewFamilyP:
			p.Report(partialSignal(m, all))
		}
	}
	return nil
}

// decode returns the payloads found in img, best variant each.
func decode(ctx context.Context, img image.Image) ([]match, error) {
	all, err := readAll(ctx, img)
	var out []match
	for _, m := range all {
		if m.p <= maxFamilyP {
			out = append(out, m)
		}
	}
	return out, err
}

// readAll returns the best reading of every payload, whatever its
// agreement; nil when the image is too small or has no chroma.
func readAll(ctx context.Context, img image.Image) ([]match, error) {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	if int64(w)*int64(h) < minPixels || !hasChroma(img) {
		return nil, nil
	}
	vs, err := readVotes(ctx, img)
	if err != nil {
		return nil, err
	}
	if vs.blocks == 0 {
		return nil, nil
	}
	var out []match
	tally := vs.tally()
	for i := range payloads {
		pl := &payloads[i]
		best := match{payload: pl, matched: -1}
		all, ok := bitsFor(tally, len(pl.Bits))
		if !ok {
			continue
		}
		for vi, v := range variants {
			bits := all[vi]
			if degenerate(bits) {
				continue
			}
			n := 0
			for j, bit := range bits {
				if bit == pl.Bits[j] {
					n++
				}
			}
			if n > best.matched {
				best.variant, best.matched = v, n
			}
		}
		if best.matched < 0 {
			continue
		}
		best.p = min(1, binomialTail(len(pl.Bits), best.matched)*comparisons)
		out = append(out, best)
	}
	return out, nil
}

// agreement lists the bit agreement of every payload read, for the
// evidence: a reviewer sees the one that matched beside the chance-level
// readings of the others.
func agreement(all []match) []map[string]any {
	out := make([]map[string]any, 0, len(all))
	for _, m := range all {
		out = append(out, map[string]any{
			"payload":     m.payload.Name,
			"bitsMatched": m.matched,
			"bits":        len(m.payload.Bits),
			"pValue":      roundSig(m.p),
		})
	}
	return out
}

func degenerate(bits []uint8) bool {
	ones := 0
	for _, b := range bits {
		ones += int(b)
	}
	n := float64(len(bits))
	return float64(ones) > maxSameBits*n || float64(len(bits)-ones) > maxSameBits*n
}

func signal(m match, all []match) reports.Signal {
	pl := m.payload
	return reports.Signal{
		ID:        "watermark." + pl.Name,
		Direction: reports.DirAI,
		Strength:  reports.StrengthDeclared,
		Message: fmt.Sprintf("invisible watermark %q of %s decoded from the pixels (%d of %d bits)",
			pl.Text, pl.Embedder, m.matched, len(pl.Bits)),
		Evidence: map[string]any{
			"payload":     pl.Text,
			"bitsMatched": m.matched,
			"bits":        len(pl.Bits),
			"pValue":      roundSig(m.p),
			"colourOrder": m.variant.colourOrder(),
			"variant":     m.variant.arithmetic(),
			"method":      "dwtDct",
			"agreement":   agreement(all),
		},
		Explanation: "The pixels carry the public dwtDct invisible watermark with this generator's payload; " +
			"the p-value is the chance that an unmarked image matches this many bits, corrected for every payload and " +
			"decoding variant tried. The scheme is public and keyless: anyone can embed it in any image, so it shows " +
			"that the file passed through a tool that writes it, not who made the picture. Resizing, cropping or " +
			"recompression destroys it, so its absence is never evidence of anything.",
	}
}

// partialSignal reports a payload read well above chance but below the
// declared threshold: heuristic evidence (ai-suspected at most) that asks
// for review, never a declaration.
func partialSignal(m match, all []match) reports.Signal {
	pl := m.payload
	return reports.Signal{
		ID:        "watermark." + pl.Name + "-partial",
		Direction: reports.DirAI,
		Strength:  reports.StrengthStrong,
		Message: fmt.Sprintf("a watermark pattern partly survives: %d of %d bits of %s's payload %q (chance gives about %d)",
			m.matched, len(pl.Bits), pl.Embedder, pl.Text, len(pl.Bits)/2),
		Evidence: map[string]any{
			"payload":        pl.Text,
			"bitsMatched":    m.matched,
			"bits":           len(pl.Bits),
			"pValue":         roundSig(m.p),
			"reviewPValue":   reviewFamilyP,
			"declaredPValue": maxFamilyP,
			"colourOrder":    m.variant.colourOrder(),
			"variant":        m.variant.arithmetic(),
			"method":         "dwtDct",
			"agreement":      agreement(all),
			"review":         true,
		},
		Explanation: "More bits of this generator's public watermark payload agree than chance explains (the p-value " +
			"is corrected for every payload and decoding variant tried; at this level about one unmarked image in " +
			"10,000 or fewer reaches it), but too few for a declaration. A mark weakened by recompression, resizing " +
			"or cropping reads like this. It is heuristic evidence, not proof: look for the original file and other " +
			"traces of the generator.",
	}
}

// roundSig keeps three significant digits, enough for a report.
func roundSig(x float64) float64 {
	if x == 0 || math.IsInf(x, 0) || math.IsNaN(x) {
		return x
	}
	e := math.Pow(10, math.Floor(math.Log10(math.Abs(x)))-2)
	return math.Round(x/e) * e
}
