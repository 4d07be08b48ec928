package container

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
)

// A small PDF object reader: tokens, values (dictionaries, arrays, names,
// strings, numbers, references) and streams. Nesting is bounded by the
// caller's depth limit; strings and arrays by the input they come from.

type (
	pdfName   string
	pdfString []byte
	pdfRef    struct{ num, gen int }
	pdfDict   map[pdfName]any
)

// errPDFDepth is returned for values nested deeper than the limit.
var errPDFDepth = errors.New("nesting too deep")

type pdfLexer struct {
	data     []byte
	pos      int
	maxDepth int
}

// next returns the next value, stepping over bytes that begin none, so a
// damaged stream yields what can still be read; more is false at the end.
// A value read with an error but not nil (a truncated array) is returned.
func (lx *pdfLexer) next() (v any, more bool) {
	for lx.pos < len(lx.data) {
		start := lx.pos
		v, err := lx.value(0)
		if err != nil && v == nil {
			if lx.pos == start {
				lx.pos++
			}
			continue
		}
		return v, true
	}
	return nil, false
}

func pdfIsSpace(c byte) bool {
	return c == 0 || c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' '
}

func pdfIsDelim(c byte) bool {
	switch c {
	case '(', ')', '<', '>', '[', ']', '{', '}', '/', '%':
		return true
	}
	return false
}

// skip passes white space and comments.
func (lx *pdfLexer) skip() {
	for lx.pos < len(lx.data) {
		c := lx.data[lx.pos]
		switch {
		case pdfIsSpace(c):
			lx.pos++
		case c == '%':
			for lx.pos < len(lx.data) && lx.data[lx.pos] != '\n' && lx.data[lx.pos] != '\r' {
				lx.pos++
			}
		default:
			return
		}
	}
}

// regular reads a run of regular characters (a keyword or number).
func (lx *pdfLexer) regular() []byte {
	start := lx.pos
	for lx.pos < len(lx.data) && !pdfIsSpace(lx.data[lx.pos]) && !pdfIsDelim(lx.data[lx.pos]) {
		lx.pos++
	}
	return lx.data[start:lx.pos]
}

// value reads one value. Keywords come back as pdfKeyword.
func (lx *pdfLexer) value(depth int) (any, error) {
	if depth > lx.maxDepth {
		return nil, errPDFDepth
	}
	lx.skip()
	if lx.pos >= len(lx.data) {
		return nil, io.ErrUnexpectedEOF
	}
	c := lx.data[lx.pos]
	switch c {
	case '/':
		lx.pos++
		return pdfName(pdfUnescapeName(lx.regular())), nil
	case '(':
		return lx.literal()
	case '<':
		if lx.pos+1 < len(lx.data) && lx.data[lx.pos+1] == '<' {
			lx.pos += 2
			return lx.dict(depth)
		}
		return lx.hex()
	case '[':
		lx.pos++
		var arr []any
		for {
			lx.skip()
			if lx.pos >= len(lx.data) {
				return arr, io.ErrUnexpectedEOF
			}
			if lx.data[lx.pos] == ']' {
				lx.pos++
				return arr, nil
			}
			v, err := lx.value(depth + 1)
			if err != nil {
				return arr, err
			}
			arr = lx.foldRef(arr, v)
		}
	case ']', '>', ')', '{', '}':
		lx.pos++
		return pdfKeyword(string(c)), nil
	}
	tok := lx.regular()
	if len(tok) == 0 {
		lx.pos++
		return pdfKeyword(""), nil
	}
	if n, err := strconv.ParseFloat(string(tok), 64); err == nil && (tok[0] == '-' || tok[0] == '+' || tok[0] == '.' || tok[0] >= '0' && tok[0] <= '9') {
		return n, nil
	}
	switch string(tok) {
	case "true":
		return true, nil
	case "false":
		return false, nil
	case "null":
		return nil, nil
	}
	return pdfKeyword(tok), nil
}

type pdfKeyword string

// foldRef turns "num gen R" at the end of a value list into a reference.
func (lx *pdfLexer) foldRef(list []any, v any) []any {
	if k, ok := v.(pdfKeyword); ok && k == "R" && len(list) >= 2 {
		num, ok1 := list[len(list)-2].(float64)
		gen, ok2 := list[len(list)-1].(float64)
		if ok1 && ok2 && num >= 0 && gen >= 0 && num < 1e9 && gen < 1e6 {
			return append(list[:len(list)-2], pdfRef{int(num), int(gen)})
		}
	}
	return append(list, v)
}

func (lx *pdfLexer) dict(depth int) (pdfDict, error) {
	d := pdfDict{}
	var pending []any // the values after the last key, to fold references
	var key pdfName
	haveKey := false
	flush := func() {
		if haveKey && len(pending) > 0 {
			d[key] = pending[len(pending)-1]
		}
	}
	for {
		lx.skip()
		if lx.pos+1 < len(lx.data) && lx.data[lx.pos] == '>' && lx.data[lx.pos+1] == '>' {
			lx.pos += 2
			flush()
			return d, nil
		}
		if lx.pos >= len(lx.data) {
			flush()
			return d, io.ErrUnexpectedEOF
		}
		v, err := lx.value(depth + 1)
		if err != nil {
			flush()
			return d, err
		}
		if n, ok := v.(pdfName); ok && (!haveKey || len(pending) > 0) {
			flush()
			key, haveKey, pending = n, true, pending[:0]
			continue
		}
		if k, ok := v.(pdfKeyword); ok && k == ">" {
			// A lone '>' inside a dictionary: damaged; stop here.
			flush()
			return d, fmt.Errorf("stray '>' at %d: %w", lx.pos, ErrMalformed)
		}
		pending = lx.foldRef(pending, v)
	}
}

