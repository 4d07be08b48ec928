package pixels

import (
	"image"

	"github.com/disintegration/imaging"
)

// Orient turns decoded pixels upright by the EXIF Orientation tag (1 to 8),
// as a photo viewer shows them. Previews call it after shrinking, where
// turning costs nothing.
func Orient(img image.Image, orientation int) image.Image {
	switch orientation {
	case 2:
		return imaging.FlipH(img)
	case 3:
		return imaging.Rotate180(img)
	case 4:
		return imaging.FlipV(img)
	case 5:
		return imaging.Transpose(img)
	case 6:
		return imaging.Rotate270(img)
	case 7:
		return imaging.Transverse(img)
	case 8:
		return imaging.Rotate90(img)
	}
	return img
}
