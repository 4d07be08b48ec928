package container

import (
	"bytes"
	"encoding/binary"
	"slices"
	"strings"
	"testing"
)

// Byte builders for the RIFF, TIFF and BMFF walker tests. They build small
// but structurally real files so each test states exactly which bytes it
// exercises.

// riffChunk returns a chunk with its header and pad byte.
func riffChunk(id string, payload []byte) []byte {
	b := binary.LittleEndian.AppendUint32([]byte(id), uint32(len(payload)))
	b = append(b, payload...)
	if len(payload)%2 == 1 {
		b = append(b, 0)
	}
	return b
}

// riffFile wraps chunks in a RIFF header of the given form type.
func riffFile(form string, chunks ...[]byte) []byte {
	body := append([]byte(form), bytes.Join(chunks, nil)...)
	return append(binary.LittleEndian.AppendUint32([]byte("RIFF"), uint32(len(body))), body...)
}

// riffVP8X returns a VP8X payload with the given flags and canvas size.
func riffVP8X(flags byte, w, h int) []byte {
	p := []byte{flags, 0, 0, 0}
	p = append(p, byte(w-1), byte((w-1)>>8), byte((w-1)>>16))
	return append(p, byte(h-1), byte((h-1)>>8), byte((h-1)>>16))
}

// riffVP8 returns the start of a lossy key frame of the given size.
func riffVP8(w, h int) []byte {
	p := []byte{0x10, 0x02, 0x00, 0x9d, 0x01, 0x2a}
	p = binary.LittleEndian.AppendUint16(p, uint16(w))
	p = binary.LittleEndian.AppendUint16(p, uint16(h))
	return append(p, 0, 0, 0, 0)
}

// riffVP8L returns the header of a lossless image.
func riffVP8L(w, h int, alpha bool) []byte {
	bits := uint32(w-1) | uint32(h-1)<<14
	if alpha {
		bits |= 1 << 28
	}
	return append(binary.LittleEndian.AppendUint32([]byte{0x2f}, bits), 0, 0)
}

// jumbfTestStore returns a minimal JUMBF superbox: jumb { jumd "c2pa" }.
func jumbfTestStore() []byte {
	jumd := []byte("c2pa\x00\x11\x00\x10\x80\x00\x00\xaa\x00\x38\x9b\x71\x03c2pa\x00")
	jumd = append(binary.BigEndian.AppendUint32(nil, uint32(8+len(jumd))), append([]byte("jumd"), jumd...)...)
	return append(binary.BigEndian.AppendUint32(nil, uint32(8+len(jumd))), append([]byte("jumb"), jumd...)...)
}

// tiffOrder is binary.LittleEndian or binary.BigEndian.
type tiffOrder interface {
	binary.ByteOrder
	binary.AppendByteOrder
}

// tiffTestEntry is one IFD entry for tiffBuild. sub >= 0 makes the value a
// LONG pointer to extra IFD number sub.
type tiffTestEntry struct {
	tag, typ uint16
	count    uint32
	val      []byte
	sub      int
}

func tiffShort(bo tiffOrder, tag uint16, v uint16) tiffTestEntry {
	return tiffTestEntry{tag: tag, typ: 3, count: 1, val: bo.AppendUint16(nil, v), sub: -1}
}

func tiffLong(bo tiffOrder, tag uint16, v uint32) tiffTestEntry {
	return tiffTestEntry{tag: tag, typ: 4, count: 1, val: bo.AppendUint32(nil, v), sub: -1}
}

func tiffBytes(tag, typ uint16, v []byte) tiffTestEntry {
	return tiffTestEntry{tag: tag, typ: typ, count: uint32(len(v)), val: v, sub: -1}
}

func tiffSub(tag uint16, sub int) tiffTestEntry {
	return tiffTestEntry{tag: tag, typ: 4, count: 1, sub: sub}
}

// tiffLayout is a built TIFF and where its IFDs landed.
type tiffLayout struct {
	data        []byte
	chain       []int // offsets of the main-chain IFDs
	extra       []int // offsets of the sub-IFDs
	valueOffset map[uint16]int
}

