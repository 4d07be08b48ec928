package container

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode/utf16"
)

// PDF: provcheck reads the document information dictionary (Title,
// Author, Creator, Producer, CreationDate, ModDate...) into Inventory.Text
// with Source "pdf:info", the catalog's XMP metadata stream into
// Inventory.XMP (Source "pdf:metadata"), and the text layer of the pages
// into Inventory.Body. The C2PA manifest store, an embedded file, goes to
// Inventory.Carrier (pdf_c2pa.go).
//
// The reader is small and forgiving rather than a full PDF parser: it
// reads indirect objects in file order ("n g obj ... endobj", as a repair
// tool does, so a damaged cross-reference table does not matter), object
// streams (/Type /ObjStm), the trailers ("trailer" dictionaries and
// cross-reference stream dictionaries); later definitions of an object
// replace earlier ones, as incremental updates intend. Only FlateDecode
// is inflated, always through a cap: Limits.MaxInflate per stream and the
// file's allowance (Limits.MaxInflateFile) over all of them.
//
// The text layer (pdf_text.go and the files it names) decodes the strings
// the pages show through their fonts: ToUnicode CMaps, Type 0 fonts with
// Identity or Unicode CMaps, simple fonts with standard encodings and
// /Differences. Text in fonts without any Unicode mapping is left out with
// a warning, so the body is never garbage.

type pdfObj struct {
	val    any
	off    int64
	raw    []byte // stream bytes, as stored
	rawOff int64  // file offset of raw
	stream bool
	dict   pdfDict
}

type pdfReader struct {
	inv      *Inventory
	lim      Limits
	objs     map[int]*pdfObj
	trailers []pdfDict
	count    int
	// ctx carries the time limit and the file's decompression allowance.
	ctx context.Context
	// b holds warnings to maxWarnings: a hostile file can repeat the same
	// damage in every object.
	b *recorder
}

func walkPDF(ctx context.Context, inv *Inventory, data []byte, lim Limits) error {
	r := &pdfReader{ctx: ctx, inv: inv, lim: lim, objs: map[int]*pdfObj{}, b: newRecorder(inv, lim)}
	if err := r.scan(ctx, data); err != nil {
		return err
	}
	if len(r.objs) == 0 {
		return fmt.Errorf("pdf: no objects: %w", ErrMalformed)
	}
	r.objectStreams(ctx)
	trailer := r.trailer()
	if trailer == nil {
		r.b.warn("malformed", 0, "pdf: no trailer dictionary")
		trailer = pdfDict{}
	}
	r.info(trailer)
	root, _ := r.resolve(trailer["Root"], 0).(pdfDict)
	if root == nil {
		root = r.findCatalog()
	}
	r.c2pa(trailer, root)
	if root != nil {
		r.metadata(root)
		r.text(ctx, root)
	}
	inv.Encoding = "utf-8"
	return ctx.Err()
}

// scan reads the top-level objects and trailers in file order.
func (r *pdfReader) scan(ctx context.Context, data []byte) error {
	lx := &pdfLexer{data: data, maxDepth: r.lim.MaxDepth}
	var prev [2]any // the two values before the current one
	var prevOff [2]int
	for lx.pos < len(data) {
		if r.count&1023 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		start := lx.pos
		v, err := lx.value(0)
		if err != nil && v == nil {
			if lx.pos == start {
				lx.pos++
			}
			continue
		}
		kw, isKW := v.(pdfKeyword)
		switch {
		case isKW && kw == "obj":
			num, ok1 := prev[0].(float64)
			_, ok2 := prev[1].(float64)
			prev = [2]any{}
			if !ok1 || !ok2 || num < 0 || num > 1e8 {
				continue
			}
			if r.count >= r.lim.MaxBlocks {
				from := prevOff[0] // where "n g obj" starts, after white space
				for from < start && pdfIsSpace(data[from]) {
					from++
				}
				r.b.warn("limit", int64(from), "pdf: more than %d objects; the last %d bytes of the file (from offset %d) were not read, with every object, trailer and incremental update in them", r.lim.MaxBlocks, len(data)-from, from)
				return nil
			}
			r.count++
			r.object(lx, int(num), int64(start))
		case isKW && kw == "trailer":
			prev = [2]any{}
			if d, err := lx.value(0); err == nil {
				if td, ok := d.(pdfDict); ok {
					r.trailers = append(r.trailers, td)
				}
			}
		default:
			prev = [2]any{prev[1], v}
			prevOff = [2]int{prevOff[1], start}
		}
	}
	return nil
}

