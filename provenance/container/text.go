package container

import (
	"context"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// Text files have no magic number. looksLikeText sniffs by content and runs
// last, after every binary magic failed; walkText decodes the file into
// Inventory.Body (UTF-8) and records the original encoding.
//
// Offsets into a text file: detectors report byte offsets into the decoded
// UTF-8 Body, not into the file. For "utf-8" files the two are the same; for
// "utf-8-bom" the file offset is the Body offset plus 3 (the Segments record
// the BOM); for UTF-16, UTF-32 and Windows-1252 files there is no constant
// shift, which is why the Body is the reference.

// textSniffLen is how much of a file looksLikeText judges: enough for a
// few paragraphs, small enough to stay cheap on a batch of binaries.
const textSniffLen = 8 << 10

// textMarkdownScan is how much of the Body the Markdown heuristic reads.
const textMarkdownScan = 64 << 10

// Encoding names recorded in Inventory.Encoding.
const (
	textUTF8        = "utf-8"
	textUTF8BOM     = "utf-8-bom"
	textUTF16LE     = "utf-16le"
	textUTF16BE     = "utf-16be"
	textUTF32LE     = "utf-32le"
	textUTF32BE     = "utf-32be"
	textWindows1252 = "windows-1252"
)

// textBOMs is checked in order: the UTF-32LE BOM begins with the UTF-16LE
// one, so the longer one goes first. A file that starts FF FE 00 00 is read
// as UTF-32LE: as UTF-16LE it would begin with U+0000, which no text does.
var textBOMs = []struct {
	enc string
	bom string
}{
	{textUTF32LE, "\xFF\xFE\x00\x00"},
	{textUTF32BE, "\x00\x00\xFE\xFF"},
	{textUTF8BOM, "\xEF\xBB\xBF"},
	{textUTF16LE, "\xFF\xFE"},
	{textUTF16BE, "\xFE\xFF"},
}

// textBOM names the encoding announced by a byte order mark, or "" and 0.
func textBOM(data []byte) (enc string, n int) {
	for _, b := range textBOMs {
		// Only the prefix is converted: string(data) of a whole file
		// copies it (200 MB of text cost a gigabyte in five copies).
		if len(data) >= len(b.bom) && string(data[:len(b.bom)]) == b.bom {
			return b.enc, len(b.bom)
		}
	}
	return "", 0
}

// textDecoded is one decode of a byte range into UTF-8.
type textDecoded struct {
	text string
	// invalid counts sequences replaced with U+FFFD; firstInvalid is the
	// file offset of the first one.
	invalid      int
	firstInvalid int64
	// trailing counts bytes at the end too few for one code unit.
	trailing int
}

// looksLikeText reports whether data reads as text: a BOM-announced
// Unicode encoding, UTF-8, or mostly-ASCII legacy text, with no NUL and few
// control or unassigned characters in the first textSniffLen bytes.
func looksLikeText(data []byte) bool {
	enc, bom := textBOM(data)
	sample := data[bom:]
	cut := len(sample) > textSniffLen
	if cut {
		sample = sample[:textSniffLen]
	}
	if enc == "" && len(sample) == 0 {
		return false // nothing says an empty file is text
	}
	var d textDecoded
	switch enc {
	case "":
		if cut {
			sample = textTrimPartialRune(sample)
		}
		var ok bool
		if d, _, ok = textDecodeUnmarked(sample, 0); !ok {
			return false
		}
	default:
		d = textDecode(enc, sample, int64(bom))
	}
	return textPlausible(d)
}

// textTrimPartialRune drops an incomplete UTF-8 sequence that a sample cut
// left at its end.
func textTrimPartialRune(b []byte) []byte {
	for i := len(b) - 1; i >= 0 && i >= len(b)-utf8.UTFMax; i-- {
		if utf8.RuneStart(b[i]) {
			if !utf8.FullRune(b[i:]) {
				return b[:i]
			}
			break
		}
	}
	return b
}

// textPlausible judges a decoded sample: no NUL; at most 2% C0 control
// characters (other than tab, line feed, carriage return and form feed);
// at most 5% C1 controls, which are what Windows-1252 punctuation read as
// Latin-1 becomes; at most 5% replacement, private-use or unassigned code
// points. Each bound allows a couple of strays so that a short text with one
// damaged character still counts. Format characters (zero-width, tags,
// variation selectors) count as text: hiding them in text is exactly what
// the text detector looks for.
func textPlausible(d textDecoded) bool {
	var runes, c0, c1 int
	odd := d.invalid
	for _, r := range d.text {
		runes++
		switch {
		case r == 0:
			return false
		case r == '\t', r == '\n', r == '\r', r == '\f':
		case r < 0x20, r == 0x7F:
			c0++
		case r >= 0x80 && r <= 0x9F:
			c1++
		case r == utf8.RuneError:
			// counted through d.invalid when the decoder put it there; a
			// literal U+FFFD in the file is odd but legal
		case r < 0x80:
		case unicode.Is(unicode.Co, r), !textAssigned(r):
			odd++
		}
	}
	if runes == 0 {
		return d.invalid == 0 && d.trailing == 0
	}
	return c0*50 <= runes+50 && c1*20 <= runes+40 && odd*20 <= runes+40
}

// textAssigned approximates "assigned code point" with the general
// categories the unicode package knows.
func textAssigned(r rune) bool {
	return unicode.In(r, unicode.L, unicode.M, unicode.N, unicode.P, unicode.S, unicode.Z, unicode.Cf, unicode.Cc)
}

// textDecodeUnmarked decodes a file without a BOM: UTF-8 when it is, or
// when valid multi-byte sequences outnumber invalid bytes (a UTF-8 file
// with a few broken bytes); otherwise Windows-1252, but only when at least
// 90% of the bytes are ASCII, which is what legacy Western text looks like
// and what binary data does not. ok is false when neither fits.
func textDecodeUnmarked(b []byte, base int64) (d textDecoded, enc string, ok bool) {
	if utf8.Valid(b) {
		return textDecoded{text: string(b), firstInvalid: -1}, textUTF8, true
	}
	var multi, invalid, ascii int
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			invalid++
		case n > 1:
			multi++
		default:
			ascii++
		}
		i += n
	}
	if multi >= invalid {
		return textDecodeUTF8(b, base), textUTF8, true
	}
	if ascii*10 < len(b)*9 {
		return textDecoded{}, "", false
	}
	return textDecoded{text: textFromWindows1252(b), firstInvalid: -1}, textWindows1252, true
}

