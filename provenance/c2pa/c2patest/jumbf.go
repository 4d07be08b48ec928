package c2patest

import (
	"encoding/binary"
)

// c2paUUID returns the C2PA type UUID for a four-character tag.
func c2paUUID(tag string) []byte {
	u := []byte(tag)
	return append(u, 0x00, 0x11, 0x00, 0x10, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71)
}

// box writes one JUMBF/ISO box.
func box(typ string, payload ...[]byte) []byte {
	n := 8
	for _, p := range payload {
		n += len(p)
	}
	out := make([]byte, 8, n)
	binary.BigEndian.PutUint32(out, uint32(n))
	copy(out[4:], typ)
	for _, p := range payload {
		out = append(out, p...)
	}
	return out
}

// superbox writes a jumb box with a description (requestable, labelled).
func superbox(uuid []byte, label string, children ...[]byte) []byte {
	desc := append(append([]byte{}, uuid...), 0x03)
	desc = append(desc, label...)
	desc = append(desc, 0)
	parts := append([][]byte{box("jumd", desc)}, children...)
	return box("jumb", parts...)
}

// payloadOf returns a box's bytes after its 8-byte header, which is what a
// hashed URI covers.
func payloadOf(b []byte) []byte { return b[8:] }

// children returns the boxes of a superbox after its description box.
func children(super []byte) [][]byte {
	var out [][]byte
	for pos, first := 8, true; pos+8 <= len(super); first = false {
		n := int(binary.BigEndian.Uint32(super[pos:]))
		if n < 8 || pos+n > len(super) {
			break
		}
		if !first {
			out = append(out, super[pos:pos+n])
		}
		pos += n
	}
	return out
}

// labelOf returns the label of a superbox built by superbox.
func labelOf(super []byte) string {
	if len(super) < 8+8+17 {
		return ""
	}
	desc := super[8+8+17:]
	for i, c := range desc {
		if c == 0 {
			return string(desc[:i])
		}
	}
	return ""
}
