package forensics

import (
	"image"
	"testing"

	"github.com/disintegration/imaging"
)

func TestJPEGGrid(t *testing.T) {
	sc := scene(520, 400, 11)
	fromJPEG := func(q int) image.Image { return decode(t, encodeJPEG(t, sc, q)) }
	tests := []struct {
		name   string
		img    image.Image
		found  bool
		dx, dy int // crop offset when found
	}{
		{"decoded JPEG at 50", fromJPEG(50), true, 0, 0},
		{"decoded JPEG at 75", fromJPEG(75), true, 0, 0},
		{"decoded JPEG at 85", fromJPEG(85), true, 0, 0},
		{"decoded JPEG cropped by 3,5", imaging.Crop(fromJPEG(75), image.Rect(3, 5, 500, 390)), true, 3, 5},
		{"decoded JPEG cropped by 8,1", imaging.Crop(fromJPEG(75), image.Rect(8, 1, 500, 390)), true, 0, 1},
		{"smooth synthetic picture", sc, false, 0, 0},
		{"noise", noise(300, 300), false, 0, 0},
		{"decoded JPEG resized", imaging.Resize(fromJPEG(75), 390, 0, imaging.Lanczos), false, 0, 0},
		{"too small", imaging.Crop(fromJPEG(50), image.Rect(0, 0, 40, 300)), false, 0, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			// Through a PNG, as the detector would see such a file.
			g, err := jpegGrid(t.Context(), decode(t, encodePNG(t, tc.img)))
			if err != nil {
				t.Fatal(err)
			}
			if g.found != tc.found {
				t.Fatalf("found %v, want %v (ratios %.3f %.3f, leads %.3f %.3f)", g.found, tc.found, g.ratio[0], g.ratio[1], g.lead[0], g.lead[1])
			}
			if tc.found && (g.cropOffset(0) != tc.dx || g.cropOffset(1) != tc.dy) {
				t.Errorf("crop offset %d,%d, want %d,%d", g.cropOffset(0), g.cropOffset(1), tc.dx, tc.dy)
			}
		})
	}
}
