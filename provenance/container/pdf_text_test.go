package container

import (
	"context"
	"strings"
	"testing"
	"time"
)

func warningsWith(inv *Inventory, code, substr string) int {
	n := 0
	for _, w := range inv.Warnings {
		if w.Code == code && strings.Contains(w.Message, substr) {
			n++
		}
	}
	return n
}

func TestPDFTextLayer(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		body string
		// warn is a substring of an "unsupported" warning the walk must
		// give; "" means no such warning.
		warn string
	}{
		{
			name: "Type 0 Identity-H with ToUnicode",
			data: type0PDF(t),
			body: "The officer files the annual report on time. An 𝐀 flag’d\nzero\u200Bwidth hidden!\n",
			warn: "1 glyph(s) without a Unicode mapping",
		},
		{
			name: "simple fonts: Differences, word spacing, standard widths",
			data: simplePDF(t),
			body: "Café “quoted” – final 😀 price € 5 one two 1 day\nEach headline\nheadline\nit’s\n",
			warn: "1 glyph(s) without a Unicode mapping",
		},
		{
			name: "Form XObjects, nested, cyclic and self-drawing",
			data: formPDF(t),
			body: "Body text.\nFooter in a form.\nNested form.\nLoop once.\n",
		},
		{
			name: "built-in encoding of an embedded Type 1 program",
			data: builtinPDF(t),
			body: "A 2001–2022\n",
		},
		{
			name: "ActualText, Unicode CMap, vertical font",
			data: markedPDF(t),
			body: "over the top\nprocess\n中文 Text😀\nかが\nき\n",
		},
		{
			name: "embedded CMaps that extend predefined ones",
			data: useCMapPDF(t),
			body: "XY\nHi!\n",
		},
		{
			name: "fonts without a Unicode mapping",
			data: unmappedPDF(t),
			body: "Readable words.\n",
			warn: "the text of 1 page(s) could not be decoded: its fonts have no Unicode mapping (XYZABC+Glyphs)",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inv, err := Walk(t.Context(), tt.data, Limits{})
			if err != nil {
				t.Fatal(err)
			}
			if inv.Body != tt.body {
				t.Errorf("Body = %q\nwant   %q", inv.Body, tt.body)
			}
			if got := warningsWith(inv, "unsupported", tt.warn); tt.warn != "" && got == 0 {
				t.Errorf("no warning with %q: %v", tt.warn, inv.Warnings)
			}
			if tt.warn == "" && warningsWith(inv, "unsupported", "") > 0 {
				t.Errorf("unexpected warnings: %v", inv.Warnings)
			}
		})
	}
}

func TestPDFTextPartialPage(t *testing.T) {
	inv, err := Walk(t.Context(), unmappedPDF(t), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if warningsWith(inv, "unsupported", "1 page(s) have text in fonts without a Unicode mapping (XYZABC+Glyphs)") != 1 {
		t.Errorf("no warning for the page that mixes fonts: %v", inv.Warnings)
	}
	for _, r := range inv.Body {
		if r < 0x20 && r != '\n' {
			t.Errorf("Body holds a control character: %q", inv.Body)
		}
	}
}

func TestPDFTextHostile(t *testing.T) {
	lim := Limits{MaxInflate: 1 << 16}.withDefaults()
	start := time.Now()
	inv := &Inventory{}
	if err := walkPDF(t.Context(), inv, hostilePDF(t), lim); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("walk took %v", d)
	}
	if !strings.HasPrefix(inv.Body, "A\nB") || strings.Count(inv.Body, "B") < 100 {
		t.Errorf("Body = %.40q, want the page's text and then the forms'", inv.Body)
	}
	if warningsWith(inv, "limit", "content stream tokens") != 1 {
		t.Errorf("no token limit warning: %v", inv.Warnings)
	}
	if int64(len(inv.Body)) > lim.MaxInflate {
		t.Errorf("Body of %d bytes past the limit", len(inv.Body))
	}
}

func TestPDFTextBodyLimit(t *testing.T) {
	inv := &Inventory{}
	lim := Limits{MaxInflate: 4000}.withDefaults()
	if err := walkPDF(t.Context(), inv, repeatPDF(t, 200), lim); err != nil {
		t.Fatal(err)
	}
	if len(inv.Body) > 4000 || len(inv.Body) < 3000 {
		t.Errorf("Body of %d bytes with a limit of 4000", len(inv.Body))
	}
	if warningsWith(inv, "limit", "text layer longer") != 1 {
		t.Errorf("no body limit warning: %v", inv.Warnings)
	}
}

func TestPDFTextLong(t *testing.T) {
	text := "Moreover, it is important to note that the committee delved into the intricate tapestry of regional budgets. " +
		"The members agreed on a plan\u200B that balances investment and restraint. "
	inv, err := Walk(t.Context(), longTextPDF(t, strings.Repeat(text, 20)), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(strings.Join(strings.Fields(inv.Body), " "), "intricate tapestry"); n != 20 {
		t.Errorf("phrase found %d times, want 20: %.200q", n, inv.Body)
	}
	if n := strings.Count(inv.Body, "\u200B"); n != 20 {
		t.Errorf("%d zero-width spaces, want 20", n)
	}
	if words := len(strings.Fields(inv.Body)); words != 20*len(strings.Fields(text)) {
		t.Errorf("%d words, want %d", words, 20*len(strings.Fields(text)))
	}
}

func TestPDFTextCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	inv := &Inventory{}
	if err := walkPDF(ctx, inv, type0PDF(t), DefaultLimits); err == nil {
		t.Error("a cancelled walk returned no error")
	}
}

func BenchmarkPDFTextLayer(b *testing.B) {
	text := strings.Repeat("The committee approved the regional budget after a long debate on Tuesday evening. ", 400)
	data := longTextPDF(b, text)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		inv := &Inventory{}
		if err := walkPDF(b.Context(), inv, data, DefaultLimits); err != nil || inv.Body == "" {
			b.Fatalf("err %v, %d bytes of text", err, len(inv.Body))
		}
	}
}

func TestPDFPageJoin(t *testing.T) {
	tests := []struct {
		before, next string
		want         byte
	}{
		{"the sentence runs over the", "page break.", ' '},
		{"a list, of things,", "and more", ' '},
		{"A sentence ends.", "another starts", '\n'},
		{"A heading", "Body text", '\n'},
		{"Footer 12", "text", '\n'},
	}
	for _, tt := range tests {
		if got := pdfPageJoin(tt.before, tt.next); got != tt.want {
			t.Errorf("pdfPageJoin(%q, %q) = %q, want %q", tt.before, tt.next, got, tt.want)
		}
	}
}
