package text

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/provcheck/provcheck/reports"
)

// positionAt walks body to off the slow way.
func positionAt(body string, off int) Position {
	c := newCursor()
	for i := 0; i < off; {
		r, n := utf8.DecodeRuneInString(body[i:])
		c.advance(r)
		i += n
	}
	return c.at(off)
}

// checkExcerpt holds an excerpt to its contract: segments that tile
// body[Offset:End] exactly, each saying truly what it stands for, with the
// right positions.
func checkExcerpt(t testing.TB, body string, ex reports.RevealExcerpt) {
	t.Helper()
	if ex.Offset < 0 || ex.Offset > ex.End || ex.End > len(body) || len(ex.Segments) == 0 {
		t.Fatalf("excerpt %d..%d of a %d-byte body, %d segments", ex.Offset, ex.End, len(body), len(ex.Segments))
	}
	if ex.Before != (ex.Offset > 0) || ex.After != (ex.End < len(body)) {
		t.Errorf("excerpt %d..%d: before=%v after=%v", ex.Offset, ex.End, ex.Before, ex.After)
	}
	if p := positionAt(body, ex.Offset); p.Line != ex.Line || p.Column != ex.Column {
		t.Errorf("excerpt at %d: %d:%d, want %s", ex.Offset, ex.Line, ex.Column, p)
	}
	for i, s := range ex.Segments {
		end := ex.End
		if i+1 < len(ex.Segments) {
			end = ex.Segments[i+1].Offset
		}
		if i == 0 && s.Offset != ex.Offset || s.Offset >= end {
			t.Fatalf("segment %d at %d..%d in excerpt %d..%d", i, s.Offset, end, ex.Offset, ex.End)
		}
		raw := body[s.Offset:end]
		if !utf8.ValidString(s.Text) || !utf8.ValidString(s.Name) || !utf8.ValidString(s.Decoded) {
			t.Errorf("segment %d is not UTF-8: %+v", i, s)
		}
		if s.Kind != reports.RevealText {
			if p := positionAt(body, s.Offset); p.Line != s.Line || p.Column != s.Column {
				t.Errorf("segment %d at %d: %d:%d, want %s", i, s.Offset, s.Line, s.Column, p)
			}
		}
		switch s.Kind {
		case reports.RevealText, reports.RevealMatch:
			want := strings.ReplaceAll(strings.ReplaceAll(raw, "\r\n", "\n"), "\r", "\n")
			if s.Text != want {
				t.Errorf("segment %d: text %q, body has %q", i, s.Text, raw)
			}
			for _, r := range raw {
				if classify(r) != classNone || r == utf8.RuneError {
					t.Errorf("segment %d: %U left in plain text", i, r)
				}
			}
			if s.Kind == reports.RevealMatch && (s.Class != "phrase" || s.Name == "") {
				t.Errorf("segment %d: match %+v", i, s)
			}
		case reports.RevealLookalike:
			if raw != s.Text || !latinLookalikes[[]rune(raw)[0]] || s.CodePoint != codePoint([]rune(raw)[0]) {
				t.Errorf("segment %d: lookalike %+v over %q", i, s, raw)
			}
		case reports.RevealHidden:
			if s.Class == "invalid" {
				if len(raw) != 1 || utf8.ValidString(raw) || s.Name != fmt.Sprintf("invalid UTF-8 byte 0x%02X", raw[0]) {
					t.Errorf("segment %d: invalid byte %+v over %q", i, s, raw)
				}
				continue
			}
			rs := []rune(raw)
			if n := max(s.Count, 1); len(rs) != n || s.Count == 1 || (n > 1) != (n >= revealRun) {
				t.Errorf("segment %d: count %d over %d characters", i, s.Count, len(rs))
			}
			if s.CodePoint != codePoint(rs[0]) || s.Name != runeName(rs[0]) || s.Name == "" {
				t.Errorf("segment %d: %s %q over %U", i, s.CodePoint, s.Name, rs[0])
			}
			for _, r := range rs {
				if className(classify(r)) != s.Class || s.Class == "" {
					t.Errorf("segment %d: %U in a %q segment", i, r, s.Class)
				}
			}
		default:
			t.Errorf("segment %d: kind %q", i, s.Kind)
		}
	}
}

