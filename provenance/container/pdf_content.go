package container

import (
	"bytes"
	"math"
)

// The content stream interpreter keeps the part of the graphics state
// that places text (the CTM, the text and line matrices, font, size,
// spacing, scaling, rise), shows strings glyph by glyph into the layout,
// follows Form XObjects, and honours marked-content /ActualText, which
// replaces the glyphs it spans (writers use it for ligatures, hyphenated
// words and symbols drawn as glyphs).

// Bounds of the interpreter, beyond the inflate budget and the body size.
const (
	pdfMaxFormDepth = 8  // Form XObjects inside Form XObjects
	pdfMaxGStack    = 64 // q without Q
	pdfMaxSpans     = 64 // marked-content nesting
	pdfMaxOperands  = 64
)

type pdfMatrix [6]float64

var pdfIdentity = pdfMatrix{1, 0, 0, 1, 0, 0}

// mul returns m × n (m applied first).
func (m pdfMatrix) mul(n pdfMatrix) pdfMatrix {
	return pdfMatrix{
		m[0]*n[0] + m[1]*n[2], m[0]*n[1] + m[1]*n[3],
		m[2]*n[0] + m[3]*n[2], m[2]*n[1] + m[3]*n[3],
		m[4]*n[0] + m[5]*n[2] + n[4], m[4]*n[1] + m[5]*n[3] + n[5],
	}
}

func (m pdfMatrix) point(x, y float64) pdfPoint {
	return pdfPoint{x*m[0] + y*m[2] + m[4], x*m[1] + y*m[3] + m[5]}
}

// vec transforms a direction (no translation).
func (m pdfMatrix) vec(x, y float64) pdfPoint {
	return pdfPoint{x*m[0] + y*m[2], x*m[1] + y*m[3]}
}

func pdfMatrixOf(ops []any) (pdfMatrix, bool) {
	if len(ops) < 6 {
		return pdfMatrix{}, false
	}
	var m pdfMatrix
	for i := range 6 {
		v, ok := ops[len(ops)-6+i].(float64)
		if !ok {
			return pdfMatrix{}, false
		}
		m[i] = v
	}
	return m, true
}

// pdfGState is the part of the graphics state q and Q save.
type pdfGState struct {
	ctm                                        pdfMatrix
	font                                       *pdfFont
	size, charSp, wordSp, scale, leading, rise float64
}

// pdfSpan is an open marked-content sequence.
type pdfSpan struct {
	actual  string // its /ActualText, decoded
	has     bool   // whether it has one
	written bool
}

// pdfInterp interprets the content streams of one page.
type pdfInterp struct {
	tl     *pdfTextLayer
	page   *pdfPageText
	gs     pdfGState
	stack  []pdfGState
	tm     pdfMatrix
	tlm    pdfMatrix
	res    *pdfResources
	forms  []int // Form XObjects being run, innermost last
	spans  []pdfSpan
	excess int // spans past pdfMaxSpans, whose EMC must not close a kept one
}

func newPDFInterp(tl *pdfTextLayer, page *pdfPageText, res *pdfResources) *pdfInterp {
	return &pdfInterp{
		tl: tl, page: page, res: res,
		gs: pdfGState{ctm: pdfIdentity, scale: 1, size: 1},
		tm: pdfIdentity, tlm: pdfIdentity,
	}
}

// run interprets one content stream. Operands do not carry over from one
// stream to the next: a writer may split a page's contents only between
// tokens, and in practice between operations.
func (in *pdfInterp) run(b []byte) {
	tl := in.tl
	lx := &pdfLexer{data: b, maxDepth: min(tl.r.lim.MaxDepth, 16)}
	ops := make([]any, 0, 8)
	for lx.pos < len(b) {
		if tl.stopped() || in.page.layout.full {
			return
		}
		tl.ops++
		v, more := lx.next()
		if !more {
			break
		}
		kw, ok := v.(pdfKeyword)
		if !ok {
			if len(ops) < pdfMaxOperands {
				ops = append(ops, v)
			}
			continue
		}
		if kw == "BI" {
			pdfSkipInlineImage(lx)
		} else {
			in.op(kw, ops)
		}
		ops = ops[:0]
	}
}

// pdfSkipInlineImage moves past the data of an inline image (BI ... ID
// data EI): binary data must not be read as operators.
func pdfSkipInlineImage(lx *pdfLexer) {
	b := lx.data
	i := bytes.Index(b[lx.pos:], []byte("ID"))
	if i < 0 {
		lx.pos = len(b)
		return
	}
	p := lx.pos + i + 2
	for p < len(b) {
		j := bytes.Index(b[p:], []byte("EI"))
		if j < 0 {
			break
		}
		e := p + j
		if pdfIsSpace(b[e-1]) && (e+2 == len(b) || pdfIsSpace(b[e+2])) {
			lx.pos = e + 2
			return
		}
		p = e + 2
	}
	lx.pos = len(b)
}