// literal reads a (string) with escapes and balanced parentheses.
func (lx *pdfLexer) literal() (pdfString, error) {
	lx.pos++ // '('
	var out []byte
	depth := 1
	for lx.pos < len(lx.data) {
		c := lx.data[lx.pos]
		lx.pos++
		switch c {
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return out, nil
			}
		case '\\':
			if lx.pos >= len(lx.data) {
				return out, io.ErrUnexpectedEOF
			}
			e := lx.data[lx.pos]
			lx.pos++
			switch e {
			case 'n':
				c = '\n'
			case 'r':
				c = '\r'
			case 't':
				c = '\t'
			case 'b':
				c = '\b'
			case 'f':
				c = '\f'
			case '\r':
				if lx.pos < len(lx.data) && lx.data[lx.pos] == '\n' {
					lx.pos++
				}
				continue
			case '\n':
				continue
			default:
				if e >= '0' && e <= '7' {
					v := int(e - '0')
					for k := 0; k < 2 && lx.pos < len(lx.data) && lx.data[lx.pos] >= '0' && lx.data[lx.pos] <= '7'; k++ {
						v = v*8 + int(lx.data[lx.pos]-'0')
						lx.pos++
					}
					c = byte(v)
				} else {
					c = e
				}
			}
		}
		out = append(out, c)
	}
	return out, io.ErrUnexpectedEOF
}

// hex reads a <hex string>.
func (lx *pdfLexer) hex() (pdfString, error) {
	lx.pos++ // '<'
	var out []byte
	var hi byte
	half := false
	for lx.pos < len(lx.data) {
		c := lx.data[lx.pos]
		lx.pos++
		if c == '>' {
			if half {
				out = append(out, hi<<4)
			}
			return out, nil
		}
		v, ok := pdfHexVal(c)
		if !ok {
			continue
		}
		if half {
			out = append(out, hi<<4|v)
		} else {
			hi = v
		}
		half = !half
	}
	return out, io.ErrUnexpectedEOF
}

func pdfHexVal(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// pdfUnescapeName decodes #xx escapes in a name.
func pdfUnescapeName(b []byte) string {
	if bytes.IndexByte(b, '#') < 0 {
		return string(b)
	}
	var out []byte
	for i := 0; i < len(b); i++ {
		if b[i] == '#' && i+2 < len(b) {
			h, ok1 := pdfHexVal(b[i+1])
			l, ok2 := pdfHexVal(b[i+2])
			if ok1 && ok2 {
				out = append(out, h<<4|l)
				i += 2
				continue
			}
		}
		out = append(out, b[i])
	}
	return string(out)
}

// stream returns the raw bytes of the stream whose keyword the lexer just
// read: /Length when it is direct and lands on "endstream", otherwise up
// to the next "endstream".
func (lx *pdfLexer) stream(d pdfDict) (body []byte, start int, ok bool) {
	p := lx.pos
	if p < len(lx.data) && lx.data[p] == '\r' {
		p++
	}
	if p < len(lx.data) && lx.data[p] == '\n' {
		p++
	}
	start = p
	if n, isNum := d["Length"].(float64); isNum && n >= 0 && n <= float64(len(lx.data)-start) {
		end := start + int(n)
		rest := bytes.TrimLeft(lx.data[end:min(len(lx.data), end+16)], "\r\n \t")
		if bytes.HasPrefix(rest, []byte("endstream")) {
			lx.pos = end
			lx.skip()
			lx.pos += len("endstream")
			return lx.data[start:end], start, true
		}
	}
	i := bytes.Index(lx.data[start:], []byte("endstream"))
	if i < 0 {
		lx.pos = len(lx.data)
		return lx.data[start:], start, false
	}
	end := start + i
	lx.pos = end + len("endstream")
	for end > start && (lx.data[end-1] == '\n' || lx.data[end-1] == '\r') {
		end--
	}
	return lx.data[start:end], start, true
}

// pdfDecodeStream applies the stream's filters: none or FlateDecode.
// Output is capped at limit bytes; truncated says it was cut.
func pdfDecodeStream(ctx context.Context, d pdfDict, raw []byte, limit int64) (out []byte, truncated bool, err error) {
	var filters []any
	switch f := d["Filter"].(type) {
	case nil:
	case pdfName:
		filters = []any{f}
	case []any:
		filters = f
	}
	out = raw
	if len(filters) == 0 && int64(len(out)) > limit {
		return out[:limit], true, nil
	}
	for _, f := range filters {
		switch f {
		case pdfName("FlateDecode"), pdfName("Fl"):
			b, cut, err := inflateZlib(ctx, out, limit)
			if cut {
				return b, true, nil
			}
			if err != nil && (len(b) == 0 || errors.Is(err, ErrAllowance) || ctx.Err() != nil) {
				return nil, false, fmt.Errorf("FlateDecode: %w", err)
			}
			out = b
		default:
			return nil, false, fmt.Errorf("filter %v: %w", f, ErrUnsupported)
		}
	}
	return out, false, nil
}
