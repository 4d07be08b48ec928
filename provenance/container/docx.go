package container

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

// A DOCX file is a ZIP archive of XML parts. provcheck reads four of them:
// docProps/core.xml (Dublin Core: creator, last modified by, created and
// modified times, title), docProps/app.xml (the application that saved it,
// its version, the template, editing time), docProps/custom.xml (custom
// properties, where some AI writing tools leave their names) and
// word/document.xml (the body text). The archive is bounded: at most
// docxMaxEntries entries, and every part is inflated through a reader
// capped at Limits.MaxInflate and drawing on the file's allowance
// (Limits.MaxInflateFile).

const mediaDOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

// docxMaxEntries caps the archive entries recorded in the layout: a real
// document has dozens. Entries past it are counted, not recorded, and the
// parts provcheck reads are found wherever they sit.
const docxMaxEntries = 10_000

// docxMaxFields caps the properties recorded from one part.
const docxMaxFields = 1000

// docxParts are the parts provcheck reads.
var docxParts = []string{"docProps/core.xml", "docProps/app.xml", "docProps/custom.xml", "word/document.xml"}

// isDOCX reports whether a ZIP archive holds word/document.xml. It reads
// the central directory in place, allocating nothing per entry.
func isDOCX(data []byte) bool { return zipHasEntry(data, "word/document.xml") }

func walkDOCX(ctx context.Context, inv *Inventory, data []byte, lim Limits) error {
	dir, err := findZipDirectory(data)
	if err != nil {
		return fmt.Errorf("docx: %w", err)
	}
	rec := newRecorder(inv, lim)
	var (
		total  int
		picked []zipEntry
		seen   = map[string]bool{}
	)
	dir.entries(data, func(e zipEntry) bool {
		total++
		if total%4096 == 0 && ctx.Err() != nil {
			return false
		}
		if total <= docxMaxEntries {
			off, ok := e.dataOffset(data)
			switch {
			case !ok:
				rec.warn("malformed", e.localOff, "docx: entry %q has no local header at %d", e.name, e.localOff)
			case e.compressed > uint64(len(data)) || off+int64(e.compressed) > int64(len(data)):
				rec.warn("malformed", off, "docx: entry %q claims %d bytes past the end of the file", e.name, e.compressed)
			default:
				rec.segment("zip:"+string(e.name), off, int64(e.compressed))
			}
		}
		for _, p := range docxParts {
			if string(e.name) != p {
				continue
			}
			if seen[p] {
				rec.warn("malformed", e.localOff, "docx: duplicate entry %q; the first is read", p)
			} else {
				seen[p] = true
				picked = append(picked, e)
			}
		}
		return true
	})
	if err := ctx.Err(); err != nil {
		return err
	}
	if total > docxMaxEntries {
		rec.warn("limit", dir.start, "docx: the archive lists %d entries; the layout records the first %d, and the other %d were only searched for the parts provcheck reads (%s), not recorded or read",
			total, docxMaxEntries, total-docxMaxEntries, strings.Join(docxParts, ", "))
	}
	zr, err := zipOpen(data, dir, picked)
	if err != nil {
		return fmt.Errorf("docx: %w: %w", ErrMalformed, err)
	}
	parts := map[string]*zip.File{}
	for _, f := range zr.File {
		parts[f.Name] = f
	}
	read := func(name string) ([]byte, int64, bool) {
		f := parts[name]
		if f == nil {
			return nil, 0, false
		}
		off := zipEntryOffset(f)
		if err := ctx.Err(); err != nil {
			return nil, off, false
		}
		rc, err := f.Open()
		if err != nil {
			rec.warn("malformed", off, "docx: %s: %v", name, err)
			return nil, off, false
		}
		defer rc.Close()
		b, truncated, err := Inflate(ctx, rc, lim.MaxInflate)
		rec.inflated(off, "docx: "+name, lim.MaxInflate, truncated, err)
		return b, off, true
	}
	for _, p := range []struct{ name, source string }{
		{"docProps/core.xml", "docx:core"},
		{"docProps/app.xml", "docx:app"},
		{"docProps/custom.xml", "docx:custom"},
	} {
		b, off, ok := read(p.name)
		if !ok {
			continue
		}
		var fields []TextEntry
		var err error
		if p.source == "docx:custom" {
			fields, err = docxProps(ctx, b, lim, true)
		} else {
			fields, err = docxProps(ctx, b, lim, false)
		}
		for _, e := range fields {
			e.Source, e.Offset = p.source, off
			rec.text(e)
		}
		if err != nil {
			rec.warn("malformed", off, "docx: %s: %v", p.name, err)
		}
	}
	b, off, ok := read("word/document.xml")
	if !ok {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return fmt.Errorf("docx: no readable word/document.xml: %w", ErrMalformed)
	}
	body, err := docxBodyText(ctx, b, lim)
	if err != nil {
		rec.warn("malformed", off, "docx: word/document.xml: %v", err)
	}
	inv.Body = body
	inv.Encoding = "utf-8"
	return nil
}

