package main

import (
	"archive/zip"
	"bufio"
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"image"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/andybalholm/brotli"
)

// A bomb is a small (or, for texts, plainly huge) file built to exhaust
// time or memory: a claimed canvas far past the pixel limit, compressed
// data that inflates a thousandfold, nesting a million deep, references
// that loop.
type bomb struct {
	name  string
	build func(w io.Writer) error
}

func writeBombs(dir string, seed uint64, bigText int64) (int, error) {
	list := bombs(bigText)
	for _, b := range list {
		f, err := os.Create(filepath.Join(dir, b.name))
		if err != nil {
			return 0, err
		}
		w := bufio.NewWriterSize(f, 1<<20)
		err = b.build(w)
		if err == nil {
			err = w.Flush()
		}
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return 0, fmt.Errorf("%s: %w", b.name, err)
		}
	}
	return len(list), nil
}

// bytesBomb adapts a builder of a whole byte slice.
func bytesBomb(f func() []byte) func(io.Writer) error {
	return func(w io.Writer) error { _, err := w.Write(f()); return err }
}

func bombs(bigText int64) []bomb {
	return []bomb{
		// Dimension bombs: a small file claiming a canvas no one should
		// allocate, and one exactly at the default pixel limit.
		{"dim-png-100000x100000.png", bytesBomb(func() []byte { return pngImage(100000, 100000, 6, 1<<16) })},
		{"dim-png-8000x8000-at-limit.png", bytesBomb(func() []byte { return pngImage(8000, 8000, 6, 8000*(8000*4+1)) })},
		{"dim-jpeg-65535x65535.jpg", bytesBomb(func() []byte { return jpegDims(65535, 65535) })},
		{"dim-webp-16384x16384.webp", bytesBomb(webpDims)},
		{"dim-gif-65535x65535.gif", bytesBomb(gifDims)},
		{"dim-avif-65535x65535.avif", bytesBomb(func() []byte { return bmffDims("avif") })},
		{"dim-heic-65535x65535.heic", bytesBomb(func() []byte { return bmffDims("heic") })},
		{"dim-tiff-1000000x1000000.tif", bytesBomb(tiffDims)},

		// Inflation: one text chunk that inflates to 1 GiB, 200 that
		// inflate to 16 MiB each, an iCCP profile, a million chunks.
		{"inflate-png-itxt-1gib.png", bytesBomb(func() []byte { return pngText("iTXt", 1, 1<<30) })},
		{"inflate-png-ztxt-200x16mib.png", bytesBomb(func() []byte { return pngText("zTXt", 200, 16<<20) })},
		{"inflate-png-itxt-200x16mib.png", bytesBomb(func() []byte { return pngText("iTXt", 200, 16<<20) })},
		{"inflate-png-iccp-1gib.png", bytesBomb(pngICCP)},
		{"flood-png-1m-text-chunks.png", bytesBomb(pngFlood)},

		// A stealth (alpha LSB) gzip payload that inflates to 512 MiB.
		{"stealth-gzip-512mib.png", bytesBomb(stealthGzip)},

		// JUMBF and CBOR (C2PA carriers), compressed manifests.
		{"jumbf-nesting-500k.png", bytesBomb(func() []byte { return pngC2PA(jumbfNest(500_000)) })},
		{"jumbf-flood-500k.png", bytesBomb(func() []byte { return pngC2PA(jumbfFlood(500_000)) })},
		{"jumbf-nesting-jpeg.jpg", bytesBomb(func() []byte { return jpegC2PA(jumbfNest(100_000)) })},
		{"brotli-manifest-1gib.png", bytesBomb(func() []byte { return pngC2PA(brotliStore(1, 1<<30)) })},
		{"brotli-manifests-20x60mib.png", bytesBomb(func() []byte { return pngC2PA(brotliStore(20, 60<<20)) })},
		{"cbor-depth-1m.png", bytesBomb(func() []byte { return pngC2PA(c2paStore(bytes.Repeat([]byte{0x81}, 1_000_000))) })},
		{"cbor-map-depth-1m.png", bytesBomb(func() []byte {
			return pngC2PA(c2paStore(append(bytes.Repeat([]byte{0xA1, 0x61, 'a'}, 300_000), 0)))
		})},
		{"cbor-length-bytes.png", bytesBomb(func() []byte {
			return pngC2PA(c2paStore([]byte{0xA1, 0x61, 'a', 0x5B, 0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF}))
		})},
		{"cbor-length-array.png", bytesBomb(func() []byte {
			return pngC2PA(c2paStore([]byte{0xA1, 0x61, 'a', 0x9B, 0x00, 0x00, 0x00, 0x10, 0x00, 0x00, 0x00, 0x00, 0x00}))
		})},
		{"cbor-length-map.png", bytesBomb(func() []byte {
			return pngC2PA(c2paStore([]byte{0xBA, 0xFF, 0xFF, 0xFF, 0xFF, 0x00}))
		})},

		// DOCX: a zip bomb body, many huge entries, 100,000 entries,
		// entity expansion in a part.
		{"docx-zipbomb-document-1gib.docx", bytesBomb(func() []byte { return docxBomb(1<<30, 0, 0) })},
		{"docx-huge-entries-200x16mib.docx", bytesBomb(func() []byte { return docxBomb(1<<10, 200, 16<<20) })},
		{"docx-100k-entries.docx", bytesBomb(func() []byte { return docxBomb(1<<10, 100_000, 0) })},
		{"docx-entity-expansion.docx", bytesBomb(docxEntities)},

		// PDF: flate bombs, deep nesting, reference loops, object floods.
		{"pdf-flate-1gib.pdf", bytesBomb(func() []byte { return pdfFlate(1, 1<<30) })},
		{"pdf-flate-200x16mib.pdf", bytesBomb(func() []byte { return pdfFlate(200, 16<<20) })},
		{"pdf-array-depth-1m.pdf", bytesBomb(func() []byte { return pdfNest("[", "]", 1_000_000) })},
		{"pdf-dict-depth-500k.pdf", bytesBomb(func() []byte { return pdfNest("<</A ", ">>", 500_000) })},
		{"pdf-reference-loops.pdf", bytesBomb(pdfLoops)},
		{"pdf-form-recursion.pdf", bytesBomb(pdfFormRecursion)},
		{"pdf-object-flood-2m.pdf", bytesBomb(pdfObjectFlood)},

		// XML: entity expansion and depth (XMP in PNG), deep HTML.
		{"xml-entity-expansion-xmp.png", bytesBomb(func() []byte { return pngXMP(billionLaughs()) })},
		{"xml-depth-1m-xmp.png", bytesBomb(func() []byte { return pngXMP(xmlDeep(1_000_000)) })},
		{"html-depth-1m.html", bytesBomb(htmlDeep)},

		// TIFF and BMFF structure: a looping IFD chain, boxes nested deep.
		{"tiff-ifd-loop.tif", bytesBomb(tiffLoop)},
		{"bmff-nesting-100k.heic", bytesBomb(bmffNest)},

		// Huge one-line texts.
		{"text-one-line-50mib.txt", textLine(50<<20, "")},
		{fmt.Sprintf("text-one-line-%dmib.txt", bigText>>20), textLine(bigText, "")},
		{fmt.Sprintf("text-one-line-zwsp-%dmib.txt", bigText>>20), textLine(bigText, "\u200b")},
		{"text-no-spaces-50mib.txt", func(w io.Writer) error {
			return repeatTo(w, []byte("abcdefghijklmnopqrstuvwxyz"), 50<<20)
		}},
	}
}

