package container

import (
	"bytes"
	"slices"
)

// Metadata that JPEG spreads over several segments because one segment holds
// at most 65,533 payload bytes: ICC profiles (APP2), extended XMP (APP1) and
// JUMBF boxes such as the C2PA manifest store (APP11). Pieces are gathered
// during the walk and joined at the end. A single piece is aliased, never
// copied; joined pieces are copied once, so the copy is bounded by the file
// size (extended XMP, whose declared size drives an allocation, is also held
// to Limits.MaxInflate).

// jpegSpan is the byte range from the first to the last segment of a
// multi-segment payload.
type jpegSpan struct{ off, end int64 }

func (s *jpegSpan) extend(off, length int64) {
	if s.end == 0 {
		s.off = off
	}
	s.end = off + length
}

func joinPieces(pieces [][]byte) []byte {
	if len(pieces) == 1 {
		return pieces[0]
	}
	return bytes.Join(pieces, nil)
}

var jpegICCHeader = []byte("ICC_PROFILE\x00")

// jpegICC gathers APP2 ICC_PROFILE chunks: 12-byte header, 1-based chunk
// number, chunk count, data.
type jpegICC struct {
	chunks []jpegICCChunk
	span   jpegSpan
	count  int
}

type jpegICCChunk struct {
	seq  int
	data []byte
}

func (c *jpegICC) add(rec *recorder, off, length int64, p []byte) {
	if !bytes.HasPrefix(p, jpegICCHeader) {
		return
	}
	if len(p) < len(jpegICCHeader)+2 {
		rec.warn("malformed", off, "ICC_PROFILE segment of %d bytes", len(p))
		return
	}
	if len(c.chunks) >= 255 {
		rec.warn("malformed", off, "more than 255 ICC_PROFILE segments")
		return
	}
	seq, count := int(p[12]), int(p[13])
	if c.count == 0 {
		c.count = count
	}
	c.chunks = append(c.chunks, jpegICCChunk{seq: seq, data: p[14:]})
	c.span.extend(off, length)
}

func (c *jpegICC) finish(rec *recorder) {
	if len(c.chunks) == 0 {
		return
	}
	slices.SortStableFunc(c.chunks, func(a, b jpegICCChunk) int { return a.seq - b.seq })
	complete := len(c.chunks) == c.count
	pieces := make([][]byte, len(c.chunks))
	for i, ch := range c.chunks {
		pieces[i] = ch.data
		if ch.seq != i+1 {
			complete = false
		}
	}
	if !complete {
		rec.warn("malformed", c.span.off, "ICC profile: %d of %d chunks, or chunk numbers out of sequence", len(c.chunks), c.count)
	}
	rec.block(&rec.inv.ICC, Block{Source: "APP2", Offset: c.span.off, Length: c.span.end - c.span.off, Data: joinPieces(pieces)})
}

// jpegExtendedXMP gathers extended XMP: the part of an XMP packet that did not
// fit in one APP1 segment. Each segment carries the 32-character GUID of the
// whole, its full length, this chunk's offset in the whole, and the chunk.
type jpegExtendedXMP struct {
	parts  []*jpegExtXMPPart
	budget int64 // bytes allocated for all parts so far
}

type jpegExtXMPPart struct {
	guid    string
	buf     []byte // nil when refused
	got     int64
	span    jpegSpan
	refused bool
}

// maxExtendedXMP caps the distinct GUIDs kept; a real file has one.
const maxExtendedXMP = 16

func (x *jpegExtendedXMP) add(rec *recorder, lim Limits, fileLen int, off, length int64, p []byte) {
	if len(p) < 40 {
		rec.warn("malformed", off, "extended XMP segment of %d bytes", len(p))
		return
	}
	guid, full, at, chunk := string(p[:32]), int64(be32(p[32:])), int64(be32(p[36:])), p[40:]
	var part *jpegExtXMPPart
	for _, q := range x.parts {
		if q.guid == guid {
			part = q
			break
		}
	}
	if part == nil {
		if len(x.parts) >= maxExtendedXMP {
			rec.warn("limit", off, "more than %d extended XMP GUIDs", maxExtendedXMP)
			return
		}
		part = &jpegExtXMPPart{guid: guid}
		x.parts = append(x.parts, part)
		// The whole cannot be larger than the file that holds its pieces.
		if full > int64(fileLen) || x.budget+full > lim.MaxInflate {
			part.refused = true
			rec.warn("limit", off, "extended XMP %s declares %d bytes, over the limit", guid, full)
		} else {
			x.budget += full
			part.buf = make([]byte, full)
		}
	}
	part.span.extend(off, length)
	if part.refused {
		return
	}
	if at+int64(len(chunk)) > full {
		rec.warn("malformed", off, "extended XMP chunk at %d+%d past its declared length %d", at, len(chunk), full)
		return
	}
	copy(part.buf[at:], chunk)
	part.got += int64(len(chunk))
}