func zipEntryOffset(f *zip.File) int64 {
	off, err := f.DataOffset()
	if err != nil {
		return 0
	}
	return off
}

// docxProps reads the properties of core.xml, app.xml or custom.xml: the
// children of the root element.
//
// In core.xml and app.xml each child is one property ("dc:creator",
// "cp:lastModifiedBy", "dcterms:created", "Application", "AppVersion"...):
// the key is the element's prefix as the file spells it (namespace
// prefixes in these parts are fixed by convention) and its local name, and
// empty values are skipped. In custom.xml (custom true) each child is
// <property name="..."><vt:lpwstr>value</vt:lpwstr></property>: the key is
// the property's name, the value the text of its typed child, kept even
// when empty.
func docxProps(ctx context.Context, b []byte, lim Limits, custom bool) ([]TextEntry, error) {
	d := xml.NewDecoder(bytes.NewReader(b))
	d.Strict = false
	var (
		out   []TextEntry
		depth int
		key   string
		val   strings.Builder
	)
	for n := 1; ; n++ {
		if n%1024 == 0 && ctx.Err() != nil {
			return out, ctx.Err()
		}
		tok, err := d.RawToken()
		if err != nil {
			if errors.Is(err, io.EOF) {
				return out, nil
			}
			return out, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			if depth > lim.MaxDepth {
				return out, fmt.Errorf("nesting deeper than %d: %w", lim.MaxDepth, ErrTooLarge)
			}
			if depth == 2 {
				key = docxPropKey(t, custom)
				val.Reset()
			}
		case xml.CharData:
			valueDepth := depth == 2
			if custom {
				valueDepth = depth >= 3
			}
			if valueDepth && val.Len() < 64<<10 {
				val.Write(t)
			}
		case xml.EndElement:
			if depth == 2 && key != "" && len(out) < docxMaxFields {
				if v := strings.TrimSpace(val.String()); v != "" || custom {
					out = append(out, TextEntry{Key: key, Value: v})
				}
				if custom {
					key = ""
				}
			}
			depth--
		}
	}
}

// docxPropKey names the property a root child holds; "" when it holds none.
func docxPropKey(t xml.StartElement, custom bool) string {
	if !custom {
		return qname(t.Name)
	}
	if t.Name.Local != "property" {
		return ""
	}
	name := ""
	for _, a := range t.Attr {
		if a.Name.Local == "name" {
			name = a.Value
		}
	}
	return name
}

func qname(n xml.Name) string {
	if n.Space == "" {
		return n.Local
	}
	return n.Space + ":" + n.Local
}

// docxBodyText extracts the text of word/document.xml: the content of
// w:t runs, w:tab as a tab, w:br and w:cr as line breaks, one line per
// paragraph (w:p). Deleted text (w:delText) is not part of the document.
func docxBodyText(ctx context.Context, b []byte, lim Limits) (string, error) {
	d := xml.NewDecoder(bytes.NewReader(b))
	d.Strict = false
	var sb strings.Builder
	inText := false
	depth := 0
	for n := 1; ; n++ {
		if n%1024 == 0 && ctx.Err() != nil {
			return sb.String(), ctx.Err()
		}
		tok, err := d.RawToken()
		if err != nil {
			if errors.Is(err, io.EOF) {
				err = nil
			}
			return sb.String(), err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			if depth > 4*lim.MaxDepth {
				return sb.String(), fmt.Errorf("nesting deeper than %d: %w", 4*lim.MaxDepth, ErrTooLarge)
			}
			switch t.Name.Local {
			case "t":
				inText = true
			case "tab":
				sb.WriteByte('\t')
			case "br", "cr":
				sb.WriteByte('\n')
			}
		case xml.EndElement:
			depth--
			switch t.Name.Local {
			case "t":
				inText = false
			case "p":
				sb.WriteByte('\n')
			}
		case xml.CharData:
			if inText {
				sb.Write(t)
			}
		}
	}
}
