package forensics

import (
	"image"
	"testing"

	"github.com/disintegration/imaging"
)

func TestDemosaicTraces(t *testing.T) {
	sc := scene(600, 420, 5)
	mosaic := bayer(sc)
	tests := []struct {
		name    string
		img     image.Image
		found   bool
		colours bool // red and blue checked too
	}{
		{"bilinear demosaic", mosaic, true, true},
		{"bilinear demosaic, small", imaging.Crop(mosaic, image.Rect(10, 20, 90, 100)), true, true},
		{"bilinear demosaic, JPEG at 100", decode(t, encodeJPEG(t, mosaic, 100)), true, false},
		{"the same picture without a filter", sc, false, false},
		{"demosaic downscaled by half", imaging.Resize(mosaic, 300, 0, imaging.Lanczos), false, false},
		{"demosaic downscaled to 3/4", imaging.Resize(mosaic, 450, 0, imaging.Linear), false, false},
		{"demosaic, JPEG at 85", decode(t, encodeJPEG(t, mosaic, 85)), false, false},
		// One diagonal set interpolated in every channel alike passes the
		// green test; red and blue were not recorded apart.
		{"quincunx interpolation in every channel", quincunx(sc), false, true},
		{"aligned 2× up-sampling", upsample2(scene(300, 210, 6)), false, false},
		{"noise", noise(300, 300), false, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, err := demosaicTraces(t.Context(), tc.img)
			if err != nil {
				t.Fatal(err)
			}
			if !c.applicable {
				t.Fatal("not applied")
			}
			if c.found != tc.found || c.colours != tc.colours {
				t.Fatalf("found %v colours %v, want %v %v (log ratio %.3f, agreement %.2f, within %.3f/%.3f, %d blocks)",
					c.found, c.colours, tc.found, tc.colours, c.logRatio, c.agree, c.withinGreen, c.withinOther, c.blocks)
			}
			if tc.found && c.greenPhase() != "odd" { // RGGB: green where x+y is odd
				t.Errorf("sensor green on the %s coset", c.greenPhase())
			}
		})
	}
}
