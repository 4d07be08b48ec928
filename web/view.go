package web

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"strconv"
	"strings"

	"github.com/disintegration/imaging"

	"github.com/provcheck/provcheck/detectors/forensics"
	"github.com/provcheck/provcheck/provenance/container"
	"github.com/provcheck/provcheck/provenance/exif"
	"github.com/provcheck/provcheck/provenance/iptc"
	"github.com/provcheck/provcheck/provenance/xmp"
	"github.com/provcheck/provcheck/reports"
)

// FileView is what the page shows beside a file's report: a thumbnail the
// server re-encoded (never the uploaded bytes echoed back) and the raw
// metadata as tables.
type FileView struct {
	// Thumbnail is a data: URI of a PNG or JPEG the server encoded from
	// decoded pixels; empty when the file is not an image it can decode.
	Thumbnail string `json:"thumbnail,omitempty"`
	// ThumbnailNote says why there is no thumbnail.
	ThumbnailNote string      `json:"thumbnailNote,omitempty"`
	Metadata      []MetaTable `json:"metadata,omitempty"`
	// Aids are visual aids for a reviewer (only with --visual-aids): not
	// evidence, never scored.
	Aids []Aid `json:"aids,omitempty"`
}

// Aid is one visual aid, an image the server made from the decoded pixels.
type Aid struct {
	Title   string `json:"title"`
	Image   string `json:"image"` // a data: URI of a PNG
	Explain string `json:"explain"`
}

// MetaTable is one group of metadata: EXIF, XMP, IPTC-IIM, text chunks.
type MetaTable struct {
	Title     string     `json:"title"`
	Columns   []string   `json:"columns"`
	Rows      [][]string `json:"rows"`
	Truncated bool       `json:"truncated,omitempty"`
	// Note reports blocks that could not be decoded in full.
	Note string `json:"note,omitempty"`
}

// Bounds on what the page is sent: tables are for reading, the JSON report
// is for everything.
const (
	thumbSize    = 320
	maxTableRows = 500
	maxCellRunes = 2000
)

// view builds a file's view. Pixels are decoded only after the declared
// dimensions passed the pixel cap.
func (s *Server) view(ctx context.Context, fr reports.FileResult, data []byte) FileView {
	var v FileView
	if fr.Verdict == reports.VerdictError && len(data) == 0 {
		return v
	}
	if strings.HasPrefix(fr.MediaType, "image/") {
		img, err := decodeCapped(data, s.opts.Limits.MaxPixels)
		if err == nil {
			v.Thumbnail, err = thumbnail(img)
		}
		if err != nil {
			v.ThumbnailNote = err.Error()
		}
		if err == nil && s.opts.VisualAids {
			v.Aids = visualAids(img)
		}
	}
	v.Metadata = metadataTables(ctx, data, s.opts.Limits)
	return v
}

// thumbnail decodes, fits into thumbSize and re-encodes: PNG when the image
// has transparency, JPEG otherwise (a tenth of the size for photographs).
func thumbnail(img image.Image) (string, error) {
	small := imaging.Fit(img, thumbSize, thumbSize, imaging.Box)
	var buf bytes.Buffer
	mime := "image/jpeg"
	var err error
	if small.Opaque() {
		err = jpeg.Encode(&buf, small, &jpeg.Options{Quality: 82})
	} else {
		mime = "image/png"
		err = png.Encode(&buf, small)
	}
	if err != nil {
		return "", fmt.Errorf("no preview: encoding failed")
	}
	return "data:" + mime + ";base64," + base64.StdEncoding.EncodeToString(buf.Bytes()), nil
}

// visualAids makes the error-level image and the noise map, each fitted to
// the preview size's double and encoded as PNG.
func visualAids(img image.Image) []Aid {
	ela, noise, err := forensics.Aids(img)
	if err != nil {
		return nil
	}
	var out []Aid
	for _, a := range []struct {
		title, explain string
		img            image.Image
	}{
		{"Error level", "The difference between the picture and a re-save of it at JPEG quality 90, stretched. Regions saved fewer times, or pasted from elsewhere, often stand out. A visual aid, not evidence.", ela},
		{"Noise residual", "The luminance minus its local median, stretched. Regions with a different noise texture (retouching, another camera, generated fill) often stand out. A visual aid, not evidence.", noise},
	} {
		small := imaging.Fit(a.img, 2*thumbSize, 2*thumbSize, imaging.Box)
		var buf bytes.Buffer
		if err := png.Encode(&buf, small); err != nil {
			continue
		}
		out = append(out, Aid{Title: a.title, Explain: a.explain, Image: "data:image/png;base64," + base64.StdEncoding.EncodeToString(buf.Bytes())})
	}
	return out
}

// decodeCapped decodes pixels after checking the declared dimensions
// against the pixel cap.
func decodeCapped(data []byte, maxPixels int64) (image.Image, error) {
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("no preview: the image format is not one the preview can decode")
	}
	if int64(cfg.Width)*int64(cfg.Height) > maxPixels {
		return nil, fmt.Errorf("no preview: %dx%d is above the %d-pixel limit", cfg.Width, cfg.Height, maxPixels)
	}
	img, err := imaging.Decode(bytes.NewReader(data), imaging.AutoOrientation(true))
	if err != nil {
		return nil, fmt.Errorf("no preview: the %s pixels could not be decoded", format)
	}
	return img, nil
}

