package watermark

import (
	"context"
	"errors"
	"image"
	"image/color"
	"image/draw"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/provcheck/provcheck/detectors"
	"github.com/provcheck/provcheck/detectors/internal/pixel"
	"github.com/provcheck/provcheck/reports"
)

func payloadByName(t testing.TB, name string) *payload {
	t.Helper()
	for i := range payloads {
		if payloads[i].Name == name {
			return &payloads[i]
		}
	}
	t.Fatalf("no payload %q", name)
	return nil
}

func TestDecodeEmbedded(t *testing.T) {
	tests := []struct {
		payload     string
		w, h        int
		opts        embedOpts
		colourOrder string
		arithmetic  string
		minBits     int
	}{
		{"sd1", 512, 512, embedOpts{}, "bgr", "uint8", 134},
		{"sd1", 333, 271, embedOpts{}, "bgr", "uint8", 130},
		{"sd2", 300, 260, embedOpts{}, "bgr", "uint8", 31},
		{"sd2", 4096, 20, embedOpts{}, "bgr", "uint8", 31}, // a strip: enough pixels, two block rows
		{"sdxl", 257, 263, embedOpts{}, "bgr", "uint8", 46},
		{"invokeai", 410, 290, embedOpts{}, "bgr", "uint8", 62},
		// diffusers before its fix: RGB handed to a BGR API.
		{"sdxl", 384, 320, embedOpts{Swap: true}, "rgb", "uint8", 46},
		{"sd1", 333, 271, embedOpts{Swap: true}, "rgb", "uint8", 130},
		// Stability's float32 path on content whose U is negative in
		// float: only the float reading recovers it.
		{"sdxl", 384, 384, embedOpts{Float: true}, "bgr", "float", 47},
		{"sdxl", 301, 299, embedOpts{Float: true, Swap: true}, "rgb", "float", 47},
		{"invokeai", 271, 333, embedOpts{Float: true}, "bgr", "float", 62},
	}
	for _, tc := range tests {
		pl := payloadByName(t, tc.payload)
		src := photo(tc.w, tc.h, uint64(tc.w))
		if tc.opts.Float {
			src = warmPhoto(tc.w, tc.h, uint64(tc.h), tc.opts.Swap)
		}
		img := embed(src, pl.Bits, tc.opts)
		ms, err := decode(t.Context(), img)
		if err != nil {
			t.Fatal(err)
		}
		if len(ms) != 1 {
			t.Errorf("%s %dx%d %+v: %d matches %v, want exactly %s", tc.payload, tc.w, tc.h, tc.opts, len(ms), names(ms), tc.payload)
			continue
		}
		m := ms[0]
		if m.payload.Name != tc.payload || m.variant.colourOrder() != tc.colourOrder || m.variant.arithmetic() != tc.arithmetic {
			t.Errorf("%s %dx%d %+v: got %s %s/%s", tc.payload, tc.w, tc.h, tc.opts, m.payload.Name, m.variant.colourOrder(), m.variant.arithmetic())
		}
		if m.matched < tc.minBits || m.p > maxFamilyP {
			t.Errorf("%s %dx%d %+v: %d/%d bits, p=%g; want ≥ %d", tc.payload, tc.w, tc.h, tc.opts, m.matched, len(pl.Bits), m.p, tc.minBits)
		}
	}
}

func names(ms []match) []string {
	var out []string
	for _, m := range ms {
		out = append(out, m.payload.Name)
	}
	return out
}

// An embedded image read through every pixel layout a decoder hands us
// decodes the same, including a sub-image whose bounds do not start at 0.
func TestPixelLayouts(t *testing.T) {
	src := embed(photo(300, 280, 3), payloadByName(t, "sd1").Bits, embedOpts{})
	b := src.Bounds()
	rgba := image.NewRGBA(b)
	draw.Draw(rgba, b, src, b.Min, draw.Src)
	n64 := image.NewNRGBA64(b)
	draw.Draw(n64, b, src, b.Min, draw.Src)
	r64 := image.NewRGBA64(b)
	draw.Draw(r64, b, src, b.Min, draw.Src)
	big := image.NewNRGBA(image.Rect(0, 0, 340, 300))
	draw.Draw(big, image.Rect(17, 9, 317, 289), src, b.Min, draw.Src)
	sub := big.SubImage(image.Rect(17, 9, 317, 289))
	for _, tc := range []struct {
		name string
		img  image.Image
	}{
		{"NRGBA", src}, {"RGBA", rgba}, {"NRGBA64", n64}, {"RGBA64 via At", r64}, {"sub-image", sub},
	} {
		ms, err := decode(t.Context(), tc.img)
		if err != nil {
			t.Fatal(err)
		}
		if len(ms) != 1 || ms[0].payload.Name != "sd1" || ms[0].matched < 120 {
			t.Errorf("%s: got %v", tc.name, ms)
		}
	}
}

