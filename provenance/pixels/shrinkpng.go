package pixels

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"image"
	"image/color"
	"io"

	"github.com/klauspost/compress/flate"
)

// ErrUnsupported says ShrinkPNG does not handle this kind of PNG (Adam7
// interlacing, bit depths below 8, a colour-key transparency); Decode and
// Shrink do.
var ErrUnsupported = errors.New("not handled by the streaming PNG preview")

var pngSignature = []byte("\x89PNG\r\n\x1a\n")

// ShrinkPNG makes the same preview as Shrink(Decode(data)) for a PNG,
// without holding the decoded image: the rows are inflated and unfiltered
// one at a time and only the rows the preview samples are read into it.
// It is for a preview of an image whose pixels nothing else needs (the
// scan skipped its pixel detectors): a full decode of a large PNG costs a
// whole image's memory and most of a scan's time. The declared size is
// checked against maxPixels first; chunk CRCs are not checked (a preview
// does not vouch for the file). Kinds it does not handle give
// ErrUnsupported.
func ShrinkPNG(ctx context.Context, data []byte, maxPixels int64, size int) (*image.RGBA, error) {
	h, err := readPNGHeader(data, maxPixels)
	if err != nil {
		return nil, err
	}
	// The pixel data is a zlib stream; its checksum is not checked (as the
	// CRCs are not), so the deflate data is read directly.
	idat := &idatReader{data: data, next: h.firstIDAT}
	var zh [2]byte
	if _, err := io.ReadFull(idat, zh[:]); err != nil {
		return nil, fmt.Errorf("png: zlib header: %w", err)
	}
	if zh[0]&0x0f != 8 || zh[1]&0x20 != 0 || (uint(zh[0])<<8|uint(zh[1]))%31 != 0 {
		return nil, errors.New("png: bad zlib header")
	}
	zr := flate.NewReader(idat)
	defer zr.Close()

	sw, sh := h.width, h.height
	dst := image.NewRGBA(fitRect(sw, sh, size))
	dw, dh := dst.Rect.Dx(), dst.Rect.Dy()
	xs := make([][]int, dw)
	for x := range dw {
		xs[x] = samples(0, sw, dw, x)
	}
	sum := make([]uint64, 4*dw)
	bpp := h.channels * h.depth / 8
	cur, prev := make([]byte, 1+sw*bpp), make([]byte, 1+sw*bpp)
	at := h.pixelReader()
	oy, ys := 0, samples(0, sh, dh, 0)
	for y := range sh {
		if y%64 == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if _, err := io.ReadFull(zr, cur); err != nil {
			return nil, fmt.Errorf("png: row %d: %w", y, err)
		}
		if err := unfilter(cur, prev, bpp); err != nil {
			return nil, fmt.Errorf("png: row %d: %w", y, err)
		}
		row := cur[1:]
		for _, sy := range ys {
			if sy != y {
				continue
			}
			for x, cols := range xs {
				s := sum[4*x : 4*x+4]
				for _, sx := range cols {
					r, g, b, a := at(row, sx)
					s[0] += uint64(r)
					s[1] += uint64(g)
					s[2] += uint64(b)
					s[3] += uint64(a)
				}
			}
		}
		if y == ys[len(ys)-1] {
			// Every sampled row of output row oy is in: write it out.
			out := dst.Pix[oy*dst.Stride:]
			for x, cols := range xs {
				putOverWhite(out[4*x:], sum[4*x:4*x+4], uint64(len(cols)*len(ys)))
			}
			clear(sum)
			if oy++; oy == dh {
				break
			}
			ys = samples(0, sh, dh, oy)
		}
		cur, prev = prev, cur
	}
	if oy < dh {
		return nil, fmt.Errorf("png: %w", io.ErrUnexpectedEOF)
	}
	return dst, nil
}

// pngHeader is what ShrinkPNG needs from the chunks before the pixels.
type pngHeader struct {
	width, height   int
	depth, channels int
	colorType       byte
	palette         color.Palette
	firstIDAT       int // offset of the first IDAT chunk
}

