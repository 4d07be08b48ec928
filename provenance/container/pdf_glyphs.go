package container

import (
	"strconv"
	"strings"
	"sync"
)

// Glyph names: simple fonts name their glyphs (/Differences, the standard
// encodings, a Type 1 program's built-in encoding), and the name is all
// that says which character a glyph draws. provcheck keeps a compact subset
// of the Adobe Glyph List: the names of the standard PDF encodings, Latin-1
// and Latin Extended-A, Greek, the common ligatures, punctuation and the
// mathematical names of the Symbol font. Names outside it are read by the
// Adobe conventions "uniXXXX" (one or more UTF-16 code units), "uXXXX" to
// "uXXXXXX", a ".suffix" that names a variant, and "a_b" ligatures. Names
// such as "g12" or "cid042" number glyphs and say nothing about the
// character: they decode to nothing.

// pdfGlyphRuns lists names in code point order from a first code point;
// "-" leaves a code point without a name.
var pdfGlyphRuns = []struct {
	first rune
	names string
}{
	{0x20, `space exclam quotedbl numbersign dollar percent ampersand quotesingle parenleft parenright
		asterisk plus comma hyphen period slash zero one two three four five six seven eight nine colon
		semicolon less equal greater question at A B C D E F G H I J K L M N O P Q R S T U V W X Y Z
		bracketleft backslash bracketright asciicircum underscore grave a b c d e f g h i j k l m n o p q
		r s t u v w x y z braceleft bar braceright asciitilde`},
	{0xA0, `nbspace exclamdown cent sterling currency yen brokenbar section dieresis copyright ordfeminine
		guillemotleft logicalnot sfthyphen registered macron degree plusminus twosuperior threesuperior
		acute mu paragraph periodcentered cedilla onesuperior ordmasculine guillemotright onequarter
		onehalf threequarters questiondown Agrave Aacute Acircumflex Atilde Adieresis Aring AE Ccedilla
		Egrave Eacute Ecircumflex Edieresis Igrave Iacute Icircumflex Idieresis Eth Ntilde Ograve Oacute
		Ocircumflex Otilde Odieresis multiply Oslash Ugrave Uacute Ucircumflex Udieresis Yacute Thorn
		germandbls agrave aacute acircumflex atilde adieresis aring ae ccedilla egrave eacute ecircumflex
		edieresis igrave iacute icircumflex idieresis eth ntilde ograve oacute ocircumflex otilde
		odieresis divide oslash ugrave uacute ucircumflex udieresis yacute thorn ydieresis`},
	{0x100, `Amacron amacron Abreve abreve Aogonek aogonek Cacute cacute Ccircumflex ccircumflex Cdotaccent
		cdotaccent Ccaron ccaron Dcaron dcaron Dcroat dcroat Emacron emacron Ebreve ebreve Edotaccent
		edotaccent Eogonek eogonek Ecaron ecaron Gcircumflex gcircumflex Gbreve gbreve Gdotaccent
		gdotaccent Gcommaaccent gcommaaccent Hcircumflex hcircumflex Hbar hbar Itilde itilde Imacron
		imacron Ibreve ibreve Iogonek iogonek Idotaccent dotlessi IJ ij Jcircumflex jcircumflex
		Kcommaaccent kcommaaccent kgreenlandic Lacute lacute Lcommaaccent lcommaaccent Lcaron lcaron Ldot
		ldot Lslash lslash Nacute nacute Ncommaaccent ncommaaccent Ncaron ncaron napostrophe Eng eng
		Omacron omacron Obreve obreve Ohungarumlaut ohungarumlaut OE oe Racute racute Rcommaaccent
		rcommaaccent Rcaron rcaron Sacute sacute Scircumflex scircumflex Scedilla scedilla Scaron scaron
		Tcommaaccent tcommaaccent Tcaron tcaron Tbar tbar Utilde utilde Umacron umacron Ubreve ubreve
		Uring uring Uhungarumlaut uhungarumlaut Uogonek uogonek Wcircumflex wcircumflex Ycircumflex
		ycircumflex Ydieresis Zacute zacute Zdotaccent zdotaccent Zcaron zcaron longs`},
	{0x391, `Alpha Beta Gamma - Epsilon Zeta Eta Theta Iota Kappa Lambda Mu Nu Xi Omicron Pi Rho - Sigma
		Tau Upsilon Phi Chi Psi`},
	{0x3B1, `alpha beta gamma delta epsilon zeta eta theta iota kappa lambda - nu xi omicron pi rho sigma1
		sigma tau upsilon phi chi psi omega`},
	{0x2013, `endash emdash - - - quoteleft quoteright quotesinglbase quotereversed quotedblleft
		quotedblright quotedblbase - dagger daggerdbl bullet - onedotenleader twodotenleader ellipsis`},
	{0x2190, `arrowleft arrowup arrowright arrowdown arrowboth arrowupdn`},
	{0x21D0, `arrowdblleft arrowdblup arrowdblright arrowdbldown arrowdblboth`},
	{0xFB00, `ff fi fl ffi ffl`},
}

