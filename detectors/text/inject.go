package text

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/provcheck/provcheck/reports"
)

// Instructions aimed at AI readers (prompt injection): newsrooms summarise,
// triage and translate with AI assistants, and a text can carry orders
// for them ("ignore previous instructions", "if you are an AI, ...") that
// a human reader never sees: spelled in tag characters, broken up by
// zero-width characters so a filter misses them, or in an HTML comment,
// an alt text or an element styled invisible. SigInstructions reports each
// such passage with an excerpt and where it sits; it is integrity evidence
// (the text speaks to machines behind its reader's back), never AI
// evidence, and it asks for review.

// SigInstructions is the signal for instructions aimed at AI readers.
const SigInstructions = "text.ai-instructions"

// injectionPatterns are formulas of instructions to a language model.
// They are matched on lower-cased text with white space collapsed and
// invisible characters taken out. need lists words one of which every match
// contains (white space is one space in that view): the regular
// expressions start with \b and have no literal prefix, so without this
// test each of them walks the whole of a long text that cannot match.
var injectionPatterns = []struct {
	name string
	re   *regexp.Regexp
	need []string
}{
	{"override of earlier instructions", regexp.MustCompile(`\b(?:ignore|disregard|forget|override)\s+(?:all\s+|any\s+)?(?:of\s+)?(?:the\s+|your\s+|my\s+)?(?:previous|prior|above|earlier|preceding|foregoing|original|system)\s+(?:instructions?|prompts?|directions?|rules|guidelines)\b`),
		[]string{"ignore ", "disregard ", "forget ", "override "}},
	{"address to an AI reader", regexp.MustCompile(`\bif\s+you\s+are\s+an?\s+(?:ai|llm|large\s+language\s+model|language\s+model|ai\s+assistant|ai\s+model|ai\s+agent|chatbot)\b`),
		[]string{"if you are a"}},
	{"role assignment to an AI", regexp.MustCompile(`(?:^|[.!:;"\n]\s*)you\s+are\s+(?:now\s+)?an?\s+(?:ai|llm|large\s+language\s+model|ai\s+assistant|ai\s+model|helpful\s+assistant)\b`),
		[]string{"you are "}},
	{"note to AI readers", regexp.MustCompile(`\b(?:note|message|instructions?)\s+(?:to|for)\s+(?:any\s+|all\s+|the\s+)?(?:ai|llms?|large\s+language\s+models?|language\s+models?|ai\s+assistants?|ai\s+models?|ai\s+agents?|chatbots?|automated\s+(?:reviewers?|screeners?|summari[sz]ers?))\b`),
		[]string{"note ", "message ", "instruction"}},
	{"new instructions", regexp.MustCompile(`\b(?:new|updated|real|actual)\s+(?:system\s+)?instructions\s*:`),
		[]string{"instructions"}},
	{"order to hide the instructions", regexp.MustCompile(`\bdo\s+not\s+(?:mention|reveal|disclose|repeat)\s+(?:these|this|the)\s+(?:instructions?|prompt)\b`),
		[]string{"do not "}},
}

