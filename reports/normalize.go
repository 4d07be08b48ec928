package reports

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
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
	if out, ok := plainMap(ev); ok {
		return out
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

// plainMap is the JSON round trip of normalizeEvidence done in place for
// the values evidence is mostly made of (strings, bools, integers, floats,
// nested maps and slices of them): encoding and decoding every signal's
// evidence was a few percent of a scan. Anything else (a struct, a string
// that is not UTF-8, a float JSON cannot hold) reports ok false, and the
// caller takes the round trip. A test holds the two to the same values.
func plainMap(m map[string]any) (map[string]any, bool) {
	if m == nil {
		return nil, true
	}
	out := make(map[string]any, len(m))
	for k, v := range m {
		if !utf8.ValidString(k) {
			return nil, false
		}
		pv, ok := plainValue(v)
		if !ok {
			return nil, false
		}
		out[k] = pv
	}
	return out, true
}

func plainValue(v any) (any, bool) {
	switch v := v.(type) {
	case nil, bool:
		return v, true
	case string:
		return v, utf8.ValidString(v)
	case int:
		return json.Number(strconv.FormatInt(int64(v), 10)), true
	case int8:
		return json.Number(strconv.FormatInt(int64(v), 10)), true
	case int16:
		return json.Number(strconv.FormatInt(int64(v), 10)), true
	case int32:
		return json.Number(strconv.FormatInt(int64(v), 10)), true
	case int64:
		return json.Number(strconv.FormatInt(v, 10)), true
	case uint:
		return json.Number(strconv.FormatUint(uint64(v), 10)), true
	case uint8:
		return json.Number(strconv.FormatUint(uint64(v), 10)), true
	case uint16:
		return json.Number(strconv.FormatUint(uint64(v), 10)), true
	case uint32:
		return json.Number(strconv.FormatUint(uint64(v), 10)), true
	case uint64:
		return json.Number(strconv.FormatUint(v, 10)), true
	case float64:
		return jsonFloat(v, 64)
	case float32:
		return jsonFloat(float64(v), 32)
	case map[string]any:
		if v == nil {
			return nil, true // null decodes to a nil interface, not a nil map
		}
		return plainMap(v)
	case []any:
		if v == nil {
			return nil, true
		}
		out := make([]any, len(v))
		for i, e := range v {
			pe, ok := plainValue(e)
			if !ok {
				return nil, false
			}
			out[i] = pe
		}
		return out, true
	case []string:
		if v == nil {
			return nil, true
		}
		out := make([]any, len(v))
		for i, e := range v {
			if !utf8.ValidString(e) {
				return nil, false
			}
			out[i] = e
		}
		return out, true
	}
	return nil, false
}

// jsonFloat writes f as encoding/json does (shortest form, exponent
// only below 1e-6 or from 1e21, as e-7 not e-07).
func jsonFloat(f float64, bits int) (any, bool) {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return nil, false
	}
	format := byte('f')
	if abs := math.Abs(f); abs != 0 {
		if bits == 64 && (abs < 1e-6 || abs >= 1e21) || bits == 32 && (float32(abs) < 1e-6 || float32(abs) >= 1e21) {
			format = 'e'
		}
	}
	b := strconv.AppendFloat(nil, f, format, -1, bits)
	if format == 'e' {
		if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return json.Number(b), true
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