// pdfGlyphExtra are the names outside the runs.
var pdfGlyphExtra = map[string]rune{
	// Aliases and Latin names elsewhere in Unicode.
	"nonbreakingspace": 0xA0, "softhyphen": 0xAD, "middot": 0xB7, "Dslash": 0x110,
	"Gdot": 0x120, "gdot": 0x121, "Cdot": 0x10A, "cdot": 0x10B, "Edot": 0x116, "edot": 0x117,
	"Zdot": 0x17B, "zdot": 0x17C, "Idot": 0x130, "Ldotaccent": 0x13F, "ldotaccent": 0x140,
	"Tcedilla": 0x162, "tcedilla": 0x163, "Scommaaccent": 0x218, "scommaaccent": 0x219,
	"Tcommaaccent": 0x162, "florin": 0x192, "dotlessj": 0x237,
	// Spacing accents.
	"circumflex": 0x2C6, "caron": 0x2C7, "breve": 0x2D8, "dotaccent": 0x2D9, "ring": 0x2DA,
	"ogonek": 0x2DB, "tilde": 0x2DC, "hungarumlaut": 0x2DD,
	// Greek letters whose names the runs cannot hold.
	"Delta": 0x2206, "Omega": 0x2126, "omega1": 0x3D6, "theta1": 0x3D1, "phi1": 0x3D5, "Upsilon1": 0x3D2,
	"mu": 0xB5,
	// Punctuation and symbols.
	"figuredash": 0x2012, "underscoredbl": 0x2017, "quotesingle": 0x27, "perthousand": 0x2030,
	"minute": 0x2032, "second": 0x2033, "guilsinglleft": 0x2039, "guilsinglright": 0x203A,
	"exclamdbl": 0x203C, "fraction": 0x2044, "Euro": 0x20AC, "trademark": 0x2122, "afii61352": 0x2116,
	"estimated": 0x212E, "onethird": 0x2153, "twothirds": 0x2154, "oneeighth": 0x215B,
	"threeeighths": 0x215C, "fiveeighths": 0x215D, "seveneighths": 0x215E, "carriagereturn": 0x21B5,
	"lozenge": 0x25CA, "visiblespace": 0x2423, "club": 0x2663, "diamond": 0x2666, "heart": 0x2665,
	"spade": 0x2660, "filledbox": 0x25A0, "filledrect": 0x25AC, "triagup": 0x25B2, "triagdn": 0x25BC,
	"circle": 0x25CB, "openbullet": 0x25E6, "dotlessi": 0x131,
	// Mathematics (the Symbol font and TeX).
	"minus": 0x2212, "universal": 0x2200, "existential": 0x2203, "suchthat": 0x220B,
	"asteriskmath": 0x2217, "congruent": 0x2245, "therefore": 0x2234, "perpendicular": 0x22A5,
	"similar": 0x223C, "lessequal": 0x2264, "greaterequal": 0x2265, "infinity": 0x221E,
	"proportional": 0x221D, "partialdiff": 0x2202, "notequal": 0x2260, "equivalence": 0x2261,
	"approxequal": 0x2248, "aleph": 0x2135, "Ifraktur": 0x2111, "Rfraktur": 0x211C,
	"weierstrass": 0x2118, "circlemultiply": 0x2297, "circleplus": 0x2295, "emptyset": 0x2205,
	"intersection": 0x2229, "union": 0x222A, "propersuperset": 0x2283, "reflexsuperset": 0x2287,
	"notsubset": 0x2284, "propersubset": 0x2282, "reflexsubset": 0x2286, "element": 0x2208,
	"notelement": 0x2209, "angle": 0x2220, "gradient": 0x2207, "product": 0x220F, "summation": 0x2211,
	"radical": 0x221A, "dotmath": 0x22C5, "logicaland": 0x2227, "logicalor": 0x2228,
	"angleleft": 0x2329, "angleright": 0x232A, "integral": 0x222B, "increment": 0x2206,
}

// pdfGlyphTable maps the names above to code points; built on first use.
var pdfGlyphTable = sync.OnceValue(func() map[string]rune {
	m := make(map[string]rune, 560)
	for _, run := range pdfGlyphRuns {
		r := run.first
		for name := range strings.FieldsSeq(run.names) {
			if name != "-" {
				if _, dup := m[name]; !dup {
					m[name] = r
				}
			}
			r++
		}
	}
	for name, r := range pdfGlyphExtra {
		m[name] = r
	}
	return m
})

// pdfGlyphUnicode returns the text a glyph name stands for, or "" when the
// name says nothing about it.
func pdfGlyphUnicode(name string) string {
	if r, ok := pdfGlyphTable()[name]; ok {
		return string(r)
	}
	// A suffix names a variant of the glyph before it: "one.oldstyle".
	if i := strings.IndexByte(name, '.'); i >= 0 {
		name = name[:i]
	}
	if name == "" {
		return ""
	}
	if !strings.Contains(name, "_") {
		return pdfGlyphComponent(name)
	}
	var sb strings.Builder
	for part := range strings.SplitSeq(name, "_") {
		s := pdfGlyphComponent(part)
		if s == "" {
			return ""
		}
		sb.WriteString(s)
	}
	return sb.String()
}

// pdfGlyphComponent maps one ligature component.
func pdfGlyphComponent(name string) string {
	if r, ok := pdfGlyphTable()[name]; ok {
		return string(r)
	}
	switch {
	case len(name) >= 7 && (len(name)-3)%4 == 0 && strings.HasPrefix(name, "uni"):
		// uniXXXX[XXXX...]: a sequence of BMP code points.
		var sb strings.Builder
		for i := 3; i < len(name); i += 4 {
			v, err := strconv.ParseUint(name[i:i+4], 16, 32)
			if err != nil || v >= 0xD800 && v <= 0xDFFF {
				return ""
			}
			sb.WriteRune(rune(v))
		}
		return sb.String()
	case len(name) >= 5 && len(name) <= 7 && name[0] == 'u':
		v, err := strconv.ParseUint(name[1:], 16, 32)
		if err != nil || v > 0x10FFFF || v >= 0xD800 && v <= 0xDFFF {
			return ""
		}
		return string(rune(v))
	}
	return ""
}
