package container

// maxWarnings bounds the warnings one walk records: a hostile file can
// repeat the same damage a million times, the report needs it once.
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

// budget counts what a walker records against Limits.MaxBlocks and
// maxWarnings, so the Inventory stays bounded whatever the file claims.
// The walk itself goes on past the budget.
type budget struct {
	inv      *Inventory
	max      int
	used     [recKinds]int
	limited  [recKinds]bool
	warnings int
}

func newBudget(inv *Inventory, lim Limits) budget {
	return budget{inv: inv, max: lim.MaxBlocks}
}

// take reserves one record of a kind and warns once per kind when none are
// left.
func (b *budget) take(kind int, off int64) bool {
	if b.used[kind] < b.max {
		b.used[kind]++
		return true
	}
	if !b.limited[kind] {
		b.limited[kind] = true
		b.inv.Warn("limit", off, "more than %d %s; the rest are not recorded", b.max, recNames[kind])
	}
	return false
}

// segment records one structural unit if the budget allows.
func (b *budget) segment(typ string, off, length int64) {
	if b.take(recSegment, off) {
		b.inv.Segments = append(b.inv.Segments, Segment{Type: typ, Offset: off, Length: length})
	}
}

// add appends a metadata block to *dst if the budget allows.
func (b *budget) add(dst *[]Block, blk Block) bool {
	if !b.take(recMeta, blk.Offset) {
		return false
	}
	*dst = append(*dst, blk)
	return true
}

// other appends blk to Other if the budget allows.
func (b *budget) other(blk Block) bool {
	if !b.take(recOther, blk.Offset) {
		return false
	}
	b.inv.Other = append(b.inv.Other, blk)
	return true
}

// text appends a text entry if the budget allows.
func (b *budget) text(e TextEntry) {
	if b.take(recOther, e.Offset) {
		b.inv.Text = append(b.inv.Text, e)
	}
}

// warn records a warning, up to maxWarnings.
func (b *budget) warn(code string, off int64, format string, args ...any) {
	b.warnings++
	switch {
	case b.warnings < maxWarnings:
		b.inv.Warn(code, off, format, args...)
	case b.warnings == maxWarnings:
		b.inv.Warn("limit", off, "more than %d warnings; the rest are dropped", maxWarnings)
	}
}
