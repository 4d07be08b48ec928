package container

import (
	"bytes"
	"compress/zlib"
	"io"
	"unicode/utf8"
)

// blockRecorder appends to an Inventory's open-ended lists (Segments, Text,
// Other) while holding each to Limits.MaxBlocks, so a file made of a million
// empty chunks cannot grow the inventory without bound. The first refusal
// adds one "limit" warning; later ones are silent. Warnings are capped the
// same way: a hostile file can repeat one kind of damage a million times.
type blockRecorder struct {
	inv      *Inventory
	max      int
	warned   bool
	warnings int
}

func newBlockRecorder(inv *Inventory, lim Limits) *blockRecorder {
	return &blockRecorder{inv: inv, max: lim.MaxBlocks}
}

// recorderMaxWarnings caps the warnings of one walk.
const recorderMaxWarnings = 100

// warn records a warning until the cap, then one "limit" warning: at most
// recorderMaxWarnings+1 in all.
func (r *blockRecorder) warn(code string, off int64, format string, args ...any) {
	r.warnings++
	switch {
	case r.warnings <= recorderMaxWarnings:
		r.inv.Warn(code, off, format, args...)
	case r.warnings == recorderMaxWarnings+1:
		r.inv.Warn("limit", off, "more than %d warnings; the rest are dropped", recorderMaxWarnings)
	}
}

func (r *blockRecorder) full(n int, what string, off int64) bool {
	if n < r.max {
		return false
	}
	if !r.warned {
		r.warned = true
		r.warn("limit", off, "more than %d %s; the rest are not recorded", r.max, what)
	}
	return true
}

func (r *blockRecorder) segment(typ string, off, length int64) {
	if r.full(len(r.inv.Segments), "segments", off) {
		return
	}
	r.inv.Segments = append(r.inv.Segments, Segment{Type: typ, Offset: off, Length: length})
}

// mergeSegment extends the last segment when it has the same type and ends
// where this one starts; PNG uses it to keep runs of IDAT as one entry.
func (r *blockRecorder) mergeSegment(typ string, off, length int64) {
	if n := len(r.inv.Segments); n > 0 {
		last := &r.inv.Segments[n-1]
		if last.Type == typ && last.Offset+last.Length == off {
			last.Length += length
			return
		}
	}
	r.segment(typ, off, length)
}

func (r *blockRecorder) text(t TextEntry) {
	if r.full(len(r.inv.Text), "text entries", t.Offset) {
		return
	}
	r.inv.Text = append(r.inv.Text, t)
}

func (r *blockRecorder) other(b Block) { r.block(&r.inv.Other, b) }

// block appends b to one of the Inventory's block lists. Data usually
// aliases the file; its capacity is clipped so that a consumer's append
// cannot write into the file's bytes.
func (r *blockRecorder) block(dst *[]Block, b Block) {
	if r.full(len(*dst), "metadata blocks of one kind", b.Offset) {
		return
	}
	b.Data = b.Data[:len(b.Data):len(b.Data)]
	*dst = append(*dst, b)
}

// inflateZlib decompresses a zlib stream, keeping at most max bytes.
// truncated reports that the output was cut at max. On a corrupt stream it
// returns what was decoded before the damage together with the error, so a
// caller can keep the readable prefix.
func inflateZlib(src []byte, max int64) (out []byte, truncated bool, err error) {
	zr, err := zlib.NewReader(bytes.NewReader(src))
	if err != nil {
		return nil, false, err
	}
	defer zr.Close()
	out, err = io.ReadAll(io.LimitReader(zr, max+1))
	if int64(len(out)) > max {
		return out[:max], true, nil
	}
	return out, false, err
}

// textFromBytes turns a legacy 8-bit text field into UTF-8: valid UTF-8
// (what most writers really put there) is kept, anything else is read as
// Latin-1, the PNG tEXt and JPEG COM convention.
func textFromBytes(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	return latin1String(b)
}

// latin1String converts ISO 8859-1 bytes to a UTF-8 string.
func latin1String(b []byte) string {
	ascii := true
	for _, c := range b {
		if c >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		return string(b)
	}
	buf := make([]byte, 0, len(b)+len(b)/2)
	for _, c := range b {
		buf = utf8.AppendRune(buf, rune(c))
	}
	return string(buf)
}

// allZero reports whether b holds only zero bytes: padding after a logical
// end that says nothing.
func allZero(b []byte) bool {
	for _, c := range b {
		if c != 0 {
			return false
		}
	}
	return true
}

// recordTrailer notes the bytes after a container's logical end.
func (r *blockRecorder) trailer(data []byte, end int) {
	if end >= len(data) {
		return
	}
	rest := data[end:]
	r.inv.Trailer = Segment{Type: "trailer", Offset: int64(end), Length: int64(len(rest))}
	if !allZero(rest) {
		r.warn("trailing-data", int64(end), "%d bytes after the end of the %s data", len(rest), r.inv.Format)
	}
}
