package stealth

import "image"

// stream is one least-significant-bit stream of an image, in the order the
// stealth writers use: column by column (x outer, y inner), and within a
// pixel the channels of the stream in order (A; or R, G, B).
type stream struct {
	name     string // "alpha" or "rgb"
	w, h     int
	channels int // samples per pixel: 1 (alpha) or 3 (R, G, B)
	// lsb returns the low bit of channel c of pixel (x, y), x and y
	// relative to the image bounds.
	lsb func(x, y, c int) uint8
	pos int // next sample
}

// samples is the stream's length in bits.
func (s *stream) samples() int { return s.w * s.h * s.channels }

// bit returns the next bit; ok is false at the end of the stream.
func (s *stream) bit() (uint8, bool) {
	if s.pos >= s.samples() {
		return 0, false
	}
	i := s.pos
	s.pos++
	p, c := i/s.channels, i%s.channels
	return s.lsb(p/s.h, p%s.h, c), true
}

// readBytes reads n bytes, eight bits each, most significant first.
func (s *stream) readBytes(n int) ([]byte, bool) {
	if n < 0 || (s.samples()-s.pos)/8 < n {
		return nil, false
	}
	out := make([]byte, n)
	for i := range out {
		var c byte
		for range 8 {
			b, _ := s.bit()
			c = c<<1 | b
		}
		out[i] = c
	}
	return out, true
}

// alphaStream returns the alpha LSB stream of img, or nil when the
// decoded image has no exact 8-bit alpha to read. 16-bit samples are read
// by their high byte, the byte an 8-bit reader keeps.
func alphaStream(img image.Image) *stream {
	b := img.Bounds()
	s := &stream{name: "alpha", w: b.Dx(), h: b.Dy(), channels: 1}
	switch m := img.(type) {
	case *image.NRGBA:
		s.lsb = func(x, y, _ int) uint8 { return m.Pix[m.PixOffset(b.Min.X+x, b.Min.Y+y)+3] & 1 }
	case *image.RGBA: // alpha itself is exact even when colour is premultiplied
		s.lsb = func(x, y, _ int) uint8 { return m.Pix[m.PixOffset(b.Min.X+x, b.Min.Y+y)+3] & 1 }
	case *image.NRGBA64:
		s.lsb = func(x, y, _ int) uint8 { return m.Pix[m.PixOffset(b.Min.X+x, b.Min.Y+y)+6] & 1 }
	case *image.RGBA64:
		s.lsb = func(x, y, _ int) uint8 { return m.Pix[m.PixOffset(b.Min.X+x, b.Min.Y+y)+6] & 1 }
	case *image.NYCbCrA: // lossy WebP colour with a lossless alpha plane
		s.lsb = func(x, y, _ int) uint8 { return m.A[m.AOffset(b.Min.X+x, b.Min.Y+y)] & 1 }
	default:
		return nil
	}
	return s
}

// rgbStream returns the R, G, B LSB stream of img, or nil when the decoded
// colour is not the file's exact 8-bit colour (lossy decodes, palettes and
// grey, which the writers' RGB mode cannot have produced).
func rgbStream(img image.Image) *stream {
	b := img.Bounds()
	s := &stream{name: "rgb", w: b.Dx(), h: b.Dy(), channels: 3}
	switch m := img.(type) {
	case *image.NRGBA:
		s.lsb = func(x, y, c int) uint8 { return m.Pix[m.PixOffset(b.Min.X+x, b.Min.Y+y)+c] & 1 }
	case *image.RGBA:
		s.lsb = func(x, y, c int) uint8 {
			i := m.PixOffset(b.Min.X+x, b.Min.Y+y)
			if a := m.Pix[i+3]; a != 0xff && a != 0 {
				return uint8(uint32(m.Pix[i+c])*0xff/uint32(a)) & 1 // back to straight colour
			}
			return m.Pix[i+c] & 1
		}
	case *image.NRGBA64:
		s.lsb = func(x, y, c int) uint8 { return m.Pix[m.PixOffset(b.Min.X+x, b.Min.Y+y)+2*c] & 1 }
	case *image.RGBA64:
		s.lsb = func(x, y, c int) uint8 {
			i := m.PixOffset(b.Min.X+x, b.Min.Y+y)
			if a := uint32(m.Pix[i+6])<<8 | uint32(m.Pix[i+7]); a != 0xffff && a != 0 {
				v := uint32(m.Pix[i+2*c])<<8 | uint32(m.Pix[i+2*c+1])
				return uint8(v*0xffff/a>>8) & 1
			}
			return m.Pix[i+2*c] & 1
		}
	default:
		return nil
	}
	return s
}

// rgbBytes returns the image's 8-bit straight colour, row-major, three
// bytes a pixel: what NovelAI signs. ok is false when the decoded pixels
// are not the file's exact colour.
func rgbBytes(img image.Image) ([]byte, bool) {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	out := make([]byte, 0, 3*w*h)
	switch m := img.(type) {
	case *image.NRGBA:
		for y := b.Min.Y; y < b.Max.Y; y++ {
			row := m.Pix[m.PixOffset(b.Min.X, y):][:4*w]
			for i := 0; i < len(row); i += 4 {
				out = append(out, row[i], row[i+1], row[i+2])
			}
		}
	case *image.NRGBA64:
		for y := b.Min.Y; y < b.Max.Y; y++ {
			row := m.Pix[m.PixOffset(b.Min.X, y):][:8*w]
			for i := 0; i < len(row); i += 8 {
				out = append(out, row[i], row[i+2], row[i+4])
			}
		}
	case *image.RGBA:
		for y := b.Min.Y; y < b.Max.Y; y++ {
			row := m.Pix[m.PixOffset(b.Min.X, y):][:4*w]
			for i := 0; i < len(row); i += 4 {
				if row[i+3] != 0xff {
					return nil, false
				}
				out = append(out, row[i], row[i+1], row[i+2])
			}
		}
	default:
		return nil, false
	}
	return out, true
}
