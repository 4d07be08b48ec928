package container

import (
	"bytes"
	"context"
	"fmt"
)

// Extended types of the top-level uuid boxes the walker reads.
var (
	bmffC2PAUUID = []byte{0xd8, 0xfe, 0xc3, 0xd6, 0x1b, 0x0e, 0x48, 0x3c, 0x92, 0x97, 0x58, 0x28, 0x87, 0x7e, 0xc4, 0x81}
	bmffXMPUUID  = []byte{0xbe, 0x7a, 0xcf, 0xcb, 0x97, 0xa9, 0x42, 0xe8, 0x9c, 0x71, 0x99, 0x94, 0x91, 0xe3, 0xaf, 0xac}
)

// bmffBox is one box header located in the file.
type bmffBox struct {
	typ  string
	off  int64 // first header byte
	body int64 // first payload byte, after size, type, largesize and usertype
	end  int64
	uuid []byte // extended type of a uuid box
}

// bmffWalker carries the state of one ISO BMFF walk.
type bmffWalker struct {
	inv  *Inventory
	lim  Limits
	data []byte
	*recorder

	items     map[uint32]*bmffItem
	primary   uint32
	hasPitm   bool
	props     []bmffProp
	idat      []byte
	idatOff   int64
	tracks    []bmffTrack
	keys      []string // moov/meta/keys names, for ilst
	itemsFull bool
	c2pa      *C2PACarrier
}

// walkBMFF walks the top-level boxes of an ISO BMFF file (HEIF, AVIF, MP4,
// MOV, M4A) and the metadata boxes below meta and moov. mdat is never read.
func walkBMFF(ctx context.Context, inv *Inventory, data []byte, lim Limits) error {
	lim = lim.withDefaults()
	w := &bmffWalker{inv: inv, lim: lim, data: data, recorder: newRecorder(inv, lim), items: map[uint32]*bmffItem{}, c2pa: newC2PACarrier("bmff", lim)}
	inv.Carrier = w.c2pa
	end := int64(len(data))
	for off, n := int64(0), 0; off < end; n++ {
		if n&255 == 255 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		b, err := w.box(off, end)
		if err != nil {
			if off == 0 {
				return fmt.Errorf("bmff: first box: %w", err)
			}
			w.warn("trailing-data", off, "%d bytes after the last box: %v", end-off, err)
			inv.Trailer = Segment{Type: "trailer", Offset: off, Length: end - off}
			break
		}
		w.segment(b.typ, b.off, b.end-b.off)
		w.c2pa.unit(b.typ, b.off, b.end-b.off)
		switch b.typ {
		case "ftyp":
			w.ftyp(b)
		case "meta":
			w.meta(b, 1)
		case "moov":
			w.moov(b)
		case "uuid":
			w.uuidBox(b)
		}
		off = b.end
	}
	w.items2blocks()
	w.dimensions()
	return nil
}

// box parses the box header at off; the box must end by limit. A box that
// runs past limit is clamped to it with a warning, so a cut-off mdat still
// leaves the boxes before it usable.
func (w *bmffWalker) box(off, limit int64) (bmffBox, error) {
	data := w.data
	if limit-off < 8 {
		return bmffBox{}, fmt.Errorf("box header at %d: %w", off, ErrTruncated)
	}
	size := uint64(be32(data[off : off+4]))
	b := bmffBox{typ: string(data[off+4 : off+8]), off: off, body: off + 8}
	switch size {
	case 0: // to the end of the enclosing box or file
		size = uint64(limit - off)
	case 1:
		if limit-off < 16 {
			return b, fmt.Errorf("%q largesize at %d: %w", b.typ, off, ErrTruncated)
		}
		size = bmffU64(data[off+8 : off+16])
		b.body += 8
	}
	if b.typ == "uuid" {
		if limit-b.body < 16 {
			return b, fmt.Errorf("uuid box at %d: %w", off, ErrTruncated)
		}
		b.uuid = data[b.body : b.body+16]
		b.body += 16
	}
	if size < uint64(b.body-off) {
		return b, fmt.Errorf("%q box at %d has size %d: %w", b.typ, off, size, ErrMalformed)
	}
	if size > uint64(limit-off) {
		w.warn("truncated", off, "%q box of %d bytes runs past its end (%d bytes left)", b.typ, size, limit-off)
		size = uint64(limit - off)
	}
	b.end = off + int64(size)
	return b, nil
}

