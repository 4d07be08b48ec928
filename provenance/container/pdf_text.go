package container

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The text layer: the page tree is walked in order with inherited
// /Resources; each page's content streams (and the Form XObjects they
// draw) are interpreted (pdf_content.go), glyphs are decoded through
// their fonts (pdf_font.go, pdf_cmap.go, pdf_encoding.go, pdf_glyphs.go)
// and laid out into words and lines (pdf_layout.go). Pages are separated
// by a line break, or by a space where a sentence runs over the page
// break.
//
// Bounds: the inflate budget of the file covers content streams, Form
// XObjects (each decoded once), CMaps and font programs; CMap entries are
// held to pdfMaxCMapEntries over the document; the interpreter stops
// after as many tokens as Limits.MaxInflate has bytes (a Form XObject
// drawn again counts again: that is what bounds a form that draws another
// a thousand times over); the body stops at Limits.MaxInflate bytes.

const (
	pdfMaxCMapEntries = 1 << 19
	// pdfFontsNamed caps the font names a warning lists.
	pdfFontsNamed = 5
)

// pdfTextLayer extracts the text of a document's pages.
type pdfTextLayer struct {
	r          *pdfReader
	ctx        context.Context
	fonts      map[int]*pdfFont
	cmaps      map[int]*pdfCMap
	forms      map[int][]byte
	formRes    map[int]*pdfResources
	type1      map[int]*[256]string
	cmapBudget int
	cmapFull   bool
	ops        int
	maxOps     int
	halted     bool
	remaining  int // body bytes left

	// For the warnings.
	blankPages   int      // pages with glyphs and no decodable text
	partialPages int      // pages with some text in unmapped fonts
	lostGlyphs   int      // unmapped codes of otherwise mapped fonts
	unmapped     []string // names of fonts without any mapping
}

// pdfPage is a leaf of the page tree and the resources it inherits.
type pdfPage struct {
	dict pdfDict
	res  pdfDict
}

// text extracts the text layer into Inventory.Body.
func (r *pdfReader) text(ctx context.Context, root pdfDict) {
	tl := &pdfTextLayer{
		r: r, ctx: ctx,
		fonts: map[int]*pdfFont{}, cmaps: map[int]*pdfCMap{}, forms: map[int][]byte{},
		formRes: map[int]*pdfResources{}, type1: map[int]*[256]string{},
		cmapBudget: pdfMaxCMapEntries,
		remaining:  int(min(r.lim.MaxInflate, 1<<40)) - 1, // the body's final newline
		maxOps:     int(min(r.lim.MaxInflate, 1<<40)),
	}
	var sb strings.Builder
	for i, pg := range tl.pages(root) {
		if tl.stopped() {
			break
		}
		t, full := tl.page(i, pg)
		if t != "" {
			if sb.Len() > 0 {
				sb.WriteByte(pdfPageJoin(sb.String(), t))
			}
			sb.WriteString(t)
			tl.remaining -= len(t) + 1
		}
		if full || tl.remaining <= 0 {
			r.b.warn("limit", 0, "pdf: text layer longer than %d bytes; the rest ignored", r.lim.MaxInflate)
			break
		}
	}
	tl.warnings()
	r.inv.Body = strings.TrimSpace(sb.String())
	if r.inv.Body != "" {
		r.inv.Body += "\n"
	}
}

// pdfPageJoin separates the text of two pages: a line break, or a space
// when the first stops mid-sentence (on a letter or a comma) and the next
// goes on in lower case, as a paragraph running over a page break does.
func pdfPageJoin(before, next string) byte {
	last, _ := utf8.DecodeLastRuneInString(before)
	first, _ := utf8.DecodeRuneInString(next)
	if (unicode.IsLetter(last) || last == ',') && unicode.IsLower(first) {
		return ' '
	}
	return '\n'
}

