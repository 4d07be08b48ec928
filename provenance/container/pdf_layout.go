package container

import (
	"math"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Layout: a content stream places glyphs, it does not write words. The
// layout compares where each glyph starts with where the previous one
// ended, in device space and along the previous glyph's baseline: a step
// across the baseline is a new line, a gap along it wider than a fraction
// of the font size is a word space, and anything smaller is kerning. The
// same rule covers TJ adjustments, Td/TD/T*/Tm moves and separate BT
// blocks, whatever mix of them a writer uses.
//
// A new line is not always a line break of the text: most are where a
// paragraph wrapped. The layout joins a line to the next with a space
// (with nothing after a hyphen at the end of a word, or between lines of
// Chinese or Japanese) when the next one continues the paragraph: one
// ordinary line step further, same font size, not indented, and the line
// itself full. A line is full when it reaches the right edge of its
// paragraph, or, in ragged-right text, when the next line's first word
// would not have fitted at its end (the layout writes a line break, then
// turns it into a space once that word is measured). The first line of a
// paragraph must also be wider than a list item or a heading. Short
// lines, larger steps and size changes keep their line break. Sentence
// statistics then see sentences, not lines.

// Thresholds, in units of the font size in device space unless noted.
const (
	pdfSpaceGap   = 0.15 // a gap along the baseline above this is a word space
	pdfLineStep   = 0.6  // a step across the baseline above this is a new line
	pdfBackStep   = 1.0  // a step back along the baseline beyond this is a new line
	pdfTurnCosine = 0.9  // baselines turned further apart than this start a new line

	pdfWrapMinStep = 0.8  // a paragraph's line step is at least this
	pdfWrapMaxStep = 1.7  // and at most this
	pdfWrapGrowth  = 1.25 // a step this much larger than the paragraph's last one is a new paragraph
	pdfWrapIndent  = 1.0  // a next line starting this much right of the line is indented
	pdfWrapOutdent = 4.0  // or this much left (a first-line indent is undone)
	pdfWrapEdge    = 0.5  // a line ending this close to the paragraph's right edge is full
	pdfWrapFit     = 0.25 // the space a word needs before it, to fit at the end of a line
	pdfWrapFirst   = 12   // a paragraph's first line is full from this width (list items, headings are not)
	pdfWrapSizes   = 0.15 // font sizes that differ by more than this share are different paragraphs
)

type pdfSep uint8

const (
	pdfSepNone pdfSep = iota
	pdfSepSpace
	pdfSepLine
)

type pdfPoint struct{ x, y float64 }

func (p pdfPoint) dot(q pdfPoint) float64 { return p.x*q.x + p.y*q.y }

// pdfPlaced is a glyph placed in device space.
type pdfPlaced struct {
	start, end pdfPoint
	dir        pdfPoint // unit vector along the baseline, in the advance direction
	size       float64  // font size in device space
}

// pdfLine is the line being written.
type pdfLine struct {
	start   pdfPoint
	size    float64
	written bool
}

// pdfBlock is the paragraph being written, along its baseline direction.
type pdfBlock struct {
	left, right float64
	step        float64 // the last line step, 0 before the second line
}

var pdfNoBlock = pdfBlock{left: math.Inf(1), right: math.Inf(-1)}

// pdfLayout writes the text of one page.
type pdfLayout struct {
	buf      []byte
	limit    int // bytes the page may still add to the body
	full     bool
	prev     pdfPlaced
	havePrev bool
	pending  pdfSep // owed by glyphs that wrote nothing
	// last and beforeLast are the last runes written (0 when none).
	last, beforeLast rune
	line             pdfLine
	block            pdfBlock
	fit              pdfFit
}

// pdfFit is a line break that becomes a join if the first word after it
// would not have fitted at the end of the line before.
type pdfFit struct {
	at         int // index of the '\n' in buf; -1 when there is none
	slack      float64
	join       pdfSep // what replaces the break: a space, or nothing
	dir        pdfPoint
	start, end float64 // the word, along dir
	measuring  bool    // the first word is still being drawn
	armed      bool    // a break is waiting for its first word
}

func newPDFLayout(limit int) *pdfLayout {
	return &pdfLayout{limit: limit, block: pdfNoBlock, fit: pdfFit{at: -1}}
}

// text returns the page's text.
func (l *pdfLayout) text() string {
	l.settle()
	return strings.TrimSpace(string(l.buf))
}

// glyph places one glyph and writes its text. undecoded marks a glyph
// whose code has no mapping: it writes nothing but separates its
// neighbours like a space.
func (l *pdfLayout) glyph(g pdfPlaced, text string, undecoded bool) {
	sep := l.pending
	if l.havePrev {
		s := l.separation(g)
		if s != pdfSepNone && l.fit.measuring {
			l.settle() // the first word of the line is complete
		}
		if s == pdfSepLine {
			s = l.newLine(g, text)
		}
		sep = max(sep, s)
	} else {
		l.line = pdfLine{start: g.start, size: g.size}
	}
	l.prev, l.havePrev = g, true
	l.line.size = max(l.line.size, g.size)
	if l.fit.measuring {
		l.fit.end = max(l.fit.end, g.end.dot(l.fit.dir))
	}
	if text == "" {
		if undecoded {
			sep = max(sep, pdfSepSpace)
		}
		l.pending = sep
		return
	}
	l.pending = pdfSepNone
	l.line.written = true
	at := len(l.buf)
	l.write(sep, text)
	if l.fit.armed && sep == pdfSepLine {
		l.fit.armed = false
		if at < len(l.buf) && l.buf[at] == '\n' {
			l.fit.at = at
		}
	}
}

// loose writes text that has no position (the ActualText of a span that
// showed no glyph), a word apart from what precedes it.
func (l *pdfLayout) loose(text string) {
	l.write(max(l.pending, pdfSepSpace), text)
	l.pending = pdfSepNone
}

func (l *pdfLayout) write(sep pdfSep, text string) {
	if l.full {
		return
	}
	r, _ := utf8.DecodeRuneInString(text)
	lastSpace := l.last == 0 || unicode.IsSpace(l.last)
	switch {
	case sep == pdfSepLine && l.last != 0 && l.last != '\n' && r != '\n':
		// A line break after a trailing space keeps the break.
		l.buf = append(l.buf, '\n')
	case sep == pdfSepSpace && !lastSpace && !unicode.IsSpace(r):
		l.buf = append(l.buf, ' ')
	}
	if len(l.buf)+len(text) > l.limit {
		l.full = true
		return
	}
	l.buf = append(l.buf, text...)
	if n := utf8.RuneCountInString(text); n >= 2 {
		last, size := utf8.DecodeLastRuneInString(text)
		l.beforeLast, _ = utf8.DecodeLastRuneInString(text[:len(text)-size])
		l.last = last
	} else {
		l.beforeLast, l.last = l.last, r
	}
}

// separation decides what lies between the previous glyph and g.
func (l *pdfLayout) separation(g pdfPlaced) pdfSep {
	p := l.prev
	if p.dir.dot(g.dir) < pdfTurnCosine {
		return pdfSepLine
	}
	dx, dy := g.start.x-p.end.x, g.start.y-p.end.y
	along := dx*p.dir.x + dy*p.dir.y
	across := p.dir.x*dy - p.dir.y*dx
	// Superscripts and subscripts are smaller than the line they sit on:
	// the larger size judges steps across, the smaller one gaps along.
	big, small := max(p.size, g.size), min(p.size, g.size)
	switch {
	case math.Abs(across) > pdfLineStep*big:
		return pdfSepLine
	case along < -pdfBackStep*big:
		return pdfSepLine
	case along > pdfSpaceGap*small:
		return pdfSepSpace
	}
	return pdfSepNone
}

// newLine starts a line at g and says whether the one that ends wrapped
// (a space, or nothing) or broke (a line break, which may still become a
// join: see pdfFit).
func (l *pdfLayout) newLine(g pdfPlaced, text string) pdfSep {
	line, p := l.line, l.prev
	l.line = pdfLine{start: g.start, size: g.size}
	dir := p.dir
	start, end, next := line.start.dot(dir), p.end.dot(dir), g.start.dot(dir)
	// The step to the next baseline, positive in reading order (down for
	// horizontal text).
	step := -(dir.x*(g.start.y-p.end.y) - dir.y*(g.start.x-p.end.x))
	size := line.size
	b := l.block
	b.left, b.right = min(b.left, start), max(b.right, end)
	continues := line.written &&
		dir.dot(g.dir) > 0.99 &&
		math.Abs(g.size-size) <= pdfWrapSizes*max(g.size, size) &&
		step >= pdfWrapMinStep*size && step <= pdfWrapMaxStep*size &&
		(b.step == 0 || step <= pdfWrapGrowth*b.step) &&
		next <= start+pdfWrapIndent*size && next >= start-pdfWrapOutdent*size &&
		(b.step != 0 || end-start >= pdfWrapFirst*size)
	if !continues {
		l.block = pdfNoBlock
		return pdfSepLine
	}
	b.left, b.step = min(b.left, next), step
	l.block = b
	// A word hyphenated at the end of the line continues on the next, and
	// Chinese and Japanese put no space between lines.
	join := pdfSepSpace
	r, _ := utf8.DecodeRuneInString(text)
	if (l.last == '-' || l.last == '\u2010' || l.last == '\u00AD') && unicode.IsLetter(l.beforeLast) && unicode.IsLower(r) ||
		pdfNoSpaceScript(l.last) && pdfNoSpaceScript(r) {
		join = pdfSepNone
	}
	if end >= b.right-pdfWrapEdge*size {
		return join
	}
	// Ragged right: the first word of the next line decides.
	l.fit = pdfFit{at: -1, slack: b.right - end - pdfWrapFit*size, join: join, dir: dir,
		start: next, end: next, measuring: true, armed: true}
	return pdfSepLine
}

// settle decides a pending line break once the first word after it is
// measured: a word too long for the room left on the line before is why
// the line wrapped.
func (l *pdfLayout) settle() {
	f := l.fit
	l.fit = pdfFit{at: -1}
	if f.at < 0 || f.at >= len(l.buf) || l.buf[f.at] != '\n' || f.end-f.start <= f.slack {
		return
	}
	if f.join == pdfSepSpace {
		l.buf[f.at] = ' '
		return
	}
	l.buf = append(l.buf[:f.at], l.buf[f.at+1:]...)
}

// pdfNoSpaceScript reports the scripts written without spaces between
// words, whose wrapped lines join with nothing.
func pdfNoSpaceScript(r rune) bool {
	return r >= 0x2E80 && (unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana) || r >= 0x3000 && r <= 0x303F || r >= 0xFF00 && r <= 0xFFEF)
}