func (in *pdfInterp) op(kw pdfKeyword, ops []any) {
	gs := &in.gs
	switch kw {
	case "q":
		if len(in.stack) < pdfMaxGStack {
			in.stack = append(in.stack, in.gs)
		}
	case "Q":
		if n := len(in.stack); n > 0 {
			in.gs, in.stack = in.stack[n-1], in.stack[:n-1]
		}
	case "cm":
		if m, ok := pdfMatrixOf(ops); ok {
			gs.ctm = m.mul(gs.ctm)
		}
	case "BT":
		in.tm, in.tlm = pdfIdentity, pdfIdentity
	case "Tf":
		if len(ops) >= 2 {
			name, _ := ops[len(ops)-2].(pdfName)
			size, _ := ops[len(ops)-1].(float64)
			gs.font, gs.size = in.res.font(in.tl, name), size
		}
	case "Tc":
		setNum(&gs.charSp, ops)
	case "Tw":
		setNum(&gs.wordSp, ops)
	case "Tz":
		if setNum(&gs.scale, ops) {
			gs.scale /= 100
		}
	case "TL":
		setNum(&gs.leading, ops)
	case "Ts":
		setNum(&gs.rise, ops)
	case "Td", "TD":
		tx, ok1 := nthNumber(ops, 1)
		ty, ok2 := nthNumber(ops, 0)
		if ok1 && ok2 {
			if kw == "TD" {
				gs.leading = -ty
			}
			in.tlm = pdfMatrix{1, 0, 0, 1, tx, ty}.mul(in.tlm)
			in.tm = in.tlm
		}
	case "Tm":
		if m, ok := pdfMatrixOf(ops); ok {
			in.tm, in.tlm = m, m
		}
	case "T*":
		in.nextLine()
	case "Tj":
		if len(ops) > 0 {
			in.show(ops[len(ops)-1])
		}
	case "'":
		in.nextLine()
		if len(ops) > 0 {
			in.show(ops[len(ops)-1])
		}
	case "\"":
		if len(ops) >= 3 {
			setNum(&gs.wordSp, ops[:len(ops)-2])
			setNum(&gs.charSp, ops[:len(ops)-1])
		}
		in.nextLine()
		if len(ops) > 0 {
			in.show(ops[len(ops)-1])
		}
	case "TJ":
		if arr, ok := lastArray(ops); ok {
			for _, e := range arr {
				switch x := e.(type) {
				case pdfString:
					in.show(x)
				case float64:
					in.adjust(x)
				}
			}
		}
	case "Do":
		if len(ops) > 0 {
			if name, ok := ops[len(ops)-1].(pdfName); ok {
				in.form(name)
			}
		}
	case "BMC":
		in.pushSpan(pdfSpan{})
	case "BDC":
		in.pushSpan(in.spanOf(ops))
	case "EMC":
		in.popSpan()
	}
}

func setNum(dst *float64, ops []any) bool {
	v, ok := nthNumber(ops, 0)
	if ok {
		*dst = v
	}
	return ok
}

func (in *pdfInterp) nextLine() {
	in.tlm = pdfMatrix{1, 0, 0, 1, 0, -in.gs.leading}.mul(in.tlm)
	in.tm = in.tlm
}

// adjust applies a TJ number: thousandths of a unit of text space,
// subtracted from the advance.
func (in *pdfInterp) adjust(n float64) {
	d := -n / 1000 * in.gs.size
	if f := in.gs.font; f != nil && f.vertical {
		in.tm = pdfMatrix{1, 0, 0, 1, 0, d}.mul(in.tm)
		return
	}
	in.tm = pdfMatrix{1, 0, 0, 1, d * in.gs.scale, 0}.mul(in.tm)
}

// show places the glyphs of one string.
func (in *pdfInterp) show(v any) {
	s, ok := v.(pdfString)
	if !ok || len(s) == 0 {
		return
	}
	gs := &in.gs
	f := gs.font
	plausible := true
	if f == nil {
		// No font to decode with: the bytes are read as WinAnsi only when
		// they look like text (glyph indices of a two-byte font do not).
		f, plausible = pdfFallbackFont(), pdfPlausibleBytes(s)
	}
	span := in.actualSpan()
	// Glyphs only move along the baseline within a string: the text-space
	// to device transform is computed once, the advance accumulated in
	// text space.
	m := in.tm.mul(gs.ctm)
	var dir pdfPoint
	var size float64
	if f.vertical {
		dir, size = pdfUnit(m.vec(0, -1)), math.Abs(gs.size)*math.Hypot(m[0], m[1])
	} else {
		dir, size = pdfUnit(m.vec(1, 0)), math.Abs(gs.size)*math.Hypot(m[2], m[3])
	}
	var pos float64 // the advance so far, in text space
	for len(s) > 0 {
		g := f.next(s)
		s = s[max(g.n, 1):]
		adv := g.w*gs.size + gs.charSp
		if g.space {
			adv += gs.wordSp
		}
		var start, end pdfPoint
		if f.vertical {
			start, end = m.point(0, pos), m.point(0, pos+adv)
		} else {
			adv *= gs.scale
			start, end = m.point(pos, gs.rise), m.point(pos+adv, gs.rise)
		}
		pos += adv
		placed := pdfPlaced{start: start, end: end, dir: dir, size: size}
		switch {
		case span != nil:
			text := ""
			if !span.written {
				text, span.written = span.actual, true
			}
			in.page.layout.glyph(placed, text, false)
		case g.text == "" || !plausible:
			in.page.undecoded(f)
			in.page.layout.glyph(placed, "", true)
		default:
			in.page.decoded(f)
			in.page.layout.glyph(placed, g.text, false)
		}
	}
	if f.vertical {
		in.tm = pdfMatrix{1, 0, 0, 1, 0, pos}.mul(in.tm)
	} else {
		in.tm = pdfMatrix{1, 0, 0, 1, pos, 0}.mul(in.tm)
	}
}