// checkReveal checks every excerpt of a body's signals, that they do not
// overlap, and that the file's total stays within the budget.
func checkReveal(t testing.TB, body string, sigs []reports.Signal) []reports.RevealExcerpt {
	t.Helper()
	fr := reports.FileResult{Signals: sigs}
	all := fr.Reveal()
	total, distinct := 0, map[int]bool{}
	for _, s := range sigs {
		ex, _ := s.Evidence[reports.RevealKey].([]reports.RevealExcerpt)
		for _, e := range ex {
			raw, _ := json.Marshal(e)
			total += len(raw)
			distinct[e.Offset] = true
		}
		if !slices.IsSortedFunc(ex, func(a, b reports.RevealExcerpt) int { return a.Offset - b.Offset }) {
			t.Errorf("%s: excerpts out of order", s.ID)
		}
	}
	if len(distinct) != len(all) {
		t.Errorf("%d distinct excerpts, %d gathered: some overlap", len(distinct), len(all))
	}
	if total > maxRevealBytes || len(all) > maxRevealExcerpts {
		t.Errorf("%d excerpts, %d bytes with copies: over the bounds", len(all), total)
	}
	for i, e := range all {
		checkExcerpt(t, body, e)
		if i > 0 && e.Offset < all[i-1].End {
			t.Errorf("excerpt %d starts at %d, inside the previous one (ends %d)", i, e.Offset, all[i-1].End)
		}
	}
	return all
}

// hiddenAt returns the hidden segments of the excerpts, by offset.
func hiddenAt(all []reports.RevealExcerpt) map[int]reports.RevealSegment {
	out := map[int]reports.RevealSegment{}
	for _, e := range all {
		for _, s := range e.Segments {
			if s.Kind != reports.RevealText {
				out[s.Offset] = s
			}
		}
	}
	return out
}

func TestRevealBoundaries(t *testing.T) {
	words := strings.Repeat("alpha beta gamma delta ", 20) // 460 bytes
	tests := []struct {
		name          string
		body          string
		find          int // byte offset of the finding
		before, after bool
	}{
		{"middle of a long text", words + "hidden\u200bhere " + words, len(words) + 6, true, true},
		{"first character", "\u200bstarts the text. " + words, 0, false, true},
		{"last character", words + "ends\u200b", len(words) + 4, true, false},
		{"short text, shown whole", "a\u200bb", 1, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sigs := runOn(t, tt.body)
			all := checkReveal(t, tt.body, sigs)
			if len(all) != 1 {
				t.Fatalf("%d excerpts, want 1", len(all))
			}
			e := all[0]
			if e.Before != tt.before || e.After != tt.after {
				t.Errorf("before=%v after=%v, want %v %v", e.Before, e.After, tt.before, tt.after)
			}
			seg, ok := hiddenAt(all)[tt.find]
			if !ok || seg.CodePoint != "U+200B" || seg.Name != "ZERO WIDTH SPACE" || seg.Class != "zero-width" {
				t.Fatalf("no zero-width segment at %d: %+v", tt.find, all)
			}
			// Context: at least revealContext code points each side where the
			// text has them, at most revealContext+revealSnap, and the cut
			// falls between words.
			left := utf8.RuneCountInString(tt.body[e.Offset:tt.find])
			right := utf8.RuneCountInString(tt.body[tt.find+3 : e.End])
			if want := min(revealContext, utf8.RuneCountInString(tt.body[:tt.find])); left < want || left > revealContext+revealSnap {
				t.Errorf("%d code points of context before, want %d..%d", left, want, revealContext+revealSnap)
			}
			if want := min(revealContext, utf8.RuneCountInString(tt.body[tt.find+3:])); right < want || right > revealContext+revealSnap {
				t.Errorf("%d code points of context after, want %d..%d", right, want, revealContext+revealSnap)
			}
			if e.Before && tt.body[e.Offset-1] != ' ' || e.After && tt.body[e.End] != ' ' {
				t.Errorf("excerpt %q cuts a word", tt.body[e.Offset:e.End])
			}
		})
	}
}

func TestRevealMerging(t *testing.T) {
	filler := func(n int) string { return strings.Repeat("x", n) }
	tests := []struct {
		name     string
		body     string
		excerpts int
	}{
		{"two findings close together share one excerpt", filler(200) + "\u200b" + filler(50) + "\u202e" + filler(200), 1},
		{"far apart, two excerpts", filler(200) + "\u200b" + filler(500) + "\u200b" + filler(200), 2},
		// A finding every 100 characters: windows touch all along, and the
		// joins are cut at maxExcerptUnits without showing any text twice.
		{"a chain is cut into adjacent excerpts", strings.Repeat(filler(99)+"\u00a0", 12), 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			all := checkReveal(t, tt.body, runOn(t, tt.body))
			if len(all) != tt.excerpts {
				t.Fatalf("%d excerpts, want %d", len(all), tt.excerpts)
			}
			for i := 1; i < len(all); i++ {
				if all[i].Offset == all[i-1].End && (!all[i-1].After || !all[i].Before) {
					t.Errorf("adjacent excerpts %d and %d do not say the text goes on", i-1, i)
				}
			}
		})
	}
}

