package jpegtables

import (
	"encoding/hex"
	"fmt"
)

// huffTable is one Huffman table of a DHT segment: class (0 DC, 1 AC),
// destination, and the code-length counts followed by the symbols, as
// stored.
type huffTable struct {
	Class, Slot int
	Spec        []byte // 16 counts then the symbols; aliases the payload
}

// parseDHT reads every table of one DHT segment payload. Each table costs
// at least 17 bytes of input and its symbol count is checked against the
// bytes left, so nothing is allocated beyond the payload's size.
func parseDHT(p []byte) ([]huffTable, error) {
	var out []huffTable
	for pos := 0; pos < len(p); {
		if len(p)-pos < 17 {
			return out, fmt.Errorf("table at %d: header cut short: %w", pos, errDHT)
		}
		tc, th := int(p[pos]>>4), int(p[pos]&0x0F)
		if tc > 1 || th > 3 {
			return out, fmt.Errorf("table at %d: class %d, destination %d: %w", pos, tc, th, errDHT)
		}
		n := 0
		for _, c := range p[pos+1 : pos+17] {
			n += int(c)
		}
		if n > 256 {
			return out, fmt.Errorf("table at %d: %d symbols: %w", pos, n, errDHT)
		}
		end := pos + 17 + n
		if end > len(p) {
			return out, fmt.Errorf("table at %d: %d symbols run past the segment: %w", pos, n, errDHT)
		}
		out = append(out, huffTable{Class: tc, Slot: th, Spec: p[pos+1 : end]})
		pos = end
	}
	return out, nil
}

// The four example Huffman tables of T.81 Annex K.3 (K.3.3.1 and K.3.3.2),
// as counts followed by symbols: a one-pass encoder writes them unchanged
// (camera firmware, libjpeg without optimize_coding, Go's encoder).
var annexKHuffman = [2][]string{
	{ // DC: luminance, chrominance
		"00010501010101010100000000000000000102030405060708090a0b",
		"00030101010101010101010000000000000102030405060708090a0b",
	},
	{ // AC: luminance, chrominance
		"0002010303020403050504040000017d01020300041105122131410613516107227114328191a1082342b1c11552d1f02433627282090a161718191a25262728292a3435363738393a434445464748494a535455565758595a636465666768696a737475767778797a838485868788898a92939495969798999aa2a3a4a5a6a7a8a9aab2b3b4b5b6b7b8b9bac2c3c4c5c6c7c8c9cad2d3d4d5d6d7d8d9dae1e2e3e4e5e6e7e8e9eaf1f2f3f4f5f6f7f8f9fa",
		"00020102040403040705040400010277000102031104052131061241510761711322328108144291a1b1c109233352f0156272d10a162434e125f11718191a262728292a35363738393a434445464748494a535455565758595a636465666768696a737475767778797a82838485868788898a92939495969798999aa2a3a4a5a6a7a8a9aab2b3b4b5b6b7b8b9bac2c3c4c5c6c7c8c9cad2d3d4d5d6d7d8d9dae2e3e4e5e6e7e8e9eaf2f3f4f5f6f7f8f9fa",
	},
}

var standardHuffman = func() (s [2][2]string) {
	for c := range 2 {
		for i, h := range annexKHuffman[c] {
			b, err := hex.DecodeString(h)
			if err != nil {
				panic(err)
			}
			s[c][i] = string(b)
		}
	}
	return s
}()

// isStandard reports whether a table is one of the Annex K tables of its
// class (luminance or chrominance: encoders do not always use the
// destination the example suggests).
func (h huffTable) isStandard() bool {
	s := string(h.Spec)
	return s == standardHuffman[h.Class][0] || s == standardHuffman[h.Class][1]
}