// textDecode decodes b (the bytes after a BOM) in the announced encoding.
// base is b's offset in the file, for warnings.
func textDecode(enc string, b []byte, base int64) textDecoded {
	switch enc {
	case textUTF16LE, textUTF16BE:
		return textDecodeUTF16(b, enc == textUTF16BE, base)
	case textUTF32LE, textUTF32BE:
		return textDecodeUTF32(b, enc == textUTF32BE, base)
	}
	return textDecodeUTF8(b, base)
}

// textDecodeUTF8 copies b, replacing each invalid byte with U+FFFD.
func textDecodeUTF8(b []byte, base int64) textDecoded {
	d := textDecoded{firstInvalid: -1}
	if utf8.Valid(b) {
		d.text = string(b)
		return d
	}
	var sb strings.Builder
	sb.Grow(len(b) + len(b)/8)
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 {
			d.note(base + int64(i))
			sb.WriteRune(utf8.RuneError)
		} else {
			sb.Write(b[i : i+n])
		}
		i += n
	}
	d.text = sb.String()
	return d
}

// textDecodeUTF16 decodes UTF-16, pairing surrogates; an unpaired
// surrogate becomes U+FFFD.
func textDecodeUTF16(b []byte, bigEndian bool, base int64) textDecoded {
	d := textDecoded{firstInvalid: -1, trailing: len(b) % 2}
	unit := func(i int) rune {
		if bigEndian {
			return rune(b[i])<<8 | rune(b[i+1])
		}
		return rune(b[i+1])<<8 | rune(b[i])
	}
	var sb strings.Builder
	sb.Grow(len(b) + len(b)/2)
	end := len(b) - d.trailing
	for i := 0; i < end; i += 2 {
		r := unit(i)
		if utf16.IsSurrogate(r) {
			if r < 0xDC00 && i+4 <= end {
				if pair := utf16.DecodeRune(r, unit(i+2)); pair != utf8.RuneError {
					sb.WriteRune(pair)
					i += 2
					continue
				}
			}
			d.note(base + int64(i))
			r = utf8.RuneError
		}
		sb.WriteRune(r)
	}
	d.text = sb.String()
	return d
}