// tiffBuild lays out a TIFF: header, the chained IFDs, the extra IFDs (only
// reachable through sub pointers), then the out-of-line values.
func tiffBuild(bo tiffOrder, chain [][]tiffTestEntry, extra ...[]tiffTestEntry) tiffLayout {
	l := tiffLayout{valueOffset: map[uint16]int{}}
	off := 8
	for _, ifd := range chain {
		l.chain = append(l.chain, off)
		off += 2 + 12*len(ifd) + 4
	}
	for _, ifd := range extra {
		l.extra = append(l.extra, off)
		off += 2 + 12*len(ifd) + 4
	}
	values := off
	var b []byte
	if bo.String() == "LittleEndian" {
		b = []byte("II*\x00")
	} else {
		b = []byte("MM\x00*")
	}
	b = bo.AppendUint32(b, 8)
	var vals []byte
	write := func(ifd []tiffTestEntry, next int) {
		b = bo.AppendUint16(b, uint16(len(ifd)))
		for _, e := range ifd {
			b = bo.AppendUint16(b, e.tag)
			b = bo.AppendUint16(b, e.typ)
			b = bo.AppendUint32(b, e.count)
			v := e.val
			if e.sub >= 0 {
				v = bo.AppendUint32(nil, uint32(l.extra[e.sub]))
			}
			if len(v) <= 4 {
				b = append(b, append(v, make([]byte, 4-len(v))...)...)
				continue
			}
			l.valueOffset[e.tag] = values + len(vals)
			b = bo.AppendUint32(b, uint32(values+len(vals)))
			vals = append(vals, v...)
			if len(vals)%2 == 1 {
				vals = append(vals, 0)
			}
		}
		b = bo.AppendUint32(b, uint32(next))
	}
	for i, ifd := range chain {
		next := 0
		if i+1 < len(chain) {
			next = l.chain[i+1]
		}
		write(ifd, next)
	}
	for _, ifd := range extra {
		write(ifd, 0)
	}
	l.data = append(b, vals...)
	return l
}

// bmffBox returns a box with a 32-bit size.
func bmffBoxBytes(typ string, payload ...[]byte) []byte {
	p := bytes.Join(payload, nil)
	return append(binary.BigEndian.AppendUint32(nil, uint32(8+len(p))), append([]byte(typ), p...)...)
}

// bmffFull returns a full box with version and flags.
func bmffFull(typ string, version byte, flags uint32, payload ...[]byte) []byte {
	vf := binary.BigEndian.AppendUint32(nil, uint32(version)<<24|flags&0xffffff)
	return bmffBoxBytes(typ, append([][]byte{vf}, payload...)...)
}

func bmffFtyp(major string, compat ...string) []byte {
	return bmffBoxBytes("ftyp", []byte(major), []byte{0, 0, 0, 0}, []byte(strings.Join(compat, "")))
}

// bmffC2PABox returns the top-level C2PA uuid box holding store.
func bmffC2PABox(purpose string, store []byte) []byte {
	p := slices.Concat(bmffC2PAUUID, []byte{0, 0, 0, 0}, []byte(purpose), []byte{0})
	if purpose == "manifest" {
		p = append(p, make([]byte, 8)...)
	}
	return bmffBoxBytes("uuid", p, store, []byte{0, 0, 0}) // padded after the store
}

func bmffInfe(id uint16, typ string, contentType string) []byte {
	p := binary.BigEndian.AppendUint16(nil, id)
	p = append(p, 0, 0)
	p = append(p, typ...)
	p = append(p, 0) // empty item name
	if typ == "mime" {
		p = append(append(p, contentType...), 0)
	}
	return bmffFull("infe", 2, 0, p)
}

// bmffTestItem is one iloc entry: construction method and extents.
type bmffTestItem struct {
	id      uint16
	method  uint16
	extents [][2]uint32 // offset, length
}

// bmffIloc returns an iloc v1 box with 4-byte offsets and lengths and no
// base offset.
func bmffIloc(items ...bmffTestItem) []byte {
	p := []byte{0x44, 0x00}
	p = binary.BigEndian.AppendUint16(p, uint16(len(items)))
	for _, it := range items {
		p = binary.BigEndian.AppendUint16(p, it.id)
		p = binary.BigEndian.AppendUint16(p, it.method)
		p = binary.BigEndian.AppendUint16(p, 0) // data reference index
		p = binary.BigEndian.AppendUint16(p, uint16(len(it.extents)))
		for _, e := range it.extents {
			p = binary.BigEndian.AppendUint32(p, e[0])
			p = binary.BigEndian.AppendUint32(p, e[1])
		}
	}
	return bmffFull("iloc", 1, 0, p)
}

func bmffIspe(w, h uint32) []byte {
	return bmffFull("ispe", 0, 0, binary.BigEndian.AppendUint32(binary.BigEndian.AppendUint32(nil, w), h))
}

