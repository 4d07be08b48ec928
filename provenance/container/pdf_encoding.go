package container

import (
	"strconv"
	"strings"
	"sync"
)

// The base encodings of simple fonts (ISO 32000-1 Annex D), as glyph
// names: a font's /Encoding starts from one of them and /Differences
// replaces names code by code. Each is written as "octal-code name" pairs,
// as the standard's tables print them, over the ASCII range its rule
// gives.

type pdfEncodingSpec struct {
	// quote names codes 0x27 and 0x60, where the encodings differ; the
	// other printable ASCII codes name their ASCII characters.
	quote [2]string
	ascii bool
	pairs string
}

var pdfEncodingSpecs = map[string]pdfEncodingSpec{
	"StandardEncoding": {quote: [2]string{"quoteright", "quoteleft"}, ascii: true, pairs: `
		241 exclamdown 242 cent 243 sterling 244 fraction 245 yen 246 florin 247 section 250 currency
		251 quotesingle 252 quotedblleft 253 guillemotleft 254 guilsinglleft 255 guilsinglright 256 fi
		257 fl 261 endash 262 dagger 263 daggerdbl 264 periodcentered 266 paragraph 267 bullet
		270 quotesinglbase 271 quotedblbase 272 quotedblright 273 guillemotright 274 ellipsis
		275 perthousand 277 questiondown 301 grave 302 acute 303 circumflex 304 tilde 305 macron 306 breve
		307 dotaccent 310 dieresis 312 ring 313 cedilla 315 hungarumlaut 316 ogonek 317 caron 320 emdash
		341 AE 343 ordfeminine 350 Lslash 351 Oslash 352 OE 353 ordmasculine 361 ae 365 dotlessi
		370 lslash 371 oslash 372 oe 373 germandbls`},
	// WinAnsiEncoding: the standard maps the unused codes above 040 to the
	// bullet, and names 0240 and 0255 "space" and "hyphen".
	"WinAnsiEncoding": {quote: [2]string{"quotesingle", "grave"}, ascii: true, pairs: `
		177 bullet 200 Euro 201 bullet 202 quotesinglbase 203 florin 204 quotedblbase 205 ellipsis
		206 dagger 207 daggerdbl 210 circumflex 211 perthousand 212 Scaron 213 guilsinglleft 214 OE
		215 bullet 216 Zcaron 217 bullet 220 bullet 221 quoteleft 222 quoteright 223 quotedblleft
		224 quotedblright 225 bullet 226 endash 227 emdash 230 tilde 231 trademark 232 scaron
		233 guilsinglright 234 oe 235 bullet 236 zcaron 237 Ydieresis 240 space 255 hyphen` + pdfLatin1High},
	// MacRomanEncoding: the standard's table leaves out the mathematical
	// characters of Mac OS Roman (0255 notequal, 0260 infinity...); they
	// are kept here, since a writer that used them meant them.
	"MacRomanEncoding": {quote: [2]string{"quotesingle", "grave"}, ascii: true, pairs: `
		200 Adieresis 201 Aring 202 Ccedilla 203 Eacute 204 Ntilde 205 Odieresis 206 Udieresis 207 aacute
		210 agrave 211 acircumflex 212 adieresis 213 atilde 214 aring 215 ccedilla 216 eacute 217 egrave
		220 ecircumflex 221 edieresis 222 iacute 223 igrave 224 icircumflex 225 idieresis 226 ntilde
		227 oacute 230 ograve 231 ocircumflex 232 odieresis 233 otilde 234 uacute 235 ugrave
		236 ucircumflex 237 udieresis 240 dagger 241 degree 242 cent 243 sterling 244 section 245 bullet
		246 paragraph 247 germandbls 250 registered 251 copyright 252 trademark 253 acute 254 dieresis
		255 notequal 256 AE 257 Oslash 260 infinity 261 plusminus 262 lessequal 263 greaterequal 264 yen
		265 mu 266 partialdiff 267 summation 270 product 271 pi 272 integral 273 ordfeminine
		274 ordmasculine 275 Omega 276 ae 277 oslash 300 questiondown 301 exclamdown 302 logicalnot
		303 radical 304 florin 305 approxequal 306 Delta 307 guillemotleft 310 guillemotright 311 ellipsis
		312 space 313 Agrave 314 Atilde 315 Otilde 316 OE 317 oe 320 endash 321 emdash 322 quotedblleft
		323 quotedblright 324 quoteleft 325 quoteright 326 divide 327 lozenge 330 ydieresis 331 Ydieresis
		332 fraction 333 currency 334 guilsinglleft 335 guilsinglright 336 fi 337 fl 340 daggerdbl
		341 periodcentered 342 quotesinglbase 343 quotedblbase 344 perthousand 345 Acircumflex
		346 Ecircumflex 347 Aacute 350 Edieresis 351 Egrave 352 Iacute 353 Icircumflex 354 Idieresis
		355 Igrave 356 Oacute 357 Ocircumflex 361 Ograve 362 Uacute 363 Ucircumflex 364 Ugrave
		365 dotlessi 366 circumflex 367 tilde 370 macron 371 breve 372 dotaccent 373 ring 374 cedilla
		375 hungarumlaut 376 ogonek 377 caron`},
	// The built-in encoding of the standard Symbol font, without the
	// pieces of large brackets and the serif and sans variants of the
	// registered, copyright and trademark signs, which only private-use
	// code points name.
	"SymbolEncoding": {pairs: `
		040 space 041 exclam 042 universal 043 numbersign 044 existential 045 percent 046 ampersand
		047 suchthat 050 parenleft 051 parenright 052 asteriskmath 053 plus 054 comma 055 minus 056 period
		057 slash 060 zero 061 one 062 two 063 three 064 four 065 five 066 six 067 seven 070 eight 071 nine
		072 colon 073 semicolon 074 less 075 equal 076 greater 077 question 100 congruent 101 Alpha
		102 Beta 103 Chi 104 Delta 105 Epsilon 106 Phi 107 Gamma 110 Eta 111 Iota 112 theta1 113 Kappa
		114 Lambda 115 Mu 116 Nu 117 Omicron 120 Pi 121 Theta 122 Rho 123 Sigma 124 Tau 125 Upsilon
		126 sigma1 127 Omega 130 Xi 131 Psi 132 Zeta 133 bracketleft 134 therefore 135 bracketright
		136 perpendicular 137 underscore 141 alpha 142 beta 143 chi 144 delta 145 epsilon 146 phi
		147 gamma 150 eta 151 iota 152 phi1 153 kappa 154 lambda 155 mu 156 nu 157 omicron 160 pi
		161 theta 162 rho 163 sigma 164 tau 165 upsilon 166 omega1 167 omega 170 xi 171 psi 172 zeta
		173 braceleft 174 bar 175 braceright 176 similar 240 Euro 241 Upsilon1 242 minute 243 lessequal
		244 fraction 245 infinity 246 florin 247 club 250 diamond 251 heart 252 spade 253 arrowboth
		254 arrowleft 255 arrowup 256 arrowright 257 arrowdown 260 degree 261 plusminus 262 second
		263 greaterequal 264 multiply 265 proportional 266 partialdiff 267 bullet 270 divide 271 notequal
		272 equivalence 273 approxequal 274 ellipsis 277 carriagereturn 300 aleph 301 Ifraktur
		302 Rfraktur 303 weierstrass 304 circlemultiply 305 circleplus 306 emptyset 307 intersection
		310 union 311 propersuperset 312 reflexsuperset 313 notsubset 314 propersubset 315 reflexsubset
		316 element 317 notelement 320 angle 321 gradient 325 product 326 radical 327 dotmath
		330 logicalnot 331 logicaland 332 logicalor 333 arrowdblboth 334 arrowdblleft 335 arrowdblup
		336 arrowdblright 337 arrowdbldown 340 lozenge 341 angleleft 345 summation 361 angleright
		362 integral`},
}