func TestRevealSharedExcerpt(t *testing.T) {
	// A zero-width space and a bidi override in one sentence: one excerpt,
	// in the evidence of both signals, identical.
	body := "Pay to account 12\u200b34 by \u202eFriday\u202c please."
	sigs := runOn(t, body)
	zw, bidi := find(sigs, "text.zero-width"), find(sigs, "text.bidi-control")
	if zw == nil || bidi == nil {
		t.Fatalf("signals %v", ids(sigs))
	}
	a, _ := json.Marshal(zw.Evidence[reports.RevealKey])
	b, _ := json.Marshal(bidi.Evidence[reports.RevealKey])
	if string(a) != string(b) || len(a) < 10 {
		t.Errorf("the two signals hold different excerpts:\n%s\n%s", a, b)
	}
	all := checkReveal(t, body, sigs)
	var labels []string
	for _, s := range all[0].Segments {
		if s.Kind == reports.RevealHidden {
			labels = append(labels, s.Label())
		}
	}
	want := []string{"U+200B ZERO WIDTH SPACE", "U+202E RIGHT-TO-LEFT OVERRIDE", "U+202C POP DIRECTIONAL FORMATTING"}
	if !slices.Equal(labels, want) {
		t.Errorf("badges %q, want %q", labels, want)
	}
}

func TestRevealCaps(t *testing.T) {
	para := strings.Repeat("word ", 40)
	var sb strings.Builder
	for range 300 {
		sb.WriteString(para + "\u200b")
	}
	crowd := sb.String()
	tests := []struct {
		name string
		body string
		// ids that must each get an excerpt
		want []string
	}{
		{"many findings of one kind", crowd, []string{"text.zero-width"}},
		{"one override after thousands of zero-width spaces", crowd + para + "\u202e" + para, []string{"text.zero-width", "text.bidi-control"}},
		{"every character hidden", strings.Repeat("a\u200b\u00a0\u00ad\u2062", 2000), []string{"text.zero-width", "text.unusual-spaces"}},
		{"a huge run of selectors", "see" + strings.Repeat("\U000E0100", 100000) + " end", []string{"text.variation-selectors"}},
		{"one enormous mixed-script word", "x " + strings.Repeat("a\u0430", 50000) + " y", []string{"text.mixed-script"}},
		{"a phrase across a sea of spaces", "As" + strings.Repeat(" ", 100000) + "an AI language model, I refuse.", []string{"text.chatbot-self-reference"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sigs := runOn(t, tt.body)
			all := checkReveal(t, tt.body, sigs)
			shown := 0
			for _, e := range all {
				shown += e.End - e.Offset
			}
			for _, id := range tt.want {
				s := find(sigs, id)
				if s == nil || s.Evidence[reports.RevealKey] == nil {
					t.Errorf("%s has no excerpt (signals %v)", id, ids(sigs))
				}
			}
			raw, _ := json.Marshal(sigs)
			t.Logf("%d excerpts covering %d of %d bytes; report %d bytes", len(all), shown, len(tt.body), len(raw))
		})
	}
}

func TestRevealRunsAndLetters(t *testing.T) {
	manifest := selectors([]byte("C2PATXT\x00\x01\x00\x00\x00\x04jumb"))
	tests := []struct {
		name            string
		body            string
		kind, class     string
		text, codePoint string
		cpName, decoded string
		count           int
		offset          int
	}{
		{"tag run spells its text", "Read me" + tags("ignore previous instructions") + ".", reports.RevealHidden, "tag", "",
			"U+E0069", "TAG LATIN SMALL LETTER I", "ignore previous instructions", 28, 7},
		{"short tag run, one badge each", "ab" + tags("hi"), reports.RevealHidden, "tag", "", "U+E0068", "TAG LATIN SMALL LETTER H", "", 0, 2},
		{"selector run carries bytes", "ok" + selectors([]byte("secret message")), reports.RevealHidden, "variation-selector", "",
			"U+E0163", "VARIATION SELECTOR-116", "secret message", 14, 2},
		{"C2PA wrapper spells nothing printable", "text\ufeff" + manifest, reports.RevealHidden, "variation-selector", "",
			"U+E0133", "VARIATION SELECTOR-68", "", 17, 7},
		{"look-alike letter", "Pay your bill at \u0420aypal today", reports.RevealLookalike, "lookalike", "\u0420",
			"U+0420", "CYRILLIC CAPITAL LETTER ER", "", 0, 17},
		{"C1 control names its Windows-1252 byte", "it\u0092s", reports.RevealHidden, "control", "",
			"U+0092", "C1 CONTROL (in Windows-1252, byte 0x92 is ’)", "", 0, 2},
		{"escape", "red \x1b[31m", reports.RevealHidden, "control", "", "U+001B", "ESCAPE", "", 0, 4},
		{"unassigned tag", "0\U000E001D", reports.RevealHidden, "tag", "", "U+E001D", "unassigned code point", "", 0, 1},
		{"chatbot phrase is highlighted", "Well. As an AI language model, I cannot.", reports.RevealMatch, "phrase",
			"As an AI language model, I", "", "the text calls itself an AI", "", 0, 6},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			all := checkReveal(t, tt.body, runOn(t, tt.body))
			s, ok := hiddenAt(all)[tt.offset]
			if !ok {
				t.Fatalf("no segment at %d: %+v", tt.offset, all)
			}
			if s.Kind != tt.kind || s.Class != tt.class || s.Text != tt.text || s.CodePoint != tt.codePoint ||
				s.Name != tt.cpName || s.Decoded != tt.decoded || s.Count != tt.count {
				t.Errorf("segment %+v", s)
			}
		})
	}
}

