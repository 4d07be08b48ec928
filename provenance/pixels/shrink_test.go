package pixels

import (
	"bytes"
	"errors"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"github.com/provcheck/provcheck/internal/corpus"
)

// testPNGs encodes a gradient with noise in every colour type and depth
// image/png writes, so every row filter and pixel layout is exercised.
func testPNGs(t testing.TB, w, h int) map[string][]byte {
	pal := make(color.Palette, 256)
	for i := range pal {
		pal[i] = color.NRGBA{uint8(i), uint8(255 - i), uint8(i * 7), uint8(128 + i/2)}
	}
	imgs := map[string]image.Image{
		"gray8":    image.NewGray(image.Rect(0, 0, w, h)),
		"gray16":   image.NewGray16(image.Rect(0, 0, w, h)),
		"rgb8":     image.NewRGBA(image.Rect(0, 0, w, h)),
		"rgba8":    image.NewNRGBA(image.Rect(0, 0, w, h)),
		"rgb16":    image.NewRGBA64(image.Rect(0, 0, w, h)),
		"rgba16":   image.NewNRGBA64(image.Rect(0, 0, w, h)),
		"paletted": image.NewPaletted(image.Rect(0, 0, w, h), pal),
	}
	out := map[string][]byte{}
	for name, img := range imgs {
		seed := uint32(len(name))
		for y := range h {
			for x := range w {
				seed = seed*1664525 + 1013904223
				n := uint8(seed >> 24)
				v := uint8(x*255/max(w-1, 1)) ^ n>>3
				alpha := uint8(255)
				if name == "rgba8" || name == "rgba16" {
					alpha = uint8(y * 255 / max(h-1, 1))
				}
				c := color.NRGBA{v, uint8(y), n, alpha}
				switch m := img.(type) {
				case *image.Paletted:
					m.SetColorIndex(x, y, n)
				case *image.NRGBA64:
					m.Set(x, y, color.NRGBA64{uint16(v)<<8 | uint16(n), uint16(y), uint16(n) << 4, uint16(alpha)<<8 | uint16(n)})
				default:
					img.(interface{ Set(int, int, color.Color) }).Set(x, y, c)
				}
			}
		}
		var b bytes.Buffer
		if err := png.Encode(&b, img); err != nil {
			t.Fatal(err)
		}
		out[name] = b.Bytes()
	}
	return out
}

// shrinkBoth makes the preview both ways: streaming, and by decoding the
// whole image first.
func shrinkBoth(t testing.TB, data []byte, maxPixels int64, size int) (stream, full *image.RGBA, streamErr, fullErr error) {
	stream, streamErr = ShrinkPNG(t.Context(), data, maxPixels, size)
	img, _, fullErr := Decode(t.Context(), data, maxPixels)
	if fullErr == nil {
		full = Shrink(img, size)
	}
	return stream, full, streamErr, fullErr
}

// TestShrinkPNG: the streaming preview is pixel for pixel the preview of
// the fully decoded image, for every layout and for previews smaller,
// equal to and larger than the image.
func TestShrinkPNG(t *testing.T) {
	for name, data := range testPNGs(t, 301, 97) {
		for _, size := range []int{1, 16, 160, 301, 400} {
			stream, full, serr, ferr := shrinkBoth(t, data, 1<<20, size)
			if serr != nil || ferr != nil {
				t.Fatalf("%s size %d: stream %v, full %v", name, size, serr, ferr)
			}
			if stream.Rect != full.Rect || !bytes.Equal(stream.Pix, full.Pix) {
				t.Errorf("%s size %d: streaming preview %v differs from the full decode's %v", name, size, stream.Rect, full.Rect)
			}
			if max(stream.Rect.Dx(), stream.Rect.Dy()) != min(size, 301) {
				t.Errorf("%s size %d: preview %v", name, size, stream.Rect)
			}
		}
	}
	data := testPNGs(t, 40, 30)["rgb8"]
	if _, err := ShrinkPNG(t.Context(), data, 1199, 16); !errors.Is(err, ErrTooLarge) {
		t.Errorf("over the pixel limit: %v", err)
	}
	if _, err := ShrinkPNG(t.Context(), data[:len(data)-40], 1<<20, 16); err == nil {
		t.Error("truncated pixel data gave a preview")
	}
	var two bytes.Buffer
	png.Encode(&two, image.NewPaletted(image.Rect(0, 0, 8, 8), color.Palette{color.Black, color.White}))
	if _, err := ShrinkPNG(t.Context(), two.Bytes(), 1<<20, 16); !errors.Is(err, ErrUnsupported) {
		t.Errorf("1-bit palette: %v", err)
	}
	if _, err := ShrinkPNG(t.Context(), []byte("GIF89a"), 1<<20, 16); !errors.Is(err, ErrNoDecoder) {
		t.Errorf("not a PNG: %v", err)
	}
}

// TestShrinkPNGCorpus: the same on the sample PNGs.
func TestShrinkPNGCorpus(t *testing.T) {
	files, _ := filepath.Glob("../../testdata/samples/*.png")
	var more []string
	if images, ok := corpus.Has("images"); ok { // its PNGs too, when the corpus is there
		more, _ = filepath.Glob(filepath.Join(images, "*.png"))
	}
	for _, f := range append(files, more...) {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		stream, full, serr, ferr := shrinkBoth(t, data, 64e6, 160)
		switch {
		case errors.Is(serr, ErrUnsupported):
			t.Logf("%s: %v", filepath.Base(f), serr)
		case serr != nil || ferr != nil:
			t.Errorf("%s: stream %v, full %v", filepath.Base(f), serr, ferr)
		case stream.Rect != full.Rect || !bytes.Equal(stream.Pix, full.Pix):
			t.Errorf("%s: streaming preview differs from the full decode's", filepath.Base(f))
		}
	}
}

// FuzzShrinkPNG: on any input, a streaming preview stays within its size,
// and whenever both ways succeed they agree.
func FuzzShrinkPNG(f *testing.F) {
	for _, data := range testPNGs(f, 19, 7) {
		f.Add(data)
	}
	files, _ := filepath.Glob("../../testdata/samples/*.png")
	for _, p := range files {
		if data, err := os.ReadFile(p); err == nil && len(data) < 1<<16 {
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		stream, full, serr, ferr := shrinkBoth(t, data, 1<<16, 16)
		if serr != nil {
			return
		}
		if stream.Rect.Dx() > 16 || stream.Rect.Dy() > 16 {
			t.Fatalf("preview %v", stream.Rect)
		}
		if ferr == nil && (stream.Rect != full.Rect || !bytes.Equal(stream.Pix, full.Pix)) {
			t.Fatalf("streaming preview differs from the full decode's")
		}
	})
}

func BenchmarkPreviewPNG(b *testing.B) {
	data := testPNGs(b, 1024, 1024)["rgba8"]
	b.Run("decode+shrink", func(b *testing.B) {
		for b.Loop() {
			img, _, err := Decode(b.Context(), data, 1<<24)
			if err != nil {
				b.Fatal(err)
			}
			Shrink(img, 160)
		}
	})
	b.Run("stream", func(b *testing.B) {
		for b.Loop() {
			if _, err := ShrinkPNG(b.Context(), data, 1<<24, 160); err != nil {
				b.Fatal(err)
			}
		}
	})
}
