// Package exif decodes EXIF blocks (TIFF structure) found by the container
// walkers into a flat list of named fields, on top of rwcarlsen/goexif.
package exif

import "errors"

// ErrNotImplemented is returned until the decoder lands.
var ErrNotImplemented = errors.New("exif: not implemented")

// Field is one decoded tag.
type Field struct {
	Name  string // goexif field name: "Make", "Model", "Software", "UserComment"...
	IFD   string // "IFD0", "Exif", "GPS", "Interop", "IFD1"
	Tag   uint16
	Value string // printable value (strings trimmed of NULs; numbers formatted)
	Raw   []byte // raw value bytes, for UNDEFINED fields such as UserComment
}

// Data is one decoded EXIF block.
type Data struct {
	Fields       []Field
	HasThumbnail bool
	// Partial is true when decoding stopped early; Fields holds what was read.
	Partial bool
	Err     error
}

// Decode decodes a TIFF-structured EXIF block ("Exif\0\0" already stripped).
func Decode(block []byte) (*Data, error) { return &Data{}, ErrNotImplemented }

// Get returns the first field with the given name.
func (d *Data) Get(name string) (Field, bool) {
	if d == nil {
		return Field{}, false
	}
	for _, f := range d.Fields {
		if f.Name == name {
			return f, true
		}
	}
	return Field{}, false
}

// UserComment decodes an EXIF UserComment value: an 8-byte charset prefix
// ("ASCII\0\0\0", "UNICODE\0", "JIS\0\0\0\0\0", zeros for undefined) and the text.
// UNICODE is read as UTF-16 (big-endian unless a BOM or the byte pattern says
// otherwise).
func UserComment(raw []byte) (text, charset string) { return "", "" }