// ---- PNG ----

func pngChunk(b *bytes.Buffer, typ string, data []byte) {
	binary.Write(b, binary.BigEndian, uint32(len(data)))
	b.WriteString(typ)
	b.Write(data)
	c := crc32.NewIEEE()
	c.Write([]byte(typ))
	c.Write(data)
	binary.Write(b, binary.BigEndian, c.Sum32())
}

func pngStart(w, h uint32, colour byte) *bytes.Buffer {
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	ihdr := binary.BigEndian.AppendUint32(nil, w)
	ihdr = binary.BigEndian.AppendUint32(ihdr, h)
	ihdr = append(ihdr, 8, colour, 0, 0, 0)
	pngChunk(&b, "IHDR", ihdr)
	return &b
}

var zerosMemo = map[int64][]byte{}

// zeros compresses n zero bytes with zlib (once per size: the big ones
// take seconds).
func zeros(n int64) []byte {
	if z, ok := zerosMemo[n]; ok {
		return z
	}
	z := zerosUncached(n)
	zerosMemo[n] = z
	return z
}

func zerosUncached(n int64) []byte {
	var b bytes.Buffer
	zw, _ := zlib.NewWriterLevel(&b, zlib.BestCompression)
	repeatTo(zw, make([]byte, 1<<16), n)
	zw.Close()
	return b.Bytes()
}

