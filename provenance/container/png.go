package container

import (
	"bytes"
	"context"
	"fmt"
	"hash/crc32"
)

var pngSignature = []byte("\x89PNG\r\n\x1a\n")

// pngChunk is one chunk as read: off is the offset of its length field,
// data its payload.
type pngChunk struct {
	typ  string
	off  int64
	data []byte
}

// length is the whole chunk: length, type, payload, CRC.
func (c pngChunk) length() int64 { return int64(len(c.data)) + 12 }

// walkPNG records every chunk up to IEND, including the text chunks that
// some writers place after IDAT, and notes any bytes after IEND as the
// trailer. Runs of consecutive IDAT chunks are recorded as one "IDAT"
// segment spanning them all: the layout keeps its meaning and a large image
// does not cost a thousand entries.
func walkPNG(ctx context.Context, inv *Inventory, data []byte, lim Limits) error {
	lim = lim.withDefaults()
	if !bytes.HasPrefix(data, pngSignature) {
		return fmt.Errorf("no PNG signature: %w", ErrMalformed)
	}
	w := &pngWalker{ctx: ctx, inv: inv, lim: lim, rec: newRecorder(inv, lim), c2pa: newC2PACarrier("png", lim)}
	inv.Carrier = w.c2pa
	w.rec.segment("signature", 0, int64(len(pngSignature)))
	w.c2pa.unit("PNGh", 0, int64(len(pngSignature))) // the box-hash name of the signature
	pos := len(pngSignature)
	for n := 0; ; n++ {
		if n%256 == 255 {
			if err := ctx.Err(); err != nil {
				return fmt.Errorf("chunk at %d: %w", pos, err)
			}
		}
		if pos == len(data) {
			w.rec.warn("truncated", int64(pos), "file ends before IEND")
			return nil
		}
		if len(data)-pos < 12 {
			w.rec.warn("truncated", int64(pos), "file ends inside a chunk header")
			return nil
		}
		size := be32(data[pos:])
		typ := data[pos+4 : pos+8]
		if !pngValidType(typ) {
			w.rec.warn("malformed", int64(pos), "chunk type %q is not four letters", typ)
			return nil
		}
		if int64(size) > int64(len(data)-pos-12) {
			w.rec.segment(string(typ), int64(pos), int64(len(data)-pos))
			w.rec.warn("truncated", int64(pos), "%s chunk of %d bytes runs past the end of the file", typ, size)
			if string(typ) == "caBX" {
				w.c2pa.cut(int64(pos), "caBX chunk")
			}
			return nil
		}
		end := pos + 12 + int(size)
		c := pngChunk{typ: pngTypeName(typ), off: int64(pos), data: data[pos+8 : end-4]}
		if got, want := crc32.ChecksumIEEE(data[pos+4:end-4]), be32(data[end-4:]); got != want {
			w.rec.warn("crc", c.off, "%s chunk CRC %08x, computed %08x", c.typ, want, got)
		}
		if c.typ == "IDAT" {
			w.rec.mergeSegment(c.typ, c.off, c.length())
		} else {
			w.rec.segment(c.typ, c.off, c.length())
		}
		if c.typ == "caBX" {
			w.c2pa.unit("C2PA", c.off, c.length())
		} else {
			w.c2pa.unit(c.typ, c.off, c.length())
		}
		w.chunk(c)
		pos = end
		if c.typ == "IEND" {
			w.rec.trailer(data, pos)
			return nil
		}
	}
}

func pngValidType(t []byte) bool {
	for _, c := range t {
		if (c < 'A' || c > 'Z') && (c < 'a' || c > 'z') {
			return false
		}
	}
	return true
}