// textDecodeUTF32 decodes UTF-32; code points above U+10FFFF and
// surrogates become U+FFFD.
func textDecodeUTF32(b []byte, bigEndian bool, base int64) textDecoded {
	d := textDecoded{firstInvalid: -1, trailing: len(b) % 4}
	var sb strings.Builder
	sb.Grow(len(b))
	end := len(b) - d.trailing
	for i := 0; i < end; i += 4 {
		var v uint32
		if bigEndian {
			v = be32(b[i : i+4])
		} else {
			v = le32(b[i : i+4])
		}
		r := rune(v)
		if v > unicode.MaxRune || utf16.IsSurrogate(r) {
			d.note(base + int64(i))
			r = utf8.RuneError
		}
		sb.WriteRune(r)
	}
	d.text = sb.String()
	return d
}

func (d *textDecoded) note(off int64) {
	if d.invalid == 0 {
		d.firstInvalid = off
	}
	d.invalid++
}

// textCP1252High maps bytes 0x80..0x9F of Windows-1252; the five undefined
// bytes keep their C1 control code points, as the WHATWG decoder does.
var textCP1252High = [32]rune{
	0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D, 0x017D, 0x8F,
	0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
}

// textFromWindows1252 decodes Windows-1252, whose upper half is Latin-1
// apart from 0x80..0x9F.
func textFromWindows1252(b []byte) string {
	var sb strings.Builder
	sb.Grow(len(b) + len(b)/4)
	for _, c := range b {
		switch {
		case c < 0x80:
			sb.WriteByte(c)
		case c < 0xA0:
			sb.WriteRune(textCP1252High[c-0x80])
		default:
			sb.WriteRune(rune(c))
		}
	}
	return sb.String()
}

// walkText decodes a text file into inv.Body and records its encoding,
// its BOM and body segments, and whether it reads as Markdown. Damage
// (invalid sequences, a cut code unit) is replaced with U+FFFD and warned
// once per kind with the first offset; nothing stops the walk.
func walkText(ctx context.Context, inv *Inventory, data []byte, lim Limits) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	enc, bom := textBOM(data)
	body := data[bom:]
	// Only a window of a huge text is decoded: the rest would be copied
	// for nothing, since the Body is held to lim.MaxText.
	whole := len(body)
	if len(body) > lim.MaxText {
		body = body[:textWindow(body, enc, lim.MaxText)]
		inv.Warn("limit", int64(bom+len(body)), "text: %d bytes; the text detectors read the first %d (bytes %d to %d were not read)", len(data), bom+len(body), bom+len(body), len(data))
	}
	var d textDecoded
	switch enc {
	case "":
		var ok bool
		if d, enc, ok = textDecodeUnmarked(body, 0); !ok {
			// Walk only calls us on what looksLikeText accepted; a direct
			// caller still gets a usable body.
			d, enc = textDecodeUTF8(body, 0), textUTF8
		}
		if enc == textWindows1252 {
			inv.Warn("malformed", 0, "text: not valid UTF-8 and mostly ASCII; decoded as Windows-1252")
		}
	default:
		d = textDecode(enc, body, int64(bom))
	}
	if d.invalid > 0 {
		inv.Warn("malformed", d.firstInvalid, "text: %d invalid %s sequence(s) replaced with U+FFFD, the first at %d", d.invalid, enc, d.firstInvalid)
	}
	if d.trailing > 0 && len(body) == whole {
		off := int64(len(data) - d.trailing)
		inv.Warn("truncated", off, "text: %d trailing byte(s) too few for a %s code unit, ignored", d.trailing, enc)
	}
	inv.Body = d.text
	inv.Encoding = enc
	if looksLikeSVG(data) {
		svgCarrier(inv, data, lim)
	}
	if bom > 0 {
		inv.Segments = append(inv.Segments, Segment{Type: "BOM", Offset: 0, Length: int64(bom)})
	}
	if whole > 0 {
		inv.Segments = append(inv.Segments, Segment{Type: "body", Offset: int64(bom), Length: int64(whole)})
	}
	if textLooksLikeMarkdown(inv.Body) {
		inv.MediaType = "text/markdown"
	} else {
		inv.MediaType = "text/plain"
	}
	return nil
}

