package main

import (
	"context"
	"strconv"

	"github.com/provcheck/provcheck/detectors"
	"github.com/provcheck/provcheck/reports"
)

// previewDetector makes each image's HTML preview from the pixels the scan
// decodes (once, shared with the pixel detectors), in the scan's workers,
// instead of reading and decoding every image again when the report is
// written. It reports no signal. It runs only for the HTML format.
func previewDetector(previews *reports.Previews) *detectors.Detector {
	return &detectors.Detector{
		Name:    "preview",
		Doc:     "Makes the HTML report's preview of each image from the pixels the scan decoded (no signals).",
		Version: 1,
		Media:   []string{"image/*"},
		Run: func(ctx context.Context, p *detectors.Pass) error {
			img, err := p.Image()
			if err != nil {
				return nil // no preview; the report says nothing is missing from the evidence
			}
			orientation := 1
			if p.EXIF != nil {
				for _, d := range p.EXIF() {
					if f, ok := d.Get("Orientation"); ok && f.IFD == "IFD0" {
						if n, err := strconv.Atoi(f.Value); err == nil {
							orientation = n
						}
						break
					}
				}
			}
			u, err := reports.ThumbnailOf(img, orientation)
			if err != nil {
				return nil
			}
			previews.Add(p.File.SHA256, u)
			return nil
		},
	}
}
