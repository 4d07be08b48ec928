package forensics

import (
	"bytes"
	"image"
	"image/color"
	"io"
	"testing"

	"github.com/disintegration/imaging"
)

func bytesReader(b []byte) io.Reader { return bytes.NewReader(b) }

// Every fast path agrees with the imaging package's box filter within a
// few levels, and the output respects the size bound.
func TestShrink(t *testing.T) {
	src := halves(1030, 515)
	jpg, err := imaging.Decode(bytesReader(encodeJPEG(t, src, 95)))
	if err != nil {
		t.Fatal(err)
	}
	rgba := image.NewRGBA(src.Bounds())
	for y := range 515 {
		for x := range 1030 {
			rgba.Set(x, y, src.At(x, y))
		}
	}
	gray := image.NewGray(src.Bounds())
	for y := range 515 {
		for x := range 1030 {
			gray.Set(x, y, color.GrayModel.Convert(src.At(x, y)))
		}
	}
	for _, tc := range []struct {
		name string
		img  image.Image
	}{{"nrgba", src}, {"rgba", rgba}, {"ycbcr", jpg}, {"gray", gray}} {
		t.Run(tc.name, func(t *testing.T) {
			small, err := shrink(t.Context(), tc.img, 256)
			if err != nil {
				t.Fatal(err)
			}
			if max(small.w, small.h) > 256 || small.w != 2*small.h {
				t.Fatalf("size %d×%d", small.w, small.h)
			}
			ref := imaging.Resize(tc.img, small.w, small.h, imaging.Box)
			if d := madPlanes(small, ref); d > 2 {
				t.Errorf("differs from the box filter by %.2f%%", d)
			}
		})
	}
}