func readPNGHeader(data []byte, maxPixels int64) (*pngHeader, error) {
	if len(data) < 8 || string(data[:8]) != string(pngSignature) {
		return nil, fmt.Errorf("png: %w", ErrNoDecoder)
	}
	h := &pngHeader{}
	for off := 8; ; {
		typ, body, next, err := pngChunk(data, off)
		if err != nil {
			return nil, err
		}
		switch {
		case off == 8 && typ != "IHDR":
			return nil, fmt.Errorf("png: first chunk is %q, not IHDR", typ)
		case typ == "IHDR":
			if off != 8 || len(body) != 13 {
				return nil, errors.New("png: bad IHDR")
			}
			w, ht := binary.BigEndian.Uint32(body[0:]), binary.BigEndian.Uint32(body[4:])
			if w == 0 || ht == 0 || w > 1<<31-1 || ht > 1<<31-1 || int64(w)*int64(ht) > maxPixels {
				return nil, fmt.Errorf("png image %dx%d: %w (%d)", w, ht, ErrTooLarge, maxPixels)
			}
			h.width, h.height, h.depth, h.colorType = int(w), int(ht), int(body[8]), body[9]
			if body[10] != 0 || body[11] != 0 {
				return nil, errors.New("png: unknown compression or filter method")
			}
			if body[12] != 0 {
				return nil, fmt.Errorf("png interlaced: %w", ErrUnsupported)
			}
			channels := map[byte]int{0: 1, 2: 3, 3: 1, 4: 2, 6: 4}[h.colorType]
			switch {
			case channels == 0:
				return nil, fmt.Errorf("png: colour type %d", h.colorType)
			case h.depth == 8 || h.depth == 16 && h.colorType != 3:
			default:
				return nil, fmt.Errorf("png bit depth %d: %w", h.depth, ErrUnsupported)
			}
			h.channels = channels
		case typ == "PLTE":
			if len(body)%3 != 0 || len(body) > 3*256 {
				return nil, errors.New("png: bad PLTE")
			}
			// As image/png: indexes past the palette read as opaque black.
			h.palette = make(color.Palette, 256)
			for i := range h.palette {
				h.palette[i] = color.RGBA{A: 0xff}
			}
			for i := range len(body) / 3 {
				h.palette[i] = color.RGBA{body[3*i], body[3*i+1], body[3*i+2], 0xff}
			}
		case typ == "tRNS":
			if h.colorType != 3 || h.palette == nil || len(body) > 256 {
				return nil, fmt.Errorf("png colour-key transparency: %w", ErrUnsupported)
			}
			for i, a := range body {
				c := h.palette[i].(color.RGBA)
				h.palette[i] = color.NRGBA{c.R, c.G, c.B, a}
			}
		case typ == "IDAT":
			if h.colorType == 3 && h.palette == nil {
				return nil, errors.New("png: no palette")
			}
			h.firstIDAT = off
			return h, nil
		case typ == "IEND":
			return nil, errors.New("png: no IDAT")
		}
		off = next
	}
}

// pngChunk returns the type and body of the chunk at off, and where the
// next one starts.
func pngChunk(data []byte, off int) (typ string, body []byte, next int, err error) {
	if off+8 > len(data) {
		return "", nil, 0, fmt.Errorf("png: %w", io.ErrUnexpectedEOF)
	}
	n := int64(binary.BigEndian.Uint32(data[off:]))
	end := int64(off) + 12 + n
	if end > int64(len(data)) {
		return "", nil, 0, fmt.Errorf("png: chunk at %d: %w", off, io.ErrUnexpectedEOF)
	}
	return string(data[off+4 : off+8]), data[off+8 : off+8+int(n)], int(end), nil
}

// idatReader reads the bodies of consecutive IDAT chunks as one stream.
type idatReader struct {
	data []byte
	next int    // offset of the next chunk
	body []byte // what is left of the current IDAT body
	done bool
}

