package container

import (
	"bytes"
	"slices"
	"strings"
	"sync"
	"unicode/utf16"
	"unicode/utf8"
)

// Fonts: how the bytes of a shown string become text. A simple font
// (Type1, TrueType, Type3) has one-byte codes; its text comes from the
// ToUnicode CMap, else from the glyph name its encoding gives the code
// (base encoding, /Differences, or the built-in encoding of an embedded
// Type 1 program), read through the glyph list. A Type 0 font has codes
// of one to four bytes split by its encoding CMap (Identity-H/V: two
// bytes); its text comes from the ToUnicode CMap, or from the code itself
// under the predefined Unicode CMaps (Uni...-UCS2 and -UTF16). Widths
// place the glyphs, so that the layout can tell word gaps and line breaks
// from kerning.

type pdfFontKind uint8

const (
	pdfSimpleFont pdfFontKind = iota
	pdfCompositeFont
)

type pdfFont struct {
	name     string // BaseFont, for warnings
	kind     pdfFontKind
	vertical bool

	// Simple fonts: text and advance (per unit of font size) per code.
	text   *[256]string
	widths *[256]float64

	// Composite fonts.
	codes   *pdfCMap // the embedded encoding CMap, or nil
	codeLen int      // fixed code length without one (Identity: 2)
	utf     string   // "ucs2" or "utf16": codes are Unicode
	toUni   *pdfCMap
	cidW    []pdfWidthRange
	dw, dw2 float64
}

// pdfWidthRange gives CIDs lo..hi one advance.
type pdfWidthRange struct {
	lo, hi uint32
	w      float64
}

// pdfGlyph is one decoded code.
type pdfGlyph struct {
	text string  // "" when the code has no mapping
	w    float64 // advance per unit of font size (vertical fonts: the vertical displacement, negative downwards)
	n    int     // bytes consumed
	// space is set for the single-byte code 32, which word spacing widens.
	space bool
}

// next decodes the code at the start of s (len(s) > 0).
func (f *pdfFont) next(s []byte) pdfGlyph {
	if f.kind == pdfSimpleFont {
		c := s[0]
		return pdfGlyph{text: f.text[c], w: f.widths[c], n: 1, space: c == ' '}
	}
	code, n := f.split(s)
	g := pdfGlyph{n: n, space: n == 1 && code == ' '}
	if f.toUni != nil {
		if t, ok := f.toUni.lookup(code, n); ok {
			g.text = pdfCleanGlyphText(t)
		}
	}
	if g.text == "" && f.utf != "" {
		g.text = pdfCleanGlyphText(pdfUnicodeCode(code, n))
	}
	g.w = f.cidWidth(f.cid(code, n))
	return g
}

// split takes one code off s.
func (f *pdfFont) split(s []byte) (uint32, int) {
	switch {
	case f.codes != nil && len(f.codes.space) > 0:
		code, n, _ := f.codes.next(s)
		return code, n
	case f.utf == "utf16" && len(s) >= 4 && s[0] >= 0xD8 && s[0] <= 0xDB:
		return pdfCodeOf(s[:4]), 4
	case f.codeLen == 0 && f.toUni != nil && len(f.toUni.space) > 0:
		code, n, _ := f.toUni.next(s)
		return code, n
	}
	n := min(max(f.codeLen, 1), len(s))
	return pdfCodeOf(s[:n]), n
}

func (f *pdfFont) cid(code uint32, n int) uint32 {
	if f.codes != nil {
		if c, ok := f.codes.cidOf(code, n); ok {
			return c
		}
	}
	return code
}

func (f *pdfFont) cidWidth(cid uint32) float64 {
	if f.vertical {
		return f.dw2
	}
	i, _ := slices.BinarySearchFunc(f.cidW, cid, func(r pdfWidthRange, c uint32) int {
		switch {
		case r.hi < c:
			return -1
		case r.lo > c:
			return 1
		}
		return 0
	})
	if i < len(f.cidW) && f.cidW[i].lo <= cid && cid <= f.cidW[i].hi {
		return f.cidW[i].w
	}
	return f.dw
}

// pdfUnicodeCode decodes a code of a predefined Unicode CMap: UCS-2 or
// UTF-16BE.
func pdfUnicodeCode(code uint32, n int) string {
	if n == 4 {
		return string(utf16.DecodeRune(rune(code>>16), rune(code&0xFFFF)))
	}
	if code >= 0xD800 && code <= 0xDFFF {
		return ""
	}
	return string(rune(code))
}

// pdfLigatures spells out the Latin presentation-form ligatures, so that
// words drawn with them read as words.
var pdfLigatures = map[rune]string{
	0xFB00: "ff", 0xFB01: "fi", 0xFB02: "fl", 0xFB03: "ffi", 0xFB04: "ffl", 0xFB05: "st", 0xFB06: "st",
}