// rawZeros is zeros without the zlib header (for ZIP).
func rawZeros(w io.Writer, n int64) error { return repeatTo(w, make([]byte, 1<<16), n) }

func repeatTo(w io.Writer, unit []byte, n int64) error {
	for n > 0 {
		k := min(int64(len(unit)), n)
		if _, err := w.Write(unit[:k]); err != nil {
			return err
		}
		n -= k
	}
	return nil
}

func pngImage(w, h uint32, colour byte, idat int64) []byte {
	b := pngStart(w, h, colour)
	pngChunk(b, "IDAT", zeros(idat))
	pngChunk(b, "IEND", nil)
	return b.Bytes()
}

func pngText(typ string, n int, size int64) []byte {
	b := pngStart(1, 1, 0)
	z := zeros(size)
	for i := 0; i < n; i++ {
		key := fmt.Sprintf("k%d", i)
		var d []byte
		if typ == "zTXt" {
			d = append(append([]byte(key), 0, 0), z...)
		} else {
			d = append(append([]byte(key), 0, 1, 0, 0, 0), z...)
		}
		pngChunk(b, typ, d)
	}
	pngChunk(b, "IDAT", zeros(2))
	pngChunk(b, "IEND", nil)
	return b.Bytes()
}

func pngICCP() []byte {
	b := pngStart(1, 1, 0)
	pngChunk(b, "iCCP", append([]byte("icc\x00\x00"), zeros(1<<30)...))
	pngChunk(b, "IDAT", zeros(2))
	pngChunk(b, "IEND", nil)
	return b.Bytes()
}

func pngFlood() []byte {
	b := pngStart(1, 1, 0)
	for i := 0; i < 1_000_000; i++ {
		pngChunk(b, "tEXt", []byte("k\x00v"))
	}
	pngChunk(b, "IDAT", zeros(2))
	pngChunk(b, "IEND", nil)
	return b.Bytes()
}

func pngC2PA(jumbf []byte) []byte {
	b := pngStart(1, 1, 0)
	pngChunk(b, "caBX", jumbf)
	pngChunk(b, "IDAT", zeros(2))
	pngChunk(b, "IEND", nil)
	return b.Bytes()
}

func pngXMP(xml []byte) []byte {
	b := pngStart(1, 1, 0)
	pngChunk(b, "iTXt", append([]byte("XML:com.adobe.xmp\x00\x00\x00\x00\x00"), xml...))
	pngChunk(b, "IDAT", zeros(2))
	pngChunk(b, "IEND", nil)
	return b.Bytes()
}

// ---- JUMBF / C2PA ----

var (
	uuidC2PA = []byte{0x63, 0x32, 0x70, 0x61, 0x00, 0x11, 0x00, 0x10, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71}
	uuidC2CM = []byte{0x63, 0x32, 0x63, 0x6D, 0x00, 0x11, 0x00, 0x10, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71}
	uuidC2MA = []byte{0x63, 0x32, 0x6D, 0x61, 0x00, 0x11, 0x00, 0x10, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71}
	uuidC2CL = []byte{0x63, 0x32, 0x63, 0x6C, 0x00, 0x11, 0x00, 0x10, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71}
	uuidC2AS = []byte{0x63, 0x32, 0x61, 0x73, 0x00, 0x11, 0x00, 0x10, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71}
	uuidCBOR = []byte{0x63, 0x62, 0x6F, 0x72, 0x00, 0x11, 0x00, 0x10, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71}
)

func box(typ string, content ...[]byte) []byte {
	n := 8
	for _, c := range content {
		n += len(c)
	}
	out := binary.BigEndian.AppendUint32(make([]byte, 0, n), uint32(n))
	out = append(out, typ...)
	for _, c := range content {
		out = append(out, c...)
	}
	return out
}

