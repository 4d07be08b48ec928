package container

import (
	"strings"
	"testing"
)

func textEntries(inv *Inventory, source string) map[string]string {
	out := map[string]string{}
	for _, e := range inv.Text {
		if e.Source == source {
			out[e.Key] = e.Value
		}
	}
	return out
}

func TestSniffDocuments(t *testing.T) {
	tests := []struct {
		name       string
		data       []byte
		format, mt string
	}{
		{"docx", sampleDOCX(t), "docx", mediaDOCX},
		{"zip without word/document.xml", buildDOCX(t, [2]string{"a.txt", "hello"}), "unknown", "application/octet-stream"},
		{"pdf", samplePDF(t), "pdf", "application/pdf"},
		{"html doctype", []byte(sampleHTML), "html", "text/html"},
		{"html after bom and comment", []byte("\xEF\xBB\xBF  <!-- x --><HTML><body>x</body></HTML>"), "html", "text/html"},
		{"text mentioning html", []byte("Write <html> at the top of the file.\n"), "text", "text/plain"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, mt := Sniff(tt.data)
			if f != tt.format || mt != tt.mt {
				t.Errorf("Sniff = %s %s, want %s %s", f, mt, tt.format, tt.mt)
			}
		})
	}
}

func TestWalkHTML(t *testing.T) {
	inv, err := Walk(t.Context(), []byte(sampleHTML), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	want := "Budget – approved\nCouncil approves budget\nThe council approved the budget\non Tuesday.\nCafé owners <cheered>.\n"
	if inv.Body != want {
		t.Errorf("Body = %q\nwant   %q", inv.Body, want)
	}
	meta := textEntries(inv, "html:meta")
	if meta["generator"] != "WordPress 6.5" || meta["author"] != "Ana & Bo" || meta["og:site_name"] != "Example News" {
		t.Errorf("meta = %v", meta)
	}
	if _, ok := meta["charset"]; ok {
		t.Error("a charset meta without content was recorded")
	}
	for _, e := range inv.Text {
		if e.Offset <= 0 || !strings.HasPrefix(strings.ToLower(sampleHTML[e.Offset:]), "<meta") {
			t.Errorf("meta %q offset %d does not point at its tag", e.Key, e.Offset)
		}
	}
}

func TestWalkHTMLDamaged(t *testing.T) {
	tests := []struct{ name, doc, body string }{
		{"unclosed script", "<html><body>Hi<script>never closed", "Hi\n"},
		{"unclosed comment", "<html><body>Hi<!-- never", "Hi\n"},
		{"stray less-than", "<html><body>1 < 2 and a<b</body>", "1 < 2 and a\n"},
		{"unterminated attribute", `<html><meta name="generator content=x`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inv := &Inventory{}
			if err := walkHTML(t.Context(), inv, []byte(tt.doc), DefaultLimits); err != nil {
				t.Fatal(err)
			}
			if inv.Body != tt.body {
				t.Errorf("Body = %q, want %q", inv.Body, tt.body)
			}
		})
	}
}

func TestWalkDOCX(t *testing.T) {
	inv, err := Walk(t.Context(), sampleDOCX(t), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	core := textEntries(inv, "docx:core")
	if core["dc:creator"] != "Ana Lima" || core["cp:lastModifiedBy"] != "Press Office" || core["dcterms:created"] != "2026-03-01T09:00:00Z" {
		t.Errorf("core = %v", core)
	}
	app := textEntries(inv, "docx:app")
	if app["Application"] != "Microsoft Office Word" || app["AppVersion"] != "16.0000" || app["TotalTime"] != "42" {
		t.Errorf("app = %v", app)
	}
	if c := textEntries(inv, "docx:custom"); c["GeneratedBy"] != "Jasper" {
		t.Errorf("custom = %v", c)
	}
	if want := "The council approved the budget.\nItem\tValue & more\n"; inv.Body != want {
		t.Errorf("Body = %q, want %q", inv.Body, want)
	}
	if len(inv.Warnings) != 0 {
		t.Errorf("warnings %v", inv.Warnings)
	}
}

func TestWalkDOCXLimits(t *testing.T) {
	big := docxDocument(strings.Repeat("word ", 10_000))
	data := buildDOCX(t, [2]string{"word/document.xml", big})
	inv := &Inventory{}
	if err := walkDOCX(t.Context(), inv, data, Limits{MaxInflate: 1000, MaxBlocks: 100, MaxDepth: 8}.withDefaults()); err != nil {
		t.Fatal(err)
	}
	if len(inv.Body) > 1000 {
		t.Errorf("body of %d bytes from a part capped at 1000", len(inv.Body))
	}
	if !hasWarning(inv, "limit") {
		t.Errorf("no limit warning: %v", inv.Warnings)
	}
	if err := walkDOCX(t.Context(), &Inventory{}, buildDOCX(t, [2]string{"a", "b"}), DefaultLimits); err == nil {
		t.Error("an archive without word/document.xml walked without error")
	}
}

func hasWarning(inv *Inventory, code string) bool {
	for _, w := range inv.Warnings {
		if w.Code == code {
			return true
		}
	}
	return false
}

func TestWalkPDF(t *testing.T) {
	data := samplePDF(t)
	inv, err := Walk(t.Context(), data, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	info := textEntries(inv, "pdf:info")
	want := map[string]string{"Title": "Café", "Author": "Ana Lima", "Creator": "Microsoft® Word", "Producer": "ChatGPT export", "CreationDate": "D:20260301090000Z"}
	for k, v := range want {
		if info[k] != v {
			t.Errorf("Info %s = %q, want %q", k, info[k], v)
		}
	}
	if len(inv.XMP) != 1 || string(inv.XMP[0].Data) != pdfXMP || inv.XMP[0].Source != "pdf:metadata" {
		t.Errorf("XMP = %+v", inv.XMP)
	}
	if wantBody := "The minister (acting) said\nno comment.\nSecond pages\n"; inv.Body != wantBody {
		t.Errorf("Body = %q, want %q", inv.Body, wantBody)
	}
}

func TestWalkPDFObjectStream(t *testing.T) {
	inv, err := Walk(t.Context(), objStmPDF(t), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if info := textEntries(inv, "pdf:info"); info["Producer"] != "Gemini" {
		t.Errorf("info = %v (warnings %v)", info, inv.Warnings)
	}
	if inv.Body != "Hello from an object stream.\n" {
		t.Errorf("Body = %q", inv.Body)
	}
}

func TestWalkPDFDamaged(t *testing.T) {
	good := samplePDF(t)
	tests := []struct {
		name string
		data []byte
		err  bool
	}{
		{"truncated in the middle", good[:len(good)/2], false},
		{"no objects", []byte("%PDF-1.4\n%%EOF"), true},
		{"deep arrays", []byte("%PDF-1.4\n1 0 obj\n" + strings.Repeat("[", 10_000) + "\nendobj\n"), false},
		{"glyph-coded text", []byte("%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [3 0 R] >>\nendobj\n3 0 obj\n<< /Type /Page /Contents 4 0 R >>\nendobj\n4 0 obj\n<< /Length 30 >>\nstream\nBT <0003000400050006> Tj ET   \nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inv := &Inventory{}
			err := walkPDF(t.Context(), inv, tt.data, DefaultLimits)
			if (err != nil) != tt.err {
				t.Fatalf("err = %v, want error %v", err, tt.err)
			}
			if strings.ContainsRune(inv.Body, 0) || strings.ContainsRune(inv.Body, 3) {
				t.Errorf("Body holds glyph codes: %q", inv.Body)
			}
		})
	}
}
