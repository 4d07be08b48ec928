package jpegtables

import (
	"errors"
	"testing"
)

func dqtPayload(pq, tq byte, v func(k int) uint16) []byte {
	p := []byte{pq<<4 | tq}
	for k := range 64 {
		if pq == 1 {
			p = append(p, byte(v(k)>>8), byte(v(k)))
		} else {
			p = append(p, byte(v(k)))
		}
	}
	return p
}

func TestParseDQT(t *testing.T) {
	ramp := func(k int) uint16 { return uint16(k + 1) }
	wide := func(k int) uint16 { return uint16(300 + k) }
	two := append(dqtPayload(0, 0, ramp), dqtPayload(1, 3, wide)...)
	tests := []struct {
		name   string
		p      []byte
		tables int
		err    bool
	}{
		{"empty", nil, 0, false},
		{"one 8-bit", dqtPayload(0, 0, ramp), 1, false},
		{"8 and 16-bit", two, 2, false},
		{"truncated", two[:len(two)-1], 1, true},
		{"bad precision", dqtPayload(2, 0, ramp), 0, true},
		{"bad destination", dqtPayload(0, 5, ramp), 0, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ts, err := parseDQT(tc.p)
			if len(ts) != tc.tables || (err != nil) != tc.err {
				t.Fatalf("got %d tables, err %v", len(ts), err)
			}
			if err != nil && !errors.Is(err, errDQT) {
				t.Errorf("error %v does not wrap errDQT", err)
			}
		})
	}
	// Zig-zag order is undone: position k of the payload lands at unzig[k].
	ts, _ := parseDQT(two)
	if ts[0].Q[unzig[2]] != 3 || ts[0].Q[8] != 3 || ts[0].Precision != 8 {
		t.Errorf("8-bit table %v", ts[0])
	}
	if ts[1].Slot != 3 || ts[1].Precision != 16 || ts[1].Q[63] != 363 {
		t.Errorf("16-bit table slot %d precision %d last %d", ts[1].Slot, ts[1].Precision, ts[1].Q[63])
	}
}

func TestParseDHT(t *testing.T) {
	std := []byte(standardHuffman[1][0])
	tests := []struct {
		name     string
		p        []byte
		tables   int
		standard bool
		err      bool
	}{
		{"luma AC", append([]byte{0x10}, std...), 1, true, false},
		{"chroma DC as slot 1", append([]byte{0x01}, standardHuffman[0][1]...), 1, true, false},
		{"standard in the wrong class", append([]byte{0x00}, std...), 1, false, false},
		{"short header", []byte{0x00, 1, 2}, 0, false, true},
		{"bad class", append([]byte{0x20}, std...), 0, false, true},
		{"symbols past the end", append([]byte{0x10}, std[:40]...), 0, false, true},
		{"too many symbols", append([]byte{0x10}, 255, 255, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), 0, false, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			hs, err := parseDHT(tc.p)
			if len(hs) != tc.tables || (err != nil) != tc.err {
				t.Fatalf("got %d tables, err %v", len(hs), err)
			}
			if len(hs) == 1 && hs[0].isStandard() != tc.standard {
				t.Errorf("isStandard = %v", hs[0].isStandard())
			}
		})
	}
}

func TestHuffmanKind(t *testing.T) {
	std := huffTable{Class: 1, Spec: []byte(standardHuffman[1][0])}
	own := huffTable{Class: 1, Spec: []byte{0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 7}}
	for _, tc := range []struct {
		hs   []huffTable
		want string
	}{
		{nil, huffAbsent},
		{[]huffTable{std, std}, huffStandard},
		{[]huffTable{own}, huffOptimised},
		{[]huffTable{std, own}, huffMixed},
	} {
		if got := huffmanKind(tc.hs); got != tc.want {
			t.Errorf("huffmanKind(%d tables) = %s, want %s", len(tc.hs), got, tc.want)
		}
	}
}
