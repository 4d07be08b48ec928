package exif

import (
	"bytes"
	"encoding/binary"
	"strings"
	"unicode/utf8"
)

// Charset prefixes of an EXIF UserComment (EXIF 2.3 §4.6.5, table 9).
var (
	prefixASCII   = []byte("ASCII\x00\x00\x00")
	prefixUnicode = []byte("UNICODE\x00")
	prefixJIS     = []byte("JIS\x00\x00\x00\x00\x00")
	prefixUndef   = make([]byte, 8)
)

// UserComment decodes an EXIF UserComment value: an 8-byte charset prefix
// ("ASCII\0\0\0", "UNICODE\0", "JIS\0\0\0\0\0", zeros for undefined) and the text.
// UNICODE is read as UTF-16 (big-endian unless a BOM or the byte pattern says
// otherwise).
//
// charset is "ASCII", "UNICODE", "JIS", "undefined" for the zero prefix, or
// "" when there is no prefix at all: some generators store bare UTF-8, which
// is returned whole when valid. JIS text is returned as its raw bytes.
func UserComment(raw []byte) (text, charset string) {
	if len(raw) >= 8 {
		body := raw[8:]
		switch p := raw[:8]; {
		case bytes.Equal(p, prefixASCII):
			return textValue(body), "ASCII"
		case bytes.Equal(p, prefixUnicode):
			return decodeUTF16(unicodeBody(body)), "UNICODE"
		case bytes.Equal(p, prefixJIS):
			return strings.TrimRight(string(body), "\x00 "), "JIS"
		case bytes.Equal(p, prefixUndef):
			return plainText(body), "undefined"
		}
	}
	return plainText(raw), ""
}

// plainText is raw as UTF-8 without trailing NULs and spaces, or "" when
// it is not valid UTF-8 (then it is not text anyone wrote on purpose).
func plainText(raw []byte) string {
	s := strings.TrimRight(string(raw), "\x00 ")
	if !utf8.ValidString(s) {
		return ""
	}
	return s
}

// unicodeBody strips a BOM and picks the byte order of UTF-16 text. EXIF
// says the block's own byte order, but writers differ: AUTOMATIC1111 (via
// piexif) writes big-endian in every block, others little-endian. Text from
// these tools is mostly ASCII, so the zero half of each code unit tells.
func unicodeBody(b []byte) ([]byte, binary.ByteOrder) {
	switch {
	case len(b) >= 2 && b[0] == 0xFE && b[1] == 0xFF:
		return b[2:], binary.BigEndian
	case len(b) >= 2 && b[0] == 0xFF && b[1] == 0xFE:
		return b[2:], binary.LittleEndian
	}
	var evenZero, oddZero int
	for i := 0; i+1 < len(b) && i < 128; i += 2 {
		if b[i] == 0 {
			evenZero++
		}
		if b[i+1] == 0 {
			oddZero++
		}
	}
	if oddZero > evenZero {
		return b, binary.LittleEndian
	}
	return b, binary.BigEndian
}
