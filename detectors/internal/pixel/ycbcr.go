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
// function is not).
func YCbCrToRGB(y, cb, cr uint8) (uint8, uint8, uint8) {
	yy := int32(y) * 0x10101
	cb1, cr1 := int32(cb)-128, int32(cr)-128
	return clip(yy + 91881*cr1), clip(yy - 22554*cb1 - 46802*cr1), clip(yy + 116130*cb1)
}

func clip(v int32) uint8 {
	if uint32(v)&0xff000000 == 0 {
		return uint8(v >> 16)
	}
	return uint8(^(v >> 31))
}
