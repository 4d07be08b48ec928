package container

import (
	"bytes"
	"context"
	"fmt"
)

// JPEG marker bytes (the byte after 0xFF) the walker treats specially.
const (
	jpegTEM   = 0x01
	jpegSOF0  = 0xC0
	jpegDHT   = 0xC4
	jpegRST0  = 0xD0
	jpegRST7  = 0xD7
	jpegSOI   = 0xD8
	jpegEOI   = 0xD9
	jpegSOS   = 0xDA
	jpegDQT   = 0xDB
	jpegAPP0  = 0xE0
	jpegAPP1  = 0xE1
	jpegAPP2  = 0xE2
	jpegAPP11 = 0xEB
	jpegAPP13 = 0xED
	jpegCOM   = 0xFE
)

// jpegMarkerNames names every marker once, so recording a segment costs no
// formatting.
var jpegMarkerNames = func() (names [256]string) {
	for i := range names {
		names[i] = fmt.Sprintf("FF%02X", i)
	}
	for i := range 16 {
		names[0xC0+i] = fmt.Sprintf("SOF%d", i)
		names[0xE0+i] = fmt.Sprintf("APP%d", i)
	}
	for i := range 8 {
		names[0xD0+i] = fmt.Sprintf("RST%d", i)
	}
	names[0xC4], names[0xC8], names[0xCC] = "DHT", "JPG", "DAC"
	names[jpegTEM] = "TEM"
	names[jpegSOI], names[jpegEOI], names[jpegSOS] = "SOI", "EOI", "SOS"
	names[jpegDQT], names[0xDC], names[0xDD] = "DQT", "DNL", "DRI"
	names[0xDE], names[0xDF], names[jpegCOM] = "DHP", "EXP", "COM"
	return names
}()

// jpegWalker holds the state of one JPEG walk: metadata that spans several
// segments (ICC chunks, extended XMP, APP11 JUMBF pieces) is gathered while
// walking and assembled at the end.
type jpegWalker struct {
	inv  *Inventory
	data []byte
	lim  Limits
	rec  *recorder

	sawSOF bool
	icc    jpegICC
	extXMP jpegExtendedXMP
	jumbf  jpegJUMBF
	c2pa   *C2PACarrier
	store  *jpegJUMBFBox // the APP11 box that is the C2PA store
}

// walkJPEG records every marker segment in file order, hops over
// entropy-coded data (including the several scans of a progressive JPEG) to
// EOI, and notes any bytes after EOI as the trailer.
func walkJPEG(ctx context.Context, inv *Inventory, data []byte, lim Limits) error {
	lim = lim.withDefaults()
	if len(data) < 2 || data[0] != 0xFF || data[1] != jpegSOI {
		return fmt.Errorf("no SOI marker: %w", ErrMalformed)
	}
	w := &jpegWalker{inv: inv, data: data, lim: lim, rec: newRecorder(inv, lim), c2pa: newC2PACarrier("jpeg", lim)}
	inv.Carrier = w.c2pa
	w.rec.segment("SOI", 0, 2)
	w.c2pa.unit("SOI", 0, 2)
	end, err := w.walk(ctx, 2)
	w.finish()
	if err != nil {
		return err
	}
	if end >= 0 {
		w.rec.trailer(data, end)
	}
	return nil
}

