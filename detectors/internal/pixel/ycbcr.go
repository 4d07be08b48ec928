// Package pixel holds the small pixel conversions that more than one pixel
// detector needs when it reads decoded images directly.
package pixel

import "image"

// ChromaDivisors returns how many luma samples share one chroma sample
// horizontally and vertically.
func ChromaDivisors(r image.YCbCrSubsampleRatio) (h, v int) {
	switch r {
	case image.YCbCrSubsampleRatio422:
		return 2, 1
	case image.YCbCrSubsampleRatio420:
		return 2, 2
	case image.YCbCrSubsampleRatio440:
		return 1, 2
	case image.YCbCrSubsampleRatio411:
		return 4, 1
	case image.YCbCrSubsampleRatio410:
		return 4, 2
	}
	return 1, 1
}

// YCbCrToRGB is the JFIF conversion in fixed point, the arithmetic of
// color.YCbCrToRGB, small enough to inline in a row loop (the library
// function is not): the chroma products come from a table and the clamps
// are min and max.
func YCbCrToRGB(y, cb, cr uint8) (uint8, uint8, uint8) {
	yy := int32(y) * 0x10101
	c, d := chroma[cb], chroma[cr]
	return clip(yy + d.r), clip(yy + c.gb + d.gr), clip(yy + c.b)
}

// chromaTerm holds the chroma products of the conversion for one sample
// value, 16.16 fixed point: 1.40200·(Cr−128) for R, −0.34414·(Cb−128) and
// −0.71414·(Cr−128) for G, 1.77200·(Cb−128) for B.
type chromaTerm struct{ r, gb, gr, b int32 }

var chroma = func() (t [256]chromaTerm) {
	for i := range t {
		c := int32(i) - 128
		t[i] = chromaTerm{r: 91881 * c, gb: -22554 * c, gr: -46802 * c, b: 116130 * c}
	}
	return t
}()

// clip takes a 16.16 value to 0..255, saturating.
func clip(v int32) uint8 {
	return uint8(min(max(v, 0), 0xffffff) >> 16)
}
