package text

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/provcheck/provcheck/reports"
)

// excerptBuilder cuts windows into segments, in text order, following
// line and column from the start of the body.
type excerptBuilder struct {
	body    string
	cur     cursor
	pos     int // the cursor's byte offset
	runes   int // runes walked, for cancellation checks
	phrases []phraseSpan
}

// walkTo moves the cursor to byte offset off.
func (b *excerptBuilder) walkTo(ctx context.Context, off int) error {
	for b.pos < off {
		r, size := utf8.DecodeRuneInString(b.body[b.pos:])
		if r == utf8.RuneError && size <= 1 {
			size = 1
		}
		if err := b.step(ctx, r, size); err != nil {
			return err
		}
	}
	return nil
}

func (b *excerptBuilder) step(ctx context.Context, r rune, size int) error {
	if b.runes++; b.runes%ctxCheckStride == 0 {
		if err := ctx.Err(); err != nil {
			return err
		}
	}
	b.cur.advance(r)
	b.pos += size
	return nil
}

// build makes the excerpt of body[lo:hi]. A run of hidden characters that
// starts inside the window is taken whole, as one badge; an excerpt stops
// early at maxExcerptUnits characters and badges or maxExcerptBytes.
func (b *excerptBuilder) build(ctx context.Context, lo, hi int) (reports.RevealExcerpt, error) {
	if err := b.walkTo(ctx, lo); err != nil {
		return reports.RevealExcerpt{}, err
	}
	body := b.body
	lo = b.pos // a badge of the previous window may have run past lo
	start := b.cur.at(lo)
	ex := reports.RevealExcerpt{Offset: lo, Line: start.Line, Column: start.Column, Before: lo > 0}
	if lo >= hi {
		ex.End = lo
		return ex, nil
	}
	lookalikes := lookalikeLetters(ctx, body, lo, hi)
	var phrases []phraseSpan
	for _, s := range b.phrases {
		if s.start < hi && lo < s.end {
			phrases = append(phrases, s)
		}
	}
	var (
		text     strings.Builder
		textSeg  reports.RevealSegment
		inText   bool
		units    int
		size     int
		phraseAt = -1 // the phrase the open text segment highlights
	)
	flush := func() {
		if inText {
			textSeg.Text = text.String()
			ex.Segments = append(ex.Segments, textSeg)
			size += len(textSeg.Text) + 40
			text.Reset()
			inText = false
		}
	}
	add := func(s reports.RevealSegment) {
		flush()
		ex.Segments = append(ex.Segments, s)
		size += len(s.Name) + len(s.Decoded) + 110
	}
	for b.pos < hi && units < maxExcerptUnits && size < maxExcerptBytes {
		i := b.pos
		p := b.cur.at(i)
		r, n := utf8.DecodeRuneInString(body[i:])
		if r == utf8.RuneError && n <= 1 {
			add(reports.RevealSegment{Kind: reports.RevealHidden, Offset: i, Line: p.Line, Column: p.Column,
				Name: fmt.Sprintf("invalid UTF-8 byte 0x%02X", body[i]), Class: "invalid"})
			if err := b.step(ctx, r, 1); err != nil {
				return ex, err
			}
			units++
			continue
		}
		if c := classify(r); c != classNone {
			seg := reports.RevealSegment{Kind: reports.RevealHidden, Offset: i, Line: p.Line, Column: p.Column,
				CodePoint: codePoint(r), Name: runeName(r), Class: className(c)}
			end, count := runOf(body, i, c)
			if count < revealRun {
				end, count = i+n, 1
			} else {
				seg.Count = count
				seg.Decoded = decodeRun(body[i:end], c)
			}
			add(seg)
			if err := b.walkTo(ctx, end); err != nil {
				return ex, err
			}
			units++
			continue
		}
		kind, ph := reports.RevealText, -1
		for k, s := range phrases {
			if s.start <= i && i < s.end {
				kind, ph = reports.RevealMatch, k
				break
			}
		}
		if _, ok := lookalikes[i]; ok {
			add(reports.RevealSegment{Kind: reports.RevealLookalike, Offset: i, Line: p.Line, Column: p.Column,
				Text: string(r), CodePoint: codePoint(r), Name: runeName(r), Class: "lookalike"})
		} else {
			if inText && (textSeg.Kind != kind || ph != phraseAt) {
				flush()
			}
			if !inText {
				textSeg, inText, phraseAt = reports.RevealSegment{Kind: kind, Offset: i}, true, ph
				if kind == reports.RevealMatch {
					textSeg.Line, textSeg.Column = p.Line, p.Column
					textSeg.Name, textSeg.Class = phrases[ph].label, "phrase"
				}
			}
			if r != '\r' {
				text.WriteRune(r)
			} else {
				// Line breaks become "\n": "\r\n" is taken whole, so it
				// never ends up split across two segments.
				text.WriteByte('\n')
				if strings.HasPrefix(body[i+n:], "\n") {
					if err := b.step(ctx, r, n); err != nil {
						return ex, err
					}
					r, n = '\n', 1
				}
			}
		}
		if err := b.step(ctx, r, n); err != nil {
			return ex, err
		}
		units++
	}
	flush()
	ex.End = b.pos
	ex.After = b.pos < len(body)
	return ex, nil
}

// runOf measures the run of characters of class c that starts at off: its
// end and its length in characters.
func runOf(body string, off int, c class) (end, count int) {
	end = off
	for end < len(body) {
		r, n := utf8.DecodeRuneInString(body[end:])
		if classify(r) != c || r == utf8.RuneError && n <= 1 {
			break
		}
		end += n
		count++
	}
	return end, count
}

// decodeRun is the printable text a run of tag characters or variation
// selectors spells, or "".
func decodeRun(run string, c class) string {
	var out []byte
	for _, r := range run {
		if len(out) >= 4*maxDecodedRunes {
			break
		}
		switch c {
		case classTag:
			if r >= 0xE0020 && r <= 0xE007E {
				out = append(out, byte(r-0xE0000))
			}
		case classVariation:
			out = append(out, variationByte(r))
		}
	}
	s := string(out)
	if c == classVariation {
		// A long message is cut in the middle of a character: drop that
		// one before judging the rest.
		for k := 0; k < utf8.UTFMax && len(s) > 0 && !utf8.ValidString(s); k++ {
			s = s[:len(s)-1]
		}
	}
	if !printable(s) {
		return ""
	}
	return shorten(s, maxDecodedRunes)
}

// lookalikeLetters returns the byte offsets of the look-alike letters in
// the mixed-script words of body[lo:hi]. A word cut by the window's edge
// is judged by its part inside: it can be missed, never invented.
func lookalikeLetters(ctx context.Context, body string, lo, hi int) map[int]struct{} {
	words, _, err := scanMixedScript(ctx, body[lo:hi])
	if err != nil || len(words) == 0 {
		return nil
	}
	out := map[int]struct{}{}
	for _, w := range words {
		for j, r := range w.word {
			if latinLookalikes[r] {
				out[lo+w.pos.Offset+j] = struct{}{}
			}
		}
	}
	return out
}

// className names a class as reports.RevealClasses does.
func className(c class) string {
	switch c {
	case classZeroWidth:
		return "zero-width"
	case classBidi:
		return "bidi-control"
	case classBidiMark:
		return "bidi-mark"
	case classTag:
		return "tag"
	case classVariation:
		return "variation-selector"
	case classSoftHyphen:
		return "soft-hyphen"
	case classFormat:
		return "format"
	case classControl:
		return "control"
	case classSpace:
		return "space"
	}
	return ""
}