func jumd(uuid []byte, label string) []byte {
	return box("jumd", uuid, []byte{0x03}, []byte(label), []byte{0})
}

func jumb(uuid []byte, label string, children ...[]byte) []byte {
	return box("jumb", append([][]byte{jumd(uuid, label)}, children...)...)
}

// jumbfNest is a store whose superboxes nest depth deep.
func jumbfNest(depth int) []byte {
	// Built from the inside out, sizes known at each level: 8 bytes of
	// header per level around the innermost description.
	inner := jumd(uuidC2PA, "c2pa")
	total := len(inner) + 8*depth
	out := make([]byte, 0, total)
	for i := 0; i < depth; i++ {
		out = binary.BigEndian.AppendUint32(out, uint32(total-8*i))
		out = append(out, "jumb"...)
	}
	return append(out, inner...)
}

// jumbfFlood is a store with n empty superboxes side by side.
func jumbfFlood(n int) []byte {
	child := box("jumb")
	parts := [][]byte{jumd(uuidC2PA, "c2pa")}
	for i := 0; i < n; i++ {
		parts = append(parts, child)
	}
	return box("jumb", parts...)
}

// c2paStore wraps CBOR as the claim and as an assertion of one manifest.
func c2paStore(cbor []byte) []byte {
	assertion := jumb(uuidCBOR, "c2pa.actions.v2", box("cbor", cbor))
	return jumb(uuidC2PA, "c2pa",
		jumb(uuidC2MA, "urn:uuid:00000000-0000-4000-8000-000000000000",
			jumb(uuidC2AS, "c2pa.assertions", assertion),
			jumb(uuidC2CL, "c2pa.claim.v2", box("cbor", cbor))))
}

// brotliStore is a store of n compressed manifests (c2cm), each a brob
// box that inflates to size zero bytes.
func brotliStore(n int, size int64) []byte {
	var z bytes.Buffer
	bw := brotli.NewWriterLevel(&z, brotli.BestSpeed)
	repeatTo(bw, make([]byte, 1<<16), size)
	bw.Close()
	brob := box("brob", []byte("jumb"), z.Bytes())
	var manifests [][]byte
	for i := range n {
		manifests = append(manifests, jumb(uuidC2CM, fmt.Sprintf("urn:uuid:00000000-0000-4000-8000-%012d", i), brob))
	}
	return jumb(uuidC2PA, "c2pa", manifests...)
}

// stealthGzip is an RGBA PNG whose alpha low bits carry the stealth
// magic, a length and a gzip stream of 512 MiB of zeros (about 500 KiB),
// column by column as the writers put it.
func stealthGzip() []byte {
	var z bytes.Buffer
	gw, _ := gzip.NewWriterLevel(&z, gzip.BestCompression)
	repeatTo(gw, make([]byte, 1<<16), 512<<20)
	gw.Close()
	payload := append([]byte("stealth_pngcomp"), binary.BigEndian.AppendUint32(nil, uint32(8*z.Len()))...)
	payload = append(payload, z.Bytes()...)
	const w, h = 2100, 2100
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for i := 3; i < len(img.Pix); i += 4 {
		img.Pix[i] = 0xff
	}
	for k := range min(8*len(payload), w*h) {
		bit := payload[k/8] >> (7 - k%8) & 1
		img.Pix[img.PixOffset(k/h, k%h)+3] = 0xfe | bit
	}
	var b bytes.Buffer
	png.Encode(&b, img)
	return b.Bytes()
}

// ---- JPEG ----

func jpegSeg(b *bytes.Buffer, marker byte, payload []byte) {
	b.Write([]byte{0xFF, marker})
	binary.Write(b, binary.BigEndian, uint16(len(payload)+2))
	b.Write(payload)
}

func jpegDims(w, h uint16) []byte {
	var b bytes.Buffer
	b.Write([]byte{0xFF, 0xD8})
	jpegSeg(&b, 0xDB, append([]byte{0}, bytes.Repeat([]byte{1}, 64)...))
	jpegSeg(&b, 0xC0, []byte{8, byte(h >> 8), byte(h), byte(w >> 8), byte(w), 1, 1, 0x11, 0})
	// A DC/AC table pair with one code each, then a scan of zeros.
	jpegSeg(&b, 0xC4, append([]byte{0x00, 1}, append(make([]byte, 15), 0)...))
	jpegSeg(&b, 0xC4, append([]byte{0x10, 1}, append(make([]byte, 15), 0)...))
	jpegSeg(&b, 0xDA, []byte{1, 1, 0x00, 0, 63, 0})
	b.Write(make([]byte, 1<<16))
	b.Write([]byte{0xFF, 0xD9})
	return b.Bytes()
}