// pdfLatin1High names codes 0241..0377 as ISO Latin-1 does (WinAnsi's
// upper half but for 0240 and 0255).
const pdfLatin1High = `
		241 exclamdown 242 cent 243 sterling 244 currency 245 yen 246 brokenbar 247 section 250 dieresis
		251 copyright 252 ordfeminine 253 guillemotleft 254 logicalnot 256 registered 257 macron
		260 degree 261 plusminus 262 twosuperior 263 threesuperior 264 acute 265 mu 266 paragraph
		267 periodcentered 270 cedilla 271 onesuperior 272 ordmasculine 273 guillemotright 274 onequarter
		275 onehalf 276 threequarters 277 questiondown 300 Agrave 301 Aacute 302 Acircumflex 303 Atilde
		304 Adieresis 305 Aring 306 AE 307 Ccedilla 310 Egrave 311 Eacute 312 Ecircumflex 313 Edieresis
		314 Igrave 315 Iacute 316 Icircumflex 317 Idieresis 320 Eth 321 Ntilde 322 Ograve 323 Oacute
		324 Ocircumflex 325 Otilde 326 Odieresis 327 multiply 330 Oslash 331 Ugrave 332 Uacute
		333 Ucircumflex 334 Udieresis 335 Yacute 336 Thorn 337 germandbls 340 agrave 341 aacute
		342 acircumflex 343 atilde 344 adieresis 345 aring 346 ae 347 ccedilla 350 egrave 351 eacute
		352 ecircumflex 353 edieresis 354 igrave 355 iacute 356 icircumflex 357 idieresis 360 eth
		361 ntilde 362 ograve 363 oacute 364 ocircumflex 365 otilde 366 odieresis 367 divide 370 oslash
		371 ugrave 372 uacute 373 ucircumflex 374 udieresis 375 yacute 376 thorn 377 ydieresis`

