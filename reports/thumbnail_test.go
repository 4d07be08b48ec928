package reports

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"image"
	"image/jpeg"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/disintegration/imaging"
)

// TestThumbnailOf: a preview from decoded pixels fits the preview size and
// is turned upright by the EXIF orientation.
func TestThumbnailOf(t *testing.T) {
	img := image.NewRGBA(image.Rect(0, 0, 2000, 1000))
	for _, tt := range []struct {
		orientation int
		tall        bool
	}{{1, false}, {3, false}, {6, true}, {8, true}, {99, false}} {
		u, err := ThumbnailOf(img, tt.orientation)
		if err != nil {
			t.Fatal(err)
		}
		data, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(string(u), "data:image/jpeg;base64,"))
		if err != nil {
			t.Fatal(err)
		}
		cfg, err := jpeg.DecodeConfig(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		if max(cfg.Width, cfg.Height) != ThumbnailSize || (cfg.Height > cfg.Width) != tt.tall {
			t.Errorf("orientation %d: preview %dx%d", tt.orientation, cfg.Width, cfg.Height)
		}
	}
}

// A file whose name is not valid UTF-8 is found again by its raw bytes:
// the escaped path the report shows names no file.
func TestFileThumbnailsNonUTF8Path(t *testing.T) {
	var b bytes.Buffer
	if err := jpeg.Encode(&b, image.NewRGBA(image.Rect(0, 0, 40, 30)), nil); err != nil {
		t.Fatal(err)
	}
	raw := filepath.Join(t.TempDir(), "caf\xe9.jpg")
	if err := os.WriteFile(raw, b.Bytes(), 0o644); err != nil {
		t.Skipf("this file system refuses a non-UTF-8 name: %v", err)
	}
	sum := sha256.Sum256(b.Bytes())
	f := FileResult{Path: raw, MediaType: "image/jpeg", SHA256: hex.EncodeToString(sum[:]), Size: int64(b.Len())}
	f.EscapePath()
	if len(f.PathBytes) == 0 || strings.ContainsRune(f.Path, '\uFFFD') {
		t.Fatalf("path not escaped: %+v", f)
	}
	if u := FileThumbnails(1<<20, 1<<20)(&f); !strings.HasPrefix(string(u), "data:image/jpeg;base64,") {
		t.Errorf("no preview for %q", f.Path)
	}
}

// BenchmarkThumbnailOf: a preview of a decoded 12-megapixel photo (the
// form a JPEG decodes to), against the general resampling filter it
// replaced, as a ratio.
func BenchmarkThumbnailOf(b *testing.B) {
	img := image.NewYCbCr(image.Rect(0, 0, 4000, 3000), image.YCbCrSubsampleRatio420)
	for i := range img.Y {
		img.Y[i] = uint8(i * 7)
	}
	b.Run("shrink", func(b *testing.B) {
		for b.Loop() {
			if _, err := ThumbnailOf(img, 6); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("imaging.Fit", func(b *testing.B) {
		for b.Loop() {
			if _, err := encodeThumbnail(imaging.Fit(img, ThumbnailSize, ThumbnailSize, imaging.Box)); err != nil {
				b.Fatal(err)
			}
		}
	})
}