// object reads the value (and stream) of object num.
func (r *pdfReader) object(lx *pdfLexer, num int, off int64) {
	v, err := lx.value(0)
	if err != nil {
		r.b.warn("malformed", off, "pdf: object %d: %v", num, err)
		if v == nil {
			return
		}
	}
	o := &pdfObj{val: v, off: off}
	o.dict, _ = v.(pdfDict)
	save := lx.pos
	lx.skip()
	if bytes.HasPrefix(lx.data[lx.pos:], []byte("stream")) && o.dict != nil {
		lx.pos += len("stream")
		raw, start, ok := lx.stream(o.dict)
		if !ok {
			r.b.warn("truncated", int64(start), "pdf: stream of object %d has no endstream", num)
		}
		o.raw, o.rawOff, o.stream = raw, int64(start), true
		if len(r.inv.Segments) < r.lim.MaxBlocks {
			r.inv.Segments = append(r.inv.Segments, Segment{Type: "stream", Offset: int64(start), Length: int64(len(raw))})
		}
	} else {
		lx.pos = save
	}
	r.objs[num] = o
	if o.dict != nil && o.dict["Type"] == pdfName("XRef") {
		r.trailers = append(r.trailers, o.dict)
	}
}

// decode inflates a stream object within the file's budget.
func (r *pdfReader) decode(o *pdfObj, what string) ([]byte, bool) {
	b, truncated, ok := r.decodePrefix(o, what, r.lim.MaxInflate)
	if truncated {
		r.b.warn("limit", o.off, "pdf: %s inflates past the limit; truncated", what)
	}
	return b, ok
}

// decodePrefix inflates at most limit bytes of a stream object within the
// file's allowance; truncated says there was more.
func (r *pdfReader) decodePrefix(o *pdfObj, what string, limit int64) (b []byte, truncated, ok bool) {
	if r.b.spent {
		return nil, false, false
	}
	b, truncated, err := pdfDecodeStream(r.ctx, o.dict, o.raw, limit)
	if err != nil {
		r.b.inflated(o.off, "pdf: "+what, limit, false, err)
		return nil, false, false
	}
	return b, truncated, true
}

// objectStreams reads the objects compressed in /Type /ObjStm streams
// that no top-level definition gives.
func (r *pdfReader) objectStreams(ctx context.Context) {
	var streams []*pdfObj
	for _, o := range r.objs {
		if o.stream && o.dict["Type"] == pdfName("ObjStm") {
			streams = append(streams, o)
		}
	}
	// Map order is random; the result must not be.
	sortObjs(streams)
	for _, o := range streams {
		if ctx.Err() != nil {
			return
		}
		b, ok := r.decode(o, "object stream")
		if !ok {
			continue
		}
		n, _ := o.dict["N"].(float64)
		first, _ := o.dict["First"].(float64)
		if n <= 0 || first < 0 || int(first) > len(b) {
			continue
		}
		hdr := &pdfLexer{data: b[:int(first)], maxDepth: 1}
		skipped := 0
		for i := range min(int(n), r.lim.MaxBlocks) {
			if i&1023 == 1023 && ctx.Err() != nil {
				return
			}
			num, err1 := hdr.value(0)
			rel, err2 := hdr.value(0)
			nf, ok1 := num.(float64)
			rf, ok2 := rel.(float64)
			if err1 != nil || err2 != nil || !ok1 || !ok2 || nf < 0 || nf > 1e8 || rf < 0 || int(first)+int(rf) > len(b) {
				break
			}
			if _, exists := r.objs[int(nf)]; exists {
				continue
			}
			if r.count >= r.lim.MaxBlocks {
				skipped++
				continue
			}
			lx := &pdfLexer{data: b, pos: int(first) + int(rf), maxDepth: r.lim.MaxDepth}
			v, err := lx.value(0)
			if err != nil && v == nil {
				continue
			}
			d, _ := v.(pdfDict)
			r.count++
			r.objs[int(nf)] = &pdfObj{val: v, off: o.off, dict: d}
		}
		if skipped > 0 || int(n) > r.lim.MaxBlocks {
			r.b.warn("limit", o.off, "pdf: more than %d objects; %d of the %d objects in the object stream at %d were not read",
				r.lim.MaxBlocks, skipped+max(0, int(n)-r.lim.MaxBlocks), int(n), o.off)
		}
	}
}

