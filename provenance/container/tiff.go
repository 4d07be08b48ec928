package container

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
)

// TIFF tags the walker reads.
const (
	tiffNewSubfileType  = 254
	tiffImageWidth      = 256
	tiffImageLength     = 257
	tiffBitsPerSample   = 258
	tiffSamplesPerPixel = 277
	tiffSubIFDs         = 330
	tiffXMP             = 700
	tiffIPTC            = 33723
	tiffPhotoshop       = 34377
	tiffExifIFD         = 34665
	tiffICC             = 34675
	tiffGPSIFD          = 34853
	tiffInteropIFD      = 40965
	tiffDNGVersion      = 50706
	tiffC2PA            = 0xCD41
)

// tiffMaxEntries bounds the IFD entries read from one file, so overlapping
// IFDs that each claim 65535 entries cannot make the walk quadratic.
const tiffMaxEntries = 1 << 20

// tiffMaxSubIFDs bounds the IFD pointers followed from one tag; a DNG has
// a handful of SubIFDs.
const tiffMaxSubIFDs = 256

// tiffTypeSize is the byte size of each TIFF field type; 0 marks a type
// whose value cannot be located.
var tiffTypeSize = [...]uint64{1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8, 13: 4}

// tiffImage is what one image IFD says about its image.
type tiffImage struct {
	width, height, samples, bits int
	reduced                      bool // NewSubfileType bit 0: a thumbnail or preview
}

// tiffWalker carries the state of one TIFF walk.
type tiffWalker struct {
	inv     *Inventory
	lim     Limits
	data    []byte
	bo      binary.ByteOrder
	visited map[uint32]bool
	entries int
	images  []tiffImage
	*recorder
	c2pa *C2PACarrier
}

// tiffEntry is one IFD entry with its value located in the file.
type tiffEntry struct {
	tag, typ uint16
	count    uint32
	off      int64 // offset of the value bytes
	size     int64 // count * type size
}

// walkTIFF walks a TIFF, DNG or TIFF-based camera raw file: IFD0 and its
// chain of next IFDs (pages), SubIFDs, and the EXIF, GPS and Interop IFDs.
func walkTIFF(ctx context.Context, inv *Inventory, data []byte, lim Limits) error {
	if len(data) < 8 {
		return fmt.Errorf("tiff header: %w", ErrTruncated)
	}
	lim = lim.withDefaults()
	w := &tiffWalker{inv: inv, lim: lim, data: data, visited: map[uint32]bool{}, recorder: newRecorder(inv, lim), c2pa: newC2PACarrier("tiff", lim)}
	inv.Carrier = w.c2pa
	switch {
	case bytes.HasPrefix(data, []byte("II*\x00")):
		w.bo = binary.LittleEndian
	case bytes.HasPrefix(data, []byte("MM\x00*")):
		w.bo = binary.BigEndian
	default:
		return fmt.Errorf("tiff header: %w", ErrMalformed)
	}
	// The whole file is an EXIF structure: the EXIF decoder reads IFD0
	// (Make, Model, Software) from it directly.
	w.add(&inv.EXIF, Block{Source: "tiff", Offset: 0, Length: int64(len(data)), Data: data[:len(data):len(data)]})
	w.segment("header", 0, 8)

	next := w.bo.Uint32(data[4:8])
	for page := 0; next != 0; page++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		if page >= w.lim.MaxBlocks {
			w.warn("limit", int64(next), "more than %d pages; the rest are not read", w.lim.MaxBlocks)
			break
		}
		n, ok := w.ifd(next, fmt.Sprintf("IFD%d", page), 0, true)
		if !ok {
			if page == 0 {
				w.warn("malformed", 4, "no readable IFD0")
			}
			break
		}
		inv.Frames++
		next = n
	}
	w.pickImage()
	return nil
}

