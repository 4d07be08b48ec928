package c2pa

import "fmt"

// locateGIF walks the GIF blocks; the store is the concatenated data
// sub-blocks of the "C2PA_GIF" application extension.
func locateGIF(data []byte, lim Limits) (*Location, error) {
	loc := &Location{Format: "gif"}
	if len(data) < 13 {
		return loc, fmt.Errorf("gif: header truncated: %w", ErrMalformed)
	}
	pos := 13
	if data[10]&0x80 != 0 {
		pos += 3 << (data[10]&7 + 1)
	}
	loc.addUnit(lim, "Header", 0, min(pos, len(data)))
	for pos < len(data) {
		start := pos
		switch data[pos] {
		case 0x3B: // trailer
			loc.addUnit(lim, "Trailer", pos, 1)
			return loc, nil
		case 0x21:
			if pos+2 > len(data) {
				return loc, nil
			}
			label := data[pos+1]
			pos += 2
			var app []byte
			if label == 0xFF && pos < len(data) && int(data[pos]) == 11 && pos+12 <= len(data) {
				app = data[pos+1 : pos+12]
			}
			body, next, ok := gifSubBlocks(data, pos, lim, label == 0xFF && string(app) == "C2PA_GIF\x01\x00\x00")
			if !ok {
				loc.Warnings = append(loc.Warnings, fmt.Sprintf("gif: extension at %d truncated", start))
				return loc, nil
			}
			name := "Extension"
			if label == 0xFF && string(app) == "C2PA_GIF\x01\x00\x00" {
				name = "C2PA"
				if loc.Store == nil {
					// The first sub-block is the 11-byte identifier.
					if len(body) >= 11 {
						loc.Store = body[11:]
					}
					loc.Parts = append(loc.Parts, Range{int64(start), int64(next - start)})
				}
			}
			pos = next
			loc.addUnit(lim, name, start, pos-start)
		case 0x2C:
			if pos+10 > len(data) {
				return loc, nil
			}
			flags := data[pos+9]
			pos += 10
			if flags&0x80 != 0 {
				pos += 3 << (flags&7 + 1)
			}
			pos++ // LZW minimum code size
			if pos > len(data) {
				return loc, nil
			}
			_, next, ok := gifSubBlocks(data, pos, lim, false)
			if !ok {
				loc.Warnings = append(loc.Warnings, fmt.Sprintf("gif: image at %d truncated", start))
				return loc, nil
			}
			pos = next
			loc.addUnit(lim, "Image", start, pos-start)
		default:
			loc.Warnings = append(loc.Warnings, fmt.Sprintf("gif: unknown block 0x%02X at %d", data[pos], pos))
			return loc, nil
		}
	}
	return loc, nil
}

// gifSubBlocks reads sub-blocks from pos up to the terminator; when collect
// is set it returns their concatenated data, bounded by the store size.
func gifSubBlocks(data []byte, pos int, lim Limits, collect bool) ([]byte, int, bool) {
	var out []byte
	for pos < len(data) {
		n := int(data[pos])
		pos++
		if n == 0 {
			return out, pos, true
		}
		if pos+n > len(data) {
			return out, pos, false
		}
		if collect && len(out)+n <= lim.MaxStoreSize {
			out = append(out, data[pos:pos+n]...)
		}
		pos += n
	}
	return out, pos, false
}