// jpegC2PA carries a JUMBF store in APP11 segments, split as the C2PA
// specification says: each segment repeats the box header.
func jpegC2PA(store []byte) []byte {
	var b bytes.Buffer
	b.Write([]byte{0xFF, 0xD8})
	header, body := store[:8], store[8:]
	for seq := uint32(1); len(body) > 0; seq++ {
		n := min(len(body), 65000)
		p := []byte{'J', 'P', 0, 1}
		p = binary.BigEndian.AppendUint32(p, seq)
		p = append(p, header...)
		p = append(p, body[:n]...)
		body = body[n:]
		jpegSeg(&b, 0xEB, p)
	}
	jpegSeg(&b, 0xC0, []byte{8, 0, 1, 0, 1, 1, 1, 0x11, 0})
	b.Write([]byte{0xFF, 0xD9})
	return b.Bytes()
}

// ---- WebP, GIF, BMFF, TIFF ----

func webpDims() []byte {
	// VP8L header: signature, then 14-bit width-1 and height-1.
	v := uint32(16383) | uint32(16383)<<14
	vp8l := []byte{0x2F, byte(v), byte(v >> 8), byte(v >> 16), byte(v >> 24)}
	vp8l = append(vp8l, make([]byte, 64)...)
	vp8x := []byte{0x10, 0, 0, 0, 0xFF, 0x3F, 0, 0xFF, 0x3F, 0}
	var body bytes.Buffer
	body.WriteString("WEBP")
	riffChunk(&body, "VP8X", vp8x)
	riffChunk(&body, "VP8L", vp8l)
	var b bytes.Buffer
	b.WriteString("RIFF")
	binary.Write(&b, binary.LittleEndian, uint32(body.Len()))
	b.Write(body.Bytes())
	return b.Bytes()
}

func riffChunk(b *bytes.Buffer, typ string, data []byte) {
	b.WriteString(typ)
	binary.Write(b, binary.LittleEndian, uint32(len(data)))
	b.Write(data)
	if len(data)%2 == 1 {
		b.WriteByte(0)
	}
}

func gifDims() []byte {
	var b bytes.Buffer
	b.WriteString("GIF89a")
	b.Write([]byte{0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0, 0})
	b.Write([]byte{0x2C, 0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0x80})
	b.Write(make([]byte, 6)) // two-colour local table
	b.Write([]byte{2, 2, 0x4C, 0x01, 0})
	b.WriteByte(0x3B)
	return b.Bytes()
}

func fullBox(typ string, content ...[]byte) []byte {
	return box(typ, append([][]byte{{0, 0, 0, 0}}, content...)...)
}

func bmffDims(brand string) []byte {
	ispe := fullBox("ispe", binary.BigEndian.AppendUint32(binary.BigEndian.AppendUint32(nil, 65535), 65535))
	meta := fullBox("meta",
		fullBox("hdlr", make([]byte, 4), []byte("pict"), make([]byte, 13)),
		fullBox("pitm", []byte{0, 1}),
		box("iprp", box("ipco", ispe), fullBox("ipma", []byte{0, 0, 0, 1, 0, 1, 1, 0x81})),
	)
	return append(append(box("ftyp", []byte(brand), []byte{0, 0, 0, 0}, []byte("mif1"), []byte(brand)), meta...), box("mdat", make([]byte, 64))...)
}

func bmffNest() []byte {
	const depth = 100_000
	inner := box("free")
	total := len(inner) + 8*depth
	out := box("ftyp", []byte("heic"), []byte{0, 0, 0, 0}, []byte("mif1heic"))
	for i := 0; i < depth; i++ {
		out = binary.BigEndian.AppendUint32(out, uint32(total-8*i))
		out = append(out, "meta"[:4]...)
	}
	return append(out, inner...)
}