// textWindow is where to cut a text of encoding enc at most max bytes in:
// on a code unit boundary, and not inside a UTF-8 sequence or a UTF-16
// surrogate pair.
func textWindow(b []byte, enc string, max int) int {
	n := min(len(b), max)
	switch enc {
	case textUTF16LE, textUTF16BE:
		n &^= 1
		if n >= 2 {
			hi := b[n-1]
			if enc == textUTF16BE {
				hi = b[n-2]
			}
			if hi >= 0xD8 && hi <= 0xDB { // a high surrogate: keep its pair together
				n -= 2
			}
		}
	case textUTF32LE, textUTF32BE:
		n &^= 3
	default: // UTF-8 (and Windows-1252, where every byte is a character)
		for n > 0 && n < len(b) && !utf8.RuneStart(b[n]) {
			n--
		}
	}
	return n
}

// capBody holds Body to lim.MaxText for the walkers that build it from
// parts (HTML, DOCX, PDF), cutting on a rune boundary.
func capBody(inv *Inventory, lim Limits) {
	if len(inv.Body) <= lim.MaxText {
		return
	}
	n := lim.MaxText
	for n > 0 && !utf8.RuneStart(inv.Body[n]) {
		n--
	}
	inv.Warn("limit", 0, "%s: the text is %d bytes; the text detectors read the first %d", inv.Format, len(inv.Body), n)
	inv.Body = strings.Clone(inv.Body[:n])
}

// textLooksLikeMarkdown is a cheap guess over the first lines: Markdown
// when the first non-blank line is an ATX heading ("# Title"), when at
// least two kinds of Markdown structure appear (ATX headings, list items,
// inline links, code fences), or with three or more fences. One kind alone
// further down is common in plain text ("- item" lists, "# " comments).
func textLooksLikeMarkdown(body string) bool {
	if len(body) > textMarkdownScan {
		body = body[:textMarkdownScan]
	}
	var heading, list, link, fences int
	first := true
	for line := range strings.Lines(body) {
		t := strings.TrimLeft(line, " ")
		indent := len(line) - len(t)
		if first && strings.TrimSpace(t) != "" {
			first = false
			if indent < 4 && textIsATXHeading(t) {
				return true
			}
		}
		switch {
		case strings.HasPrefix(t, "```"), strings.HasPrefix(t, "~~~"):
			fences++
		case indent < 4 && textIsATXHeading(t):
			heading++
		case textIsListItem(t):
			list++
		}
		if textHasInlineLink(t) {
			link++
		}
	}
	kinds := 0
	for _, n := range []int{heading, list, link, fences} {
		if n > 0 {
			kinds++
		}
	}
	return kinds >= 2 || fences >= 3
}

// textIsATXHeading matches "# Title" up to "###### Title".
func textIsATXHeading(t string) bool {
	n := 0
	for n < len(t) && t[n] == '#' {
		n++
	}
	return n >= 1 && n <= 6 && n < len(t) && t[n] == ' ' && strings.TrimSpace(t[n:]) != ""
}

// textIsListItem matches "- x", "* x", "+ x", "1. x" and "1) x".
func textIsListItem(t string) bool {
	if len(t) >= 2 && (t[0] == '-' || t[0] == '*' || t[0] == '+') && t[1] == ' ' {
		return true
	}
	n := 0
	for n < len(t) && n < 9 && t[n] >= '0' && t[n] <= '9' {
		n++
	}
	return n > 0 && n+1 < len(t) && (t[n] == '.' || t[n] == ')') && t[n+1] == ' '
}

// textHasInlineLink finds "[text](target)" on one line, in one pass.
func textHasInlineLink(t string) bool {
	open, target := -1, -1
	for i := 0; i < len(t); i++ {
		switch t[i] {
		case '[':
			open = i
		case ']':
			if open >= 0 && i-open > 1 && i+1 < len(t) && t[i+1] == '(' {
				target = i + 2
				i++
			}
		case ')':
			if target >= 0 && i > target {
				return true
			}
		}
	}
	return false
}
