package exif

import (
	"encoding/binary"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

const (
	// maxListed caps how many numbers of an array are printed.
	maxListed = 16
	// maxShownBytes caps the printable form of an opaque UNDEFINED value.
	maxShownBytes = 256
)

const tagUserComment = 0x9286

// formatValue renders a value for people and detectors. Strings come whole
// (generators store many-KB JSON in ASCII tags); arrays and opaque bytes are
// shortened.
func formatValue(tag, typ uint16, count uint32, raw []byte, order binary.ByteOrder) string {
	if tag >= 0x9C9B && tag <= 0x9C9F && (typ == 1 || typ == 7) {
		// Windows XP* tags hold UTF-16LE text in BYTE values.
		return decodeUTF16(raw, binary.LittleEndian)
	}
	switch typ {
	case 2: // ASCII
		return textValue(raw)
	case 7: // UNDEFINED
		if tag == tagUserComment {
			text, _ := UserComment(raw)
			return text
		}
		return opaque(raw)
	}
	size := int(typeSize(typ))
	if size == 0 {
		return opaque(raw)
	}
	n := len(raw) / size
	var sb strings.Builder
	for i := range min(n, maxListed) {
		if i > 0 {
			sb.WriteByte(' ')
		}
		sb.WriteString(number(typ, raw[i*size:(i+1)*size], order))
	}
	if n > maxListed {
		fmt.Fprintf(&sb, " … (%d values)", n)
	}
	return sb.String()
}

// number formats one value of a numeric type; v holds exactly its bytes.
func number(typ uint16, v []byte, order binary.ByteOrder) string {
	switch typ {
	case 1:
		return strconv.Itoa(int(v[0]))
	case 6:
		return strconv.Itoa(int(int8(v[0])))
	case 3:
		return strconv.Itoa(int(order.Uint16(v)))
	case 8:
		return strconv.Itoa(int(int16(order.Uint16(v))))
	case 4, 13:
		return strconv.FormatUint(uint64(order.Uint32(v)), 10)
	case 9:
		return strconv.Itoa(int(int32(order.Uint32(v))))
	case 5: // rationals are most of a photo's numbers: strconv, not fmt
		return strconv.FormatUint(uint64(order.Uint32(v)), 10) + "/" + strconv.FormatUint(uint64(order.Uint32(v[4:])), 10)
	case 10:
		return strconv.FormatInt(int64(int32(order.Uint32(v))), 10) + "/" + strconv.FormatInt(int64(int32(order.Uint32(v[4:]))), 10)
	case 11:
		return strconv.FormatFloat(float64(math.Float32frombits(order.Uint32(v))), 'g', -1, 32)
	case 12:
		return strconv.FormatFloat(math.Float64frombits(order.Uint64(v)), 'g', -1, 64)
	}
	return ""
}

// textValue trims the NUL terminator and padding of an ASCII value. Many
// writers put UTF-8 there; anything else is read as Latin-1.
func textValue(raw []byte) string {
	s := strings.TrimRight(string(raw), "\x00 ")
	if utf8.ValidString(s) {
		return s
	}
	return latin1(s)
}

func latin1(s string) string {
	r := make([]rune, len(s))
	for i := range len(s) {
		r[i] = rune(s[i])
	}
	return string(r)
}

// opaque gives a short printable form of bytes with no declared meaning:
// the text if they are printable, else a hex prefix and the length.
func opaque(raw []byte) string {
	t := strings.TrimRight(string(raw), "\x00")
	if t != "" && len(t) <= maxShownBytes && printable(t) {
		return t
	}
	if len(raw) <= 16 {
		return fmt.Sprintf("0x%x", raw)
	}
	return fmt.Sprintf("0x%x… (%d bytes)", raw[:16], len(raw))
}

func printable(s string) bool {
	for i := range len(s) {
		if c := s[i]; c < 0x20 || c > 0x7E {
			return false
		}
	}
	return true
}

// decodeUTF16 decodes UTF-16 in the given byte order, dropping an odd
// trailing byte and trailing NULs and spaces.
func decodeUTF16(b []byte, order binary.ByteOrder) string {
	u := make([]uint16, len(b)/2)
	for i := range u {
		u[i] = order.Uint16(b[2*i:])
	}
	return strings.TrimRight(string(utf16.Decode(u)), "\x00 ")
}