// pdfUnit normalises a direction; a degenerate one reads as left to right.
func pdfUnit(p pdfPoint) pdfPoint {
	n := math.Hypot(p.x, p.y)
	if n == 0 || math.IsNaN(n) || math.IsInf(n, 0) {
		return pdfPoint{1, 0}
	}
	return pdfPoint{p.x / n, p.y / n}
}

// spanOf reads the properties of BDC: inline, or named in /Properties.
func (in *pdfInterp) spanOf(ops []any) pdfSpan {
	if len(ops) == 0 {
		return pdfSpan{}
	}
	var props pdfDict
	switch p := ops[len(ops)-1].(type) {
	case pdfDict:
		props = p
	case pdfName:
		props = in.res.properties(in.tl, p)
	}
	s, ok := in.tl.r.resolve(props["ActualText"], 0).(pdfString)
	if !ok {
		return pdfSpan{}
	}
	return pdfSpan{actual: pdfCleanGlyphText(pdfText(s)), has: true}
}

func (in *pdfInterp) pushSpan(s pdfSpan) {
	if len(in.spans) >= pdfMaxSpans {
		in.excess++
		return
	}
	in.spans = append(in.spans, s)
}

func (in *pdfInterp) popSpan() {
	if in.excess > 0 {
		in.excess--
		return
	}
	n := len(in.spans)
	if n == 0 {
		return
	}
	s := in.spans[n-1]
	in.spans = in.spans[:n-1]
	if s.has && !s.written && s.actual != "" && in.actualSpan() == nil {
		in.page.layout.loose(s.actual)
	}
}

// actualSpan returns the outermost open span with /ActualText: its text
// replaces every glyph inside it.
func (in *pdfInterp) actualSpan() *pdfSpan {
	for i := range in.spans {
		if in.spans[i].has {
			return &in.spans[i]
		}
	}
	return nil
}

// form runs a Form XObject: its own resources (else the current ones),
// its matrix, a saved graphics state, no cycle, bounded depth.
func (in *pdfInterp) form(name pdfName) {
	ref, ok := in.res.xobject(in.tl, name)
	if !ok || len(in.forms) >= pdfMaxFormDepth || len(in.forms) >= in.tl.r.lim.MaxDepth {
		return
	}
	for _, n := range in.forms {
		if n == ref.num {
			return
		}
	}
	o := in.tl.r.objs[ref.num]
	if o == nil || !o.stream || o.dict["Subtype"] != pdfName("Form") {
		return
	}
	b, ok := in.tl.formContent(ref.num, o)
	if !ok {
		return
	}
	saved, savedStack, tm, tlm, res := in.gs, in.stack, in.tm, in.tlm, in.res
	in.stack = nil
	if m, ok := in.tl.r.resolve(o.dict["Matrix"], 0).([]any); ok {
		if fm, ok := pdfMatrixOf(m); ok {
			in.gs.ctm = fm.mul(in.gs.ctm)
		}
	}
	if res := in.tl.formResources(ref.num, o); res != nil {
		in.res = res
	}
	in.forms = append(in.forms, ref.num)
	in.run(b)
	in.forms = in.forms[:len(in.forms)-1]
	in.gs, in.stack, in.tm, in.tlm, in.res = saved, savedStack, tm, tlm, res
}

// pdfMaxControlShare is the largest share of control bytes a string shown
// without a font may have and still be read as text.
const pdfMaxControlShare = 0.05

func pdfPlausibleBytes(s []byte) bool {
	bad := 0
	for _, c := range s {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
			bad++
		}
	}
	return float64(bad) <= pdfMaxControlShare*float64(len(s))
}

func lastArray(ops []any) ([]any, bool) {
	if len(ops) == 0 {
		return nil, false
	}
	a, ok := ops[len(ops)-1].([]any)
	return a, ok
}

// nthNumber returns the operand n places before the operator (0 = last).
func nthNumber(ops []any, n int) (float64, bool) {
	if len(ops) <= n {
		return 0, false
	}
	f, ok := ops[len(ops)-1-n].(float64)
	return f, ok
}
