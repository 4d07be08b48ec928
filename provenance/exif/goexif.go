package exif

import (
	"bytes"
	"fmt"
	"strings"

	goexif "github.com/rwcarlsen/goexif/exif"
	"github.com/rwcarlsen/goexif/tiff"
)

// fromGoexif fills d from goexif's decoding of block. sc must have found
// the block safe. A non-nil error means goexif produced nothing usable and
// d is untouched apart from possibly Err.
func fromGoexif(d *Data, block []byte, sc *scanResult) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("exif: goexif panicked: %v", r)
		}
	}()
	x, derr := goexif.Decode(bytes.NewReader(block))
	switch {
	case derr == nil:
	case goexif.IsCriticalError(derr) || x == nil:
		return fmt.Errorf("exif: goexif: %w", derr)
	default:
		// A sub-IFD failed; what goexif read elsewhere stands.
		if d.Err == nil {
			d.Err = fmt.Errorf("exif: goexif: %s", strings.TrimSpace(derr.Error()))
		}
	}

	// goexif names only the tags in its maps and keeps one tag per name; the
	// IFDs of the main chain it keeps whole, so those are read from there.
	named := map[*tiff.Tag]string{}
	_ = x.Walk(walkFunc(func(name goexif.FieldName, t *tiff.Tag) error {
		named[t] = string(name)
		return nil
	}))
	inChain := map[*tiff.Tag]bool{}
	have := map[ifdTag]bool{}
	add := func(ifd string, name string, t *tiff.Tag) {
		if name == "" {
			name = tagName(ifd, t.Id)
		}
		raw := append([]byte(nil), t.Val...)
		d.Fields = append(d.Fields, Field{
			Name:  name,
			IFD:   ifd,
			Tag:   t.Id,
			Value: formatValue(t.Id, uint16(t.Type), t.Count, raw, sc.order),
			Raw:   raw,
		})
		have[ifdTag{ifd, t.Id}] = true
	}
	for i, dir := range x.Tiff.Dirs {
		ifd := chainName(i)
		for _, t := range dir.Tags {
			inChain[t] = true
			add(ifd, named[t], t)
		}
	}
	for t, name := range named {
		if !inChain[t] {
			add(subIFDOf(name), name, t)
		}
	}
	// Sub-IFD tags outside goexif's maps (BodySerialNumber, OffsetTime,
	// CompositeImage...) come from the scan.
	for _, e := range sc.entries {
		if e.ifd != ifdExif && e.ifd != ifdGPS && e.ifd != ifdInterop {
			continue
		}
		if !have[ifdTag{e.ifd, e.tag}] {
			d.Fields = append(d.Fields, e.field(sc.order))
			have[ifdTag{e.ifd, e.tag}] = true
		}
	}
	d.HasThumbnail = jpegThumbnail(x)
	return nil
}

// jpegThumbnail reports whether goexif finds an IFD1 thumbnail that starts
// like a JPEG. goexif slices without checking the bounds it read.
func jpegThumbnail(x *goexif.Exif) (ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	th, err := x.JpegThumbnail()
	return err == nil && len(th) >= 2 && th[0] == 0xFF && th[1] == 0xD8
}

type ifdTag struct {
	ifd string
	tag uint16
}

type walkFunc func(goexif.FieldName, *tiff.Tag) error

func (f walkFunc) Walk(name goexif.FieldName, t *tiff.Tag) error { return f(name, t) }

func chainName(i int) string {
	switch i {
	case 0:
		return ifd0
	case 1:
		return ifd1
	}
	return fmt.Sprintf("IFD%d", i)
}

// subIFDOf places a goexif field read from a sub-IFD. goexif's maps keep
// GPS and Interop names apart even where their tag numbers collide.
func subIFDOf(name string) string {
	switch {
	case name == string(goexif.InteroperabilityIndex):
		return ifdInterop
	case strings.HasPrefix(name, "GPS") && name != string(goexif.GPSInfoIFDPointer):
		return ifdGPS
	}
	return ifdExif
}
