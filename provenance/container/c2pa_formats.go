package container

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

// The formats below are read only for the C2PA store they may carry:
// provcheck has no other use for a JPEG XL codestream, an MP3's audio or
// a bare store, so their walkers record the carrier and nothing else.

var (
	jxlSignature = []byte("\x00\x00\x00\x0cJXL \r\n\x87\n")
	id3Signature = []byte("ID3")
)

// walkJXL reads the boxes of a JPEG XL container; the store is the first
// top-level jumb box itself.
func walkJXL(ctx context.Context, inv *Inventory, data []byte, lim Limits) error {
	c := newC2PACarrier("jxl", lim)
	inv.Carrier = c
	w := &bmffWalker{inv: inv, lim: lim.withDefaults(), data: data, recorder: newRecorder(inv, lim)}
	end := int64(len(data))
	for off, n := int64(0), 0; off < end; n++ {
		if n&255 == 255 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		b, err := w.box(off, end)
		if err != nil {
			w.warn("malformed", off, "jxl: %v", err)
			break
		}
		w.segment(b.typ, b.off, b.end-b.off)
		c.unit(b.typ, b.off, b.end-b.off)
		if b.typ == "jumb" {
			c.take(data[b.off:b.end], b.off, b.end-b.off)
		}
		off = b.end
	}
	return nil
}

// walkStore reads a bare manifest store (a .c2pa sidecar given as a file):
// the whole file is the store.
func walkStore(_ context.Context, inv *Inventory, data []byte, lim Limits) error {
	c := newC2PACarrier("c2pa", lim)
	inv.Carrier = c
	inv.segment("jumb", 0, int64(len(data)))
	c.take(data, 0, int64(len(data)))
	return nil
}

func (inv *Inventory) segment(typ string, off, length int64) {
	inv.Segments = append(inv.Segments, Segment{Type: typ, Offset: off, Length: length})
}

// walkID3 reads the ID3v2 tag at the start of an MP3 for a GEOB frame
// whose MIME type is application/c2pa (or the deprecated
// application/x-c2pa-manifest-store). The audio frames after the tag are
// one layout unit each side of the tag, as far as C2PA is concerned.
func walkID3(ctx context.Context, inv *Inventory, data []byte, lim Limits) error {
	c := newC2PACarrier("mp3", lim)
	inv.Carrier = c
	if len(data) < 10 {
		return fmt.Errorf("id3 header: %w", ErrTruncated)
	}
	ver := data[3]
	size := int(id3Syncsafe(data[6:10]))
	end := min(10+size, len(data))
	inv.segment("ID3", 0, int64(end))
	c.unit("ID3", 0, int64(end))
	pos := 10
	if data[5]&0x40 != 0 && pos+4 <= end { // extended header
		n := int(be32(data[pos:]))
		if ver == 4 {
			n = int(id3Syncsafe(data[pos : pos+4]))
		} else {
			n += 4
		}
		pos += n
	}
	for n := 0; pos+10 <= end; n++ {
		if n&255 == 255 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		id := data[pos : pos+4]
		if id[0] == 0 {
			break
		}
		fn := int(be32(data[pos+4:]))
		if ver == 4 {
			fn = int(id3Syncsafe(data[pos+4 : pos+8]))
		}
		body := pos + 10
		if fn < 0 || body+fn > end {
			inv.Warn("truncated", int64(pos), "id3: frame %q runs past the tag", id)
			break
		}
		if string(id) == "GEOB" && c.Store == nil {
			if store, ok := geobC2PA(data[body : body+fn]); ok {
				c.take(store, int64(pos), int64(fn+10))
			}
		}
		pos = body + fn
	}
	return nil
}

func id3Syncsafe(b []byte) uint32 {
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
		if enc == 1 || enc == 2 {
			i := indexDoubleZero(rest)
			if i < 0 {
				return nil, false
			}
			rest = rest[i+2:]
		} else {
			i := bytes.IndexByte(rest, 0)
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

const svgC2PANS = "http://c2pa.org/manifest"

// looksLikeSVG recognises an XML document with an svg element near its
// start.
func looksLikeSVG(data []byte) bool {
	return bytes.Contains(data[:min(len(data), 4096)], []byte("<svg"))
}

// svgMaxDepth bounds element nesting while looking for the manifest.
const svgMaxDepth = 256

// svgCarrier finds the <c2pa:manifest> element (in the C2PA namespace) of
// an SVG document and decodes its base64 text: the store. The part is the
// element's text.
func svgCarrier(inv *Inventory, data []byte, lim Limits) {
	c := newC2PACarrier("svg", lim)
	inv.Carrier = c
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = false
	depth := 0
	for {
		tok, err := d.Token()
		if err != nil {
			if !errors.Is(err, io.EOF) {
				c.problem("svg: %v", err)
			}
			// No manifest in the C2PA namespace, or XML the decoder gave
			// up on: the SDK's reader goes by the literal element name.
			svgManifestText(c, data)
			return
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if depth++; depth > svgMaxDepth {
				c.problem("svg: nesting deeper than %d; the rest is not read", svgMaxDepth)
				return
			}
			if t.Name.Space != svgC2PANS || t.Name.Local != "manifest" {
				continue
			}
			start := d.InputOffset()
			var text strings.Builder
			for {
				tok, err := d.Token()
				if err != nil {
					c.problem("svg: %v", err)
					svgManifestText(c, data)
					return
				}
				if cd, ok := tok.(xml.CharData); ok {
					if int64(text.Len()+len(cd)) > int64(len(data)) {
						return
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
			svgTakeStore(c, raw, start, d.InputOffset()-start)
			return
		case xml.EndElement:
			depth--
		}
	}
}

// svgTakeStore decodes the base64 text of a <c2pa:manifest> element (white
// space removed) and takes it as the store.
func svgTakeStore(c *C2PACarrier, raw string, off, length int64) {
	store, err := base64.StdEncoding.DecodeString(raw)
	if err != nil {
		c.broken("svg: manifest is not base64: %v", err)
		return
	}
	c.take(store, off, length)
}

// svgManifestText finds the manifest of an SVG the XML decoder gave up on
// (bytes that are not UTF-8, a damaged name) or found none in (a damaged
// namespace URI): the first <c2pa:manifest> element by its literal tags,
// the way the C2PA SDK's lenient reader finds it. Whatever damaged the XML then fails the data hash, instead of
// the file passing for one without credentials.
func svgManifestText(c *C2PACarrier, data []byte) {
	open, closing := []byte("<c2pa:manifest"), []byte("</c2pa:manifest>")
	i := 0
	for {
		k := bytes.Index(data[i:], open)
		if k < 0 {
			return
		}
		i += k + len(open)
		if i < len(data) && (data[i] == '>' || data[i] == ' ' || data[i] == '\t' || data[i] == '\n' || data[i] == '\r') {
			break
		}
	}
	gt := bytes.IndexByte(data[i:], '>')
	if gt < 0 {
		c.broken("svg: <c2pa:manifest> start tag without its end")
		return
	}
	start := i + gt + 1
	j := bytes.Index(data[start:], closing)
	if j < 0 {
		c.broken("svg: <c2pa:manifest> element without its end tag")
		return
	}
	raw := strings.Map(func(r rune) rune {
		if r == ' ' || r == '\n' || r == '\r' || r == '\t' {
			return -1
		}
		return r
	}, string(data[start:start+j]))
	svgTakeStore(c, raw, int64(start), int64(j))
}