// pngKnownTypes interns the chunk types of the PNG specification and its
// registered extensions, so the common case allocates no type string.
// Ancillary chunks outside this set are kept whole in Inventory.Other.
var pngKnownTypes = func() map[string]string {
	m := map[string]string{}
	for _, t := range []string{
		"IHDR", "PLTE", "IDAT", "IEND", "tRNS", "cHRM", "gAMA", "iCCP", "sBIT", "sRGB",
		"cICP", "mDCV", "mDCv", "cLLI", "cLLi", "tEXt", "zTXt", "iTXt", "bKGD", "hIST",
		"pHYs", "sPLT", "eXIf", "tIME", "acTL", "fcTL", "fdAT", "oFFs", "pCAL", "sCAL",
		"gIFg", "gIFx", "gIFt", "sTER", "dSIG", "caBX", "comf",
	} {
		m[t] = t
	}
	return m
}()

func pngTypeName(t []byte) string {
	if s, ok := pngKnownTypes[string(t)]; ok { // no allocation for the lookup
		return s
	}
	return string(t)
}

type pngWalker struct {
	ctx  context.Context // the time limit and the file's allowance
	inv  *Inventory
	lim  Limits
	rec  *recorder
	c2pa *C2PACarrier
}

func (w *pngWalker) chunk(c pngChunk) {
	inv := w.inv
	switch c.typ {
	case "IHDR":
		w.ihdr(c)
	case "acTL":
		if len(c.data) >= 8 {
			inv.Animated = true
			inv.Frames = int(min(be32(c.data), 1<<31-1))
		}
	case "tEXt", "zTXt", "iTXt", "comf":
		w.text(c)
	case "eXIf":
		w.rec.block(&inv.EXIF, Block{Source: "eXIf", Offset: c.off, Length: c.length(), Data: bytes.TrimPrefix(c.data, jpegExifHeader)})
	case "iCCP":
		w.iccp(c)
	case "caBX":
		w.rec.block(&inv.C2PA, Block{Source: "caBX", Offset: c.off, Length: c.length(), Data: c.data})
		w.c2pa.take(c.data, c.off, c.length())
	default:
		if _, known := pngKnownTypes[c.typ]; !known && c.typ[0] >= 'a' && c.typ[0] <= 'z' {
			d := c.data
			if int64(len(d)) > w.lim.MaxInflate {
				d = d[:w.lim.MaxInflate]
			}
			w.rec.other(Block{Source: c.typ, Offset: c.off, Length: c.length(), Data: d})
		}
	}
}

// pngComponents maps the IHDR colour type to samples per pixel as decoded:
// a palette image decodes to RGB.
var pngComponents = map[byte]int{0: 1, 2: 3, 3: 3, 4: 2, 6: 4}

func (w *pngWalker) ihdr(c pngChunk) {
	if len(c.data) < 13 {
		w.rec.warn("malformed", c.off, "IHDR of %d bytes", len(c.data))
		return
	}
	inv, d := w.inv, c.data
	inv.Width = int(min(be32(d), 1<<31-1))
	inv.Height = int(min(be32(d[4:]), 1<<31-1))
	inv.BitDepth = int(d[8])
	inv.Components = pngComponents[d[9]]
	inv.HasAlpha = d[9] == 4 || d[9] == 6
	inv.Progressive = d[12] == 1 // Adam7 interlacing
}

// iccp holds an embedded ICC profile: name, NUL, compression method, zlib data.
func (w *pngWalker) iccp(c pngChunk) {
	name, rest, ok := bytes.Cut(c.data, []byte{0})
	if !ok || len(rest) < 1 {
		w.rec.warn("malformed", c.off, "iCCP without a profile name terminator")
		return
	}
	prof, truncated, err := inflateZlib(w.ctx, rest[1:], w.lim.MaxInflate)
	w.rec.inflated(c.off, "iCCP profile", w.lim.MaxInflate, truncated, err)
	if len(prof) > 0 {
		w.rec.block(&w.inv.ICC, Block{Source: "iCCP", Key: latin1String(name), Offset: c.off, Length: c.length(), Data: prof})
	}
}
