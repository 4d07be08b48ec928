package c2pa

import (
	"bytes"
	"encoding/base64"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

const svgC2PANS = "http://c2pa.org/manifest"

// looksLikeSVG recognises an XML document whose root element is svg.
func looksLikeSVG(data []byte) bool {
	head := data[:min(len(data), 4096)]
	return bytes.Contains(head, []byte("<svg"))
}

// locateSVG finds the <c2pa:manifest> element (in the C2PA namespace) and
// decodes its base64 text.
func locateSVG(data []byte, lim Limits) (*Location, error) {
	loc := &Location{Format: "svg"}
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = false
	depth := 0
	for {
		tok, err := d.Token()
		if err != nil {
			if !errors.Is(err, io.EOF) {
				loc.Warnings = append(loc.Warnings, fmt.Sprintf("svg: %v", err))
			}
			return loc, nil
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			if depth > 256 {
				return loc, fmt.Errorf("svg: nesting deeper than 256: %w", ErrLimit)
			}
			if t.Name.Space != svgC2PANS || t.Name.Local != "manifest" {
				continue
			}
			start := d.InputOffset()
			var text strings.Builder
			for {
				tok, err := d.Token()
				if err != nil {
					return loc, nil
				}
				if cd, ok := tok.(xml.CharData); ok {
					if text.Len()+len(cd) > lim.MaxStoreSize*2 {
						return loc, fmt.Errorf("svg: manifest text: %w", ErrLimit)
					}
					text.Write(cd)
					continue
				}
				break
			}
			raw := strings.Map(func(r rune) rune {
				if r == ' ' || r == '\n' || r == '\r' || r == '\t' {
					return -1
				}
				return r
			}, text.String())
			store, err := base64.StdEncoding.DecodeString(raw)
			if err != nil {
				loc.Warnings = append(loc.Warnings, fmt.Sprintf("svg: manifest is not base64: %v", err))
				return loc, nil
			}
			loc.Store = store
			loc.Parts = append(loc.Parts, Range{start, d.InputOffset() - start})
			return loc, nil
		case xml.EndElement:
			depth--
		}
	}
}

// locateMP3 reads the ID3v2 tag at the start of the file for a GEOB frame
// whose MIME type is application/c2pa (or the deprecated
// application/x-c2pa-manifest-store).
func locateMP3(data []byte, lim Limits) (*Location, error) {
	loc := &Location{Format: "mp3"}
	if len(data) < 10 {
		return loc, nil
	}
	ver := data[3]
	size := int(syncsafe(data[6:10]))
	end := min(10+size, len(data))
	loc.addUnit(lim, "ID3", 0, end)
	pos := 10
	if data[5]&0x40 != 0 && pos+4 <= end { // extended header
		n := int(be32(data[pos:]))
		if ver == 4 {
			n = int(syncsafe(data[pos : pos+4]))
		} else {
			n += 4
		}
		pos += n
	}
	for pos+10 <= end {
		id := string(data[pos : pos+4])
		if id[0] == 0 {
			break
		}
		n := int(be32(data[pos+4:]))
		if ver == 4 {
			n = int(syncsafe(data[pos+4 : pos+8]))
		}
		body := pos + 10
		if n < 0 || body+n > end {
			loc.Warnings = append(loc.Warnings, fmt.Sprintf("id3: frame %q at %d runs past the tag", id, pos))
			break
		}
		if id == "GEOB" && loc.Store == nil {
			if store, ok := geobC2PA(data[body : body+n]); ok {
				loc.Store = store
				loc.Parts = append(loc.Parts, Range{int64(pos), int64(n + 10)})
			}
		}
		pos = body + n
	}
	return loc, nil
}

func syncsafe(b []byte) uint32 {
	return uint32(b[0]&0x7f)<<21 | uint32(b[1]&0x7f)<<14 | uint32(b[2]&0x7f)<<7 | uint32(b[3]&0x7f)
}

// geobC2PA returns the object of a GEOB frame if its MIME type is C2PA's.
func geobC2PA(f []byte) ([]byte, bool) {
	if len(f) < 2 {
		return nil, false
	}
	enc := f[0]
	mime, rest, ok := bytes.Cut(f[1:], []byte{0})
	if !ok {
		return nil, false
	}
	switch string(mime) {
	case "application/c2pa", "application/x-c2pa-manifest-store":
	default:
		return nil, false
	}
	// File name and description, in the frame's text encoding.
	for range 2 {
		var i int
		if enc == 1 || enc == 2 {
			i = indexDoubleZero(rest)
			if i < 0 {
				return nil, false
			}
			rest = rest[i+2:]
		} else {
			i = bytes.IndexByte(rest, 0)
			if i < 0 {
				return nil, false
			}
			rest = rest[i+1:]
		}
	}
	return rest, true
}

func indexDoubleZero(b []byte) int {
	for i := 0; i+1 < len(b); i += 2 {
		if b[i] == 0 && b[i+1] == 0 {
			return i
		}
	}
	return -1
}
