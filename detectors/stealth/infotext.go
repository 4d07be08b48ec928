package stealth

import "strings"

// infotext is a Stable Diffusion web UI parameters text: the prompt, an
// optional "Negative prompt:" line, and a last line of "Key: value" pairs
// that starts with "Steps:".
type infotext struct {
	prompt, negative string
	params           map[string]string
}

// maxParams bounds the pairs read from the last line.
const maxParams = 200

func parseInfotext(text string) infotext {
	var it infotext
	lines := strings.Split(strings.TrimSpace(text), "\n")
	last := lines[len(lines)-1]
	if strings.HasPrefix(strings.TrimSpace(last), "Steps:") {
		it.params = parseParams(last)
		lines = lines[:len(lines)-1]
	}
	var prompt, negative []string
	inNegative := false
	for _, l := range lines {
		if rest, ok := strings.CutPrefix(l, "Negative prompt:"); ok {
			inNegative = true
			l = strings.TrimSpace(rest)
		}
		if inNegative {
			negative = append(negative, l)
		} else {
			prompt = append(prompt, l)
		}
	}
	it.prompt = strings.TrimSpace(strings.Join(prompt, "\n"))
	it.negative = strings.TrimSpace(strings.Join(negative, "\n"))
	return it
}

// parseParams splits "Key: value, Key: "quoted, value", ..." into a map.
func parseParams(line string) map[string]string {
	out := map[string]string{}
	s := line
	for len(out) < maxParams {
		s = strings.TrimLeft(s, " ,")
		key, rest, ok := strings.Cut(s, ":")
		if !ok || key == "" || strings.ContainsAny(key, ",\"") {
			break
		}
		rest = strings.TrimLeft(rest, " ")
		var val string
		if strings.HasPrefix(rest, `"`) {
			end := closingQuote(rest)
			if end < 0 {
				val, rest = rest, ""
			} else {
				val, rest = rest[:end+1], rest[end+1:]
			}
		} else {
			val, rest, _ = strings.Cut(rest, ",")
		}
		out[strings.TrimSpace(key)] = strings.TrimSpace(val)
		s = rest
	}
	return out
}

// closingQuote returns the index of the quote that closes the string
// opened at s[0], skipping backslash escapes, or -1.
func closingQuote(s string) int {
	for i := 1; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '"':
			return i
		}
	}
	return -1
}