// walk reads segments from pos. It returns the offset just after EOI, or -1
// when the file ended (or broke) before one.
func (w *jpegWalker) walk(ctx context.Context, pos int) (int, error) {
	data := w.data
	for n := 0; ; n++ {
		if n%256 == 255 {
			if err := ctx.Err(); err != nil {
				return -1, fmt.Errorf("segment at %d: %w", pos, err)
			}
		}
		if pos >= len(data) {
			w.rec.warn("truncated", int64(pos), "file ends before EOI")
			return -1, nil
		}
		if data[pos] != 0xFF {
			// Junk between segments: some writers pad, some damage is
			// benign. Resynchronise on the next marker.
			j := bytes.IndexByte(data[pos:], 0xFF)
			if j < 0 {
				w.rec.warn("truncated", int64(pos), "no marker after offset %d", pos)
				return -1, nil
			}
			w.rec.warn("malformed", int64(pos), "%d bytes of junk before a marker", j)
			w.c2pa.stop()
			pos += j
		}
		// Any number of 0xFF fill bytes may precede a marker.
		for pos+1 < len(data) && data[pos+1] == 0xFF {
			pos++
		}
		if pos+1 >= len(data) {
			w.rec.warn("truncated", int64(pos), "file ends inside a marker")
			return -1, nil
		}
		m := data[pos+1]
		switch {
		case m == jpegEOI:
			w.rec.segment("EOI", int64(pos), 2)
			w.c2pa.unit("EOI", int64(pos), 2)
			return pos + 2, nil
		case m == jpegTEM || m == jpegSOI || (m >= jpegRST0 && m <= jpegRST7) || m == 0x00:
			// Standalone markers carry no length. A stray 0xFF00 outside
			// a scan is damage; step over it.
			if m == 0x00 {
				w.rec.warn("malformed", int64(pos), "stuffed zero outside entropy-coded data")
			} else {
				w.rec.segment(jpegMarkerNames[m], int64(pos), 2)
				w.c2pa.unit(jpegBoxNames[m], int64(pos), 2)
			}
			pos += 2
			continue
		}
		if pos+4 > len(data) {
			w.rec.warn("truncated", int64(pos), "file ends inside the %s segment header", jpegMarkerNames[m])
			return -1, nil
		}
		segLen := int(be16(data[pos+2:]))
		if segLen < 2 {
			w.rec.warn("malformed", int64(pos), "%s segment length %d", jpegMarkerNames[m], segLen)
			return -1, nil
		}
		end := pos + 2 + segLen
		if end > len(data) {
			w.rec.segment(jpegMarkerNames[m], int64(pos), int64(len(data)-pos))
			w.rec.warn("truncated", int64(pos), "%s segment of %d bytes runs past the end of the file", jpegMarkerNames[m], segLen)
			if m == jpegAPP11 && jpegC2PASegment(data[pos+4:]) {
				w.c2pa.cut(int64(pos), "APP11 segment")
			}
			return -1, nil
		}
		w.rec.segment(jpegMarkerNames[m], int64(pos), int64(end-pos))
		if w.segment(m, pos, data[pos+4:end]) {
			w.c2pa.storeUnit(int64(pos), int64(end-pos))
			w.c2pa.part(int64(pos), int64(end-pos))
		} else {
			w.c2pa.unit(jpegBoxNames[m], int64(pos), int64(end-pos))
		}
		pos = end
		if m == jpegSOS {
			next, ok := jpegSkipScan(data, pos)
			if !ok {
				w.rec.warn("truncated", int64(pos), "file ends inside entropy-coded data")
				return -1, nil
			}
			// A box hash counts the scan's entropy-coded data in the SOS box.
			w.c2pa.extend(int64(next))
			pos = next
		}
	}
}

// jpegSkipScan hops over entropy-coded data starting at pos and returns the
// offset of the next real marker. Inside a scan 0xFF00 is a stuffed data
// byte and RST0..RST7 are restart markers that belong to the scan; any other
// marker ends it (EOI, or DHT/SOS/... between progressive scans).
func jpegSkipScan(data []byte, pos int) (int, bool) {
	for pos < len(data) {
		j := bytes.IndexByte(data[pos:], 0xFF)
		if j < 0 {
			return 0, false
		}
		k := pos + j
		for k+1 < len(data) && data[k+1] == 0xFF {
			k++
		}
		if k+1 >= len(data) {
			return 0, false
		}
		if b := data[k+1]; b == 0x00 || (b >= jpegRST0 && b <= jpegRST7) {
			pos = k + 2
			continue
		}
		return k, true
	}
	return 0, false
}

