package c2pa

import (
	"bytes"
	"fmt"
)

// locateJPEG walks the JPEG marker segments, reassembling the C2PA JUMBF
// carried in APP11 (JPEG XT) segments.
func locateJPEG(data []byte, lim Limits) (*Location, error) {
	loc := &Location{Format: "jpeg"}
	loc.addUnit(lim, "SOI", 0, 2)
	var (
		en     []byte   // box instance of the C2PA store
		pieces [][]byte // the store's box bytes, segment by segment
		lastZ  uint32
		stores int
	)
	pos := 2
segments:
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
			break segments
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
				pieces = append(pieces, seg[16:])
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
				pieces = [][]byte{seg[8:]}
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
	loc.Store = joinStore(pieces)
	return loc, nil
}

// joinStore joins the store's pieces with one allocation of the final
// size, or none when one segment holds the whole store: the store then
// aliases the file, as Location allows, clipped so that no append can
// write into the file's bytes.
func joinStore(pieces [][]byte) []byte {
	switch len(pieces) {
	case 0:
		return nil
	case 1:
		return pieces[0][:len(pieces[0]):len(pieces[0])]
	}
	return bytes.Join(pieces, nil)
}

// scanEntropy returns the offset of the first marker after entropy-coded
// data starting at pos. Only a 0xFF can start one, so the scan hops from
// one 0xFF to the next rather than stepping byte by byte.
func scanEntropy(data []byte, pos int) int {
	for pos+1 < len(data) {
		j := bytes.IndexByte(data[pos:len(data)-1], 0xFF)
		if j < 0 {
			break
		}
		pos += j
		if m := data[pos+1]; m != 0x00 && !(m >= 0xD0 && m <= 0xD7) && m != 0xFF {
			return pos
		}
		pos++
	}
	return len(data)
}

// markerNames names every marker once, so a layout unit costs no
// formatting.
var markerNames = func() (names [256]string) {
	for m := range names {
		names[m] = fmt.Sprintf("%02X", m)
	}
	for i := range 16 {
		names[0xE0+i] = fmt.Sprintf("APP%d", i)
		if c := 0xC0 + i; c != 0xC4 && c != 0xC8 && c != 0xCC {
			names[c] = fmt.Sprintf("SOF%d", i)
		}
	}
	for i := range 8 {
		names[0xD0+i] = fmt.Sprintf("RST%d", i)
	}
	names[0xC4], names[0xCC] = "DHT", "DAC"
	names[0xD8], names[0xD9], names[0xDA], names[0xDB] = "SOI", "EOI", "SOS", "DQT"
	names[0xDD], names[0xFE], names[0x01] = "DRI", "COM", "TEM"
	return names
}()

func markerName(m byte) string { return markerNames[m] }
