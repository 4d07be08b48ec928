package c2pa

import (
	"math/rand/v2"
	"testing"
)

// scanEntropyByByte is the definition scanEntropy implements: the first
// 0xFF at or after pos followed by a byte that is not a stuffed zero, a
// restart marker or a fill byte.
func scanEntropyByByte(data []byte, pos int) int {
	for ; pos+1 < len(data); pos++ {
		if data[pos] != 0xFF {
			continue
		}
		if m := data[pos+1]; m != 0x00 && !(m >= 0xD0 && m <= 0xD7) && m != 0xFF {
			return pos
		}
	}
	return len(data)
}

func TestScanEntropy(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		pos  int
		want int
	}{
		{"empty", nil, 0, 0},
		{"no marker", []byte{1, 2, 3}, 0, 3},
		{"lone 0xFF at the end", []byte{1, 0xFF}, 0, 2},
		{"stuffed zero", []byte{0xFF, 0x00, 0xFF, 0xD9}, 0, 2},
		{"restart markers", []byte{0xFF, 0xD0, 1, 0xFF, 0xD7, 0xFF, 0xC4}, 0, 5},
		{"fill bytes", []byte{0xFF, 0xFF, 0xFF, 0xD9}, 0, 2},
		{"from pos", []byte{0xFF, 0xD9, 0, 0xFF, 0xDA}, 1, 3},
		{"pos at the end", []byte{0xFF, 0xD9}, 2, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := scanEntropy(tt.data, tt.pos); got != tt.want {
				t.Errorf("scanEntropy = %d, want %d", got, tt.want)
			}
		})
	}
	// Entropy-coded data is mostly 0xFF00 pairs and restarts between
	// random bytes; any disagreement with the byte-by-byte reading shows.
	rng := rand.New(rand.NewPCG(1, 2))
	alphabet := []byte{0xFF, 0xFF, 0x00, 0xD0, 0xD7, 0xD9, 0xC4, 0x12}
	for range 2000 {
		data := make([]byte, rng.IntN(64))
		for i := range data {
			data[i] = alphabet[rng.IntN(len(alphabet))]
		}
		pos := rng.IntN(len(data) + 1)
		if got, want := scanEntropy(data, pos), scanEntropyByByte(data, pos); got != want {
			t.Fatalf("scanEntropy(% x, %d) = %d, want %d", data, pos, got, want)
		}
	}
}
