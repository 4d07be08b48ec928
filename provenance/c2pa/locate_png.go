package c2pa

import "fmt"

// locatePNG walks the PNG chunks; the store is the caBX chunk's data.
func locatePNG(data []byte, lim Limits) (*Location, error) {
	loc := &Location{Format: "png"}
	loc.addUnit(lim, "PNGh", 0, 8) // box-hash name of the signature
	for pos := 8; pos+12 <= len(data); {
		n := int64(be32(data[pos:]))
		typ := string(data[pos+4 : pos+8])
		end := int64(pos) + 12 + n
		if end > int64(len(data)) {
			loc.Warnings = append(loc.Warnings, fmt.Sprintf("png: chunk %q at %d runs past the end", typ, pos))
			break
		}
		if typ == "caBX" {
			if loc.Store == nil {
				loc.Store = data[pos+8 : pos+8+int(n)]
				loc.Parts = append(loc.Parts, Range{int64(pos), end - int64(pos)})
			} else {
				loc.Warnings = append(loc.Warnings, fmt.Sprintf("png: second caBX chunk at %d ignored", pos))
			}
		}
		name := typ
		if typ == "caBX" {
			name = "C2PA"
		}
		if !loc.addUnit(lim, name, pos, int(end)-pos) {
			break
		}
		pos = int(end)
		if typ == "IEND" {
			break
		}
	}
	return loc, nil
}
