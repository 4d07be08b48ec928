// Package genrecord parses the generation records AI image tools write
// (the AUTOMATIC1111-style infotext that the web UI, its forks, Fooocus and
// the stealth_pnginfo extension share), so every detector that meets one
// reads it by the same rules.
package genrecord

import "strings"

// Infotext is an AUTOMATIC1111-style generation record: the prompt, an
// optional "Negative prompt:" line, and a last line of "Key: value" pairs.
type Infotext struct {
	Prompt   string
	Negative string
	// Params are the pairs of the last line, in order.
	Params []Param
}

// Param is one "Key: value" pair of an infotext parameter line.
type Param struct{ Key, Value string }

// Get returns the value of the first pair named key.
func (it *Infotext) Get(key string) string {
	for _, p := range it.Params {
		if p.Key == key {
			return p.Value
		}
	}
	return ""
}

const (
	MaxRecord      = 1 << 20 // longer values are not generator records
	maxParamKey    = 64
	maxParams      = 256
	negativePrefix = "Negative prompt:"
)

// infotextMarkers are keys every webui writes on the parameter line; two
// of them are needed before a line counts as one, so prose that happens
// to end in "Steps: 3" does not.
var infotextMarkers = []string{"Steps", "Sampler", "Seed", "CFG scale", "Model hash"}

// ParseInfotext parses s as an infotext and reports whether it has the
// structure: a last line made only of "Key: value" pairs, with at least
// two of the keys every webui writes.
func ParseInfotext(s string) (Infotext, bool) {
	if len(s) > MaxRecord {
		return Infotext{}, false
	}
	s = strings.TrimSpace(strings.ReplaceAll(s, "\r\n", "\n"))
	body, last := "", s
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		body, last = s[:i], s[i+1:]
	}
	params, ok := parseParamLine(last)
	if !ok {
		return Infotext{}, false
	}
	markers := 0
	for _, m := range infotextMarkers {
		for _, p := range params {
			if p.Key == m {
				markers++
				break
			}
		}
	}
	if markers < 2 {
		return Infotext{}, false
	}
	it := Infotext{Params: params}
	// The negative prompt runs from its prefix to the parameter line and
	// may span lines; the prompt is everything before it.
	if i := strings.Index(body, negativePrefix); i >= 0 && (i == 0 || body[i-1] == '\n') {
		it.Prompt = strings.TrimSpace(body[:i])
		it.Negative = strings.TrimSpace(body[i+len(negativePrefix):])
	} else {
		it.Prompt = strings.TrimSpace(body)
	}
	return it, true
}

// ReadInfotext reads s as an infotext when its origin already says it is
// one (the stealth_pnginfo magic precedes it): the strict structure when it
// has it; otherwise the prompt and negative prompt, and the parameter line
// only if it starts with "Steps:" and is made of pairs.
func ReadInfotext(s string) Infotext {
	if it, ok := ParseInfotext(s); ok {
		return it
	}
	if len(s) > MaxRecord {
		s = s[:MaxRecord]
	}
	s = strings.TrimSpace(strings.ReplaceAll(s, "\r\n", "\n"))
	body, last := "", s
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		body, last = s[:i], s[i+1:]
	}
	var it Infotext
	if params, ok := parseParamLine(last); ok && strings.HasPrefix(last, "Steps:") {
		it.Params = params
	} else {
		body = s
	}
	if i := strings.Index(body, negativePrefix); i >= 0 && (i == 0 || body[i-1] == '\n') {
		it.Prompt = strings.TrimSpace(body[:i])
		it.Negative = strings.TrimSpace(body[i+len(negativePrefix):])
	} else {
		it.Prompt = strings.TrimSpace(body)
	}
	return it
}

// parseParamLine splits `Key: value, Key: "quoted, value", …`. It fails
// unless the whole line is made of such pairs.
func parseParamLine(line string) ([]Param, bool) {
	var out []Param
	i := 0
	for i < len(line) {
		for i < len(line) && line[i] == ' ' {
			i++
		}
		if i == len(line) {
			break
		}
		colon := strings.IndexByte(line[i:], ':')
		if colon <= 0 || colon > maxParamKey {
			return nil, false
		}
		key := line[i : i+colon]
		if !validParamKey(key) {
			return nil, false
		}
		i += colon + 1
		for i < len(line) && line[i] == ' ' {
			i++
		}
		var val string
		if i < len(line) && line[i] == '"' {
			end, ok := ClosingQuote(line, i+1)
			if !ok {
				return nil, false
			}
			val = line[i : end+1]
			i = end + 1
			for i < len(line) && line[i] == ' ' {
				i++
			}
			if i < len(line) && line[i] != ',' {
				return nil, false
			}
		} else {
			end := strings.IndexByte(line[i:], ',')
			if end < 0 {
				end = len(line) - i
			}
			val = strings.TrimSpace(line[i : i+end])
			i += end
		}
		if i < len(line) { // at a comma
			i++
		}
		out = append(out, Param{Key: key, Value: val})
		if len(out) > maxParams {
			return nil, false
		}
	}
	return out, len(out) > 0
}

// closingQuote returns the index of the quote that ends a string opened
// before start, honouring backslash escapes.
func ClosingQuote(s string, start int) (int, bool) {
	for j := start; j < len(s); j++ {
		switch s[j] {
		case '\\':
			j++
		case '"':
			return j, true
		}
	}
	return 0, false
}

// validParamKey accepts the key shapes webuis write: words with spaces,
// dashes, slashes, dots and parentheses ("Hires upscale", "ADetailer
// model 2nd", "Lora hashes").
func validParamKey(k string) bool {
	if k == "" || k[0] == ' ' || k[len(k)-1] == ' ' {
		return false
	}
	for _, r := range k {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
		case r == ' ', r == '-', r == '_', r == '/', r == '.', r == '(', r == ')', r == '+':
		default:
			return false
		}
	}
	return true
}
