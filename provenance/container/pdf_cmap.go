package container

import (
	"unicode/utf16"
)

// CMaps: a ToUnicode CMap maps the character codes of a font to Unicode
// (bfchar, bfrange); an embedded encoding CMap of a Type 0 font maps codes
// to CIDs (cidchar, cidrange). Both split a string into codes by their
// codespace ranges. The parser reads the PostScript-like syntax with the
// PDF lexer, keeps small ranges as map entries and large ones as ranges
// (so a hostile "<00000000> <FFFFFFFF>" costs one entry), and stops
// adding entries at a per-document budget.

// pdfCMapExpand is the largest bfrange or cidrange stored entry by entry;
// the standard keeps ranges within one last byte, so conforming ones fit.
const pdfCMapExpand = 256

// pdfCMapMemo bounds the codes of large ranges a CMap remembers.
const pdfCMapMemo = 4096

// pdfCodeKey packs a code and its length in bytes.
func pdfCodeKey(code uint32, n int) uint64 { return uint64(n)<<32 | uint64(code) }

type pdfCodespace struct {
	n      int
	lo, hi [4]byte
}

type pdfUniRange struct {
	n      int
	lo, hi uint32
	dst    []rune // the destination of lo; the last rune counts up
}

type pdfCIDRange struct {
	n      int
	lo, hi uint32
	cid    uint32
}

type pdfCMap struct {
	space  []pdfCodespace
	uni    map[uint64]string
	ranges []pdfUniRange     // large bfranges, in definition order
	memo   map[uint64]string // codes looked up in the large ranges
	cid    map[uint64]uint32
	cidRng []pdfCIDRange
	// useCMap names the predefined CMap this one extends (usecmap).
	useCMap pdfName
	// vertical is set by /WMode 1.
	vertical bool
	// full is set when the entry budget ran out while parsing.
	full bool
}

// parseCMap reads a CMap stream. budget is the number of entries the
// document may still store; it is decremented.
func parseCMap(data []byte, budget *int, maxDepth int) *pdfCMap {
	m := &pdfCMap{uni: map[uint64]string{}}
	lx := &pdfLexer{data: data, maxDepth: min(maxDepth, 4)}
	var prev []any // the operands before a keyword
	for lx.pos < len(data) {
		v, more := lx.next()
		if !more {
			break
		}
		kw, ok := v.(pdfKeyword)
		if !ok {
			if len(prev) >= 4 {
				prev = prev[1:]
			}
			prev = append(prev, v)
			continue
		}
		switch kw {
		case "begincodespacerange":
			m.tuples(lx, "endcodespacerange", 2, func(t []any) {
				lo, ok1 := t[0].(pdfString)
				hi, ok2 := t[1].(pdfString)
				if ok1 && ok2 && len(lo) == len(hi) && len(lo) >= 1 && len(lo) <= 4 && len(m.space) < 64 {
					cs := pdfCodespace{n: len(lo)}
					copy(cs.lo[:], lo)
					copy(cs.hi[:], hi)
					m.space = append(m.space, cs)
				}
			})
		case "beginbfchar":
			m.tuples(lx, "endbfchar", 2, func(t []any) {
				code, n, ok := pdfCode(t[0])
				if !ok || !m.take(budget, 1) {
					return
				}
				if s := pdfCMapDest(t[1]); s != "" {
					m.uni[pdfCodeKey(code, n)] = s
				}
			})
		case "beginbfrange":
			m.tuples(lx, "endbfrange", 3, func(t []any) { m.bfrange(t, budget) })
		case "begincidchar":
			m.tuples(lx, "endcidchar", 2, func(t []any) {
				code, n, ok := pdfCode(t[0])
				cid, isNum := t[1].(float64)
				if ok && isNum && cid >= 0 && cid <= 0xFFFFFFFF && m.take(budget, 1) {
					if m.cid == nil {
						m.cid = map[uint64]uint32{}
					}
					m.cid[pdfCodeKey(code, n)] = uint32(cid)
				}
			})
		case "begincidrange":
			m.tuples(lx, "endcidrange", 3, func(t []any) { m.cidrange(t, budget) })
		case "usecmap":
			if len(prev) > 0 {
				m.useCMap, _ = prev[len(prev)-1].(pdfName)
			}
		case "def":
			if len(prev) >= 2 && prev[len(prev)-2] == pdfName("WMode") {
				m.vertical = prev[len(prev)-1] == 1.0
			}
		}
		prev = prev[:0]
	}
	return m
}

// tuples reads groups of n values up to the end keyword and hands each
// group to f. A keyword in the middle of a group ends the section: the
// CMap is damaged, and what follows is read as ordinary tokens.
func (m *pdfCMap) tuples(lx *pdfLexer, end pdfKeyword, n int, f func([]any)) {
	t := make([]any, 0, 3)
	for lx.pos < len(lx.data) {
		start := lx.pos
		v, more := lx.next()
		if !more {
			break
		}
		if _, ok := v.(pdfKeyword); ok {
			if v != end {
				lx.pos = start
			}
			return
		}
		t = append(t, v)
		if len(t) == n {
			f(t)
			t = t[:0]
		}
	}
}

// take reserves n entries from the document's budget.
func (m *pdfCMap) take(budget *int, n int) bool {
	if *budget < n {
		m.full = true
		return false
	}
	*budget -= n
	return true
}

