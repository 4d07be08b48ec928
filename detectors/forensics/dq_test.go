package forensics

import (
	"math"
	"testing"

	"github.com/provcheck/provcheck/detectors/jpegtables"
	"github.com/provcheck/provcheck/provenance/container"
)

// dqOf runs the double-compression test on a JPEG as the detector does.
func dqOf(t *testing.T, data []byte) dqResult {
	t.Helper()
	inv, err := container.Walk(t.Context(), data, container.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	table, ok := jpegtables.LumaTable(inv, data)
	if !ok {
		t.Fatal("no luma table")
	}
	pix, stride, w, h, ok := lumaPlane(decode(t, data))
	if !ok {
		t.Fatal("no luminance plane")
	}
	r, err := doubleCompression(t.Context(), pix, stride, w, h, &table.Q)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestDoubleCompression(t *testing.T) {
	img := scene(512, 384, 1)
	tests := []struct {
		name    string
		saves   []int // qualities, first save first
		doubled bool
	}{
		{"once at 75", []int{75}, false},
		{"once at 90", []int{90}, false},
		{"once at 95", []int{95}, false},
		{"50 then 90", []int{50, 90}, true},
		{"60 then 90", []int{60, 90}, true},
		{"75 then 90", []int{75, 90}, true},
		{"80 then 95", []int{80, 95}, true},
		// A second save at a lower quality leaves no gaps: not detected,
		// as the package documents.
		{"95 then 80", []int{95, 80}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			data := encodeJPEG(t, img, tc.saves[0])
			for _, q := range tc.saves[1:] {
				data = resave(t, data, q)
			}
			r := dqOf(t, data)
			if !r.applicable || r.blocks < 500 {
				t.Fatalf("test not applied: %+v", r)
			}
			if r.doubled != tc.doubled {
				t.Fatalf("doubled %v, want %v (pooled z %.1f, amplitude %.2f, %d of %d frequencies fit)",
					r.doubled, tc.doubled, r.ijg.z(), r.ijg.beta(), r.fitting, r.positions)
			}
			if !tc.doubled {
				if r.prevQuality != 0 {
					t.Errorf("previous quality %d on a single save", r.prevQuality)
				}
				return
			}
			if q1 := tc.saves[0]; r.prevQuality != 0 && math.Abs(float64(r.prevQuality-q1)) > 5 {
				t.Errorf("previous quality %d, want %d±5", r.prevQuality, q1)
			}
		})
	}
}

// The previous quality is recovered when the pooled fit decides.
func TestPreviousQuality(t *testing.T) {
	img := scene(512, 384, 2)
	for _, q1 := range []int{60, 70, 80} {
		r := dqOf(t, resave(t, encodeJPEG(t, img, q1), 95))
		if !r.doubled || r.prevQuality < q1-5 || r.prevQuality > q1+5 {
			t.Errorf("%d then 95: doubled %v, previous quality %d", q1, r.doubled, r.prevQuality)
		}
	}
}

// A table that does not describe the pixels (here a coarser one than the
// file's) puts the coefficients off its lattice: the test declines.
func TestDQWrongTable(t *testing.T) {
	data := encodeJPEG(t, scene(256, 256, 3), 90)
	pix, stride, w, h, _ := lumaPlane(decode(t, data))
	wrong := jpegtables.IJGLuma(50)
	s, err := collectDQ(t.Context(), pix, stride, w, h, &wrong)
	if err != nil {
		t.Fatal(err)
	}
	if r := analyseDQ(s, jpegtables.IJGLuma); r.applicable || r.doubled {
		t.Errorf("wrong table: %+v", r)
	}
}

// blockDCT agrees with the DCT written out from its definition.
func TestBlockDCT(t *testing.T) {
	img := scene(8, 8, 4)
	pix := make([]uint8, 64)
	readPlane(img, img.Rect, chLuma, pix)
	var got [dqPositions]float64
	if !blockDCT(pix, 8, &got) {
		t.Fatal("block reported clipped")
	}
	for k, nat := range dqNatural {
		u, v := nat%8, nat/8 // column and row frequency
		var want float64
		for y := range 8 {
			for x := range 8 {
				want += float64(pix[y*8+x]) *
					math.Cos(float64(2*x+1)*float64(u)*math.Pi/16) * math.Cos(float64(2*y+1)*float64(v)*math.Pi/16)
			}
		}
		cu, cv := 1.0, 1.0
		if u == 0 {
			cu = math.Sqrt2 / 2
		}
		if v == 0 {
			cv = math.Sqrt2 / 2
		}
		want *= cu * cv / 4
		if math.Abs(got[k]-want) > 1e-9 {
			t.Errorf("coefficient (%d,%d): %v, want %v", v, u, got[k], want)
		}
	}
	pix[9] = 255
	if blockDCT(pix, 8, &got) {
		t.Error("a clipped block was used")
	}
}

// fitStep finds a first step on a histogram built from the model itself
// and nothing on a smooth one.
func TestFitStep(t *testing.T) {
	cdf := newCDFTable(0.5)
	var smooth, doubled [dqV + 1]float64
	for a := 1; a <= dqV; a++ {
		smooth[a] = math.Round(3000 * math.Exp(-float64(a)/8))
	}
	// Laplacian coefficients quantised with step 7, then 3.
	for c := 1; c <= 200; c++ {
		v := int(math.Round(float64(7*c) / 3))
		if v <= dqV {
			doubled[v] += math.Round(3000 * 7 / 3 * math.Exp(-float64(7*c)/24))
		}
	}
	if f := fitStep(&doubled, 7, 3, cdf); f.z() < 10 || !f.plausible() {
		t.Errorf("7 then 3: z %.1f amplitude %.2f contrast %.2f", f.z(), f.beta(), f.contrast())
	}
	for q1 := 1; q1 <= 30; q1++ {
		if f := fitStep(&smooth, q1, 3, cdf); f.z() > 3 && f.plausible() {
			t.Errorf("smooth histogram fits step %d: z %.1f", q1, f.z())
		}
	}
	for _, q1 := range []int{1, 3} { // dividing or equal to the final step: no pattern
		if f := fitStep(&doubled, q1, 3, cdf); f.bins != 0 {
			t.Errorf("first step %d, final 3: fitted %d bins", q1, f.bins)
		}
	}
}
