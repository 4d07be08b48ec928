package container

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf16"
)

func textUTF16(s string, bigEndian bool) []byte {
	var b []byte
	for _, u := range utf16.Encode([]rune(s)) {
		if bigEndian {
			b = append(b, byte(u>>8), byte(u))
		} else {
			b = append(b, byte(u), byte(u>>8))
		}
	}
	return b
}

func textUTF32(s string, bigEndian bool) []byte {
	var b []byte
	for _, r := range s {
		if bigEndian {
			b = append(b, byte(r>>24), byte(r>>16), byte(r>>8), byte(r))
		} else {
			b = append(b, byte(r), byte(r>>8), byte(r>>16), byte(r>>24))
		}
	}
	return b
}

func textCat(parts ...[]byte) []byte { return bytes.Join(parts, nil) }

func TestWalkText(t *testing.T) {
	const sample = "Café résumé 😀 done.\n"
	tests := []struct {
		name     string
		data     []byte
		body     string
		enc      string
		media    string
		segments []Segment
		warn     string // code of the one expected warning, "" for none
	}{
		{
			name: "utf-8", data: []byte(sample), body: sample, enc: "utf-8", media: "text/plain",
			segments: []Segment{{Type: "body", Offset: 0, Length: int64(len(sample))}},
		},
		{
			name: "utf-8 bom", data: textCat([]byte("\xEF\xBB\xBF"), []byte(sample)), body: sample, enc: "utf-8-bom", media: "text/plain",
			segments: []Segment{{Type: "BOM", Offset: 0, Length: 3}, {Type: "body", Offset: 3, Length: int64(len(sample))}},
		},
		{
			name: "utf-16le bom", data: textCat([]byte{0xFF, 0xFE}, textUTF16(sample, false)), body: sample, enc: "utf-16le", media: "text/plain",
			segments: []Segment{{Type: "BOM", Offset: 0, Length: 2}, {Type: "body", Offset: 2, Length: int64(len(textUTF16(sample, false)))}},
		},
		{
			name: "utf-16be bom", data: textCat([]byte{0xFE, 0xFF}, textUTF16(sample, true)), body: sample, enc: "utf-16be", media: "text/plain",
			segments: []Segment{{Type: "BOM", Offset: 0, Length: 2}, {Type: "body", Offset: 2, Length: int64(len(textUTF16(sample, true)))}},
		},
		{
			name: "utf-32le bom", data: textCat([]byte{0xFF, 0xFE, 0, 0}, textUTF32(sample, false)), body: sample, enc: "utf-32le", media: "text/plain",
			segments: []Segment{{Type: "BOM", Offset: 0, Length: 4}, {Type: "body", Offset: 4, Length: int64(4 * len([]rune(sample)))}},
		},
		{
			name: "utf-32be bom", data: textCat([]byte{0, 0, 0xFE, 0xFF}, textUTF32(sample, true)), body: sample, enc: "utf-32be", media: "text/plain",
			segments: []Segment{{Type: "BOM", Offset: 0, Length: 4}, {Type: "body", Offset: 4, Length: int64(4 * len([]rune(sample)))}},
		},
		{
			// A lone high surrogate (D800) between "ab" and "cd".
			name: "utf-16le unpaired surrogate", data: []byte{0xFF, 0xFE, 'a', 0, 'b', 0, 0x00, 0xD8, 'c', 0, 'd', 0},
			body: "ab\uFFFDcd", enc: "utf-16le", media: "text/plain", warn: "malformed",
			segments: []Segment{{Type: "BOM", Offset: 0, Length: 2}, {Type: "body", Offset: 2, Length: 10}},
		},
		{
			name: "utf-16be odd length", data: []byte{0xFE, 0xFF, 0, 'h', 0, 'i', 0},
			body: "hi", enc: "utf-16be", media: "text/plain", warn: "truncated",
			segments: []Segment{{Type: "BOM", Offset: 0, Length: 2}, {Type: "body", Offset: 2, Length: 5}},
		},
		{
			name: "windows-1252", data: []byte("The caf\xe9 owner said \x93we are open\x94 to a na\xefve reporter.\n"),
			body: "The café owner said “we are open” to a naïve reporter.\n", enc: "windows-1252", media: "text/plain", warn: "malformed",
			segments: []Segment{{Type: "body", Offset: 0, Length: 55}},
		},
		{
			// More valid multi-byte sequences than broken bytes: UTF-8 with damage.
			name: "utf-8 with a broken byte", data: []byte("é è à ç \xff ok\n"),
			body: "é è à ç \uFFFD ok\n", enc: "utf-8", media: "text/plain", warn: "malformed",
			segments: []Segment{{Type: "body", Offset: 0, Length: 17}},
		},
		{
			name: "bom only", data: []byte("\xEF\xBB\xBF"), body: "", enc: "utf-8-bom", media: "text/plain",
			segments: []Segment{{Type: "BOM", Offset: 0, Length: 3}},
		},
		{
			name: "markdown",
			data: []byte("# Release notes\n\nSome text.\n\n- first\n- second, see [the docs](https://example.org/docs)\n"),
			enc:  "utf-8", media: "text/markdown",
			segments: []Segment{{Type: "body", Offset: 0, Length: 88}},
		},
		{
			name: "heading first", data: []byte("\n# Letter to the editor\n\nDear Editor,\n"), enc: "utf-8", media: "text/markdown",
			segments: []Segment{{Type: "body", Offset: 0, Length: 38}},
		},
		{
			name: "comment further down is plain", data: []byte("Notes\n# not a title\n"), enc: "utf-8", media: "text/plain",
			segments: []Segment{{Type: "body", Offset: 0, Length: 20}},
		},
		{
			name: "list alone is plain", data: []byte("Shopping:\n- milk\n- eggs\n"), enc: "utf-8", media: "text/plain",
			segments: []Segment{{Type: "body", Offset: 0, Length: 24}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !looksLikeText(tt.data) {
				t.Fatalf("looksLikeText(%q) = false", tt.data)
			}
			inv, err := Walk(t.Context(), tt.data, Limits{})
			if err != nil {
				t.Fatal(err)
			}
			if inv.Format != "text" {
				t.Errorf("Format = %q, want text", inv.Format)
			}
			if tt.body != "" && inv.Body != tt.body {
				t.Errorf("Body = %q, want %q", inv.Body, tt.body)
			}
			if inv.Encoding != tt.enc {
				t.Errorf("Encoding = %q, want %q", inv.Encoding, tt.enc)
			}
			if inv.MediaType != tt.media {
				t.Errorf("MediaType = %q, want %q", inv.MediaType, tt.media)
			}
			if !slices.Equal(inv.Segments, tt.segments) {
				t.Errorf("Segments = %+v, want %+v", inv.Segments, tt.segments)
			}
			switch {
			case tt.warn == "" && len(inv.Warnings) > 0:
				t.Errorf("unexpected warnings %v", inv.Warnings)
			case tt.warn != "" && (len(inv.Warnings) != 1 || inv.Warnings[0].Code != tt.warn):
				t.Errorf("warnings = %v, want one %q", inv.Warnings, tt.warn)
			}
		})
	}
}