// pdfEncodings holds the base encodings as glyph names per code.
var pdfEncodings = sync.OnceValue(func() map[string]*[256]string {
	out := make(map[string]*[256]string, len(pdfEncodingSpecs))
	ascii := pdfGlyphRuns[0].names // names from U+0020 in order
	for name, spec := range pdfEncodingSpecs {
		enc := new([256]string)
		if spec.ascii {
			c := 0x20
			for n := range strings.FieldsSeq(ascii) {
				enc[c] = n
				c++
			}
			enc[0x27], enc[0x60] = spec.quote[0], spec.quote[1]
		}
		f := strings.Fields(spec.pairs)
		for i := 0; i+1 < len(f); i += 2 {
			code, err := strconv.ParseUint(f[i], 8, 8)
			if err != nil {
				panic("pdf encoding table " + name + ": " + f[i]) // a typo in the table above
			}
			enc[code] = f[i+1]
		}
		out[name] = enc
	}
	return out
})

// pdfStdWidths are the advance widths (per 1000 units of text space) of
// the printable ASCII characters in the standard fonts whose metrics a
// PDF may leave out. Oblique and italic sans faces share the upright
// metrics; Courier is 600 throughout.
var pdfStdWidthSpecs = map[string]string{
	"Helvetica": `278 278 355 556 556 889 667 222 333 333 389 584 278 333 278 278 556 556 556 556 556 556
		556 556 556 556 278 278 584 584 584 556 1015 667 667 722 722 667 611 778 722 278 500 667 556 833
		722 778 667 778 722 667 611 722 667 944 667 667 611 278 278 278 469 556 222 556 556 500 556 556
		278 556 556 222 222 500 222 833 556 556 556 556 333 500 278 556 500 722 500 500 500 334 260 334 584`,
	"Helvetica-Bold": `278 333 474 556 556 889 722 278 333 333 389 584 278 333 278 278 556 556 556 556
		556 556 556 556 556 556 333 333 584 584 584 611 975 722 722 722 722 667 611 778 722 278 556 722
		611 833 722 778 667 778 722 667 611 722 667 944 667 667 611 333 278 333 584 556 278 556 611 556
		611 556 333 611 611 278 278 556 278 889 611 611 611 611 389 556 333 611 556 778 556 556 500 389
		280 389 584`,
	"Times-Roman": `250 333 408 500 500 833 778 333 333 333 500 564 250 333 250 278 500 500 500 500 500
		500 500 500 500 500 278 278 564 564 564 444 921 722 667 667 722 611 556 722 722 333 389 722 611
		889 722 722 556 722 667 556 611 722 722 944 722 722 611 333 278 333 469 500 333 444 500 444 500
		444 333 500 500 278 278 500 278 778 500 500 500 500 333 389 278 500 500 722 500 500 444 480 200
		480 541`,
	"Times-Bold": `250 333 555 500 500 1000 833 333 333 333 500 570 250 333 250 278 500 500 500 500 500
		500 500 500 500 500 333 333 570 570 570 500 930 722 667 722 722 667 611 778 778 389 500 778 667
		944 722 778 611 778 722 556 667 722 722 1000 722 722 667 333 278 333 581 500 333 500 556 444 556
		444 333 500 556 278 333 556 278 833 556 500 556 556 444 389 333 556 500 722 500 500 444 394 220
		394 520`,
	"Times-Italic": `250 333 420 500 500 833 778 333 333 333 500 675 250 333 250 278 500 500 500 500 500
		500 500 500 500 500 333 333 675 675 675 500 920 611 611 667 722 611 611 722 722 333 444 667 556
		833 667 722 611 722 611 500 556 722 611 833 611 556 556 389 278 389 422 500 333 500 500 444 500
		444 278 500 500 278 278 444 278 722 500 500 500 500 389 389 278 500 444 667 444 444 389 400 275
		400 541`,
	"Times-BoldItalic": `250 389 555 500 500 833 778 333 333 333 500 570 250 333 250 278 500 500 500 500
		500 500 500 500 500 500 333 333 570 570 570 500 832 667 667 667 722 667 667 722 778 389 500 667
		611 889 722 722 611 722 667 556 611 722 667 889 667 611 611 333 278 333 570 500 333 500 500 444
		500 444 333 500 556 278 278 500 278 778 556 500 500 500 389 389 278 556 444 667 500 444 389 348
		220 348 570`,
}

