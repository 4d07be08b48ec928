package reports

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"
)

// Normalize turns each signal's evidence into plain JSON values (objects,
// arrays, strings, json.Number, bools), as a saved report or a cache entry
// would hold it. A fresh result, a cached one and a converted one then
// render byte for byte the same: struct fields would otherwise come out in
// declaration order, and map keys sorted. Numbers keep their exact text.
func (f *FileResult) Normalize() {
	f.EscapePath()
	for i := range f.Signals {
		f.Signals[i].Evidence = normalizeEvidence(f.Signals[i].Evidence)
	}
	for i := range f.Suppressed {
		f.Suppressed[i].Evidence = normalizeEvidence(f.Suppressed[i].Evidence)
	}
}

func normalizeEvidence(ev map[string]any) map[string]any {
	if len(ev) == 0 {
		return ev
	}
	b, err := json.Marshal(ev)
	if err != nil {
		return ev
	}
	var out map[string]any
	if err := decodeNumbers(b, &out); err != nil {
		return ev
	}
	return out
}

// decodeNumbers unmarshals keeping numbers as json.Number, so a 64-bit seed
// is not rounded to a float.
func decodeNumbers(b []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	return dec.Decode(v)
}

// EscapePath makes a path that is not valid UTF-8 printable and keeps its
// bytes: JSON would otherwise replace each bad byte with U+FFFD, and two
// different files could be reported under one name.
func (f *FileResult) EscapePath() {
	if utf8.ValidString(f.Path) {
		return
	}
	f.PathBytes = []byte(f.Path)
	f.Path = EscapeInvalidUTF8(f.Path)
}

// EscapeInvalidUTF8 writes every byte of s that is not part of a valid
// UTF-8 sequence as \xNN and keeps the rest as it is.
func EscapeInvalidUTF8(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 {
			fmt.Fprintf(&b, "\\x%02x", s[i])
		} else {
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}