// segment interprets one marker segment; p is its payload (after the length
// field) and pos the offset of its 0xFF. It reports whether the segment
// carries (part of) the C2PA manifest store.
func (w *jpegWalker) segment(m byte, pos int, p []byte) (store bool) {
	off, length := int64(pos), int64(len(p)+4)
	switch {
	case m == jpegAPP1:
		w.app1(off, length, p)
	case m == jpegAPP2:
		w.icc.add(w.rec, off, length, p)
	case m == jpegAPP11:
		return w.app11(off, length, p)
	case m == jpegAPP13:
		w.app13(off, length, p)
	case m == jpegCOM:
		w.rec.text(TextEntry{Source: "COM", Value: textFromBytes(bytes.TrimRight(p, "\x00")), Offset: off})
	case m == jpegDQT:
		w.rec.other(Block{Source: "DQT", Offset: off, Length: length, Data: p})
	case m == jpegDHT:
		w.rec.other(Block{Source: "DHT", Offset: off, Length: length, Data: p})
	case m >= jpegSOF0 && m <= 0xCF && m != jpegDHT && m != 0xC8 && m != 0xCC:
		w.sof(m, off, p)
	}
	return false
}

// jpegC2PASegment reports whether an APP11 payload starts a C2PA store:
// JPEG XT header (CI "JP", En, Z), the jumb superbox header, then the jumd
// box whose type UUID begins "c2pa" (payload bytes 24..28, the SDK's test).
func jpegC2PASegment(p []byte) bool {
	return len(p) >= 28 && p[0] == 'J' && p[1] == 'P' && string(p[24:28]) == "c2pa"
}

// app11 adds a JPEG XT segment to its JUMBF box and reports whether the
// box is the C2PA store: the first box that is one (C2PA allows one store
// per file; a second is noted and left out).
func (w *jpegWalker) app11(off, length int64, p []byte) bool {
	box := w.jumbf.add(w.rec, off, length, p)
	switch {
	case box == nil || !box.isC2PA:
		return false
	case w.store == nil:
		w.store = box
	case w.store != box:
		if len(box.pieces) == 1 {
			w.c2pa.problem("jpeg: second C2PA store at %d ignored", off)
		}
		return false
	}
	return true
}

var (
	jpegExifHeader = []byte("Exif\x00\x00")
	jpegXMPHeader  = []byte("http://ns.adobe.com/xap/1.0/\x00")
	jpegExtXMP     = []byte("http://ns.adobe.com/xmp/extension/\x00")
	jpegPhotoshop  = []byte("Photoshop 3.0\x00")
)

func (w *jpegWalker) app1(off, length int64, p []byte) {
	switch {
	case bytes.HasPrefix(p, jpegExifHeader):
		w.rec.block(&w.inv.EXIF, Block{Source: "APP1", Offset: off, Length: length, Data: p[len(jpegExifHeader):]})
	case bytes.HasPrefix(p, jpegXMPHeader):
		w.rec.block(&w.inv.XMP, Block{Source: "APP1", Offset: off, Length: length, Data: p[len(jpegXMPHeader):]})
	case bytes.HasPrefix(p, jpegExtXMP):
		w.extXMP.add(w.rec, w.lim, len(w.data), off, length, p[len(jpegExtXMP):])
	}
}

// app13 keeps the Photoshop image resource block and lifts its IPTC-IIM
// resource (0x0404) out.
func (w *jpegWalker) app13(off, length int64, p []byte) {
	if !bytes.HasPrefix(p, jpegPhotoshop) {
		return
	}
	irb := p[len(jpegPhotoshop):]
	w.rec.other(Block{Source: "APP13", Key: "Photoshop", Offset: off, Length: length, Data: irb})
	walkPhotoshopIRB(irb, func(r irbEntry) {
		if r.id == 0x0404 {
			w.rec.block(&w.inv.IPTC, Block{Source: "APP13", Offset: off, Length: length, Data: r.data})
		}
	}, func(at int, msg string) {
		w.rec.warn("malformed", off+4+int64(len(jpegPhotoshop)+at), "Photoshop resources: %s", msg)
	})
}

// irbEntry is one Photoshop image resource: its id, where it starts (the
// signature) and ends (its data, before padding) in the block, its data.
type irbEntry struct {
	id      uint16
	at, end int
	data    []byte
}

