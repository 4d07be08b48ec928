package reports

import (
	"math/rand/v2"
	"testing"

	"github.com/rivo/uniseg"
)

// Width's ASCII shortcut measures as grapheme segmentation does, for every
// printable character, every pair with a control or other byte, and
// random printable strings.
func TestWidthASCIIShortcut(t *testing.T) {
	var cases []string
	for c := 0; c < 0x80; c++ {
		cases = append(cases, string(rune(c)), "a"+string(rune(c))+"b", string(rune(c))+"\u0301", "x\r\n"+string(rune(c)))
	}
	r := rand.New(rand.NewPCG(3, 4))
	for range 500 {
		b := make([]byte, r.IntN(40))
		for i := range b {
			b[i] = byte(0x20 + r.IntN(0x5f))
		}
		cases = append(cases, string(b))
	}
	for _, s := range cases {
		if got, want := Width(s), uniseg.StringWidth(s); got != want {
			t.Errorf("Width(%q) = %d, grapheme width %d", s, got, want)
		}
	}
}

// ShortenLeft's and fitPrefix's ASCII shortcuts cut where grapheme
// iteration cuts, for random printable strings at every width.
func TestCutASCIIShortcut(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for range 200 {
		b := make([]byte, 1+r.IntN(30))
		for i := range b {
			b[i] = byte(0x20 + r.IntN(0x5f))
		}
		s := string(b)
		for n := -1; n <= len(s)+2; n++ {
			head, w := fitPrefix(s, n)
			gHead, gw := fitPrefixGraphemes(s, n)
			if head != gHead || w != gw {
				t.Errorf("fitPrefix(%q, %d) = %q %d, by graphemes %q %d", s, n, head, w, gHead, gw)
			}
			if n >= 1 && n < len(s) {
				if got, want := ShortenLeft(s, n), shortenLeftGraphemes(s, n); got != want {
					t.Errorf("ShortenLeft(%q, %d) = %q, by graphemes %q", s, n, got, want)
				}
			}
		}
	}
}

func BenchmarkWidth(b *testing.B) {
	s := "archive/2024/photos/camera_c2pa_truepic-20230212-camera-final.jpg"
	b.Run("Width", func(b *testing.B) {
		for b.Loop() {
			Width(s)
		}
	})
	b.Run("graphemes", func(b *testing.B) { // what Width costs without the shortcut
		for b.Loop() {
			uniseg.StringWidth(s)
		}
	})
}
