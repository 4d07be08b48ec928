package text

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// revealRun is the run length from which consecutive variation selectors
// or tag characters are shown as one marker: a C2PA text manifest wrapper
// is thousands of selectors, and a page of ⟨U+E01xx⟩ helps no reader.
const revealRun = 8

// Reveal returns body with every character the text detector reports made
// visible: zero-width characters, bidi controls and marks, tag and
// variation-selector characters, soft hyphens, other format and control
// characters and unusual spaces each become "⟨U+XXXX⟩". Runs of at least
// eight variation selectors or tag characters become one marker with the
// count ("⟨U+FEFF⟩⟨4030 variation selectors U+E0100…⟩"). Line breaks and
// tabs are kept, and invalid UTF-8 is shown as U+FFFD; everything else is
// unchanged, so the result can be shown in place of the text (HTML-escape
// it first: Reveal does not).
//
// The HTML report and the web page draw their reveal view from the
// excerpts in the evidence (reports.RevealKey), which carry the same
// markers as segments; the offsets in the evidence refer to body, not to
// the revealed text.
func Reveal(body string) string {
	var sb strings.Builder
	sb.Grow(len(body) + len(body)/8)
	for i := 0; i < len(body); {
		r, size := utf8.DecodeRuneInString(body[i:])
		if r == utf8.RuneError && size <= 1 {
			sb.WriteString("\uFFFD")
			i += max(size, 1)
			continue
		}
		c := classify(r)
		switch {
		case r == '\n' || r == '\t' || r == '\r':
			sb.WriteRune(r)
		case c == classVariation || c == classTag:
			n, end := 0, i
			for end < len(body) {
				r2, s2 := utf8.DecodeRuneInString(body[end:])
				if classify(r2) != c {
					break
				}
				n++
				end += s2
			}
			if n < revealRun {
				for _, x := range body[i:end] {
					fmt.Fprintf(&sb, "⟨%s⟩", codePoint(x))
				}
			} else {
				kind := "variation selectors"
				if c == classTag {
					kind = "tag characters"
				}
				fmt.Fprintf(&sb, "⟨%d %s %s…⟩", n, kind, codePoint(r))
			}
			i = end
			continue
		case c != classNone:
			fmt.Fprintf(&sb, "⟨%s⟩", codePoint(r))
		default:
			sb.WriteRune(r)
		}
		i += size
	}
	return sb.String()
}