// pdfCleanGlyphText keeps what a glyph's mapping says about the text: it
// drops NUL and the other control characters (placeholders of broken
// mappings, never drawn text) and U+FFFD, and spells out ligatures. ""
// means the glyph has no usable mapping.
func pdfCleanGlyphText(s string) string {
	if len(s) == 1 && s[0] >= 0x20 && s[0] < 0x7F {
		return s
	}
	clean := true
	for _, r := range s {
		if pdfDropRune(r) || r == '\r' || pdfLigatures[r] != "" {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var sb strings.Builder
	for _, r := range s {
		switch {
		case pdfDropRune(r):
		case r == '\r':
			sb.WriteByte('\n')
		case pdfLigatures[r] != "":
			sb.WriteString(pdfLigatures[r])
		default:
			sb.WriteRune(r)
		}
	}
	return sb.String()
}

func pdfDropRune(r rune) bool {
	return r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r >= 0x7F && r < 0xA0 || r == utf8.RuneError
}

// pdfFallbackFont stands in when a content stream shows text without a
// font it can name: the bytes are read as WinAnsi, as most such streams
// are Latin text, and the control characters of anything else are
// dropped.
var pdfFallbackFont = sync.OnceValue(func() *pdfFont {
	f := &pdfFont{name: "(no font)", text: new([256]string), widths: new([256]float64)}
	enc := pdfEncodings()["WinAnsiEncoding"]
	for c := range 256 {
		f.text[c] = pdfCleanGlyphText(pdfGlyphUnicode(enc[c]))
		f.widths[c] = 0.5
	}
	return f
})

// pdfFontCost is what loading a font counts against the token budget: it
// walks all 256 codes of a simple font.
const pdfFontCost = 256

// font loads the font a resource dictionary names, caching fonts that
// are indirect objects.
func (tl *pdfTextLayer) font(v any) *pdfFont {
	ref, isRef := v.(pdfRef)
	if isRef {
		if f, ok := tl.fonts[ref.num]; ok {
			return f
		}
	}
	d, _ := tl.r.resolve(v, 0).(pdfDict)
	var f *pdfFont
	if d != nil {
		f = tl.loadFont(d)
	}
	if isRef && len(tl.fonts) < tl.r.lim.MaxBlocks {
		tl.fonts[ref.num] = f
	}
	return f
}

func (tl *pdfTextLayer) loadFont(d pdfDict) *pdfFont {
	// Loading a font is work the token budget must see: a hostile page
	// can name a thousand fonts given as direct dictionaries.
	tl.ops += pdfFontCost
	name, _ := tl.r.resolve(d["BaseFont"], 0).(pdfName)
	if name == "" {
		name, _ = d["Name"].(pdfName)
	}
	if name == "" {
		name = "(unnamed)"
	}
	f := &pdfFont{name: string(name)}
	if d["Subtype"] == pdfName("Type0") {
		tl.loadComposite(d, f)
	} else {
		tl.loadSimple(d, f)
	}
	return f
}

func (tl *pdfTextLayer) loadComposite(d pdfDict, f *pdfFont) {
	f.kind = pdfCompositeFont
	f.toUni = tl.cmap(d["ToUnicode"])
	switch enc := d["Encoding"].(type) {
	case pdfName:
		f.predefined(enc)
	case pdfRef:
		f.codes = tl.cmap(enc)
		if f.codes != nil {
			f.vertical = f.codes.vertical
			if len(f.codes.space) == 0 {
				// An embedded CMap that only extends a predefined one.
				f.predefined(f.codes.useCMap)
			}
		}
	}

	f.dw, f.dw2 = 1, -1
	desc, _ := tl.r.resolve(d["DescendantFonts"], 0).([]any)
	if len(desc) == 0 {
		return
	}
	cf, _ := tl.r.resolve(desc[0], 0).(pdfDict)
	if cf == nil {
		return
	}
	if dw, ok := tl.r.resolve(cf["DW"], 0).(float64); ok && dw >= 0 && dw < 1e5 {
		f.dw = dw / 1000
	}
	if dw2, ok := tl.r.resolve(cf["DW2"], 0).([]any); ok && len(dw2) == 2 {
		if v, ok := dw2[1].(float64); ok && v > -1e5 && v < 1e5 {
			f.dw2 = v / 1000
		}
	}
	if w, ok := tl.r.resolve(cf["W"], 0).([]any); ok {
		f.cidW = tl.parseW(w)
	}
}

// predefined sets the code length (and Unicode decoding) of a predefined
// encoding CMap: Identity-H/V, Uni...-UCS2-H/V, Uni...-UTF16-H/V. Other
// predefined CMaps leave the codes to the ToUnicode CMap's codespace.
func (f *pdfFont) predefined(name pdfName) {
	s := string(name)
	f.vertical = f.vertical || strings.HasSuffix(s, "-V")
	switch {
	case s == "Identity-H" || s == "Identity-V":
		f.codeLen = 2
	case strings.HasPrefix(s, "Uni") && strings.Contains(s, "-UCS2-"):
		f.utf, f.codeLen = "ucs2", 2
	case strings.HasPrefix(s, "Uni") && strings.Contains(s, "-UTF16-"):
		f.utf, f.codeLen = "utf16", 2
	}
}

// parseW reads a CID font's /W array: "c [w1 w2 ...]" and "c1 c2 w".
func (tl *pdfTextLayer) parseW(w []any) []pdfWidthRange {
	var out []pdfWidthRange
	add := func(lo, hi uint32, width float64) {
		if n := len(out); n > 0 && out[n-1].hi+1 == lo && out[n-1].w == width {
			out[n-1].hi = hi
			return
		}
		out = append(out, pdfWidthRange{lo, hi, width})
	}
	for i := 0; i < len(w); {
		c, ok := w[i].(float64)
		if !ok || c < 0 || c > 0xFFFFFFFF || i+1 >= len(w) {
			break
		}
		if arr, ok := tl.r.resolve(w[i+1], 0).([]any); ok {
			for k, e := range arr {
				if v, ok := e.(float64); ok && c+float64(k) <= 0xFFFFFFFF {
					add(uint32(c)+uint32(k), uint32(c)+uint32(k), v/1000)
				}
			}
			i += 2
			continue
		}
		hi, ok1 := w[i+1].(float64)
		if i+2 >= len(w) {
			break
		}
		v, ok2 := w[i+2].(float64)
		if ok1 && ok2 && hi >= c && hi <= 0xFFFFFFFF {
			add(uint32(c), uint32(hi), v/1000)
		}
		i += 3
	}
	slices.SortStableFunc(out, func(a, b pdfWidthRange) int {
		switch {
		case a.lo < b.lo:
			return -1
		case a.lo > b.lo:
			return 1
		}
		return 0
	})
	return out
}

func (tl *pdfTextLayer) loadSimple(d pdfDict, f *pdfFont) {
	f.kind = pdfSimpleFont
	f.text, f.widths = new([256]string), new([256]float64)
	subtype, _ := d["Subtype"].(pdfName)
	desc, _ := tl.r.resolve(d["FontDescriptor"], 0).(pdfDict)
	names := tl.simpleEncoding(d, desc, subtype, f.name)
	toUni := tl.cmap(d["ToUnicode"])
	for c := range 256 {
		var t string
		if toUni != nil {
			s, ok := toUni.lookup(uint32(c), 1)
			if !ok {
				// Some writers give simple fonts two-byte source codes.
				s, ok = toUni.lookup(uint32(c), 2)
			}
			if ok {
				t = pdfCleanGlyphText(s)
			}
		}
		if t == "" && names != nil && names[c] != "" {
			t = pdfCleanGlyphText(pdfGlyphUnicode(names[c]))
		}
		f.text[c] = t
	}
	tl.simpleWidths(d, desc, subtype, f)
}

// simpleEncoding returns the glyph name of each code, or nil when nothing
// names them.
func (tl *pdfTextLayer) simpleEncoding(d, desc pdfDict, subtype pdfName, base string) *[256]string {
	encs := pdfEncodings()
	var names [256]string
	var baseEnc *[256]string
	enc := tl.r.resolve(d["Encoding"], 0)
	var diffs []any
	switch e := enc.(type) {
	case pdfName:
		baseEnc = encs[string(e)]
	case pdfDict:
		if b, ok := e["BaseEncoding"].(pdfName); ok {
			baseEnc = encs[string(b)]
		}
		diffs, _ = tl.r.resolve(e["Differences"], 0).([]any)
	}
	if baseEnc == nil {
		baseEnc = tl.builtinEncoding(desc, subtype, base)
	}
	if baseEnc != nil {
		names = *baseEnc
	}
	code := -1
	for _, v := range diffs {
		switch x := v.(type) {
		case float64:
			code = -1
			if x >= 0 && x < 256 {
				code = int(x)
			}
		case pdfName:
			if code >= 0 && code < 256 {
				names[code] = string(x)
				code++
			}
		}
	}
	if baseEnc == nil && diffs == nil {
		return nil
	}
	return &names
}

// builtinEncoding is the encoding of a simple font without a usable
// base encoding: the Symbol font's own, the one in an embedded Type 1
// program, StandardEncoding for other text fonts, nothing for symbolic
// fonts and Type 3 fonts.
func (tl *pdfTextLayer) builtinEncoding(desc pdfDict, subtype pdfName, base string) *[256]string {
	encs := pdfEncodings()
	stripped := base
	if i := strings.IndexByte(stripped, '+'); i == 6 {
		stripped = stripped[i+1:]
	}
	if stripped == "Symbol" {
		return encs["SymbolEncoding"]
	}
	if subtype == "Type3" || strings.HasPrefix(stripped, "ZapfDingbats") {
		return nil
	}
	if desc != nil {
		if ref, ok := desc["FontFile"].(pdfRef); ok {
			if enc := tl.type1Builtin(ref.num); enc != nil {
				return enc
			}
		}
		if flags, ok := tl.r.resolve(desc["Flags"], 0).(float64); ok && flags >= 0 && flags < 1<<32 {
			if fl := uint32(flags); fl&4 != 0 && fl&32 == 0 {
				return nil // symbolic: codes select glyphs, not characters
			}
		}
	}
	return encs["StandardEncoding"]
}

// pdfType1Clear caps how much of a Type 1 program's clear-text part is
// read for its encoding.
const pdfType1Clear = 64 << 10

// type1Builtin returns the built-in encoding of the Type 1 program in
// object num, reading each program once.
func (tl *pdfTextLayer) type1Builtin(num int) *[256]string {
	if enc, ok := tl.type1[num]; ok {
		return enc
	}
	var enc *[256]string
	if o := tl.r.objs[num]; o != nil && o.stream {
		enc = tl.type1Encoding(o)
	}
	if len(tl.type1) < tl.r.lim.MaxBlocks {
		tl.type1[num] = enc
	}
	return enc
}

// type1Encoding reads the built-in encoding of an embedded Type 1
// program from its clear-text part: "/Encoding StandardEncoding def" or
// "dup code /name put" entries.
func (tl *pdfTextLayer) type1Encoding(o *pdfObj) *[256]string {
	limit := int64(pdfType1Clear)
	if l1, ok := tl.r.resolve(o.dict["Length1"], 0).(float64); ok && l1 > 0 && l1 < pdfType1Clear {
		limit = int64(l1)
	}
	b, ok := tl.decodeLimited(o, "font program", limit)
	if !ok {
		return nil
	}
	i := bytes.Index(b, []byte("/Encoding"))
	if i < 0 {
		return nil
	}
	lx := &pdfLexer{data: b, pos: i + len("/Encoding"), maxDepth: 2}
	var enc [256]string
	var code float64 = -1
	var name pdfName
	found := false
	for n := 0; n < 256*5+16 && lx.pos < len(b); n++ {
		v, more := lx.next()
		if !more {
			break
		}
		switch x := v.(type) {
		case pdfKeyword:
			switch x {
			case "StandardEncoding":
				if !found {
					return pdfEncodings()["StandardEncoding"]
				}
			case "put":
				if code >= 0 && code < 256 && name != "" {
					enc[int(code)] = string(name)
					found = true
				}
			case "def", "readonly":
				if found {
					return &enc
				}
			}
		case float64:
			code = x
		case pdfName:
			name = x
		}
	}
	if found {
		return &enc
	}
	return nil
}

func (tl *pdfTextLayer) simpleWidths(d, desc pdfDict, subtype pdfName, f *pdfFont) {
	scale := 0.001
	if subtype == "Type3" {
		if m, ok := tl.r.resolve(d["FontMatrix"], 0).([]any); ok && len(m) == 6 {
			if a, ok := m[0].(float64); ok && a > 0 && a < 10 {
				scale = a
			}
		}
	}
	missing := -1.0
	if mw, ok := tl.r.resolve(desc["MissingWidth"], 0).(float64); ok && mw > 0 && mw < 1e5 {
		missing = mw * scale
	}
	std := pdfStdMetrics(f.name)
	var table *[95]float64
	if std != "" && std != "Courier" {
		table = pdfStdWidths()[std]
	}
	first, _ := tl.r.resolve(d["FirstChar"], 0).(float64)
	widths, _ := tl.r.resolve(d["Widths"], 0).([]any)
	for c := range 256 {
		w := -1.0
		if i := c - int(first); first >= 0 && first < 256 && i >= 0 && i < len(widths) {
			if v, ok := tl.r.resolve(widths[i], 0).(float64); ok && v >= 0 && v < 1e5 {
				w = v * scale
			}
		}
		if w < 0 && widths == nil {
			// The standard fonts may leave their metrics out.
			switch {
			case std == "Courier":
				w = 0.6
			case table != nil:
				if t := f.text[c]; len(t) == 1 && t[0] >= 0x20 && t[0] < 0x7F {
					w = table[t[0]-0x20]
				}
			}
		}
		if w < 0 {
			w = missing
		}
		if w < 0 {
			w = 0.5 // a typical advance: the layout needs one
		}
		f.widths[c] = w
	}
}
