package text

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"
)

func FuzzScan(f *testing.F) {
	for _, s := range []string{
		"Hello\u200bworld\r\nline two\u202Etxt.exe",
		"Hi" + tags("hello") + "🏴" + tags("gbeng") + "\U000E007F",
		"ok\u263A" + selectors([]byte("secret")) + "\ufeff" + selectors([]byte("C2PATXT\x00\x01\x00\x00\x00\x04jumb")),
		"As an AI language model, I’m sorry, but I can't assist with that.\nRegenerate response",
		"Dear [Recipient's Name],\n\nCertainly! Here's [Insert date here].\n\nBest regards,\nChatGPT",
		"« Bonjour\u202f! »\u00a0hyphen\u00adation \u0092 \x1b[0m \u3164 \u2062",
		"\xff\xfe broken \xe2\x80 utf-8 [your",
		"Pay \u0420aypal or g\u03bfogle; Москва, Ω-shaped",
		"one\r\ntwo \xff\u200b\rthree" + strings.Repeat("\u00a0x", 300) + "\u202eend",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		sigs, err := analyze(t.Context(), body)
		if err != nil {
			t.Fatal(err)
		}
		// The reveal excerpts tile the text they cover, name what they
		// hide truly, and stay within their bounds.
		checkReveal(t, body, sigs)
		if r := Reveal(body); !utf8.ValidString(r) {
			t.Fatalf("Reveal is not UTF-8: %q", r)
		}
		for _, s := range sigs {
			if !strings.HasPrefix(s.ID, "text.") || s.Message == "" || s.Explanation == "" {
				t.Fatalf("malformed signal %+v", s)
			}
			if ex, ok := s.Evidence["excerpt"].(string); ok && !utf8.ValidString(ex) {
				t.Fatalf("%s: excerpt is not UTF-8: %q", s.ID, ex)
			}
			if ps, ok := s.Evidence["positions"].([]Position); ok {
				for _, p := range ps {
					if p.Offset < 0 || p.Offset >= len(body) || p.Line < 1 || p.Column < 1 {
						t.Fatalf("%s: position %+v outside a %d-byte body", s.ID, p, len(body))
					}
				}
			}
			if _, err := json.Marshal(s); err != nil {
				t.Fatalf("%s: %v", s.ID, err)
			}
		}
	})
}