var pdfStdWidths = sync.OnceValue(func() map[string]*[95]float64 {
	out := make(map[string]*[95]float64, len(pdfStdWidthSpecs))
	for name, spec := range pdfStdWidthSpecs {
		w := new([95]float64)
		i := 0
		for f := range strings.FieldsSeq(spec) {
			v, err := strconv.Atoi(f)
			if err != nil || i >= len(w) {
				panic("pdf width table " + name) // a typo in the table above
			}
			w[i] = float64(v) / 1000
			i++
		}
		out[name] = w
	}
	return out
})

// pdfStdMetrics names the table of a standard font or a common
// metric-compatible stand-in ("Arial,Bold", "TimesNewRomanPS-ItalicMT"),
// "Courier" for the fixed-pitch ones, or "" when it is none of them.
func pdfStdMetrics(base string) string {
	if i := strings.IndexByte(base, '+'); i == 6 {
		base = base[i+1:] // a subset prefix "ABCDEF+"
	}
	lower := strings.ToLower(base)
	bold := strings.Contains(lower, "bold")
	italic := strings.Contains(lower, "italic") || strings.Contains(lower, "oblique")
	switch {
	case strings.HasPrefix(lower, "courier"):
		return "Courier"
	case strings.HasPrefix(lower, "helvetica"), strings.HasPrefix(lower, "arial"):
		if bold {
			return "Helvetica-Bold"
		}
		return "Helvetica"
	case strings.HasPrefix(lower, "times"):
		switch {
		case bold && italic:
			return "Times-BoldItalic"
		case bold:
			return "Times-Bold"
		case italic:
			return "Times-Italic"
		}
		return "Times-Roman"
	}
	return ""
}
