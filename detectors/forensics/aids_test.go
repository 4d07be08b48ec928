package forensics

import (
	"bytes"
	"image"
	"image/draw"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"github.com/disintegration/imaging"

	"github.com/provcheck/provcheck/detectors/detectortest"
)

// A region pasted from a heavily compressed copy re-saves differently
// from the clean rest: in the error-level image it is darker (it has
// already lost what a quality-90 save removes) than the clean noise.
func TestWriteAids(t *testing.T) {
	clean := halves(256, 192)
	lossy, err := imaging.Decode(bytesReader(encodeJPEG(t, clean, 20)))
	if err != nil {
		t.Fatal(err)
	}
	img := imaging.Clone(clean)
	draw.Draw(img, image.Rect(0, 0, 128, 96), lossy, image.Point{}, draw.Src)

	dir := t.TempDir()
	paths, err := WriteAids(img, dir, "x")
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) != 2 {
		t.Fatalf("paths %v", paths)
	}
	var imgs []image.Image
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		m, format, err := image.Decode(f)
		f.Close()
		if err != nil || format != "png" {
			t.Fatalf("%s: %v %s", p, err, format)
		}
		if m.Bounds().Size() != img.Bounds().Size() {
			t.Errorf("%s: size %v", p, m.Bounds().Size())
		}
		imgs = append(imgs, m)
	}
	ela := imaging.Clone(imgs[0])
	pasted, rest := meanRGB(ela, image.Rect(8, 8, 120, 88)), meanRGB(ela, image.Rect(136, 104, 248, 184))
	if !(pasted < rest) {
		t.Errorf("error level: pasted region %.1f, clean region %.1f; want the pasted one lower", pasted, rest)
	}
	if _, err := WriteAids(nil, dir, "y"); err == nil {
		t.Error("no error for a nil image")
	}
	if _, err := WriteAids(img, dir, "../escape"); err == nil {
		t.Error("no error for a base with a directory")
	}
}

func TestWriteAidsBoundsLargeImages(t *testing.T) {
	paths, err := WriteAids(image.NewGray(image.Rect(0, 0, 3000, 10)), t.TempDir(), "big")
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(paths[0])
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cfg, _, err := image.DecodeConfig(f)
	if err != nil || cfg.Width != aidSide {
		t.Errorf("aid width %d (err %v), want %d", cfg.Width, err, aidSide)
	}
}

func meanRGB(m *image.NRGBA, r image.Rectangle) float64 {
	var s, n float64
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			i := m.PixOffset(x, y)
			s += float64(m.Pix[i]) + float64(m.Pix[i+1]) + float64(m.Pix[i+2])
			n += 3
		}
	}
	return s / n
}

func TestAidsDetectorWritesBesideNothing(t *testing.T) {
	dir := t.TempDir()
	img := image.NewNRGBA(image.Rect(0, 0, 64, 48))
	for i := range img.Pix {
		img.Pix[i] = byte(i * 7)
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	fr := detectortest.Run(t, buf.Bytes(), filepath.Join("some", "where", "photo.png"), AidsDetector(dir))
	if len(fr.Signals) != 0 || len(fr.Errors) != 0 {
		t.Fatalf("signals %v errors %v", fr.Signals, fr.Errors)
	}
	got, _ := filepath.Glob(filepath.Join(dir, "photo.png-*-ela.png"))
	noise, _ := filepath.Glob(filepath.Join(dir, "photo.png-*-noise.png"))
	if len(got) != 1 || len(noise) != 1 {
		t.Fatalf("aids written: %v %v", got, noise)
	}
}
