package text

import (
	"context"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"maps"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/provcheck/provcheck/reports"
)

// c2paTextMagic opens the bytes of a C2PA text manifest wrapper (C2PA 2.3
// §A.7): magic, a version byte, a 4-byte big-endian length, then JUMBF.
const c2paTextMagic = "C2PATXT\x00"

// zwEncodingRun is the shortest run of mixed zero-width characters that is
// reported as possible encoded data rather than stray paste artefacts.
const zwEncodingRun = 8

// analyze scans body and returns the signals, evidence and explanations
// filled in, in a stable order.
func analyze(ctx context.Context, body string) ([]reports.Signal, error) {
	h, err := scanHidden(ctx, body)
	if err != nil {
		return nil, err
	}
	ph, err := scanPhrases(ctx, body)
	if err != nil {
		return nil, err
	}
	mw, mwTotal, err := scanMixedScript(ctx, body)
	if err != nil {
		return nil, err
	}
	var out []reports.Signal
	out = append(out, hiddenSignals(body, h)...)
	out = append(out, mixedScriptSignal(body, mw, mwTotal)...)
	out = append(out, phraseSignals(body, ph)...)
	if len(out) == 0 {
		return out, nil
	}
	sets, phrases := findings(body, h, mw, ph)
	reveal, err := revealExcerpts(ctx, body, sets, phrases)
	if err != nil {
		return nil, err
	}
	for i := range out {
		if ex := reveal[out[i].ID]; len(ex) > 0 {
			out[i].Evidence[reports.RevealKey] = ex
		}
	}
	return out, nil
}

// classEvidence is the common evidence of a character class.
func classEvidence(body string, c *classStats) map[string]any {
	cps := map[string]int{}
	for r, n := range c.codePoints {
		cps[codePoint(r)] = n
	}
	ev := map[string]any{
		"count":      c.count,
		"codePoints": cps,
		"positions":  c.positions,
		"offsets":    offsetsNote,
	}
	if c.count > len(c.positions) {
		ev["positionsTruncated"] = true
	}
	if len(c.positions) > 0 {
		off := c.positions[0].Offset
		_, size := utf8.DecodeRuneInString(body[off:])
		ev["excerpt"] = excerpt(body, off, off+size)
	}
	return ev
}

const offsetsNote = "byte offsets into the decoded UTF-8 text; line:column counts code points from 1"

// summary lists code points by count, most frequent first: "U+200B ×3, U+2060 ×1".
func summary(c *classStats) string {
	rs := slices.Collect(maps.Keys(c.codePoints))
	slices.SortFunc(rs, func(a, b rune) int {
		if c.codePoints[a] != c.codePoints[b] {
			return c.codePoints[b] - c.codePoints[a]
		}
		return int(a - b)
	})
	var parts []string
	for i, r := range rs {
		if i == 4 {
			parts = append(parts, "…")
			break
		}
		parts = append(parts, fmt.Sprintf("%s ×%d", codePoint(r), c.codePoints[r]))
	}
	return strings.Join(parts, ", ")
}

func first(c *classStats) string {
	if len(c.positions) == 0 {
		return ""
	}
	return " first at " + c.positions[0].String()
}

