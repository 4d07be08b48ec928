package jpegtables

import (
	"errors"
	"fmt"
)

// errDQT and errDHT mark a payload that cannot be read any further.
var (
	errDQT = errors.New("malformed DQT")
	errDHT = errors.New("malformed DHT")
)

// Table is one quantisation table, stored in natural (row-major) order
// whatever the file's zig-zag order was.
type Table struct {
	Slot      int // destination 0..3
	Precision int // 8 or 16 bits per entry
	Q         [64]uint16
}

// unzig maps a zig-zag position to its natural-order index (T.81 figure A.6).
var unzig = [64]uint8{
	0, 1, 8, 16, 9, 2, 3, 10,
	17, 24, 32, 25, 18, 11, 4, 5,
	12, 19, 26, 33, 40, 48, 41, 34,
	27, 20, 13, 6, 7, 14, 21, 28,
	35, 42, 49, 56, 57, 50, 43, 36,
	29, 22, 15, 23, 30, 37, 44, 51,
	58, 59, 52, 45, 38, 31, 39, 46,
	53, 60, 61, 54, 47, 55, 62, 63,
}

// parseDQT reads every table of one DQT segment payload (after the length
// field). A segment holds at most a few tables and each costs at least 65
// bytes of input, so the result is bounded by the payload. Damage stops the
// read: the tables read so far are returned with the error.
func parseDQT(p []byte) ([]Table, error) {
	var out []Table
	for pos := 0; pos < len(p); {
		pq, tq := int(p[pos]>>4), int(p[pos]&0x0F)
		if pq > 1 {
			return out, fmt.Errorf("table at %d: precision code %d: %w", pos, pq, errDQT)
		}
		if tq > 3 {
			return out, fmt.Errorf("table at %d: destination %d: %w", pos, tq, errDQT)
		}
		size := 64 << pq
		if len(p)-pos-1 < size {
			return out, fmt.Errorf("table at %d: %d bytes left, want %d: %w", pos, len(p)-pos-1, size, errDQT)
		}
		t := Table{Slot: tq, Precision: 8 << pq}
		body := p[pos+1 : pos+1+size]
		for k := range 64 {
			v := uint16(body[k])
			if pq == 1 {
				v = uint16(body[2*k])<<8 | uint16(body[2*k+1])
			}
			t.Q[unzig[k]] = v
		}
		out = append(out, t)
		pos += 1 + size
	}
	return out, nil
}
