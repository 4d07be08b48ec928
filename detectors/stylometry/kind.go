package stylometry

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"strings"
)

// Text that is not prose: data (CSV, JSON, JSON Lines), markup (XML, SVG),
// source code and logs. Style features are meaningless on them (a CSV's
// commas, a log's repeated phrases), and on the project's sample such
// files scored at or over the review threshold, so they get no score;
// SigNotProse says what the text was taken for, and why.

// SigNotProse is the signal for a text not scored because it is not prose.
const SigNotProse = "stylometry.not-prose"

// kindSample is how much of a text the classifier reads.
const kindSample = 64 << 10

// TextKind says what kind of non-prose text body is ("CSV data", "JSON
// Lines", ...) and why, or "" when it reads as prose (or markdown, which
// is prose with markup).
func TextKind(body string) (kind, why string) {
	s := body
	if len(s) > kindSample {
		// Whole lines only, so a cut record or line is not held against
		// the text.
		s = cutRunes(s, kindSample)
		if i := strings.LastIndexByte(s, '\n'); i > 0 {
			s = s[:i]
		}
	}
	trimmed := strings.TrimSpace(strings.TrimPrefix(s, "\uFEFF"))
	if trimmed == "" {
		return "", ""
	}
	lines := nonEmptyLines(trimmed, 400)
	switch {
	case isJSON(trimmed, len(s) < len(body)):
		return "JSON data", "the text parses as a JSON document"
	}
	if n, ok := jsonLines(lines); ok {
		return "JSON Lines data", fmt.Sprintf("%d of its first %d lines are JSON values", n, len(lines))
	}
	if why, ok := markup(trimmed); ok {
		return "XML or SVG markup", why
	}
	if rows, fields, ok := csvTable(trimmed); ok {
		return "CSV data", fmt.Sprintf("its first %d rows have the same %d delimited fields", rows, fields)
	}
	if n, ok := logLines(lines); ok {
		return "a log", fmt.Sprintf("%d of its first %d lines start with a time stamp or log level", n, len(lines))
	}
	if n, ok := codeLines(lines); ok {
		return "source code", fmt.Sprintf("%d of its first %d lines look like code (statements, braces, keywords, comments)", n, len(lines))
	}
	return "", ""
}

func nonEmptyLines(s string, max int) []string {
	var out []string
	for line := range strings.SplitSeq(s, "\n") {
		if l := strings.TrimSpace(line); l != "" {
			out = append(out, strings.TrimRight(line, "\r"))
			if len(out) == max {
				break
			}
		}
	}
	return out
}

// isJSON: a whole document that parses (or, when the sample was cut, one
// that starts like an object or array and parses up to the cut).
func isJSON(s string, cut bool) bool {
	if s[0] != '{' && s[0] != '[' {
		return false
	}
	if !cut {
		return json.Valid([]byte(s))
	}
	dec := json.NewDecoder(strings.NewReader(s))
	for {
		_, err := dec.Token()
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			return true
		}
		if err != nil {
			return false
		}
	}
}

// jsonLines: at least two lines, nine in ten of them JSON objects or arrays.
func jsonLines(lines []string) (int, bool) {
	if len(lines) < 2 {
		return 0, false
	}
	n := 0
	for _, l := range lines {
		l = strings.TrimSpace(l)
		if (strings.HasPrefix(l, "{") || strings.HasPrefix(l, "[")) && json.Valid([]byte(l)) {
			n++
		}
	}
	return n, n*10 >= len(lines)*9
}

var markupTag = regexp.MustCompile(`<[/!?]?[A-Za-z_][\w:.-]*[^<>]*>`)

// markup: an XML declaration or an <svg> root, or text where tags take
// most of the characters.
func markup(s string) (string, bool) {
	low := strings.ToLower(s[:min(len(s), 512)])
	switch {
	case strings.HasPrefix(low, "<?xml"):
		return "the text starts with an XML declaration", true
	case strings.HasPrefix(low, "<svg"), strings.HasPrefix(low, "<!doctype svg"):
		return "the text starts with an SVG root element", true
	}
	if s[0] != '<' {
		return "", false
	}
	tagBytes := 0
	for _, m := range markupTag.FindAllStringIndex(s, 2000) {
		tagBytes += m[1] - m[0]
	}
	if tagBytes*2 >= len(s) {
		return fmt.Sprintf("tags make up %d%% of the text", 100*tagBytes/len(s)), true
	}
	return "", false
}

// csvTable: at least three records, all with the same number (two or
// more) of fields, by the first delimiter of comma, tab, semicolon and
// bar that gives such a table. Prose paragraphs differ in their commas.
func csvTable(s string) (rows, fields int, ok bool) {
	for _, d := range []rune{',', '\t', ';', '|'} {
		r := csv.NewReader(strings.NewReader(s))
		r.Comma = d
		r.LazyQuotes = true
		r.ReuseRecord = true
		n, width := 0, 0
		for n < 200 {
			rec, err := r.Read()
			if err == io.EOF {
				break
			}
			if err != nil { // a record of another width: not a table
				n = 0
				break
			}
			if n == 0 {
				width = len(rec)
			}
			n++
		}
		if n >= 3 && width >= 2 {
			return n, width, true
		}
	}
	return 0, 0, false
}

var logStart = regexp.MustCompile(`^\s*(?:\[?\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}|\[?\d{2}:\d{2}:\d{2}|[A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}:\d{2}|\[?(?:TRACE|DEBUG|INFO|NOTICE|WARN|WARNING|ERROR|FATAL|CRITICAL)\b\]?|time=\d{4}-|level=)`)

// logLines: at least three lines, most starting with a time stamp or a
// log level.
func logLines(lines []string) (int, bool) {
	if len(lines) < 3 {
		return 0, false
	}
	n := 0
	for _, l := range lines {
		if logStart.MatchString(l) {
			n++
		}
	}
	return n, n*10 >= len(lines)*6
}

var codeLine = regexp.MustCompile(`(?:[;{}]\s*$|^\s*(?:[{}()\]]|//|/\*|\*/|#include|#!|import\s|package\s|func\s|def\s|class\s|return\b|if\s*\(|for\s*\(|while\s*\(|const\s|let\s|var\s|public\s|private\s|static\s|fn\s|use\s+\w+::|from\s+\w+\s+import\s)|\)\s*(?:=>|->|:)\s*\{?\s*$)`)

// codeLines: at least five lines, half of them statement-like.
func codeLines(lines []string) (int, bool) {
	if len(lines) < 5 {
		return 0, false
	}
	n := 0
	for _, l := range lines {
		if codeLine.MatchString(l) {
			n++
		}
	}
	return n, n*2 >= len(lines)
}
