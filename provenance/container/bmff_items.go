package container

import (
	"bytes"
	"slices"
)

// bmffMaxExtents bounds the extents kept for one item: real files split an
// item into a handful at most.
const bmffMaxExtents = 64

// bmffExtent is one iloc extent, relative to the item's base.
type bmffExtent struct{ off, length uint64 }

// bmffItem is one HEIF item: its type from iinf, its location from iloc
// and its property indexes from ipma.
type bmffItem struct {
	typ, contentType string
	located          bool
	method           uint16 // iloc construction method: 0 file, 1 idat, 2 item
	base             uint64
	extents          []bmffExtent
	props            []uint16 // 1-based indexes into ipco
}

// bmffProp is one ipco property the walker understands.
type bmffProp struct {
	typ            string
	width, height  uint32 // ispe
	channels, bits int    // pixi
	alpha          bool   // auxC naming an alpha plane
}

// meta walks a meta box. ISO meta is a full box whose version and flags
// are zero; QuickTime's meta under udta is not a full box, and its payload
// starts with the (non-zero) size of its first child.
func (w *bmffWalker) meta(b bmffBox, depth int) {
	start := b.body + 4
	if b.end-b.body >= 4 && be32(w.data[b.body:b.body+4]) != 0 {
		start = b.body
	}
	w.each(b, min(start, b.end), depth, func(c bmffBox, depth int) {
		p := w.data[c.body:c.end:c.end]
		switch c.typ {
		case "pitm":
			w.pitm(c, p)
		case "iinf":
			w.iinf(c, p, depth)
		case "iloc":
			w.iloc(c, p)
		case "iprp":
			w.each(c, c.body, depth+1, func(c bmffBox, depth int) {
				switch c.typ {
				case "ipco":
					w.ipco(c, depth)
				case "ipma":
					w.ipma(c, w.data[c.body:c.end])
				}
			})
		case "idat":
			if w.idat == nil {
				w.idat, w.idatOff = p, c.body
			}
		case "keys":
			w.keysBox(c, p)
		case "ilst":
			w.ilst(c, depth)
		case "XMP_":
			w.add(&w.inv.XMP, Block{Source: "XMP_", Offset: c.off, Length: c.end - c.off, Data: p})
		}
	})
}

// pitm reads the primary item ID.
func (w *bmffWalker) pitm(c bmffBox, p []byte) {
	switch {
	case len(p) >= 6 && p[0] == 0:
		w.primary, w.hasPitm = uint32(be16(p[4:6])), true
	case len(p) >= 8:
		w.primary, w.hasPitm = be32(p[4:8]), true
	default:
		w.warn("malformed", c.off, "pitm box of %d bytes", len(p))
	}
}

// item returns the item with the given ID, creating it while fewer than
// lim.MaxBlocks items exist.
func (w *bmffWalker) item(id uint32) *bmffItem {
	if it, ok := w.items[id]; ok {
		return it
	}
	if len(w.items) >= w.lim.MaxBlocks {
		if !w.itemsFull {
			w.itemsFull = true
			w.warn("limit", 0, "more than %d items", w.lim.MaxBlocks)
		}
		return nil
	}
	it := &bmffItem{}
	w.items[id] = it
	return it
}

// iinf reads the item infos: item ID, type, and for "mime" items the
// content type.
func (w *bmffWalker) iinf(c bmffBox, p []byte, depth int) {
	if len(p) < 6 {
		w.warn("malformed", c.off, "iinf box of %d bytes", len(p))
		return
	}
	start := c.body + 6
	if p[0] != 0 {
		start = c.body + 8
	}
	w.each(c, min(start, c.end), depth+1, func(e bmffBox, _ int) {
		if e.typ == "infe" {
			w.infe(e, w.data[e.body:e.end])
		}
	})
}

// infe reads one item info entry (versions 0 to 3).
func (w *bmffWalker) infe(e bmffBox, p []byte) {
	if len(p) < 8 {
		w.warn("malformed", e.off, "infe box of %d bytes", len(p))
		return
	}
	var id uint32
	var typ string
	rest := p[4:]
	switch v := p[0]; {
	case v >= 3:
		if len(rest) < 10 {
			w.warn("malformed", e.off, "infe v3 box of %d bytes", len(p))
			return
		}
		id, typ, rest = be32(rest[0:4]), string(rest[6:10]), rest[10:]
	case v == 2:
		if len(rest) < 8 {
			w.warn("malformed", e.off, "infe v2 box of %d bytes", len(p))
			return
		}
		id, typ, rest = uint32(be16(rest[0:2])), string(rest[4:8]), rest[8:]
	default:
		// Versions 0 and 1 have no item type: the content type says it all.
		id, typ, rest = uint32(be16(rest[0:2])), "mime", rest[4:]
	}
	it := w.item(id)
	if it == nil {
		return
	}
	it.typ = typ
	if typ == "mime" {
		_, rest = bmffCString(rest) // item_name
		it.contentType, _ = bmffCString(rest)
	}
}

