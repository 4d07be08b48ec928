package container

import (
	"context"
	"fmt"
)

// Photoshop image resources that hold metadata.
const (
	psdIPTC       = 0x0404
	psdThumbOld   = 0x0409 // Photoshop 4.0 thumbnail (BGR JFIF)
	psdThumbnail  = 0x040C // Photoshop 5.0+ thumbnail (JFIF)
	psdICC        = 0x040F
	psdEXIF       = 0x0422
	psdEXIF3      = 0x0423 // "EXIF data 3", rarely written
	psdXMP        = 0x0424
	psdHeaderSize = 26
	// psdThumbHeader is the thumbnail resource's header before its JFIF
	// data: format, width, height, row bytes, total size, compressed size,
	// bits per pixel, planes.
	psdThumbHeader = 28
)

// walkPSD reads a Photoshop document (PSD, or PSB for large documents):
// the fixed header, the colour-mode data, and the image resources, where
// Photoshop keeps EXIF (0x0422), XMP (0x0424), IPTC-IIM (0x0404), the ICC
// profile (0x040F) and a JFIF thumbnail (0x040C, older 0x0409). The layer
// section and the pixels are located, not read.
func walkPSD(ctx context.Context, inv *Inventory, data []byte, lim Limits) error {
	lim = lim.withDefaults()
	if len(data) < psdHeaderSize || string(data[:4]) != "8BPS" {
		return fmt.Errorf("no PSD header: %w", ErrMalformed)
	}
	version := be16(data[4:])
	if version != 1 && version != 2 {
		return fmt.Errorf("PSD version %d: %w", version, ErrUnsupported)
	}
	rec := newRecorder(inv, lim)
	if version == 2 {
		inv.MediaType = "image/vnd.adobe.photoshop" // PSB shares the type
	}
	inv.Components = int(be16(data[12:]))
	inv.Height = int(be32(data[14:]))
	inv.Width = int(be32(data[18:]))
	inv.BitDepth = int(be16(data[22:]))
	rec.segment("header", 0, psdHeaderSize)

	pos := int64(psdHeaderSize)
	section := func(name string, wide bool) ([]byte, int64, bool) {
		size := int64(4)
		if wide {
			size = 8
		}
		if int64(len(data))-pos < size {
			rec.warn("truncated", pos, "file ends before the %s section", name)
			return nil, pos, false
		}
		var n int64
		if wide {
			hi, lo := int64(be32(data[pos:])), int64(be32(data[pos+4:]))
			if hi != 0 {
				rec.segment(name, pos, int64(len(data))-pos)
				rec.warn("malformed", pos, "%s section length over 4 GiB", name)
				return nil, pos, false
			}
			n = lo
		} else {
			n = int64(be32(data[pos:]))
		}
		start := pos + size
		if n > int64(len(data))-start {
			rec.segment(name, pos, int64(len(data))-pos)
			rec.warn("truncated", pos, "%s section of %d bytes runs past the end of the file", name, n)
			return data[start:], pos, false
		}
		rec.segment(name, pos, size+n)
		at := pos
		pos = start + n
		return data[start : start+n], at, true
	}
	if _, _, ok := section("colorModeData", false); !ok {
		return nil
	}
	res, resAt, ok := section("imageResources", false)
	psdResources(ctx, rec, inv, res, resAt+4)
	if !ok {
		return nil
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("PSD resources: %w", err)
	}
	if _, _, ok := section("layerAndMask", version == 2); !ok {
		return nil
	}
	if pos < int64(len(data)) {
		rec.segment("imageData", pos, int64(len(data))-pos)
	} else {
		rec.warn("truncated", pos, "file ends before the image data")
	}
	return nil
}

// psdResources lifts the metadata resources out of the image resource
// section, which starts at file offset base. Each block is located at its
// resource: Offset at the "8BIM" signature, Length to the end of its data.
func psdResources(ctx context.Context, rec *recorder, inv *Inventory, res []byte, base int64) {
	if len(res) == 0 {
		return
	}
	rec.other(Block{Source: "psd:resources", Key: "Photoshop", Offset: base, Length: int64(len(res)), Data: res})
	n := 0
	walkPhotoshopIRB(res, func(e irbEntry) {
		n++
		if n%256 == 0 && ctx.Err() != nil {
			return
		}
		id, d := e.id, e.data
		b := Block{Source: fmt.Sprintf("psd:0x%04X", id), Offset: base + int64(e.at), Length: int64(e.end - e.at), Data: d}
		switch id {
		case psdIPTC:
			rec.block(&inv.IPTC, b)
		case psdEXIF, psdEXIF3:
			rec.block(&inv.EXIF, b)
		case psdXMP:
			rec.block(&inv.XMP, b)
		case psdICC:
			rec.block(&inv.ICC, b)
		case psdThumbnail, psdThumbOld:
			if len(d) <= psdThumbHeader || be32(d) != 1 {
				rec.warn("malformed", b.Offset, "thumbnail resource 0x%04X is not JFIF", id)
				return
			}
			b.Key = "thumbnail"
			if id == psdThumbOld {
				b.Key = "thumbnail-bgr"
			}
			b.Data = d[psdThumbHeader:]
			rec.other(b)
		}
	}, func(at int, msg string) {
		rec.warn("malformed", base+int64(at), "Photoshop resources: %s", msg)
	})
}
