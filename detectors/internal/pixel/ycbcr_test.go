package pixel

import (
	"image/color"
	"testing"
)

func TestYCbCrToRGBMatchesLibrary(t *testing.T) {
	for y := 0; y < 256; y += 5 {
		for cb := 0; cb < 256; cb += 7 {
			for cr := 0; cr < 256; cr += 11 {
				r, g, b := YCbCrToRGB(uint8(y), uint8(cb), uint8(cr))
				wr, wg, wb := color.YCbCrToRGB(uint8(y), uint8(cb), uint8(cr))
				if r != wr || g != wg || b != wb {
					t.Fatalf("%d,%d,%d: got %d,%d,%d want %d,%d,%d", y, cb, cr, r, g, b, wr, wg, wb)
				}
			}
		}
	}
}