// containsAny reports whether s contains one of the words.
func containsAny(s string, words []string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// maxInstructionMatches bounds the passages reported per file.
const maxInstructionMatches = 10

// carrier is a stretch of a file's text a reader may not see, or the
// visible text itself.
type carrier struct {
	where string // "HTML comment", "invisible HTML element", ...
	text  string
	start int // byte offset of text in the HTML source
}

// instructionMatch is one passage found.
type instructionMatch struct {
	Pattern string `json:"pattern"`
	Where   string `json:"where"`
	Hidden  bool   `json:"hidden"`
	Excerpt string `json:"excerpt"`
	Offset  int    `json:"offset"`
	In      string `json:"offsetInto"`
}

// scanInstructions looks for instructions aimed at AI readers in body and,
// for an HTML page, in its source's comments, alt and title texts and
// elements styled invisible.
func scanInstructions(ctx context.Context, body string, htmlSource []byte) ([]reports.Signal, error) {
	var found []instructionMatch
	seen := map[string]bool{}
	add := func(m instructionMatch) {
		key := m.Where + "\x00" + m.Excerpt
		if len(found) < maxInstructionMatches && !seen[key] {
			seen[key] = true
			found = append(found, m)
		}
	}
	// The hidden places of a page first: the visible-text extraction
	// keeps an element's text whatever its style, and the hidden finding
	// is the one to lead with.
	if len(htmlSource) > 0 {
		src := htmlSource[:min(len(htmlSource), maxHTMLSource)]
		for _, c := range htmlHiddenCarriers(string(src)) {
			if err := matchInstructions(ctx, c.text, c.where, c.start, "HTML source", add); err != nil {
				return nil, err
			}
		}
	}
	if err := matchInstructions(ctx, body, "visible text", 0, "text", add); err != nil {
		return nil, err
	}
	if len(found) == 0 {
		return nil, nil
	}
	hidden := 0
	for _, m := range found {
		if m.Hidden {
			hidden++
		}
	}
	first := found[0]
	msg := fmt.Sprintf("instructions aimed at AI readers (%s) in the %s: %q", first.Pattern, first.Where, first.Excerpt)
	if len(found) > 1 {
		msg = fmt.Sprintf("%d passages of instructions aimed at AI readers, %d hidden from a reader; first (%s) in the %s: %q",
			len(found), hidden, first.Pattern, first.Where, first.Excerpt)
	}
	return []reports.Signal{{
		ID:        SigInstructions,
		Direction: reports.DirIntegrity,
		Strength:  reports.StrengthModerate,
		Message:   msg,
		Evidence: map[string]any{
			"count":   len(found),
			"hidden":  hidden,
			"matches": found,
		},
		Explanation: "The text carries instructions addressed to an AI system (a summariser, translator, screening or " +
			"search assistant) rather than to its reader: a prompt injection. Hidden ones (in invisible characters, HTML " +
			"comments, alt texts or invisible elements) are meant to steer a machine without the reader noticing. " +
			"Read the excerpt; do not let an AI tool summarise or rank this text unchecked. It says nothing about " +
			"who wrote the text: an article about prompt injection quotes such lines openly.",
	}}, nil
}

// matchInstructions runs the patterns over one carrier. Invisible
// characters are taken out first, and tag characters read as the ASCII
// they spell, so "ig\u200bnore previous instructions" and instructions
// written in tag characters match; such a match counts as hidden.
func matchInstructions(ctx context.Context, text, where string, base int, into string, add func(instructionMatch)) error {
	view, offs, invisible := machineView(text)
	if !strings.ContainsAny(view, "aeiou") {
		return nil
	}
	for _, p := range injectionPatterns {
		if err := ctx.Err(); err != nil {
			return err
		}
		if !containsAny(view, p.need) {
			continue
		}
		for _, loc := range p.re.FindAllStringIndex(view, maxInstructionMatches) {
			start := offs[loc[0]]
			hidden := where != "visible text"
			for i := loc[0]; i < loc[1] && !hidden; i++ {
				hidden = invisible[i]
			}
			// The excerpt is what a machine reads, with some context, on
			// one line, so the reviewer sees the order itself.
			lo, hi := max(0, loc[0]-40), min(len(view), loc[1]+80)
			for lo > 0 && !utf8.RuneStart(view[lo]) {
				lo--
			}
			for hi < len(view) && !utf8.RuneStart(view[hi]) {
				hi++
			}
			ex := strings.Join(strings.Fields(view[lo:hi]), " ")
			if lo > 0 {
				ex = "…" + ex
			}
			if hi < len(view) {
				ex += "…"
			}
			add(instructionMatch{Pattern: p.name, Where: where, Hidden: hidden, Excerpt: ex, Offset: base + start, In: into})
		}
	}
	return nil
}

// machineView lower-cases text as a language model would read it: format
// characters (zero-width, joiners, bidi controls) dropped, tag characters
// turned into the ASCII they spell, white space collapsed. offs maps each
// byte of the view to a byte offset in text (one extra entry for the end);
// invisible marks the view bytes that came from, or follow, characters a
// reader cannot see.
func machineView(text string) (view string, offs []int, invisible []bool) {
	var b strings.Builder
	b.Grow(len(text))
	offs = make([]int, 0, len(text)+1)
	invisible = make([]bool, 0, len(text)+1)
	space, dropped := false, false
	for i, r := range text {
		hid := false
		switch {
		case r >= 0xE0020 && r <= 0xE007E:
			r, hid = r-0xE0000, true
		case r == 0xE0001 || r == 0xE007F:
			dropped = true
			continue
		case unicode.Is(unicode.Cf, r) || (r >= 0xFE00 && r <= 0xFE0F):
			dropped = true
			continue
		}
		if unicode.IsSpace(r) {
			if space {
				continue
			}
			space, r = true, ' '
		} else {
			space = false
		}
		r = unicode.ToLower(r)
		n := utf8.RuneLen(r)
		if n < 0 {
			continue
		}
		b.WriteRune(r)
		for range n {
			offs = append(offs, i)
			invisible = append(invisible, hid || dropped)
		}
		dropped = false
	}
	offs = append(offs, len(text))
	invisible = append(invisible, false)
	return b.String(), offs, invisible
}

// Places in HTML source a reader does not see. Compiled on first use:
// only HTML sources need them, and compiling them at start-up was paid by
// every run.
var htmlPatterns = sync.OnceValue(func() (p struct{ comment, altAttr, hiddenOpen, tag *regexp.Regexp }) {
	p.comment = regexp.MustCompile(`(?s)<!--(.*?)-->`)
	p.altAttr = regexp.MustCompile(`(?i)\s(alt|title|aria-label|data-[a-z0-9-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')`)
	p.hiddenOpen = regexp.MustCompile(`(?i)<([a-z][a-z0-9]*)\b[^>]*(?:\shidden(?:\s|>|=)|style\s*=\s*(?:"[^"]*(?:display\s*:\s*none|visibility\s*:\s*hidden|font-size\s*:\s*0(?:px|pt|em)?\s*(?:;|")|opacity\s*:\s*0(?:\.0+)?\s*(?:;|")|color\s*:\s*(?:#fff\b|#ffffff\b|white\b|rgb\(\s*255\s*,\s*255\s*,\s*255\s*\)))[^"]*"|'[^']*(?:display\s*:\s*none|visibility\s*:\s*hidden|color\s*:\s*(?:#fff\b|#ffffff\b|white\b))[^']*'))[^>]*>`)
	p.tag = regexp.MustCompile(`<[^>]*>`)
	return p
})

// maxHTMLSource is how much of an HTML source is searched for hidden
// places; a page's markup beyond it is not read.
const maxHTMLSource = 8 << 20

// maxHiddenElementText is how much text after an invisible element's
// opening tag is read as its content.
const maxHiddenElementText = 4 << 10

// htmlHiddenCarriers lists the comments, alt/title/aria-label/data texts
// and the text of elements styled invisible (display:none, visibility
// hidden, zero size or opacity, white text) of an HTML source. It reads
// the source with patterns, not a parser: a page built to hide text from
// a parser is exactly what a reviewer should see flagged.
func htmlHiddenCarriers(src string) []carrier {
	hp := htmlPatterns()
	var out []carrier
	for _, m := range hp.comment.FindAllStringSubmatchIndex(src, -1) {
		out = append(out, carrier{where: "HTML comment", text: src[m[2]:m[3]], start: m[2]})
	}
	for _, m := range hp.altAttr.FindAllStringSubmatchIndex(src, -1) {
		lo, hi := m[4], m[5]
		if lo < 0 {
			lo, hi = m[6], m[7]
		}
		out = append(out, carrier{where: "HTML " + strings.ToLower(src[m[2]:m[3]]) + " attribute", text: src[lo:hi], start: lo})
	}
	for _, m := range hp.hiddenOpen.FindAllStringIndex(src, -1) {
		end := min(len(src), m[1]+maxHiddenElementText)
		chunk := src[m[1]:end]
		// The element's own text, up to its closing tag when it is near.
		name := strings.ToLower(hp.hiddenOpen.FindStringSubmatch(src[m[0]:m[1]])[1])
		if i := strings.Index(strings.ToLower(chunk), "</"+name); i >= 0 {
			chunk = chunk[:i]
		}
		out = append(out, carrier{where: "invisible HTML element", text: hp.tag.ReplaceAllString(chunk, " "), start: m[1]})
	}
	return out
}
