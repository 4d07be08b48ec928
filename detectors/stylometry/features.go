package stylometry

import (
	"math"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MinWords is the shortest text that gets a score: below it every
// feature is noise (text-detection.md §6).
const MinWords = 150

// mattrWindow is the window of the moving-average type-token ratio.
const mattrWindow = 50

// FeatureNames name the entries of a feature vector, in order. Layout
// (line breaks, paragraphs) is deliberately absent: in the training
// sample it separated the classes only because of how the upstream
// datasets were stored.
var FeatureNames = []string{
	"llmVocabPer1k",     // LLM-favoured words per 1,000 words
	"stockPhrasePer1k",  // stock phrases ("in conclusion", "it is important to note") per 1,000 words
	"meanWordLen",       // letters per word
	"longWordRate",      // share of words of 9 letters or more
	"commaPerWord",      // commas per word
	"semicolonColonPer", // semicolons and colons per word
	"meanSentenceLen",   // words per sentence
	"sentenceLenSD",     // standard deviation of sentence lengths
	"sentenceLenCV",     // burstiness: SD / mean of sentence lengths
	"mattr50",           // moving-average type-token ratio, 50-word windows
	"functionWordRate",  // share of closed-class words
	"firstPersonRate",   // I, me, my, we, our... per word
	"secondPersonRate",  // you, your... per word
	"contractionRate",   // words with an apostrophe (don't, it's) per word
	"quoteRate",         // quotation marks per word
	"digitRate",         // digits per character
	"dashRate",          // dashes (-- – —) per word
	"exclaimQuestion",   // ! and ? per sentence
	"parenRate",         // parentheses per word
	"capitalisedRate",   // capitalised words not starting a sentence, per word
	"theRate",           // "the" per word: article-heavy, noun-heavy prose
	"andListRate",       // ", and" and ", or" per sentence: the lists of three chat models favour
}

// Vector is one document's features, in FeatureNames order.
type Vector []float64

// minLetterShare is the share of visible characters that must be letters
// for a text to count as prose. Every text of the labelled sample has at
// least 0.74 (a programming how-to); markup, source code dense with
// symbols, base64 and tables of numbers have far less, and their "style"
// would be noise.
const minLetterShare = 0.5

// Stats is what the scan of a text measured beyond the vector.
type Stats struct {
	Words, Sentences int
	// Letters and Visible count letters and non-space characters.
	Letters, Visible int
}

// Prose reports whether the text is mostly letters: the features measure
// prose, not markup or data.
func (st Stats) Prose() bool {
	return float64(st.Letters) >= minLetterShare*float64(st.Visible)
}

// Extract measures a text. It reads the text once, allocating per distinct
// word only; it never fails.
func Extract(text string) (Vector, Stats) {
	var (
		words      []string // lower-cased
		sentLens   []int
		cur        int // words in the current sentence
		letters    int
		long       int
		commas     int
		semis      int
		quotes     int
		digits     int
		chars      int
		dashes     int
		exq        int
		parens     int
		contracted int
		capsMid    int
		sentStart  = true
		afterComma bool
		andList    int
		visible    int
		allLetters int // letters anywhere, words or not
	)
	endSentence := func() {
		if cur > 0 {
			sentLens = append(sentLens, cur)
		}
		cur = 0
		sentStart = true
	}
	var w strings.Builder
	wLetters := 0
	wApos := false
	wCap := false
	flush := func() {
		if w.Len() == 0 {
			return
		}
		if wLetters > 0 {
			words = append(words, strings.ToLower(strings.Trim(w.String(), "'’")))
			if afterComma {
				switch words[len(words)-1] {
				case "and", "or":
					andList++
				}
			}
			afterComma = false
			letters += wLetters
			if wLetters >= 9 {
				long++
			}
			if wApos {
				contracted++
			}
			if wCap && !sentStart {
				capsMid++
			}
			cur++
			sentStart = false
		}
		w.Reset()
		wLetters, wApos, wCap = 0, false, false
	}
	runes := []rune(text)
	for i, r := range runes {
		chars++
		if !unicode.IsSpace(r) {
			visible++
			if unicode.IsLetter(r) {
				allLetters++
			}
		}
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if w.Len() == 0 && unicode.IsUpper(r) {
				wCap = true
			}
			if unicode.IsLetter(r) {
				wLetters++
			} else {
				digits++
			}
			w.WriteRune(r)
			continue
		case (r == '\'' || r == '’') && w.Len() > 0 && i+1 < len(runes) && unicode.IsLetter(runes[i+1]):
			wApos = true
			w.WriteRune('\'')
			continue
		case r == '-' && w.Len() > 0 && i+1 < len(runes) && unicode.IsLetter(runes[i+1]):
			// Hyphenated compounds are one word.
			w.WriteRune(r)
			continue
		}
		flush()
		if !unicode.IsSpace(r) {
			afterComma = false
		}
		switch r {
		case ',':
			commas++
			afterComma = true
		case ';', ':':
			semis++
		case '"', '“', '”', '«', '»':
			quotes++
		case '–', '—':
			dashes++
		case '-':
			if i+1 < len(runes) && runes[i+1] == '-' {
				dashes++
			}
		case '(', ')':
			parens++
		case '\n':
			endSentence()
		case '.', '!', '?', '…':
			if r == '!' || r == '?' {
				exq++
			}
			if sentenceEnds(runes, i) {
				endSentence()
			}
		}
	}
	flush()
	endSentence()

	n := float64(len(words))
	st := Stats{Words: len(words), Sentences: len(sentLens), Letters: allLetters, Visible: visible}
	v := make(Vector, len(FeatureNames))
	if n == 0 {
		return v, st
	}
	per := func(x int) float64 { return float64(x) / n }
	var vocab, function, first, second, the int
	for _, wd := range words {
		if wd == "the" {
			the++
		}
		if llmVocab[wd] {
			vocab++
		}
		if functionWords[wd] {
			function++
		}
		if firstPerson[wd] {
			first++
		}
		if secondPerson[wd] {
			second++
		}
	}
	stock := countStockPhrases(words)
	mean, sd := meanSD(sentLens)
	cv := 0.0
	if mean > 0 {
		cv = sd / mean
	}
	ns := max(1, len(sentLens))
	v[0] = 1000 * per(vocab)
	v[1] = 1000 * per(stock)
	v[2] = float64(letters) / n
	v[3] = per(long)
	v[4] = per(commas)
	v[5] = per(semis)
	v[6] = mean
	v[7] = sd
	v[8] = cv
	v[9] = mattr(words, mattrWindow)
	v[10] = per(function)
	v[11] = per(first)
	v[12] = per(second)
	v[13] = per(contracted)
	v[14] = per(quotes)
	v[15] = float64(digits) / float64(max(1, chars))
	v[16] = per(dashes)
	v[17] = float64(exq) / float64(ns)
	v[18] = per(parens)
	v[19] = per(capsMid)
	v[20] = per(the)
	v[21] = float64(andList) / float64(ns)
	return v, st
}

