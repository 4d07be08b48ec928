package pixel

import (
	"image/color"
	"testing"
)

// Every input converts as the standard library converts it.
func TestYCbCrToRGBMatchesLibrary(t *testing.T) {
	for y := range 256 {
		for cb := range 256 {
			for cr := range 256 {
				r, g, b := YCbCrToRGB(uint8(y), uint8(cb), uint8(cr))
				wr, wg, wb := color.YCbCrToRGB(uint8(y), uint8(cb), uint8(cr))
				if r != wr || g != wg || b != wb {
					t.Fatalf("%d,%d,%d: got %d,%d,%d want %d,%d,%d", y, cb, cr, r, g, b, wr, wg, wb)
				}
			}
		}
	}
}
