package text

import (
	"fmt"

	"golang.org/x/text/unicode/runenames"
)

// c0Names are the Unicode name aliases of the C0 controls: the character
// database gives them no name of their own ("<control>").
var c0Names = [32]string{
	"NULL", "START OF HEADING", "START OF TEXT", "END OF TEXT", "END OF TRANSMISSION", "ENQUIRY", "ACKNOWLEDGE", "BELL",
	"BACKSPACE", "CHARACTER TABULATION", "LINE FEED", "LINE TABULATION", "FORM FEED", "CARRIAGE RETURN", "SHIFT OUT", "SHIFT IN",
	"DATA LINK ESCAPE", "DEVICE CONTROL ONE", "DEVICE CONTROL TWO", "DEVICE CONTROL THREE", "DEVICE CONTROL FOUR",
	"NEGATIVE ACKNOWLEDGE", "SYNCHRONOUS IDLE", "END OF TRANSMISSION BLOCK", "CANCEL", "END OF MEDIUM", "SUBSTITUTE", "ESCAPE",
	"INFORMATION SEPARATOR FOUR", "INFORMATION SEPARATOR THREE", "INFORMATION SEPARATOR TWO", "INFORMATION SEPARATOR ONE",
}

// cp1252High is what the bytes 0x80..0x9F stand for in Windows-1252; 0
// where it defines none.
var cp1252High = [32]rune{
	'€', 0, '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', 0, 'Ž', 0,
	0, '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', 0, 'ž', 'Ÿ',
}

// runeName is the name a reveal badge shows for r. C1 controls also say
// which Windows-1252 character their byte stands for: that is what they
// almost always were before a wrong decoding turned them into controls.
func runeName(r rune) string {
	switch {
	case r >= 0 && r < 0x20:
		return c0Names[r]
	case r == 0x7F:
		return "DELETE"
	case r >= 0x80 && r <= 0x9F:
		if w := cp1252High[r-0x80]; w != 0 {
			return fmt.Sprintf("C1 CONTROL (in Windows-1252, byte 0x%02X is %c)", r, w)
		}
		return "C1 CONTROL"
	}
	if n := runenames.Name(r); n != "" {
		return n
	}
	return "unassigned code point"
}
