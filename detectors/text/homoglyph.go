package text

import (
	"context"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/provcheck/provcheck/reports"
)

// Mixed-script words (text-detection.md §4, after UTS #39's mixed-script
// detection): a word whose Latin letters are mixed with Cyrillic or Greek
// letters that look like Latin ones ("Рaypal" with a Cyrillic Р). Ordinary
// writing does not do this; filter evasion, impersonated names and
// copy-pasted look-alikes do. Words mixing scripts without look-alikes
// ("Ω-shaped", "αβ-test") are notation, not disguise, and are not counted.

// latinLookalikes are Cyrillic and Greek letters that render like a Latin
// letter in common fonts (a subset of Unicode's confusables.txt).
var latinLookalikes = func() map[rune]bool {
	m := map[rune]bool{}
	for _, r := range "АВЕЅІЈКМНОРСТХУаеіјорсхуѕԁԛԝһӏΑΒΕΖΗΙΚΜΝΟΡΤΥΧοαν" {
		m[r] = true
	}
	return m
}()

type mixedWord struct {
	pos  Position
	word string
}

// scanMixedScript returns the mixed-script words of body, at most
// maxPositions of them, and their total count.
func scanMixedScript(ctx context.Context, body string) ([]mixedWord, int, error) {
	var (
		out          []mixedWord
		total        int
		c            = newCursor()
		start        = -1
		startPos     Position
		latin, alike bool
	)
	end := func(i int) {
		if start >= 0 && latin && alike {
			total++
			if len(out) < maxPositions {
				out = append(out, mixedWord{startPos, body[start:i]})
			}
		}
		start, latin, alike = -1, false, false
	}
	for i, r := range body {
		if i&0xFFFF == 0 {
			if err := ctx.Err(); err != nil {
				return nil, 0, err
			}
		}
		if unicode.IsLetter(r) {
			if start < 0 {
				start, startPos = i, c.at(i)
			}
			switch {
			case latinLookalikes[r]:
				alike = true
			case unicode.Is(unicode.Latin, r):
				latin = true
			}
		} else if !unicode.Is(unicode.Mn, r) {
			end(i)
		}
		c.advance(r)
	}
	end(len(body))
	return out, total, nil
}

func mixedScriptSignal(body string, words []mixedWord, total int) []reports.Signal {
	if total == 0 {
		return nil
	}
	var positions []Position
	var examples []string
	for _, w := range words {
		p := w.pos
		positions = append(positions, p)
		if len(examples) < 5 {
			examples = append(examples, fmt.Sprintf("%q at %s (%s)", shorten(w.word, 64), p, scripts(w.word)))
		}
	}
	first := words[0]
	ev := map[string]any{
		"count":     total,
		"positions": positions,
		"offsets":   offsetsNote,
		"examples":  examples,
		"excerpt":   excerpt(body, first.pos.Offset, first.pos.Offset+len(first.word)),
	}
	if total > len(words) {
		ev["positionsTruncated"] = true
	}
	return []reports.Signal{{
		ID: "text.mixed-script", Direction: reports.DirIntegrity, Strength: reports.StrengthWeak,
		Message:  fmt.Sprintf("%d word(s) mix Latin letters with Cyrillic or Greek look-alikes, the first %s", total, examples[0]),
		Evidence: ev,
		Explanation: "These words are spelled partly with Cyrillic or Greek letters that look like Latin ones. Search engines, " +
			"filters and readers treat them as different words; the technique hides names from moderation and " +
			"impersonates brands and people. Check each word: retype it, or look at it in the reveal view.",
	}}
}

// scripts names the scripts of a word's letters: "Latin+Cyrillic".
func scripts(w string) string {
	var names []string
	add := func(n string) {
		for _, x := range names {
			if x == n {
				return
			}
		}
		names = append(names, n)
	}
	for len(w) > 0 {
		r, size := utf8.DecodeRuneInString(w)
		w = w[size:]
		switch {
		case unicode.Is(unicode.Latin, r):
			add("Latin")
		case unicode.Is(unicode.Cyrillic, r):
			add("Cyrillic")
		case unicode.Is(unicode.Greek, r):
			add("Greek")
		}
	}
	return strings.Join(names, "+")
}
