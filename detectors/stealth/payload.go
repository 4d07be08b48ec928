package stealth

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"unicode/utf8"

	"github.com/provcheck/provcheck/provenance/container"
)

// The magics are 15 ASCII bytes at the start of a stream; the writers
// follow them with a 32-bit big-endian payload length in bits.
const (
	magicLen        = 15
	magicAlphaComp  = "stealth_pngcomp" // NovelAI, and the A1111 extension's compressed alpha mode
	magicAlphaPlain = "stealth_pnginfo"
	magicRGBComp    = "stealth_rgbcomp"
	magicRGBPlain   = "stealth_rgbinfo"
)

// maxPayload caps the payload bytes read from the pixels. Real payloads
// are a few kilobytes; the cap keeps a crafted length from making us walk
// a large image bit by bit.
const maxPayload = 1 << 20

// found is a stealth payload read from one stream.
type found struct {
	stream     string // "alpha" or "rgb"
	magic      string
	compressed bool
	lengthBits uint32
	raw        []byte // as stored (gzip when compressed)
	text       []byte // decompressed; nil if that failed
	truncated  bool   // decompressed output hit the inflate limit
	err        error  // why the payload could not be read in full
}

// readStealth looks for a stealth magic at the start of s and reads the
// payload after it. It reads only the 120 magic bits when they do not
// match, so images without a payload cost almost nothing. A compressed
// payload inflates to at most maxInflate bytes and draws on the file's
// decompression allowance in ctx.
func readStealth(ctx context.Context, s *stream, maxInflate int64) *found {
	m, ok := s.readBytes(magicLen)
	if !ok {
		return nil
	}
	magic := string(m)
	f := &found{stream: s.name, magic: magic}
	switch {
	case s.name == "alpha" && magic == magicAlphaComp, s.name == "rgb" && magic == magicRGBComp:
		f.compressed = true
	case s.name == "alpha" && magic == magicAlphaPlain, s.name == "rgb" && magic == magicRGBPlain:
	default:
		return nil
	}
	lb, ok := s.readBytes(4)
	if !ok {
		f.err = errors.New("the image ends inside the length field")
		return f
	}
	f.lengthBits = uint32(lb[0])<<24 | uint32(lb[1])<<16 | uint32(lb[2])<<8 | uint32(lb[3])
	n := int64(f.lengthBits / 8) // the readers drop a partial last byte
	avail := int64(s.samples()-s.pos) / 8
	switch {
	case n == 0:
		f.err = errors.New("the payload length is zero")
		return f
	case n > maxPayload:
		f.err = fmt.Errorf("the payload length %d bytes exceeds the %d-byte limit", n, maxPayload)
		return f
	case n > avail:
		f.err = fmt.Errorf("the payload length %d bytes exceeds the %d bytes the image can hold", n, avail)
		return f
	}
	f.raw, _ = s.readBytes(int(n))
	if !f.compressed {
		f.text = validUTF8(f.raw)
		return f
	}
	f.text, f.truncated, f.err = gunzip(ctx, f.raw, maxInflate)
	return f
}

// gunzip inflates at most limit bytes, through the file's allowance.
func gunzip(ctx context.Context, raw []byte, limit int64) ([]byte, bool, error) {
	zr, err := gzip.NewReader(bytes.NewReader(raw))
	if err != nil {
		return nil, false, fmt.Errorf("gzip header: %w", err)
	}
	out, truncated, err := container.Inflate(ctx, zr, limit)
	if err != nil {
		return out, false, fmt.Errorf("gzip data: %w", err)
	}
	return out, truncated, nil
}

// validUTF8 drops invalid sequences, as the extension's reader does.
func validUTF8(b []byte) []byte {
	if utf8.Valid(b) {
		return b
	}
	return bytes.ToValidUTF8(b, nil)
}