func hiddenSignals(body string, h *hiddenScan) []reports.Signal {
	var out []reports.Signal

	if zw := &h.classes[classZeroWidth]; zw.count > 0 {
		ev := classEvidence(body, zw)
		ev["longestRun"] = h.zwLongestRun
		if h.joinersInContext > 0 {
			ev["joinersInEmojiOrScript"] = h.joinersInContext
		}
		s := reports.Signal{
			ID: "text.zero-width", Direction: reports.DirInfo, Strength: reports.StrengthInfo,
			Message:     fmt.Sprintf("%d zero-width character(s) (%s),%s", zw.count, summary(zw), first(zw)),
			Evidence:    ev,
			Explanation: zeroWidthExplanation,
		}
		if h.zwLongestRun >= zwEncodingRun && h.zwMixedRun {
			s.Direction, s.Strength = reports.DirIntegrity, reports.StrengthWeak
			s.Message += fmt.Sprintf("; a run of %d mixed zero-width characters can encode hidden bits", h.zwLongestRun)
		}
		out = append(out, s)
	}

	bidi, marks := &h.classes[classBidi], &h.classes[classBidiMark]
	if bidi.count+marks.count > 0 {
		merged := classStats{count: bidi.count + marks.count, codePoints: map[rune]int{}}
		maps.Copy(merged.codePoints, bidi.codePoints)
		maps.Copy(merged.codePoints, marks.codePoints)
		merged.positions = append(slices.Clone(bidi.positions), marks.positions...)
		slices.SortFunc(merged.positions, func(a, b Position) int { return a.Offset - b.Offset })
		merged.positions = merged.positions[:min(len(merged.positions), maxPositions)]
		ev := classEvidence(body, &merged)
		ev["overrides"] = h.overrides
		ev["rightToLeftScript"] = h.rtl
		s := reports.Signal{
			ID: "text.bidi-control", Direction: reports.DirInfo, Strength: reports.StrengthInfo,
			Message:     fmt.Sprintf("%d bidirectional control character(s) (%s),%s", merged.count, summary(&merged), first(&merged)),
			Evidence:    ev,
			Explanation: bidiExplanation,
		}
		if h.overrides > 0 && !h.rtl {
			s.Direction, s.Strength = reports.DirIntegrity, reports.StrengthModerate
			s.Message = fmt.Sprintf("%d bidirectional override(s) in a text without right-to-left script: the order shown can differ from the order stored; ", h.overrides) + s.Message
		}
		out = append(out, s)
	}

	if h.tagRunsTotal > 0 {
		out = append(out, tagSignal(body, h))
	}
	out = append(out, variationSignals(body, h)...)

	if c := &h.classes[classSoftHyphen]; c.count > 0 {
		ev := classEvidence(body, c)
		ev["inWord"] = h.softHyphenInWord
		out = append(out, reports.Signal{
			ID: "text.soft-hyphen", Direction: reports.DirInfo, Strength: reports.StrengthInfo,
			Message:     fmt.Sprintf("%d soft hyphen(s) outside words,%s (%d more inside words, as hyphenation points)", c.count, first(c), h.softHyphenInWord),
			Evidence:    ev,
			Explanation: "A soft hyphen (U+00AD) is invisible unless a line breaks at it. Inside a word it is an ordinary hyphenation point from a word processor or a web page; between words or in runs it can split a word for search and filters while it looks unchanged. Not evidence of AI. Check the excerpt for words split by it.",
		})
	}
	if c := &h.classes[classFormat]; c.count > 0 {
		out = append(out, reports.Signal{
			ID: "text.format-characters", Direction: reports.DirInfo, Strength: reports.StrengthInfo,
			Message:     fmt.Sprintf("%d other invisible format character(s) (%s),%s", c.count, summary(c), first(c)),
			Evidence:    classEvidence(body, c),
			Explanation: "Invisible format characters (Unicode category Cf) and fillers that render as nothing (Hangul fillers, the combining grapheme joiner). They have niche typographic uses and are also used to make blank-looking names or to hide text from filters. Not evidence of AI. Check the code points and where they sit.",
		})
	}
	if c := &h.classes[classControl]; c.count > 0 {
		out = append(out, reports.Signal{
			ID: "text.control-characters", Direction: reports.DirInfo, Strength: reports.StrengthInfo,
			Message:     fmt.Sprintf("%d control character(s) (%s),%s", c.count, summary(c), first(c)),
			Evidence:    classEvidence(body, c),
			Explanation: "Control characters other than tab and line breaks. C1 controls (U+0080–U+009F) almost always mean Windows-1252 punctuation (quotes, dashes) was decoded as Latin-1 somewhere along the text's way; escape sequences come from terminal output. They say something about the tools the text passed through, nothing about who wrote it.",
		})
	}
	if c := &h.classes[classSpace]; c.count > 0 {
		out = append(out, reports.Signal{
			ID: "text.unusual-spaces", Direction: reports.DirInfo, Strength: reports.StrengthInfo,
			Message:     fmt.Sprintf("%d no-break or typographic space(s) (%s),%s", c.count, summary(c), first(c)),
			Evidence:    classEvidence(body, c),
			Explanation: unusualSpaceExplanation,
		})
	}
	return out
}

