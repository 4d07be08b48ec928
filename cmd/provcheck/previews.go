package main

import (
	"context"
	"errors"
	"html/template"
	"strconv"

	"github.com/provcheck/provcheck/detectors"
	"github.com/provcheck/provcheck/provenance/container"
	"github.com/provcheck/provcheck/provenance/pixels"
	"github.com/provcheck/provcheck/reports"
)

// previewDetector makes each image's HTML preview in the scan's workers,
// instead of reading and decoding every image again when the report is
// written. It runs after the pixel detectors and uses the pixels they
// decoded; when they were skipped (the metadata already declares AI), a
// PNG is shrunk as it is inflated, without holding the whole image, and
// other formats are decoded once here. It reports no signal. It runs only
// for the HTML format.
func previewDetector(previews *reports.Previews) *detectors.Detector {
	return &detectors.Detector{
		Name:        "preview",
		Doc:         "Makes the HTML report's preview of each image from the pixels the scan decoded (no signals).",
		Version:     2,
		Media:       []string{"image/*"},
		AfterPixels: true,
		Run: func(ctx context.Context, p *detectors.Pass) error {
			// Recorded even when empty, so that the report does not try
			// the file again.
			previews.Add(p.File.SHA256, preview(ctx, p))
			return nil
		},
	}
}

// preview is the image's preview, or "" when its pixels cannot be read.
func preview(ctx context.Context, p *detectors.Pass) template.URL {
	img, done := p.Decoded()
	if !done {
		maxPixels := container.DefaultLimits.MaxPixels
		if p.Settings != nil && p.Settings.Limits.MaxPixels > 0 {
			maxPixels = p.Settings.Limits.MaxPixels
		}
		small, err := pixels.ShrinkPNG(ctx, p.File.Data, maxPixels, reports.ThumbnailSize)
		switch {
		case err == nil:
			img = small
		case errors.Is(err, pixels.ErrNoDecoder), errors.Is(err, pixels.ErrUnsupported):
			img, _ = p.Image()
		}
	}
	if img == nil {
		return ""
	}
	u, err := reports.ThumbnailOf(img, orientation(p))
	if err != nil {
		return ""
	}
	return u
}

// orientation is the EXIF orientation of the file's first IFD0, 1 when
// there is none.
func orientation(p *detectors.Pass) int {
	if p.EXIF == nil {
		return 1
	}
	for _, d := range p.EXIF() {
		if f, ok := d.Get("Orientation"); ok && f.IFD == "IFD0" {
			if n, err := strconv.Atoi(f.Value); err == nil {
				return n
			}
			break
		}
	}
	return 1
}
