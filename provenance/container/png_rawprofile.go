package container

import (
	"bytes"
	"strconv"
	"strings"
)

// rawProfile reads ImageMagick's and GIMP's "Raw profile type NAME" text
// chunks, which carry a metadata profile as hex text:
//
//	\nNAME\n   LENGTH\nHEX…\n
//
// (the keyword names the type again on the first line; the hex is split
// into lines of 72 digits). The decoded bytes go into the same lists as the
// native chunks (EXIF, XMP, IPTC), located at the text chunk, so detectors
// read them without knowing how they were stored.
func (w *pngWalker) rawProfile(c pngChunk, key string, value []byte) {
	name, ok := strings.CutPrefix(key, "Raw profile type ")
	if !ok {
		return
	}
	name = strings.ToLower(name)
	switch name {
	case "exif", "xmp", "iptc", "8bim", "app1":
	default:
		return
	}
	data, err := decodeRawProfile(value, w.lim.MaxInflate)
	if err != "" {
		w.rec.warn("malformed", c.off, "%s %q: %s", c.typ, key, err)
		return
	}
	b := Block{Source: c.typ, Key: key, Offset: c.off, Length: c.length()}
	switch name {
	case "exif", "app1":
		switch {
		case bytes.HasPrefix(data, jpegExifHeader):
			b.Data = data[len(jpegExifHeader):]
			w.rec.block(&w.inv.EXIF, b)
		case bytes.HasPrefix(data, jpegXMPHeader):
			b.Data = data[len(jpegXMPHeader):]
			w.rec.block(&w.inv.XMP, b)
		case bytes.HasPrefix(data, []byte("II*\x00")), bytes.HasPrefix(data, []byte("MM\x00*")):
			b.Data = data
			w.rec.block(&w.inv.EXIF, b)
		default:
			w.rec.warn("malformed", c.off, "%s %q: neither EXIF nor XMP", c.typ, key)
		}
	case "xmp":
		b.Data = data
		w.rec.block(&w.inv.XMP, b)
	case "iptc", "8bim":
		// ImageMagick stores IPTC either as bare IIM datasets or wrapped
		// in a Photoshop resource block, as in JPEG APP13.
		if len(data) > 0 && data[0] == 0x1C {
			b.Data = data
			w.rec.block(&w.inv.IPTC, b)
			return
		}
		data = bytes.TrimPrefix(data, jpegPhotoshop)
		w.rec.other(Block{Source: c.typ, Key: key, Offset: c.off, Length: c.length(), Data: data})
		walkPhotoshopIRB(data, func(e irbEntry) {
			r := b
			r.Data = e.data
			switch e.id {
			case 0x0404:
				w.rec.block(&w.inv.IPTC, r)
			case 0x0422:
				w.rec.block(&w.inv.EXIF, r)
			case 0x0424:
				w.rec.block(&w.inv.XMP, r)
			}
		}, func(at int, msg string) {
			w.rec.warn("malformed", c.off, "%s %q: Photoshop resources at %d: %s", c.typ, key, at, msg)
		})
	}
}

// decodeRawProfile decodes the hex body of a raw profile. The declared
// length bounds the allocation (and maxLen bounds the declared length); hex
// digits beyond it are ignored, and a body shorter than declared is an
// error, as are non-hex characters other than white space.
func decodeRawProfile(v []byte, maxLen int64) ([]byte, string) {
	s := v
	// Line 1 is empty, line 2 the type, line 3 the length.
	var line []byte
	for range 3 {
		var ok bool
		line, s, ok = bytes.Cut(s, []byte{'\n'})
		if !ok {
			return nil, "header cut short"
		}
	}
	n, err := strconv.ParseInt(string(bytes.TrimSpace(line)), 10, 64)
	if err != nil || n <= 0 {
		return nil, "bad length " + strconv.Quote(string(bytes.TrimSpace(line)))
	}
	if n > maxLen {
		return nil, "declared length " + strconv.FormatInt(n, 10) + " exceeds the limit"
	}
	if n > int64(len(s))/2 {
		return nil, "hex body shorter than the declared " + strconv.FormatInt(n, 10) + " bytes"
	}
	out := make([]byte, 0, n)
	var hi byte
	half := false
	for _, ch := range s {
		var d byte
		switch {
		case ch >= '0' && ch <= '9':
			d = ch - '0'
		case ch >= 'a' && ch <= 'f':
			d = ch - 'a' + 10
		case ch >= 'A' && ch <= 'F':
			d = ch - 'A' + 10
		case ch == '\n' || ch == '\r' || ch == ' ' || ch == '\t':
			continue
		default:
			return nil, "non-hex character in the body"
		}
		if !half {
			hi, half = d, true
			continue
		}
		out = append(out, hi<<4|d)
		half = false
		if int64(len(out)) == n {
			return out, ""
		}
	}
	return nil, "hex body shorter than the declared " + strconv.FormatInt(n, 10) + " bytes"
}
