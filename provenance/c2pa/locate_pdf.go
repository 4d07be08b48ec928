package c2pa

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"io"
	"strconv"
)

// locatePDF reads a PDF's indirect objects in file order and takes the
// store from the embedded-file stream whose subtype is application/c2pa
// (SPEC A.4). Only top-level objects are read: an embedded file is a
// stream, and streams never sit inside object streams.
func locatePDF(data []byte, lim Limits) (*Location, error) {
	loc := &Location{Format: "pdf"}
	lx := &pdfLexer{data: data}
	for n := 0; ; n++ {
		if n > lim.MaxSegments {
			loc.Warnings = append(loc.Warnings, "pdf: too many objects; stopped")
			return loc, nil
		}
		start := lx.pos
		tok, ok := lx.token()
		if !ok {
			return loc, nil
		}
		// An indirect object starts "num gen obj".
		if !isPDFInt(tok) {
			continue
		}
		save := lx.pos
		gen, ok1 := lx.token()
		kw, ok2 := lx.token()
		if !ok1 || !ok2 || !isPDFInt(gen) || string(kw) != "obj" {
			lx.pos = save
			continue
		}
		val, err := lx.value(0)
		if err != nil {
			loc.Warnings = append(loc.Warnings, fmt.Sprintf("pdf: object at %d: %v", start, err))
			continue
		}
		save = lx.pos
		kw, _ = lx.token()
		if string(kw) != "stream" {
			lx.pos = save
			continue
		}
		dict, _ := val.(map[string]any)
		body, bodyStart, ok := lx.stream(dict)
		if !ok {
			loc.Warnings = append(loc.Warnings, fmt.Sprintf("pdf: stream at %d truncated", start))
			return loc, nil
		}
		if !isC2PAStream(dict) {
			continue
		}
		if loc.Store != nil {
			loc.Warnings = append(loc.Warnings, fmt.Sprintf("pdf: second C2PA store at %d ignored", start))
			continue
		}
		store, err := pdfDecode(dict, body, lim)
		if err != nil {
			loc.Warnings = append(loc.Warnings, fmt.Sprintf("pdf: C2PA stream at %d: %v", start, err))
			continue
		}
		loc.Store = store
		loc.Parts = append(loc.Parts, Range{int64(bodyStart), int64(len(body))})
	}
}