func (x *jpegExtendedXMP) finish(rec *recorder) {
	for _, p := range x.parts {
		if p.refused {
			continue
		}
		if p.got < int64(len(p.buf)) {
			rec.warn("malformed", p.span.off, "extended XMP %s: %d of %d bytes present", p.guid, p.got, len(p.buf))
		}
		rec.block(&rec.inv.XMP, Block{Source: "APP1:extended", Key: p.guid, Offset: p.span.off, Length: p.span.end - p.span.off, Data: p.buf})
	}
}

// jpegJUMBF gathers APP11 JPEG XT segments. Each payload is CI "JP", En (box
// instance, 2 bytes), Z (packet sequence, 4 bytes, from 1), then box bytes.
// The first packet of a box starts with the box's own LBox/TBox header;
// every continuation repeats that 8-byte header, which is dropped on
// joining. Segments of one box share En; a Z that does not increase starts
// a new box, as does a new En.
type jpegJUMBF struct {
	boxes []*jpegJUMBFBox
}

type jpegJUMBFBox struct {
	en     uint16
	lastZ  uint32
	lbox   uint64 // declared box length, 0 when unknown
	isC2PA bool
	cut    bool // more pieces than Limits.MaxBlocks
	pieces [][]byte
	span   jpegSpan
	data   []byte // the joined box, set by finish
}

// maxJUMBFBoxes caps the boxes tracked; C2PA allows one store per file.
const maxJUMBFBoxes = 64

// add adds one APP11 segment and returns the box it joined or started,
// nil when it belongs to none.
func (j *jpegJUMBF) add(rec *recorder, off, length int64, p []byte) *jpegJUMBFBox {
	if len(p) < 2 || p[0] != 'J' || p[1] != 'P' {
		return nil // APP11 used for something other than JPEG XT boxes
	}
	if len(p) < 16 {
		rec.warn("malformed", off, "APP11 JUMBF segment of %d bytes", len(p))
		return nil
	}
	en, z := be16(p[2:]), be32(p[4:])
	var box *jpegJUMBFBox
	for i := len(j.boxes) - 1; i >= 0; i-- {
		if j.boxes[i].en == en {
			box = j.boxes[i]
			break
		}
	}
	if box != nil && z > box.lastZ {
		if len(box.pieces) >= rec.max {
			// Bounded like the segment list; the box stays incomplete.
			if !box.cut {
				box.cut = true
				rec.warn("limit", off, "APP11 box %d in more than %d segments", en, rec.max)
			}
			return nil
		}
		if z != box.lastZ+1 {
			rec.warn("malformed", off, "APP11 box %d: packet %d follows packet %d", en, z, box.lastZ)
		}
		box.pieces = append(box.pieces, p[16:])
		box.lastZ = z
		box.span.extend(off, length)
		return box
	}
	if len(j.boxes) >= maxJUMBFBoxes {
		rec.warn("limit", off, "more than %d APP11 JUMBF boxes", maxJUMBFBoxes)
		return nil
	}
	if z != 1 {
		rec.warn("malformed", off, "APP11 box %d starts with packet %d", en, z)
	}
	box = &jpegJUMBFBox{en: en, lastZ: z, lbox: uint64(be32(p[8:]))}
	if box.lbox == 1 && len(p) >= 24 {
		box.lbox = uint64(be32(p[16:]))<<32 | uint64(be32(p[20:]))
	}
	// A C2PA store is a jumb superbox whose jumd description box has a type
	// UUID beginning with "c2pa": box header (8), jumd header (8), UUID.
	// As the SDK, only the UUID decides: a damaged box header then makes
	// the store unreadable (invalid) instead of hiding it.
	box.isC2PA = jpegC2PASegment(p)
	box.pieces = [][]byte{p[8:]}
	box.span.extend(off, length)
	j.boxes = append(j.boxes, box)
	return box
}

func (j *jpegJUMBF) finish(rec *recorder) {
	for _, box := range j.boxes {
		data := joinPieces(box.pieces)
		box.data = data
		if box.lbox > 1 && box.lbox != uint64(len(data)) {
			rec.warn("malformed", box.span.off, "APP11 box %d declares %d bytes, its segments hold %d", box.en, box.lbox, len(data))
		}
		b := Block{Source: "APP11", Offset: box.span.off, Length: box.span.end - box.span.off, Data: data}
		if box.isC2PA {
			rec.block(&rec.inv.C2PA, b)
			continue
		}
		b.Key = "JUMBF"
		rec.other(b)
	}
}
