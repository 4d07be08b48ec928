package exif

import (
	"strconv"
	"strings"

	exifmeta "github.com/provcheck/provcheck/provenance/exif"
)

// IFD names as the decoder reports them.
const (
	ifd0    = "IFD0"
	ifdExif = "Exif"
	ifd1    = "IFD1"
)

// tag locates a field by IFD and tag number rather than by name: the
// decoder names the tags it knows, and several of these (BodySerialNumber,
// OffsetTimeOriginal, CompositeImage) are newer than its name table.
type tag struct {
	ifd string
	id  uint16
}

var (
	tagMake               = tag{ifd0, 0x010F}
	tagModel              = tag{ifd0, 0x0110}
	tagSoftware           = tag{ifd0, 0x0131}
	tagDateTimeOriginal   = tag{ifdExif, 0x9003}
	tagOffsetTimeOriginal = tag{ifdExif, 0x9011}
	tagSubSecTimeOriginal = tag{ifdExif, 0x9291}
	tagUserComment        = tag{ifdExif, 0x9286}
	tagCustomRendered     = tag{ifdExif, 0xA401}
	tagSceneCaptureType   = tag{ifdExif, 0xA406}
	tagBodySerialNumber   = tag{ifdExif, 0xA431}
	tagLensMake           = tag{ifdExif, 0xA433}
	tagLensModel          = tag{ifdExif, 0xA434}
	tagCompositeImage     = tag{ifdExif, 0xA460}
	tagThumbnailOffset    = tag{ifd1, 0x0201}
	tagThumbnailLength    = tag{ifd1, 0x0202}
)

// lookup returns the first field at t.
func lookup(d *exifmeta.Data, t tag) (exifmeta.Field, bool) {
	if d == nil {
		return exifmeta.Field{}, false
	}
	for _, f := range d.Fields {
		if f.Tag == t.id && f.IFD == t.ifd {
			return f, true
		}
	}
	return exifmeta.Field{}, false
}

// text returns the trimmed printable value at t, "" when absent.
func text(d *exifmeta.Data, t tag) string {
	f, ok := lookup(d, t)
	if !ok {
		return ""
	}
	return strings.TrimSpace(strings.Trim(f.Value, "\x00"))
}

// number returns the first integer of the value at t. Printable values of
// SHORT fields may come as "2", "[2]" or "2 (composite)"; the leading
// integer is what counts.
func number(d *exifmeta.Data, t tag) (int, bool) {
	v := strings.TrimLeft(text(d, t), "[ ")
	end := 0
	for end < len(v) && (v[end] >= '0' && v[end] <= '9' || end == 0 && v[end] == '-') {
		end++
	}
	n, err := strconv.Atoi(v[:end])
	if err != nil {
		return 0, false
	}
	return n, true
}

// userComment decodes UserComment: the raw bytes carry a charset prefix
// that the printable value may or may not have dropped.
func userComment(d *exifmeta.Data) (value, charset string, ok bool) {
	f, ok := lookup(d, tagUserComment)
	if !ok {
		return "", "", false
	}
	value, charset = exifmeta.UserComment(f.Raw)
	if value == "" {
		value = f.Value
	}
	return strings.TrimSpace(strings.Trim(value, "\x00")), charset, true
}