// iloc reads item locations (versions 0, 1 and 2).
func (w *bmffWalker) iloc(c bmffBox, p []byte) {
	r := bmffReader{p: p}
	version := r.u8()
	r.skip(3)
	sizes := r.u16()
	offSize, lenSize, baseSize, idxSize := int(sizes>>12), int(sizes>>8&15), int(sizes>>4&15), int(sizes&15)
	if version == 0 {
		idxSize = 0
	}
	for _, s := range []int{offSize, lenSize, baseSize, idxSize} {
		if s != 0 && s != 4 && s != 8 {
			w.warn("malformed", c.off, "iloc field size %d", s)
			return
		}
	}
	var count uint32
	if version < 2 {
		count = uint32(r.u16())
	} else {
		count = r.u32()
	}
	for range count {
		var id uint32
		if version < 2 {
			id = uint32(r.u16())
		} else {
			id = r.u32()
		}
		var method uint16
		if version == 1 || version == 2 {
			method = r.u16() & 15
		}
		r.skip(2) // data_reference_index
		base := r.uint(baseSize)
		n := int(r.u16())
		if r.bad {
			break
		}
		per := idxSize + offSize + lenSize
		if per*n > len(r.p)-r.i {
			r.bad = true
			break
		}
		it := w.item(id)
		if it != nil && !it.located {
			it.located, it.method, it.base = true, method, base
		}
		if per == 0 {
			// Empty fields: every extent is the whole source.
			if it != nil && n > 0 {
				it.extents = append(it.extents[:0], bmffExtent{})
			}
			continue
		}
		for j := range n {
			r.skip(idxSize)
			ext := bmffExtent{off: r.uint(offSize), length: r.uint(lenSize)}
			if it == nil || j > bmffMaxExtents {
				continue
			}
			if j == bmffMaxExtents {
				w.warn("limit", c.off, "item %d has more than %d extents", id, bmffMaxExtents)
				it.extents = nil
				continue
			}
			it.extents = append(it.extents, ext)
		}
	}
	if r.bad {
		w.warn("truncated", c.off, "iloc box ends inside an item")
	}
}

// ipco reads the item properties; their 1-based position is their index.
func (w *bmffWalker) ipco(c bmffBox, depth int) {
	w.each(c, c.body, depth+1, func(b bmffBox, _ int) {
		if len(w.props) >= 1<<15 {
			return // ipma indexes have at most 15 bits
		}
		p := w.data[b.body:b.end]
		prop := bmffProp{typ: b.typ}
		switch b.typ {
		case "ispe":
			if len(p) >= 12 {
				prop.width, prop.height = be32(p[4:8]), be32(p[8:12])
			}
		case "pixi":
			if len(p) >= 6 && int(p[4]) <= len(p)-5 && p[4] > 0 {
				prop.channels, prop.bits = int(p[4]), int(p[5])
			}
		case "auxC":
			if len(p) > 4 {
				urn, _ := bmffCString(p[4:])
				prop.alpha = urn == "urn:mpeg:mpegB:cicp:systems:auxiliary:alpha" || urn == "urn:mpeg:hevc:2015:auxid:1"
			}
		}
		w.props = append(w.props, prop)
	})
}

// ipma reads which properties belong to which item.
func (w *bmffWalker) ipma(c bmffBox, p []byte) {
	r := bmffReader{p: p}
	version := r.u8()
	flags := r.u8()<<16 | r.u8()<<8 | r.u8()
	count := r.u32()
	for range count {
		var id uint32
		if version < 1 {
			id = uint32(r.u16())
		} else {
			id = r.u32()
		}
		n := int(r.u8())
		if r.bad {
			break
		}
		it := w.item(id)
		for range n {
			var idx uint16
			if flags&1 != 0 {
				idx = r.u16() & 0x7fff
			} else {
				idx = uint16(r.u8() & 0x7f)
			}
			if r.bad {
				break
			}
			if it != nil && idx > 0 && len(it.props) < 256 {
				it.props = append(it.props, idx)
			}
		}
	}
	if r.bad {
		w.warn("truncated", c.off, "ipma box ends inside an entry")
	}
}