// pages walks the page tree in order, passing /Resources down to the
// leaves that do not have their own.
func (tl *pdfTextLayer) pages(root pdfDict) []pdfPage {
	r := tl.r
	var pages []pdfPage
	seen := map[int]bool{}
	var walk func(v any, res pdfDict, depth int)
	walk = func(v any, res pdfDict, depth int) {
		if depth > r.lim.MaxDepth || len(pages) >= r.lim.MaxBlocks || tl.ctx.Err() != nil {
			return
		}
		if ref, ok := v.(pdfRef); ok {
			if seen[ref.num] {
				return
			}
			seen[ref.num] = true
		}
		d, _ := r.resolve(v, 0).(pdfDict)
		if d == nil {
			return
		}
		if own, ok := r.resolve(d["Resources"], 0).(pdfDict); ok {
			res = own
		}
		if kids, ok := r.resolve(d["Kids"], 0).([]any); ok {
			for _, k := range kids {
				walk(k, res, depth+1)
			}
			return
		}
		if d["Type"] == pdfName("Page") || d["Contents"] != nil {
			pages = append(pages, pdfPage{dict: d, res: res})
		}
	}
	walk(root["Pages"], nil, 0)
	return pages
}

// pdfPageText is the state of one page's extraction.
type pdfPageText struct {
	layout *pdfLayout
	counts map[*pdfFont]*[2]int // decoded and undecoded glyphs per font
	last   *pdfFont
	lastC  *[2]int
}

func (p *pdfPageText) count(f *pdfFont) *[2]int {
	if f != p.last {
		c := p.counts[f]
		if c == nil {
			c = new([2]int)
			p.counts[f] = c
		}
		p.last, p.lastC = f, c
	}
	return p.lastC
}

func (p *pdfPageText) decoded(f *pdfFont)   { p.count(f)[0]++ }
func (p *pdfPageText) undecoded(f *pdfFont) { p.count(f)[1]++ }

// page returns the text of page i (0-based), and whether it filled the
// room left in the body.
func (tl *pdfTextLayer) page(i int, pg pdfPage) (string, bool) {
	var contents []any
	switch c := pg.dict["Contents"].(type) {
	case pdfRef:
		if arr, ok := tl.r.resolve(c, 0).([]any); ok {
			contents = arr
		} else {
			contents = []any{c}
		}
	case []any:
		contents = c
	}
	pt := &pdfPageText{layout: newPDFLayout(tl.remaining), counts: map[*pdfFont]*[2]int{}}
	in := newPDFInterp(tl, pt, newPDFResources(pg.res))
	for _, c := range contents {
		o := tl.r.object2(c)
		if o == nil || !o.stream {
			continue
		}
		b, ok := tl.r.decode(o, fmt.Sprintf("page %d content", i+1))
		if !ok {
			continue
		}
		in.run(b)
		if tl.stopped() {
			break
		}
	}
	tl.tally(pt)
	return pt.layout.text(), pt.layout.full
}

// tally adds a page's undecodable text to the warnings.
func (tl *pdfTextLayer) tally(pt *pdfPageText) {
	decoded, unmappedFont := 0, false
	fonts := make([]*pdfFont, 0, len(pt.counts))
	for f := range pt.counts {
		fonts = append(fonts, f)
	}
	// Map order is random; the warning must not be.
	slices.SortFunc(fonts, func(a, b *pdfFont) int { return strings.Compare(a.name, b.name) })
	for _, f := range fonts {
		c := pt.counts[f]
		decoded += c[0]
		switch {
		case c[0] == 0 && c[1] > 0:
			unmappedFont = true
			if !slices.Contains(tl.unmapped, f.name) && len(tl.unmapped) < pdfFontsNamed {
				tl.unmapped = append(tl.unmapped, f.name)
			}
		case c[1] > 0:
			tl.lostGlyphs += c[1]
		}
	}
	switch {
	case unmappedFont && decoded == 0:
		tl.blankPages++
	case unmappedFont:
		tl.partialPages++
	}
}

func (tl *pdfTextLayer) warnings() {
	names := strings.Join(tl.unmapped, ", ")
	if tl.blankPages > 0 {
		tl.r.b.warn("unsupported", 0, "pdf: the text of %d page(s) could not be decoded: its fonts have no Unicode mapping (%s)", tl.blankPages, names)
	}
	if tl.partialPages > 0 {
		tl.r.b.warn("unsupported", 0, "pdf: %d page(s) have text in fonts without a Unicode mapping (%s); that text is left out", tl.partialPages, names)
	}
	if tl.lostGlyphs > 0 {
		tl.r.b.warn("unsupported", 0, "pdf: %d glyph(s) without a Unicode mapping left out of the text", tl.lostGlyphs)
	}
	if tl.cmapFull {
		tl.r.b.warn("limit", 0, "pdf: more than %d CMap entries; later mappings ignored", pdfMaxCMapEntries)
	}
}

