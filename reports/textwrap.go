package reports

import (
	"bufio"
	"bytes"
	"io"
	"strings"

	"github.com/rivo/uniseg"
)

// Text layout for terminals: widths are display columns (a CJK character
// takes two, a combining mark none), measured by grapheme cluster, so a
// line fits however its text is written.

// DefaultWidth is the line width when nothing says otherwise.
const DefaultWidth = 100

// minWidth is the narrowest layout attempted; below it lines may overflow.
const minWidth = 40

// Width returns s's display width in terminal columns. Printable ASCII,
// most of a report, is one column a byte; grapheme segmentation (a
// noticeable part of writing a table) is left for the rest.
func Width(s string) int {
	if printableASCII(s) {
		return len(s)
	}
	return uniseg.StringWidth(s)
}

// printableASCII reports whether every byte of s is a printable ASCII
// character: one grapheme cluster and one column each.
func printableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			return false
		}
	}
	return true
}

// Clean flattens control characters to spaces: a file name, prompt or
// metadata value could carry terminal escapes, and a line break inside a
// value would break the layout.
func Clean(s string) string {
	if !strings.ContainsFunc(s, isControl) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if isControl(r) {
			return ' '
		}
		return r
	}, s)
}

func isControl(r rune) bool { return r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) }

// Wrap breaks text into lines of at most width columns: at spaces where it
// can, inside a word (by grapheme cluster) where a word alone is wider than
// a line. Nothing is cut. The first line starts with first, the others with
// rest (hanging indents); both count towards the width.
func Wrap(text string, width int, first, rest string) []string {
	text = strings.Join(strings.Fields(Clean(text)), " ")
	var lines []string
	line, lineW := first, Width(first)
	empty := true
	flush := func() {
		lines = append(lines, strings.TrimRight(line, " "))
		line, lineW, empty = rest, Width(rest), true
	}
	for _, word := range strings.Split(text, " ") {
		if word == "" {
			continue
		}
		ww := Width(word)
		sep := 1
		if empty {
			sep = 0
		}
		if lineW+sep+ww <= width {
			if !empty {
				line += " "
			}
			line += word
			lineW += sep + ww
			empty = false
			continue
		}
		if !empty {
			flush()
		}
		// The word alone on a fresh line: break it where it must.
		for ww > width-lineW && width-lineW > 0 {
			head, headW := fitPrefix(word, width-lineW)
			if head == "" {
				break
			}
			line += head
			lineW += headW
			empty = false
			word = word[len(head):]
			ww -= headW
			flush()
		}
		if word != "" {
			line += word
			lineW += ww
			empty = false
		}
	}
	if !empty || len(lines) == 0 {
		lines = append(lines, strings.TrimRight(line, " "))
	}
	return lines
}

// fitPrefix returns the longest prefix of s, in whole grapheme clusters,
// at most n columns wide.
func fitPrefix(s string, n int) (string, int) {
	if printableASCII(s) {
		end := max(0, min(n, len(s)))
		return s[:end], end
	}
	return fitPrefixGraphemes(s, n)
}

func fitPrefixGraphemes(s string, n int) (string, int) {
	g := uniseg.NewGraphemes(s)
	end, w := 0, 0
	for g.Next() {
		cw := g.Width()
		if w+cw > n {
			break
		}
		_, to := g.Positions()
		end, w = to, w+cw
	}
	return s[:end], w
}

// ShortenLeft keeps the end of s within n columns, marking the cut with
// "…" at the start: the end of a path (the file name) says most.
func ShortenLeft(s string, n int) string {
	s = Clean(s)
	if Width(s) <= n {
		return s
	}
	if n < 1 {
		return ""
	}
	if printableASCII(s) {
		return "…" + s[len(s)-(n-1):]
	}
	return shortenLeftGraphemes(s, n)
}

