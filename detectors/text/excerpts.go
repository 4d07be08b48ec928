package text

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/provcheck/provcheck/reports"
)

// The reveal excerpts: the stretches of the body around the findings, cut
// into segments (plain text, a hidden character, a look-alike letter, a
// matched phrase) that the HTML report and the web page draw without
// parsing anything. The report carries them in the evidence of the
// signals (reports.RevealKey), so they are bounded: a few windows of
// context, never the document.

const (
	revealContext     = 60       // code points of context each side of a finding
	revealSnap        = 16       // how far a window's edge may move out to a word boundary
	maxRevealExcerpts = 20       // windows per file
	maxExcerptUnits   = 400      // characters and badges in one excerpt
	maxExcerptBytes   = 4 << 10  // one excerpt, encoded as JSON
	maxRevealBytes    = 16 << 10 // a file's excerpts, encoded, each copy counted
	maxDecodedRunes   = 120      // of the text a run of tags or selectors spells
)

// span is a finding's byte range in the body.
type span struct{ start, end int }

// findingSet is the findings of one signal, in text order.
type findingSet struct {
	id    string
	spans []span
}

// phraseSpan is one occurrence of a chatbot phrase, highlighted in place.
type phraseSpan struct {
	span
	label string
}

// revealPriority orders the signals when windows run short: what a reader
// cannot see and software reads first, typography last.
var revealPriority = []string{
	"text.tag-characters", "text.variation-selectors", "text.bidi-control", "text.mixed-script", "text.zero-width",
	"text.c2pa-text-manifest", "text.chatbot-self-reference", "text.chatbot-interface", "text.chatbot-refusal",
	"text.placeholder", "text.chatbot-phrase", "text.control-characters", "text.format-characters",
	"text.soft-hyphen", "text.unusual-spaces",
}

// findings lists what the scans kept of each signal's findings (the first
// positions of each class, the first runs, words and occurrences), in
// revealPriority order, and the phrase occurrences to highlight.
func findings(body string, h *hiddenScan, words []mixedWord, ph *phraseScan) ([]findingSet, []phraseSpan) {
	byID := map[string][]span{}
	one := func(p Position) span {
		_, size := utf8.DecodeRuneInString(body[p.Offset:])
		return span{p.Offset, p.Offset + size}
	}
	for _, c := range []struct {
		class
		id string
	}{
		{classZeroWidth, "text.zero-width"}, {classBidi, "text.bidi-control"}, {classBidiMark, "text.bidi-control"},
		{classSoftHyphen, "text.soft-hyphen"}, {classFormat, "text.format-characters"},
		{classControl, "text.control-characters"}, {classSpace, "text.unusual-spaces"},
	} {
		for _, p := range h.classes[c.class].positions {
			byID[c.id] = append(byID[c.id], one(p))
		}
	}
	for _, t := range h.tagRuns {
		byID["text.tag-characters"] = append(byID["text.tag-characters"], span{t.pos.Offset, t.end})
	}
	for _, v := range h.vsRuns {
		id := "text.variation-selectors"
		if strings.HasPrefix(string(v.bytes), c2paTextMagic) {
			id = "text.c2pa-text-manifest"
		}
		byID[id] = append(byID[id], span{v.pos.Offset, v.end})
	}
	for _, w := range words {
		byID["text.mixed-script"] = append(byID["text.mixed-script"], span{w.pos.Offset, w.pos.Offset + len(w.word)})
	}
	var phrases []phraseSpan
	for _, pm := range ph.matches {
		meta := categories[pm.cat]
		for i, p := range pm.positions {
			s := span{p.Offset, pm.ends[i]}
			byID[meta.id] = append(byID[meta.id], s)
			phrases = append(phrases, phraseSpan{s, meta.label})
		}
	}
	var sets []findingSet
	for _, id := range revealPriority {
		if spans := byID[id]; len(spans) > 0 {
			slices.SortFunc(spans, func(a, b span) int { return cmp.Compare(a.start, b.start) })
			sets = append(sets, findingSet{id, spans})
		}
	}
	slices.SortFunc(phrases, func(a, b phraseSpan) int { return cmp.Compare(a.start, b.start) })
	return sets, phrases
}

// window is a stretch of the body to show; prio is the rank of the first
// finding that asked for it.
type window struct{ lo, hi, prio int }

// revealExcerpts builds the excerpts and hands each to the signals that
// hold it: those with a finding inside it.
func revealExcerpts(ctx context.Context, body string, sets []findingSet, phrases []phraseSpan) (map[string][]reports.RevealExcerpt, error) {
	picked := pickWindows(body, sets)
	if len(picked) == 0 {
		return nil, nil
	}
	var all []heldExcerpt
	b := excerptBuilder{body: body, cur: newCursor(), phrases: phrases}
	for _, w := range mergeWindows(body, picked) {
		ex, err := b.build(ctx, w.lo, w.hi)
		if err != nil {
			return nil, err
		}
		if len(ex.Segments) == 0 {
			continue
		}
		h := heldExcerpt{ex: ex, prio: w.prio}
		for _, s := range sets {
			if slices.ContainsFunc(s.spans, func(f span) bool { return ex.Offset <= f.start && f.start < ex.End }) {
				h.holders = append(h.holders, s.id)
			}
		}
		all = append(all, h)
	}
	kept, err := withinBudget(all)
	if err != nil {
		return nil, err
	}
	out := map[string][]reports.RevealExcerpt{}
	for _, h := range kept {
		for _, id := range h.holders {
			out[id] = append(out[id], h.ex)
		}
	}
	return out, nil
}

