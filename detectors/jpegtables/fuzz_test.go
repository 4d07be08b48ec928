package jpegtables

import (
	"encoding/binary"
	"testing"
)

// payloads returns the DQT and DHT payloads of a Go-encoded JPEG, as seeds.
func payloads(t testing.TB, marker byte) [][]byte {
	jpg := goJPEG(t, 75, false)
	var out [][]byte
	for pos := 2; pos+4 <= len(jpg) && jpg[pos+1] != 0xDA; {
		n := int(binary.BigEndian.Uint16(jpg[pos+2:]))
		if jpg[pos+1] == marker {
			out = append(out, jpg[pos+4:pos+2+n])
		}
		pos += 2 + n
	}
	return out
}

func FuzzParseDQT(f *testing.F) {
	for _, p := range payloads(f, 0xDB) {
		f.Add(p)
	}
	f.Add(dqtPayload(1, 2, func(k int) uint16 { return uint16(k * 1000) }))
	f.Fuzz(func(t *testing.T, p []byte) {
		ts, err := parseDQT(p)
		if len(ts) > len(p)/65 {
			t.Fatalf("%d tables from %d bytes", len(ts), len(p))
		}
		if err == nil && len(p) > 0 && len(ts) == 0 {
			t.Fatal("no table and no error")
		}
		slots := [4]*Table{}
		for i := range ts {
			if ts[i].Slot > 3 {
				t.Fatalf("slot %d", ts[i].Slot)
			}
			slots[ts[i].Slot] = &ts[i]
		}
		if q := hashSumQuality(slots); q < 0 || q > 100 {
			t.Fatalf("quality %d", q)
		}
		if slots[0] != nil {
			nearestIJG(slots[0], slots[1])
			var cs []*Table
			if slots[1] != nil {
				cs = append(cs, slots[1])
			}
			exactIJG(slots[0], cs)
		}
	})
}

func FuzzParseDHT(f *testing.F) {
	for _, p := range payloads(f, 0xC4) {
		f.Add(p)
	}
	f.Fuzz(func(t *testing.T, p []byte) {
		hs, err := parseDHT(p)
		if len(hs) > len(p)/17 {
			t.Fatalf("%d tables from %d bytes", len(hs), len(p))
		}
		if err == nil && len(p) > 0 && len(hs) == 0 {
			t.Fatal("no table and no error")
		}
		n := 0
		for _, h := range hs {
			n += len(h.Spec) + 1
		}
		if n > len(p) {
			t.Fatalf("tables cover %d of %d bytes", n, len(p))
		}
		huffmanKind(hs)
	})
}
