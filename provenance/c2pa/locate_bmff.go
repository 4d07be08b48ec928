package c2pa

import (
	"bytes"
	"encoding/binary"
	"fmt"
)

// c2paBMFFUUID is the extended type of the BMFF uuid box carrying C2PA data.
var c2paBMFFUUID = []byte{0xD8, 0xFE, 0xC3, 0xD6, 0x1B, 0x0E, 0x48, 0x3C, 0x92, 0x97, 0x58, 0x28, 0x87, 0x7E, 0xC4, 0x81}

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

// locateBMFF walks the top-level boxes; the store is in the uuid box with
// the C2PA extended type whose purpose is "manifest".
func locateBMFF(data []byte, lim Limits) (*Location, error) {
	loc := &Location{Format: "bmff"}
	end := int64(len(data))
	for pos := int64(0); pos < end; {
		b, err := readBMFFBox(data, pos, end)
		if err != nil {
			loc.Warnings = append(loc.Warnings, err.Error())
			break
		}
		if b.Type == "uuid" && bytes.Equal(b.UUID, c2paBMFFUUID) {
			p := data[pos+b.Header : pos+b.Size]
			if len(p) > 4 {
				p = p[4:] // FullBox version and flags
				purpose, rest, ok := bytes.Cut(p, []byte{0})
				if ok && string(purpose) == "manifest" && len(rest) >= 8 && loc.Store == nil {
					loc.Store = rest[8:]
					loc.Parts = append(loc.Parts, Range{pos, b.Size})
				}
			}
		}
		if !loc.addUnit(lim, b.Type, int(pos), int(b.Size)) {
			break
		}
		pos += b.Size
	}
	return loc, nil
}

// locateJXL walks the boxes of a JPEG XL container; the store is the
// top-level jumb box itself.
func locateJXL(data []byte, lim Limits) (*Location, error) {
	loc := &Location{Format: "jxl"}
	end := int64(len(data))
	for pos := int64(0); pos < end; {
		b, err := readBMFFBox(data, pos, end)
		if err != nil {
			loc.Warnings = append(loc.Warnings, err.Error())
			break
		}
		if b.Type == "jumb" && loc.Store == nil {
			loc.Store = data[pos : pos+b.Size]
			loc.Parts = append(loc.Parts, Range{pos, b.Size})
		}
		if !loc.addUnit(lim, b.Type, int(pos), int(b.Size)) {
			break
		}
		pos += b.Size
	}
	return loc, nil
}