// ifd reads the IFD at off and the IFDs it points to, and returns the
// offset of the next IFD in its chain. ok is false when the IFD could not be
// read at all (out of range, or already visited).
func (w *tiffWalker) ifd(off uint32, name string, depth int, image bool) (next uint32, ok bool) {
	inv, data := w.inv, w.data
	if int64(off) < 8 || int64(off)+2 > int64(len(data)) {
		w.warn("malformed", int64(off), "%s offset %d outside the file", name, off)
		return 0, false
	}
	if w.visited[off] {
		w.warn("malformed", int64(off), "%s at %d was already read: IFD loop", name, off)
		return 0, false
	}
	if depth > w.lim.MaxDepth {
		w.warn("limit", int64(off), "%s nested deeper than %d", name, w.lim.MaxDepth)
		return 0, false
	}
	w.visited[off] = true
	start := int64(off)
	n := int64(w.bo.Uint16(data[start : start+2]))
	length := 2 + 12*n + 4
	if start+length > int64(len(data)) {
		w.warn("truncated", start, "%s claims %d entries, the file ends first", name, n)
		n = (int64(len(data)) - start - 2) / 12
		length = 2 + 12*n
	} else {
		next = w.bo.Uint32(data[start+2+12*n : start+length])
	}
	if w.entries+int(n) > tiffMaxEntries {
		w.warn("limit", start, "more than %d IFD entries in the file", tiffMaxEntries)
		return 0, false
	}
	w.entries += int(n)
	w.segment(name, start, length)

	var img tiffImage
	for i := range n {
		e, ok := w.entry(start + 2 + 12*i)
		if !ok {
			continue
		}
		switch e.tag {
		case tiffImageWidth:
			img.width = int(w.uint(e, 0))
		case tiffImageLength:
			img.height = int(w.uint(e, 0))
		case tiffSamplesPerPixel:
			img.samples = int(w.uint(e, 0))
		case tiffBitsPerSample:
			img.bits = int(w.uint(e, 0))
		case tiffNewSubfileType:
			img.reduced = w.uint(e, 0)&1 != 0
		case tiffDNGVersion:
			if depth == 0 {
				inv.MediaType = "image/x-adobe-dng"
			}
		case tiffXMP:
			w.block(&inv.XMP, "tag:700", e)
		case tiffIPTC:
			w.block(&inv.IPTC, "tag:33723", e)
		case tiffICC:
			w.block(&inv.ICC, "tag:34675", e)
		case tiffC2PA:
			if w.block(&inv.C2PA, "tag:CD41", e) {
				if e.typ != 7 && e.typ != 1 {
					w.c2pa.problem("tiff: C2PA tag has type %d", e.typ)
				}
				w.c2pa.take(w.data[e.off:e.off+e.size], e.off, e.size)
			}
		case tiffPhotoshop:
			if w.block(&inv.Other, "tag:34377", e) {
				w.photoshopIPTC(e)
			}
		case tiffExifIFD:
			w.sub(e, "ExifIFD", depth)
		case tiffGPSIFD:
			w.sub(e, "GPSIFD", depth)
		case tiffInteropIFD:
			w.sub(e, "InteropIFD", depth)
		case tiffSubIFDs:
			w.sub(e, name+".SubIFD", depth)
		}
	}
	if image && (img.width > 0 || img.height > 0) {
		w.images = append(w.images, img)
	}
	return next, true
}

// entry decodes the 12-byte IFD entry at p and locates its value. ok is
// false for unknown types and values that do not fit in the file.
func (w *tiffWalker) entry(p int64) (e tiffEntry, ok bool) {
	b := w.data[p : p+12]
	e = tiffEntry{tag: w.bo.Uint16(b[0:2]), typ: w.bo.Uint16(b[2:4]), count: w.bo.Uint32(b[4:8])}
	if int(e.typ) >= len(tiffTypeSize) || tiffTypeSize[e.typ] == 0 {
		return e, false
	}
	// count < 2^32 and size <= 8: the product cannot overflow a uint64.
	size := uint64(e.count) * tiffTypeSize[e.typ]
	if size <= 4 {
		e.off, e.size = p+8, int64(size)
		return e, true
	}
	off := uint64(w.bo.Uint32(b[8:12]))
	if off+size > uint64(len(w.data)) {
		w.warn("malformed", p, "tag %d value of %d bytes at %d runs past the end of the file", e.tag, size, off)
		if e.tag == tiffC2PA {
			w.c2pa.cut(int64(off), "C2PA tag value")
		}
		return e, false
	}
	e.off, e.size = int64(off), int64(size)
	return e, true
}

