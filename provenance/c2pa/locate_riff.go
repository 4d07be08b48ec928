package c2pa

import "fmt"

// locateRIFF walks the top-level chunks of a RIFF file (WebP, WAV, AVI);
// the store is the data of the "C2PA" chunk.
func locateRIFF(data []byte, lim Limits) (*Location, error) {
	loc := &Location{Format: "riff"}
	loc.addUnit(lim, "RIFF", 0, 12)
	end := int64(le32(data[4:])) + 8
	if end > int64(len(data)) {
		loc.Warnings = append(loc.Warnings, "riff: RIFF size runs past the end")
		end = int64(len(data))
	}
	for pos := int64(12); pos+8 <= end; {
		id := string(data[pos : pos+4])
		n := int64(le32(data[pos+4:]))
		next := pos + 8 + n + n&1
		if pos+8+n > end {
			loc.Warnings = append(loc.Warnings, fmt.Sprintf("riff: chunk %q at %d runs past the end", id, pos))
			break
		}
		if id == "C2PA" && loc.Store == nil {
			loc.Store = data[pos+8 : pos+8+n]
			// The pad byte after an odd-sized chunk is not part of it.
			loc.Parts = append(loc.Parts, Range{pos, 8 + n})
		}
		if !loc.addUnit(lim, id, int(pos), int(min(next, end)-pos)) {
			break
		}
		pos = next
	}
	return loc, nil
}
