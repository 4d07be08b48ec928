package forensics

import (
	"context"
	"errors"
	"fmt"
	"math"

	"github.com/provcheck/provcheck/detectors"
	"github.com/provcheck/provcheck/reports"
)

// Thresholds on the mean absolute difference (% of full scale) between the
// thumbnail and the shrunken main image. Same-picture pairs on the corpus
// cameras stay under a few percent (the thumbnail is a small, heavily
// compressed JPEG of its own); a different picture differs by far more.
// Between the two, the evidence is left to a reviewer.
const (
	sameMAD      = 6.0
	differentMAD = 15.0
)

// checkThumbnails compares the first decodable IFD1 thumbnail with the
// main image.
func checkThumbnails(ctx context.Context, p *detectors.Pass) error {
	if len(p.Inv.EXIF) == 0 || p.EXIF == nil || p.Image == nil {
		return nil
	}
	decoded := p.EXIF()
	for i, blk := range p.Inv.EXIF {
		if i >= len(decoded) {
			break
		}
		raw, off, err := thumbnailBytes(blk.Data, decoded[i])
		if errors.Is(err, errNoThumb) {
			continue
		}
		if err != nil {
			p.Warn("thumbnail", fmt.Sprintf("EXIF block at %d: %v", blk.Offset, err))
			continue
		}
		thumb, err := decodeThumbnail(raw)
		if err != nil {
			p.Warn("thumbnail", fmt.Sprintf("EXIF block at %d: %v", blk.Offset, err))
			continue
		}
		img, err := p.Image()
		if err != nil || img == nil {
			return nil // no pixels: nothing to compare with
		}
		// Twice the thumbnail's size is detail enough for the comparison.
		side := min(analysisSide, 2*max(thumb.Bounds().Dx(), thumb.Bounds().Dy()))
		small, err := shrink(ctx, img, side)
		if err != nil {
			return err
		}
		c := compareThumb(ctx, small, thumb)
		if s, ok := thumbSignal(c, blk.Source, blk.Offset, off, img.Bounds().Dx(), img.Bounds().Dy()); ok {
			if s.ID == "exif.thumbnail-mismatch" {
				s = corroborate(s, thumbnailCorroboration(p))
			}
			p.Report(s)
		}
		return nil
	}
	return nil
}

func thumbSignal(c thumbCompare, source string, blockOff, thumbOff int64, w, h int) (reports.Signal, bool) {
	ev := map[string]any{
		"block":               source,
		"blockOffset":         blockOff,
		"thumbnailOffset":     thumbOff,
		"thumbnailSize":       canvasName(c.thumbW, c.thumbH),
		"thumbnailPicture":    canvasName(c.contentW, c.contentH),
		"mainSize":            canvasName(w, h),
		"meanAbsDifference":   round2(c.mad),
		"aspectRatioMismatch": round2(100 * c.aspectDiff),
	}
	switch {
	case c.mad <= sameMAD:
		return reports.Signal{}, false
	case c.rotation != 0 && c.bestMAD <= sameMAD:
		ev["rotation"] = c.rotation
		ev["rotatedDifference"] = round2(c.bestMAD)
		return reports.Signal{
			ID:        "exif.thumbnail-rotated",
			Direction: reports.DirEdit,
			Strength:  reports.StrengthWeak,
			Message:   fmt.Sprintf("the main picture is the EXIF thumbnail's turned %d° counter-clockwise: the pixels were rotated after capture", c.rotation),
			Evidence:  ev,
			Explanation: "The thumbnail matches the main image only after a quarter or half turn, so a program " +
				"rotated the pixels and kept the old thumbnail. Rotation is a routine, harmless edit; it shows that " +
				"the file is not as the camera wrote it.",
		}, true
	case c.mad >= differentMAD && c.bestMAD >= differentMAD:
		return reports.Signal{
			ID:        "exif.thumbnail-mismatch",
			Direction: reports.DirEdit,
			Strength:  reports.StrengthStrong,
			Message:   fmt.Sprintf("the EXIF thumbnail differs from the main image (mean difference %.1f%%)", c.mad),
			Evidence:  ev,
			Explanation: "The thumbnail inside the EXIF block was written with the picture; the main image, shrunk " +
				"to the thumbnail's size, differs from it clearly. Either the picture was changed (cropped, retouched, " +
				"replaced) by a program that kept the old thumbnail, or EXIF from another file was pasted onto this " +
				"one. Look at the two side by side: the thumbnail may show the original.",
		}, true
	}
	return reports.Signal{}, false
}

// corroborate keeps a thumbnail mismatch as edit evidence only beside
// other evidence that the file was changed; alone it is information.
func corroborate(s reports.Signal, by []string) reports.Signal {
	if len(by) > 0 {
		s.Evidence["corroboratedBy"] = by
		return s
	}
	s.Direction, s.Strength = reports.DirInfo, reports.StrengthInfo
	s.Message += "; nothing else in the file says it was edited"
	s.Explanation = "The thumbnail inside the EXIF block differs clearly from the main image shrunk to its size. " +
		"Some cameras store a thumbnail of another rendering, crop or exposure (Ricoh RDC, FLIR thermal cameras), " +
		"and no software field or later modification time corroborates an edit, so this alone is not counted as " +
		"editing. Look at the two side by side: if the thumbnail shows a different scene, the EXIF may come from " +
		"another file."
	return s
}

func round2(x float64) float64 { return math.Round(x*100) / 100 }
