// Package exif is the EXIF detector: camera metadata (make, model, lens,
// serial, capture time) as weak capture evidence, and the computational
// capture and screenshot fields that must not be mistaken for AI.
//
// Generator payloads in EXIF (UserComment infotext, ComfyUI's Make/Model
// JSON) and editor names in Software belong to the generators and editors
// detectors; this one only keeps them out of the camera evidence.
package exif

import (
	"context"

	"github.com/provcheck/provcheck/detectors"
	"github.com/provcheck/provcheck/provenance/container"
	exifmeta "github.com/provcheck/provcheck/provenance/exif"
)

// Detector reports what EXIF says about the capture.
var Detector = &detectors.Detector{
	Name: "exif",
	Doc: "EXIF camera metadata (make, model, lens, serial, capture time) as weak capture evidence; " +
		"thumbnails; computational-capture fields (CompositeImage, CustomRendered, SceneCaptureType) " +
		"and macOS screenshot comments as information only; different cameras in one file.",
	Version: 1,
	Media:   []string{"image/*"},
	Run:     run,
}

// block is one decoded EXIF block with where it came from, when known.
type block struct {
	data *exifmeta.Data
	src  *container.Block // nil when the decoded list cannot be paired with the inventory
}

func run(ctx context.Context, p *detectors.Pass) error {
	blocks := pair(p)
	if len(blocks) == 0 {
		return nil
	}
	reportCamera(p, blocks)
	for _, b := range blocks {
		if err := ctx.Err(); err != nil {
			return err
		}
		reportThumbnail(p, b)
		reportComputational(p, b)
	}
	reportCaptureTime(p, blocks)
	reportScreenshot(p, blocks)
	return nil
}

// pair matches decoded blocks with the inventory's. The engine drops blocks
// that failed to decode, so the two lists line up only when their lengths
// agree; otherwise offsets are left out rather than guessed.
func pair(p *detectors.Pass) []block {
	if p.EXIF == nil {
		return nil
	}
	decoded := p.EXIF()
	out := make([]block, 0, len(decoded))
	paired := p.Inv != nil && len(p.Inv.EXIF) == len(decoded)
	for i, d := range decoded {
		if d == nil {
			continue
		}
		b := block{data: d}
		if paired {
			b.src = &p.Inv.EXIF[i]
		}
		out = append(out, b)
	}
	return out
}

// where returns the evidence that locates a block.
func (b block) where() map[string]any {
	ev := map[string]any{}
	if b.src != nil {
		ev["block"] = b.src.Source
		ev["offset"] = b.src.Offset
	}
	return ev
}
