// Package forensics holds the pixel and structure heuristics that are
// pieces of evidence for a reviewer, never verdicts: the EXIF thumbnail
// compared with the main image, image sizes that equal a generator's
// native canvas, and the pixels' history (forensics.md §3.3, §3.6, §3.7):
// double JPEG compression, a JPEG block grid in pixels that are not a JPEG
// now, a camera's demosaicing pattern, and periodic spectral peaks off the
// JPEG grid. Each history check reads a bounded sample of the shared
// decode (a few thousand 8×8 blocks, a few crops or tiles), so its cost per
// file does not grow with the image. It also makes visual aids (an
// error-level image and a noise-residual map) for a person to look at;
// those are not scored.
//
// Reliability, bluntly: double compression and the JPEG grid are facts of
// the file's history (info), true of most photos that travelled; the
// demosaicing pattern is weak positive evidence of a camera and its
// absence says nothing; the spectral screen is a weak pointer for a
// reviewer, near chance on re-encoded or resized images, so it runs only on
// lossless pixels and JPEGs of quality about 95 and up. None of them can
// make a verdict on its own (CALIBRATION.md in detectors/scoring).
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
		"image was changed after the thumbnail was written), flags sizes equal to a generator's native " +
		"canvas when no camera is named (a weak AI prior), and reads the pixels' history: double JPEG " +
		"compression and a JPEG block grid in non-JPEG pixels (facts, info), a camera's demosaicing pattern " +
		"(weak capture evidence) and periodic spectral peaks off the JPEG grid (a weak pointer to look at).",
	Version: 3,
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
	if err := checkPixels(ctx, p); err != nil {
		return fmt.Errorf("forensics: pixel history: %w", err)
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
