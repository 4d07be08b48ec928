package stealth

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"unicode/utf16"
)

// NovelAI signs json.dumps of its parameters as Python writes it, so
// checking the signature needs the same bytes back: keys in their original
// order, ", " and ": " separators, non-ASCII escaped as \uXXXX, and
// Python's float repr. jvalue keeps what that needs.

type jkind uint8

const (
	jNull jkind = iota
	jBool
	jNumber
	jString
	jArray
	jObject
)

// jvalue is a JSON value that remembers object key order.
type jvalue struct {
	kind jkind
	b    bool
	s    string // string value, or the number's literal
	keys []string
	vals []*jvalue // object values (parallel to keys) or array elements
}

// maxJSONDepth bounds nesting; NovelAI's parameters nest three or four deep.
const maxJSONDepth = 64

var errDepth = errors.New("json: nesting too deep")

// parseJSON parses one JSON value, keeping key order. A repeated key
// keeps its first position and takes the last value, as Python's dict does.
func parseJSON(data []byte) (*jvalue, error) {
	d := json.NewDecoder(bytes.NewReader(data))
	d.UseNumber()
	v, err := parseValue(d, 0)
	if err != nil {
		return nil, err
	}
	if _, err := d.Token(); err != io.EOF {
		return nil, errors.New("json: data after the value")
	}
	return v, nil
}

func parseValue(d *json.Decoder, depth int) (*jvalue, error) {
	if depth > maxJSONDepth {
		return nil, errDepth
	}
	tok, err := d.Token()
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case nil:
		return &jvalue{kind: jNull}, nil
	case bool:
		return &jvalue{kind: jBool, b: t}, nil
	case json.Number:
		return &jvalue{kind: jNumber, s: string(t)}, nil
	case string:
		return &jvalue{kind: jString, s: t}, nil
	case json.Delim:
		switch t {
		case '[':
			v := &jvalue{kind: jArray}
			for d.More() {
				e, err := parseValue(d, depth+1)
				if err != nil {
					return nil, err
				}
				v.vals = append(v.vals, e)
			}
			_, err := d.Token()
			return v, err
		case '{':
			v := &jvalue{kind: jObject}
			for d.More() {
				kt, err := d.Token()
				if err != nil {
					return nil, err
				}
				k, _ := kt.(string)
				e, err := parseValue(d, depth+1)
				if err != nil {
					return nil, err
				}
				v.set(k, e)
			}
			_, err := d.Token()
			return v, err
		}
	}
	return nil, fmt.Errorf("json: unexpected token %v", tok)
}

func (v *jvalue) set(k string, e *jvalue) {
	for i, kk := range v.keys {
		if kk == k {
			v.vals[i] = e
			return
		}
	}
	v.keys = append(v.keys, k)
	v.vals = append(v.vals, e)
}

// get returns the value of key k of an object, or nil.
func (v *jvalue) get(k string) *jvalue {
	if v == nil || v.kind != jObject {
		return nil
	}
	for i, kk := range v.keys {
		if kk == k {
			return v.vals[i]
		}
	}
	return nil
}

// without returns a copy of object v without key k.
func (v *jvalue) without(k string) *jvalue {
	out := &jvalue{kind: jObject}
	for i, kk := range v.keys {
		if kk != k {
			out.keys = append(out.keys, kk)
			out.vals = append(out.vals, v.vals[i])
		}
	}
	return out
}

// str returns the value as text for the evidence: strings as they are,
// numbers by their literal, nil for anything else.
func (v *jvalue) str() (string, bool) {
	if v == nil {
		return "", false
	}
	switch v.kind {
	case jString, jNumber:
		return v.s, true
	}
	return "", false
}

// pyDumps writes v as Python's json.dumps does with default arguments.
func pyDumps(v *jvalue) (string, error) {
	var sb strings.Builder
	if err := pyWrite(&sb, v); err != nil {
		return "", err
	}
	return sb.String(), nil
}

