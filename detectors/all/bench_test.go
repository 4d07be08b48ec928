package all

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/provcheck/provcheck/detectors/engine"
	"github.com/provcheck/provcheck/internal/corpus"
)

// BenchmarkScanCorpusImages measures walk + detect over the shared image
// corpus held in memory, so the figure is the pipeline's own, not the disk's.
func BenchmarkScanCorpusImages(b *testing.B) {
	dir := corpus.Path(b, "images")
	entries, err := os.ReadDir(dir)
	if err != nil {
		b.Fatal(err)
	}
	type file struct {
		name string
		data []byte
	}
	var files []file
	var total int64
	for _, e := range entries {
		if e.IsDir() || filepath.Ext(e.Name()) == ".csv" {
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			b.Fatal(err)
		}
		files = append(files, file{e.Name(), data})
		total += int64(len(data))
	}
	eng := engine.New(engine.Config{}, Detectors(), nil)
	b.SetBytes(total)
	b.ReportAllocs()
	for b.Loop() {
		for _, f := range files {
			eng.ScanBytes(b.Context(), "", f.name, f.data)
		}
	}
	b.ReportMetric(float64(len(files))*float64(b.N)/b.Elapsed().Seconds(), "files/s")
}