// each calls fn for every child box in data[start:parent.end].
func (w *bmffWalker) each(parent bmffBox, start int64, depth int, fn func(b bmffBox, depth int)) {
	if depth > w.lim.MaxDepth {
		w.warn("limit", parent.off, "boxes nested deeper than %d", w.lim.MaxDepth)
		return
	}
	for off := start; off < parent.end; {
		b, err := w.box(off, parent.end)
		if err != nil {
			w.warn("malformed", off, "in %q box: %v", parent.typ, err)
			return
		}
		fn(b, depth)
		off = b.end
	}
}

// ftyp records the major and compatible brands.
func (w *bmffWalker) ftyp(b bmffBox) {
	p := w.data[b.body:b.end]
	if len(p) < 8 {
		w.warn("malformed", b.off, "ftyp box of %d bytes", len(p))
		return
	}
	w.inv.Brands = append(w.inv.Brands, string(p[0:4]))
	for i := 8; i+4 <= len(p) && len(w.inv.Brands) < 64; i += 4 {
		w.inv.Brands = append(w.inv.Brands, string(p[i:i+4]))
	}
	for _, br := range w.inv.Brands {
		switch br {
		case "msf1", "avis", "hevs", "hevm":
			w.inv.Animated = true
		}
	}
}

// uuidBox reads a top-level uuid box: a C2PA manifest store or XMP.
func (w *bmffWalker) uuidBox(b bmffBox) {
	p := w.data[b.body:b.end:b.end]
	switch {
	case bytes.Equal(b.uuid, bmffXMPUUID):
		w.add(&w.inv.XMP, Block{Source: "uuid:xmp", Offset: b.off, Length: b.end - b.off, Data: p})
	case bytes.Equal(b.uuid, bmffC2PAUUID):
		// FullBox version and flags, box_purpose as a C string; a
		// "manifest" box then holds the offset of the first merkle box
		// (8 bytes) and the store.
		if len(p) < 5 {
			w.warn("malformed", b.off, "C2PA uuid box of %d bytes", len(p))
			return
		}
		purpose, rest := bmffCString(p[4:min(len(p), 4+64)])
		if rest == nil {
			w.warn("malformed", b.off, "C2PA uuid box without a purpose string")
			return
		}
		body := p[4+len(purpose)+1:]
		if purpose != "manifest" {
			w.other(Block{Source: "uuid:c2pa:" + purpose, Offset: b.off, Length: b.end - b.off, Data: body})
			return
		}
		if len(body) < 8 {
			w.warn("truncated", b.off, "C2PA manifest uuid box without its store")
			return
		}
		store := body[8:]
		// The box may be padded after the store: cut at the JUMBF length.
		if len(store) >= 8 {
			if n := be32(store[0:4]); n >= 8 && uint64(n) <= uint64(len(store)) {
				store = store[:n:n]
			}
		}
		w.add(&w.inv.C2PA, Block{Source: "uuid:c2pa", Offset: b.off, Length: b.end - b.off, Data: store})
		w.c2pa.take(store, b.off, b.end-b.off)
	}
}

// bmffCString splits p at the first NUL. rest is nil when there is none.
func bmffCString(p []byte) (s string, rest []byte) {
	if i := bytes.IndexByte(p, 0); i >= 0 {
		return string(p[:i]), p[i+1:]
	}
	return string(p), nil
}

func bmffU64(b []byte) uint64 { return uint64(be32(b[0:4]))<<32 | uint64(be32(b[4:8])) }

// bmffReader reads big-endian fields from p; a read past the end sets bad
// and returns 0, so parsers check once per record instead of per field.
type bmffReader struct {
	p   []byte
	i   int
	bad bool
}

func (r *bmffReader) need(n int) bool {
	if r.bad || n > len(r.p)-r.i {
		r.bad = true
		return false
	}
	return true
}

func (r *bmffReader) skip(n int) {
	if r.need(n) {
		r.i += n
	}
}

func (r *bmffReader) u8() uint32 {
	if !r.need(1) {
		return 0
	}
	r.i++
	return uint32(r.p[r.i-1])
}

func (r *bmffReader) u16() uint16 {
	if !r.need(2) {
		return 0
	}
	r.i += 2
	return be16(r.p[r.i-2:])
}

func (r *bmffReader) u32() uint32 {
	if !r.need(4) {
		return 0
	}
	r.i += 4
	return be32(r.p[r.i-4:])
}

// uint reads a field of size 0, 4 or 8 bytes.
func (r *bmffReader) uint(size int) uint64 {
	switch size {
	case 4:
		return uint64(r.u32())
	case 8:
		if !r.need(8) {
			return 0
		}
		r.i += 8
		return bmffU64(r.p[r.i-8:])
	}
	return 0
}
