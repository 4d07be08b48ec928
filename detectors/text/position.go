package text

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Position locates a finding in the decoded body. Offset is a byte offset
// into Inventory.Body (UTF-8), which for a UTF-8 file without BOM is also
// the file offset. Line and Column count from 1; Column counts code points
// from the start of the line, so an editor's "go to line:column" lands on it.
type Position struct {
	Offset    int    `json:"offset"`
	Line      int    `json:"line"`
	Column    int    `json:"column"`
	CodePoint string `json:"codePoint,omitempty"`
}

func (p Position) String() string { return fmt.Sprintf("%d:%d", p.Line, p.Column) }

// cursor follows line and column while a scanner walks the body rune by
// rune, so positions cost nothing even on a single 100 MB line. A line ends
// at "\n", at "\r\n" and at a lone "\r".
type cursor struct {
	line, col int
	prevCR    bool
}

func newCursor() cursor { return cursor{line: 1, col: 1} }

// advance moves past r.
func (c *cursor) advance(r rune) {
	switch {
	case r == '\n' && c.prevCR: // second half of "\r\n": the line already ended
		c.prevCR = false
	case r == '\n', r == '\r':
		c.line++
		c.col = 1
		c.prevCR = r == '\r'
	default:
		c.col++
		c.prevCR = false
	}
}

// at is the position of the rune the cursor stands on, at byte offset off.
func (c *cursor) at(off int) Position { return Position{Offset: off, Line: c.line, Column: c.col} }

const (
	excerptContext = 40  // bytes of context each side of a finding
	excerptSpan    = 120 // longest stretch of the finding itself shown
	excerptMax     = 400 // longest excerpt after revealing hidden characters
)

// excerpt shows body[start:end] with some context, hidden characters made
// visible ("⟨U+200B⟩") and line breaks shown as "⏎", cut to rune boundaries
// and marked with "…" where it was cut.
func excerpt(body string, start, end int) string {
	start = max(0, min(start, len(body)))
	end = max(start, min(end, start+excerptSpan, len(body)))
	lo, hi := max(0, start-excerptContext), min(len(body), end+excerptContext)
	for lo > 0 && !utf8.RuneStart(body[lo]) {
		lo--
	}
	for hi < len(body) && !utf8.RuneStart(body[hi]) {
		hi++
	}
	var sb strings.Builder
	if lo > 0 {
		sb.WriteString("…")
	}
	sb.WriteString(reveal(body[lo:hi], excerptMax))
	if hi < len(body) {
		sb.WriteString("…")
	}
	return sb.String()
}

// reveal replaces every character the scanner reports with its code point,
// and line breaks and tabs with visible marks, up to max bytes of output.
func reveal(s string, limit int) string {
	var sb strings.Builder
	for _, r := range s {
		if sb.Len() >= limit {
			sb.WriteString("…")
			break
		}
		switch {
		case r == '\n':
			sb.WriteString("⏎")
		case r == '\r':
			// shown through the "⏎" of the line feed, or not at all
		case r == '\t':
			sb.WriteString("⇥")
		case r == utf8.RuneError:
			sb.WriteString("\uFFFD")
		case classify(r) != classNone:
			fmt.Fprintf(&sb, "⟨%s⟩", codePoint(r))
		default:
			sb.WriteRune(r)
		}
	}
	return sb.String()
}

// codePoint formats r as "U+200B".
func codePoint(r rune) string { return fmt.Sprintf("U+%04X", r) }
