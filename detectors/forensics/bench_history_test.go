package forensics

import (
	"image"
	"testing"

	"github.com/provcheck/provcheck/detectors"
	"github.com/provcheck/provcheck/detectors/jpegtables"
	"github.com/provcheck/provcheck/provenance/container"
	"github.com/provcheck/provcheck/reports"
)

// BenchmarkPixelHistory is the added cost of the pixel-history checks on
// an already decoded 1024×1024 picture (the engine shares one decode
// among the pixel detectors), as a PNG and as a JPEG at quality 90, and
// each method alone.
func BenchmarkPixelHistory(b *testing.B) {
	plain := benchImage(false)
	for _, tc := range []struct {
		name string
		data []byte
	}{{"png", encodePNG(b, plain)}, {"jpeg", encodeJPEG(b, plain, 90)}} {
		inv, err := container.Walk(b.Context(), tc.data, container.Limits{})
		if err != nil {
			b.Fatal(err)
		}
		img := decode(b, tc.data)
		p := &detectors.Pass{
			File:   &detectors.File{Data: tc.data, MediaType: inv.MediaType},
			Inv:    inv,
			Image:  func() (image.Image, error) { return img, nil },
			Report: func(reports.Signal) {},
			Warn:   func(string, string) {},
		}
		b.Run(tc.name+"/all", func(b *testing.B) {
			cpu0 := cpuNanos()
			for b.Loop() {
				if err := checkPixels(b.Context(), p); err != nil {
					b.Fatal(err)
				}
			}
			cpuPerMP(b, cpu0, img)
		})
		for _, m := range []struct {
			name string
			run  func()
		}{
			{"grid", func() { jpegGrid(b.Context(), img) }},
			{"cfa", func() { demosaicTraces(b.Context(), img) }},
			{"spectrum", func() { spectralPeaks(b.Context(), img) }},
		} {
			b.Run(tc.name+"/"+m.name, func(b *testing.B) {
				cpu0 := cpuNanos()
				for b.Loop() {
					m.run()
				}
				cpuPerMP(b, cpu0, img)
			})
		}
		if pix, stride, w, h, ok := lumaPlane(img); ok {
			q := jpegtables.IJGLuma(90)
			b.Run(tc.name+"/dq", func(b *testing.B) {
				cpu0 := cpuNanos()
				for b.Loop() {
					doubleCompression(b.Context(), pix, stride, w, h, &q)
				}
				cpuPerMP(b, cpu0, img)
			})
		}
	}
}

// cpuPerMP reports the CPU milliseconds per megapixel of img per loop.
func cpuPerMP(b *testing.B, cpu0 int64, img image.Image) {
	if cpu := cpuNanos(); cpu > 0 {
		mp := float64(img.Bounds().Dx()*img.Bounds().Dy()) / 1e6
		b.ReportMetric(float64(cpu-cpu0)/float64(b.N)/1e6/mp, "cpu-ms/MP")
	}
}
