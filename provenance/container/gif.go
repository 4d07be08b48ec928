package container

import (
	"bytes"
	"context"
	"fmt"
)

// GIF block introducers and extension labels.
const (
	gifExtension  = 0x21
	gifImage      = 0x2C
	gifEnd        = 0x3B
	gifPlainText  = 0x01
	gifGraphicCtl = 0xF9
	gifComment    = 0xFE
	gifAppExt     = 0xFF
)

var gifExtensionNames = map[byte]string{
	gifPlainText:  "plain-text",
	gifGraphicCtl: "graphic-control",
	gifComment:    "comment",
	gifAppExt:     "application",
}

// walkGIF records the header, colour tables, every extension and image
// block up to the GIF trailer byte (recorded as segment "end"), and notes
// any bytes after it as the Inventory trailer. Image data is skipped by its
// sub-block lengths without decoding.
func walkGIF(ctx context.Context, inv *Inventory, data []byte, lim Limits) error {
	lim = lim.withDefaults()
	if len(data) < 6 || (string(data[:6]) != "GIF87a" && string(data[:6]) != "GIF89a") {
		return fmt.Errorf("no GIF signature: %w", ErrMalformed)
	}
	if len(data) < 13 {
		return fmt.Errorf("logical screen descriptor: %w", ErrTruncated)
	}
	w := &gifWalker{inv: inv, data: data, lim: lim, rec: newRecorder(inv, lim), c2pa: newC2PACarrier("gif", lim)}
	inv.Carrier = w.c2pa
	inv.Width, inv.Height = int(le16(data[6:])), int(le16(data[8:]))
	w.rec.segment("header", 0, 13)
	pos := 13
	if flags := data[10]; flags&0x80 != 0 {
		n := 3 << (flags&7 + 1)
		if pos+n > len(data) {
			w.rec.warn("truncated", int64(pos), "global colour table runs past the end of the file")
			return nil
		}
		w.rec.segment("global-colour-table", int64(pos), int64(n))
		pos += n
	}
	// A box hash names the header with its colour table one box.
	w.c2pa.unit("Header", 0, int64(pos))
	err := w.blocks(ctx, pos)
	inv.Animated = inv.Frames > 1 || w.loop
	return err
}

// blocks reads the blocks after the header up to the GIF trailer byte.
func (w *gifWalker) blocks(ctx context.Context, pos int) error {
	data := w.data
	for n := 0; ; n++ {
		if n%256 == 255 {
			if err := ctx.Err(); err != nil {
				return fmt.Errorf("block at %d: %w", pos, err)
			}
		}
		if pos >= len(data) {
			w.rec.warn("truncated", int64(pos), "file ends before the GIF trailer")
			return nil
		}
		var next int
		switch data[pos] {
		case gifEnd:
			w.rec.segment("end", int64(pos), 1)
			w.c2pa.unit("Trailer", int64(pos), 1)
			w.rec.trailer(data, pos+1)
			return nil
		case gifImage:
			next = w.image(pos)
		case gifExtension:
			next = w.extension(pos)
		default:
			w.rec.warn("malformed", int64(pos), "unknown block introducer 0x%02X", data[pos])
			return nil
		}
		if next < 0 {
			return nil
		}
		pos = next
	}
}

type gifWalker struct {
	inv  *Inventory
	data []byte
	lim  Limits
	rec  *recorder
	loop bool // a NETSCAPE2.0 or ANIMEXTS1.0 looping extension was seen
	c2pa *C2PACarrier
}

// image skips one image: descriptor, optional local colour table, LZW
// minimum code size, data sub-blocks. It returns the offset after the image,
// or -1 when the file ends inside it.
func (w *gifWalker) image(pos int) int {
	data := w.data
	w.inv.Frames++
	if pos+10 > len(data) {
		w.rec.warn("truncated", int64(pos), "image descriptor cut short")
		return -1
	}
	q := pos + 10
	if flags := data[pos+9]; flags&0x80 != 0 {
		q += 3 << (flags&7 + 1)
	}
	q++ // LZW minimum code size
	end, ok := gifSkipSubBlocks(data, q)
	if !ok {
		w.rec.segment("image", int64(pos), int64(len(data)-pos))
		w.rec.warn("truncated", int64(pos), "image data runs past the end of the file")
		return -1
	}
	w.rec.segment("image", int64(pos), int64(end-pos))
	w.c2pa.unit("Image", int64(pos), int64(end-pos))
	return end
}

