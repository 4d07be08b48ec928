// Package pixels is provcheck's one way to decode an image: the dimensions
// the header declares are checked against a pixel limit before anything
// is decoded, so a small file claiming a huge canvas cannot make us
// allocate it, and the decoder reads through the caller's context, so a
// decode stops at its next read once the file's time is up. The engine,
// the forensics thumbnails and the HTML report previews all decode here.
package pixels

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"io"

	"github.com/disintegration/imaging"

	_ "golang.org/x/image/webp" // imaging registers JPEG, PNG, GIF, TIFF and BMP
)

// ErrNoDecoder says no registered decoder reads the data.
var ErrNoDecoder = errors.New("no pixel decoder for this format")

// ErrTooLarge says the declared canvas is over the pixel limit.
var ErrTooLarge = errors.New("over the pixel limit")

// Check reads the header only and refuses a canvas over maxPixels (or an
// empty one).
func Check(data []byte, maxPixels int64) (image.Config, string, error) {
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if errors.Is(err, image.ErrFormat) {
		return cfg, "", ErrNoDecoder
	}
	if err != nil {
		return cfg, format, err
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || int64(cfg.Width)*int64(cfg.Height) > maxPixels {
		return cfg, format, fmt.Errorf("%s image %dx%d: %w (%d)", format, cfg.Width, cfg.Height, ErrTooLarge, maxPixels)
	}
	return cfg, format, nil
}

// Decode checks data's declared canvas against maxPixels, then decodes it
// through ctx. opts are imaging's (auto-orientation...).
func Decode(ctx context.Context, data []byte, maxPixels int64, opts ...imaging.DecodeOption) (image.Image, string, error) {
	_, format, err := Check(data, maxPixels)
	if err != nil {
		return nil, format, err
	}
	img, err := imaging.Decode(&ctxReader{ctx: ctx, r: bytes.NewReader(data)}, opts...)
	if err != nil {
		if cerr := ctx.Err(); cerr != nil {
			err = cerr
		}
		return nil, format, fmt.Errorf("%s: %w", format, err)
	}
	return img, format, nil
}

// ctxReader fails reads once ctx is done: every decoder reads its input
// in small pieces, so this is the one place a decode can be stopped.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c *ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}