func isPDFInt(t []byte) bool {
	if len(t) == 0 || len(t) > 10 {
		return false
	}
	for _, c := range t {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// pdfName is a decoded PDF name (without the slash).
type pdfName string

// pdfRef is an indirect reference "num gen R".
type pdfRef struct{ num, gen int }

func isC2PAStream(d map[string]any) bool {
	st, _ := d["Subtype"].(pdfName)
	return st == "application/c2pa" || st == "application/x-c2pa-manifest-store"
}

// pdfDecode applies the stream's filter (none or FlateDecode), bounded.
func pdfDecode(d map[string]any, body []byte, lim Limits) ([]byte, error) {
	var filter pdfName
	switch f := d["Filter"].(type) {
	case pdfName:
		filter = f
	case []any:
		if len(f) > 1 {
			return nil, fmt.Errorf("%d filters not supported", len(f))
		}
		if len(f) == 1 {
			filter, _ = f[0].(pdfName)
		}
	}
	switch filter {
	case "":
		return body, nil
	case "FlateDecode":
		zr, err := zlib.NewReader(bytes.NewReader(body))
		if err != nil {
			return nil, fmt.Errorf("flate: %w", err)
		}
		out, err := io.ReadAll(io.LimitReader(zr, int64(lim.MaxStoreSize)+1))
		if err != nil {
			return nil, fmt.Errorf("flate: %w", err)
		}
		if len(out) > lim.MaxStoreSize {
			return nil, fmt.Errorf("inflated store: %w", ErrLimit)
		}
		return out, nil
	}
	return nil, fmt.Errorf("filter %q not supported", filter)
}

// pdfLexer tokenises PDF syntax.
type pdfLexer struct {
	data []byte
	pos  int
}

func pdfSpace(c byte) bool {
	return c == 0 || c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' '
}

func pdfDelim(c byte) bool {
	return c == '(' || c == ')' || c == '<' || c == '>' || c == '[' || c == ']' || c == '{' || c == '}' || c == '/' || c == '%'
}

// token returns the next token: a delimiter ("<<", ">>", "[", "]"), a
// name ("/Type"), a string ("(...)", "<...>") or a regular token.
func (l *pdfLexer) token() ([]byte, bool) {
	d := l.data
	for l.pos < len(d) {
		c := d[l.pos]
		switch {
		case pdfSpace(c):
			l.pos++
		case c == '%':
			for l.pos < len(d) && d[l.pos] != '\n' && d[l.pos] != '\r' {
				l.pos++
			}
		default:
			return l.scan(), true
		}
	}
	return nil, false
}

func (l *pdfLexer) scan() []byte {
	d, start := l.data, l.pos
	c := d[l.pos]
	switch {
	case c == '<' && l.pos+1 < len(d) && d[l.pos+1] == '<', c == '>' && l.pos+1 < len(d) && d[l.pos+1] == '>':
		l.pos += 2
	case c == '(':
		depth := 0
		for l.pos < len(d) {
			switch d[l.pos] {
			case '\\':
				l.pos++
			case '(':
				depth++
			case ')':
				depth--
			}
			l.pos++
			if depth == 0 {
				break
			}
		}
	case c == '<':
		if i := bytes.IndexByte(d[l.pos:], '>'); i >= 0 {
			l.pos += i + 1
		} else {
			l.pos = len(d)
		}
	case c == '/':
		l.pos++
		for l.pos < len(d) && !pdfSpace(d[l.pos]) && !pdfDelim(d[l.pos]) {
			l.pos++
		}
	case pdfDelim(c):
		l.pos++
	default:
		for l.pos < len(d) && !pdfSpace(d[l.pos]) && !pdfDelim(d[l.pos]) {
			l.pos++
		}
	}
	return d[start:l.pos]
}

// value parses one object: dictionary, array, name, number, reference or
// other token, bounded in depth.
func (l *pdfLexer) value(depth int) (any, error) {
	if depth > 32 {
		return nil, fmt.Errorf("nesting deeper than 32: %w", ErrLimit)
	}
	t, ok := l.token()
	if !ok {
		return nil, fmt.Errorf("truncated: %w", ErrMalformed)
	}
	switch {
	case string(t) == "<<":
		m := map[string]any{}
		for {
			save := l.pos
			k, ok := l.token()
			if !ok {
				return nil, fmt.Errorf("dictionary truncated: %w", ErrMalformed)
			}
			if string(k) == ">>" {
				return m, nil
			}
			if k[0] != '/' {
				l.pos = save
				return nil, fmt.Errorf("dictionary key %q: %w", k, ErrMalformed)
			}
			v, err := l.value(depth + 1)
			if err != nil {
				return nil, err
			}
			m[string(pdfDecodeName(k[1:]))] = v
		}
	case string(t) == "[":
		var arr []any
		for {
			save := l.pos
			k, ok := l.token()
			if !ok {
				return nil, fmt.Errorf("array truncated: %w", ErrMalformed)
			}
			if string(k) == "]" {
				return arr, nil
			}
			l.pos = save
			v, err := l.value(depth + 1)
			if err != nil {
				return nil, err
			}
			arr = append(arr, v)
		}
	case t[0] == '/':
		return pdfName(pdfDecodeName(t[1:])), nil
	case isPDFInt(t):
		// "num gen R" is a reference.
		save := l.pos
		g, ok1 := l.token()
		r, ok2 := l.token()
		if ok1 && ok2 && isPDFInt(g) && string(r) == "R" {
			n, _ := strconv.Atoi(string(t))
			gn, _ := strconv.Atoi(string(g))
			return pdfRef{n, gn}, nil
		}
		l.pos = save
		n, _ := strconv.Atoi(string(t))
		return n, nil
	}
	return string(t), nil
}

// pdfDecodeName decodes #xx escapes in a name.
func pdfDecodeName(n []byte) []byte {
	if bytes.IndexByte(n, '#') < 0 {
		return n
	}
	out := make([]byte, 0, len(n))
	for i := 0; i < len(n); i++ {
		if n[i] == '#' && i+2 < len(n) {
			if v, err := strconv.ParseUint(string(n[i+1:i+3]), 16, 8); err == nil {
				out = append(out, byte(v))
				i += 2
				continue
			}
		}
		out = append(out, n[i])
	}
	return out
}

// stream returns a stream's raw bytes, after the "stream" keyword the
// lexer just read. A direct /Length is used when it fits; otherwise (an
// indirect length) the data runs to the "endstream" keyword.
func (l *pdfLexer) stream(d map[string]any) ([]byte, int, bool) {
	data := l.data
	p := l.pos
	if p < len(data) && data[p] == '\r' {
		p++
	}
	if p < len(data) && data[p] == '\n' {
		p++
	}
	if n, ok := d["Length"].(int); ok && n >= 0 && p+n <= len(data) {
		l.pos = p + n
		if t, ok := l.token(); ok && string(t) == "endstream" {
			return data[p : p+n], p, true
		}
	}
	i := bytes.Index(data[p:], []byte("endstream"))
	if i < 0 {
		return nil, p, false
	}
	end := p + i
	// The end-of-line before endstream is not part of the data.
	if end > p && data[end-1] == '\n' {
		end--
	}
	if end > p && data[end-1] == '\r' {
		end--
	}
	l.pos = p + i + len("endstream")
	return data[p:end], p, true
}
