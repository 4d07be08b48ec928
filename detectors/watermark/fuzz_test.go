package watermark

import (
	"image"
	"image/color"
	"testing"
)

// fuzzImage builds a small image from fuzz input: the first bytes choose
// the layout and an odd size around the reference's 256×256 floor, the
// rest are the pixels, repeated.
func fuzzImage(data []byte) image.Image {
	if len(data) < 4 {
		return nil
	}
	kind := data[0] % 7
	w := 200 + int(data[1])%100
	h := 200 + int(data[2])%100
	if data[3]&1 != 0 { // a strip: enough pixels, few block rows
		w, h = 2200+int(data[1]), 1+int(data[2])%30
	}
	px := data[4:]
	if len(px) == 0 {
		px = []byte{0}
	}
	fill := func(b []byte) {
		for i := range b {
			b[i] = px[i%len(px)]
		}
	}
	r := image.Rect(3, 5, 3+w, 5+h) // bounds not at the origin
	switch kind {
	case 0:
		m := image.NewNRGBA(r)
		fill(m.Pix)
		return m
	case 1:
		m := image.NewRGBA(r)
		fill(m.Pix)
		return m
	case 2:
		m := image.NewNRGBA64(r)
		fill(m.Pix)
		return m
	case 3:
		m := image.NewYCbCr(r, image.YCbCrSubsampleRatio420)
		fill(m.Y)
		fill(m.Cb)
		fill(m.Cr)
		return m
	case 4:
		m := image.NewPaletted(r, color.Palette{color.Black, color.RGBA{200, 10, 40, 255}, color.NRGBA{1, 2, 3, 4}})
		fill(m.Pix) // indices beyond the palette too
		return m
	case 5:
		m := image.NewGray(r)
		fill(m.Pix)
		return m
	}
	m := image.NewCMYK(r) // the generic path
	fill(m.Pix)
	return m
}

func FuzzWatermark(f *testing.F) {
	f.Add([]byte{0, 60, 60, 0, 1, 2, 3, 255})
	f.Add([]byte{1, 56, 56, 0, 128, 128, 128, 255})
	f.Add([]byte{2, 7, 9, 1, 9, 200, 3})
	f.Add([]byte{3, 119, 3, 2, 0xff})
	f.Add([]byte{4, 100, 100, 0, 0, 1, 2, 3, 4, 5})
	f.Add([]byte{6, 80, 90, 0, 10, 20, 30, 40, 50})
	f.Fuzz(func(t *testing.T, data []byte) {
		img := fuzzImage(data)
		if img == nil {
			return
		}
		ms, err := decode(t.Context(), img)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range ms {
			if m.p > maxFamilyP || m.matched > len(m.payload.Bits) {
				t.Fatalf("reported match %+v", m)
			}
		}
	})
}
