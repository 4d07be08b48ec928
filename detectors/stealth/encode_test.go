package stealth

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"image"
	"math/rand/v2"
)

// This file is the test writer: it hides payloads the way NovelAI and the
// A1111 extension do (ai-metadata.md §4), so the reader is tested on
// images the tests make.

// framed is magic, the payload length in bits (big-endian uint32), payload.
func framed(magic string, payload []byte) []byte {
	out := append([]byte(magic), 0, 0, 0, 0)
	binary.BigEndian.PutUint32(out[len(magic):], uint32(8*len(payload)))
	return append(out, payload...)
}

func gz(b []byte) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(b)
	zw.Close()
	return buf.Bytes()
}

// picture is a w×h image with random colour and opaque alpha.
func picture(w, h int, seed uint64) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	rng := rand.New(rand.NewPCG(seed, 3))
	for i := range img.Pix {
		img.Pix[i] = uint8(rng.Uint32())
	}
	for i := 3; i < len(img.Pix); i += 4 {
		img.Pix[i] = 0xff
	}
	return img
}

// hideAlpha writes data into the alpha LSBs column by column, as NovelAI's
// writer does: every alpha 0xFF, payload pixels 0xFE | bit.
func hideAlpha(img *image.NRGBA, data []byte) {
	b := img.Bounds()
	h := b.Dy()
	for i := 3; i < len(img.Pix); i += 4 {
		img.Pix[i] = 0xff
	}
	for k := range min(8*len(data), b.Dx()*h) { // what fits
		bit := data[k/8] >> (7 - k%8) & 1
		x, y := k/h, k%h
		img.Pix[img.PixOffset(b.Min.X+x, b.Min.Y+y)+3] = 0xfe | bit
	}
}

// hideRGB writes data into the R, G, B LSBs, three bits a pixel, column by
// column, as the extension's RGB mode does.
func hideRGB(img *image.NRGBA, data []byte) {
	b := img.Bounds()
	h := b.Dy()
	for k := range min(8*len(data), 3*b.Dx()*h) { // what fits
		bit := data[k/8] >> (7 - k%8) & 1
		p, c := k/3, k%3
		x, y := p/h, p%h
		i := img.PixOffset(b.Min.X+x, b.Min.Y+y) + c
		img.Pix[i] = img.Pix[i]&^1 | bit
	}
}
