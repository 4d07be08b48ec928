package forensics

import (
	"bytes"
	"image"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/provcheck/provcheck/detectors"
	"github.com/provcheck/provcheck/detectors/jpegtables"
	"github.com/provcheck/provcheck/detectors/stealth"
	"github.com/provcheck/provcheck/detectors/watermark"
	"github.com/provcheck/provcheck/internal/corpus"
	"github.com/provcheck/provcheck/provenance/container"
	"github.com/provcheck/provcheck/provenance/exif"
	"github.com/provcheck/provcheck/reports"
)

// benchFile is one corpus image prepared for the pixel benchmark: the
// container walk and EXIF decode are done once, as they are not pixel
// work.
type benchFile struct {
	data    []byte
	inv     *container.Inventory
	exif    []*exif.Data
	pixels  int
	applies []*detectors.Detector
}

// BenchmarkCorpusPixels measures the labelled corpus's JPEGs and PNGs
// apart: the CPU time of decoding every file, and of decoding plus every
// pixel detector (this package, jpegtables, stealth, watermark) on one
// shared decode, per megapixel over the set. Both are timed in every
// iteration, one after the other, so that the ratio, the figure that
// matters, sees the same machine load.
func BenchmarkCorpusPixels(b *testing.B) {
	dir := corpus.Path(b, "images")
	entries, err := os.ReadDir(dir)
	if err != nil {
		b.Fatal(err)
	}
	all := []*detectors.Detector{Detector, jpegtables.Detector, stealth.Detector, watermark.Detector}
	sets := map[string][]benchFile{}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil || e.IsDir() {
			continue
		}
		inv, err := container.Walk(b.Context(), data, container.Limits{})
		if err != nil || (inv.MediaType != "image/jpeg" && inv.MediaType != "image/png") {
			continue
		}
		cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
		if err != nil {
			continue
		}
		f := benchFile{data: data, inv: inv, pixels: cfg.Width * cfg.Height}
		for _, blk := range inv.EXIF {
			d, _ := exif.Decode(blk.Data)
			f.exif = append(f.exif, d)
		}
		for _, d := range all {
			if d.Applies(inv.MediaType) {
				f.applies = append(f.applies, d)
			}
		}
		kind := inv.MediaType[len("image/"):]
		sets[kind] = append(sets[kind], f)
	}
	for _, kind := range []string{"jpeg", "png"} {
		files := sets[kind]
		if len(files) == 0 {
			continue
		}
		b.Run(kind, func(b *testing.B) {
			var decode, pixels int64
			mp := 0.0
			for _, f := range files {
				mp += float64(f.pixels) / 1e6
			}
			for b.Loop() {
				c0 := cpuNanos()
				for _, f := range files {
					if _, _, err := image.Decode(bytes.NewReader(f.data)); err != nil {
						b.Fatal(err)
					}
				}
				c1 := cpuNanos()
				for _, f := range files {
					runPixels(b, f)
				}
				decode, pixels = decode+c1-c0, pixels+cpuNanos()-c1
			}
			if decode > 0 {
				n := float64(b.N)
				b.ReportMetric(float64(decode)/n/1e6/mp, "decode-cpu-ms/MP")
				b.ReportMetric(float64(pixels)/n/1e6/mp, "all-cpu-ms/MP")
				b.ReportMetric(float64(pixels)/float64(decode), "ratio")
			}
		})
	}
}

// runPixels runs the pixel detectors that apply to f on one shared
// decode, as the engine runs them.
func runPixels(b *testing.B, f benchFile) {
	p := &detectors.Pass{
		File: &detectors.File{Data: f.data, MediaType: f.inv.MediaType},
		Inv:  f.inv,
		EXIF: func() []*exif.Data { return f.exif },
		Image: sync.OnceValues(func() (image.Image, error) {
			img, _, err := image.Decode(bytes.NewReader(f.data))
			return img, err
		}),
		Settings: &detectors.Settings{},
		Report:   func(reports.Signal) {},
		Warn:     func(string, string) {},
	}
	for _, d := range f.applies {
		if err := d.Run(b.Context(), p); err != nil {
			b.Fatal(err)
		}
	}
}