// pickWindows asks for a window around findings, taking the signals in
// turn (each one's first finding, then each one's second...) so that a
// thousand zero-width spaces cannot crowd out one bidi override. A finding
// inside a window already asked for needs none of its own.
func pickWindows(body string, sets []findingSet) []window {
	var picked []window
	for round := 0; ; round++ {
		more := false
		for _, s := range sets {
			if round >= len(s.spans) {
				continue
			}
			more = true
			f := s.spans[round]
			if slices.ContainsFunc(picked, func(w window) bool { return w.lo <= f.start && f.end <= w.hi }) {
				continue
			}
			if len(picked) == maxRevealExcerpts {
				return picked
			}
			picked = append(picked, window{windowStart(body, f.start), windowEnd(body, f.end), len(picked)})
		}
		if !more {
			return picked
		}
	}
}

// heldExcerpt is an excerpt, the rank of the first finding that asked for
// it, and the signals whose evidence will hold it.
type heldExcerpt struct {
	ex      reports.RevealExcerpt
	prio    int
	holders []string
}

// withinBudget keeps the excerpts whose copies fit in maxRevealBytes,
// the first asked for first, and returns them in text order.
func withinBudget(all []heldExcerpt) ([]heldExcerpt, error) {
	slices.SortStableFunc(all, func(a, b heldExcerpt) int { return cmp.Compare(a.prio, b.prio) })
	kept := all[:0]
	total := 0
	for _, h := range all {
		raw, err := json.Marshal(h.ex)
		if err != nil {
			return nil, fmt.Errorf("reveal excerpt: %w", err)
		}
		if cost := len(raw) * len(h.holders); len(h.holders) > 0 && total+cost <= maxRevealBytes {
			total += cost
			kept = append(kept, h)
		}
	}
	slices.SortFunc(kept, func(a, b heldExcerpt) int { return cmp.Compare(a.ex.Offset, b.ex.Offset) })
	return kept, nil
}

// windowStart is revealContext code points before off, moved back to the
// start of a word when one begins within revealSnap code points.
func windowStart(body string, off int) int {
	lo := off
	for n := 0; n < revealContext && lo > 0; n++ {
		_, size := utf8.DecodeLastRuneInString(body[:lo])
		lo -= size
	}
	for n, at := 0, lo; n < revealSnap && at > 0; n++ {
		r, size := utf8.DecodeLastRuneInString(body[:at])
		if unicode.IsSpace(r) {
			return at
		}
		at -= size
		if at == 0 {
			return 0
		}
	}
	return lo
}

// windowEnd is revealContext code points after off, moved on to the end
// of a word when one ends within revealSnap code points.
func windowEnd(body string, off int) int {
	hi := off
	for n := 0; n < revealContext && hi < len(body); n++ {
		_, size := utf8.DecodeRuneInString(body[hi:])
		hi += size
	}
	for n, at := 0, hi; n < revealSnap && at < len(body); n++ {
		r, size := utf8.DecodeRuneInString(body[at:])
		if unicode.IsSpace(r) {
			return at
		}
		at += size
		if at == len(body) {
			return at
		}
	}
	return hi
}

// mergeWindows sorts windows and joins those that overlap or touch, as
// long as the join stays within maxExcerptUnits code points; a longer one
// is cut where the previous window ends, so no text is shown twice.
func mergeWindows(body string, ws []window) []window {
	slices.SortFunc(ws, func(a, b window) int { return cmp.Or(cmp.Compare(a.lo, b.lo), cmp.Compare(a.hi, b.hi)) })
	out := []window{ws[0]}
	for _, w := range ws[1:] {
		cur := &out[len(out)-1]
		switch {
		case w.hi <= cur.hi:
			cur.prio = min(cur.prio, w.prio)
		case w.lo > cur.hi:
			out = append(out, w)
		case runesWithin(body[cur.lo:w.hi], maxExcerptUnits):
			cur.hi = w.hi
			cur.prio = min(cur.prio, w.prio)
		default:
			out = append(out, window{cur.hi, w.hi, w.prio})
		}
	}
	return out
}

// runesWithin reports whether s has at most n code points, reading no
// further than it must.
func runesWithin(s string, n int) bool {
	if len(s) <= n {
		return true
	}
	for range s {
		if n == 0 {
			return false
		}
		n--
	}
	return true
}
