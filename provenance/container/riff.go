package container

import (
	"context"
	"fmt"
)

// riffWalker carries the state of one RIFF walk (WebP, WAV, AVI).
type riffWalker struct {
	inv  *Inventory
	lim  Limits
	data []byte
	webp bool
	// vp8x is true once a VP8X chunk set the canvas size, which then wins
	// over the first frame's size.
	vp8x bool
	*recorder
	c2pa *C2PACarrier
}

// riffMediaChunks hold coded media, not metadata: they are recorded as
// segments but never copied into Other.
var riffMediaChunks = map[string]bool{
	"VP8 ": true, "VP8L": true, "ALPH": true, "ANMF": true, "ANIM": true, "VP8X": true,
	"data": true, "idx1": true, "fmt ": true, "JUNK": true, "junk": true, "fact": true,
}

// walkRIFF walks the chunks of a RIFF file. Chunk sizes are little-endian
// and odd sizes are followed by one pad byte.
func walkRIFF(ctx context.Context, inv *Inventory, data []byte, lim Limits) error {
	if len(data) < 12 {
		return fmt.Errorf("riff header: %w", ErrTruncated)
	}
	if string(data[0:4]) != "RIFF" {
		return fmt.Errorf("riff header: %w", ErrMalformed)
	}
	lim = lim.withDefaults()
	w := &riffWalker{inv: inv, lim: lim, data: data, webp: string(data[8:12]) == "WEBP", recorder: newRecorder(inv, lim), c2pa: newC2PACarrier("riff", lim)}
	inv.Carrier = w.c2pa
	end := 8 + int64(le32(data[4:8]))
	switch {
	case end > int64(len(data)):
		inv.Warn("truncated", 4, "RIFF size %d runs past the end of the file (%d bytes)", end-8, len(data))
		end = int64(len(data))
	case end < 12:
		inv.Warn("malformed", 4, "RIFF size %d is smaller than its form type", end-8)
		end = int64(len(data))
	case end < int64(len(data)):
		inv.Trailer = Segment{Type: "trailer", Offset: end, Length: int64(len(data)) - end}
		inv.Warn("trailing-data", end, "%d bytes after the RIFF end", int64(len(data))-end)
	}
	w.segment("RIFF", 0, 12)
	w.c2pa.unit("RIFF", 0, 12)
	if err := w.chunks(ctx, 12, end, ""); err != nil {
		return err
	}
	if w.webp && inv.Frames == 0 && (inv.Width > 0 || inv.Height > 0) {
		inv.Frames = 1
	}
	return nil
}

// chunks walks the chunk list in data[off:end]. list is "" at the top level
// and the list type inside a LIST: lists are walked one level only.
func (w *riffWalker) chunks(ctx context.Context, off, end int64, list string) error {
	for n := 0; off < end; n++ {
		if n&1023 == 1023 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		if end-off < 8 {
			// A lone pad byte after the last odd-sized chunk is harmless.
			if end-off > 1 || w.data[off] != 0 {
				w.warn("truncated", off, "%d bytes too short for a chunk header", end-off)
			}
			return nil
		}
		id := string(w.data[off : off+4])
		size := int64(le32(w.data[off+4 : off+8]))
		body := off + 8
		bodyEnd := body + size
		whole := bodyEnd <= end
		if !whole {
			w.warn("truncated", off, "chunk %q size %d runs past the end (%d bytes left)", id, size, end-body)
			bodyEnd = end
			if id == "C2PA" && list == "" {
				w.c2pa.cut(off, "C2PA chunk")
			}
		}
		next := bodyEnd + size&1
		w.segment(id, off, min(next, end)-off)
		if list == "" {
			w.c2paChunk(id, off, min(next, end)-off, body, bodyEnd, whole)
		}
		if id == "LIST" && list == "" {
			if err := w.list(ctx, off, body, bodyEnd); err != nil {
				return err
			}
		} else {
			w.chunk(id, off, min(next, end)-off, w.data[body:bodyEnd:bodyEnd], list)
		}
		off = next
	}
	return nil
}

// c2paChunk records a top-level chunk in the C2PA carrier: a layout unit,
// and the store when it is the first whole "C2PA" chunk. Its part stops
// before the pad byte of an odd-sized chunk, which is not part of it.
func (w *riffWalker) c2paChunk(id string, off, length, body, bodyEnd int64, whole bool) {
	if !whole {
		w.c2pa.stop()
		return
	}
	w.c2pa.unit(id, off, length)
	if id == "C2PA" {
		w.c2pa.take(w.data[body:bodyEnd], off, bodyEnd-off)
	}
}

