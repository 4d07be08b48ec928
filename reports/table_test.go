package reports

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

func TestWrapNeverCuts(t *testing.T) {
	tests := []struct {
		name, text string
		width      int
	}{
		{"words", "check who signed it and whether that organisation is one you trust", 20},
		{"long word", strings.Repeat("abcdef", 30), 17},
		{"wide letters", strings.Repeat("漢字かな ", 20), 15},
		{"combining", strings.Repeat("e\u0301", 50), 10},
		{"controls", "a\x1b[31mred\x00\nline", 8},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lines := Wrap(tt.text, tt.width, "  ", "    ")
			for _, l := range lines {
				if Width(l) > tt.width {
					t.Errorf("line %q is %d columns wide, over %d", l, Width(l), tt.width)
				}
				if strings.ContainsFunc(l, isControl) {
					t.Errorf("line %q carries a control character", l)
				}
			}
			got := strings.Join(strings.Fields(strings.Join(lines, "")), "")
			want := strings.Join(strings.Fields(Clean(tt.text)), "")
			if got != want {
				t.Errorf("wrapping lost text:\n got %q\nwant %q", got, want)
			}
		})
	}
}

func TestShortenLeft(t *testing.T) {
	for _, tt := range []struct {
		in   string
		n    int
		want string
	}{
		{"photos/a.jpg", 20, "photos/a.jpg"},
		{"archive/2026/photos/harbour.jpg", 12, "…harbour.jpg"},
		{"写真/港.jpg", 7, "…港.jpg"},
	} {
		if got := ShortenLeft(tt.in, tt.n); got != tt.want || Width(got) > tt.n {
			t.Errorf("ShortenLeft(%q, %d) = %q, want %q", tt.in, tt.n, got, tt.want)
		}
	}
}

func TestTableColor(t *testing.T) {
	r := fixture()
	var plain, color bytes.Buffer
	TableWriter{}.Write(context.Background(), &plain, r)
	TableWriter{Color: true}.Write(context.Background(), &color, r)
	if strings.Contains(plain.String(), "\x1b[") {
		t.Error("plain table carries ANSI escapes")
	}
	if !strings.Contains(color.String(), verdictColor[VerdictAIDeclared]+"ai-declared") {
		t.Error("coloured table does not colour the verdict")
	}
	if got := stripANSI(color.String()); got != plain.String() {
		t.Errorf("colours changed the layout:\n%s\nvs\n%s", got, plain.String())
	}
}

func stripANSI(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == 0x1b {
			for i < len(s) && s[i] != 'm' {
				i++
			}
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}