// extension reads one extension block. It returns the offset after the
// block, or -1 when the file ends inside it.
func (w *gifWalker) extension(pos int) int {
	data := w.data
	if pos+2 > len(data) {
		w.rec.warn("truncated", int64(pos), "extension label missing")
		return -1
	}
	label := data[pos+1]
	name, ok := gifExtensionNames[label]
	if !ok {
		name = "extension"
	}
	end, ok := gifSkipSubBlocks(data, pos+2)
	if !ok {
		w.rec.segment(name, int64(pos), int64(len(data)-pos))
		w.rec.warn("truncated", int64(pos), "%s extension runs past the end of the file", name)
		return -1
	}
	w.rec.segment(name, int64(pos), int64(end-pos))
	off, length := int64(pos), int64(end-pos)
	if label == gifAppExt && end-pos >= 14 && data[pos+2] == 11 && string(data[pos+3:pos+14]) == gifC2PAKey {
		w.c2pa.unit("C2PA", off, length)
	} else {
		w.c2pa.unit("Extension", off, length)
	}
	switch label {
	case gifComment:
		text, truncated := gifJoinSubBlocks(data, pos+2, end, w.lim.MaxInflate)
		if truncated {
			w.rec.warn("limit", off, "comment over %d bytes; value cut", w.lim.MaxInflate)
		}
		w.rec.text(TextEntry{Source: "gif:comment", Value: textFromBytes(text), Offset: off, Truncated: truncated})
	case gifAppExt:
		w.application(off, length, pos+2, end)
	}
	return end
}

// gifC2PAKey is the application identifier and authentication code of
// the extension that carries a C2PA store.
const gifC2PAKey = "C2PA_GIF\x01\x00\x00"

// gifXMPTrailer is the "magic trailer" an XMP application extension ends
// with: 0x01, then 0xFF down to 0x00, then the block terminator. It makes a
// sub-block walk over the raw packet bytes land on the terminator.
var gifXMPTrailer = func() []byte {
	t := []byte{0x01}
	for i := 0xFF; i >= 0; i-- {
		t = append(t, byte(i))
	}
	return append(t, 0x00)
}()

// application reads an application extension: an 11-byte sub-block holding
// the 8-byte identifier and 3-byte authentication code, then data
// sub-blocks. start is the offset of the first sub-block, end the offset
// after the terminator.
func (w *gifWalker) application(off, length int64, start, end int) {
	data := w.data
	if data[start] != 11 {
		w.rec.warn("malformed", off, "application extension header of %d bytes", data[start])
		return
	}
	key := string(data[start+1 : start+12])
	body := start + 12
	switch {
	case key == "XMP DataXMP":
		// XMP is stored raw, not in sub-blocks: the packet runs up to the
		// magic trailer.
		raw := data[body:end]
		xmp, ok := bytes.CutSuffix(raw, gifXMPTrailer)
		if !ok {
			w.rec.warn("malformed", off, "XMP application extension without its magic trailer")
			xmp = raw[:len(raw)-1]
		}
		w.rec.block(&w.inv.XMP, Block{Source: "gif:app", Key: key, Offset: off, Length: length, Data: xmp})
	case key == "NETSCAPE2.0" || key == "ANIMEXTS1.0":
		// Sub-block 1 is the loop count; sub-block 2 (buffering) says nothing of animation.
		if end-body >= 2 && data[body] >= 3 && data[body+1] == 1 {
			w.loop = true
		}
	case key[:8] == "C2PA_GIF":
		store, _ := gifJoinSubBlocks(data, body, end, int64(len(data)))
		w.rec.block(&w.inv.C2PA, Block{Source: "gif:app", Key: key, Offset: off, Length: length, Data: store})
		if key == gifC2PAKey {
			w.c2pa.take(store, off, length)
		}
	case key == "ICCRGBG1012":
		prof, _ := gifJoinSubBlocks(data, body, end, int64(len(data)))
		w.rec.block(&w.inv.ICC, Block{Source: "gif:app", Key: key, Offset: off, Length: length, Data: prof})
	default:
		payload, truncated := gifJoinSubBlocks(data, body, end, w.lim.MaxInflate)
		if truncated {
			w.rec.warn("limit", off, "application extension %q over %d bytes; payload cut", key, w.lim.MaxInflate)
		}
		w.rec.other(Block{Source: "gif:app", Key: key, Offset: off, Length: length, Data: payload})
	}
}

// gifSkipSubBlocks follows the sub-block chain starting at pos (a length
// byte, that many bytes, repeated until a zero length) and returns the
// offset after the terminator; ok is false when the chain runs off the end.
func gifSkipSubBlocks(data []byte, pos int) (end int, ok bool) {
	for pos < len(data) {
		n := int(data[pos])
		pos++
		if n == 0 {
			return pos, true
		}
		pos += n
	}
	return 0, false
}

// gifJoinSubBlocks returns the payload of the sub-block chain from pos to
// end (already checked by gifSkipSubBlocks), at most max bytes. A single
// sub-block is aliased; several are copied once.
func gifJoinSubBlocks(data []byte, pos, end int, max int64) (payload []byte, truncated bool) {
	total, blocks := 0, 0
	for q := pos; q < end-1; q += 1 + int(data[q]) {
		total += int(data[q])
		blocks++
	}
	if blocks == 1 {
		payload = data[pos+1 : pos+1+total]
		if int64(len(payload)) > max {
			return payload[:max], true
		}
		return payload, false
	}
	if int64(total) > max {
		total, truncated = int(max), true
	}
	payload = make([]byte, 0, total)
	for q := pos; q < end-1 && len(payload) < total; q += 1 + int(data[q]) {
		n := min(int(data[q]), total-len(payload))
		payload = append(payload, data[q+1:q+1+n]...)
	}
	return payload, truncated
}
