package forensics

import (
	"bytes"
	"image"
	"image/png"
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/disintegration/imaging"
	"github.com/provcheck/provcheck/detectors"
	"github.com/provcheck/provcheck/detectors/jpegtables"
	"github.com/provcheck/provcheck/detectors/stealth"
	"github.com/provcheck/provcheck/detectors/watermark"
	"github.com/provcheck/provcheck/provenance/container"
	"github.com/provcheck/provcheck/provenance/exif"
	"github.com/provcheck/provcheck/reports"
)

// benchImage is 1024×1024 of smooth content and noise, which costs about
// what a generator's output costs to decode; with alpha, its alpha varies
// so the stealth reader has bits to read.
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

func benchFiles(b *testing.B) []struct {
	name string
	data []byte
} {
	enc := func(img image.Image) []byte {
		var buf bytes.Buffer
		if err := png.Encode(&buf, img); err != nil {
			b.Fatal(err)
		}
		return buf.Bytes()
	}
	plain := benchImage(false)
	// jpeg-thumb carries an EXIF thumbnail of itself, so the thumbnail
	// comparison, the only pixel work of this package, is measured too;
	// generated images have none.
	return []struct {
		name string
		data []byte
	}{
		{"png-rgb", enc(plain)},
		{"png-rgba", enc(benchImage(true))},
		{"jpeg", encodeJPEG(b, plain, 90)},
		{"jpeg-thumb", photo(b, plain, imaging.Resize(plain, 160, 160, imaging.Box))},
	}
}

// BenchmarkPixels compares decoding alone with decoding plus every pixel
// detector (watermark, stealth, this package) and jpegtables, per
// megapixel, as the engine runs them: one shared decode. The container
// walk is done once outside the loop: it is not pixel work.
func BenchmarkPixels(b *testing.B) {
	for _, tc := range benchFiles(b) {
		data := tc.data
		inv, err := container.Walk(b.Context(), data, container.Limits{})
		if err != nil {
			b.Fatal(err)
		}
		var decoded []*exif.Data
		for _, blk := range inv.EXIF {
			d, _ := exif.Decode(blk.Data)
			decoded = append(decoded, d)
		}
		b.Run(tc.name+"/decode", func(b *testing.B) {
			cpu0 := cpuNanos()
			for b.Loop() {
				if _, _, err := image.Decode(bytes.NewReader(data)); err != nil {
					b.Fatal(err)
				}
			}
			perMP(b, cpu0)
		})
		for _, set := range []struct {
			name string
			ds   []*detectors.Detector
		}{
			{"decode+watermark+stealth", []*detectors.Detector{stealth.Detector, watermark.Detector}},
			{"decode+all", []*detectors.Detector{Detector, jpegtables.Detector, stealth.Detector, watermark.Detector}},
		} {
			runAll(b, tc.name+"/"+set.name, data, inv, decoded, set.ds)
		}
	}
}

// runAll benchmarks decoding plus the detectors ds on one shared decode.
func runAll(b *testing.B, name string, data []byte, inv *container.Inventory, decoded []*exif.Data, ds []*detectors.Detector) {
	b.Run(name, func(b *testing.B) {
		cpu0 := cpuNanos()
		for b.Loop() {
			p := &detectors.Pass{
				File: &detectors.File{Data: data, MediaType: inv.MediaType},
				Inv:  inv,
				EXIF: func() []*exif.Data { return decoded },
				Image: sync.OnceValues(func() (image.Image, error) {
					img, _, err := image.Decode(bytes.NewReader(data))
					return img, err
				}),
				Settings: &detectors.Settings{},
				Report: func(s reports.Signal) {
					if s.ID != "image.generator-canvas" && s.Direction != reports.DirInfo {
						b.Fatalf("signal %s on a plain image", s.ID)
					}
				},
				Warn: func(string, string) {},
			}
			for _, d := range ds {
				if err := d.Run(b.Context(), p); err != nil {
					b.Fatal(err)
				}
			}
		}
		perMP(b, cpu0)
	})
}

// BenchmarkThumbnail is the thumbnail comparison alone on decoded pixels,
// a 1024×1024 main image (as NRGBA from a PNG, as 4:2:0 YCbCr from a
// JPEG) against a 160×160 thumbnail.
func BenchmarkThumbnail(b *testing.B) {
	plain := benchImage(false)
	thumb, err := decodeThumbnail(encodeJPEG(b, imaging.Resize(plain, 160, 160, imaging.Box), 75))
	if err != nil {
		b.Fatal(err)
	}
	jpg, _, err := image.Decode(bytes.NewReader(encodeJPEG(b, plain, 90)))
	if err != nil {
		b.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		img  image.Image
	}{{"nrgba", plain}, {"ycbcr", jpg}} {
		b.Run(tc.name, func(b *testing.B) {
			cpu0 := cpuNanos()
			for b.Loop() {
				small, err := shrink(b.Context(), tc.img, 2*160)
				if err != nil {
					b.Fatal(err)
				}
				compareThumb(b.Context(), small, thumb)
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
