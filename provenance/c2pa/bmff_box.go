package c2pa

import (
	"encoding/binary"
	"fmt"
)

// The BMFF hash (c2pa.hash.bmff.v2/v3) selects boxes by path at any depth
// and with constraints on their contents, so it reads box headers as it
// goes rather than from the walker's top-level layout.

// bmffBox is one ISO BMFF box header.
type bmffBox struct {
	Type   string
	Offset int64
	Size   int64 // whole box
	Header int64 // 8, 16, plus 16 for uuid's extended type
	UUID   []byte
}

// readBMFFBox reads the box header at data[off:end].
func readBMFFBox(data []byte, off, end int64) (bmffBox, error) {
	if off+8 > end {
		return bmffBox{}, fmt.Errorf("bmff: box header at %d truncated: %w", off, ErrMalformed)
	}
	b := bmffBox{Type: string(data[off+4 : off+8]), Offset: off, Header: 8}
	size := int64(binary.BigEndian.Uint32(data[off:]))
	switch size {
	case 0:
		size = end - off
	case 1:
		if off+16 > end {
			return b, fmt.Errorf("bmff: %q box at %d: large size truncated: %w", b.Type, off, ErrMalformed)
		}
		s := binary.BigEndian.Uint64(data[off+8:])
		if s > uint64(end-off) {
			return b, fmt.Errorf("bmff: %q box at %d: size %d past the end: %w", b.Type, off, s, ErrMalformed)
		}
		size = int64(s)
		b.Header = 16
	}
	if b.Type == "uuid" {
		if off+b.Header+16 > end {
			return b, fmt.Errorf("bmff: uuid box at %d truncated: %w", off, ErrMalformed)
		}
		b.UUID = data[off+b.Header : off+b.Header+16]
		b.Header += 16
	}
	if size < b.Header || off+size > end {
		return b, fmt.Errorf("bmff: %q box at %d: size %d outside %d..%d: %w", b.Type, off, size, b.Header, end-off, ErrMalformed)
	}
	b.Size = size
	return b, nil
}
