package text

import (
	"context"
	"math/bits"
	"unicode"
	"unicode/utf8"
)

// Bounds on what one scan keeps; counts always cover the whole body.
const (
	maxPositions   = 10  // first positions kept per class
	maxRuns        = 20  // tag and variation-selector runs kept
	maxDecoded     = 300 // characters of hidden text kept per tag run
	maxRunBytes    = 64  // bytes kept per variation-selector run
	ctxCheckStride = 1 << 20
)

// classStats counts one class of characters.
type classStats struct {
	count      int
	codePoints map[rune]int
	positions  []Position
}

func (c *classStats) add(r rune, p Position) {
	c.count++
	if c.codePoints == nil {
		c.codePoints = map[rune]int{}
	}
	c.codePoints[r]++
	if len(c.positions) < maxPositions {
		p.CodePoint = codePoint(r)
		c.positions = append(c.positions, p)
	}
}

// tagRun is a run of Unicode tag characters and the ASCII it spells.
type tagRun struct {
	pos         Position
	end         int // byte offset after the run
	runes       int
	decoded     []byte // printable ASCII spelled by U+E0020..U+E007E, capped at maxDecoded
	nonPrinting int    // tags outside that range (language tag, cancel tag, unassigned)
	truncated   bool
	before      rune // the rune before the run, for emoji flag sequences
	last        rune
}

// vsRun is a run of two or more variation selectors and the bytes they
// carry in the byte-per-selector encoding.
type vsRun struct {
	pos      Position
	end      int
	runes    int
	bytes    []byte // the first maxRunBytes bytes
	prefixed bool   // preceded by U+FEFF, as a C2PA text manifest wrapper is
	emojiVS  bool   // only U+FE0E/U+FE0F: doubled emoji presentation selectors
}

// hiddenScan is what one pass over the body found.
type hiddenScan struct {
	classes [numClasses]classStats

	tagRuns      []tagRun
	tagRunsTotal int
	tagChars     int // in runs that are not emoji flag sequences
	emojiFlags   int // tag sequences after U+1F3F4, expected in emoji

	vsRuns      []vsRun
	vsRunsTotal int
	vsChars     int // in runs that may carry data
	emojiVSRuns int

	joinersInContext int  // ZWJ/ZWNJ inside emoji or joining scripts, not counted as hidden
	zwLongestRun     int  // longest run of consecutive zero-width characters
	zwMixedRun       bool // that run mixes two or more zero-width characters
	overrides        int  // U+202D LRO and U+202E RLO
	softHyphenInWord int  // soft hyphens between letters: ordinary hyphenation points
	rtl              bool // the body has right-to-left letters
}

// scanHidden walks the body once and counts every class of invisible or
// unusual character, with positions. It returns ctx's error if the context
// ends during a long scan.
func scanHidden(ctx context.Context, body string) (*hiddenScan, error) {
	s := &hiddenScan{}
	cur := newCursor()
	var (
		prev     rune
		tag      *tagRun
		vs       *vsRun
		prefix   bool // the last rune was a U+FEFF directly before a selector
		zwRun    int
		zwKinds  uint32 // one bit per zero-width code point seen in the run
		runeSeen int
	)
	for i := 0; i < len(body); {
		r, size := utf8.DecodeRuneInString(body[i:])
		if runeSeen++; runeSeen%ctxCheckStride == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		c := classify(r)
		if c != classTag && tag != nil {
			s.closeTag(tag, i)
			tag = nil
		}
		if c != classVariation && vs != nil {
			s.closeVS(vs, i)
			vs = nil
		}
		if c != classZeroWidth {
			zwRun, zwKinds = 0, 0
		}
		next, _ := utf8.DecodeRuneInString(body[i+size:])
		pos := cur.at(i)
		switch c {
		case classNone:
			if !s.rtl && r >= 0x0590 && rtlLetter(r) {
				s.rtl = true
			}
		case classZeroWidth:
			switch {
			case r == 0xFEFF && i == 0:
				// a byte order mark the walker did not strip
			case r == 0xFEFF && classify(next) == classVariation:
				prefix = true // counted with the selector run it introduces
			case (r == 0x200D || r == 0x200C) && (emojiLike(prev) && emojiLike(next) || joiningScript(prev) || joiningScript(next)):
				s.joinersInContext++
			default:
				s.classes[c].add(r, pos)
				zwRun++
				zwKinds |= 1 << (r % 32) // the six code points differ mod 32
				if zwRun > s.zwLongestRun {
					s.zwLongestRun, s.zwMixedRun = zwRun, bits.OnesCount32(zwKinds) > 1
				}
			}
		case classTag:
			if tag == nil {
				tag = &tagRun{pos: pos, before: prev}
			}
			tag.add(r)
		case classVariation:
			if vs == nil {
				vs = &vsRun{pos: pos, prefixed: prefix, emojiVS: true}
			}
			vs.add(r)
		case classSoftHyphen:
			if unicode.IsLetter(prev) && unicode.IsLetter(next) {
				s.softHyphenInWord++
			} else {
				s.classes[c].add(r, pos)
			}
		default:
			s.classes[c].add(r, pos)
			if r == 0x202D || r == 0x202E {
				s.overrides++
			}
		}
		if c != classZeroWidth || r != 0xFEFF {
			prefix = false
		}
		prev = r
		cur.advance(r)
		i += size
	}
	if tag != nil {
		s.closeTag(tag, len(body))
	}
	if vs != nil {
		s.closeVS(vs, len(body))
	}
	return s, nil
}

func (t *tagRun) add(r rune) {
	t.runes++
	t.last = r
	if r < 0xE0020 || r > 0xE007E {
		t.nonPrinting++
		return
	}
	if len(t.decoded) < maxDecoded {
		t.decoded = append(t.decoded, byte(r-0xE0000))
	} else {
		t.truncated = true
	}
}

// closeTag ends a tag run at byte offset end. A run after U+1F3F4 WAVING
// BLACK FLAG that ends with U+E007F CANCEL TAG is an emoji subdivision flag
// (England, Scotland, Wales) and is expected.
func (s *hiddenScan) closeTag(t *tagRun, end int) {
	if t.before == 0x1F3F4 && t.last == 0xE007F && t.runes <= 8 {
		s.emojiFlags++
		return
	}
	t.end = end
	s.tagRunsTotal++
	s.tagChars += t.runes
	if len(s.tagRuns) < maxRuns {
		s.tagRuns = append(s.tagRuns, *t)
	}
}

func (v *vsRun) add(r rune) {
	v.runes++
	if r != 0xFE0E && r != 0xFE0F {
		v.emojiVS = false
	}
	if len(v.bytes) < maxRunBytes {
		v.bytes = append(v.bytes, variationByte(r))
	}
}

// closeVS ends a selector run at byte offset end. One selector after a
// character is an ordinary variation sequence (emoji or CJK presentation),
// and a run of only U+FE0E/U+FE0F is a doubled emoji selector left by
// copy and paste; neither carries data.
func (s *hiddenScan) closeVS(v *vsRun, end int) {
	switch {
	case v.runes < 2 && !v.prefixed:
		return
	case v.emojiVS && !v.prefixed:
		s.emojiVSRuns++
		return
	}
	v.end = end
	s.vsRunsTotal++
	s.vsChars += v.runes
	if len(s.vsRuns) < maxRuns {
		s.vsRuns = append(s.vsRuns, *v)
	}
}
