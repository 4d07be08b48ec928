package container

import (
	"math"
	"strings"
	"testing"
)

// run is a run of glyphs 0.5 em wide, on a baseline through (x, y) at
// the given angle (degrees) and size.
type layoutRun struct {
	x, y, angle, size float64
	text              string
	undecoded         bool
}

func layoutText(runs []layoutRun) string {
	l := newPDFLayout(1 << 20)
	for _, r := range runs {
		a := r.angle * math.Pi / 180
		dir := pdfPoint{math.Cos(a), math.Sin(a)}
		adv := 0.5 * r.size
		p := pdfPoint{r.x, r.y}
		for _, c := range r.text {
			end := pdfPoint{p.x + adv*dir.x, p.y + adv*dir.y}
			text := string(c)
			if r.undecoded {
				text = ""
			}
			l.glyph(pdfPlaced{start: p, end: end, dir: dir, size: r.size}, text, r.undecoded)
			p = end
		}
	}
	return l.text()
}

func TestPDFLayout(t *testing.T) {
	// long is a line of 19.5 em at 0.5 em a glyph.
	long := strings.Repeat("word ", 8)[:39]
	tests := []struct {
		name string
		runs []layoutRun
		want string
	}{
		{"kerning is no space", []layoutRun{{0, 0, 0, 10, "ab", false}, {10.5, 0, 0, 10, "cd", false}}, "abcd"},
		{"a gap is a space", []layoutRun{{0, 0, 0, 10, "ab", false}, {13, 0, 0, 10, "cd", false}}, "ab cd"},
		{"no double space", []layoutRun{{0, 0, 0, 10, "ab ", false}, {20, 0, 0, 10, "cd", false}}, "ab cd"},
		{"a short first line breaks", []layoutRun{{0, 0, 0, 10, "First item", false}, {0, -12, 0, 10, "Second item", false}}, "First item\nSecond item"},
		{"a wrapped line joins", []layoutRun{{0, 0, 0, 10, long, false}, {0, -12, 0, 10, "gh", false}}, long + " gh"},
		{"a paragraph's last line breaks", []layoutRun{{0, 0, 0, 10, long, false}, {0, -12, 0, 10, long, false},
			{0, -24, 0, 10, "qr", false}, {0, -36, 0, 10, "st", false}}, long + " " + long + " qr\nst"},
		{"ragged right wraps before a word too long for the line", []layoutRun{{0, 0, 0, 10, long, false}, {0, -12, 0, 10, long[:34], false},
			{0, -24, 0, 10, "stretchable", false}}, long + " " + long[:34] + " stretchable"},
		{"ragged right breaks before a word that would have fitted", []layoutRun{{0, 0, 0, 10, long, false}, {0, -12, 0, 10, long[:34], false},
			{0, -24, 0, 10, "st", false}, {12, -24, 0, 10, "retchable", false}}, long + " " + long[:34] + "\nst retchable"},
		{"a hyphenated word too long for the line joins", []layoutRun{{0, 0, 0, 10, long, false}, {0, -12, 0, 10, long[:30] + " ex-", false},
			{0, -24, 0, 10, "ample", false}}, long + " " + long[:30] + " ex-ample"},
		{"an indented line breaks", []layoutRun{{0, 0, 0, 10, long, false}, {20, -12, 0, 10, "gh", false}}, long + "\ngh"},
		{"a first-line indent wraps", []layoutRun{{20, 0, 0, 10, long, false}, {0, -12, 0, 10, "gh", false}}, long + " gh"},
		{"a larger step breaks", []layoutRun{{0, 0, 0, 10, long, false}, {0, -12, 0, 10, long, false}, {0, -30, 0, 10, "mn", false}}, long + " " + long + "\nmn"},
		{"a size change breaks", []layoutRun{{0, 0, 0, 14, long, false}, {0, -14, 0, 10, long, false}}, long + "\n" + long},
		{"a hyphenated word joins", []layoutRun{{0, 0, 0, 10, "a long line that ends with an exam-", false}, {0, -12, 0, 10, "ple", false}}, "a long line that ends with an exam-ple"},
		{"a dash before a capital", []layoutRun{{0, 0, 0, 10, "a long line that ends with a dash -", false}, {0, -12, 0, 10, "Ple", false}}, "a long line that ends with a dash - Ple"},
		{"Japanese lines join", []layoutRun{{0, 0, 0, 10, strings.Repeat("日本語", 10), false}, {0, -12, 0, 10, "です", false}}, strings.Repeat("日本語", 10) + "です"},
		{"line after a trailing space", []layoutRun{{0, 0, 0, 10, "ab ", false}, {0, -30, 0, 10, "cd", false}}, "ab \ncd"},
		{"superscript stays on the line", []layoutRun{{0, 0, 0, 10, "x", false}, {5, 4, 0, 6, "2", false}, {8, 0, 0, 10, "y", false}}, "x2y"},
		{"back to the line start", []layoutRun{{0, 0, 0, 10, "abcd", false}, {0, 0, 0, 10, "ef", false}}, "abcd\nef"},
		{"an accent drawn over its letter", []layoutRun{{0, 0, 0, 10, "e", false}, {1, 0, 0, 10, "\u0301", false}}, "e\u0301"},
		{"a turned baseline is a new line", []layoutRun{{0, 0, 0, 10, "ab", false}, {10, 0, 90, 10, "cd", false}}, "ab\ncd"},
		{"rotated text keeps its words", []layoutRun{{0, 0, 90, 10, "ab", false}, {0, 13, 90, 10, "cd", false}}, "ab cd"},
		{"right to left baseline", []layoutRun{{100, 0, 180, 10, "ab", false}, {87, 0, 180, 10, "cd", false}}, "ab cd"},
		{"an undecoded glyph separates", []layoutRun{{0, 0, 0, 10, "ab", false}, {10, 0, 0, 10, "x", true}, {15, 0, 0, 10, "cd", false}}, "ab cd"},
		{"a line break owed by an undecoded glyph", []layoutRun{{0, 0, 0, 10, "ab", false}, {0, -30, 0, 10, "x", true}, {5, -30, 0, 10, "cd", false}}, "ab\ncd"},
		{"a wrap owed by an undecoded glyph", []layoutRun{{0, 0, 0, 10, long, false}, {0, -12, 0, 10, "x", true}, {5, -12, 0, 10, "cd", false}}, long + " cd"},
		{"nothing before the first glyph", []layoutRun{{0, 0, 0, 10, "x", true}, {50, 50, 0, 10, "ab", false}}, "ab"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := layoutText(tt.runs); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestPDFLayoutDegenerate(t *testing.T) {
	l := newPDFLayout(10)
	nan := math.NaN()
	for range 20 {
		l.glyph(pdfPlaced{start: pdfPoint{nan, nan}, end: pdfPoint{math.Inf(1), 0}, dir: pdfPoint{1, 0}, size: nan}, "ab", false)
	}
	if len(l.buf) > 10 || !l.full {
		t.Errorf("layout wrote %d bytes past a limit of 10 (full %v)", len(l.buf), l.full)
	}
}