// uint returns the i-th value of an integer entry, or 0.
func (w *tiffWalker) uint(e tiffEntry, i int64) uint32 {
	switch e.typ {
	case 1, 7:
		if i < e.size {
			return uint32(w.data[e.off+i])
		}
	case 3:
		if 2*i+2 <= e.size {
			return uint32(w.bo.Uint16(w.data[e.off+2*i:]))
		}
	case 4, 13:
		if 4*i+4 <= e.size {
			return w.bo.Uint32(w.data[e.off+4*i:])
		}
	}
	return 0
}

// block records the entry's value bytes as a payload in *dst.
func (w *tiffWalker) block(dst *[]Block, source string, e tiffEntry) bool {
	if e.size == 0 {
		return false
	}
	end := e.off + e.size
	blk := Block{Source: source, Offset: e.off, Length: e.size, Data: w.data[e.off:end:end]}
	if dst == &w.inv.Other {
		return w.other(blk)
	}
	return w.add(dst, blk)
}

// sub follows an entry holding one or more IFD offsets.
func (w *tiffWalker) sub(e tiffEntry, name string, depth int) {
	if e.typ != 4 && e.typ != 13 {
		w.warn("malformed", e.off, "%s pointer of type %d", name, e.typ)
		return
	}
	n := e.size / 4
	if n > tiffMaxSubIFDs {
		w.warn("limit", e.off, "%s lists %d IFDs; reading %d", name, n, tiffMaxSubIFDs)
		n = tiffMaxSubIFDs
	}
	image := e.tag == tiffSubIFDs
	for i := range n {
		label := name
		if n > 1 {
			label = fmt.Sprintf("%s%d", name, i)
		}
		w.ifd(w.uint(e, i), label, depth+1, image)
	}
}

// photoshopIPTC adds the IPTC-IIM resource (0x0404) of a Photoshop IRB
// value, unless tag 33723 already gave the same bytes.
func (w *tiffWalker) photoshopIPTC(e tiffEntry) {
	p := w.data[e.off : e.off+e.size]
	for i := 0; i+12 <= len(p) && string(p[i:i+4]) == "8BIM"; {
		id := be16(p[i+4 : i+6])
		nameLen := int(p[i+6]) + 1 // Pascal string, padded to even length
		nameLen += nameLen & 1
		j := i + 6 + nameLen
		if j+4 > len(p) {
			return
		}
		size := int(be32(p[j : j+4]))
		if size > len(p)-j-4 {
			w.warn("malformed", e.off+int64(i), "Photoshop resource %#04x overruns the IRB", id)
			return
		}
		body := p[j+4 : j+4+size : j+4+size]
		if id == 0x0404 && size > 0 {
			// Compare with the first few blocks only: a real file has one
			// or two, a hostile one must not make this quadratic.
			for _, b := range w.inv.IPTC[:min(len(w.inv.IPTC), 4)] {
				if bytes.Equal(b.Data, body) {
					return
				}
			}
			w.add(&w.inv.IPTC, Block{Source: "irb:0404", Offset: e.off + int64(j+4), Length: int64(size), Data: body})
			return
		}
		i = j + 4 + size + size&1
	}
}

// pickImage sets the dimensions from the largest full-resolution image: a
// DNG's IFD0 is often a thumbnail and the raw image sits in a SubIFD.
func (w *tiffWalker) pickImage() {
	var best *tiffImage
	for i := range w.images {
		im := &w.images[i]
		if best == nil || best.reduced && !im.reduced ||
			best.reduced == im.reduced && int64(im.width)*int64(im.height) > int64(best.width)*int64(best.height) {
			best = im
		}
	}
	if best == nil {
		return
	}
	w.inv.Width, w.inv.Height = best.width, best.height
	w.inv.Components, w.inv.BitDepth = best.samples, best.bits
}