func pyWrite(sb *strings.Builder, v *jvalue) error {
	switch v.kind {
	case jNull:
		sb.WriteString("null")
	case jBool:
		sb.WriteString(strconv.FormatBool(v.b))
	case jNumber:
		s, err := pyNumber(v.s)
		if err != nil {
			return err
		}
		sb.WriteString(s)
	case jString:
		pyString(sb, v.s)
	case jArray:
		sb.WriteByte('[')
		for i, e := range v.vals {
			if i > 0 {
				sb.WriteString(", ")
			}
			if err := pyWrite(sb, e); err != nil {
				return err
			}
		}
		sb.WriteByte(']')
	case jObject:
		sb.WriteByte('{')
		for i, k := range v.keys {
			if i > 0 {
				sb.WriteString(", ")
			}
			pyString(sb, k)
			sb.WriteString(": ")
			if err := pyWrite(sb, v.vals[i]); err != nil {
				return err
			}
		}
		sb.WriteByte('}')
	}
	return nil
}

// pyString writes s with ensure_ascii escaping: the short escapes for
// \" \\ \n \r \t \b \f, and \uXXXX (lower-case hex, UTF-16 surrogate
// pairs beyond the BMP) for everything outside printable ASCII.
func pyString(sb *strings.Builder, s string) {
	const hex = "0123456789abcdef"
	u4 := func(r rune) {
		sb.WriteString(`\u`)
		for shift := 12; shift >= 0; shift -= 4 {
			sb.WriteByte(hex[r>>shift&0xf])
		}
	}
	sb.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"':
			sb.WriteString(`\"`)
		case r == '\\':
			sb.WriteString(`\\`)
		case r == '\n':
			sb.WriteString(`\n`)
		case r == '\r':
			sb.WriteString(`\r`)
		case r == '\t':
			sb.WriteString(`\t`)
		case r == '\b':
			sb.WriteString(`\b`)
		case r == '\f':
			sb.WriteString(`\f`)
		case r >= 0x20 && r <= 0x7e:
			sb.WriteRune(r)
		case r > 0xffff:
			r1, r2 := utf16.EncodeRune(r)
			u4(r1)
			u4(r2)
		default:
			u4(r)
		}
	}
	sb.WriteByte('"')
}

// pyNumber turns a JSON number literal into what Python writes back:
// integers (no fraction, no exponent) keep their digits, "-0" becomes
// "0"; anything else is a float written with repr.
func pyNumber(lit string) (string, error) {
	if !strings.ContainsAny(lit, ".eE") {
		if lit == "-0" {
			return "0", nil
		}
		return lit, nil
	}
	f, err := strconv.ParseFloat(lit, 64)
	if err != nil && !errors.Is(err, strconv.ErrRange) {
		return "", fmt.Errorf("json: number %q: %w", lit, err)
	}
	return pyFloatRepr(f), nil
}

// pyFloatRepr is Python's repr of a float: the shortest digits that round
// trip, positional when the decimal exponent is in [-4, 16), with ".0"
// added to whole numbers; scientific otherwise, with a sign and at least
// two exponent digits.
func pyFloatRepr(f float64) string {
	switch {
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	case math.IsNaN(f):
		return "NaN"
	}
	e := strconv.FormatFloat(f, 'e', -1, 64) // "-d.ddde±XX"
	mant, expStr, _ := strings.Cut(e, "e")
	exp, _ := strconv.Atoi(expStr)
	neg := strings.HasPrefix(mant, "-")
	mant = strings.TrimPrefix(mant, "-")
	digits := strings.Replace(mant, ".", "", 1)
	sign := ""
	if neg {
		sign = "-"
	}
	if exp < -4 || exp >= 16 {
		m := digits[:1]
		if len(digits) > 1 {
			m += "." + digits[1:]
		}
		es := "+"
		if exp < 0 {
			es, exp = "-", -exp
		}
		return fmt.Sprintf("%s%se%s%02d", sign, m, es, exp)
	}
	if exp < 0 {
		return sign + "0." + strings.Repeat("0", -exp-1) + digits
	}
	if len(digits) <= exp+1 {
		return sign + digits + strings.Repeat("0", exp+1-len(digits)) + ".0"
	}
	return sign + digits[:exp+1] + "." + digits[exp+1:]
}
