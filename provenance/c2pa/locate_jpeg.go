package c2pa

import (
	"fmt"
)

// locateJPEG walks the JPEG marker segments, reassembling the C2PA JUMBF
// carried in APP11 (JPEG XT) segments.
func locateJPEG(data []byte, lim Limits) (*Location, error) {
	loc := &Location{Format: "jpeg"}
	loc.addUnit(lim, "SOI", 0, 2)
	var (
		en     []byte // box instance of the C2PA store
		lastZ  uint32
		stores int
	)
	pos := 2
	for pos+2 <= len(data) {
		if data[pos] != 0xFF {
			loc.Warnings = append(loc.Warnings, fmt.Sprintf("jpeg: no marker at %d", pos))
			break
		}
		m := data[pos+1]
		switch {
		case m == 0xFF: // fill byte
			pos++
			continue
		case m == 0xD9: // EOI
			loc.addUnit(lim, "EOI", pos, 2)
			return loc, nil
		case m == 0x01 || (m >= 0xD0 && m <= 0xD7):
			loc.addUnit(lim, markerName(m), pos, 2)
			pos += 2
			continue
		}
		if pos+4 > len(data) {
			break
		}
		n := be16(data[pos+2:])
		if n < 2 || pos+2+n > len(data) {
			loc.Warnings = append(loc.Warnings, fmt.Sprintf("jpeg: segment %s at %d runs past the end", markerName(m), pos))
			break
		}
		seg := data[pos+4 : pos+2+n]
		end := pos + 2 + n
		name := markerName(m)
		if m == 0xDA {
			// Entropy-coded data follows SOS up to the next marker that is
			// not a restart or a stuffed byte.
			end = scanEntropy(data, end)
		}
		if m == 0xEB && len(seg) >= 16 && seg[0] == 'J' && seg[1] == 'P' {
			z := be32(seg[4:])
			switch {
			case stores == 1 && seg[2] == en[0] && seg[3] == en[1] && z > lastZ:
				loc.Store = append(loc.Store, seg[16:]...)
				loc.Parts = append(loc.Parts, Range{int64(pos), int64(end - pos)})
				lastZ = z
				name = "C2PA"
			case len(seg) >= 28 && string(seg[24:28]) == "c2pa":
				stores++
				if stores > 1 {
					loc.Warnings = append(loc.Warnings, fmt.Sprintf("jpeg: second C2PA store at %d ignored", pos))
					break
				}
				en = []byte{seg[2], seg[3]}
				loc.Store = append([]byte(nil), seg[8:]...)
				loc.Parts = append(loc.Parts, Range{int64(pos), int64(end - pos)})
				lastZ = z
				name = "C2PA"
			}
		}
		// A box hash names the whole C2PA store one box, however many
		// APP11 segments carry it.
		if n := len(loc.Layout); name == "C2PA" && n > 0 && loc.Layout[n-1].Name == "C2PA" && loc.Layout[n-1].Offset+loc.Layout[n-1].Length == int64(pos) {
			loc.Layout[n-1].Length += int64(end - pos)
		} else if !loc.addUnit(lim, name, pos, end-pos) {
			break
		}
		pos = end
	}
	return loc, nil
}

// scanEntropy returns the offset of the first marker after entropy-coded
// data starting at pos.
func scanEntropy(data []byte, pos int) int {
	for pos+1 < len(data) {
		if data[pos] == 0xFF {
			m := data[pos+1]
			if m != 0x00 && !(m >= 0xD0 && m <= 0xD7) && m != 0xFF {
				return pos
			}
		}
		pos++
	}
	return len(data)
}

func markerName(m byte) string {
	switch {
	case m >= 0xE0 && m <= 0xEF:
		return fmt.Sprintf("APP%d", m-0xE0)
	case m >= 0xD0 && m <= 0xD7:
		return fmt.Sprintf("RST%d", m-0xD0)
	case m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC:
		return fmt.Sprintf("SOF%d", m-0xC0)
	}
	switch m {
	case 0xC4:
		return "DHT"
	case 0xCC:
		return "DAC"
	case 0xD8:
		return "SOI"
	case 0xD9:
		return "EOI"
	case 0xDA:
		return "SOS"
	case 0xDB:
		return "DQT"
	case 0xDD:
		return "DRI"
	case 0xFE:
		return "COM"
	case 0x01:
		return "TEM"
	}
	return fmt.Sprintf("%02X", m)
}
