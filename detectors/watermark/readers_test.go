package watermark

import (
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"math/rand/v2"
	"testing"
)

// The integer readers vote exactly as the float band rows they replaced
// (the reference readers in the _ref_test files), block for block and in
// every variant: on marked and unmarked content, saturated colour (where
// the YCbCr conversion clamps), every chroma subsampling, and bounds that
// do not start at the origin or on an even coordinate.
func TestReadersMatchReference(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	var cases []struct {
		name string
		img  image.Image
	}
	add := func(name string, img image.Image) {
		cases = append(cases, struct {
			name string
			img  image.Image
		}{name, img})
	}
	marked := embed(photo(320, 288, 4), payloadByName(t, "sd1").Bits, embedOpts{})
	warm := embed(warmPhoto(288, 296, 5, false), payloadByName(t, "sdxl").Bits, embedOpts{Float: true})
	saturated := image.NewNRGBA(image.Rect(0, 0, 264, 272))
	for i := range saturated.Pix {
		saturated.Pix[i] = []uint8{0, 255, uint8(r.IntN(256))}[r.IntN(3)]
	}
	for _, src := range []struct {
		name string
		img  *image.NRGBA
	}{{"marked", marked}, {"warm", warm}, {"noise", noise(270, 262, 9)}, {"saturated", saturated}} {
		add(src.name+"/NRGBA", src.img)
		translucent := image.NewRGBA(src.img.Bounds())
		draw.Draw(translucent, translucent.Bounds(), src.img, src.img.Bounds().Min, draw.Src)
		for i := 3; i < len(translucent.Pix); i += 4 * 7 {
			translucent.Pix[i] = uint8(r.IntN(256)) // and colour above alpha: unpremultiply clamps
		}
		add(src.name+"/RGBA", translucent)
		for _, ratio := range []image.YCbCrSubsampleRatio{image.YCbCrSubsampleRatio444, image.YCbCrSubsampleRatio422,
			image.YCbCrSubsampleRatio420, image.YCbCrSubsampleRatio440, image.YCbCrSubsampleRatio411, image.YCbCrSubsampleRatio410} {
			m := toYCbCr(src.img, ratio)
			add(fmt.Sprintf("%s/%v", src.name, ratio), m)
			sub := m.SubImage(image.Rect(1, 3, m.Rect.Max.X-1, m.Rect.Max.Y-2)).(*image.YCbCr)
			add(fmt.Sprintf("%s/%v/odd sub-image", src.name, ratio), sub)
			even := m.SubImage(image.Rect(2, 4, m.Rect.Max.X, m.Rect.Max.Y)).(*image.YCbCr)
			add(fmt.Sprintf("%s/%v/even sub-image", src.name, ratio), even)
		}
	}
	for _, tc := range cases {
		b := tc.img.Bounds()
		got, err := readVotes(t.Context(), tc.img)
		if err != nil {
			t.Fatal(err)
		}
		band := pixelBand(rowsOf(tc.img), b.Dx())
		if m, ok := tc.img.(*image.YCbCr); ok {
			band = refCellBand(m)
		}
		want, err := decodeVotes(t.Context(), band, b.Dx(), b.Dy())
		if err != nil {
			t.Fatal(err)
		}
		if got.blocks != want.blocks || got.blocks == 0 {
			t.Fatalf("%s: %d blocks, want %d", tc.name, got.blocks, want.blocks)
		}
		for vi := range variants {
			for k := range want.v[vi] {
				if got.v[vi][k] != want.v[vi][k] {
					t.Fatalf("%s: variant %+v block %d votes %d, want %d", tc.name, variants[vi], k, got.v[vi][k], want.v[vi][k])
				}
			}
		}
	}
}

// toYCbCr converts an image to YCbCr with the given subsampling, chroma
// averaged over the pixels that share a sample, as an encoder does.
func toYCbCr(src *image.NRGBA, ratio image.YCbCrSubsampleRatio) *image.YCbCr {
	b := src.Bounds()
	m := image.NewYCbCr(b, ratio)
	sums := make(map[int][3]int)
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			c := src.NRGBAAt(x, y)
			yy, cb, cr := color.RGBToYCbCr(c.R, c.G, c.B)
			m.Y[m.YOffset(x, y)] = yy
			ci := m.COffset(x, y)
			s := sums[ci]
			sums[ci] = [3]int{s[0] + int(cb), s[1] + int(cr), s[2] + 1}
		}
	}
	for ci, s := range sums {
		m.Cb[ci], m.Cr[ci] = uint8((s[0]+s[2]/2)/s[2]), uint8((s[1]+s[2]/2)/s[2])
	}
	return m
}

// The cell tables agree with the arithmetic they stand for.
func TestCellTables(t *testing.T) {
	for v := range 256 {
		// Both halves of the packed luma, alone and summed.
		for _, o := range []int{0, 255, 17} {
			l := lumaB[v] + lumaG[o] + lumaR[255-o]
			if got, want := int(uint32(l)>>14), (1868*v+9617*o+4899*(255-o)+1<<13)>>14; got != want {
				t.Fatalf("BGR luma of %d,%d,%d: %d, want %d", 255-o, o, v, got, want)
			}
			if got, want := int(l>>46), (4899*v+9617*o+1868*(255-o)+1<<13)>>14; got != want {
				t.Fatalf("RGB luma of %d,%d,%d: %d, want %d", 255-o, o, v, got, want)
			}
		}
		s := 4 * int64(v)
		if numSelf[v]-numG[v]-numOther[v] != floatNum(s, s, s) {
			t.Fatalf("numerator terms of %d", v)
		}
	}
	// floatBand of an exact numerator is the float reading's value.
	for _, c := range [][3]int64{{0, 0, 0}, {1020, 0, 0}, {0, 1020, 0}, {0, 0, 1020}, {17, 900, 512}, {1020, 1020, 1020}} {
		fb, fg, fr := float64(c[0]), float64(c[1]), float64(c[2])
		want := 0.5 * (kU*(fb-(kB*fb+kG*fg+kR*fr)) + 2)
		if got := floatBand(floatNum(c[0], c[1], c[2])); got != want {
			t.Errorf("floatBand%v = %v, want %v", c, got, want)
		}
	}
}
