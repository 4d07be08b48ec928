package forensics

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/jpeg"
	"math/rand/v2"
	"testing"

	"github.com/disintegration/imaging"
)

// Pictures the tests draw: halves splits left (bright) from right (dark);
// quadrants is a 2×2 checker, which differs from halves by half its area
// in every quarter turn. Both carry a little noise, as photos do.
func halves(w, h int) *image.NRGBA {
	return paint(w, h, func(x, y int) bool { return x < w/2 })
}

func quadrants(w, h int) *image.NRGBA {
	return paint(w, h, func(x, y int) bool { return (x < w/2) == (y < h/2) })
}

func paint(w, h int, bright func(x, y int) bool) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	r := rand.New(rand.NewPCG(uint64(w), uint64(h)))
	for y := range h {
		for x := range w {
			v := 40 + r.IntN(12)
			if bright(x, y) {
				v = 200 + r.IntN(12)
			}
			img.SetNRGBA(x, y, color.NRGBA{uint8(v), uint8(v - 20 + x%16), uint8(v - y%16), 0xff})
		}
	}
	return img
}

func encodeJPEG(t testing.TB, img image.Image, q int) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: q}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// letterbox puts img, fitted, in the middle of a black w×h canvas, as
// cameras pad 3:2 thumbnails to 160×120.
func letterbox(img image.Image, w, h int) *image.NRGBA {
	fit := imaging.Fit(img, w, h, imaging.Linear)
	canvas := imaging.New(w, h, color.NRGBA{0, 0, 0, 0xff})
	return imaging.PasteCenter(canvas, fit)
}

// exifWithThumb is a little-endian TIFF block: IFD0 with Make, IFD1 with
// the JPEG thumbnail's offset and length, then the thumbnail. thumbOff
// overrides the recorded offset when non-zero.
func exifWithThumb(make string, thumb []byte, thumbOff uint32) []byte {
	return exifWithThumbTags([]asciiTag{{0x010F, make}}, thumb, thumbOff)
}

// asciiTag is one IFD0 ASCII entry for exifWithThumbTags.
type asciiTag struct {
	tag uint16
	val string
}

// exifWithThumbTags builds a little-endian TIFF block: IFD0 with the given
// ASCII entries, IFD1 pointing at thumb (at thumbOff, or right after the
// values when 0).
func exifWithThumbTags(tags []asciiTag, thumb []byte, thumbOff uint32) []byte {
	ifd0 := uint32(8)
	ifd1 := ifd0 + 2 + 12*uint32(len(tags)) + 4
	valAt := ifd1 + 2 + 2*12 + 4
	var vals []byte
	offs := make([]uint32, len(tags))
	for i, tg := range tags {
		offs[i] = valAt + uint32(len(vals))
		vals = append(vals, tg.val...)
		vals = append(vals, 0)
		if len(vals)%2 == 1 {
			vals = append(vals, 0)
		}
	}
	at := valAt + uint32(len(vals))
	if thumbOff == 0 {
		thumbOff = at
	}
	le := binary.LittleEndian
	b := []byte("II*\x00\x08\x00\x00\x00")
	entry := func(tag, typ uint16, count, v uint32) {
		b = le.AppendUint16(b, tag)
		b = le.AppendUint16(b, typ)
		b = le.AppendUint32(b, count)
		b = le.AppendUint32(b, v)
	}
	b = le.AppendUint16(b, uint16(len(tags)))
	for i, tg := range tags {
		entry(tg.tag, 2, uint32(len(tg.val)+1), offs[i])
	}
	b = le.AppendUint32(b, ifd1)
	b = le.AppendUint16(b, 2)
	entry(0x0201, 4, 1, thumbOff)
	entry(0x0202, 4, 1, uint32(len(thumb)))
	b = le.AppendUint32(b, 0)
	b = append(b, vals...)
	return append(b, thumb...)
}

// withEXIF puts an APP1 EXIF segment holding tiff right after SOI.
func withEXIF(jpg, tiff []byte) []byte {
	p := append([]byte("Exif\x00\x00"), tiff...)
	seg := []byte{0xFF, 0xE1, 0, 0}
	binary.BigEndian.PutUint16(seg[2:], uint16(len(p)+2))
	out := append([]byte(nil), jpg[:2]...)
	out = append(out, seg...)
	out = append(out, p...)
	return append(out, jpg[2:]...)
}

// photo builds a JPEG of main with an EXIF thumbnail of thumb.
func photo(t testing.TB, main, thumb image.Image) []byte {
	t.Helper()
	return withEXIF(encodeJPEG(t, main, 92), exifWithThumb("Canon", encodeJPEG(t, thumb, 75), 0))
}
