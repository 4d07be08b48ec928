package container

import (
	"archive/zip"
	"bytes"
	"compress/zlib"
	"fmt"
	"strings"
	"testing"
)

// Document fixtures built by test code: DOCX archives, PDFs and HTML.

const docxCore = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>Budget statement</dc:title><dc:creator>Ana Lima</dc:creator><cp:lastModifiedBy>Press Office</cp:lastModifiedBy><cp:revision>3</cp:revision><dcterms:created xsi:type="dcterms:W3CDTF">2026-03-01T09:00:00Z</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">2026-03-02T10:30:00Z</dcterms:modified></cp:coreProperties>`

const docxApp = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Template>Normal.dotm</Template><TotalTime>42</TotalTime><Application>Microsoft Office Word</Application><AppVersion>16.0000</AppVersion></Properties>`

const docxCustom = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="GeneratedBy"><vt:lpwstr>Jasper</vt:lpwstr></property></Properties>`

func docxDocument(paragraphs ...string) string {
	var sb strings.Builder
	sb.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>`)
	for _, p := range paragraphs {
		sb.WriteString(`<w:p><w:r><w:t xml:space="preserve">`)
		first, rest, _ := strings.Cut(p, "\t")
		sb.WriteString(first)
		if rest != "" {
			sb.WriteString(`</w:t><w:tab/><w:t>` + rest)
		}
		sb.WriteString(`</w:t></w:r><w:r><w:delText>deleted words</w:delText></w:r></w:p>`)
	}
	sb.WriteString(`</w:body></w:document>`)
	return sb.String()
}

// buildDOCX writes a ZIP archive of the given parts, in order.
func buildDOCX(t testing.TB, parts ...[2]string) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, p := range parts {
		w, err := zw.Create(p[0])
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(p[1])); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func sampleDOCX(t testing.TB) []byte {
	return buildDOCX(t,
		[2]string{"[Content_Types].xml", `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`},
		[2]string{"docProps/core.xml", docxCore},
		[2]string{"docProps/app.xml", docxApp},
		[2]string{"docProps/custom.xml", docxCustom},
		[2]string{"word/document.xml", docxDocument("The council approved the budget.", "Item\tValue &amp; more")},
	)
}

func flate(t testing.TB, b []byte) []byte {
	t.Helper()
	var out bytes.Buffer
	zw := zlib.NewWriter(&out)
	zw.Write(b)
	zw.Close()
	return out.Bytes()
}

// pdfBuilder assembles a PDF with a correct cross-reference table.
type pdfBuilder struct {
	buf  bytes.Buffer
	offs []int
}

func (p *pdfBuilder) obj(body string) int {
	if p.buf.Len() == 0 {
		p.buf.WriteString("%PDF-1.7\n%\xE2\xE3\xCF\xD3\n")
	}
	p.offs = append(p.offs, p.buf.Len())
	n := len(p.offs)
	fmt.Fprintf(&p.buf, "%d 0 obj\n%s\nendobj\n", n, body)
	return n
}

func (p *pdfBuilder) stream(dict string, data []byte) int {
	return p.obj(fmt.Sprintf("<< %s /Length %d >>\nstream\n%s\nendstream", dict, len(data), data))
}

func (p *pdfBuilder) finish(trailer string) []byte {
	x := p.buf.Len()
	fmt.Fprintf(&p.buf, "xref\n0 %d\n0000000000 65535 f \n", len(p.offs)+1)
	for _, o := range p.offs {
		fmt.Fprintf(&p.buf, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&p.buf, "trailer\n<< /Size %d %s >>\nstartxref\n%d\n%%%%EOF\n", len(p.offs)+1, trailer, x)
	return p.buf.Bytes()
}

const pdfXMP = `<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmp:CreatorTool="Writer"/></rdf:RDF></x:xmpmeta><?xpacket end="w"?>`

// samplePDF has an Info dictionary with a UTF-16 title and an escaped
// literal, compressed XMP, and two pages of text, one drawn with TJ.
func samplePDF(t testing.TB) []byte {
	var p pdfBuilder
	// Objects: 1 catalog, 2 pages, 3 page, 4 content, 5 page, 6 content, 7 XMP, 8 info.
	p.obj("<< /Type /Catalog /Pages 2 0 R /Metadata 7 0 R >>")
	p.obj("<< /Type /Pages /Kids [3 0 R 5 0 R] /Count 2 >>")
	p.obj("<< /Type /Page /Parent 2 0 R /Contents 4 0 R >>")
	p.stream("/Filter /FlateDecode", flate(t, []byte("BT /F1 12 Tf 72 700 Td (The minister \\(acting\\) said) Tj T* (no comment.) Tj ET")))
	p.obj("<< /Type /Page /Parent 2 0 R /Contents [6 0 R] >>")
	p.stream("", []byte("BT [(Second) -300 (page) 20 (s)] TJ ET"))
	p.stream("/Type /Metadata /Subtype /XML /Filter /FlateDecode", flate(t, []byte(pdfXMP)))
	title := "\xFE\xFF\x00C\x00a\x00f\x00\xE9"
	p.obj(fmt.Sprintf("<< /Title <%X> /Author (Ana Lima) /Creator (Microsoft\\256 Word) /Producer (ChatGPT export) /CreationDate (D:20260301090000Z) >>", title))
	return p.finish("/Root 1 0 R /Info 8 0 R")
}

// objStmPDF keeps its catalog, pages and Info in a compressed object
// stream, as PDF 1.5 writers do.
func objStmPDF(t testing.TB) []byte {
	var p pdfBuilder
	objs := []string{
		"<< /Type /Catalog /Pages 3 0 R >>",
		"<< /Producer (Gemini) /Author (Bot) >>",
		"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 3 0 R /Contents 6 0 R >>",
	}
	var hdr, body strings.Builder
	for i, o := range objs {
		fmt.Fprintf(&hdr, "%d %d ", i+1, body.Len())
		body.WriteString(o + "\n")
	}
	data := flate(t, []byte(hdr.String()+body.String()))
	b := &p.buf
	b.WriteString("%PDF-1.7\n")
	fmt.Fprintf(b, "5 0 obj\n<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d >>\nstream\n%s\nendstream\nendobj\n", len(objs), hdr.Len(), len(data), data)
	content := "BT (Hello from an object stream.) Tj ET"
	fmt.Fprintf(b, "6 0 obj\n<< /Length %d >>\nstream\n%s\nendstream\nendobj\n", len(content), content)
	fmt.Fprintf(b, "7 0 obj\n<< /Type /XRef /Root 1 0 R /Info 2 0 R /Size 8 >>\nstream\n\nendstream\nendobj\n%%%%EOF\n")
	return p.buf.Bytes()
}

const sampleHTML = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="generator" content="WordPress 6.5">
<META NAME="Author" CONTENT="Ana &amp; Bo">
<meta property="og:site_name" content="Example News">
<title>Budget &ndash; approved</title>
<style>p { color: red }</style>
<script>var x = "<p>not text</p>";</script>
</head><body>
<h1>Council   approves budget</h1>
<p>The council approved the budget<br>on Tuesday.</p>
<!-- a comment -->
<p>Caf&eacute; owners &lt;cheered&gt;.</p>
</body></html>
`
