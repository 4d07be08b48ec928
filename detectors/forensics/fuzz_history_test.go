package forensics

import (
	"image"
	"image/color"
	"math/rand/v2"
	"testing"

	"github.com/provcheck/provcheck/detectors/jpegtables"
)

// maxFuzzPixels bounds the pictures the fuzz target draws, so a huge thin
// one stays quick.
const maxFuzzPixels = 1 << 18

// fuzzImage draws a w×h picture (shrunk to maxFuzzPixels) of one of the
// decoders' types, or a sub-image whose bounds do not start at zero, with
// random samples.
func fuzzImage(w, h int, kind uint8, seed uint64) image.Image {
	w, h = max(1, w), max(1, h)
	if w*h > maxFuzzPixels {
		h = max(1, maxFuzzPixels/w)
		w = min(w, maxFuzzPixels)
	}
	r := rand.New(rand.NewPCG(seed, uint64(kind)))
	fill := func(p []uint8) {
		for i := range p {
			p[i] = uint8(r.Uint32())
		}
	}
	rect := image.Rect(0, 0, w, h)
	ratios := []image.YCbCrSubsampleRatio{image.YCbCrSubsampleRatio444, image.YCbCrSubsampleRatio422,
		image.YCbCrSubsampleRatio420, image.YCbCrSubsampleRatio440, image.YCbCrSubsampleRatio411, image.YCbCrSubsampleRatio410}
	switch kind % 10 {
	case 0:
		m := image.NewYCbCr(rect, ratios[int(seed%uint64(len(ratios)))])
		fill(m.Y)
		fill(m.Cb)
		fill(m.Cr)
		return m
	case 1:
		m := image.NewNYCbCrA(rect, image.YCbCrSubsampleRatio420)
		fill(m.Y)
		fill(m.A)
		return m
	case 2:
		m := image.NewGray(rect)
		fill(m.Pix)
		return m
	case 3:
		m := image.NewGray16(rect)
		fill(m.Pix)
		return m
	case 4:
		m := image.NewRGBA(rect)
		fill(m.Pix)
		return m
	case 5:
		m := image.NewPaletted(rect, color.Palette{color.Black, color.White, color.RGBA{200, 10, 10, 255}})
		for i := range m.Pix {
			m.Pix[i] = uint8(r.IntN(3))
		}
		return m
	case 6:
		m := image.NewCMYK(rect)
		fill(m.Pix)
		return m
	case 7: // a sub-image: bounds start away from zero
		m := image.NewYCbCr(image.Rect(0, 0, w+9, h+5), image.YCbCrSubsampleRatio420)
		fill(m.Y)
		return m.SubImage(image.Rect(9, 5, w+9, h+5))
	case 8:
		m := image.NewNRGBA(image.Rect(0, 0, w+3, h+7))
		fill(m.Pix)
		return m.SubImage(image.Rect(3, 7, w+3, h+7))
	}
	m := image.NewNRGBA(rect)
	fill(m.Pix)
	return m
}

// runHistory runs every pixel-history method on img with the given luma
// steps and checks what each returns stays in its bounds.
func runHistory(t *testing.T, img image.Image, table *[64]uint16) {
	t.Helper()
	if pix, stride, w, h, ok := lumaPlane(img); ok {
		s, err := collectDQ(t.Context(), pix, stride, w, h, table)
		if err != nil {
			t.Fatal(err)
		}
		if s.blocks+s.clipped > dqMaxBlocks {
			t.Fatalf("%d blocks read", s.blocks+s.clipped)
		}
		analyseDQ(s, jpegtables.IJGLuma)
	}
	g, err := jpegGrid(t.Context(), img)
	if err != nil {
		t.Fatal(err)
	}
	for axis := range 2 {
		if g.phase[axis] < 0 || g.phase[axis] > 7 || g.cropOffset(axis) < 0 || g.cropOffset(axis) > 7 {
			t.Fatalf("grid phase %v", g.phase)
		}
	}
	c, err := demosaicTraces(t.Context(), img)
	if err != nil {
		t.Fatal(err)
	}
	if c.agree < 0 || c.agree > 1 {
		t.Fatalf("agreement %v", c.agree)
	}
	s, err := spectralPeaks(t.Context(), img)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.peaks) > specMaxPeaks || s.found != (len(s.peaks) > 0 && s.residual >= specMinResidual) {
		t.Fatalf("spectral result %+v", s)
	}
}

// Odd sizes and every decoder type: no method panics or reads outside the
// picture.
func TestHistoryOddSizes(t *testing.T) {
	sizes := [][2]int{{1, 1}, {7, 9}, {8, 8}, {9, 7}, {33, 2}, {64, 64}, {129, 131}, {130, 130}, {261, 259},
		{1, 100000}, {100000, 1}, {3, 60000}, {60000, 5}}
	q := jpegtables.IJGLuma(90)
	for _, sz := range sizes {
		for kind := range uint8(10) {
			runHistory(t, fuzzImage(sz[0], sz[1], kind, uint64(sz[0]*31+sz[1])), &q)
		}
	}
}

// FuzzPixelHistory draws pictures of any size and type, with any luma
// table (zero steps included), through every pixel-history method.
func FuzzPixelHistory(f *testing.F) {
	f.Add(uint32(1), uint32(1), uint8(0), uint64(1), []byte{})
	f.Add(uint32(7), uint32(9), uint8(2), uint64(2), []byte{0, 1, 2})
	f.Add(uint32(300), uint32(280), uint8(4), uint64(3), []byte{16, 11, 10, 16, 24, 40})
	f.Add(uint32(100000), uint32(2), uint8(7), uint64(4), []byte{1})
	f.Add(uint32(2), uint32(70000), uint8(9), uint64(5), []byte{255, 0})
	f.Fuzz(func(t *testing.T, w, h uint32, kind uint8, seed uint64, steps []byte) {
		var table [64]uint16
		for i := range table {
			table[i] = 1
			if i < len(steps) {
				table[i] = uint16(steps[i]) // zero steps too
			}
		}
		runHistory(t, fuzzImage(int(w%(1<<17)), int(h%(1<<17)), kind, seed), &table)
	})
}