const zeroWidthExplanation = "Zero-width characters (U+200B, U+200C, U+200D, U+2060, U+FEFF, U+180E) are invisible. " +
	"They come from copy and paste out of web pages, chat apps and word processors, and some tools insert runs of them to fingerprint copies of a text. " +
	"They are not evidence of AI: claims in 2025 that chatbots mark their output with invisible characters were about a model quirk, not a watermark, " +
	"and human texts carry these characters too. ZWJ/ZWNJ inside emoji or in scripts that need them (Arabic, Persian, Indic) are not counted. " +
	"Check where the text was copied from; the excerpt shows where the characters sit."

const bidiExplanation = "Bidirectional controls change the order in which characters are displayed. " +
	"Marks (LRM, RLM, ALM), embeddings and isolates are ordinary in right-to-left text and are pasted along with names from some apps. " +
	"Overrides (U+202D, U+202E) in a text without right-to-left script can make the displayed text differ from what software reads " +
	"(the \"Trojan Source\" technique): compare the displayed text with the excerpt, in which each control is shown as its code point. " +
	"Not evidence of AI."

const unusualSpaceExplanation = "No-break and typographic spaces (U+00A0, U+202F, U+2000–U+200A, U+205F, U+3000) are typography: " +
	"French puts a narrow no-break space before ; : ! ? and inside « », word processors and web pages insert no-break spaces, and CJK text uses the ideographic space. " +
	"Reports in 2025 that some ChatGPT models inserted narrow no-break spaces were, per OpenAI, a training quirk and not a watermark, and the behaviour was reportedly fixed; " +
	"they are not evidence of AI. Shown for completeness."

// tagSignal reports hidden ASCII spelled in Unicode tag characters.
func tagSignal(body string, h *hiddenScan) reports.Signal {
	type run struct {
		Position
		End         int    `json:"end"`
		Characters  int    `json:"characters"`
		Text        string `json:"text"`
		NonPrinting int    `json:"nonPrinting,omitempty"`
		Truncated   bool   `json:"truncated,omitempty"`
	}
	var (
		runs     []run
		hidden   strings.Builder
		printing bool
	)
	for _, t := range h.tagRuns {
		runs = append(runs, run{Position: t.pos, End: t.end, Characters: t.runes, Text: string(t.decoded), NonPrinting: t.nonPrinting, Truncated: t.truncated})
		if len(t.decoded) > 0 {
			printing = true
			if hidden.Len() > 0 {
				hidden.WriteString(" … ")
			}
			hidden.Write(t.decoded)
		}
	}
	text, cut := truncate(hidden.String(), maxDecoded)
	ev := map[string]any{
		"count":   h.tagChars,
		"runs":    runs,
		"text":    text,
		"offsets": offsetsNote,
		"excerpt": excerpt(body, h.tagRuns[0].pos.Offset, h.tagRuns[0].end),
	}
	if cut || h.tagRunsTotal > len(h.tagRuns) || slices.ContainsFunc(h.tagRuns, func(t tagRun) bool { return t.truncated }) {
		ev["truncated"] = true
	}
	if h.emojiFlags > 0 {
		ev["emojiFlagSequences"] = h.emojiFlags
	}
	s := reports.Signal{
		ID: "text.tag-characters", Direction: reports.DirIntegrity, Strength: reports.StrengthModerate,
		Message:  fmt.Sprintf("hidden text in %d Unicode tag character(s), first at %s: %q", h.tagChars, h.tagRuns[0].pos, shorten(text, 80)),
		Evidence: ev,
		Explanation: "Unicode tag characters (U+E0000–U+E007F) render as nothing but spell ASCII that software, language models included, still reads. " +
			"They are used to smuggle instructions into text (\"ASCII smuggling\", prompt injection) or to hide marks; apart from emoji subdivision flags (not counted) " +
			"ordinary text never contains them. This is not evidence of AI authorship: it means the text carries content its readers cannot see. " +
			"Read the decoded text in the evidence and ask where the text came from before it is reused or fed to a tool.",
	}
	if !printing {
		s.Direction, s.Strength = reports.DirInfo, reports.StrengthInfo
		s.Message = fmt.Sprintf("%d Unicode tag character(s) that spell nothing printable, first at %s", h.tagChars, h.tagRuns[0].pos)
	}
	return s
}

