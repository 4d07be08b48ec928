package container

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"hash/crc32"
	"slices"
	"testing"
)

// Byte builders for JPEG, PNG and GIF fixtures. They write exactly what the
// formats say, so a test states the layout it walks.

// jpegBuild is a JPEG under construction, starting with SOI.
type jpegBuild struct{ b []byte }

func newJPEGBuild() *jpegBuild { return &jpegBuild{b: []byte{0xFF, 0xD8}} }

// seg appends one marker segment whose payload is the parts joined.
func (j *jpegBuild) seg(marker byte, parts ...[]byte) *jpegBuild {
	p := bytes.Join(parts, nil)
	j.b = append(j.b, 0xFF, marker)
	j.b = binary.BigEndian.AppendUint16(j.b, uint16(len(p)+2))
	j.b = append(j.b, p...)
	return j
}

func (j *jpegBuild) raw(b ...byte) *jpegBuild { j.b = append(j.b, b...); return j }

// sof appends a baseline (or other n) frame header for three components
// with the given luma and chroma sampling factors.
func (j *jpegBuild) sof(marker byte, w, h int, luma, chroma byte) *jpegBuild {
	p := []byte{8, byte(h >> 8), byte(h), byte(w >> 8), byte(w), 3, 1, luma, 0, 2, chroma, 1, 3, chroma, 1}
	return j.seg(marker, p)
}

// scan appends an SOS header and entropy-coded bytes holding a stuffed 0xFF00
// and a restart marker, which must not end the scan.
func (j *jpegBuild) scan() *jpegBuild {
	j.seg(jpegSOS, []byte{3, 1, 0, 2, 0x11, 3, 0x11, 0, 63, 0})
	return j.raw(0x12, 0xFF, 0x00, 0x34, 0xFF, 0xD0, 0x56, 0xFF, 0xFF, 0xD7, 0x78)
}

func (j *jpegBuild) eoi() []byte { return append(j.b, 0xFF, 0xD9) }

// jpegMinimal is a small well-formed baseline JPEG.
func jpegMinimal() []byte {
	return newJPEGBuild().
		seg(jpegAPP0, []byte("JFIF\x00\x01\x02\x00\x00\x01\x00\x01\x00\x00")).
		seg(jpegDQT, make([]byte, 65)).
		sof(jpegSOF0, 16, 8, 0x22, 0x11).
		seg(jpegDHT, make([]byte, 29)).
		scan().eoi()
}

// rasterTIFFStub is a minimal big-endian TIFF header, what EXIF payloads start with.
var rasterTIFFStub = []byte("MM\x00\x2a\x00\x00\x00\x08\x00\x00")

// jumbfStore returns a C2PA-looking JUMBF superbox of about n bytes: jumb
// header, a jumd box with the c2pa type UUID and label, then filler.
func jumbfStore(uuidTag string, n int) []byte {
	jumd := []byte("\x00\x00\x00\x00jumd" + uuidTag + "\x00\x11\x00\x10\x80\x00\x00\xaa\x00\x38\x9b\x71\x03c2pa\x00")
	binary.BigEndian.PutUint32(jumd, uint32(len(jumd)))
	body := append(jumd, []byte("\x00\x00\x00\x00bfdb")...)
	for len(body)+8 < n {
		body = append(body, byte(len(body)))
	}
	box := binary.BigEndian.AppendUint32(nil, uint32(len(body)+8))
	box = append(box, "jumb"...)
	return append(box, body...)
}

// app11Segments splits a JUMBF box into APP11 payloads of at most chunk box
// bytes each, the way JPEG XT does: every continuation repeats the box's
// 8-byte header.
func app11Segments(box []byte, en uint16, chunk int) [][]byte {
	var segs [][]byte
	hdr := box[:8]
	z := uint32(1)
	for rest := box; len(rest) > 0; z++ {
		p := []byte("JP")
		p = binary.BigEndian.AppendUint16(p, en)
		p = binary.BigEndian.AppendUint32(p, z)
		if z > 1 {
			p = append(p, hdr...)
		}
		n := min(chunk, len(rest))
		p = append(p, rest[:n]...)
		rest = rest[n:]
		segs = append(segs, p)
	}
	return segs
}

// photoshopIRB builds a Photoshop 3.0 APP13 payload from 8BIM resources.
func photoshopIRB(res ...irbResource) []byte {
	b := []byte("Photoshop 3.0\x00")
	for _, r := range res {
		b = append(b, "8BIM"...)
		b = binary.BigEndian.AppendUint16(b, r.id)
		b = append(b, byte(len(r.name)))
		b = append(b, r.name...)
		if (len(r.name)+1)%2 == 1 {
			b = append(b, 0)
		}
		b = binary.BigEndian.AppendUint32(b, uint32(len(r.data)))
		b = append(b, r.data...)
		if len(r.data)%2 == 1 {
			b = append(b, 0)
		}
	}
	return b
}

