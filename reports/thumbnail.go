package reports

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"html/template"
	"image/jpeg"
	"io"
	"os"
	"strings"

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
	small := imaging.Fit(img, ThumbnailSize, ThumbnailSize, imaging.Box)
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, small, &jpeg.Options{Quality: 75}); err != nil {
		return "", fmt.Errorf("thumbnail: %w", err)
	}
	return template.URL("data:image/jpeg;base64," + base64.StdEncoding.EncodeToString(buf.Bytes())), nil
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
		file, err := os.Open(f.Path)
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