// metadataTables lays out the raw metadata the container holds. It walks
// the container itself: the report keeps evidence, not every field, and a
// reviewer wants to see the rest.
func metadataTables(ctx context.Context, data []byte, lim container.Limits) []MetaTable {
	inv, err := container.Walk(ctx, data, lim)
	if inv == nil {
		return nil
	}
	file := newTable("File", "property", "value")
	file.add("container", inv.Format)
	file.add("media type", inv.MediaType)
	if inv.Width > 0 || inv.Height > 0 {
		file.add("dimensions", fmt.Sprintf("%d × %d", inv.Width, inv.Height))
	}
	if inv.Components > 0 {
		file.add("colour components", strconv.Itoa(inv.Components))
	}
	if inv.BitDepth > 0 {
		file.add("bits per sample", strconv.Itoa(inv.BitDepth))
	}
	if inv.Subsampling != "" {
		file.add("chroma subsampling", inv.Subsampling)
	}
	if inv.Progressive {
		file.add("progressive", "yes")
	}
	if inv.Animated || inv.Frames > 1 {
		file.add("frames", strconv.Itoa(inv.Frames))
	}
	if inv.HasAlpha {
		file.add("transparency", "yes")
	}
	if len(inv.Brands) > 0 {
		file.add("brands", strings.Join(inv.Brands, ", "))
	}
	if inv.Encoding != "" {
		file.add("text encoding", inv.Encoding)
	}
	if len(inv.ICC) > 0 {
		file.add("ICC profiles", strconv.Itoa(len(inv.ICC)))
	}
	if len(inv.C2PA) > 0 {
		file.add("C2PA manifest stores", strconv.Itoa(len(inv.C2PA)))
	}
	if inv.Trailer.Length > 0 {
		file.add("bytes after the end", fmt.Sprintf("%d at offset %d", inv.Trailer.Length, inv.Trailer.Offset))
	}
	if err != nil {
		file.add("read error", err.Error())
	}
	tables := []MetaTable{file.done()}

	if len(inv.EXIF) > 0 {
		t := newTable("EXIF", "IFD", "tag", "value")
		for _, b := range inv.EXIF {
			d, err := exif.Decode(b.Data)
			if d != nil {
				for _, f := range d.Fields {
					t.add(f.IFD, f.Name, f.Value)
				}
			}
			if err != nil {
				t.note(fmt.Sprintf("block at %d: %v", b.Offset, err))
			}
		}
		tables = append(tables, t.done())
	}
	if len(inv.XMP) > 0 {
		t := newTable("XMP", "property", "value")
		for _, b := range inv.XMP {
			pk, err := xmp.Parse(b.Data)
			if pk != nil {
				for _, p := range pk.Props {
					val := p.Value
					if p.Lang != "" && p.Lang != "x-default" {
						val += " [" + p.Lang + "]"
					}
					t.add(p.Path, val)
				}
			}
			if err != nil {
				t.note(fmt.Sprintf("packet at %d: %v", b.Offset, err))
			}
		}
		tables = append(tables, t.done())
	}
	if len(inv.IPTC) > 0 {
		t := newTable("IPTC-IIM", "dataset", "value")
		for _, b := range inv.IPTC {
			ds, err := iptc.Parse(b.Data)
			for _, d := range ds {
				name := d.Name
				if name == "" {
					name = fmt.Sprintf("%d:%d", d.Record, d.ID)
				}
				t.add(name, d.Value)
			}
			if err != nil {
				t.note(fmt.Sprintf("block at %d: %v", b.Offset, err))
			}
		}
		tables = append(tables, t.done())
	}
	if len(inv.Text) > 0 {
		t := newTable("Text fields", "where", "key", "value")
		for _, e := range inv.Text {
			val := e.Value
			if e.Truncated {
				val += " …(cut at the inflate limit)"
			}
			t.add(e.Source, e.Key, val)
		}
		tables = append(tables, t.done())
	}
	return tables
}

// tableBuilder bounds a table's rows and cells.
type tableBuilder struct {
	t     MetaTable
	notes []string
}

func newTable(title string, cols ...string) *tableBuilder {
	return &tableBuilder{t: MetaTable{Title: title, Columns: cols, Rows: [][]string{}}}
}

func (b *tableBuilder) add(cells ...string) {
	if len(b.t.Rows) == maxTableRows {
		b.t.Truncated = true
		return
	}
	for i, c := range cells {
		cells[i] = clip(c)
	}
	b.t.Rows = append(b.t.Rows, cells)
}

func (b *tableBuilder) note(n string) { b.notes = append(b.notes, clip(n)) }

func (b *tableBuilder) done() MetaTable {
	b.t.Note = strings.Join(b.notes, "; ")
	return b.t
}

// clip cuts a cell to maxCellRunes.
func clip(s string) string {
	if len(s) <= maxCellRunes {
		return s
	}
	r := []rune(s)
	if len(r) <= maxCellRunes {
		return s
	}
	return string(r[:maxCellRunes]) + " …"
}
