package container

import (
	"strings"
	"testing"
	"unicode/utf16"
	"unicode/utf8"
)

// A text past Limits.MaxText is read as a window: the Body stays within
// the cap, is cut on a character boundary (no U+FFFD from the cut), and
// one warning says which bytes were not read.
func TestTextWindow(t *testing.T) {
	line := strings.Repeat("Grüße aus Köln 😀 ", 700) // multi-byte and surrogate-pair characters
	u16 := utf16.Encode([]rune(line))
	le := []byte{0xFF, 0xFE}
	for _, u := range u16 {
		le = append(le, byte(u), byte(u>>8))
	}
	for _, tt := range []struct {
		name string
		data []byte
	}{
		{"utf-8", []byte(line)},
		{"utf-16le", le},
	} {
		for _, max := range []int{1000, 1001, 1002, 1003} {
			inv, err := Walk(t.Context(), tt.data, Limits{MaxText: max})
			if err != nil {
				t.Fatal(err)
			}
			if !utf8.ValidString(inv.Body) || strings.ContainsRune(inv.Body, utf8.RuneError) {
				t.Errorf("%s, cap %d: body not cut on a character boundary", tt.name, max)
			}
			if len(inv.Body) == 0 || len(inv.Body) > 2*max || !strings.HasPrefix(line, inv.Body) {
				t.Errorf("%s, cap %d: body of %d bytes is not a prefix within the cap", tt.name, max, len(inv.Body))
			}
			var limits int
			for _, w := range inv.Warnings {
				if w.Code == "limit" {
					limits++
				} else {
					t.Errorf("%s, cap %d: unexpected warning %v", tt.name, max, w)
				}
			}
			if limits != 1 {
				t.Errorf("%s, cap %d: %d limit warnings, want 1", tt.name, max, limits)
			}
		}
	}
}