func (m *pdfCMap) bfrange(t []any, budget *int) {
	lo, n, ok1 := pdfCode(t[0])
	hi, n2, ok2 := pdfCode(t[1])
	if !ok1 || !ok2 || n != n2 || hi < lo {
		return
	}
	count := uint64(hi-lo) + 1
	switch dst := t[2].(type) {
	case []any:
		// One destination per code.
		k := min(uint64(len(dst)), count)
		if !m.take(budget, int(k)) {
			return
		}
		for i := range k {
			if s := pdfCMapDest(dst[i]); s != "" {
				m.uni[pdfCodeKey(lo+uint32(i), n)] = s
			}
		}
	case pdfString:
		base := []rune(pdfUTF16(dst))
		if len(base) == 0 {
			return
		}
		if count > pdfCMapExpand {
			if m.take(budget, 1) {
				m.ranges = append(m.ranges, pdfUniRange{n: n, lo: lo, hi: hi, dst: base})
			}
			return
		}
		if !m.take(budget, int(count)) {
			return
		}
		for i := range uint32(count) {
			m.uni[pdfCodeKey(lo+i, n)] = pdfRangeDest(base, i)
		}
	}
}

func (m *pdfCMap) cidrange(t []any, budget *int) {
	lo, n, ok1 := pdfCode(t[0])
	hi, n2, ok2 := pdfCode(t[1])
	cid, isNum := t[2].(float64)
	if !ok1 || !ok2 || !isNum || n != n2 || hi < lo || cid < 0 || cid > 0xFFFFFFFF || !m.take(budget, 1) {
		return
	}
	m.cidRng = append(m.cidRng, pdfCIDRange{n: n, lo: lo, hi: hi, cid: uint32(cid)})
}

// pdfRangeDest is the destination of the i-th code of a bfrange: the last
// code point of the first destination, counted up.
func pdfRangeDest(base []rune, i uint32) string {
	last := base[len(base)-1] + rune(i)
	if len(base) == 1 {
		return string(last)
	}
	out := make([]rune, len(base))
	copy(out, base)
	out[len(out)-1] = last
	return string(out)
}

// pdfCode reads a source code of one to four bytes.
func pdfCode(v any) (uint32, int, bool) {
	s, ok := v.(pdfString)
	if !ok || len(s) == 0 || len(s) > 4 {
		return 0, 0, false
	}
	return pdfCodeOf(s), len(s), true
}

// pdfCMapDest decodes a destination: UTF-16BE bytes, or a glyph name.
func pdfCMapDest(v any) string {
	switch d := v.(type) {
	case pdfString:
		return pdfUTF16(d)
	case pdfName:
		return pdfGlyphUnicode(string(d))
	}
	return ""
}

// pdfUTF16 decodes UTF-16BE destination bytes. A single byte is taken as
// a code point (some writers emit <41> for "A"); an odd trailing byte is
// dropped.
func pdfUTF16(b []byte) string {
	if len(b) == 1 {
		return string(rune(b[0]))
	}
	u := make([]uint16, len(b)/2)
	for i := range u {
		u[i] = uint16(b[2*i])<<8 | uint16(b[2*i+1])
	}
	return string(utf16.Decode(u))
}

// lookup returns the text of a code, and whether the CMap maps it.
func (m *pdfCMap) lookup(code uint32, n int) (string, bool) {
	// The memo holds only codes the entries do not map: either order is
	// right, and most codes of a range-mapped font are in the memo.
	if s, ok := m.memo[pdfCodeKey(code, n)]; ok {
		return s, true
	}
	if s, ok := m.uni[pdfCodeKey(code, n)]; ok {
		return s, true
	}
	// Later ranges take precedence, as later definitions do.
	for i := len(m.ranges) - 1; i >= 0; i-- {
		rg := &m.ranges[i]
		if rg.n == n && code >= rg.lo && code <= rg.hi {
			s := pdfRangeDest(rg.dst, code-rg.lo)
			// A text uses few distinct codes: remember them, up to a bound.
			if len(m.memo) < pdfCMapMemo {
				if m.memo == nil {
					m.memo = map[uint64]string{}
				}
				m.memo[pdfCodeKey(code, n)] = s
			}
			return s, true
		}
	}
	return "", false
}

// cidOf maps a code to its CID through cidchar and cidrange entries.
func (m *pdfCMap) cidOf(code uint32, n int) (uint32, bool) {
	if c, ok := m.cid[pdfCodeKey(code, n)]; ok {
		return c, true
	}
	for i := len(m.cidRng) - 1; i >= 0; i-- {
		rg := &m.cidRng[i]
		if rg.n == n && code >= rg.lo && code <= rg.hi {
			return rg.cid + (code - rg.lo), true
		}
	}
	return 0, false
}

// next splits the code at the start of s by the codespace ranges: the
// shortest range that matches byte by byte wins. A code no range matches
// takes the length of the shortest range and is reported as not ok.
func (m *pdfCMap) next(s []byte) (code uint32, n int, ok bool) {
	shortest := 4
	for i := range m.space {
		shortest = min(shortest, m.space[i].n)
	}
	for l := shortest; l <= min(4, len(s)); l++ {
		for i := range m.space {
			if cs := &m.space[i]; cs.n == l && cs.matches(s) {
				return pdfCodeOf(s[:l]), l, true
			}
		}
	}
	n = min(shortest, len(s))
	return pdfCodeOf(s[:n]), n, false
}

func (cs *pdfCodespace) matches(s []byte) bool {
	for k := range cs.n {
		if s[k] < cs.lo[k] || s[k] > cs.hi[k] {
			return false
		}
	}
	return true
}

// pdfCodeOf reads up to four bytes big-endian.
func pdfCodeOf(b []byte) uint32 {
	var c uint32
	for _, x := range b {
		c = c<<8 | uint32(x)
	}
	return c
}
