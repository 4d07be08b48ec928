package text

import (
	"context"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/provcheck/provcheck/reports"
)

// The phrase matcher tokenises the body once, keeps the last ringSize
// tokens in a ring, and when a token arrives checks only the phrases that
// end with it. Memory stays constant whatever the body's size.

const (
	maxTokenLen    = 24 // longer words cannot be part of a phrase
	ringSize       = 16 // > longest phrase + the token before it
	maxMatchKeys   = 50 // distinct phrases and placeholders kept
	maxPlaceholder = 6  // words inside "[...]"
)

// token is a word (lower-cased letters, digits and inner apostrophes) or a
// single punctuation character.
type token struct {
	buf        [maxTokenLen]byte
	n          int
	long       bool
	punct      bool
	start, end int
	pos        Position
}

func (t *token) reset(start int, pos Position, punct bool) {
	*t = token{start: start, end: start, pos: pos, punct: punct}
}

func (t *token) appendRune(r rune) {
	if t.long || t.n+utf8.RuneLen(r) > maxTokenLen {
		t.long = true
		return
	}
	t.n += utf8.EncodeRune(t.buf[t.n:], r)
}

// is compares without allocating.
func (t *token) is(w string) bool { return !t.long && string(t.buf[:t.n]) == w }

// phraseMatch aggregates the occurrences of one phrase or placeholder.
type phraseMatch struct {
	cat       category
	key       string // the phrase as listed, or the placeholder in lower case
	byRank    [5]int // occurrences per strength rank (reports.Strength.Rank)
	count     int
	quoted    int // occurrences right after an opening quotation mark
	positions []Position
	ends      []int // byte offset after each occurrence in positions
	start     int   // byte range of the first occurrence, for its excerpt
	end       int
}

// strength is the highest strength among the occurrences.
func (pm *phraseMatch) strength() reports.Strength {
	for _, s := range []reports.Strength{reports.StrengthDeclared, reports.StrengthStrong, reports.StrengthModerate, reports.StrengthWeak} {
		if pm.byRank[s.Rank()] > 0 {
			return s
		}
	}
	return reports.StrengthInfo
}

// phraseScan is what the matcher found, in order of first occurrence.
type phraseScan struct {
	matches []*phraseMatch
	byKey   map[string]*phraseMatch
	dropped int // occurrences of phrases beyond maxMatchKeys
}

// quoteMarks open a quotation: a phrase right after one is being quoted,
// as an article about chatbots quotes "As an AI language model".
var quoteMarks = map[string]bool{
	`"`: true, "“": true, "”": true, "„": true, "«": true, "»": true, "‘": true, "'": true, "`": true, "‹": true, "「": true, "『": true,
}

type matcher struct {
	idx  *phraseIndex
	ring [ringSize]token
	n    int // tokens emitted so far
	out  *phraseScan
	// The last occurrence recorded, so that a longer phrase covering it can
	// replace it.
	last       *phraseMatch
	lastStart  int
	lastRank   int
	lastQuoted bool
}

// scanPhrases finds the curated phrases and template placeholders.
func scanPhrases(ctx context.Context, body string) (*phraseScan, error) {
	m := &matcher{idx: phrases(), out: &phraseScan{byKey: map[string]*phraseMatch{}}}
	cur := newCursor()
	var (
		word     *token
		runeSeen int
	)
	for i := 0; i < len(body); {
		r, size := utf8.DecodeRuneInString(body[i:])
		if runeSeen++; runeSeen%ctxCheckStride == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		switch {
		case wordRune(r):
			if word == nil {
				word = &m.ring[m.n%ringSize]
				word.reset(i, cur.at(i), false)
			}
			word.appendRune(unicode.ToLower(r))
			word.end = i + size
		case word != nil && apostrophe(r) && nextIsWordRune(body[i+size:]):
			word.appendRune('\'')
		case ignorable(r):
			// Invisible characters neither split nor join words, so a zero-width
			// space inside "regen\u200berate" does not hide the phrase.
		default:
			if word != nil {
				m.emit()
				word = nil
			}
			if !unicode.IsSpace(r) && classify(r) != classControl && r != utf8.RuneError {
				t := &m.ring[m.n%ringSize]
				t.reset(i, cur.at(i), true)
				t.appendRune(r)
				t.end = i + size
				m.emit()
			}
		}
		cur.advance(r)
		i += size
	}
	if word != nil {
		m.emit()
	}
	return m.out, nil
}

func wordRune(r rune) bool {
	if r < 0x80 {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) && classify(r) == classNone
}

func apostrophe(r rune) bool { return r == '\'' || r == '’' || r == 'ʼ' }

