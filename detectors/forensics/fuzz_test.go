package forensics

import (
	"testing"

	"github.com/provcheck/provcheck/provenance/exif"
)

// FuzzThumbnail feeds EXIF blocks through the decoder and the thumbnail
// reader: whatever the offsets say, the bytes returned lie inside the
// block and the decode stays within its bounds.
func FuzzThumbnail(f *testing.F) {
	thumb := encodeJPEG(f, halves(16, 12), 75)
	f.Add(exifWithThumb("Canon", thumb, 0))
	f.Add(exifWithThumb("Canon", thumb, 0xFFFFFF00))
	f.Add(exifWithThumb("X", []byte{0xFF, 0xD8, 0xFF, 0xD9}, 0))
	f.Fuzz(func(t *testing.T, block []byte) {
		d, err := exif.Decode(block)
		if err != nil {
			return
		}
		raw, off, err := thumbnailBytes(block, d)
		if err != nil {
			return
		}
		if off < 0 || len(raw) > maxThumbBytes || len(raw) > len(block) {
			t.Fatalf("thumbnail of %d bytes at %d from a %d-byte block", len(raw), off, len(block))
		}
		img, err := decodeThumbnail(raw)
		if err != nil {
			return
		}
		if b := img.Bounds(); b.Dx()*b.Dy() > maxThumbPixels {
			t.Fatalf("decoded %v", b)
		}
		small, err := shrink(t.Context(), img, 64)
		if err != nil {
			t.Fatal(err)
		}
		compareThumb(t.Context(), small, img)
	})
}