// Nothing without a mark is called marked: noise, unmarked content, flat
// colour, grey, and marked images too small for the reference decoder.
func TestNoFalseMatch(t *testing.T) {
	gray := image.NewGray(image.Rect(0, 0, 400, 400))
	for i := range gray.Pix {
		gray.Pix[i] = uint8(i * 7)
	}
	flat := image.NewNRGBA(image.Rect(0, 0, 300, 300))
	draw.Draw(flat, flat.Bounds(), image.NewUniform(color.NRGBA{200, 30, 90, 255}), image.Point{}, draw.Src)
	white := image.NewRGBA(image.Rect(0, 0, 512, 512))
	draw.Draw(white, white.Bounds(), image.White, image.Point{}, draw.Src)
	small := embed(photo(255, 256, 5), payloadByName(t, "sd1").Bits, embedOpts{})
	// Marked with every payload in turn at a period none of them has.
	mixed := embed(photo(400, 400, 8), bytesToBits([]byte("provcheck!")), embedOpts{})
	cases := map[string]image.Image{
		"gray": gray, "flat colour": flat, "white": white, "255x256 marked": small, "other payload": mixed,
	}
	for seed := range uint64(6) {
		cases["noise "+string(rune('a'+seed))] = noise(256+int(seed)*37, 256+int(seed)*13, seed)
		cases["photo "+string(rune('a'+seed))] = photo(300+int(seed)*11, 260+int(seed)*29, seed+100)
	}
	for name, img := range cases {
		ms, err := decode(t.Context(), img)
		if err != nil {
			t.Fatal(err)
		}
		if len(ms) != 0 {
			t.Errorf("%s: false match %v (%d bits, p=%g)", name, names(ms), ms[0].matched, ms[0].p)
		}
	}
}

func TestBinomialTail(t *testing.T) {
	// One-variant tails quoted in the reference notes (§3.5).
	tests := []struct {
		n, k int
		want float64
	}{
		{48, 34, 2.8e-3}, {48, 36, 3.6e-4}, {136, 100, 1.9e-8}, {32, 27, 5.7e-5}, {64, 52, 2.3e-7},
		{48, 0, 1}, {48, 49, 0}, {1, 1, 0.5}, {32, 32, math.Pow(2, -32)},
	}
	for _, tc := range tests {
		got := binomialTail(tc.n, tc.k)
		if tc.want == 0 && got != 0 || tc.want != 0 && math.Abs(got-tc.want)/tc.want > 0.05 {
			t.Errorf("binomialTail(%d, %d) = %g, want %g", tc.n, tc.k, got, tc.want)
		}
	}
	// The thresholds the doc comment of maxFamilyP promises.
	for n, k := range map[int]int{32: 31, 48: 42, 64: 53, 136: 99} {
		if binomialTail(n, k)*comparisons > maxFamilyP || binomialTail(n, k-1)*comparisons <= maxFamilyP {
			t.Errorf("threshold for %d bits is not %d", n, k)
		}
	}
}

func TestMod36(t *testing.T) {
	for _, x := range []float64{0, 17.999999999999996, 18, 18.000000000000004, 35.99999999999999, 36, 36.00000000000001,
		54, 71.99999999999999, 72, 360.5, 509.99999999999994, 1e6 + 0.25, math.Nextafter(108, 0)} {
		if got, want := mod36(x), math.Mod(x, 36); got != want {
			t.Errorf("mod36(%v) = %v, math.Mod = %v", x, got, want)
		}
	}
	for i := range 200000 {
		x := float64(i) * 0.00257 * haarC
		if got, want := mod36(x), math.Mod(x, 36); got != want {
			t.Fatalf("mod36(%v) = %v, math.Mod = %v", x, got, want)
		}
	}
}

