// Package forensics holds the pixel and structure heuristics that are
// pieces of evidence for a reviewer, never verdicts: the EXIF thumbnail
// compared with the main image, and image sizes that equal a generator's
// native canvas. It also makes visual aids (an error-level image and a
// noise-residual map) for a person to look at; those are not scored.
//
// Methods left out, and why (forensics.md §3-4): double JPEG compression
// needs the quantised DCT coefficients, which the standard decoder does not
// expose, and says only "saved at least twice", true of most photos that
// travelled; the spectral peak screen is near chance on re-encoded or
// resized images and confounded by the JPEG grid; demosaicing traces need
// native-resolution camera output and a per-pixel predictor too costly for
// the time budget of a default scan.
package forensics

import (
	"context"
	"fmt"
	"strings"

	"github.com/provcheck/provcheck/detectors"
	"github.com/provcheck/provcheck/reports"
)

// Detector runs the forensic heuristics.
var Detector = &detectors.Detector{
	Name:   "forensics",
	Pixels: true,
	Doc: "Compares the EXIF thumbnail with the main image (a different picture is strong evidence that the " +
		"image was changed after the thumbnail was written) and flags sizes equal to a generator's native " +
		"canvas when no camera is named (a weak AI prior).",
	Version: 1,
	Media:   []string{"image/*"},
	Run:     run,
}

// analysisSide bounds the shrunken copy the pixel checks work on.
const analysisSide = 512

func run(ctx context.Context, p *detectors.Pass) error {
	if p.Inv == nil {
		return nil
	}
	cam := cameraNamed(p)
	if s, ok := canvasSignal(p.Inv.Width, p.Inv.Height, cam); ok {
		p.Report(s)
	}
	if err := checkThumbnails(ctx, p); err != nil {
		return fmt.Errorf("forensics: %w", err)
	}
	return nil
}

// cameraNamed reports whether any EXIF block names a camera make or model.
// A value that cannot be a maker's name (JSON, as some generators write
// into Make and Model) does not count.
func cameraNamed(p *detectors.Pass) bool {
	if p.EXIF == nil {
		return false
	}
	for _, d := range p.EXIF() {
		if d == nil {
			continue
		}
		for _, f := range d.Fields {
			if (f.Name == "Make" || f.Name == "Model") && f.IFD == "IFD0" && plausibleName(f.Value) {
				return true
			}
		}
	}
	return false
}

func canvasSignal(w, h int, camera bool) (reports.Signal, bool) {
	who, ok := generatorCanvas(w, h)
	if !ok || camera {
		return reports.Signal{}, false
	}
	return reports.Signal{
		ID:        "image.generator-canvas",
		Direction: reports.DirAI,
		Strength:  reports.StrengthWeak,
		Message:   fmt.Sprintf("the image is %s, a native canvas of %s, and names no camera", canvasName(w, h), who),
		Evidence:  map[string]any{"width": w, "height": h, "generators": who},
		Explanation: "Image generators work on latent grids and produce a small set of canvas sizes. Many real " +
			"images share these sizes (square crops, resized uploads), and one resize erases the match, so this " +
			"is a mild prior only, counted when no camera is named in EXIF. Look for other evidence.",
	}, true
}

// plausibleName reports whether an EXIF Make or Model value looks like a
// device name: short, one line, no structured data.
func plausibleName(v string) bool {
	v = strings.TrimSpace(v)
	return v != "" && len(v) <= 64 && !strings.ContainsAny(v, "{}\n")
}
