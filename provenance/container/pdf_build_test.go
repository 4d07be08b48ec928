package container

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf16"
)

// PDF fixtures for the text layer, built by test code: fonts of each kind
// the text layer decodes, Form XObjects, marked content, and the hostile
// shapes it must survive.

// pdfPage1 writes a one-page document: catalog 1, pages 2, page 3 with
// the given resources, content 4, then the extra objects (5 onwards).
func pdfPage1(t testing.TB, resources, content string, extra ...string) []byte {
	var p pdfBuilder
	p.obj("<< /Type /Catalog /Pages 2 0 R >>")
	p.obj("<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
	p.obj(fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources %s /Contents 4 0 R >>", resources))
	p.stream("/Filter /FlateDecode", flate(t, []byte(content)))
	for _, e := range extra {
		p.obj(e)
	}
	return p.finish("/Root 1 0 R")
}

// pdfStreamObj is the body of a stream object for pdfPage1's extras.
func pdfStreamObj(dict, data string) string {
	return fmt.Sprintf("<< %s /Length %d >>\nstream\n%s\nendstream", dict, len(data), data)
}

// cidCodes is the code plan of the Type 0 test font: lower-case letters
// from 0x10, capitals from 0x30, punctuation through a bfrange array,
// and single codes for the space, a ligature, a character outside the
// BMP, a zero-width space, the U+FB02 ligature and an unmapped glyph.
var cidCodes = func() map[string]int {
	m := map[string]int{" ": 0x03, "fi": 0x60, "𝐀": 0x61, "\u200B": 0x62, "ﬂ": 0x63, "?": 0x64}
	for c := 'a'; c <= 'z'; c++ {
		m[string(c)] = 0x10 + int(c-'a')
	}
	for c := 'A'; c <= 'Z'; c++ {
		m[string(c)] = 0x30 + int(c-'A')
	}
	for i, c := range ".,'!" {
		m[string(c)] = 0x50 + i
	}
	return m
}()

// cidHex encodes words for the Type 0 test font as a hex string: "fi" is
// the ligature glyph where it occurs, "?" the unmapped one.
func cidHex(t testing.TB, s string) string {
	var sb strings.Builder
	sb.WriteByte('<')
	for s != "" {
		if strings.HasPrefix(s, "fi") {
			fmt.Fprintf(&sb, "%04X", cidCodes["fi"])
			s = s[2:]
			continue
		}
		r := []rune(s)[0]
		c, ok := cidCodes[string(r)]
		if !ok {
			t.Fatalf("no code for %q", r)
		}
		fmt.Fprintf(&sb, "%04X", c)
		s = s[len(string(r)):]
	}
	sb.WriteByte('>')
	return sb.String()
}

// cidToUnicode maps the code plan, with bfrange in string and array form,
// a two-code-unit destination (surrogate pair) and a ligature.
const cidToUnicode = `/CIDInit /ProcSet findresource begin
12 dict begin
begincmap
/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def
/CMapName /Adobe-Identity-UCS def
/CMapType 2 def
1 begincodespacerange
<0000> <FFFF>
endcodespacerange
5 beginbfchar
<0003> <0020>
<0060> <00660069>
<0061> <D835DC00>
<0062> <200B>
<0063> <FB02>
endbfchar
3 beginbfrange
<0010> <0029> <0061>
<0030> <0049> <0041>
<0050> <0053> [<002E> <002C> <2019> <0021>]
endbfrange
endcmap
CMapName currentdict /CMap defineresource pop
end
end`

// type0PDF draws three lines in an Identity-H font: words set apart by TJ
// gaps (no space glyphs), kerning inside words, a ligature glyph, an
// astral character, a zero-width space and an unmapped glyph. The first
// line is full and wraps; the second is short and breaks.
func type0PDF(t testing.TB) []byte {
	h := func(s string) string { return cidHex(t, s) }
	content := strings.Join([]string{
		"BT /F1 12 Tf 72 700 Td",
		fmt.Sprintf("[%s -20 %s -250 %s -260 %s -250 %s -30 %s] TJ", h("Th"), h("e"), h("officer"), h("files"),
			h("the annual report on time"), h(".")),
		"0 -16 Td",
		fmt.Sprintf("[%s -300 %s -300 %s] TJ", h("An"), h("𝐀"), h("ﬂag'd")),
		"0 -16 Td",
		fmt.Sprintf("%s Tj", h("zero\u200Bwidth ?hidden!")),
		"ET",
	}, "\n")
	return pdfPage1(t, "<< /Font << /F1 5 0 R >> >>", content,
		"<< /Type /Font /Subtype /Type0 /BaseFont /ABCDEF+TestSans /Encoding /Identity-H /DescendantFonts [6 0 R] /ToUnicode 7 0 R >>",
		"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /ABCDEF+TestSans /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 500 /W [3 [250] 16 41 520 48 [700 650 650] 96 99 560] >>",
		pdfStreamObj("", cidToUnicode),
	)
}

// simplePDF draws with two simple fonts: a TrueType font on WinAnsi with
// /Differences (a ligature name, uniXXXX, uXXXXX, a numbered glyph, a
// variant suffix) and word spacing, and the standard Helvetica without
// widths, placed word by word with Td.
func simplePDF(t testing.TB) []byte {
	// Helvetica widths at 12 pt: "Each" = E 667 a 556 c 500 h 556 = 2279.
	each := 2.279 * 12
	space := 0.278 * 12
	// "head" = h 556 e 556 a 556 d 556 = 2224.
	head := 2.224 * 12
	content := strings.Join([]string{
		"BT /F1 11 Tf 14 TL 72 700 Td",
		`(Caf\002 \223quoted\224 \226 \001nal \003 price \200 5) Tj`,
		`2 Tw T* (one\004two \005 day) Tj`,
		"ET",
		"BT /F2 12 Tf 72 600 Td (Each) Tj",
		fmt.Sprintf("%.3f 0 Td (headline) Tj", each+space),
		"ET",
		"BT /F2 12 Tf 72 560 Td (head) Tj",
		fmt.Sprintf("%.3f 0 Td (line) Tj", head),
		`0 -14 Td (it\047s) Tj`,
		"ET",
	}, "\n")
	widths := strings.TrimSpace(strings.Repeat("500 ", 256))
	return pdfPage1(t, "<< /Font << /F1 5 0 R /F2 6 0 R >> >>", content,
		fmt.Sprintf("<< /Type /Font /Subtype /TrueType /BaseFont /TestSerif /FirstChar 0 /LastChar 255 /Widths [%s] /Encoding << /Type /Encoding /BaseEncoding /WinAnsiEncoding /Differences [1 /f_i /uni00E9 /u1F600 /g12 /one.oldstyle] >> >>", widths),
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
	)
}

// formPDF draws text on the page, in a Form XObject with its own font
// and a matrix, in a form nested in it that draws the first back (a
// cycle), and in a form that draws itself.
func formPDF(t testing.TB) []byte {
	font := "<< /Type /Font /Subtype /Type1 /BaseFont /Times-Roman /Encoding /WinAnsiEncoding >>"
	return pdfPage1(t, "<< /Font << /F1 5 0 R >> /XObject << /Fm1 6 0 R /Loop 8 0 R >> >>",
		"BT /F1 12 Tf 72 700 Td (Body text.) Tj ET q 1 0 0 1 0 -100 cm /Fm1 Do Q /Loop Do",
		font,
		pdfStreamObj("/Type /XObject /Subtype /Form /BBox [0 0 612 792] /Matrix [1 0 0 1 0 -10] /Resources << /Font << /F2 5 0 R >> /XObject << /Fm2 7 0 R >> >>",
			"BT /F2 10 Tf 72 600 Td (Footer in a form.) Tj ET /Fm2 Do"),
		pdfStreamObj("/Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources << /Font << /F2 5 0 R >> /XObject << /Back 6 0 R >> >>",
			"/Back Do BT /F2 10 Tf 72 500 Td (Nested form.) Tj ET"),
		pdfStreamObj("/Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> /XObject << /Loop 8 0 R >> >>",
			"/Loop Do BT /F1 10 Tf 72 400 Td (Loop once.) Tj ET"),
	)
}

// type1Program is the clear-text part of a Type 1 font program with a
// built-in encoding in the style of TeX fonts (0173 is the en dash).
const type1Program = `%!PS-AdobeFont-1.0: CMR10 003.002
/FontName /CMR10 def
/Encoding 256 array
0 1 255 {1 index exch /.notdef put} for
dup 48 /zero put
dup 49 /one put
dup 50 /two put
dup 65 /A put
dup 123 /endash put
readonly def
currentfile eexec
`

// builtinPDF draws with an embedded Type 1 font that has no /Encoding:
// its codes mean what the program's own encoding says.
func builtinPDF(t testing.TB) []byte {
	program := type1Program + "\x8e\x92\x01\x02binary"
	return pdfPage1(t, "<< /Font << /F1 5 0 R >> >>",
		"BT /F1 10 Tf 72 700 Td [(A) -333 (2001{2022)] TJ ET",
		"<< /Type /Font /Subtype /Type1 /BaseFont /ABCDEF+CMR10 /FirstChar 0 /LastChar 255 /Widths [] /FontDescriptor 6 0 R >>",
		"<< /Type /FontDescriptor /FontName /ABCDEF+CMR10 /Flags 4 /FontFile 7 0 R /MissingWidth 500 >>",
		pdfStreamObj(fmt.Sprintf("/Length1 %d /Length2 8 /Length3 0", len(type1Program)), program),
	)
}

// unmappedPDF has two pages: the first mixes a mapped font with a Type 0
// font that has no ToUnicode, the second uses only the unmapped font.
func unmappedPDF(t testing.TB) []byte {
	var p pdfBuilder
	p.obj("<< /Type /Catalog /Pages 2 0 R >>")
	p.obj("<< /Type /Pages /Kids [3 0 R 5 0 R] /Count 2 /Resources << /Font << /F1 7 0 R /F2 8 0 R >> >> >>")
	p.obj("<< /Type /Page /Parent 2 0 R /Contents 4 0 R >>")
	p.stream("", []byte("BT /F1 12 Tf 72 700 Td (Readable words.) Tj /F2 12 Tf 0 -20 Td <00410042004300440045> Tj ET"))
	p.obj("<< /Type /Page /Parent 2 0 R /Contents 6 0 R >>")
	p.stream("", []byte("BT /F2 12 Tf 72 700 Td <0024002500260027> Tj ET"))
	p.obj("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
	p.obj("<< /Type /Font /Subtype /Type0 /BaseFont /XYZABC+Glyphs /Encoding /Identity-H /DescendantFonts [9 0 R] >>")
	p.obj("<< /Type /Font /Subtype /CIDFontType2 /BaseFont /XYZABC+Glyphs /DW 600 >>")
	return p.finish("/Root 1 0 R")
}

// markedPDF covers marked content: /ActualText inline and through
// /Properties replaces the glyphs it spans; a Unicode-coded Type 0 font
// needs no ToUnicode; a vertical font runs top to bottom.
func markedPDF(t testing.TB) []byte {
	content := strings.Join([]string{
		"BT /F1 12 Tf 72 700 Td",
		"/Span << /ActualText (over) >> BDC (0v3r) Tj EMC ( the top) Tj",
		"0 -16 Td /Span /P1 BDC (pro-) Tj 0 -16 Td (cess) Tj EMC",
		"0 -16 Td /F2 12 Tf <4E2D658700200054006500780074D83DDE00> Tj",
		"ET",
		"BT /F3 12 Tf 1 0 0 1 300 700 Tm <00410042> Tj 1 0 0 1 280 700 Tm <0043> Tj ET",
	}, "\n")
	return pdfPage1(t, "<< /Font << /F1 5 0 R /F2 6 0 R /F3 8 0 R >> /Properties << /P1 << /ActualText <FEFF00700072006F0063006500730073> >> >> >>", content,
		"<< /Type /Font /Subtype /Type1 /BaseFont /Courier >>",
		"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UTF16-H /DescendantFonts [7 0 R] >>",
		"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /DW 1000 >>",
		"<< /Type /Font /Subtype /Type0 /BaseFont /Vert /Encoding /Identity-V /DescendantFonts [9 0 R] /ToUnicode 10 0 R >>",
		"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Vert >>",
		pdfStreamObj("", "1 begincodespacerange <0000> <FFFF> endcodespacerange 1 beginbfrange <0041> <0043> <304B> endbfrange"),
	)
}

// useCMapPDF draws with Type 0 fonts whose embedded encoding CMaps only
// extend predefined ones: Identity-H (with a ToUnicode CMap), and a
// UCS-2 CMap (whose codes are the text).
func useCMapPDF(t testing.TB) []byte {
	return pdfPage1(t, "<< /Font << /F1 5 0 R /F2 8 0 R >> >>",
		"BT /F1 12 Tf 72 700 Td <00410042> Tj 0 -30 Td /F2 12 Tf <004800690021> Tj ET",
		"<< /Type /Font /Subtype /Type0 /BaseFont /Ext /Encoding 6 0 R /DescendantFonts [] /ToUnicode 7 0 R >>",
		pdfStreamObj("/Type /CMap /CMapName /Ext-H", "/Identity-H usecmap"),
		pdfStreamObj("", "1 begincodespacerange <0000> <FFFF> endcodespacerange 1 beginbfrange <0041> <0042> <0058> endbfrange"),
		"<< /Type /Font /Subtype /Type0 /BaseFont /ExtUni /Encoding 9 0 R /DescendantFonts [] >>",
		pdfStreamObj("/Type /CMap", "/UniJIS-UCS2-H usecmap"),
	)
}

// hostilePDF nests forms that each draw the next ten times (each with a
// font of its own), opens
// graphics states it never closes and marked content it never ends, and
// declares a bfrange over all four-byte codes.
func hostilePDF(t testing.TB) []byte {
	var p pdfBuilder
	const levels = 8
	p.obj("<< /Type /Catalog /Pages 2 0 R >>")
	p.obj("<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
	p.obj("<< /Type /Page /Parent 2 0 R /Resources << /Font << /F1 5 0 R >> /XObject << /X 7 0 R >> >> /Contents 4 0 R >>")
	p.stream("", []byte(strings.Repeat("q /Span BMC ", 500)+"BT /F1 12 Tf 72 700 Td <00000000> Tj ET /X Do"))
	// The CMap is both the encoding (four-byte codes) and the ToUnicode.
	p.obj("<< /Type /Font /Subtype /Type0 /BaseFont /Big /Encoding 6 0 R /DescendantFonts [] /ToUnicode 6 0 R >>")
	p.stream("", []byte("1 begincodespacerange <00000000> <FFFFFFFF> endcodespacerange 1 beginbfrange <00000000> <FFFFFFFF> <0041> endbfrange"))
	for i := range levels {
		next := 8 + i
		// F2 is a direct dictionary: loaded once per form, not per drawing.
		body := strings.Repeat("/X Do ", 10) + "BT /F1 1 Tf <00000001> Tj /F2 1 Tf ( ) Tj ET"
		p.stream(fmt.Sprintf("/Subtype /Form /Resources << /Font << /F1 5 0 R /F2 << /Subtype /Type1 /BaseFont /Helvetica >> >> /XObject << /X %d 0 R >> >>", next), []byte(body))
	}
	return p.finish("/Root 1 0 R")
}

// repeatPDF draws a form with one sentence n times.
func repeatPDF(t testing.TB, n int) []byte {
	return pdfPage1(t, "<< /XObject << /X 5 0 R >> >>", strings.Repeat("/X Do\n", n),
		pdfStreamObj("/Subtype /Form /Resources << /Font << /F1 6 0 R >> >>", "BT /F1 12 Tf 72 700 Td (A sentence drawn by a form, again and again.) Tj ET"),
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
	)
}

// longTextPDF sets a long text in a Type 0 font with a ToUnicode CMap,
// as a word processor exports it: words apart by TJ gaps, ragged-right
// lines, a blank line between paragraphs (the text's own line breaks).
func longTextPDF(t testing.TB, text string) []byte {
	var content strings.Builder
	content.WriteString("BT /F1 11 Tf 14 TL 72 760 Td\n")
	var line []string
	flush := func() {
		if len(line) == 0 {
			return
		}
		var sb strings.Builder
		for i, w := range line {
			if i > 0 {
				sb.WriteString(" -260 ")
			}
			sb.WriteString(utf16Hex(w))
		}
		fmt.Fprintf(&content, "[%s] TJ T*\n", sb.String())
		line = line[:0]
	}
	// Lines fill a measure of 36 em, as a typesetter fills them: every
	// code unit is 0.5 em wide (the font's /DW), a word gap 0.26 em.
	const measure, gap = 36.0, 0.26
	for para := range strings.SplitSeq(text, "\n") {
		width := 0.0
		for w := range strings.FieldsSeq(para) {
			ww := 0.5 * float64(len(utf16.Encode([]rune(w))))
			if len(line) > 0 && width+gap+ww > measure {
				flush()
				width = 0
			}
			if len(line) > 0 {
				width += gap
			}
			line = append(line, w)
			width += ww
		}
		flush()
		content.WriteString("T*\n")
	}
	content.WriteString("ET")
	// The font's codes are the UTF-16 code units themselves, mapped by a
	// full-range bfrange: a hostile-looking map that writers do emit.
	cmap := "1 begincodespacerange <0000> <FFFF> endcodespacerange 1 beginbfrange <0000> <FFFF> <0000> endbfrange"
	return pdfPage1(t, "<< /Font << /F1 5 0 R >> >>", content.String(),
		"<< /Type /Font /Subtype /Type0 /BaseFont /LongText /Encoding /Identity-H /DescendantFonts [6 0 R] /ToUnicode 7 0 R >>",
		"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /LongText /DW 500 >>",
		pdfStreamObj("", cmap),
	)
}

// utf16Hex writes s as a hex string of UTF-16BE code units.
func utf16Hex(s string) string {
	var sb strings.Builder
	sb.WriteByte('<')
	for _, r := range s {
		if r >= 0x10000 {
			r -= 0x10000
			fmt.Fprintf(&sb, "%04X%04X", 0xD800+(r>>10), 0xDC00+(r&0x3FF))
			continue
		}
		fmt.Fprintf(&sb, "%04X", r)
	}
	sb.WriteByte('>')
	return sb.String()
}

// pdfTextSeeds are the text-layer fixtures, for the fuzz corpus.
func pdfTextSeeds(t testing.TB) [][]byte {
	return [][]byte{
		type0PDF(t), simplePDF(t), formPDF(t), builtinPDF(t), unmappedPDF(t), markedPDF(t), useCMapPDF(t), hostilePDF(t),
		longTextPDF(t, "A short text with a zero\u200Bwidth space."),
	}
}