func (r *idatReader) Read(p []byte) (int, error) {
	for len(r.body) == 0 {
		if r.done {
			return 0, io.EOF
		}
		typ, body, next, err := pngChunk(r.data, r.next)
		if err != nil {
			return 0, err
		}
		if typ != "IDAT" {
			r.done = true
			continue
		}
		r.body, r.next = body, next
	}
	n := copy(p, r.body)
	r.body = r.body[n:]
	return n, nil
}

// unfilter undoes the row filter named by cur[0], in place, against the
// unfiltered previous row (all zero for the first row).
func unfilter(cur, prev []byte, bpp int) error {
	c, p := cur[1:], prev[1:]
	switch cur[0] {
	case 0:
	case 1:
		for i := bpp; i < len(c); i++ {
			c[i] += c[i-bpp]
		}
	case 2:
		for i := range c {
			c[i] += p[i]
		}
	case 3:
		for i := range bpp {
			c[i] += p[i] / 2
		}
		for i := bpp; i < len(c); i++ {
			c[i] += uint8((int(c[i-bpp]) + int(p[i])) / 2)
		}
	case 4:
		// Channel by channel, carrying the left and upper-left values, as
		// image/png does: most of a PNG's rows use this filter.
		for i := range bpp {
			var a, b, cc int
			for j := i; j < len(c); j += bpp {
				b = int(p[j])
				pa, pb := b-cc, a-cc
				pc := abs(pa + pb)
				pa, pb = abs(pa), abs(pb)
				switch {
				case pa <= pb && pa <= pc:
				case pb <= pc:
					a = b
				default:
					a = cc
				}
				a = (a + int(c[j])) & 0xff
				c[j] = uint8(a)
				cc = b
			}
		}
	default:
		return fmt.Errorf("bad filter type %d", cur[0])
	}
	return nil
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// pixelReader returns the premultiplied 16-bit colour of pixel x of an
// unfiltered row, computed as image/png's decoded forms give it.
func (h *pngHeader) pixelReader() func(row []byte, x int) (r, g, b, a uint32) {
	if h.depth == 16 {
		u := func(row []byte, i int) uint16 { return binary.BigEndian.Uint16(row[2*i:]) }
		switch h.colorType {
		case 0:
			return func(row []byte, x int) (uint32, uint32, uint32, uint32) {
				v := uint32(u(row, x))
				return v, v, v, 0xffff
			}
		case 2:
			return func(row []byte, x int) (uint32, uint32, uint32, uint32) {
				return uint32(u(row, 3*x)), uint32(u(row, 3*x+1)), uint32(u(row, 3*x+2)), 0xffff
			}
		case 4:
			return func(row []byte, x int) (uint32, uint32, uint32, uint32) {
				v := u(row, 2*x)
				return color.NRGBA64{v, v, v, u(row, 2*x+1)}.RGBA()
			}
		}
		return func(row []byte, x int) (uint32, uint32, uint32, uint32) {
			return color.NRGBA64{u(row, 4*x), u(row, 4*x+1), u(row, 4*x+2), u(row, 4*x+3)}.RGBA()
		}
	}
	switch h.colorType {
	case 0:
		return func(row []byte, x int) (uint32, uint32, uint32, uint32) {
			v := uint32(row[x]) * 0x101
			return v, v, v, 0xffff
		}
	case 2:
		return func(row []byte, x int) (uint32, uint32, uint32, uint32) {
			p := row[3*x:]
			return uint32(p[0]) * 0x101, uint32(p[1]) * 0x101, uint32(p[2]) * 0x101, 0xffff
		}
	case 3:
		return func(row []byte, x int) (uint32, uint32, uint32, uint32) { return h.palette[row[x]].RGBA() }
	case 4:
		return func(row []byte, x int) (uint32, uint32, uint32, uint32) {
			return color.NRGBA{row[2*x], row[2*x], row[2*x], row[2*x+1]}.RGBA()
		}
	}
	return func(row []byte, x int) (uint32, uint32, uint32, uint32) {
		p := row[4*x:]
		return color.NRGBA{p[0], p[1], p[2], p[3]}.RGBA()
	}
}
