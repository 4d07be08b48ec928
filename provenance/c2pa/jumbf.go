package c2pa

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"unicode/utf8"
)

// ErrMalformed marks structurally broken JUMBF or CBOR.
var ErrMalformed = errors.New("malformed")

// Box is one JUMBF box. A superbox ("jumb") has a description and children;
// a content box has only Payload.
type Box struct {
	Type string // four-character box type: "jumb", "cbor", "json", "bfdb"...
	// Offset is where the box header starts, relative to the bytes given to
	// ParseJUMBF.
	Offset int
	// Payload is everything after the box header. For a superbox it is what
	// a hashed URI covers (description box and children).
	Payload []byte
	// Desc is the description of a superbox.
	Desc *Desc
	// Children are the boxes of a superbox after its description.
	Children []*Box
}

// Desc is a JUMBF description box ("jumd").
type Desc struct {
	UUID    [16]byte
	Toggles byte
	Label   string
	ID      uint32
	HasID   bool
	Hash    []byte
	Private []byte // private box (e.g. "c2sh" salt) including its header
}

// Tag returns the first four bytes of the type UUID as text when they are
// printable ("c2pa", "c2ma", "cbor"...), else the UUID in hex.
func (d *Desc) Tag() string {
	for _, c := range d.UUID[:4] {
		if c < 0x20 || c > 0x7e {
			return hex.EncodeToString(d.UUID[:])
		}
	}
	if !bytes.Equal(d.UUID[4:], c2paUUIDTail) {
		return hex.EncodeToString(d.UUID[:])
	}
	return string(d.UUID[:4])
}

// c2paUUIDTail is the common tail of the C2PA type UUIDs
// (XXXXXXXX-0011-0010-8000-00AA00389B71).
var c2paUUIDTail = []byte{0x00, 0x11, 0x00, 0x10, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71}

// Label returns the superbox label, or "" for a content box.
func (b *Box) Label() string {
	if b.Desc == nil {
		return ""
	}
	return b.Desc.Label
}

// Child returns the first child superbox with the given label.
func (b *Box) Child(label string) *Box {
	for _, c := range b.Children {
		if c.Desc != nil && c.Desc.Label == label {
			return c
		}
	}
	return nil
}

// Content returns the first child content box of the given type.
func (b *Box) Content(typ string) *Box {
	for _, c := range b.Children {
		if c.Type == typ && c.Desc == nil {
			return c
		}
	}
	return nil
}

// jumbfParser carries the bounds of one parse.
type jumbfParser struct {
	ctx      context.Context // the file's time limit, checked every 1024 boxes
	maxDepth int
	maxBoxes int
	boxes    int
	total    int // bytes in the whole parse: the end an overstated length may run to
}

// ParseJUMBF parses the top-level box in data, which must be a superbox.
// Trailing bytes after the box are ignored (JPEG and BMFF carriers pad).
func ParseJUMBF(data []byte, lim Limits) (*Box, error) {
	return parseJUMBF(context.Background(), data, lim)
}

// parseJUMBF is ParseJUMBF under ctx.
func parseJUMBF(ctx context.Context, data []byte, lim Limits) (*Box, error) {
	lim = lim.withDefaults()
	p := &jumbfParser{ctx: ctx, maxDepth: lim.MaxJUMBFDepth, maxBoxes: lim.MaxJUMBFBoxes, total: len(data)}
	b, _, err := p.box(data, 0, 0)
	if err != nil {
		return nil, err
	}
	if b.Type != "jumb" {
		return nil, fmt.Errorf("jumbf: top-level box is %q, not a superbox: %w", b.Type, ErrMalformed)
	}
	return b, nil
}

