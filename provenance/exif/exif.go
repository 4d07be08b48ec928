// Package exif decodes EXIF blocks (TIFF structure) found by the container
// walkers into a flat list of named fields, on top of rwcarlsen/goexif.
//
// goexif does the decoding. Because it trusts sizes and IFD links read from
// the input, a bounded structural scan of provcheck's own runs first: it
// decides whether the block is safe to hand to goexif, supplies the fields
// goexif does not know (tags outside its maps in the sub-IFDs), and is the
// fallback reader when goexif refuses a block whose TIFF structure is fine.
package exif

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"slices"
)

// ErrNotTIFF is returned for a block that does not start with a TIFF header.
var ErrNotTIFF = errors.New("exif: no TIFF header")

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

// Decode decodes a TIFF-structured EXIF block ("Exif\0\0" already stripped;
// a leftover header is tolerated). An empty block is no EXIF: empty Data and
// no error. A block whose first IFD cannot be read returns an error and nil;
// damage after that is reported in Data.Partial and Data.Err.
func Decode(block []byte) (*Data, error) {
	block = bytes.TrimPrefix(block, []byte("Exif\x00\x00"))
	if len(block) == 0 {
		return &Data{}, nil
	}
	sc, err := scan(block)
	if err != nil {
		return nil, err
	}
	d := &Data{Err: sc.err}
	var gerr error
	if sc.unsafe == "" {
		gerr = fromGoexif(d, block, sc)
	} else {
		gerr = fmt.Errorf("exif: not handed to goexif: %s", sc.unsafe)
	}
	if gerr != nil {
		// goexif refused the block or was not trusted with it: the scan's
		// entries are the whole answer.
		d.Fields, d.Err = d.Fields[:0], sc.err
		d.HasThumbnail = sc.hasThumbnail(block)
		// Entries may share one value; copies stop at the same budget
		// goexif is held to.
		budget, used := valueBudget(len(block)), uint64(0)
		for _, e := range sc.entries {
			used += uint64(len(e.val))
			if used > budget && len(e.val) > 4 {
				e.val = nil
				if d.Err == nil {
					d.Err = fmt.Errorf("exif: values add up to more than %d bytes; later ones dropped", budget)
				}
			}
			d.Fields = append(d.Fields, e.field(sc.order))
		}
		if d.Err == nil && sc.unsafe != "" {
			d.Err = gerr
		}
	}
	sortFields(d.Fields)
	d.Partial = d.Err != nil
	return d, nil
}

// ifdRank orders fields the way the IFDs are usually read: main image, its
// sub-IFDs, then the thumbnail.
func ifdRank(ifd string) int {
	switch ifd {
	case ifd0:
		return 0
	case ifdExif:
		return 1
	case ifdGPS:
		return 2
	case ifdInterop:
		return 3
	case ifd1:
		return 4
	}
	return 5
}

func sortFields(fs []Field) {
	slices.SortStableFunc(fs, func(a, b Field) int {
		if r := ifdRank(a.IFD) - ifdRank(b.IFD); r != 0 {
			return r
		}
		if a.IFD != b.IFD {
			return cmp.Compare(a.IFD, b.IFD)
		}
		return cmp.Compare(a.Tag, b.Tag)
	})
}

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