func nextIsWordRune(s string) bool {
	for _, r := range s {
		if ignorable(r) {
			continue
		}
		return wordRune(r)
	}
	return false
}

// ignorable reports the invisible characters the matcher skips.
func ignorable(r rune) bool {
	switch classify(r) {
	case classZeroWidth, classTag, classVariation, classSoftHyphen, classFormat, classBidi, classBidiMark:
		return true
	}
	return false
}

// at returns the token k places before the newest (0 = newest).
func (m *matcher) at(k int) *token { return &m.ring[(m.n-1-k)%ringSize] }

// emit records the token in the ring slot m.n and checks what ends there.
func (m *matcher) emit() {
	m.n++
	last := m.at(0)
	if last.long || !m.idx.ends[last.buf[0]] && !last.punct {
		return
	}
	if last.punct && last.is("]") {
		m.placeholder()
		return
	}
	// Of the phrases ending here, the longest wins: "best regards, chatgpt"
	// rather than "regards, chatgpt" as well.
	var best *phrase
	for _, p := range m.idx.byLast[string(last.buf[:last.n])] {
		if len(p.words) > m.n || best != nil && len(p.words) <= len(best.words) {
			continue
		}
		ok := true
		for j := 1; j < len(p.words) && ok; j++ {
			ok = m.at(j).is(p.words[len(p.words)-1-j])
		}
		if ok {
			best = p
		}
	}
	if best != nil {
		m.record(best.def.cat, best.display, best.def.strength, len(best.words))
	}
}

// placeholder checks whether "]" closes an unfilled template slot.
func (m *matcher) placeholder() {
	var words []string
	for k := 1; k <= maxPlaceholder+1 && k < m.n; k++ {
		t := m.at(k)
		if t.punct {
			if !t.is("[") || len(words) == 0 {
				return
			}
			first, last := words[len(words)-1], words[0]
			multi := len(words) > 1
			if !placeholderLead[first] && !(placeholderTail[last] && len(words) <= 4) {
				return
			}
			if first == "your" && !multi { // "[your]" is not a slot
				return
			}
			var sb strings.Builder
			sb.WriteByte('[')
			for i := len(words) - 1; i >= 0; i-- {
				sb.WriteString(words[i])
				if i > 0 {
					sb.WriteByte(' ')
				}
			}
			sb.WriteByte(']')
			s := reports.StrengthModerate
			if !multi {
				s = reports.StrengthWeak // "[Name]", "[Date]": human forms use them as much
			}
			m.record(catPlaceholder, sb.String(), s, k+1)
			return
		}
		if t.long {
			return
		}
		words = append(words, string(t.buf[:t.n]))
	}
}

// record adds one occurrence of a phrase spanning the newest length tokens.
// An occurrence that covers the previous one replaces it: "as an ai
// language model, i" supersedes "as an ai language model", found two
// tokens earlier.
func (m *matcher) record(cat category, key string, s reports.Strength, length int) {
	first, last := m.at(length-1), m.at(0)
	quoted := false
	if length < m.n {
		before := m.at(length)
		quoted = before.punct && before.end == first.start && quoteMarks[string(before.buf[:before.n])]
	}
	if quoted {
		s = reports.StrengthWeak
	}
	if m.last != nil && m.lastStart >= first.start {
		m.retract()
	}
	pm := m.out.byKey[key]
	if pm == nil {
		if len(m.out.matches) >= maxMatchKeys {
			m.out.dropped++
			return
		}
		pm = &phraseMatch{cat: cat, key: key, start: first.start, end: last.end}
		m.out.byKey[key] = pm
		m.out.matches = append(m.out.matches, pm)
	}
	pm.count++
	pm.byRank[s.Rank()]++
	if quoted {
		pm.quoted++
	}
	if len(pm.positions) < maxPositions {
		pm.positions = append(pm.positions, first.pos)
		pm.ends = append(pm.ends, last.end)
	}
	m.last, m.lastStart, m.lastRank, m.lastQuoted = pm, first.start, s.Rank(), quoted
}

// retract undoes the last record. Nothing was recorded since, so a phrase
// whose only occurrence it was is the last of the matches.
func (m *matcher) retract() {
	pm := m.last
	m.last = nil
	pm.count--
	pm.byRank[m.lastRank]--
	if m.lastQuoted {
		pm.quoted--
	}
	if n := len(pm.positions); n > 0 && pm.positions[n-1].Offset == m.lastStart {
		pm.positions = pm.positions[:n-1]
		pm.ends = pm.ends[:n-1]
	}
	if pm.count == 0 {
		delete(m.out.byKey, pm.key)
		m.out.matches = m.out.matches[:len(m.out.matches)-1]
	}
}
