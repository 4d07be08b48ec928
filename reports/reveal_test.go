package reports

import (
	"slices"
	"strings"
	"testing"
)

func TestFileReveal(t *testing.T) {
	seg := []RevealSegment{{Kind: RevealText, Offset: 0, Text: "x"}}
	a := RevealExcerpt{Offset: 10, End: 20, Segments: seg}
	b := RevealExcerpt{Offset: 30, End: 40, Segments: seg}
	overlapping := RevealExcerpt{Offset: 15, End: 35, Segments: seg}
	empty := RevealExcerpt{Offset: 50, End: 60}
	backwards := RevealExcerpt{Offset: 70, End: 65, Segments: seg}
	tests := []struct {
		name    string
		signals []Signal
		want    []int // offsets of the excerpts gathered
	}{
		{"none", []Signal{{ID: "a"}}, nil},
		{"one signal", []Signal{{ID: "a", Evidence: map[string]any{RevealKey: []RevealExcerpt{b, a}}}}, []int{10, 30}},
		{"shared by two signals, shown once", []Signal{
			{ID: "a", Evidence: map[string]any{RevealKey: []RevealExcerpt{a}}},
			{ID: "b", Evidence: map[string]any{RevealKey: []RevealExcerpt{a, b}}},
		}, []int{10, 30}},
		{"overlap, empty and backwards excerpts left out", []Signal{
			{ID: "a", Evidence: map[string]any{RevealKey: []RevealExcerpt{a, overlapping, empty, backwards}}},
		}, []int{10}},
		{"not excerpts at all", []Signal{{ID: "a", Evidence: map[string]any{RevealKey: "⟨U+200B⟩"}}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := FileResult{Signals: tt.signals}
			check := func(how string) {
				t.Helper()
				var got []int
				for _, e := range f.Reveal() {
					got = append(got, e.Offset)
				}
				if !slices.Equal(got, tt.want) {
					t.Errorf("%s: excerpts at %v, want %v", how, got, tt.want)
				}
			}
			check("typed")
			f.Normalize() // as read back from a JSON report
			check("from JSON")
		})
	}
}

func TestRevealBoundsHostileReports(t *testing.T) {
	seg := make([]RevealSegment, 300)
	var many []RevealExcerpt
	for i := range 200 {
		many = append(many, RevealExcerpt{Offset: i * 10, End: i*10 + 5, Segments: seg})
	}
	f := FileResult{Signals: []Signal{{ID: "a", Evidence: map[string]any{RevealKey: many}}}}
	got, segs := f.Reveal(), 0
	for _, e := range got {
		segs += len(e.Segments)
	}
	if len(got) > maxRenderExcerpts || segs > maxRenderSegments || len(got) == 0 {
		t.Errorf("%d excerpts, %d segments gathered", len(got), segs)
	}
}

func TestRevealSegmentLabel(t *testing.T) {
	for _, tt := range []struct {
		seg  RevealSegment
		want string
	}{
		{RevealSegment{Kind: RevealHidden, CodePoint: "U+200B", Name: "ZERO WIDTH SPACE"}, "U+200B ZERO WIDTH SPACE"},
		{RevealSegment{Kind: RevealHidden, CodePoint: "U+E0100", Name: "VARIATION SELECTOR-17", Count: 40}, "40 × U+E0100 VARIATION SELECTOR-17 …"},
		{RevealSegment{Kind: RevealHidden, CodePoint: "U+E0069", Name: "TAG LATIN SMALL LETTER I", Count: 2, Decoded: "hi"}, `2 × U+E0069 TAG LATIN SMALL LETTER I … spelling "hi"`},
		{RevealSegment{Kind: RevealHidden, Name: "invalid UTF-8 byte 0xFF"}, "invalid UTF-8 byte 0xFF"},
		{RevealSegment{Kind: RevealMatch, Name: "a phrase chatbots favour", Text: "Certainly!"}, "a phrase chatbots favour"},
	} {
		if got := tt.seg.Label(); got != tt.want {
			t.Errorf("Label() = %q, want %q", got, tt.want)
		}
	}
}

func TestHTMLReveal(t *testing.T) {
	out := string(render(t, HTMLWriter{}, fixture()))
	for _, want := range []string{
		`<h3 id="reveal-1">Revealed text</h3>`,
		`⟨U&#43;200B ZERO WIDTH SPACE⟩</mark>`,
		`⟨U&#43;202E RIGHT-TO-LEFT OVERRIDE⟩`,
		`aypal&lt;script&gt;alert(3)&lt;/script&gt;`,
		`<mark class="rv rv-lookalike"`,
		`<mark class="rv rv-phrase" title="the text calls itself an AI · line 2, column 1">As an AI language model, I</mark>`,
		`spelling &#34;ignore previous &lt;instructions&gt;&#34;`,
		`<mark class="rv rv-other"`,
		`<dt><span class="rv rv-zero-width">zero-width character</span></dt>`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("HTML lacks %s", want)
		}
	}
	// Held by two signals, the shared excerpt is shown once; the excerpts
	// are not repeated as raw evidence; a hostile class names no style.
	if n := strings.Count(out, `⟨U&#43;200B ZERO WIDTH SPACE⟩`); n != 1 {
		t.Errorf("the shared excerpt is shown %d times", n)
	}
	for _, bad := range []string{`<td class="k">reveal</td>`, `onmouseover="`, "aypal<script>"} {
		if strings.Contains(out, bad) {
			t.Errorf("HTML contains %s", bad)
		}
	}
	if strings.Count(out, `class="reveal"`) != 1 {
		t.Error("want one reveal block: only one file has excerpts")
	}
}