// variationSignals reports selector runs that carry bytes: a C2PA text
// manifest, or other hidden data.
func variationSignals(body string, h *hiddenScan) []reports.Signal {
	type run struct {
		Position
		End       int    `json:"end"`
		Selectors int    `json:"selectors"`
		BytesHex  string `json:"bytesHex"`
		Text      string `json:"text,omitempty"`
		Prefixed  bool   `json:"feffPrefix,omitempty"`
		Truncated bool   `json:"truncated,omitempty"`
	}
	var (
		out         []reports.Signal
		data        []run
		dataSel     int
		manifests   []map[string]any
		manifestSel int
	)
	for _, v := range h.vsRuns {
		if strings.HasPrefix(string(v.bytes), c2paTextMagic) {
			m := map[string]any{"position": v.pos, "end": v.end, "selectors": v.runes, "feffPrefix": v.prefixed}
			if len(v.bytes) >= len(c2paTextMagic)+5 {
				m["version"] = v.bytes[len(c2paTextMagic)]
				m["declaredLength"] = binary.BigEndian.Uint32(v.bytes[len(c2paTextMagic)+1:])
			}
			manifests = append(manifests, m)
			manifestSel += v.runes
			continue
		}
		r := run{Position: v.pos, End: v.end, Selectors: v.runes, BytesHex: hex.EncodeToString(v.bytes), Prefixed: v.prefixed, Truncated: v.runes > len(v.bytes)}
		if utf8.Valid(v.bytes) && printable(string(v.bytes)) {
			r.Text = string(v.bytes)
		}
		data = append(data, r)
		dataSel += v.runes
	}
	if len(data) > 0 {
		first := data[0]
		ev := map[string]any{"count": dataSel, "runs": data, "offsets": offsetsNote, "excerpt": excerpt(body, first.Offset, first.End)}
		if h.vsRunsTotal > len(h.vsRuns) {
			ev["truncated"] = true
		}
		msg := fmt.Sprintf("%d variation selector(s) in %d run(s) carry hidden bytes, first at %s", dataSel, len(data), first.Position)
		if first.Text != "" {
			msg += fmt.Sprintf(": %q", shorten(first.Text, 80))
		}
		out = append(out, reports.Signal{
			ID: "text.variation-selectors", Direction: reports.DirIntegrity, Strength: reports.StrengthModerate,
			Message:  msg,
			Evidence: ev,
			Explanation: "Variation selectors normally follow one emoji or CJK character, one at a time. A run of them carries one byte per selector " +
				"(U+FE00–U+FE0F = 0x00–0x0F, U+E0100–U+E01EF = 0x10–0xFF), the encoding used to hide data in text (\"emoji smuggling\") and by C2PA text manifests. " +
				"These bytes are not a C2PA manifest. Not evidence of AI authorship: the text carries data its readers cannot see; the decoded bytes are in the evidence.",
		})
	}
	if len(manifests) > 0 {
		out = append(out, reports.Signal{
			ID: "text.c2pa-text-manifest", Direction: reports.DirInfo, Strength: reports.StrengthInfo,
			Message:  fmt.Sprintf("C2PA text manifest wrapper (%d variation selectors), first at %s", manifestSel, manifests[0]["position"]),
			Evidence: map[string]any{"manifests": manifests, "offsets": offsetsNote},
			Explanation: "The text carries a C2PA manifest store encoded as variation selectors (C2PA 2.3, section A.7). provcheck does not yet validate text manifests: " +
				"until it does, the manifest is an unverified claim. Validate it with a C2PA tool; any edit to the text (even Unicode normalisation) breaks its hash binding, " +
				"and tools that strip invisible characters delete it, so its absence elsewhere proves nothing.",
		})
	}
	return out
}

