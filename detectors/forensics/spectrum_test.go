package forensics

import (
	"image"
	"math"
	"math/cmplx"
	"math/rand/v2"
	"testing"
)

func TestSpectralPeaks(t *testing.T) {
	tests := []struct {
		name   string
		img    image.Image
		found  bool
		period float64 // of the lattice the peaks must lie on, when found
	}{
		{"period-3 lattice", lattice(600, 500, 3, 0.15), true, 3},
		{"period-5 lattice", lattice(600, 500, 5, 0.15), true, 5},
		{"plain noise", noise(600, 500), false, 0},
		{"smooth synthetic picture", scene(600, 500, 2), false, 0},
		// Periods dividing 8 put their peaks on the JPEG grid: ignored.
		{"period-8 lattice", lattice(600, 500, 8, 0.6), false, 0},
		{"period-4 lattice", lattice(600, 500, 4, 0.6), false, 0},
		// A strong lattice survives a JPEG save; a faint one does not.
		{"period-3 lattice, JPEG at 75", decode(t, encodeJPEG(t, lattice(600, 500, 3, 0.15), 75)), true, 3},
		{"faint period-3 lattice, JPEG at 75", decode(t, encodeJPEG(t, lattice(600, 500, 3, 0.03), 75)), false, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, err := spectralPeaks(t.Context(), tc.img)
			if err != nil {
				t.Fatal(err)
			}
			if !r.applicable || r.tiles != specTiles {
				t.Fatalf("not applied (%d tiles)", r.tiles)
			}
			if r.found != tc.found {
				t.Fatalf("found %v, want %v: %+v", r.found, tc.found, r)
			}
			if !tc.found {
				return
			}
			// Every peak lies on the lattice: multiples of 1/period cycles
			// per pixel on each axis, to within a bin (1/specN).
			for _, pk := range r.peaks {
				for _, f := range []float64{pk.fx, pk.fy} {
					if m := f * tc.period; math.Abs(m-math.Round(m)) > tc.period/specN {
						t.Errorf("peak at %.3f,%.3f is off the period-%v lattice", pk.fx, pk.fy, tc.period)
					}
				}
			}
		})
	}
	r, err := spectralPeaks(t.Context(), lattice(600, 500, 8, 0.6))
	if err != nil || r.gridPeaks == 0 {
		t.Errorf("a period-8 lattice left no grid peaks (%d, %v)", r.gridPeaks, err)
	}
	// Fewer than four tiles fit: the screen does not judge.
	if r, _ := spectralPeaks(t.Context(), lattice(300, 200, 3, 0.15)); r.applicable || r.found {
		t.Errorf("a 300×200 picture was screened: %+v", r)
	}
}

// fft agrees with the discrete Fourier transform written out.
func TestFFT(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	x := make([]complex128, specN)
	for i := range x {
		x[i] = complex(r.NormFloat64(), r.NormFloat64())
	}
	got := append([]complex128(nil), x...)
	fft(got)
	for k := range specN {
		var want complex128
		for n, v := range x {
			want += v * cmplx.Exp(complex(0, -2*math.Pi*float64(k*n)/specN))
		}
		if cmplx.Abs(got[k]-want) > 1e-9 {
			t.Fatalf("X[%d] = %v, want %v", k, got[k], want)
		}
	}
}

// powerSpectrum2D agrees with |DFT|² on a few bins of a real tile, on
// both halves of the plane.
func TestPowerSpectrum2D(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	tile := make([]float64, specN*specN)
	for i := range tile {
		tile[i] = r.NormFloat64()
	}
	half := make([]float64, specN*(specN/2+1))
	powerSpectrum2D(tile, make([]complex128, specN), make([]complex128, specN*(specN/2+1)), half)
	out := make(spectrum, specN*specN)
	wholePlane(half, out)
	for _, b := range [][2]int{{0, 0}, {1, 0}, {0, 5}, {17, 100}, {64, 3}, {100, 27}, {127, 127}} {
		u, v := b[0], b[1]
		var f complex128
		for y := range specN {
			for x := range specN {
				f += complex(tile[y*specN+x], 0) * cmplx.Exp(complex(0, -2*math.Pi*float64(u*x+v*y)/specN))
			}
		}
		want := real(f)*real(f) + imag(f)*imag(f)
		if got := out.at(u, v); math.Abs(got-want) > 1e-6*max(1, want) {
			t.Errorf("P(%d,%d) = %v, want %v", u, v, got, want)
		}
	}
}