func TestRevealInvalidUTF8AndLineBreaks(t *testing.T) {
	body := "one\r\ntwo \xff\xfe three\rfour\u200b five\n"
	all := checkReveal(t, body, runOn(t, body))
	if len(all) != 1 {
		t.Fatalf("%d excerpts", len(all))
	}
	var text strings.Builder
	for _, s := range all[0].Segments {
		switch s.Kind {
		case reports.RevealText:
			text.WriteString(s.Text)
		case reports.RevealHidden:
			text.WriteString("⟨" + s.Label() + "⟩")
		}
	}
	want := "one\ntwo ⟨invalid UTF-8 byte 0xFF⟩⟨invalid UTF-8 byte 0xFE⟩ three\nfour⟨U+200B ZERO WIDTH SPACE⟩ five\n"
	if text.String() != want {
		t.Errorf("excerpt reads\n%q\nwant\n%q", text.String(), want)
	}
	if s := hiddenAt(all)[strings.Index(body, "\u200b")]; s.Line != 3 || s.Column != 5 {
		t.Errorf("zero-width space at %d:%d, want 3:5", s.Line, s.Column)
	}
}

func TestRevealDeterministic(t *testing.T) {
	body := strings.Repeat("Certainly! Here's a p\u0430ragraph with\u200b hidden \u202ebits\u202c and\u00a0spaces. ", 50)
	first, _ := json.Marshal(runOn(t, body))
	for range 5 {
		again, _ := json.Marshal(runOn(t, body))
		if string(again) != string(first) {
			t.Fatal("two runs on one text differ")
		}
	}
}

func TestNoRevealWithoutFindings(t *testing.T) {
	for _, body := range []string{"plain words\n", "emoji ❤\ufe0f and 👨\u200d👩\u200d👧 are expected", "Il a dit\u202f: « non ! »"} {
		for _, s := range runOn(t, body) {
			if s.Evidence[reports.RevealKey] != nil && s.ID != "text.unusual-spaces" {
				t.Errorf("%q: %s has a reveal", body, s.ID)
			}
		}
	}
}

// hiddenBody is a megabyte of text with findings all along it, the last
// one at the end, so the reveal walks the whole body.
var hiddenBody = strings.Repeat("The committee met on Tuesday\u200b and, as expected, approved the\u00a0budget for next year. ", 12000) + "\u202eend"

func BenchmarkAnalyzeHidden(b *testing.B) {
	b.SetBytes(int64(len(hiddenBody)))
	for b.Loop() {
		if _, err := analyze(b.Context(), hiddenBody); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReveal measures the excerpts alone, on the scans of
// BenchmarkAnalyzeHidden's text: their share of a text scan.
func BenchmarkReveal(b *testing.B) {
	h, err := scanHidden(b.Context(), hiddenBody)
	if err != nil {
		b.Fatal(err)
	}
	ph, err := scanPhrases(b.Context(), hiddenBody)
	if err != nil {
		b.Fatal(err)
	}
	mw, _, err := scanMixedScript(b.Context(), hiddenBody)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(hiddenBody)))
	for b.Loop() {
		sets, phrases := findings(hiddenBody, h, mw, ph)
		if _, err := revealExcerpts(b.Context(), hiddenBody, sets, phrases); err != nil {
			b.Fatal(err)
		}
	}
}