// stopped reports whether extraction must end: cancelled, or the token
// budget spent.
func (tl *pdfTextLayer) stopped() bool {
	if tl.halted {
		return true
	}
	if tl.ops&4095 == 0 && tl.ctx.Err() != nil {
		tl.halted = true
	}
	if tl.ops >= tl.maxOps {
		tl.halted = true
		tl.r.b.warn("limit", 0, "pdf: more than %d content stream tokens; the rest of the text layer ignored", tl.maxOps)
	}
	return tl.halted
}

// cmap loads a CMap stream, once per object.
func (tl *pdfTextLayer) cmap(v any) *pdfCMap {
	ref, ok := v.(pdfRef)
	if !ok {
		return nil
	}
	if m, ok := tl.cmaps[ref.num]; ok {
		return m
	}
	var m *pdfCMap
	if o := tl.r.objs[ref.num]; o != nil && o.stream {
		if b, ok := tl.r.decode(o, "CMap"); ok {
			m = parseCMap(b, &tl.cmapBudget, tl.r.lim.MaxDepth)
			tl.cmapFull = tl.cmapFull || m.full
		}
	}
	if len(tl.cmaps) < tl.r.lim.MaxBlocks {
		tl.cmaps[ref.num] = m
	}
	return m
}

// formContent decodes a Form XObject, once per object.
func (tl *pdfTextLayer) formContent(num int, o *pdfObj) ([]byte, bool) {
	if b, ok := tl.forms[num]; ok {
		return b, b != nil
	}
	b, ok := tl.r.decode(o, fmt.Sprintf("form XObject %d", num))
	if !ok {
		b = nil
	}
	tl.forms[num] = b
	return b, ok
}

// formResources returns the resources of a Form XObject, or nil when it
// has none, once per object: a form drawn a thousand times loads its
// fonts once.
func (tl *pdfTextLayer) formResources(num int, o *pdfObj) *pdfResources {
	if res, ok := tl.formRes[num]; ok {
		return res
	}
	var res *pdfResources
	if d, ok := tl.r.resolve(o.dict["Resources"], 0).(pdfDict); ok {
		res = newPDFResources(d)
	}
	tl.formRes[num] = res
	return res
}

func (tl *pdfTextLayer) decodeLimited(o *pdfObj, what string, limit int64) ([]byte, bool) {
	b, _, ok := tl.r.decodePrefix(o, what, limit)
	return b, ok
}

// pdfResources is a resource dictionary with the fonts it has loaded.
type pdfResources struct {
	dict  pdfDict
	fonts map[pdfName]*pdfFont
}

func newPDFResources(d pdfDict) *pdfResources {
	return &pdfResources{dict: d, fonts: map[pdfName]*pdfFont{}}
}

func (res *pdfResources) entry(tl *pdfTextLayer, category, name pdfName) any {
	cat, _ := tl.r.resolve(res.dict[category], 0).(pdfDict)
	return cat[name]
}

// font returns the font a Tf operand names, or nil.
func (res *pdfResources) font(tl *pdfTextLayer, name pdfName) *pdfFont {
	if f, ok := res.fonts[name]; ok {
		return f
	}
	f := tl.font(res.entry(tl, "Font", name))
	if len(res.fonts) < 1024 {
		res.fonts[name] = f
	}
	return f
}

func (res *pdfResources) xobject(tl *pdfTextLayer, name pdfName) (pdfRef, bool) {
	ref, ok := res.entry(tl, "XObject", name).(pdfRef)
	return ref, ok
}

func (res *pdfResources) properties(tl *pdfTextLayer, name pdfName) pdfDict {
	d, _ := tl.r.resolve(res.entry(tl, "Properties", name), 0).(pdfDict)
	return d
}
