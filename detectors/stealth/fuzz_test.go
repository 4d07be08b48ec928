package stealth

import (
	"image"
	"testing"
)

// fuzzImage builds a small image of odd size and some layout from fuzz
// input. With plant set, the rest of the input follows a real magic in the
// LSB stream, so the length, gzip and JSON paths get exercised.
func fuzzImage(data []byte) image.Image {
	if len(data) < 4 {
		return nil
	}
	w, h := 1+int(data[1])%97, 1+int(data[2])%89
	r := image.Rect(2, 3, 2+w, 3+h)
	mode, rest := data[3], data[4:]
	src := image.NewNRGBA(r)
	for i := range src.Pix {
		if len(rest) > 0 {
			src.Pix[i] = rest[i%len(rest)]
		}
	}
	if mode&1 != 0 {
		magic := []string{magicAlphaComp, magicAlphaPlain, magicRGBComp, magicRGBPlain}[mode>>1&3]
		payload := append([]byte(magic), rest...)
		if magic == magicRGBComp || magic == magicRGBPlain {
			hideRGB(src, payload)
		} else {
			hideAlpha(src, payload)
		}
	}
	switch data[0] % 5 {
	case 1:
		m := image.NewNRGBA64(r)
		for i := range m.Pix {
			m.Pix[i] = src.Pix[i/2]
		}
		return m
	case 2:
		m := image.NewRGBA(r)
		copy(m.Pix, src.Pix) // premultiplied: colour may exceed alpha
		return m
	case 3:
		m := image.NewNYCbCrA(r, image.YCbCrSubsampleRatio422)
		for i := range m.A {
			m.A[i] = src.Pix[4*i+3]
		}
		return m
	case 4:
		return image.NewPaletted(r, nil)
	}
	return src
}

func FuzzStealth(f *testing.F) {
	f.Add([]byte{0, 40, 40, 0, 1, 2, 3})
	f.Add([]byte{0, 60, 50, 1, 0, 0, 0, 40, 'x', 'y', 'z', 'w', 'v'})
	f.Add(append([]byte{0, 90, 80, 1, 0, 0, 0x01, 0x00}, gz([]byte(`{"Software": "NovelAI", "Comment": "{\"seed\": 1, \"signed_hash\": \"AAAA\"}"}`))...))
	f.Add([]byte{1, 30, 30, 3, 0, 0, 0, 16, 'h', 'i'})
	f.Add([]byte{0, 30, 30, 5, 0, 0, 0, 32, 'S', 't', 'e', 'p'})
	f.Add([]byte{3, 70, 70, 1, 0xff, 0xff, 0xff, 0xff})
	f.Add([]byte{2, 9, 9, 7, 0, 0, 0, 8, 'a'})
	f.Fuzz(func(t *testing.T, data []byte) {
		img := fuzzImage(data)
		if img == nil {
			return
		}
		sigs, _ := runPass(t, img)
		if len(sigs) > 2 {
			t.Fatalf("%d signals from two streams", len(sigs))
		}
		for _, s := range sigs {
			if p, ok := s.Evidence["prompt"].(string); ok && len([]rune(p)) > maxEvidenceText {
				t.Fatal("prompt not truncated")
			}
		}
	})
}
