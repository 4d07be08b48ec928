package container

import (
	"context"
	"errors"
	"unicode/utf8"
)

// maxWarnings bounds the warnings one walk records: a hostile file can
// repeat the same damage a million times, the report needs it once. After
// maxWarnings, one "limit" warning says the rest were dropped.
const maxWarnings = 200

// Record kinds, each held to Limits.MaxBlocks on its own so that a flood of
// one (a million empty chunks) cannot crowd out another (the C2PA store at
// the end of the file).
const (
	recSegment = iota // Segments
	recMeta           // EXIF, XMP, IPTC, ICC, C2PA blocks
	recOther          // Other blocks and Text entries
	recKinds
)

var recNames = [recKinds]string{"segments", "metadata blocks", "other blocks and text entries"}

// recorder is how every walker adds to an Inventory's open-ended lists: it
// holds each kind of record to Limits.MaxBlocks and the warnings to
// maxWarnings, so the Inventory stays bounded whatever the file claims.
// The first refusal of a kind adds one "limit" warning; the walk itself
// goes on past the budget.
type recorder struct {
	inv      *Inventory
	max      int
	used     [recKinds]int
	limited  [recKinds]bool
	warnings int
	spent    bool // the file's decompression allowance ran out
}

func newRecorder(inv *Inventory, lim Limits) *recorder {
	return &recorder{inv: inv, max: lim.withDefaults().MaxBlocks}
}

// take reserves one record of a kind and warns once per kind when none are
// left.
func (r *recorder) take(kind int, off int64) bool {
	if r.used[kind] < r.max {
		r.used[kind]++
		return true
	}
	if !r.limited[kind] {
		r.limited[kind] = true
		r.warn("limit", off, "more than %d %s; the rest are not recorded", r.max, recNames[kind])
	}
	return false
}

// warn records a warning until the cap, then one "limit" warning: at most
// maxWarnings+1 in all.
func (r *recorder) warn(code string, off int64, format string, args ...any) {
	r.warnings++
	switch {
	case r.warnings <= maxWarnings:
		r.inv.Warn(code, off, format, args...)
	case r.warnings == maxWarnings+1:
		r.inv.Warn("limit", off, "more than %d warnings; the rest are dropped", maxWarnings)
	}
}

// inflated turns the outcome of one decompression (what, at off) into
// warnings: damage, the per-block cap, or the file's allowance running out
// (said once: every later compressed block is then left unread).
func (r *recorder) inflated(off int64, what string, perBlock int64, truncated bool, err error) {
	switch {
	case errors.Is(err, ErrAllowance):
		if !r.spent {
			r.spent = true
			r.warn("limit", off, "%v; %s and every later compressed block were not read in full", err, what)
		}
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		// The walk stops at its next check and says so.
	case err != nil:
		r.warn("malformed", off, "%s: %v", what, err)
	}
	if truncated {
		r.warn("limit", off, "%s inflates past %d bytes; value cut", what, perBlock)
	}
}

// segment records one structural unit if the budget allows.
func (r *recorder) segment(typ string, off, length int64) {
	if r.take(recSegment, off) {
		r.inv.Segments = append(r.inv.Segments, Segment{Type: typ, Offset: off, Length: length})
	}
}

// mergeSegment extends the last segment when it has the same type and ends
// where this one starts; PNG uses it to keep runs of IDAT as one entry.
func (r *recorder) mergeSegment(typ string, off, length int64) {
	if n := len(r.inv.Segments); n > 0 {
		last := &r.inv.Segments[n-1]
		if last.Type == typ && last.Offset+last.Length == off {
			last.Length += length
			return
		}
	}
	r.segment(typ, off, length)
}

// add appends a metadata block to *dst if the budget allows. Data usually
// aliases the file; its capacity is clipped so that a consumer's append
// cannot write into the file's bytes.
func (r *recorder) add(dst *[]Block, blk Block) bool {
	if !r.take(recMeta, blk.Offset) {
		return false
	}
	blk.Data = blk.Data[:len(blk.Data):len(blk.Data)]
	*dst = append(*dst, blk)
	return true
}

// block is add for callers that do not need to know.
func (r *recorder) block(dst *[]Block, blk Block) { r.add(dst, blk) }

// other appends blk to Other if the budget allows.
func (r *recorder) other(blk Block) bool {
	if !r.take(recOther, blk.Offset) {
		return false
	}
	blk.Data = blk.Data[:len(blk.Data):len(blk.Data)]
	r.inv.Other = append(r.inv.Other, blk)
	return true
}

// text appends a text entry if the budget allows.
func (r *recorder) text(e TextEntry) {
	if r.take(recOther, e.Offset) {
		r.inv.Text = append(r.inv.Text, e)
	}
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
func (r *recorder) trailer(data []byte, end int) {
	if end >= len(data) {
		return
	}
	rest := data[end:]
	r.inv.Trailer = Segment{Type: "trailer", Offset: int64(end), Length: int64(len(rest))}
	if !allZero(rest) {
		r.warn("trailing-data", int64(end), "%d bytes after the end of the %s data", len(rest), r.inv.Format)
	}
}