func TestWalkTextWarningOffset(t *testing.T) {
	// The lone low surrogate DC00 is the third code unit: file offset 2+4.
	data := []byte{0xFF, 0xFE, 'a', 0, 'b', 0, 0x00, 0xDC, 'c', 0}
	inv, err := Walk(t.Context(), data, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if len(inv.Warnings) != 1 || inv.Warnings[0].Offset != 6 {
		t.Fatalf("warnings = %v, want one at offset 6", inv.Warnings)
	}
}

func TestLooksLikeTextRejects(t *testing.T) {
	binary := make([]byte, 4096)
	var x uint32 = 2463534242
	for i := range binary {
		x ^= x << 13
		x ^= x >> 17
		x ^= x << 5
		binary[i] = byte(x)
	}
	tests := []struct {
		name string
		data []byte
	}{
		{"empty", nil},
		{"nul byte", []byte("plain text\x00with a NUL")},
		{"control characters", []byte("a\x01b\x02c\x03d\x04e\x05f")},
		{"random bytes", binary},
		{"random bytes after a utf-16le bom", textCat([]byte{0xFF, 0xFE}, binary)},
		{"random bytes after a utf-8 bom", textCat([]byte{0xEF, 0xBB, 0xBF}, binary)},
		{"utf-16 without a bom", textUTF16("hello world", false)},
		{"latin-1 that is not mostly ascii", []byte("\xe9\xe8\xe0\xe7\xf9\xe9\xe8 ab")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if looksLikeText(tt.data) {
				t.Errorf("looksLikeText(%q...) = true", tt.data[:min(len(tt.data), 16)])
			}
		})
	}
	if f, _ := Sniff(nil); f != "unknown" {
		t.Errorf("Sniff(empty) = %q, want unknown", f)
	}
}