func TestBitsForTieIsOne(t *testing.T) {
	vs := &votes{blocks: 4, v: [len(variants)][]uint8{{1, 0, 0, 0}, {1, 0, 0, 0}, {0, 0, 0, 0}, {1, 1, 1, 1}}}
	bits, ok := bitsFor(vs.tally(), 2)
	if !ok || bits[0][0] != 1 || bits[0][1] != 0 || bits[2][0] != 0 || bits[3][1] != 1 {
		t.Errorf("got %v %v, want [1 0] in the first variant", bits, ok)
	}
	if _, ok := bitsFor(vs.tally()[:1], 2); ok {
		t.Error("a bit without votes must not decode")
	}
}

// The packed tally counts as votes counted one variant at a time do,
// across the periodic emptying of its lanes (a period of one bit fills a
// lane in 0xffff blocks).
func TestBitsForTally(t *testing.T) {
	r := rand.New(rand.NewPCG(2, 3))
	for _, tc := range []struct{ blocks, n, bias int }{{16384, 136, 2}, {4101, 48, 3}, {200000, 1, 2}, {200000, 1, 1000}, {150000, 3, 2}} {
		vs := &votes{blocks: tc.blocks}
		for vi := range vs.v {
			vs.v[vi] = make([]uint8, tc.blocks)
			for k := range vs.v[vi] {
				if r.IntN(tc.bias) != 0 { // with a large bias, enough ones to overflow an unemptied lane
					vs.v[vi][k] = 1
				}
			}
		}
		bits, ok := bitsFor(vs.tally(), tc.n)
		if !ok {
			t.Fatalf("%+v: not ok", tc)
		}
		for vi := range vs.v {
			ones, count := make([]int, tc.n), make([]int, tc.n)
			for k, v := range vs.v[vi] {
				ones[k%tc.n] += int(v)
				count[k%tc.n]++
			}
			for i := range tc.n {
				want := uint8(0)
				if float64(ones[i])/float64(count[i])*255 > 127 {
					want = 1
				}
				if bits[vi][i] != want {
					t.Fatalf("%+v: variant %d bit %d is %d, want %d", tc, vi, i, bits[vi][i], want)
				}
			}
		}
	}
}

// The 8-bit U follows OpenCV's integer BGR→YUV (shift 14), spot-checked
// against values worked out by hand.
func TestIntegerU(t *testing.T) {
	for _, tc := range []struct{ r, g, b, u int }{
		{0, 0, 0, 128}, {255, 255, 255, 128}, {0, 0, 255, 239}, {255, 255, 0, 17}, {10, 200, 30, 82},
	} {
		y := (1868*tc.b + 9617*tc.g + 4899*tc.r + 1<<13) >> 14
		want := clamp8(((tc.b-y)*8061 + 128<<14 + 1<<13) >> 14)
		if got := int(uOfDiff[tc.b-y+255]); got != want || got != tc.u {
			t.Errorf("U(%d,%d,%d) = %d, formula %d, want %d", tc.r, tc.g, tc.b, got, want, tc.u)
		}
	}
}

func TestRun(t *testing.T) {
	img := embed(photo(320, 320, 9), payloadByName(t, "invokeai").Bits, embedOpts{})
	var got []reports.Signal
	p := &detectors.Pass{
		Image:  func() (image.Image, error) { return img, nil },
		Report: func(s reports.Signal) { got = append(got, s) },
		Warn:   func(string, string) {},
	}
	if err := run(t.Context(), p); err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 {
		t.Fatalf("got %d signals, want 1", len(got))
	}
	s := got[0]
	if s.ID != "watermark.invokeai" || s.Direction != reports.DirAI || s.Strength != reports.StrengthDeclared || s.Verified {
		t.Errorf("signal %+v", s)
	}
	for _, k := range []string{"payload", "bitsMatched", "bits", "pValue", "colourOrder", "variant"} {
		if _, ok := s.Evidence[k]; !ok {
			t.Errorf("evidence lacks %q: %v", k, s.Evidence)
		}
	}
	if s.Evidence["payload"] != "InvokeAI" || s.Evidence["bits"] != 64 || s.Explanation == "" {
		t.Errorf("evidence %v", s.Evidence)
	}

	// No pixels is no evidence, not a failure.
	got = nil
	p.Image = func() (image.Image, error) { return nil, errors.New("pixels: too large") }
	if err := run(t.Context(), p); err != nil || len(got) != 0 {
		t.Errorf("without pixels: err %v, signals %v", err, got)
	}
}

func TestCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := decode(ctx, photo(1024, 1024, 1)); err == nil {
		t.Error("a cancelled decode must return the context's error")
	}
}

// The inlined YCbCr conversion agrees with the standard library on every
// input and every subsampling, through odd bounds.
func TestYCbCrRows(t *testing.T) {
	for y := 0; y < 256; y += 3 {
		for cb := 0; cb < 256; cb += 5 {
			for cr := 0; cr < 256; cr += 7 {
				r0, g0, b0 := color.YCbCrToRGB(uint8(y), uint8(cb), uint8(cr))
				r1, g1, b1 := pixel.YCbCrToRGB(uint8(y), uint8(cb), uint8(cr))
				if r0 != r1 || g0 != g1 || b0 != b1 {
					t.Fatalf("YCbCr(%d,%d,%d): %d,%d,%d want %d,%d,%d", y, cb, cr, r1, g1, b1, r0, g0, b0)
				}
			}
		}
	}
	for _, ratio := range []image.YCbCrSubsampleRatio{image.YCbCrSubsampleRatio444, image.YCbCrSubsampleRatio422,
		image.YCbCrSubsampleRatio420, image.YCbCrSubsampleRatio440, image.YCbCrSubsampleRatio411, image.YCbCrSubsampleRatio410} {
		m := image.NewYCbCr(image.Rect(3, 1, 40, 30), ratio)
		for i := range m.Y {
			m.Y[i] = uint8(i * 7)
		}
		for i := range m.Cb {
			m.Cb[i], m.Cr[i] = uint8(i*13), uint8(i*29)
		}
		sub := m.SubImage(image.Rect(5, 2, 38, 29)).(*image.YCbCr)
		b := sub.Bounds()
		row := rowsOf(sub)
		buf := make([]byte, 4*b.Dx())
		for y := range b.Dy() {
			px := row(y, buf)
			for x := range b.Dx() {
				c := color.RGBAModel.Convert(sub.At(b.Min.X+x, b.Min.Y+y)).(color.RGBA)
				if px[4*x] != c.R || px[4*x+1] != c.G || px[4*x+2] != c.B {
					t.Fatalf("%v (%d,%d): %v, want %v", ratio, x, y, px[4*x:4*x+3], c)
				}
			}
		}
	}
}

// A marked image stored as 4:2:0 YCbCr (a JPEG's layout, before any
// quantisation) still decodes through the cell reader.
func TestYCbCrDecode(t *testing.T) {
	src := embed(photo(320, 288, 12), payloadByName(t, "sd1").Bits, embedOpts{})
	b := src.Bounds()
	m := image.NewYCbCr(b, image.YCbCrSubsampleRatio420)
	for y := range b.Dy() {
		for x := range b.Dx() {
			c := src.NRGBAAt(x, y)
			yy, _, _ := color.RGBToYCbCr(c.R, c.G, c.B)
			m.Y[m.YOffset(x, y)] = yy
		}
	}
	for y := 0; y < b.Dy(); y += 2 {
		for x := 0; x < b.Dx(); x += 2 {
			var cbs, crs int
			for _, q := range [4][2]int{{x, y}, {x + 1, y}, {x, y + 1}, {x + 1, y + 1}} {
				c := src.NRGBAAt(q[0], q[1])
				_, cb, cr := color.RGBToYCbCr(c.R, c.G, c.B)
				cbs, crs = cbs+int(cb), crs+int(cr)
			}
			ci := m.COffset(x, y)
			m.Cb[ci], m.Cr[ci] = uint8((cbs+2)/4), uint8((crs+2)/4)
		}
	}
	ms, err := decode(t.Context(), m)
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) != 1 || ms[0].payload.Name != "sd1" || ms[0].matched < 110 {
		t.Fatalf("got %v", ms)
	}
	t.Logf("4:2:0: %d/136 bits", ms[0].matched)
}
