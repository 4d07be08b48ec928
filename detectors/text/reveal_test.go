package text

import (
	"strings"
	"testing"
)

func TestReveal(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain text\nline two\ttab", "plain text\nline two\ttab"},
		{"zero\u200bwidth", "zero⟨U+200B⟩width"},
		{"bidi \u202Eevil\u202C", "bidi ⟨U+202E⟩evil⟨U+202C⟩"},
		{"nb\u00a0sp soft\u00adhyphen", "nb⟨U+00A0⟩sp soft⟨U+00AD⟩hyphen"},
		{"emoji ❤\uFE0F", "emoji ❤⟨U+FE0F⟩"},
		{"end\uFEFF" + strings.Repeat("\U000E0100", 20), "end⟨U+FEFF⟩⟨20 variation selectors U+E0100…⟩"},
		{"tags\U000E0041\U000E0042", "tags⟨U+E0041⟩⟨U+E0042⟩"},
		{"bad \xff byte", "bad \uFFFD byte"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := Reveal(tt.in); got != tt.want {
			t.Errorf("Reveal(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestMixedScript(t *testing.T) {
	tests := []struct {
		name  string
		body  string
		count int
		first string
	}{
		{"cyrillic look-alike in a latin word", "Pay your bill at \u0420aypal today, or \u0440aypal.", 2, "Рaypal"},
		{"greek omicron inside", "g\u03bfogle", 1, "gοogle"},
		{"pure cyrillic word", "Москва is a city", 0, ""},
		{"greek notation", "an Ω-shaped curve and αβ-test", 0, ""},
		{"accented latin", "naïve café Ærø", 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			words, total, err := scanMixedScript(t.Context(), tt.body)
			if err != nil {
				t.Fatal(err)
			}
			if total != tt.count {
				t.Fatalf("count %d, want %d (%v)", total, tt.count, words)
			}
			sigs := mixedScriptSignal(tt.body, words, total)
			if tt.count == 0 {
				if len(sigs) != 0 {
					t.Errorf("signals %v", sigs)
				}
				return
			}
			if words[0].word != tt.first || tt.body[words[0].pos.Offset:][:len(tt.first)] != tt.first {
				t.Errorf("first word %q at %d, want %q", words[0].word, words[0].pos.Offset, tt.first)
			}
			if len(sigs) != 1 || sigs[0].ID != "text.mixed-script" || sigs[0].Evidence["count"] != tt.count {
				t.Errorf("signals %+v", sigs)
			}
		})
	}
}
