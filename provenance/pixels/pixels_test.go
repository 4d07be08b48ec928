package pixels

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/png"
	"testing"
)

func pngBytes(t *testing.T, w, h int) []byte {
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewGray(image.Rect(0, 0, w, h))); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestDecode(t *testing.T) {
	data := pngBytes(t, 40, 30)
	img, format, err := Decode(t.Context(), data, 1200)
	if err != nil || format != "png" || img.Bounds().Dx() != 40 {
		t.Fatalf("decode: %v %s %v", img, format, err)
	}
	if _, _, err := Decode(t.Context(), data, 1199); !errors.Is(err, ErrTooLarge) {
		t.Errorf("over the limit: %v", err)
	}
	if _, _, err := Decode(t.Context(), []byte("not an image"), 1e9); !errors.Is(err, ErrNoDecoder) {
		t.Errorf("unknown format: %v", err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, _, err := Decode(ctx, data, 1e9); !errors.Is(err, context.Canceled) {
		t.Errorf("after cancel: %v", err)
	}
}

// FuzzDecode: whatever the bytes, Decode returns an image within the
// limit or an error, and never panics.
func FuzzDecode(f *testing.F) {
	var b bytes.Buffer
	png.Encode(&b, image.NewGray(image.Rect(0, 0, 8, 6)))
	f.Add(b.Bytes())
	f.Add([]byte("GIF89a\x01\x00\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"))
	f.Add([]byte("\xff\xd8\xff\xdb"))
	f.Fuzz(func(t *testing.T, data []byte) {
		img, _, err := Decode(t.Context(), data, 1<<16)
		if err == nil && int64(img.Bounds().Dx())*int64(img.Bounds().Dy()) > 1<<16 {
			t.Fatalf("decoded %v past the limit", img.Bounds())
		}
	})
}
