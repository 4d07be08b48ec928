package c2pa

import (
	"encoding/binary"
	"fmt"
)

// locateTIFF walks the IFD chain (and SubIFDs) for tag 0xCD41, whose value
// is the store.
func locateTIFF(data []byte, lim Limits) (*Location, error) {
	loc := &Location{Format: "tiff"}
	if len(data) < 8 {
		return loc, fmt.Errorf("tiff: header truncated: %w", ErrMalformed)
	}
	var bo binary.ByteOrder = binary.LittleEndian
	if data[0] == 'M' {
		bo = binary.BigEndian
	}
	seen := map[uint32]bool{}
	queue := []uint32{bo.Uint32(data[4:])}
	for len(queue) > 0 && len(seen) < lim.MaxSegments {
		off := queue[0]
		queue = queue[1:]
		if off == 0 || seen[off] || int64(off)+2 > int64(len(data)) {
			continue
		}
		seen[off] = true
		n := int(bo.Uint16(data[off:]))
		pos := int(off) + 2
		if pos+12*n+4 > len(data) {
			loc.Warnings = append(loc.Warnings, fmt.Sprintf("tiff: IFD at %d truncated", off))
			continue
		}
		for i := range n {
			e := data[pos+12*i : pos+12*i+12]
			tag, typ, count := bo.Uint16(e), bo.Uint16(e[2:]), bo.Uint32(e[4:])
			switch tag {
			case 0xCD41:
				if typ != 7 && typ != 1 {
					loc.Warnings = append(loc.Warnings, fmt.Sprintf("tiff: C2PA tag has type %d", typ))
				}
				voff := int64(bo.Uint32(e[8:]))
				if count <= 4 {
					voff = int64(pos + 12*i + 8)
				}
				if voff+int64(count) > int64(len(data)) {
					loc.Warnings = append(loc.Warnings, fmt.Sprintf("tiff: C2PA tag value at %d runs past the end", voff))
					continue
				}
				if loc.Store == nil {
					loc.Store = data[voff : voff+int64(count)]
					loc.Parts = append(loc.Parts, Range{voff, int64(count)})
				}
			case 0x014A: // SubIFDs
				if count == 1 {
					queue = append(queue, bo.Uint32(e[8:]))
				} else if v := int64(bo.Uint32(e[8:])); v+4*int64(count) <= int64(len(data)) && count < 64 {
					for j := range int64(count) {
						queue = append(queue, bo.Uint32(data[v+4*j:]))
					}
				}
			}
		}
		queue = append(queue, bo.Uint32(data[pos+12*n:]))
	}
	return loc, nil
}
