package reports

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"html/template"
	"image"
	"image/jpeg"
	"io"
	"os"
	"strings"
	"sync"

	"github.com/disintegration/imaging"

	"github.com/provcheck/provcheck/provenance/pixels"

	_ "golang.org/x/image/webp" // previews of WebP files
)

// ThumbnailSize is the longest side of a preview, in pixels.
const ThumbnailSize = 160

// Thumbnail re-encodes an image as a small JPEG data: URI. The image's
// declared size is checked against maxPixels before anything is decoded,
// so a small file announcing a huge canvas cannot make us allocate it. The
// file's own bytes never reach the page: only freshly encoded pixels.
func Thumbnail(data []byte, maxPixels int64) (template.URL, error) {
	img, _, err := pixels.Decode(context.Background(), data, maxPixels, imaging.AutoOrientation(true))
	if err != nil {
		return "", fmt.Errorf("thumbnail: %w", err)
	}
	return ThumbnailOf(img, 1)
}

// ThumbnailOf makes a preview from pixels already decoded (by the scan),
// turned upright by the EXIF orientation (1 to 8; anything else is 1).
func ThumbnailOf(img image.Image, orientation int) (template.URL, error) {
	b := img.Bounds()
	if b.Dx() <= 0 || b.Dy() <= 0 {
		return "", fmt.Errorf("thumbnail: empty image")
	}
	return encodeThumbnail(pixels.Orient(pixels.Shrink(img, ThumbnailSize), orientation))
}

func encodeThumbnail(img image.Image) (template.URL, error) {
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 75}); err != nil {
		return "", fmt.Errorf("thumbnail: %w", err)
	}
	return template.URL("data:image/jpeg;base64," + base64.StdEncoding.EncodeToString(buf.Bytes())), nil
}

// Previews holds the previews made during a scan from the pixels the scan
// decoded, by content hash, so the HTML report does not read and decode
// every image a second time. It is safe for concurrent use; each preview
// is a few kilobytes.
type Previews struct {
	mu       sync.Mutex
	bySHA    map[string]template.URL
	fallback ThumbnailFunc
}

// NewPreviews starts an empty set; fallback (may be nil) makes the
// previews the scan did not (a result from the cache, a file whose pixels
// were not decoded).
func NewPreviews(fallback ThumbnailFunc) *Previews {
	return &Previews{bySHA: map[string]template.URL{}, fallback: fallback}
}

// Add records the preview of the content with hash sha.
func (p *Previews) Add(sha string, u template.URL) {
	p.mu.Lock()
	p.bySHA[sha] = u
	p.mu.Unlock()
}

// Func is the ThumbnailFunc for the HTML writer.
func (p *Previews) Func() ThumbnailFunc {
	return func(f *FileResult) template.URL {
		p.mu.Lock()
		u, ok := p.bySHA[f.SHA256]
		p.mu.Unlock()
		if ok || p.fallback == nil {
			return u
		}
		return p.fallback(f)
	}
}

// FileThumbnails makes previews from the files a report names, read again
// from disk when the HTML is written (one at a time, so a batch's previews
// are never all in memory). A file that is gone, too big, not an image, or
// whose content no longer matches the report's sha256 gets no preview.
func FileThumbnails(maxFileSize, maxPixels int64) ThumbnailFunc {
	return func(f *FileResult) template.URL {
		if !strings.HasPrefix(f.MediaType, "image/") || f.Path == "-" || f.SHA256 == "" || f.Size > maxFileSize {
			return ""
		}
		path := f.Path
		if len(f.PathBytes) > 0 {
			path = string(f.PathBytes) // the escaped Path names no file
		}
		file, err := os.Open(path)
		if err != nil {
			return ""
		}
		defer file.Close()
		data, err := io.ReadAll(io.LimitReader(file, maxFileSize+1))
		if err != nil || int64(len(data)) > maxFileSize {
			return ""
		}
		sum := sha256.Sum256(data)
		if hex.EncodeToString(sum[:]) != f.SHA256 {
			return ""
		}
		u, err := Thumbnail(data, maxPixels)
		if err != nil {
			return ""
		}
		return u
	}
}
