package forensics

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"strconv"
	"strings"

	"github.com/provcheck/provcheck/provenance/exif"
	"github.com/provcheck/provcheck/provenance/pixels"
)

// Bounds on the EXIF thumbnail: IFD1 previews are small (160×120 is usual;
// the whole EXIF block must fit one 64 KB segment in a JPEG), so anything
// larger is not a thumbnail this check is for.
const (
	maxThumbBytes  = 1 << 20
	maxThumbPixels = 1 << 20
)

var errNoThumb = errors.New("no EXIF thumbnail")

// thumbnailBytes returns the IFD1 JPEG thumbnail of one EXIF block: the
// bytes at JPEGInterchangeFormat for JPEGInterchangeFormatLength, offsets
// counted from the TIFF header, checked against the block.
func thumbnailBytes(block []byte, d *exif.Data) ([]byte, int64, error) {
	if d == nil {
		return nil, 0, errNoThumb
	}
	var off, n uint64
	var haveOff, haveLen bool
	for _, f := range d.Fields {
		if f.IFD != "IFD1" {
			continue
		}
		switch f.Tag {
		case 0x0201:
			off, haveOff = firstUint(f.Value)
		case 0x0202:
			n, haveLen = firstUint(f.Value)
		}
	}
	if !haveOff || !haveLen || n == 0 {
		return nil, 0, errNoThumb
	}
	block = bytes.TrimPrefix(block, []byte("Exif\x00\x00"))
	if off >= uint64(len(block)) || n > uint64(len(block))-off {
		return nil, 0, fmt.Errorf("thumbnail of %d bytes at %d runs past the %d-byte EXIF block", n, off, len(block))
	}
	if n > maxThumbBytes {
		return nil, 0, fmt.Errorf("thumbnail of %d bytes exceeds %d", n, maxThumbBytes)
	}
	t := block[off : off+n]
	if len(t) < 4 || t[0] != 0xFF || t[1] != 0xD8 {
		return nil, 0, fmt.Errorf("thumbnail at %d does not start with a JPEG marker", off)
	}
	return t, int64(off), nil
}

// firstUint reads the first number of a formatted EXIF value ("1234" or
// "[1234]").
func firstUint(v string) (uint64, bool) {
	v = strings.TrimSpace(strings.Trim(strings.TrimSpace(v), "[]"))
	if i := strings.IndexAny(v, " ,"); i >= 0 {
		v = v[:i]
	}
	n, err := strconv.ParseUint(v, 10, 64)
	return n, err == nil
}

// decodeThumbnail decodes the thumbnail after checking its declared size.
func decodeThumbnail(t []byte) (image.Image, error) {
	img, format, err := pixels.Decode(context.Background(), t, maxThumbPixels)
	if err != nil {
		return nil, fmt.Errorf("thumbnail: %w", err)
	}
	if format != "jpeg" {
		return nil, fmt.Errorf("thumbnail: %s, not the JPEG EXIF requires", format)
	}
	return img, nil
}