// list walks one LIST chunk's children. The AVI "movi" list holds the coded
// frames and is skipped like an mdat.
func (w *riffWalker) list(ctx context.Context, off, body, bodyEnd int64) error {
	if bodyEnd-body < 4 {
		w.warn("malformed", off, "LIST chunk without a list type")
		return nil
	}
	kind := string(w.data[body : body+4])
	switch kind {
	case "movi":
		return nil
	case "hdrl":
		w.inv.Animated = true
	}
	return w.chunks(ctx, body+4, bodyEnd, kind)
}

// chunk reads the payload of one chunk; list names the enclosing LIST, ""
// at the top level.
func (w *riffWalker) chunk(id string, off, length int64, p []byte, list string) {
	inv := w.inv
	block := Block{Source: id, Offset: off, Length: length, Data: p}
	if list != "" {
		w.listChunk(id, list, block)
		return
	}
	switch id {
	case "C2PA":
		w.add(&inv.C2PA, block)
		return
	case "XMP ", "_PMX": // WebP; WAV and AVI
		w.add(&inv.XMP, block)
		return
	case "EXIF":
		if len(p) >= 6 && string(p[:6]) == "Exif\x00\x00" {
			block.Data = p[6:]
		}
		w.add(&inv.EXIF, block)
		return
	case "ICCP":
		w.add(&inv.ICC, block)
		return
	}
	if w.webp {
		w.webpChunk(id, off, p)
	}
	if !riffMediaChunks[id] {
		w.other(block)
	}
}

// listChunk reads a chunk inside a LIST. Metadata chunks count only at the
// top level, where the formats put them.
func (w *riffWalker) listChunk(id, list string, block Block) {
	inv, p := w.inv, block.Data
	switch {
	case list == "INFO":
		// Text fields: ISFT (software), ICMT (comment), INAM (title)...
		w.text(TextEntry{Source: "LIST:INFO", Key: id, Value: riffText(p), Offset: block.Offset})
	case id == "avih" && len(p) >= 40:
		inv.Width, inv.Height = int(le32(p[32:36])), int(le32(p[36:40]))
		inv.Frames = int(le32(p[16:20]))
	case !riffMediaChunks[id]:
		w.other(block)
	}
}

// webpChunk reads the WebP image and animation chunks.
func (w *riffWalker) webpChunk(id string, off int64, p []byte) {
	inv := w.inv
	switch id {
	case "VP8X":
		if len(p) < 10 {
			w.warn("truncated", off, "VP8X chunk of %d bytes", len(p))
			return
		}
		flags := p[0]
		inv.HasAlpha = inv.HasAlpha || flags&0x10 != 0
		inv.Animated = inv.Animated || flags&0x02 != 0
		inv.Width = int(uint32(p[4])|uint32(p[5])<<8|uint32(p[6])<<16) + 1
		inv.Height = int(uint32(p[7])|uint32(p[8])<<8|uint32(p[9])<<16) + 1
		w.vp8x = true
	case "VP8 ":
		// Frame tag (3 bytes, bit 0 clear on a key frame), start code
		// 9d 01 2a, then 14-bit width and height with 2-bit scales.
		if len(p) < 10 || p[0]&1 != 0 || p[3] != 0x9d || p[4] != 0x01 || p[5] != 0x2a {
			w.warn("malformed", off, "VP8 chunk without a key frame header")
			return
		}
		inv.BitDepth, inv.Components = 8, 3
		if !w.vp8x {
			inv.Width, inv.Height = int(le16(p[6:8])&0x3fff), int(le16(p[8:10])&0x3fff)
		}
	case "VP8L":
		if len(p) < 5 || p[0] != 0x2f {
			w.warn("malformed", off, "VP8L chunk without its signature")
			return
		}
		bits := le32(p[1:5])
		inv.BitDepth = 8
		inv.HasAlpha = inv.HasAlpha || bits>>28&1 != 0
		if !w.vp8x {
			inv.Width, inv.Height = int(bits&0x3fff)+1, int(bits>>14&0x3fff)+1
		}
	case "ALPH":
		inv.HasAlpha = true
	case "ANIM":
		inv.Animated = true
	case "ANMF":
		inv.Animated = true
		inv.Frames++
	}
}

// riffText decodes a LIST/INFO value: a NUL-terminated string, in practice
// ASCII or UTF-8.
func riffText(p []byte) string {
	for i, c := range p {
		if c == 0 {
			return string(p[:i])
		}
	}
	return string(p)
}
