package text

import (
	"strings"
	"sync"

	"github.com/provcheck/provcheck/reports"
)

// category groups chatbot phrases by what they show; each category is one
// signal ID.
type category int

const (
	catSelfReference category = iota // the text says it was written by an AI
	catInterface                     // chat interface text pasted with the answer
	catRefusal                       // a chatbot's refusal formula
	catPlaceholder                   // an unfilled template slot: "[Your Name]"
	catStylistic                     // openers and closers chatbots favour, humans use too
	numCategories
)

// phraseDef is one curated phrase. Pattern words are matched on word
// boundaries, case-insensitively, across any whitespace or line break, with
// typographic apostrophes read as "'". "{a,b c}" alternatives expand to one
// phrase each; "," "!" ":" and "." stand for themselves.
type phraseDef struct {
	cat      category
	strength reports.Strength
	pattern  string
}

// phraseTable is the curated list (text-detection.md §3, "smoking guns").
// Strength follows how rarely a human writes the phrase in their own
// voice: self-identification and interface leftovers are strong, refusals
// and placeholders moderate, stylistic formulas weak. None is "declared":
// a human article about chatbots can quote any of them.
var phraseTable = []phraseDef{
	// First person, or the formula followed by "I": how assistants speak of
	// themselves. The bare formula is moderate: a human article can say
	// "As an AI language model, ChatGPT cannot...".
	{catSelfReference, reports.StrengthStrong, "as {an ai language model,a large language model,an ai model,an ai assistant,an ai chatbot} , i"},
	{catSelfReference, reports.StrengthModerate, "as {an ai language model,a large language model,an ai model,an ai assistant,an ai chatbot}"},
	{catSelfReference, reports.StrengthModerate, "as an ai {developed,created,trained,made} by"},
	{catSelfReference, reports.StrengthStrong, "{i'm,i am} an ai {language model,model,assistant,chatbot}"},
	{catSelfReference, reports.StrengthStrong, "{i'm,i am} an ai {developed,created,trained,made} by"},
	{catSelfReference, reports.StrengthStrong, "{i'm,i am} a large language model"},
	{catSelfReference, reports.StrengthStrong, "{best regards,kind regards,warm regards,regards,sincerely,yours sincerely,best wishes,best} , chatgpt"},
	// "As an AI, I don't have opinions": the comma keeps out "as an AI
	// researcher"; a human story told by an AI character can still say it.
	{catSelfReference, reports.StrengthModerate, "as an ai , i"},
	{catSelfReference, reports.StrengthModerate, "{i'm,i am} chatgpt"},
	{catSelfReference, reports.StrengthModerate, "my knowledge cutoff"},
	{catSelfReference, reports.StrengthModerate, "as of my {last knowledge update,last update,knowledge cutoff,last training update}"},

	{catInterface, reports.StrengthStrong, "regenerate response"},
	{catInterface, reports.StrengthStrong, "chatgpt can make mistakes"},
	{catInterface, reports.StrengthStrong, "chatgpt may produce inaccurate information"},
	{catInterface, reports.StrengthStrong, "is this conversation helpful so far"},

	{catRefusal, reports.StrengthModerate, "{i'm,i am} sorry , but i {can't,cannot} {assist with,help with,fulfill,comply with,provide} {that,this,your}"},
	{catRefusal, reports.StrengthModerate, "i {can't,cannot} {fulfill,comply with} {that,this,your} request"},
	{catRefusal, reports.StrengthModerate, "{i'm,i am} unable to {fulfill,comply with} {that,this,your} request"},

	{catStylistic, reports.StrengthWeak, "{certainly,sure,absolutely,of course} ! {here's,here is,here are}"},
	{catStylistic, reports.StrengthWeak, "i hope this {email,message,letter} finds you well"},
}

// phrase is one expanded pattern.
type phrase struct {
	def     *phraseDef
	display string   // the expanded pattern, as reported
	words   []string // tokens, lower case
}

// phraseIndex indexes the expanded table by last token, so the matcher
// looks at a handful of candidates per word; ends holds the first bytes of
// those tokens, so most words skip the map lookup.
type phraseIndex struct {
	byLast  map[string][]*phrase
	ends    [256]bool
	longest int // tokens of the longest phrase
}

// phrases builds the index on first use: only text files need it, and
// building it at start-up was paid by every run.
var phrases = sync.OnceValue(func() *phraseIndex {
	idx := &phraseIndex{byLast: map[string][]*phrase{}}
	for i := range phraseTable {
		d := &phraseTable[i]
		for _, p := range expand(d.pattern) {
			words := strings.Fields(p)
			last := words[len(words)-1]
			idx.byLast[last] = append(idx.byLast[last], &phrase{def: d, display: displayPhrase(words), words: words})
			idx.ends[last[0]] = true
			idx.longest = max(idx.longest, len(words))
		}
	}
	return idx
})

// expand turns "a {b,c d} e" into "a b e" and "a c d e"; alternatives do not
// nest.
func expand(p string) []string {
	open := strings.IndexByte(p, '{')
	if open < 0 {
		return []string{p}
	}
	closeAt := open + strings.IndexByte(p[open:], '}')
	var out []string
	for alt := range strings.SplitSeq(p[open+1:closeAt], ",") {
		out = append(out, expand(p[:open]+alt+p[closeAt+1:])...)
	}
	return out
}

// displayPhrase joins tokens as text: no space before punctuation.
func displayPhrase(words []string) string {
	var sb strings.Builder
	for i, w := range words {
		if i > 0 && !strings.ContainsAny(w[:1], ",!:.") {
			sb.WriteByte(' ')
		}
		sb.WriteString(w)
	}
	return sb.String()
}

// placeholderLead and placeholderTail say what an unfilled template slot
// looks like: "[Your Name]", "[Insert date]", "[Recipient's Name]",
// "[Company Address]".
var (
	placeholderLead = map[string]bool{"your": true, "insert": true}
	placeholderTail = map[string]bool{
		"name": true, "address": true, "title": true, "company": true, "position": true, "number": true,
		"email": true, "date": true, "organization": true, "organisation": true, "signature": true,
		"details": true, "information": true, "here": true,
	}
)
