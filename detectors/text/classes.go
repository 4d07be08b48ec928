package text

import "unicode"

// class is a kind of invisible or unusual character the scanner counts.
type class int

const (
	classNone       class = iota
	classZeroWidth        // U+200B..U+200D, U+2060, U+FEFF, U+180E
	classBidi             // embeddings, overrides, isolates: U+202A..U+202E, U+2066..U+2069
	classBidiMark         // U+200E LRM, U+200F RLM, U+061C ALM
	classTag              // U+E0000..U+E007F
	classVariation        // U+FE00..U+FE0F, U+E0100..U+E01EF
	classSoftHyphen       // U+00AD
	classFormat           // other format (Cf) characters and invisible fillers
	classControl          // C0 controls but tab, LF, CR, FF; DEL; C1 controls
	classSpace            // no-break, narrow and typographic spaces
	numClasses
)

// classify names the class of r. It is on the hot path: ASCII returns after
// one comparison or two.
func classify(r rune) class {
	if r < 0x80 {
		if r < 0x20 && r != '\t' && r != '\n' && r != '\r' && r != '\f' || r == 0x7F {
			return classControl
		}
		return classNone
	}
	switch {
	case r <= 0x9F:
		return classControl
	case r == 0xA0:
		return classSpace
	case r == 0xAD:
		return classSoftHyphen
	case r == 0x200B, r == 0x200C, r == 0x200D, r == 0x2060, r == 0xFEFF, r == 0x180E:
		return classZeroWidth
	case r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069:
		return classBidi
	case r == 0x200E, r == 0x200F, r == 0x061C:
		return classBidiMark
	case r >= 0xE0000 && r <= 0xE007F:
		return classTag
	case r >= 0xFE00 && r <= 0xFE0F, r >= 0xE0100 && r <= 0xE01EF:
		return classVariation
	case r == 0x202F, r >= 0x2000 && r <= 0x200A, r == 0x205F, r == 0x3000:
		return classSpace
	case r == 0x034F, r == 0x115F, r == 0x1160, r == 0x17B4, r == 0x17B5, r == 0x3164, r == 0xFFA0:
		// Default-ignorable characters outside Cf: the combining grapheme
		// joiner and the Hangul and Khmer fillers render as nothing and are
		// a known way to make "blank" names and hidden text.
		return classFormat
	case prependedMark(r):
		return classNone
	case unicode.Is(unicode.Cf, r):
		return classFormat
	}
	return classNone
}

// prependedMark reports the Cf characters that are ordinary parts of their
// scripts (Arabic number signs, Syriac abbreviation mark, Kaithi number
// signs): they are visible marks, not hidden ones.
func prependedMark(r rune) bool {
	switch {
	case r >= 0x0600 && r <= 0x0605, r == 0x06DD, r == 0x070F, r == 0x0890, r == 0x0891, r == 0x08E2,
		r == 0x110BD, r == 0x110CD:
		return true
	}
	return false
}

// emojiLike reports runes that take part in emoji sequences, where ZWJ and
// variation selectors are expected.
func emojiLike(r rune) bool {
	switch {
	case r >= 0x1F000 && r <= 0x1FAFF, r >= 0x2600 && r <= 0x27BF, r >= 0x2B00 && r <= 0x2BFF:
		return true
	case r == 0xFE0F, r == 0x20E3, r == 0x2640, r == 0x2642, r == 0x2695, r == 0x2708:
		return true
	}
	return r > 0x7F && unicode.Is(unicode.So, r)
}

// joiningScript reports letters and marks of scripts in which ZWJ and ZWNJ
// are part of normal spelling (Arabic, Persian, the Indic and Southeast
// Asian scripts...): everything from Hebrew onwards that is a letter or a
// mark. Latin, Greek and Cyrillic do not use them.
func joiningScript(r rune) bool {
	return r >= 0x0590 && (unicode.IsLetter(r) || unicode.IsMark(r))
}

// rtlLetter reports letters of right-to-left scripts, whose presence makes
// bidi controls ordinary typography.
func rtlLetter(r rune) bool {
	switch {
	case r >= 0x0590 && r <= 0x08FF, r >= 0xFB1D && r <= 0xFDFF, r >= 0xFE70 && r <= 0xFEFC,
		r >= 0x10800 && r <= 0x10FFF, r >= 0x1E800 && r <= 0x1EFFF:
		return unicode.IsLetter(r)
	}
	return false
}

// variationByte decodes one variation selector to the byte it carries in
// the byte-per-selector encoding used by C2PA text manifests and other
// smuggling schemes: U+FE00..U+FE0F carry 0x00..0x0F, U+E0100..U+E01EF carry
// 0x10..0xFF.
func variationByte(r rune) byte {
	if r >= 0xE0100 {
		return byte(r-0xE0100) + 0x10
	}
	return byte(r - 0xFE00)
}
