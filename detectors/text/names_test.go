package text

import (
	"testing"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

func TestRuneNames(t *testing.T) {
	for r, want := range map[rune]string{
		0x00:    "NULL",
		0x1B:    "ESCAPE",
		0x1F:    "INFORMATION SEPARATOR ONE",
		0x7F:    "DELETE",
		0x80:    "C1 CONTROL (in Windows-1252, byte 0x80 is €)",
		0x81:    "C1 CONTROL",
		0x9F:    "C1 CONTROL (in Windows-1252, byte 0x9F is Ÿ)",
		0x200B:  "ZERO WIDTH SPACE",
		0xFEFF:  "ZERO WIDTH NO-BREAK SPACE",
		0xE0001: "LANGUAGE TAG",
		0xE0002: "unassigned code point",
		0x0430:  "CYRILLIC SMALL LETTER A",
	} {
		if got := runeName(r); got != want {
			t.Errorf("runeName(%U) = %q, want %q", r, got, want)
		}
	}
	// The Windows-1252 table agrees with the encoding's definition.
	for b := range 32 {
		want := charmap.Windows1252.DecodeByte(byte(0x80 + b))
		if want == utf8.RuneError {
			want = 0
		}
		if cp1252High[b] != want {
			t.Errorf("byte 0x%02X: table has %q, Windows-1252 %q", 0x80+b, cp1252High[b], want)
		}
	}
}