// shortenLeftGraphemes is ShortenLeft for text that is not printable
// ASCII; s is wider than n, and n at least 1.
func shortenLeftGraphemes(s string, n int) string {
	var clusters []string
	g := uniseg.NewGraphemes(s)
	for g.Next() {
		clusters = append(clusters, g.Str())
	}
	w := 1 // the ellipsis
	i := len(clusters)
	for i > 0 && w+Width(clusters[i-1]) <= n {
		i--
		w += Width(clusters[i])
	}
	return "…" + strings.Join(clusters[i:], "")
}

// pad right-pads s with spaces to n columns.
func pad(s string, n int) string {
	if w := Width(s); w < n {
		return s + strings.Repeat(" ", n-w)
	}
	return s
}

// WrapWriter re-flows the lines written through it to a width, keeping
// each line's indentation (plus two columns on continuation lines), for
// command output laid out elsewhere as plain lines (the C2PA tree).
type WrapWriter struct {
	W     io.Writer
	Width int
	buf   bytes.Buffer
	err   error
}

func (w *WrapWriter) Write(p []byte) (int, error) {
	if w.err != nil {
		return 0, w.err
	}
	w.buf.Write(p)
	for {
		i := bytes.IndexByte(w.buf.Bytes(), '\n')
		if i < 0 {
			return len(p), nil
		}
		line := string(w.buf.Next(i + 1))
		if err := w.writeLine(strings.TrimSuffix(line, "\n")); err != nil {
			w.err = err
			return 0, err
		}
	}
}

// Flush writes a last line that did not end in a newline.
func (w *WrapWriter) Flush() error {
	if w.err == nil && w.buf.Len() > 0 {
		w.err = w.writeLine(w.buf.String())
		w.buf.Reset()
	}
	return w.err
}

func (w *WrapWriter) writeLine(line string) error {
	width := max(w.Width, minWidth)
	if Width(line) <= width {
		_, err := io.WriteString(w.W, line+"\n")
		return err
	}
	body := strings.TrimLeft(line, " ")
	indent := line[:len(line)-len(body)]
	if Width(indent) > width/2 {
		indent = indent[:width/2]
	}
	bw := bufio.NewWriter(w.W)
	for _, l := range Wrap(body, width, indent, indent+"  ") {
		bw.WriteString(l + "\n")
	}
	return bw.Flush()
}

// WriteColumns writes rows (the first is the header) as columns two spaces
// apart within width: every column but the last takes its natural width,
// squeezed in turn from the widest when the last would get less than
// half of the line; every cell wraps inside its column, never cut.
func WriteColumns(w io.Writer, width int, rows [][]string) error {
	if len(rows) == 0 {
		return nil
	}
	width = max(width, minWidth)
	const gap = 2
	n := len(rows[0])
	widths := make([]int, n)
	for _, row := range rows {
		for i, c := range row {
			widths[i] = max(widths[i], Width(Clean(c)))
		}
	}
	lastMin := width / 2
	used := func() int {
		s := 0
		for _, cw := range widths[:n-1] {
			s += cw + gap
		}
		return s
	}
	for used()+lastMin > width {
		wi := 0
		for i := range n - 1 {
			if widths[i] > widths[wi] {
				wi = i
			}
		}
		if widths[wi] <= 8 {
			break
		}
		widths[wi]--
	}
	widths[n-1] = max(width-used(), 8)
	bw := bufio.NewWriter(w)
	for _, row := range rows {
		cells := make([][]string, n)
		height := 1
		for i := range n {
			c := ""
			if i < len(row) {
				c = row[i]
			}
			cells[i] = Wrap(c, widths[i], "", "")
			height = max(height, len(cells[i]))
		}
		for l := range height {
			var line strings.Builder
			for i := range n {
				c := ""
				if l < len(cells[i]) {
					c = cells[i][l]
				}
				if i < n-1 {
					line.WriteString(pad(c, widths[i]) + strings.Repeat(" ", gap))
				} else {
					line.WriteString(c)
				}
			}
			bw.WriteString(strings.TrimRight(line.String(), " ") + "\n")
		}
	}
	return bw.Flush()
}