func sortObjs(objs []*pdfObj) {
	slices.SortFunc(objs, func(a, b *pdfObj) int { return cmp.Compare(a.off, b.off) })
}

// trailer returns the last trailer that names a catalog.
func (r *pdfReader) trailer() pdfDict {
	for i := len(r.trailers) - 1; i >= 0; i-- {
		if _, ok := r.trailers[i]["Root"]; ok {
			return r.trailers[i]
		}
	}
	return nil
}

// findCatalog is the fallback for a file without a usable trailer.
func (r *pdfReader) findCatalog() pdfDict {
	var best *pdfObj
	for _, o := range r.objs {
		if o.dict != nil && o.dict["Type"] == pdfName("Catalog") && (best == nil || o.off > best.off) {
			best = o
		}
	}
	if best == nil {
		return nil
	}
	return best.dict
}

// resolve follows references, at most a few deep.
func (r *pdfReader) resolve(v any, depth int) any {
	ref, ok := v.(pdfRef)
	if !ok {
		return v
	}
	if depth > 8 {
		return nil
	}
	o := r.objs[ref.num]
	if o == nil {
		return nil
	}
	return r.resolve(o.val, depth+1)
}

func (r *pdfReader) object2(v any) *pdfObj {
	if ref, ok := v.(pdfRef); ok {
		return r.objs[ref.num]
	}
	return nil
}

// info records the document information dictionary.
func (r *pdfReader) info(trailer pdfDict) {
	off := int64(0)
	if o := r.object2(trailer["Info"]); o != nil {
		off = o.off
	}
	d, _ := r.resolve(trailer["Info"], 0).(pdfDict)
	keys := make([]string, 0, len(d))
	for k := range d {
		keys = append(keys, string(k))
	}
	slices.Sort(keys)
	for _, k := range keys {
		var val string
		switch v := r.resolve(d[pdfName(k)], 0).(type) {
		case pdfString:
			val = pdfText(v)
		case pdfName:
			val = string(v)
		default:
			continue
		}
		if len(r.inv.Text) >= r.lim.MaxBlocks {
			return
		}
		r.inv.Text = append(r.inv.Text, TextEntry{Source: "pdf:info", Key: k, Value: val, Offset: off})
	}
}

// metadata records the catalog's XMP stream.
func (r *pdfReader) metadata(root pdfDict) {
	o := r.object2(root["Metadata"])
	if o == nil || !o.stream {
		return
	}
	b, ok := r.decode(o, "XMP metadata")
	if !ok || len(b) == 0 {
		return
	}
	r.inv.XMP = append(r.inv.XMP, Block{Source: "pdf:metadata", Offset: o.off, Length: int64(len(o.raw)), Data: b})
}

// pdfText decodes a text string: UTF-16BE or UTF-8 with a byte order mark,
// otherwise PDFDocEncoding (read as Windows-1252, which agrees on the
// printable range but for a few punctuation marks).
func pdfText(s pdfString) string {
	switch {
	case len(s) >= 2 && s[0] == 0xFE && s[1] == 0xFF:
		u := make([]uint16, 0, (len(s)-2)/2)
		for i := 2; i+1 < len(s); i += 2 {
			u = append(u, uint16(s[i])<<8|uint16(s[i+1]))
		}
		return string(utf16.Decode(u))
	case len(s) >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF:
		return strings.ToValidUTF8(string(s[3:]), "\uFFFD")
	}
	var sb strings.Builder
	for _, c := range s {
		sb.WriteRune(win1252(c))
	}
	return sb.String()
}

// win1252 maps one Windows-1252 byte to its rune.
func win1252(c byte) rune {
	if c >= 0x80 && c < 0xA0 {
		return textCP1252High[c-0x80]
	}
	return rune(c)
}