// phraseSignals reports one signal per category, its strength the highest
// of its occurrences.
func phraseSignals(body string, ph *phraseScan) []reports.Signal {
	type match struct {
		Phrase    string           `json:"phrase"`
		Count     int              `json:"count"`
		Strength  reports.Strength `json:"strength"`
		Quoted    int              `json:"quoted,omitempty"`
		Positions []Position       `json:"positions"`
		Excerpt   string           `json:"excerpt"`
	}
	var out []reports.Signal
	for c := range numCategories {
		var (
			ms       []match
			strength reports.Strength
			total    int
		)
		for _, pm := range ph.matches {
			if pm.cat != c {
				continue
			}
			ms = append(ms, match{Phrase: pm.key, Count: pm.count, Strength: pm.strength(), Quoted: pm.quoted, Positions: pm.positions, Excerpt: excerpt(body, pm.start, pm.end)})
			total += pm.count
			if pm.strength().Rank() > strength.Rank() {
				strength = pm.strength()
			}
		}
		if len(ms) == 0 {
			continue
		}
		meta := categories[c]
		ev := map[string]any{"count": total, "matches": ms, "offsets": offsetsNote}
		if ph.dropped > 0 {
			ev["truncated"] = true
		}
		out = append(out, reports.Signal{
			ID: meta.id, Direction: reports.DirAI, Strength: strength,
			Message:     fmt.Sprintf("%s: %q at %s%s", meta.label, ms[0].Phrase, ms[0].Positions[0], more(total)),
			Evidence:    ev,
			Explanation: meta.explanation + quotedNote,
		})
	}
	return out
}

var categories = [numCategories]struct{ id, label, explanation string }{
	catSelfReference: {"text.chatbot-self-reference", "the text calls itself an AI",
		"Chat assistants describe themselves in fixed formulas (\"As an AI language model\", \"As of my last knowledge update\", a letter signed \"ChatGPT\"); " +
			"people rarely write them in their own voice. Precision is high and recall low: anyone can delete the line, and curated datasets often have. " +
			"A human text that discusses or quotes chatbots contains them too: read the excerpt."},
	catInterface: {"text.chatbot-interface", "chat interface text pasted with the answer",
		"Button labels and disclaimers of chat interfaces (\"Regenerate response\", \"ChatGPT can make mistakes\") come along when an answer is copied from the web page. " +
			"An article describing the interface mentions them too: read the excerpt."},
	catRefusal: {"text.chatbot-refusal", "a chatbot refusal formula",
		"Assistants refuse in stock phrases (\"I'm sorry, but I can't assist with that\"). People write similar sentences, so this is moderate evidence at most: read the excerpt."},
	catPlaceholder: {"text.placeholder", "an unfilled template placeholder",
		"Chat assistants leave slots such as \"[Your Name]\" or \"[Insert date]\" in letters and posts for the user to fill; a text published with the slot still in it was " +
			"probably pasted from such an answer. Human-made templates and forms use the same slots, so this is never more than moderate evidence."},
	catStylistic: {"text.chatbot-phrase", "a phrase chatbots favour",
		"Openers and closers such as \"Certainly! Here's\" or \"I hope this email finds you well\" are frequent in chatbot output and common in human writing too. " +
			"Weak evidence, never enough on its own."},
}

const quotedNote = " An occurrence right after an opening quotation mark counts as weak: it is probably being quoted. " +
	"Heuristic evidence: it can raise a review flag, never an AI verdict on its own."

func more(total int) string {
	if total > 1 {
		return fmt.Sprintf(" (%d occurrences in all)", total)
	}
	return ""
}

// truncate cuts s to at most n runes.
func truncate(s string, n int) (string, bool) {
	i := 0
	for j := range s {
		if i == n {
			return s[:j], true
		}
		i++
	}
	return s, false
}

func shorten(s string, n int) string {
	if t, cut := truncate(s, n); cut {
		return t + "…"
	}
	return s
}

// printable reports whether s is text a person could read: no control
// characters but line breaks and tabs.
func printable(s string) bool {
	for _, r := range s {
		if r < 0x20 && r != '\n' && r != '\r' && r != '\t' || r == 0x7F || r == utf8.RuneError {
			return false
		}
	}
	return s != ""
}