func TestLooksLikeTextAccepts(t *testing.T) {
	long := strings.Repeat("a", textSniffLen-1) + "é and more"
	tests := []struct {
		name string
		data string
	}{
		{"ascii", "hello\tworld\r\n\f"},
		// A multi-byte rune straddling the sniff window must not count as invalid.
		{"rune across the sniff window", long},
		{"a few c1 controls (mojibake)", strings.Repeat("It\u0092s fine, said the editor. ", 20)},
		{"hidden tag characters", "Hi" + strings.Repeat("\U000E0041", 500)},
		{"terminal log with an escape", "\x1b[1mbold\x1b[0m " + strings.Repeat("log line\n", 20)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !looksLikeText([]byte(tt.data)) {
				t.Errorf("looksLikeText = false")
			}
		})
	}
}

func TestWalkTextFixtures(t *testing.T) {
	tests := []struct {
		file, enc, media, contains string
	}{
		{"text_utf8.txt", "utf-8", "text/plain", "publié\u202fle"},
		{"text_utf8_bom.md", "utf-8-bom", "text/markdown", "# Notes"},
		{"text_utf16le.txt", "utf-16le", "text/plain", "résumé 😀"},
		{"text_utf16be.txt", "utf-16be", "text/plain", "résumé 😀"},
		{"text_cp1252.txt", "windows-1252", "text/plain", "Café “quoted”"},
		{"text_hidden.txt", "utf-8", "text/plain", "\U000E0069\U000E0067"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			inv, err := Walk(t.Context(), data, Limits{})
			if err != nil {
				t.Fatal(err)
			}
			if inv.Format != "text" || inv.Encoding != tt.enc || inv.MediaType != tt.media {
				t.Errorf("got %s %s %s, want text %s %s", inv.Format, inv.Encoding, inv.MediaType, tt.enc, tt.media)
			}
			if !strings.Contains(inv.Body, tt.contains) {
				t.Errorf("Body %q does not contain %q", inv.Body, tt.contains)
			}
		})
	}
}

func TestWalkTextCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	inv := &Inventory{}
	if err := walkText(ctx, inv, []byte("text"), DefaultLimits); err == nil {
		t.Error("walkText on a cancelled context: want an error")
	}
}

func BenchmarkWalkTextUTF16(b *testing.B) {
	data := textCat([]byte{0xFF, 0xFE}, textUTF16(strings.Repeat("Ünïcode text 😀 ", 1<<14), false))
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := Walk(b.Context(), data, Limits{}); err != nil {
			b.Fatal(err)
		}
	}
}

func TestTextHasInlineLink(t *testing.T) {
	tests := []struct {
		line string
		want bool
	}{
		{"see [the docs](https://example.org)", true},
		{"[a](b)", true},
		{"[](b)", false},
		{"[a]()", false},
		{"[a] (b)", false},
		{"call f(x) and g[i]", false},
		{strings.Repeat("](", 1000), false},
	}
	for _, tt := range tests {
		if got := textHasInlineLink(tt.line); got != tt.want {
			t.Errorf("textHasInlineLink(%.20q) = %v, want %v", tt.line, got, tt.want)
		}
	}
}
