package c2pa

import (
	"encoding/binary"
	"fmt"
	"unicode/utf8"
)

// C2PA text manifest wrappers (C2PA 2.3 Appendix A, "Embedding Manifests
// into Unstructured Text"): plain text carries its manifest store as
// invisible characters appended to the text. The wrapper is U+FEFF
// followed by one variation selector per byte:
//
//	byte 0x00..0x0F -> U+FE00..U+FE0F
//	byte 0x10..0xFF -> U+E0100..U+E01EF
//
// and the bytes are "C2PATXT\0", a version byte (1), a 4-byte big-endian
// manifest length, the JUMBF manifest store, then padding. The hard
// binding is a c2pa.hash.data over the NFC-normalised UTF-8 text whose one
// exclusion is the wrapper, from U+FEFF to the last selector.

// Text wrapper status codes (C2PA 2.4 validation codes for unstructured
// text). Both are failures.
const (
	ManifestTextCorruptedWrapper = "manifest.text.corruptedWrapper"
	ManifestTextMultipleWrappers = "manifest.text.multipleWrappers"
)

// TextMagic opens the decoded bytes of a text manifest wrapper.
const TextMagic = "C2PATXT\x00"

// textWrapperVersion is the only wrapper version defined.
const textWrapperVersion = 1

// textHeaderLen is magic, version and length.
const textHeaderLen = len(TextMagic) + 1 + 4

// TextWrapper is one candidate wrapper found in text: U+FEFF followed by
// variation selectors whose bytes begin with TextMagic.
type TextWrapper struct {
	// Offset and Length are the byte range of the wrapper in the text it
	// was found in, from U+FEFF to the last variation selector.
	Offset, Length int
	// Version is the header's version byte.
	Version byte
	// Store is the JUMBF manifest store the header's length delimits; nil
	// when the wrapper is corrupted.
	Store []byte
	// Err says why the wrapper is corrupted; nil for a well-formed one.
	Err error
}

// VariationByte returns the byte a variation selector carries, and false
// for any other rune.
func VariationByte(r rune) (byte, bool) {
	switch {
	case r >= 0xFE00 && r <= 0xFE0F:
		return byte(r - 0xFE00), true
	case r >= 0xE0100 && r <= 0xE01EF:
		return byte(r-0xE0100) + 0x10, true
	}
	return 0, false
}

// variationRune is the variation selector that carries b.
func variationRune(b byte) rune {
	if b < 0x10 {
		return 0xFE00 + rune(b)
	}
	return 0xE0100 + rune(b-0x10)
}

// FindTextWrappers returns every U+FEFF + variation-selector run of text
// whose bytes begin with the wrapper magic, in text order. Runs that carry
// other bytes are not wrappers (the text detector reports them). The bytes
// decoded from one run are bounded by lim.MaxStoreSize plus the header and
// the padding a conforming writer may add.
func FindTextWrappers(text string, lim Limits) []TextWrapper {
	lim = lim.withDefaults()
	var out []TextWrapper
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		if r != 0xFEFF {
			i += size
			continue
		}
		w, end := readTextWrapper(text, i, lim)
		if w != nil {
			out = append(out, *w)
			if len(out) > lim.MaxManifests {
				break
			}
		}
		i = end
	}
	return out
}