// box reads one box at data[off:]; it returns the box and its total size.
func (p *jumbfParser) box(data []byte, off, depth int) (*Box, int, error) {
	rest := data[off:]
	if len(rest) < 8 {
		return nil, 0, fmt.Errorf("jumbf: box header at %d: %w", off, ErrMalformed)
	}
	p.boxes++
	if p.boxes%1024 == 0 {
		if err := p.ctx.Err(); err != nil {
			return nil, 0, fmt.Errorf("jumbf: box at %d: %w", off, err)
		}
	}
	if p.boxes > p.maxBoxes {
		return nil, 0, fmt.Errorf("jumbf: more than %d boxes: %w", p.maxBoxes, ErrLimit)
	}
	size := uint64(binary.BigEndian.Uint32(rest))
	typ := string(rest[4:8])
	hdr := 8
	switch size {
	case 0:
		// "To the end of the file" has no meaning inside a manifest store;
		// the SDK refuses it ("invalid JUMB box"), and taking it here let a
		// zeroed length pass unnoticed.
		return nil, 0, fmt.Errorf("jumbf: %q box at %d has length 0: %w", typ, off, ErrMalformed)
	case 1:
		if len(rest) < 16 {
			return nil, 0, fmt.Errorf("jumbf: %q box at %d: extended size truncated: %w", typ, off, ErrMalformed)
		}
		size = binary.BigEndian.Uint64(rest[8:])
		hdr = 16
	}
	if typ == "jumb" && size > uint64(len(rest)) && len(data) == p.total {
		// The SDK reads a superbox's children until its length or the end
		// of the data: an overstated length that runs past the end of the
		// whole store (the last superbox) changes nothing it reads, and
		// nothing signed. One that runs into a sibling is an error there
		// and here.
		size = uint64(len(rest))
	}
	if size < uint64(hdr) || size > uint64(len(rest)) {
		return nil, 0, fmt.Errorf("jumbf: %q box at %d: size %d outside 8..%d: %w", typ, off, size, len(rest), ErrMalformed)
	}
	b := &Box{Type: typ, Offset: off, Payload: rest[hdr:size:size]}
	if typ != "jumb" {
		return b, int(size), nil
	}
	if depth >= p.maxDepth {
		return nil, 0, fmt.Errorf("jumbf: superbox at %d: nesting deeper than %d: %w", off, p.maxDepth, ErrLimit)
	}
	// A superbox starts with its description box.
	inner := off + hdr
	end := off + int(size)
	d, n, err := p.box(data[:end], inner, depth+1)
	if err != nil {
		return nil, 0, fmt.Errorf("jumbf: superbox at %d: %w", off, err)
	}
	if d.Type != "jumd" {
		return nil, 0, fmt.Errorf("jumbf: superbox at %d starts with %q, not jumd: %w", off, d.Type, ErrMalformed)
	}
	if b.Desc, err = parseDesc(d.Payload); err != nil {
		return nil, 0, fmt.Errorf("jumbf: description at %d: %w", inner, err)
	}
	for pos := inner + n; pos < end; {
		c, n, err := p.box(data[:end], pos, depth+1)
		if err != nil {
			// Keep the children read so far: a validator reports what is
			// missing through status codes rather than losing the store.
			return b, int(size), fmt.Errorf("jumbf: superbox %q: %w", b.Desc.Label, err)
		}
		b.Children = append(b.Children, c)
		pos += n
	}
	return b, int(size), nil
}

func parseDesc(p []byte) (*Desc, error) {
	if len(p) < 17 {
		return nil, fmt.Errorf("%d bytes, need 17: %w", len(p), ErrMalformed)
	}
	d := &Desc{Toggles: p[16]}
	copy(d.UUID[:], p[:16])
	rest := p[17:]
	// As the SDK reads a description box: C2PA boxes are requestable and
	// labelled (toggles 0x03), the label is UTF-8 and not empty, a private
	// box is there when announced and nothing follows what the toggles
	// announce. A changed toggles byte or label otherwise went unnoticed
	// (labels are outside the claim signature).
	if d.Toggles&0x03 != 0x03 {
		return nil, fmt.Errorf("toggles %#02x: not requestable and labelled: %w", d.Toggles, ErrMalformed)
	}
	i := bytes.IndexByte(rest, 0)
	if i < 0 {
		return nil, fmt.Errorf("label not terminated: %w", ErrMalformed)
	}
	if i == 0 || !utf8.Valid(rest[:i]) {
		return nil, fmt.Errorf("label %q empty or not UTF-8: %w", rest[:i], ErrMalformed)
	}
	d.Label = string(rest[:i])
	rest = rest[i+1:]
	if d.Toggles&0x04 != 0 {
		if len(rest) < 4 {
			return nil, fmt.Errorf("ID truncated: %w", ErrMalformed)
		}
		d.ID, d.HasID = binary.BigEndian.Uint32(rest), true
		rest = rest[4:]
	}
	if d.Toggles&0x08 != 0 {
		if len(rest) < 32 {
			return nil, fmt.Errorf("signature hash truncated: %w", ErrMalformed)
		}
		d.Hash = rest[:32]
		rest = rest[32:]
	}
	switch {
	case d.Toggles&0x10 != 0 && len(rest) < 8:
		return nil, fmt.Errorf("private box announced, %d bytes left: %w", len(rest), ErrMalformed)
	case d.Toggles&0x10 != 0:
		d.Private = rest
	case len(rest) > 0:
		return nil, fmt.Errorf("%d bytes after the fields the toggles announce: %w", len(rest), ErrMalformed)
	}
	return d, nil
}