// walkPhotoshopIRB calls fn for every resource of a Photoshop image resource
// block: signature, 16-bit id, even-padded Pascal name, 32-bit size,
// even-padded data. Damage stops the walk with one call to bad.
func walkPhotoshopIRB(irb []byte, fn func(irbEntry), bad func(at int, msg string)) {
	for pos := 0; pos < len(irb); {
		if len(irb)-pos < 4 {
			if !allZero(irb[pos:]) {
				bad(pos, "trailing bytes")
			}
			return
		}
		switch string(irb[pos : pos+4]) {
		case "8BIM", "MeSa", "PHUT", "AgHg", "DCSR":
		default:
			bad(pos, "unknown resource signature")
			return
		}
		if len(irb)-pos < 7 {
			bad(pos, "resource header cut short")
			return
		}
		id := be16(irb[pos+4:])
		nameLen := int(irb[pos+6])
		q := pos + 6 + nameLen + 1
		q += q & 1 // the name, with its length byte, is padded to even size
		if q+4 > len(irb) {
			bad(pos, "resource header cut short")
			return
		}
		size := be32(irb[q:])
		q += 4
		if int64(size) > int64(len(irb)-q) {
			bad(pos, "resource data runs past the segment")
			return
		}
		fn(irbEntry{id: id, at: pos, end: q + int(size), data: irb[q : q+int(size)]})
		pos = q + int(size)
		pos += pos & 1
	}
}

// sof reads the frame header of the first SOF segment; a hierarchical JPEG
// repeats it per frame, and the first one describes the image.
func (w *jpegWalker) sof(m byte, off int64, p []byte) {
	if w.sawSOF {
		return
	}
	w.sawSOF = true
	if len(p) < 6 {
		w.rec.warn("malformed", off, "%s header of %d bytes", jpegMarkerNames[m], len(p))
		return
	}
	inv := w.inv
	inv.BitDepth = int(p[0])
	inv.Height = int(be16(p[1:]))
	inv.Width = int(be16(p[3:]))
	inv.Components = int(p[5])
	switch m {
	case 0xC2, 0xC6, 0xCA, 0xCE:
		inv.Progressive = true
	}
	comps := p[6:]
	if inv.Components >= 3 && len(comps) >= 6 {
		inv.Subsampling = jpegSubsampling(comps[1], comps[4])
	}
}

// jpegSubsampling names the chroma subsampling from the packed H/V sampling
// factors of the luma and first chroma component.
func jpegSubsampling(luma, chroma byte) string {
	h0, v0 := int(luma>>4), int(luma&0x0F)
	h1, v1 := int(chroma>>4), int(chroma&0x0F)
	if h1 == 0 || v1 == 0 || h0%h1 != 0 || v0%v1 != 0 {
		return ""
	}
	switch [2]int{h0 / h1, v0 / v1} {
	case [2]int{1, 1}:
		return "4:4:4"
	case [2]int{2, 1}:
		return "4:2:2"
	case [2]int{2, 2}:
		return "4:2:0"
	case [2]int{4, 1}:
		return "4:1:1"
	case [2]int{1, 2}:
		return "4:4:0"
	}
	return ""
}

// finish assembles the metadata that spans several segments.
func (w *jpegWalker) finish() {
	w.icc.finish(w.rec)
	w.extXMP.finish(w.rec)
	w.jumbf.finish(w.rec)
	if w.store != nil {
		w.c2pa.Store = w.store.data[:len(w.store.data):len(w.store.data)]
	}
}

// jpegBoxNames are the names box hashes (c2pa.hash.boxes) give JPEG
// segments, which differ from the walker's segment names for a few
// markers.
var jpegBoxNames = func() (names [256]string) {
	for m := range names {
		names[m] = fmt.Sprintf("%02X", m)
	}
	for i := range 16 {
		names[0xE0+i] = fmt.Sprintf("APP%d", i)
		if c := 0xC0 + i; c != 0xC4 && c != 0xC8 && c != 0xCC {
			names[c] = fmt.Sprintf("SOF%d", i)
		}
	}
	for i := range 8 {
		names[0xD0+i] = fmt.Sprintf("RST%d", i)
	}
	names[0xC4], names[0xCC] = "DHT", "DAC"
	names[0xD8], names[0xD9], names[0xDA], names[0xDB] = "SOI", "EOI", "SOS", "DQT"
	names[0xDD], names[0xFE], names[0x01] = "DRI", "COM", "TEM"
	return names
}()