// readTextWrapper decodes the run of variation selectors after the U+FEFF
// at off. It returns nil when the run does not begin with the magic, and
// the offset where scanning resumes.
func readTextWrapper(text string, off int, lim Limits) (*TextWrapper, int) {
	// A conforming writer pads to about four times the store; anything
	// larger than that bound is decoded only as far as the bound.
	maxBytes := textHeaderLen + lim.MaxStoreSize + lim.MaxStoreSize/2 + 64
	pos := off + 3 // U+FEFF is three bytes
	var buf []byte
	for pos < len(text) {
		r, size := utf8.DecodeRuneInString(text[pos:])
		b, ok := VariationByte(r)
		if !ok {
			break
		}
		if len(buf) < maxBytes {
			buf = append(buf, b)
		}
		pos += size
		// Reject early: a run whose first bytes are not the magic is not
		// a wrapper, and need not be buffered.
		if n := len(buf); n <= len(TextMagic) && buf[n-1] != TextMagic[n-1] {
			return nil, skipSelectors(text, pos)
		}
	}
	if len(buf) < len(TextMagic) {
		return nil, pos
	}
	w := &TextWrapper{Offset: off, Length: pos - off}
	if pos-off-3 > 4*maxBytes {
		w.Err = fmt.Errorf("text wrapper at %d: more than %d bytes: %w", off, maxBytes, ErrLimit)
		return w, pos
	}
	if len(buf) < textHeaderLen {
		w.Err = fmt.Errorf("text wrapper at %d: header of %d bytes, want %d: %w", off, len(buf), textHeaderLen, ErrMalformed)
		return w, pos
	}
	w.Version = buf[len(TextMagic)]
	if w.Version != textWrapperVersion {
		w.Err = fmt.Errorf("text wrapper at %d: version %d, want %d: %w", off, w.Version, textWrapperVersion, ErrMalformed)
		return w, pos
	}
	n := binary.BigEndian.Uint32(buf[len(TextMagic)+1:])
	switch {
	case n == 0:
		w.Err = fmt.Errorf("text wrapper at %d: empty manifest: %w", off, ErrMalformed)
	case int64(n) > int64(lim.MaxStoreSize):
		w.Err = fmt.Errorf("text wrapper at %d: manifest of %d bytes: %w", off, n, ErrLimit)
	case int64(n) > int64(len(buf)-textHeaderLen):
		w.Err = fmt.Errorf("text wrapper at %d: manifest length %d but %d bytes follow the header: %w", off, n, len(buf)-textHeaderLen, ErrMalformed)
	default:
		w.Store = buf[textHeaderLen : textHeaderLen+int(n)]
		if !isJUMBF(w.Store) {
			w.Store = nil
			w.Err = fmt.Errorf("text wrapper at %d: manifest is not a JUMBF box: %w", off, ErrMalformed)
		}
	}
	return w, pos
}

// skipSelectors returns the offset after the run of variation selectors
// starting at pos.
func skipSelectors(text string, pos int) int {
	for pos < len(text) {
		r, size := utf8.DecodeRuneInString(text[pos:])
		if _, ok := VariationByte(r); !ok {
			break
		}
		pos += size
	}
	return pos
}

// isJUMBF reports whether b starts with a JUMBF superbox header.
func isJUMBF(b []byte) bool {
	return len(b) >= 8 && string(b[4:8]) == "jumb"
}

// EncodeTextWrapper returns the wrapper that carries store: U+FEFF then
// one variation selector per byte of the header, the store and the
// padding. The padding is the deterministic one of the specification, so
// the wrapper's UTF-8 length, 3 + 4·(13+len(store)) + 6, depends only on
// the store's length and a signer can fix the hash exclusion before it
// knows the hash.
func EncodeTextWrapper(store []byte) string {
	hdr := make([]byte, 0, textHeaderLen)
	hdr = append(hdr, TextMagic...)
	hdr = append(hdr, textWrapperVersion)
	hdr = binary.BigEndian.AppendUint32(hdr, uint32(len(store)))
	target := TextWrapperLen(len(store))
	out := make([]byte, 0, target)
	out = utf8.AppendRune(out, 0xFEFF)
	for _, b := range hdr {
		out = utf8.AppendRune(out, variationRune(b))
	}
	for _, b := range store {
		out = utf8.AppendRune(out, variationRune(b))
	}
	// Bytes 0x00 take three UTF-8 bytes and 0x10 four: gap = 3z + 4k with
	// k = gap mod 3 closes any gap of at least 8, and the gap is 6 plus one
	// per three-byte selector already written, so at least 8 (the magic's
	// NUL and the version byte are three-byte selectors).
	gap := target - len(out)
	k := gap % 3
	for range (gap - 4*k) / 3 {
		out = utf8.AppendRune(out, variationRune(0x00))
	}
	for range k {
		out = utf8.AppendRune(out, variationRune(0x10))
	}
	return string(out)
}

// TextWrapperLen is the UTF-8 length of the padded wrapper of a store of
// n bytes.
func TextWrapperLen(n int) int { return 3 + 4*(textHeaderLen+n) + 6 }
