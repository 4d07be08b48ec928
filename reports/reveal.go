package reports

import (
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

// RevealKey is the evidence key under which the text detector puts the
// reveal excerpts of a signal: []RevealExcerpt, the stretches of the text
// around that signal's findings with every hidden character made visible.
// An excerpt around findings of several signals is in the evidence of each
// of them, identical, so that setting one signal aside keeps what the
// others need; FileResult.Reveal gathers them once each.
const RevealKey = "reveal"

// Segment kinds. A renderer shows a text segment as it is, a hidden
// segment as a visible badge in place of characters that show nothing, and
// a lookalike or match segment as its text, highlighted.
const (
	RevealText      = "text"
	RevealHidden    = "hidden"
	RevealLookalike = "lookalike"
	RevealMatch     = "match"
)

// RevealExcerpt is a bounded stretch of a text file's decoded text around
// one or more findings, cut into segments so that a renderer never parses
// markers. Offsets are byte offsets into the decoded UTF-8 text, as in the
// text detector's other evidence; line and column count from 1, the column
// in code points.
type RevealExcerpt struct {
	Offset int  `json:"offset"` // of the first segment
	End    int  `json:"end"`    // after the last segment
	Line   int  `json:"line"`
	Column int  `json:"column"`
	Before bool `json:"before,omitempty"` // the text goes on before the excerpt
	After  bool `json:"after,omitempty"`  // and after it
	// Segments cover the excerpt in order.
	Segments []RevealSegment `json:"segments"`
}

// RevealSegment is a piece of an excerpt. Text holds the characters of a
// text, lookalike or match segment (line breaks normalised to "\n"); a
// hidden segment has no text, only what names the characters.
type RevealSegment struct {
	Kind   string `json:"kind"`
	Offset int    `json:"offset"`
	Text   string `json:"text,omitempty"`
	// Line and Column locate a segment that is a finding (every kind but
	// text).
	Line   int `json:"line,omitempty"`
	Column int `json:"column,omitempty"`
	// CodePoint ("U+200B") and Name ("ZERO WIDTH SPACE") name the character
	// of a hidden or lookalike segment, the first one of a run. An invalid
	// UTF-8 byte has no code point; its Name says which byte it was. A
	// match segment's Name says what was matched.
	CodePoint string `json:"codePoint,omitempty"`
	Name      string `json:"name,omitempty"`
	// Class is one of RevealClasses: what kind of character or finding.
	Class string `json:"class,omitempty"`
	// Count, when above 1, is the length of a run of hidden characters of
	// one class shown as one badge (a C2PA text manifest is thousands of
	// variation selectors).
	Count int `json:"count,omitempty"`
	// Decoded is the printable text a run of tag characters or variation
	// selectors spells, when it spells any (cut to a hundred-odd
	// characters).
	Decoded string `json:"decoded,omitempty"`
}

// Label is how a badge names a hidden or lookalike segment:
// "U+200B ZERO WIDTH SPACE", "40 × U+E0100 VARIATION SELECTOR-17 …".
func (s RevealSegment) Label() string {
	label := strings.TrimSpace(s.CodePoint + " " + s.Name)
	if s.Kind == RevealMatch {
		label = s.Name
	}
	if s.Count > 1 {
		label = fmt.Sprintf("%d × %s …", s.Count, label)
	}
	if s.Decoded != "" {
		label += fmt.Sprintf(" spelling %q", s.Decoded)
	}
	return label
}

// Where says where a finding segment is: "line 3, column 12".
func (s RevealSegment) Where() string {
	if s.Line == 0 {
		return fmt.Sprintf("byte %d", s.Offset)
	}
	return fmt.Sprintf("line %d, column %d", s.Line, s.Column)
}

// RevealClass is one class of highlighted character or finding, for the
// legend beside a reveal.
type RevealClass struct {
	Class string `json:"class"`
	Title string `json:"title"`
	Note  string `json:"note"`
}

// RevealClasses lists every class a segment can have, in legend order.
// Renderers take the legend from here, so it is written once.
var RevealClasses = []RevealClass{
	{"zero-width", "zero-width character", "shows nothing and takes no space; comes with copy and paste, or is put there to mark copies or split words"},
	{"bidi-control", "bidirectional control", "changes the order in which the characters around it are displayed"},
	{"bidi-mark", "direction mark", "sets the direction of neighbouring punctuation; ordinary in right-to-left text"},
	{"tag", "tag character", "shows nothing but spells ASCII that software, language models included, still reads"},
	{"variation-selector", "variation selector", "picks a glyph variant after an emoji or a CJK character; in runs it carries hidden bytes"},
	{"soft-hyphen", "soft hyphen", "shows only where a line breaks at it; outside words it splits them for search and filters"},
	{"format", "format character", "another invisible character (Unicode category Cf, or a filler that renders as nothing)"},
	{"control", "control character", "a control code other than tab and line breaks; often left by a wrong text decoding"},
	{"space", "unusual space", "a no-break or typographic space: ordinary typography, shown for completeness"},
	{"invalid", "invalid UTF-8", "a byte that is not valid UTF-8, shown as U+FFFD by most software"},
	{"lookalike", "look-alike letter", "a Cyrillic or Greek letter inside a Latin word, where it passes for a Latin one"},
	{"phrase", "chatbot phrase", "a phrase the text detector lists as a chatbot tell; read it in context"},
}

// Bounds on what a renderer takes from one file's reveal, whatever a
// (possibly hand-made) report holds: the text detector stays far below.
const (
	maxRenderExcerpts = 64
	maxRenderSegments = 2000
)

// Reveal gathers the reveal excerpts in the evidence of a file's signals,
// once each, in text order. Excerpts that overlap one already taken, or
// that are malformed, are left out. Evidence read back from a JSON report
// holds plain maps, a fresh result typed values: both are read.
func (f *FileResult) Reveal() []RevealExcerpt {
	var all []RevealExcerpt
	for i := range f.Signals {
		all = append(all, revealOf(f.Signals[i].Evidence[RevealKey])...)
	}
	if len(all) == 0 {
		return nil
	}
	slices.SortStableFunc(all, func(a, b RevealExcerpt) int {
		return cmp.Or(cmp.Compare(a.Offset, b.Offset), cmp.Compare(a.End, b.End))
	})
	out := all[:0]
	end, segs := -1, 0
	for _, e := range all {
		if e.Offset < end || e.End < e.Offset || len(e.Segments) == 0 || segs+len(e.Segments) > maxRenderSegments {
			continue
		}
		out = append(out, e)
		end, segs = max(e.End, e.Offset+1), segs+len(e.Segments)
		if len(out) == maxRenderExcerpts {
			break
		}
	}
	return out
}

// revealOf reads one evidence value as excerpts.
func revealOf(v any) []RevealExcerpt {
	switch v := v.(type) {
	case nil:
		return nil
	case []RevealExcerpt:
		return v
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil
	}
	var out []RevealExcerpt
	if json.Unmarshal(b, &out) != nil {
		return nil
	}
	return out
}

// RevealLegend returns the classes that occur in excerpts, in legend order.
func RevealLegend(excerpts []RevealExcerpt) []RevealClass {
	seen := map[string]bool{}
	for _, e := range excerpts {
		for _, s := range e.Segments {
			if s.Kind != RevealText {
				seen[s.Class] = true
			}
		}
	}
	var out []RevealClass
	for _, c := range RevealClasses {
		if seen[c.Class] {
			out = append(out, c)
		}
	}
	return out
}
