package watermark

import (
	"bytes"
	"image"
	"image/jpeg"
	"image/png"
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/provcheck/provcheck/detectors"
	"github.com/provcheck/provcheck/detectors/stealth"
	"github.com/provcheck/provcheck/reports"
)

// benchPNG is a 1024×1024 PNG with smooth content and noise, which costs
// about what a generator's output costs to decode; with alpha, its alpha
// channel varies so the stealth reader has bits to read.
func benchPNG(b *testing.B, alpha bool) []byte {
	var buf bytes.Buffer
	if err := png.Encode(&buf, benchImage(alpha)); err != nil {
		b.Fatal(err)
	}
	return buf.Bytes()
}

// benchJPEG is the same content as a quality-90 4:2:0 JPEG, which decodes
// several times faster than PNG: the hardest case for the ratio.
func benchJPEG(b *testing.B) []byte {
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, benchImage(false), &jpeg.Options{Quality: 90}); err != nil {
		b.Fatal(err)
	}
	return buf.Bytes()
}

func benchImage(alpha bool) *image.NRGBA {
	const n = 1024
	img := image.NewNRGBA(image.Rect(0, 0, n, n))
	r := rand.New(rand.NewPCG(1, 2))
	for y := range n {
		for x := range n {
			i := img.PixOffset(x, y)
			img.Pix[i] = uint8(x/4 + r.IntN(8))
			img.Pix[i+1] = uint8(y/4 + r.IntN(8))
			img.Pix[i+2] = uint8((x+y)/8 + r.IntN(8))
			img.Pix[i+3] = 0xff
			if alpha {
				img.Pix[i+3] = 0xfe | uint8(r.IntN(2))
			}
		}
	}
	return img
}

// BenchmarkPixels compares decoding alone with decoding plus the pixel
// detectors of this package and stealth, per megapixel, as the engine runs
// them: one shared decode.
func BenchmarkPixels(b *testing.B) {
	for _, tc := range []struct {
		name string
		data []byte
	}{{"png-rgb", benchPNG(b, false)}, {"png-rgba", benchPNG(b, true)}, {"jpeg", benchJPEG(b)}} {
		name, data := tc.name, tc.data
		b.Run(name+"/decode", func(b *testing.B) {
			cpu0 := cpuNanos()
			for b.Loop() {
				if _, _, err := image.Decode(bytes.NewReader(data)); err != nil {
					b.Fatal(err)
				}
			}
			perMP(b, cpu0)
		})
		b.Run(name+"/decode+watermark+stealth", func(b *testing.B) {
			cpu0 := cpuNanos()
			for b.Loop() {
				p := &detectors.Pass{
					Image: sync.OnceValues(func() (image.Image, error) {
						img, _, err := image.Decode(bytes.NewReader(data))
						return img, err
					}),
					Settings: &detectors.Settings{},
					Report:   func(reports.Signal) { b.Fatal("a signal on an unmarked image") },
					Warn:     func(string, string) {},
				}
				for _, d := range []*detectors.Detector{Detector, stealth.Detector} {
					if err := d.Run(b.Context(), p); err != nil {
						b.Fatal(err)
					}
				}
			}
			perMP(b, cpu0)
		})
	}
}

// perMP reports wall and CPU milliseconds per megapixel.
func perMP(b *testing.B, cpu0 int64) {
	const mp = 1024 * 1024 / 1e6
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/1e6/mp, "ms/MP")
	if cpu := cpuNanos(); cpu > 0 {
		b.ReportMetric(float64(cpu-cpu0)/float64(b.N)/1e6/mp, "cpu-ms/MP")
	}
}

// BenchmarkWatermark is the decoder alone on decoded pixels: the exact
// pixel path (PNG) and the cell path (JPEG).
func BenchmarkWatermark(b *testing.B) {
	for _, tc := range []struct {
		name string
		data []byte
	}{{"png", benchPNG(b, false)}, {"jpeg", benchJPEG(b)}} {
		img, _, err := image.Decode(bytes.NewReader(tc.data))
		if err != nil {
			b.Fatal(err)
		}
		b.Run(tc.name, func(b *testing.B) {
			cpu0 := cpuNanos()
			for b.Loop() {
				if _, err := decode(b.Context(), img); err != nil {
					b.Fatal(err)
				}
			}
			perMP(b, cpu0)
		})
	}
}
