package forensics

import (
	"fmt"
	"image"
	"math/rand/v2"
	"testing"

	"github.com/disintegration/imaging"
)

// The YCbCr shrink takes, for every block, the rounded mean of its Y
// samples and of the chroma under them exactly as a plain loop over the
// block does, whatever the block side (the narrow, paired and general
// summing paths), subsampling and bounds.
func TestShrinkYCbCrMeans(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, ratio := range []image.YCbCrSubsampleRatio{image.YCbCrSubsampleRatio444, image.YCbCrSubsampleRatio422,
		image.YCbCrSubsampleRatio420, image.YCbCrSubsampleRatio440, image.YCbCrSubsampleRatio411, image.YCbCrSubsampleRatio410} {
		m := image.NewYCbCr(image.Rect(0, 0, 331, 203), ratio)
		for _, p := range [][]uint8{m.Y, m.Cb, m.Cr} {
			for i := range p {
				p[i] = uint8(r.IntN(256))
			}
		}
		for _, img := range []*image.YCbCr{m, m.SubImage(image.Rect(3, 1, 330, 200)).(*image.YCbCr)} {
			for _, side := range []int{331, 166, 111, 83, 66, 42, 26, 20} { // blocks of 1, 2, 3, 4, 6, 8, 13 and 17
				t.Run(fmt.Sprintf("%v/%v/%d", ratio, img.Rect, side), func(t *testing.T) {
					got, err := shrink(t.Context(), img, side)
					if err != nil {
						t.Fatal(err)
					}
					want := blockMeansRef(img, side)
					if got.w != want.w || got.h != want.h {
						t.Fatalf("size %d×%d, want %d×%d", got.w, got.h, want.w, want.h)
					}
					for c := range got.p {
						for i, v := range got.p[c] {
							if v != want.p[c][i] {
								t.Fatalf("plane %d sample %d: %d, want %d", c, i, v, want.p[c][i])
							}
						}
					}
				})
			}
		}
	}
}

// blockMeansRef is the shrink of a YCbCr image written plainly: per block
// and sampled row, every column, chroma per covered chroma sample when the
// block side is a multiple of the subsampling and per pixel otherwise.
func blockMeansRef(m *image.YCbCr, maxSide int) *colourPlanes {
	b := m.Bounds()
	f := max(1, (max(b.Dx(), b.Dy())+maxSide-1)/maxSide)
	ow, oh := b.Dx()/f, b.Dy()/f
	rows := blockRows(f)
	hd := 1
	switch m.SubsampleRatio {
	case image.YCbCrSubsampleRatio422, image.YCbCrSubsampleRatio420:
		hd = 2
	case image.YCbCrSubsampleRatio411, image.YCbCrSubsampleRatio410:
		hd = 4
	}
	planar := f%hd == 0 && b.Min.X%hd == 0
	out := newColourPlanes(ow, oh, true)
	for oy := range oh {
		for ox := range ow {
			var sy, sb, sr, nc int
			for _, dy := range rows {
				y := b.Min.Y + oy*f + dy
				for dx := range f {
					sy += int(m.Y[m.YOffset(b.Min.X+ox*f+dx, y)])
				}
				if planar {
					c0 := m.COffset(b.Min.X+ox*f, y)
					for i := range f / hd {
						sb, sr, nc = sb+int(m.Cb[c0+i]), sr+int(m.Cr[c0+i]), nc+1
					}
					continue
				}
				for dx := range f {
					ci := m.COffset(b.Min.X+ox*f+dx, y)
					sb, sr, nc = sb+int(m.Cb[ci]), sr+int(m.Cr[ci]), nc+1
				}
			}
			ny := f * len(rows)
			i := oy*ow + ox
			out.p[0][i] = uint8((sy + ny/2) / ny)
			out.p[1][i], out.p[2][i] = uint8((sb+nc/2)/nc), uint8((sr+nc/2)/nc)
		}
	}
	return out
}

// The divider's quotient is the exact one for every count the shrink can
// use and every dividend below 2^30, near multiples of n above all.
func TestDivider(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	check := func(n, x uint32) {
		if got, want := newDivider(n).div(x), x/n; got != want {
			t.Fatalf("%d/%d = %d, want %d", x, n, got, want)
		}
	}
	for n := uint32(1); n <= 5000; n++ {
		for k := range uint32(300) {
			for _, x := range []uint32{k * n, k*n + n - 1, k*n + n/2} {
				check(n, x)
			}
		}
		check(n, 1<<30-1)
		check(n, (1<<30-1)/n*n)
		check(n, (1<<30-1)/n*n-1)
	}
	for range 200000 {
		n := uint32(r.IntN(1<<22-1)) + 1
		check(n, uint32(r.IntN(1<<30)))
	}
	check(1<<23, 1<<31) // too large for the multiplication: divided plainly
	check(7, 1<<31)
}