// bmffHEIC builds a HEIC-like file: ftyp, a C2PA uuid box, meta (hdlr,
// pitm, iinf, iloc, iprp with two ispe, idat) and mdat. Item 1 is the
// primary hvc1 image (640x480), item 2 a 64x64 thumbnail, item 3 the Exif
// item in mdat split in two extents, item 4 XMP in idat.
func bmffHEIC(exifTIFF, xmp, store []byte) []byte {
	exif := slices.Concat([]byte{0, 0, 0, 6}, []byte("Exif\x00\x00"), exifTIFF)
	half := len(exif) / 2
	build := func(mdatBody int) []byte {
		iinf := bmffFull("iinf", 0, 0, []byte{0, 4},
			bmffInfe(1, "hvc1", ""), bmffInfe(2, "hvc1", ""), bmffInfe(3, "Exif", ""),
			bmffInfe(4, "mime", "application/rdf+xml"))
		iloc := bmffIloc(
			bmffTestItem{id: 1, extents: [][2]uint32{{uint32(mdatBody + len(exif)), 4}}},
			bmffTestItem{id: 3, extents: [][2]uint32{{uint32(mdatBody), uint32(half)}, {uint32(mdatBody + half), uint32(len(exif) - half)}}},
			bmffTestItem{id: 4, method: 1, extents: [][2]uint32{{2, uint32(len(xmp))}}},
		)
		ipma := bmffFull("ipma", 0, 0, []byte{0, 0, 0, 2, 0, 1, 1, 0x81, 0, 2, 1, 0x82})
		meta := bmffFull("meta", 0, 0,
			bmffFull("hdlr", 0, 0, []byte{0, 0, 0, 0}, []byte("pict"), make([]byte, 13)),
			bmffFull("pitm", 0, 0, []byte{0, 1}),
			iinf, iloc,
			bmffBoxBytes("iprp", bmffBoxBytes("ipco", bmffIspe(640, 480), bmffIspe(64, 64)), ipma),
			bmffBoxBytes("idat", []byte{0xAA, 0xBB}, xmp),
		)
		head := slices.Concat(bmffFtyp("heic", "mif1", "heic"), bmffC2PABox("manifest", store), meta)
		return slices.Concat(head, bmffBoxBytes("mdat", exif, []byte{1, 2, 3, 4}))
	}
	first := build(0)
	mdatBody := len(first) - len(exif) - 4
	return build(mdatBody)
}

// bmffMP4 builds a small MP4: ftyp, moov (mvhd, one video trak with
// tkhd/mdia/hdlr/minf/stbl/stsz, udta/meta/ilst with a ©too text), mdat.
func bmffMP4(w, h, samples uint32) []byte {
	tkhd := make([]byte, 80)
	binary.BigEndian.PutUint32(tkhd[72:], w<<16)
	binary.BigEndian.PutUint32(tkhd[76:], h<<16)
	stsz := binary.BigEndian.AppendUint32(make([]byte, 4), samples)
	trak := bmffBoxBytes("trak",
		bmffFull("tkhd", 0, 3, tkhd),
		bmffBoxBytes("mdia",
			bmffFull("hdlr", 0, 0, []byte{0, 0, 0, 0}, []byte("vide"), make([]byte, 13)),
			bmffBoxBytes("minf",
				bmffFull("hdlr", 0, 0, []byte{0, 0, 0, 0}, []byte("alis"), make([]byte, 13)),
				bmffBoxBytes("stbl", bmffFull("stsz", 0, 0, stsz)))))
	data := bmffBoxBytes("data", []byte{0, 0, 0, 1, 0, 0, 0, 0}, []byte("Lavf61.1.100"))
	udta := bmffBoxBytes("udta", bmffFull("meta", 0, 0,
		bmffFull("hdlr", 0, 0, []byte{0, 0, 0, 0}, []byte("mdirappl"), make([]byte, 9)),
		bmffBoxBytes("ilst", bmffBoxBytes("\xa9too", data))))
	moov := bmffBoxBytes("moov", bmffFull("mvhd", 0, 0, make([]byte, 96)), trak, udta)
	return slices.Concat(bmffFtyp("isom", "isom", "mp41"), moov, bmffBoxBytes("mdat", make([]byte, 16)))
}

// rtbWarnings lists the codes of inv's warnings.
func rtbWarnings(inv *Inventory) []string {
	var out []string
	for _, w := range inv.Warnings {
		out = append(out, w.Code)
	}
	return out
}

// rtbSegments lists inv's segment types.
func rtbSegments(inv *Inventory) []string {
	var out []string
	for _, s := range inv.Segments {
		out = append(out, s.Type)
	}
	return out
}

// rtbCheckBounds fails when a block or segment points outside the
// file: every range a walker reports must be inside it.
func rtbCheckBounds(t testing.TB, inv *Inventory, size int) {
	t.Helper()
	for _, list := range [][]Block{inv.EXIF, inv.XMP, inv.IPTC, inv.ICC, inv.C2PA, inv.Other} {
		for _, b := range list {
			if b.Offset < 0 || b.Length < 0 || b.Offset+b.Length > int64(size) {
				t.Errorf("%s block [%d,+%d) outside the %d-byte file", b.Source, b.Offset, b.Length, size)
			}
		}
	}
	for _, s := range inv.Segments {
		if s.Offset < 0 || s.Length < 0 || s.Offset+s.Length > int64(size) {
			t.Errorf("segment %s [%d,+%d) outside the %d-byte file", s.Type, s.Offset, s.Length, size)
		}
	}
	if tr := inv.Trailer; tr.Length > 0 && tr.Offset+tr.Length != int64(size) {
		t.Errorf("trailer [%d,+%d) does not end at %d", tr.Offset, tr.Length, size)
	}
}
