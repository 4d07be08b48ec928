package web

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"math"
	"strconv"
	"strings"

	"github.com/disintegration/imaging"

	"github.com/provcheck/provcheck/detectors"
	"github.com/provcheck/provcheck/detectors/forensics"
	"github.com/provcheck/provcheck/provenance/exif"
	"github.com/provcheck/provcheck/provenance/pixels"
	"github.com/provcheck/provcheck/reports"
)

// FileView is what the page shows beside a file's report: a thumbnail the
// server re-encoded (never the uploaded bytes echoed back), the raw
// metadata as tables, and what the page needs to rank and place the
// evidence. Everything here comes from the scan's own walk and decode
// (engine.ScanBytesWith): the page shows what the pipeline read, not a
// second reading of the file.
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
	// GPS is the position the EXIF GPS tags record, in decimal degrees.
	GPS *GPS `json:"gps,omitempty"`
	// Ranked is the file's signals in the order every view shows them
	// (reports.Rank): decisive, supporting, then technical details.
	Ranked []RankedSignal `json:"ranked,omitempty"`
	// Lead is the index (in the report's signals) of the signal the
	// summary names as the file's strongest, or -1.
	Lead int `json:"lead"`
	// Headline is the sentence under the verdict (reports.Headline).
	Headline string `json:"headline,omitempty"`
	// Generator is the generation record (prompt, model, seed…), shown
	// open.
	Generator []GenField `json:"generator,omitempty"`
}

// GenField is one field of the generation record.
type GenField struct {
	Key   string `json:"key"`
	Label string `json:"label"`
	Value string `json:"value"`
}

// RankedSignal places one signal of the report.
type RankedSignal struct {
	Index int    `json:"index"` // in the report's signals
	Tier  string `json:"tier"`  // decisive, supporting or technical
	// Plain and Stats are the explanation split into its plain-language
	// sentences and its statistics (a details line).
	Plain string `json:"plain,omitempty"`
	Stats string `json:"stats,omitempty"`
}

