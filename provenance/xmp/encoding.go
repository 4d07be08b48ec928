package xmp

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// toUTF8 returns the packet as UTF-8 without leading BOM, NULs or
// whitespace. XMP may be UTF-16 (exiftool's test images are UTF-16BE); the
// order comes from the BOM or from which byte of "<" is zero.
func toUTF8(b []byte) []byte {
	var order binary.ByteOrder
	switch {
	case len(b) >= 2 && b[0] == 0xFE && b[1] == 0xFF:
		order, b = binary.BigEndian, b[2:]
	case len(b) >= 2 && b[0] == 0xFF && b[1] == 0xFE:
		order, b = binary.LittleEndian, b[2:]
	default:
		order = utf16Order(b)
	}
	if order != nil {
		u := make([]uint16, len(b)/2)
		for i := range u {
			u[i] = order.Uint16(b[2*i:])
		}
		b = []byte(string(utf16.Decode(u)))
	}
	b = bytes.TrimPrefix(b, []byte("\xEF\xBB\xBF"))
	return bytes.TrimLeft(b, " \t\r\n\x00")
}

// utf16Order guesses UTF-16 without BOM from the first non-blank code unit,
// which in any XMP packet is '<'.
func utf16Order(b []byte) binary.ByteOrder {
	for i := 0; i+1 < len(b) && i < 256; i += 2 {
		switch {
		case b[i] == 0 && b[i+1] == '<':
			return binary.BigEndian
		case b[i] == '<' && b[i+1] == 0:
			return binary.LittleEndian
		case b[i] == 0 && isBlank(b[i+1]), isBlank(b[i]) && b[i+1] == 0:
			continue
		}
		return nil
	}
	return nil
}

func isBlank(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

// charsetReader serves encoding declarations encoding/xml does not know.
// UTF-16 input was already converted, so its declaration is now stale.
func charsetReader(label string, in io.Reader) (io.Reader, error) {
	switch strings.ToLower(strings.TrimSpace(label)) {
	case "utf-16", "utf-16be", "utf-16le", "utf16", "unicode", "utf8":
		return in, nil
	case "iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "us-ascii", "ascii", "windows-1252", "cp1252":
		return latin1Reader{in}, nil
	}
	return nil, fmt.Errorf("xmp: unsupported encoding %q", label)
}

// latin1Reader converts ISO-8859-1 to UTF-8. Output may exceed the buffer
// it was asked to fill, so it works in halves of the caller's buffer.
type latin1Reader struct{ r io.Reader }

func (l latin1Reader) Read(p []byte) (int, error) {
	if len(p) < 2 {
		return 0, io.ErrShortBuffer
	}
	buf := make([]byte, len(p)/2)
	n, err := l.r.Read(buf)
	out := p[:0]
	for _, c := range buf[:n] {
		out = utf8.AppendRune(out, rune(c))
	}
	return len(out), err
}
