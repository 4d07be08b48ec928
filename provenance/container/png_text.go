package container

import (
	"bytes"
	"errors"
	"fmt"
)

// pngXMPKeyword is the iTXt keyword under which XMP packets live in PNG.
const pngXMPKeyword = "XML:com.adobe.xmp"

// text reads the keyword/value chunks: tEXt (Latin-1), zTXt (zlib,
// Latin-1), iTXt (UTF-8, optionally zlib, with language and translated
// keyword) and ComfyUI's private comf chunk (keyword, NUL, JSON).
//
// tEXt values are read as UTF-8 when they are valid UTF-8: generators write
// UTF-8 prompts there despite the specification, and a Latin-1 string that
// happens to be valid UTF-8 is rare in practice.
func (w *pngWalker) text(c pngChunk) {
	key, rest, ok := bytes.Cut(c.data, []byte{0})
	if !ok {
		w.rec.warn("malformed", c.off, "%s chunk without a keyword terminator", c.typ)
		return
	}
	t := TextEntry{Source: c.typ, Key: latin1String(key), Offset: c.off}
	var value []byte
	switch c.typ {
	case "tEXt", "comf":
		value = rest
	case "zTXt":
		if len(rest) < 1 {
			w.rec.warn("malformed", c.off, "zTXt %q without a compression method", t.Key)
			return
		}
		value, t.Truncated = w.inflate(c, t.Key, rest[1:])
	case "iTXt":
		if len(rest) < 2 {
			w.rec.warn("malformed", c.off, "iTXt %q cut short", t.Key)
			return
		}
		compressed := rest[0] == 1
		lang, rest, ok1 := bytes.Cut(rest[2:], []byte{0})
		tkey, text, ok2 := bytes.Cut(rest, []byte{0})
		if !ok1 || !ok2 {
			w.rec.warn("malformed", c.off, "iTXt %q without language or translated keyword terminator", t.Key)
			return
		}
		t.Language, t.TranslatedKey = string(lang), string(tkey)
		value = text
		if compressed {
			value, t.Truncated = w.inflate(c, t.Key, text)
		}
		if t.Key == pngXMPKeyword {
			w.rec.block(&w.inv.XMP, Block{Source: "iTXt", Key: t.Key, Offset: c.off, Length: c.length(), Data: value})
		}
	}
	if !t.Truncated {
		w.rawProfile(c, t.Key, value)
	}
	if c.typ == "tEXt" || c.typ == "zTXt" {
		t.Value = textFromBytes(value)
	} else {
		t.Value = string(value)
	}
	w.rec.text(t)
}

// inflate decompresses a text value within Limits.MaxInflate and the
// file's allowance. Damage keeps the readable prefix with a warning.
func (w *pngWalker) inflate(c pngChunk, key string, src []byte) (out []byte, truncated bool) {
	out, truncated, err := inflateZlib(w.ctx, src, w.lim.MaxInflate)
	w.rec.inflated(c.off, fmt.Sprintf("%s %q", c.typ, key), w.lim.MaxInflate, truncated, err)
	return out, truncated || errors.Is(err, ErrAllowance)
}