// GPS is a position from the EXIF GPS IFD.
type GPS struct {
	Lat float64 `json:"lat"`
	Lon float64 `json:"lon"`
	// Raw is the tags as the file holds them, so a reviewer can check the
	// conversion.
	Raw string `json:"raw"`
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

// scanFile scans one upload as the CLI would (fingerprints, then the
// server's Finish: ignore file, baseline). With wantView it also builds the
// file's view from the parse state the engine hands back, inside the one
// pipeline, and ranks the final signals for the page.
func (s *Server) scanFile(ctx context.Context, name string, data []byte, wantView bool) (reports.FileResult, FileView) {
	v := FileView{Lead: -1}
	var after func(*detectors.Pass)
	if wantView {
		after = func(p *detectors.Pass) { v = s.view(p) }
	}
	fr := s.opts.Engine.ScanBytesWith(ctx, "", name, data, after)
	fr.SetFingerprints()
	if s.opts.Finish != nil {
		s.opts.Finish(&fr)
	}
	if wantView {
		rankView(&v, &fr)
	}
	return fr, v
}

// view builds a file's view from the scan's parse state. The pixels are
// those the engine decoded for its detectors, or decodes now, once, after
// the same pixel cap.
func (s *Server) view(p *detectors.Pass) FileView {
	v := FileView{Lead: -1}
	if p.Inv == nil {
		return v
	}
	exifs := p.EXIF()
	orient := 0
	for _, d := range exifs {
		if d == nil {
			continue
		}
		if f, ok := d.Get("Orientation"); ok && orient == 0 {
			orient, _ = strconv.Atoi(strings.TrimSpace(f.Value))
		}
		if v.GPS == nil {
			v.GPS = gpsOf(d)
		}
	}
	if strings.HasPrefix(p.Inv.MediaType, "image/") {
		img, err := p.Image()
		if err == nil {
			img = pixels.Orient(img, orient)
			v.Thumbnail, err = thumbnail(img)
		}
		if err != nil {
			v.ThumbnailNote = previewNote(p.Inv.MediaType, err)
		}
		if err == nil && s.opts.VisualAids {
			v.Aids = visualAids(img)
		}
	}
	v.Metadata = metadataTables(p, exifs)
	return v
}

// previewNote says in plain words why an image has no preview.
func previewNote(mediaType string, err error) string {
	switch mediaType {
	case "image/heic", "image/heif", "image/avif":
		return "No preview: provcheck has no pure-Go decoder for " + strings.ToUpper(strings.TrimPrefix(mediaType, "image/")) +
			" pixels, so there is no picture here and the pixel checks did not run. The metadata and credentials below were read."
	}
	return "No preview: " + strings.TrimPrefix(err.Error(), "pixels: ") + "."
}

// gpsOf reads the GPS position of one EXIF block: degrees, minutes and
// seconds as rationals, with N/S and E/W references. Nil when a part is
// missing or out of range: a wrong pin on a map is worse than none.
func gpsOf(d *exif.Data) *GPS {
	get := func(name string) string {
		f, ok := d.Get(name)
		if !ok || f.IFD != "GPS" {
			return ""
		}
		return strings.TrimSpace(f.Value)
	}
	lat, latOK := dms(get("GPSLatitude"))
	lon, lonOK := dms(get("GPSLongitude"))
	latRef, lonRef := strings.ToUpper(get("GPSLatitudeRef")), strings.ToUpper(get("GPSLongitudeRef"))
	if !latOK || !lonOK || lat > 90 || lon > 180 {
		return nil
	}
	switch latRef {
	case "S":
		lat = -lat
	case "N":
	default:
		return nil
	}
	switch lonRef {
	case "W":
		lon = -lon
	case "E":
	default:
		return nil
	}
	return &GPS{
		Lat: math.Round(lat*1e6) / 1e6,
		Lon: math.Round(lon*1e6) / 1e6,
		Raw: fmt.Sprintf("GPSLatitude %s %s, GPSLongitude %s %s", get("GPSLatitude"), latRef, get("GPSLongitude"), lonRef),
	}
}

// dms converts degrees, minutes and seconds as EXIF values are formatted
// ("52/1 31/1 1234/100") to decimal degrees.
func dms(v string) (float64, bool) {
	parts := strings.Fields(v)
	if len(parts) != 3 {
		return 0, false
	}
	var out float64
	for i, p := range parts {
		num, den, ok := strings.Cut(p, "/")
		if !ok {
			return 0, false
		}
		n, err1 := strconv.ParseUint(num, 10, 32)
		d, err2 := strconv.ParseUint(den, 10, 32)
		if err1 != nil || err2 != nil || d == 0 {
			return 0, false
		}
		out += float64(n) / float64(d) / math.Pow(60, float64(i))
	}
	return out, true
}

// rankView ranks a file's final signals as the reports do (reports.Rank)
// and says where each one is in the report's own order, which the page
// reads the signals from.
func rankView(v *FileView, fr *reports.FileResult) {
	r := reports.Rank(fr)
	v.Headline = reports.Headline(fr, &r)
	for _, g := range r.Generator {
		v.Generator = append(v.Generator, GenField{Key: g.Key, Label: g.Label, Value: g.Value})
	}
	v.Lead = -1
	used := make([]bool, len(fr.Signals))
	index := func(s reports.Signal) int {
		for i := range fr.Signals {
			if !used[i] && fr.Signals[i].ID == s.ID && fr.Signals[i].Message == s.Message && fr.Signals[i].Detector == s.Detector {
				used[i] = true
				return i
			}
		}
		return -1
	}
	lead := r.Lead()
	for _, group := range []struct {
		tier reports.Tier
		sigs []reports.Signal
	}{{reports.TierDecisive, r.Decisive}, {reports.TierSupporting, r.Supporting}, {reports.TierTechnical, r.Technical}} {
		for j, s := range group.sigs {
			i := index(s)
			if i < 0 {
				continue
			}
			if lead != nil && v.Lead < 0 && j == 0 && (group.tier == reports.TierDecisive || len(r.Decisive) == 0) {
				v.Lead = i
			}
			plain, stats := reports.SplitExplanation(s.Explanation)
			v.Ranked = append(v.Ranked, RankedSignal{Index: i, Tier: group.tier.String(), Plain: plain, Stats: stats})
		}
	}
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

// metadataTables lays out the raw metadata the scan's walk found, decoded
// as the detectors saw it: the report keeps evidence, not every field, and
// a reviewer wants to see the rest.
func metadataTables(p *detectors.Pass, exifs []*exif.Data) []MetaTable {
	inv := p.Inv
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
	tables := []MetaTable{file.done()}

	if len(inv.EXIF) > 0 {
		t := newTable("EXIF", "IFD", "tag", "value")
		for i, b := range inv.EXIF {
			if i >= len(exifs) || exifs[i] == nil {
				continue
			}
			d := exifs[i]
			for _, f := range d.Fields {
				t.add(f.IFD, f.Name, f.Value)
			}
			if d.Err != nil {
				t.note(fmt.Sprintf("block at %d: %v", b.Offset, d.Err))
			}
		}
		tables = append(tables, t.done())
	}
	if len(inv.XMP) > 0 {
		t := newTable("XMP", "property", "value")
		for _, pk := range p.XMP() {
			if pk == nil {
				continue
			}
			for _, pr := range pk.Props {
				val := pr.Value
				if pr.Lang != "" && pr.Lang != "x-default" {
					val += " [" + pr.Lang + "]"
				}
				t.add(pr.Path, val)
			}
		}
		tables = append(tables, t.done())
	}
	if len(inv.IPTC) > 0 {
		t := newTable("IPTC-IIM", "dataset", "value")
		for _, ds := range p.IPTC() {
			for _, d := range ds {
				name := d.Name
				if name == "" {
					name = fmt.Sprintf("%d:%d", d.Record, d.ID)
				}
				t.add(name, d.Value)
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
