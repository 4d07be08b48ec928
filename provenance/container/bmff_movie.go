package container

// bmffTrack is what one moov/trak says.
type bmffTrack struct {
	handler       string
	width, height uint32
	samples       uint32
}

// moov walks the movie box for tracks and user data.
func (w *bmffWalker) moov(b bmffBox) {
	w.each(b, b.body, 1, func(c bmffBox, depth int) {
		switch c.typ {
		case "trak":
			var t bmffTrack
			w.trak(c, depth+1, &t)
			if len(w.tracks) < 256 {
				w.tracks = append(w.tracks, t)
			}
		case "udta":
			w.each(c, c.body, depth+1, func(c bmffBox, depth int) {
				switch c.typ {
				case "meta":
					w.meta(c, depth+1)
				case "XMP_":
					w.add(&w.inv.XMP, Block{Source: "XMP_", Offset: c.off, Length: c.end - c.off, Data: w.data[c.body:c.end:c.end]})
				}
			})
		case "meta":
			w.meta(c, depth+1)
		}
	})
}

// trak reads the track header size, the handler type and the sample count.
func (w *bmffWalker) trak(b bmffBox, depth int, t *bmffTrack) {
	w.each(b, b.body, depth, func(c bmffBox, depth int) {
		p := w.data[c.body:c.end]
		switch c.typ {
		case "tkhd":
			at := 76 // version 0: 32-bit times
			if len(p) > 0 && p[0] == 1 {
				at = 88
			}
			if len(p) >= at+8 {
				t.width, t.height = be32(p[at:at+4])>>16, be32(p[at+4:at+8])>>16
			}
		case "hdlr":
			// mdia/hdlr comes first; QuickTime adds a data handler in
			// minf that must not override it.
			if len(p) >= 12 && t.handler == "" {
				t.handler = string(p[8:12])
			}
		case "stsz":
			if len(p) >= 12 {
				t.samples = be32(p[8:12])
			}
		case "mdia", "minf", "stbl":
			w.trak(c, depth+1, t)
		}
	})
}

// keysBox reads the QuickTime metadata key names that ilst items index.
func (w *bmffWalker) keysBox(c bmffBox, p []byte) {
	r := bmffReader{p: p}
	r.skip(4)
	count := r.u32()
	w.keys = w.keys[:0]
	for range count {
		size := int(r.u32())
		r.skip(4) // namespace
		if r.bad || size < 8 || size-8 > len(r.p)-r.i || len(w.keys) >= 4096 {
			break
		}
		w.keys = append(w.keys, string(r.p[r.i:r.i+size-8]))
		r.i += size - 8
	}
}

// ilst reads metadata items whose data box holds UTF-8 text: encoder and
// software names, comments.
func (w *bmffWalker) ilst(c bmffBox, depth int) {
	w.each(c, c.body, depth+1, func(item bmffBox, depth int) {
		key := item.typ
		if k := be32(w.data[item.off+4 : item.off+8]); k >= 1 && int(k) <= len(w.keys) {
			key = w.keys[k-1]
		}
		w.each(item, item.body, depth+1, func(d bmffBox, _ int) {
			p := w.data[d.body:d.end]
			if d.typ != "data" || len(p) < 8 || be32(p[0:4])&0xffffff != 1 {
				return
			}
			w.text(TextEntry{Source: "ilst", Key: key, Value: string(p[8:]), Offset: item.off})
		})
	})
}