// sentenceEnds reports whether the punctuation at i ends a sentence: it
// is followed by whitespace and then a capital letter, a digit or a
// quotation mark, or by the end of the text (text-detection.md §3).
func sentenceEnds(runes []rune, i int) bool {
	j := i + 1
	for j < len(runes) && strings.ContainsRune(".!?…\"'”’)", runes[j]) {
		j++
	}
	if j >= len(runes) {
		return true
	}
	if !unicode.IsSpace(runes[j]) {
		return false
	}
	for j < len(runes) && unicode.IsSpace(runes[j]) {
		j++
	}
	if j >= len(runes) {
		return true
	}
	r := runes[j]
	return unicode.IsUpper(r) || unicode.IsDigit(r) || strings.ContainsRune("\"“'‘(", r)
}

func meanSD(xs []int) (mean, sd float64) {
	if len(xs) == 0 {
		return 0, 0
	}
	for _, x := range xs {
		mean += float64(x)
	}
	mean /= float64(len(xs))
	for _, x := range xs {
		d := float64(x) - mean
		sd += d * d
	}
	return mean, math.Sqrt(sd / float64(len(xs)))
}

// mattr is the mean over sliding windows of w words of distinct/w; for a
// text shorter than w it is the plain type-token ratio.
func mattr(words []string, w int) float64 {
	if len(words) == 0 {
		return 0
	}
	if len(words) <= w {
		seen := map[string]bool{}
		for _, x := range words {
			seen[x] = true
		}
		return float64(len(seen)) / float64(len(words))
	}
	counts := map[string]int{}
	distinct := 0
	for _, x := range words[:w] {
		if counts[x] == 0 {
			distinct++
		}
		counts[x]++
	}
	sum := float64(distinct)
	for i := w; i < len(words); i++ {
		out := words[i-w]
		counts[out]--
		if counts[out] == 0 {
			distinct--
		}
		if counts[words[i]] == 0 {
			distinct++
		}
		counts[words[i]]++
		sum += float64(distinct)
	}
	return sum / float64(len(words)-w+1) / float64(w)
}

// countStockPhrases counts stock phrases as word sequences.
func countStockPhrases(words []string) int {
	n := 0
	for i := range words {
		for _, p := range stockPhrases {
			if i+len(p) <= len(words) && equalWords(words[i:i+len(p)], p) {
				n++
			}
		}
	}
	return n
}

func equalWords(a, b []string) bool {
	for i := range b {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// wordCount counts words the way Extract does (runs of letters and digits
// holding at least one letter), cheaply, for the length gate.
func wordCount(text string) int {
	n, in, letter := 0, false, false
	for len(text) > 0 {
		r, size := utf8.DecodeRuneInString(text)
		text = text[size:]
		switch {
		case unicode.IsLetter(r):
			in, letter = true, true
		case unicode.IsDigit(r):
			in = true
		case in && (r == '\'' || r == '’' || r == '-') && len(text) > 0:
			next, _ := utf8.DecodeRuneInString(text)
			if !unicode.IsLetter(next) {
				n, in, letter = n+b2i(letter), false, false
			}
		default:
			n, in, letter = n+b2i(in && letter), false, false
		}
	}
	return n + b2i(in && letter)
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
