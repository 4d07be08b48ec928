package document

import (
	"testing"

	"github.com/provcheck/provcheck/detectors"
	"github.com/provcheck/provcheck/provenance/container"
	"github.com/provcheck/provcheck/provenance/xmp"
	"github.com/provcheck/provcheck/reports"
)

func run1(t *testing.T, format string, entries ...container.TextEntry) []reports.Signal {
	t.Helper()
	var got []reports.Signal
	p := &detectors.Pass{Inv: &container.Inventory{Format: format, Text: entries}, Report: func(s reports.Signal) { got = append(got, s) }}
	if err := Detector.Run(t.Context(), p); err != nil {
		t.Fatal(err)
	}
	return got
}

func TestDocumentSignals(t *testing.T) {
	e := func(src, key, val string) container.TextEntry {
		return container.TextEntry{Source: src, Key: key, Value: val, Offset: 100}
	}
	tests := []struct {
		name     string
		format   string
		entries  []container.TextEntry
		ids      []string
		strength reports.Strength // of the AI signal, if any
		tool     string
	}{
		{"plain pdf", "pdf", []container.TextEntry{e("pdf:info", "Creator", "Microsoft® Word for Microsoft 365"), e("pdf:info", "Producer", "Microsoft® Word"), e("pdf:info", "Author", "Ana Lima")},
			[]string{SigPDFInfo}, "", ""},
		{"pdf producer ChatGPT", "pdf", []container.TextEntry{e("pdf:info", "Producer", "ChatGPT PDF export")},
			[]string{SigPDFInfo, SigPDFAITool}, reports.StrengthDeclared, "OpenAI"},
		{"bare Gemini as creator", "pdf", []container.TextEntry{e("pdf:info", "Creator", " Gemini ")},
			[]string{SigPDFInfo, SigPDFAITool}, reports.StrengthDeclared, "Google Gemini"},
		{"Jasper as an author is a person", "docx", []container.TextEntry{e("docx:core", "dc:creator", "Jasper")},
			[]string{SigDOCXProps}, "", ""},
		{"Jasper.ai in a custom property", "docx", []container.TextEntry{e("docx:custom", "GeneratedBy", "Jasper.ai")},
			[]string{SigDOCXProps, SigDOCXAITool}, reports.StrengthModerate, "Jasper"},
		{"Copy.ai as application", "docx", []container.TextEntry{e("docx:app", "Application", "Copy.ai")},
			[]string{SigDOCXProps, SigDOCXAITool}, reports.StrengthDeclared, "Copy.ai"},
		{"title about ChatGPT is not a declaration", "docx", []container.TextEntry{e("docx:core", "dc:title", "How newsrooms test ChatGPT")},
			[]string{SigDOCXProps}, "", ""},
		{"html generator", "html", []container.TextEntry{e("html:meta", "generator", "WordPress 6.5"), e("html:meta", "viewport", "width=device-width")},
			[]string{SigHTMLMeta}, "", ""},
		{"html AI generator", "html", []container.TextEntry{e("html:meta", "generator", "Writesonic")},
			[]string{SigHTMLMeta, SigHTMLAIGen}, reports.StrengthDeclared, "Writesonic"},
		{"image formats are not documents", "png", []container.TextEntry{e("tEXt", "Software", "ChatGPT")}, nil, "", ""},
		{"no fields", "pdf", nil, nil, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := run1(t, tt.format, tt.entries...)
			if len(got) != len(tt.ids) {
				t.Fatalf("signals %+v, want %v", got, tt.ids)
			}
			for i, s := range got {
				if s.ID != tt.ids[i] || s.Message == "" || s.Explanation == "" || len(s.Evidence) == 0 {
					t.Errorf("signal %d = %+v, want %s with message, explanation, evidence", i, s, tt.ids[i])
				}
				if s.Direction == reports.DirAI {
					if s.Strength != tt.strength || s.Evidence["tool"] != tt.tool {
						t.Errorf("AI signal %s/%v, want %s/%s", s.Strength, s.Evidence["tool"], tt.strength, tt.tool)
					}
				} else if s.Direction != reports.DirInfo {
					t.Errorf("metadata signal direction %s", s.Direction)
				}
			}
		})
	}
}

func TestDocumentThroughWalker(t *testing.T) {
	html := []byte("<!doctype html><html><head><meta name=\"generator\" content=\"Jasper AI\"></head><body>x</body></html>")
	inv, err := container.Walk(t.Context(), html, container.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	var got []reports.Signal
	p := &detectors.Pass{Inv: inv, Report: func(s reports.Signal) { got = append(got, s) }}
	if !Detector.Applies(inv.MediaType) {
		t.Fatalf("detector does not apply to %s", inv.MediaType)
	}
	if err := Detector.Run(t.Context(), p); err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[1].ID != SigHTMLAIGen || got[1].Evidence["offset"].(int64) <= 0 {
		t.Errorf("signals %+v", got)
	}
}

func TestDocumentPDFXMP(t *testing.T) {
	var got []reports.Signal
	inv := &container.Inventory{Format: "pdf", XMP: []container.Block{{Source: "pdf:metadata", Offset: 77}}}
	p := &detectors.Pass{
		Inv: inv,
		XMP: func() []*xmp.Packet {
			return []*xmp.Packet{{Props: []xmp.Property{{NS: xmp.NSXMP, Name: "CreatorTool", Value: "Jasper"}}}}
		},
		Report: func(s reports.Signal) { got = append(got, s) },
	}
	if err := Detector.Run(t.Context(), p); err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[1].ID != SigPDFAITool || got[1].Evidence["source"] != "pdf:xmp" || got[1].Evidence["offset"] != int64(77) {
		t.Errorf("signals %+v", got)
	}
}
