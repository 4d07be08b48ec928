package jpegtables

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/jpeg"
	"testing"
)

// goJPEG encodes a small picture with Go's encoder, which writes the IJG
// tables at the given quality, 4:2:0, baseline and the Annex K Huffman
// tables; grey gives a one-component file.
func goJPEG(t testing.TB, q int, grey bool) []byte {
	t.Helper()
	const n = 32
	var img image.Image
	if grey {
		g := image.NewGray(image.Rect(0, 0, n, n))
		for i := range g.Pix {
			g.Pix[i] = uint8(i * 7)
		}
		img = g
	} else {
		c := image.NewNRGBA(image.Rect(0, 0, n, n))
		for y := range n {
			for x := range n {
				c.Set(x, y, color.NRGBA{uint8(8 * x), uint8(8 * y), uint8(x * y), 0xff})
			}
		}
		img = c
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: q}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// segment builds one marker segment.
func segment(marker byte, payload []byte) []byte {
	s := []byte{0xFF, marker, 0, 0}
	binary.BigEndian.PutUint16(s[2:], uint16(len(payload)+2))
	return append(s, payload...)
}

// insertAfterSOI puts segments right after SOI.
func insertAfterSOI(jpg []byte, segs ...[]byte) []byte {
	out := append([]byte(nil), jpg[:2]...)
	for _, s := range segs {
		out = append(out, s...)
	}
	return append(out, jpg[2:]...)
}

// insertBefore puts a segment before the first segment with the marker.
func insertBefore(t testing.TB, jpg []byte, marker byte, seg []byte) []byte {
	t.Helper()
	for pos := 2; pos+4 <= len(jpg); {
		if jpg[pos+1] == marker {
			out := append([]byte(nil), jpg[:pos]...)
			out = append(out, seg...)
			return append(out, jpg[pos:]...)
		}
		pos += 2 + int(binary.BigEndian.Uint16(jpg[pos+2:]))
	}
	t.Fatalf("no marker %02X", marker)
	return nil
}

// mapSegments rewrites the payload of every segment with the marker.
func mapSegments(t testing.TB, jpg []byte, marker byte, fn func([]byte) []byte) []byte {
	t.Helper()
	out := append([]byte(nil), jpg[:2]...)
	pos := 2
	for pos+4 <= len(jpg) {
		m := jpg[pos+1]
		n := int(binary.BigEndian.Uint16(jpg[pos+2:]))
		p := jpg[pos+4 : pos+2+n]
		if m == marker {
			p = fn(append([]byte(nil), p...))
		}
		out = append(out, segment(m, p)...)
		pos += 2 + n
		if m == 0xDA {
			break
		}
	}
	return append(out, jpg[pos:]...)
}

// tiffMake is a minimal little-endian EXIF block naming a camera.
func tiffMake(make string) []byte {
	val := append([]byte(make), 0)
	b := []byte("II*\x00\x08\x00\x00\x00")
	b = binary.LittleEndian.AppendUint16(b, 1)
	b = binary.LittleEndian.AppendUint16(b, 0x010F)
	b = binary.LittleEndian.AppendUint16(b, 2)
	b = binary.LittleEndian.AppendUint32(b, uint32(len(val)))
	b = binary.LittleEndian.AppendUint32(b, 8+2+12+4)
	b = binary.LittleEndian.AppendUint32(b, 0)
	return append(b, val...)
}

func exifSegment(make string) []byte {
	return segment(0xE1, append([]byte("Exif\x00\x00"), tiffMake(make)...))
}