// Turning planes matches turning the image.
func TestTurned(t *testing.T) {
	src := halves(37, 23)
	for y := range 23 {
		for x := range 37 {
			src.Pix[src.PixOffset(x, y)+1] = uint8(x*7 + y*3)
		}
	}
	p := planesOf(src)
	for _, tc := range []struct {
		ccw int
		fn  func(image.Image) *image.NRGBA
	}{{90, imaging.Rotate90}, {180, imaging.Rotate180}, {270, imaging.Rotate270}} {
		got, want := p.turned(tc.ccw), planesOf(tc.fn(src))
		if got.w != want.w || got.h != want.h {
			t.Fatalf("%d°: size %d×%d, want %d×%d", tc.ccw, got.w, got.h, want.w, want.h)
		}
		for c := range got.p {
			for i := range got.p[c] {
				if got.p[c][i] != want.p[c][i] {
					t.Fatalf("%d°: plane %d sample %d differs", tc.ccw, c, i)
				}
			}
		}
	}
}

// The linear resampler keeps flat colour exactly flat, and stays within a
// level or two of the imaging package's linear filter, reducing and
// enlarging, by up to two (four taps) and beyond.
func TestResized(t *testing.T) {
	flat := newColourPlanes(50, 30, false)
	for c := range flat.p {
		for i := range flat.p[c] {
			flat.p[c][i] = uint8(40 * (c + 1))
		}
	}
	for _, size := range [][2]int{{31, 17}, {50, 30}, {64, 41}, {7, 3}} {
		got := flat.resized(size[0], size[1])
		for c := range got.p {
			for i, v := range got.p[c] {
				if v != uint8(40*(c+1)) {
					t.Fatalf("%v: flat plane %d sample %d became %d", size, c, i, v)
				}
			}
		}
	}
	src := quadrants(256, 192)
	r := rand.New(rand.NewPCG(1, 1))
	for i := range src.Pix {
		if i%4 != 3 {
			src.Pix[i] = uint8(int(src.Pix[i]) + r.IntN(40) - 20)
		}
	}
	p := planesOf(src)
	for _, size := range [][2]int{{160, 120}, {128, 96}, {200, 150}, {60, 100}, {100, 60}, {300, 200}} {
		got := p.resized(size[0], size[1])
		want := imaging.Resize(src, size[0], size[1], imaging.Linear)
		if d := madPlanes(got, want); d > 0.3 {
			t.Errorf("%v: mean difference from the imaging package %.3f%%", size, d)
		}
		for c := range got.p {
			for i, v := range got.p[c] {
				w := want.Pix[4*i+c]
				if v > w+2 || w > v+2 {
					t.Fatalf("%v: plane %d sample %d is %d, the imaging package %d", size, c, i, v, w)
				}
			}
		}
	}
}

// A thumbnail converted directly has the colour the imaging package gives
// it, whatever its subsampling and bounds.
func TestToNRGBA(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 9))
	var imgs []image.Image
	for _, ratio := range []image.YCbCrSubsampleRatio{image.YCbCrSubsampleRatio444, image.YCbCrSubsampleRatio422,
		image.YCbCrSubsampleRatio420, image.YCbCrSubsampleRatio440, image.YCbCrSubsampleRatio411, image.YCbCrSubsampleRatio410} {
		m := image.NewYCbCr(image.Rect(0, 0, 45, 29), ratio)
		for _, p := range [][]uint8{m.Y, m.Cb, m.Cr} {
			for i := range p {
				p[i] = uint8(r.IntN(256))
			}
		}
		imgs = append(imgs, m, m.SubImage(image.Rect(3, 1, 44, 28)))
	}
	g := image.NewGray(image.Rect(2, 3, 30, 20))
	for i := range g.Pix {
		g.Pix[i] = uint8(r.IntN(256))
	}
	imgs = append(imgs, g)
	for _, img := range imgs {
		got, want := toNRGBA(img), imaging.Clone(img)
		if got.Rect != want.Rect {
			t.Fatalf("%T %v: bounds %v, want %v", img, img.Bounds(), got.Rect, want.Rect)
		}
		for i := range want.Pix {
			if got.Pix[i] != want.Pix[i] {
				t.Fatalf("%T %v: byte %d is %d, want %d", img, img.Bounds(), i, got.Pix[i], want.Pix[i])
			}
		}
	}
}