func tiffHeader() *bytes.Buffer {
	var b bytes.Buffer
	b.WriteString("II*\x00")
	binary.Write(&b, binary.LittleEndian, uint32(8))
	return &b
}

func tiffEntry(b *bytes.Buffer, tag, typ uint16, count, value uint32) {
	binary.Write(b, binary.LittleEndian, tag)
	binary.Write(b, binary.LittleEndian, typ)
	binary.Write(b, binary.LittleEndian, count)
	binary.Write(b, binary.LittleEndian, value)
}

func tiffDims() []byte {
	b := tiffHeader()
	binary.Write(b, binary.LittleEndian, uint16(4))
	tiffEntry(b, 256, 4, 1, 1_000_000)
	tiffEntry(b, 257, 4, 1, 1_000_000)
	tiffEntry(b, 273, 4, 1, 8)
	tiffEntry(b, 279, 4, 1, 0xFFFFFFFF)
	binary.Write(b, binary.LittleEndian, uint32(0))
	return b.Bytes()
}

func tiffLoop() []byte {
	b := tiffHeader()
	binary.Write(b, binary.LittleEndian, uint16(3))
	tiffEntry(b, 256, 4, 1, 1)
	tiffEntry(b, 34665, 4, 1, 8)                    // Exif IFD pointing back at IFD0
	tiffEntry(b, 700, 1, 0x7FFFFFFF, 8)             // XMP claiming 2 GiB
	binary.Write(b, binary.LittleEndian, uint32(8)) // next IFD: itself
	return b.Bytes()
}

// ---- DOCX ----

const docxTypes = `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`

func zipStored(zw *zip.Writer, name string, data []byte) {
	w, _ := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Store})
	w.Write(data)
}

// docxBomb: a document.xml of docSize bytes (mostly zeros after a valid
// start, so it inflates a thousandfold), plus extra entries of extraSize
// each.
func docxBomb(docSize int64, extra int, extraSize int64) []byte {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	zipStored(zw, "[Content_Types].xml", []byte(docxTypes))
	var raw []byte
	var sum uint32
	for i := 0; i < extra; i++ {
		if extraSize == 0 {
			zipStored(zw, fmt.Sprintf("word/media/e%d.bin", i), nil)
			continue
		}
		// One deflate stream of zeros, written raw into every entry.
		if raw == nil {
			var fb bytes.Buffer
			fw, _ := flate.NewWriter(&fb, flate.BestCompression)
			rawZeros(fw, extraSize)
			fw.Close()
			raw = fb.Bytes()
			c := crc32.NewIEEE()
			rawZeros(c, extraSize)
			sum = c.Sum32()
		}
		w, _ := zw.CreateRaw(&zip.FileHeader{Name: fmt.Sprintf("word/media/e%d.bin", i), Method: zip.Deflate,
			CRC32: sum, CompressedSize64: uint64(len(raw)), UncompressedSize64: uint64(extraSize)})
		w.Write(raw)
	}
	w, _ := zw.CreateHeader(&zip.FileHeader{Name: "word/document.xml", Method: zip.Deflate})
	io.WriteString(w, `<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>`)
	repeatTo(w, bytes.Repeat([]byte("a"), 1<<16), docSize)
	io.WriteString(w, `</w:t></w:r></w:p></w:body></w:document>`)
	zw.Close()
	return b.Bytes()
}

func docxEntities() []byte {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	zipStored(zw, "[Content_Types].xml", []byte(docxTypes))
	zipStored(zw, "docProps/core.xml", billionLaughs())
	zipStored(zw, "word/document.xml", append([]byte(`<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">]><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>`),
		append(bytes.Repeat([]byte("<w:p><w:r><w:t>&a;&a;&a;&a;</w:t></w:r></w:p>"), 100_000), "</w:body></w:document>"...)...))
	zw.Close()
	return b.Bytes()
}

// ---- XML and HTML ----

func billionLaughs() []byte {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">`)
	prev := "lol"
	for i := 1; i <= 9; i++ {
		name := fmt.Sprintf("lol%d", i)
		b.WriteString(`<!ENTITY ` + name + ` "` + strings.Repeat("&"+prev+";", 10) + `">`)
		prev = name
	}
	b.WriteString(`]><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>&lol9;</dc:title></rdf:Description></rdf:RDF></x:xmpmeta>`)
	return []byte(b.String())
}