// items2blocks turns the Exif and XMP items into Blocks.
func (w *bmffWalker) items2blocks() {
	for id, it := range w.sortedItems() {
		isXMP := it.typ == "mime" && it.contentType == "application/rdf+xml"
		if it.typ != "Exif" && !isXMP {
			continue
		}
		if !it.located {
			w.warn("malformed", 0, "item %d (%s) has no iloc entry", id, it.typ)
			continue
		}
		p, off, ok := w.itemData(id, it)
		if !ok {
			continue
		}
		blk := Block{Offset: off, Length: int64(len(p)), Data: p}
		if isXMP {
			blk.Source = "iloc:mime"
			w.add(&w.inv.XMP, blk)
			continue
		}
		// The Exif item starts with the offset of the TIFF header from
		// the end of that field; the bytes between are usually "Exif\0\0".
		if len(p) < 4 || uint64(be32(p[0:4])) > uint64(len(p)-4) {
			w.warn("malformed", off, "Exif item %d without a valid TIFF header offset", id)
			continue
		}
		t := p[4+int(be32(p[0:4])):]
		if len(t) >= 6 && string(t[:6]) == "Exif\x00\x00" {
			t = t[6:]
		}
		blk.Source, blk.Data = "iloc:Exif", t
		w.add(&w.inv.EXIF, blk)
	}
}

// sortedItems yields the items in ID order, so blocks come out in a stable
// order whatever the map does.
func (w *bmffWalker) sortedItems() func(yield func(uint32, *bmffItem) bool) {
	return func(yield func(uint32, *bmffItem) bool) {
		var ids []uint32
		for id, it := range w.items {
			if it.typ == "Exif" || it.typ == "mime" {
				ids = append(ids, id)
			}
		}
		slices.Sort(ids)
		for _, id := range ids {
			if !yield(id, w.items[id]) {
				return
			}
		}
	}
}

// itemData returns an item's bytes and the file offset of its first
// extent. One extent aliases the file; several are concatenated, within
// lim.MaxInflate.
func (w *bmffWalker) itemData(id uint32, it *bmffItem) ([]byte, int64, bool) {
	var src []byte
	var srcOff int64
	switch it.method {
	case 0:
		src = w.data
	case 1:
		if w.idat == nil {
			w.warn("malformed", 0, "item %d is in idat, there is none", id)
			return nil, 0, false
		}
		src, srcOff = w.idat, w.idatOff
	default:
		w.warn("malformed", 0, "item %d uses construction method %d, not read", id, it.method)
		return nil, 0, false
	}
	if len(it.extents) == 0 {
		w.warn("malformed", 0, "item %d has no extents", id)
		return nil, 0, false
	}
	parts := make([][]byte, 0, len(it.extents))
	var total uint64
	for _, e := range it.extents {
		start := it.base + e.off
		if start < it.base || start > uint64(len(src)) {
			w.warn("malformed", srcOff, "item %d extent at %d outside its source", id, start)
			return nil, 0, false
		}
		length := e.length
		if length == 0 { // zero means "to the end"
			length = uint64(len(src)) - start
		}
		if length > uint64(len(src))-start {
			w.warn("truncated", srcOff+int64(start), "item %d extent of %d bytes runs past its source", id, length)
			return nil, 0, false
		}
		total += length
		if total > uint64(w.lim.MaxInflate) {
			w.warn("limit", srcOff+int64(start), "item %d is larger than %d bytes", id, w.lim.MaxInflate)
			return nil, 0, false
		}
		parts = append(parts, src[start:start+length:start+length])
	}
	off := srcOff + int64(it.base+it.extents[0].off)
	if len(parts) == 1 {
		return parts[0], off, true
	}
	return bytes.Join(parts, nil), off, true
}

// dimensions sets Width/Height: the primary item's ispe, else the largest
// ispe, else the first video track's header.
func (w *bmffWalker) dimensions() {
	inv := w.inv
	found := false
	if it := w.items[w.primary]; w.hasPitm && it != nil {
		for _, idx := range it.props {
			if int(idx) > len(w.props) {
				continue
			}
			switch pr := w.props[idx-1]; pr.typ {
			case "ispe":
				inv.Width, inv.Height, found = int(pr.width), int(pr.height), true
			case "pixi":
				inv.Components, inv.BitDepth = pr.channels, pr.bits
			}
		}
	}
	var best uint64
	for _, pr := range w.props {
		inv.HasAlpha = inv.HasAlpha || pr.alpha
		if area := uint64(pr.width) * uint64(pr.height); !found && pr.typ == "ispe" && area > best {
			best, inv.Width, inv.Height = area, int(pr.width), int(pr.height)
		}
	}
	for _, t := range w.tracks {
		if t.handler != "vide" && t.handler != "pict" {
			continue
		}
		inv.Animated = true
		if inv.Frames == 0 {
			inv.Frames = int(t.samples)
		}
		if inv.Width == 0 && t.width > 0 {
			inv.Width, inv.Height = int(t.width), int(t.height)
		}
	}
}