type irbResource struct {
	id   uint16
	name string
	data []byte
}

// pngChunkBytes returns one chunk with a correct CRC.
func pngChunkBytes(typ string, data []byte) []byte {
	b := binary.BigEndian.AppendUint32(nil, uint32(len(data)))
	b = append(b, typ...)
	b = append(b, data...)
	return binary.BigEndian.AppendUint32(b, crc32.ChecksumIEEE(b[4:]))
}

func pngFile(chunks ...[]byte) []byte {
	return slices.Concat(append([][]byte{pngSignature}, chunks...)...)
}

func pngIHDR(w, h uint32, depth, colourType byte) []byte {
	d := binary.BigEndian.AppendUint32(nil, w)
	d = binary.BigEndian.AppendUint32(d, h)
	return pngChunkBytes("IHDR", append(d, depth, colourType, 0, 0, 0))
}

func pngIEND() []byte { return pngChunkBytes("IEND", nil) }

func rasterZlib(t testing.TB, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zlib.NewWriter(&buf)
	if _, err := zw.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// gifBuild is a GIF89a under construction: header and logical screen
// descriptor with a 2-colour global table.
type gifBuild struct{ b []byte }

func newGIFBuild(w, h int) *gifBuild {
	b := []byte("GIF89a")
	b = binary.LittleEndian.AppendUint16(b, uint16(w))
	b = binary.LittleEndian.AppendUint16(b, uint16(h))
	b = append(b, 0x80, 0, 0) // global colour table of 2 entries
	b = append(b, 0, 0, 0, 0xFF, 0xFF, 0xFF)
	return &gifBuild{b: b}
}

// gifSubBlocks splits payload into 255-byte sub-blocks plus terminator.
func gifSubBlocks(payload []byte) []byte {
	var b []byte
	for len(payload) > 0 {
		n := min(255, len(payload))
		b = append(b, byte(n))
		b = append(b, payload[:n]...)
		payload = payload[n:]
	}
	return append(b, 0)
}

func (g *gifBuild) comment(s string) *gifBuild {
	g.b = append(g.b, 0x21, 0xFE)
	g.b = append(g.b, gifSubBlocks([]byte(s))...)
	return g
}

func (g *gifBuild) app(id string, payload []byte) *gifBuild {
	g.b = append(g.b, 0x21, 0xFF, 11)
	g.b = append(g.b, id...)
	g.b = append(g.b, gifSubBlocks(payload)...)
	return g
}

// xmp writes an XMP application extension the XMP way: raw packet bytes,
// then the 258-byte magic trailer.
func (g *gifBuild) xmp(packet string) *gifBuild {
	g.b = append(g.b, 0x21, 0xFF, 11)
	g.b = append(g.b, "XMP DataXMP"...)
	g.b = append(g.b, packet...)
	g.b = append(g.b, gifXMPTrailer...)
	return g
}

func (g *gifBuild) loop() *gifBuild {
	return g.app("NETSCAPE2.0", []byte{1, 0, 0})
}

// frame appends a graphic control extension and a 1x1 image.
func (g *gifBuild) frame() *gifBuild {
	g.b = append(g.b, 0x21, 0xF9, 4, 0, 10, 0, 0, 0)
	g.b = append(g.b, 0x2C, 0, 0, 0, 0, 1, 0, 1, 0, 0)
	g.b = append(g.b, 2, 2, 0x4C, 0x01, 0)
	return g
}

func (g *gifBuild) end() []byte { return append(g.b, 0x3B) }

// rasterSegmentTypes lists the segment types in order.
func rasterSegmentTypes(inv *Inventory) []string {
	var ts []string
	for _, s := range inv.Segments {
		ts = append(ts, s.Type)
	}
	return ts
}

func rasterWarnings(inv *Inventory) []string {
	var cs []string
	for _, w := range inv.Warnings {
		cs = append(cs, w.Code)
	}
	return cs
}

// rasterCheckBounds asserts that every range the walk recorded lies inside the
// file: the invariant detectors rely on when they slice by offset.
func rasterCheckBounds(t testing.TB, inv *Inventory, size int) {
	t.Helper()
	in := func(what string, off, length int64) {
		if off < 0 || length < 0 || off+length > int64(size) {
			t.Fatalf("%s range %d+%d outside a file of %d bytes", what, off, length, size)
		}
	}
	for _, s := range inv.Segments {
		in("segment "+s.Type, s.Offset, s.Length)
	}
	for _, list := range [][]Block{inv.EXIF, inv.XMP, inv.IPTC, inv.ICC, inv.C2PA, inv.Other} {
		for _, b := range list {
			in("block "+b.Source, b.Offset, b.Length)
		}
	}
	for _, x := range inv.Text {
		in("text "+x.Source, x.Offset, 0)
	}
	in("trailer", inv.Trailer.Offset, inv.Trailer.Length)
}