func xmlDeep(depth int) []byte {
	var b bytes.Buffer
	b.WriteString(`<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description>`)
	for i := 0; i < depth; i++ {
		b.WriteString("<a>")
	}
	for i := 0; i < depth; i++ {
		b.WriteString("</a>")
	}
	b.WriteString(`</rdf:Description></rdf:RDF></x:xmpmeta>`)
	return b.Bytes()
}

func htmlDeep() []byte {
	var b bytes.Buffer
	b.WriteString("<!DOCTYPE html><html><head><title>t</title></head><body>")
	for i := 0; i < 1_000_000; i++ {
		b.WriteString("<div>")
	}
	b.WriteString("x</body></html>")
	return b.Bytes()
}

// ---- PDF ----

// pdfDoc assembles numbered objects and a trailer (no xref table: the
// reader repairs, as viewers do).
func pdfDoc(objs ...string) []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.7\n")
	for i, o := range objs {
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	b.WriteString("trailer\n<< /Root 1 0 R /Size " + fmt.Sprint(len(objs)+1) + " >>\n%%EOF\n")
	return b.Bytes()
}

func pdfStream(dict string, data []byte) string {
	return fmt.Sprintf("<< %s /Length %d >>\nstream\n%s\nendstream", dict, len(data), data)
}

func pdfFlate(n int, size int64) []byte {
	z := zeros(size)
	objs := []string{"<< /Type /Catalog /Pages 2 0 R >>", ""}
	var kids []string
	for i := 0; i < n; i++ {
		page := len(objs) + 1
		objs = append(objs, fmt.Sprintf("<< /Type /Page /Parent 2 0 R /Contents %d 0 R >>", page+1))
		objs = append(objs, pdfStream("/Filter /FlateDecode", z))
		kids = append(kids, fmt.Sprintf("%d 0 R", page))
	}
	objs[1] = fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", strings.Join(kids, " "), n)
	return pdfDoc(objs...)
}

func pdfNest(open, close string, depth int) []byte {
	return pdfDoc("<< /Type /Catalog /Deep "+strings.Repeat(open, depth)+strings.Repeat(close, depth)+" >>", "<< /Type /Pages /Kids [] /Count 0 >>")
}

func pdfLoops() []byte {
	return pdfDoc(
		"<< /Type /Catalog /Pages 2 0 R /Metadata 5 0 R >>",
		"<< /Type /Pages /Kids [3 0 R 2 0 R] /Count 2 /Parent 3 0 R >>",
		"<< /Type /Pages /Kids [2 0 R 4 0 R] /Parent 2 0 R /Resources 6 0 R >>",
		"<< /Type /Page /Parent 3 0 R /Contents [4 0 R 4 0 R] /Resources 6 0 R >>",
		"5 0 R",
		"<< /Font << /F1 7 0 R >> /XObject 6 0 R >>",
		"<< /Type /Font /Subtype /Type0 /DescendantFonts [7 0 R] /ToUnicode 7 0 R /Encoding 7 0 R >>",
	)
}

func pdfFormRecursion() []byte {
	content := []byte("/Fm1 Do /Fm1 Do /Fm1 Do")
	return pdfDoc(
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /Contents 4 0 R /Resources 5 0 R >>",
		pdfStream("", content),
		"<< /XObject << /Fm1 6 0 R >> >>",
		pdfStream("/Type /XObject /Subtype /Form /Resources 5 0 R", content),
	)
}

func pdfObjectFlood() []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n")
	for i := 3; i < 2_000_000; i++ {
		fmt.Fprintf(&b, "%d 0 obj null endobj\n", i)
	}
	b.WriteString("trailer << /Root 1 0 R >>\n%%EOF\n")
	return b.Bytes()
}

// ---- Text ----

// textLine writes one line of size bytes of prose-like words, with sep
// after every 40 bytes when given.
func textLine(size int64, sep string) func(io.Writer) error {
	return func(w io.Writer) error {
		unit := "The council approved the budget on Tue"[:38] + "s "
		if sep != "" {
			unit = unit[:40-len(sep)] + sep
		}
		return repeatTo(w, bytes.Repeat([]byte(unit), 1<<14), size)
	}
}
