// Package editors reports non-AI software named in a file's software
// fields (EXIF Software, xmp:CreatorTool, XMP history, IPTC
// OriginatingProgram, PNG Software, program signatures in comments):
// editors and phone apps (edited), converters (re-saved), games and 3D
// renderers (rendered, not photographed). The names come from one table
// (provenance/software); camera firmware and vendor import tools in the
// same fields are in no family.
package editors

import (
	"context"
	"fmt"
	"strings"

	"github.com/provcheck/provcheck/detectors"
	"github.com/provcheck/provcheck/provenance/container"
	"github.com/provcheck/provcheck/provenance/exif"
	"github.com/provcheck/provcheck/provenance/iptc"
	"github.com/provcheck/provcheck/provenance/software"
	"github.com/provcheck/provcheck/provenance/xmp"
	"github.com/provcheck/provcheck/reports"
)

// Detector is the editors detector.
var Detector = &detectors.Detector{
	Name: "editors",
	Doc: "Non-AI software named in EXIF Software, xmp:CreatorTool, xmpMM:History, photoshop:History, IPTC " +
		"OriginatingProgram, PNG Software or a program's comment signature: editors and phone apps (edited), " +
		"converters such as ImageMagick, libvips, Pillow or FFmpeg and Little CMS colour profiles (re-saved), " +
		"games and 3D renderers (rendered, not photographed). One signal per program; camera firmware and " +
		"vendor import tools are not editors.",
	Version: 2,
	Media:   []string{"image/*"},
	Run:     run,
}

const maxValue = 300

// finding is one place a program was named.
type finding struct {
	id       string // without the family suffix for software matches
	editor   string
	message  string
	evidence map[string]any
	family   software.Family
	meaning  string
	exactID  bool // id is whole: no family suffix
}

func run(ctx context.Context, p *detectors.Pass) error {
	if p.Inv == nil {
		return nil
	}
	var fs []finding
	fs = append(fs, fromText(p.Inv.Text)...)
	fs = append(fs, fromComments(p.Inv.Text)...)
	if p.EXIF != nil {
		fs = append(fs, fromEXIF(p.EXIF())...)
	}
	if p.XMP != nil {
		fs = append(fs, fromXMP(p.XMP())...)
	}
	if p.IPTC != nil {
		fs = append(fs, fromIPTC(p.IPTC())...)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	fs = append(fs, fromICC(p.Inv.ICC)...)
	report(p, fs)
	imageMagickText(p, p.Inv.Text)
	return nil
}

// report emits one signal per distinct program, from its first finding;
// the other places that name it go into the evidence.
func report(p *detectors.Pass, fs []finding) {
	first := map[string]int{}
	var order []string
	also := map[string][]string{}
	for i, f := range fs {
		if _, ok := first[f.editor]; !ok {
			first[f.editor] = i
			order = append(order, f.editor)
			continue
		}
		also[f.editor] = append(also[f.editor], where(f.evidence))
	}
	for _, name := range order {
		f := fs[first[name]]
		f.evidence["editor"] = name
		f.evidence["family"] = string(f.family)
		if a := also[name]; len(a) > 0 {
			f.evidence["alsoIn"] = a
		}
		p.Report(signalFor(f, name))
	}
}

// signalFor words a finding by the program's family: an editor edited, a
// converter re-saved, a game or renderer rendered.
func signalFor(f finding, name string) reports.Signal {
	s := reports.Signal{ID: f.id, Evidence: f.evidence}
	switch f.family {
	case software.Converter:
		s.ID += "-converter"
		s.Direction, s.Strength = reports.DirEdit, reports.StrengthWeak
		s.Message = f.message + " a converter: re-saved by " + name
		s.Explanation = "The file was re-saved by a conversion tool (" + f.meaning + "). Converting, resizing and " +
			"recompressing are routine (web publishing, messaging apps); this is not evidence of editing. Look " +
			"for an earlier copy of the file."
	case software.Game, software.Renderer:
		s.ID += "-rendered"
		s.Direction, s.Strength = reports.DirInfo, reports.StrengthInfo
		s.Message = f.message + " software that renders pictures: " + name + " (rendered, not photographed)"
		s.Explanation = "The named program draws pictures instead of capturing them (" + f.meaning + "). A game " +
			"screenshot or 3D render can look like a photograph; it is not AI-generated because of this, and not " +
			"a photograph either. Fields like this are easy to rewrite."
	default:
		if !f.exactID {
			s.ID += "-editor"
		}
		s.Direction, s.Strength = reports.DirEdit, reports.StrengthModerate
		s.Message = f.message + " an editor: " + name
		s.Explanation = "A software field names an editing program, so the file was saved by it after capture or " +
			"generation. It says nothing about what was changed, and software fields are easy to rewrite; " +
			"compare with the camera fields and look at the pixels."
		if f.family == software.PhoneApp {
			s.Message = f.message + " a phone or web editing app: " + name
		}
	}
	return s
}

func where(ev map[string]any) string {
	for _, k := range []string{"field", "property", "dataset", "key"} {
		if v, ok := ev[k]; ok {
			return fmt.Sprintf("%v %v", ev["block"], v)
		}
	}
	return fmt.Sprint(ev["block"])
}

func setValue(ev map[string]any, v string) {
	if len(v) > maxValue {
		v = strings.ToValidUTF8(v[:maxValue], "")
		ev["valueTruncated"] = true
	}
	ev["value"] = v
}

// lookup finds the program a software-field value names; AI generators are
// the generators detector's.
func lookup(w software.Where, v string) (software.Entry, bool) {
	e, ok := software.Lookup(w, v)
	if !ok || e.Family == software.Generator {
		return software.Entry{}, false
	}
	return e, true
}

func newFinding(id, message string, e software.Entry, ev map[string]any, v string) finding {
	setValue(ev, v)
	return finding{id: id, editor: e.Name, message: message, evidence: ev, family: e.Family, meaning: e.Meaning}
}

func fromText(entries []container.TextEntry) []finding {
	var out []finding
	for _, t := range entries {
		if t.Key != "Software" || (t.Source != "tEXt" && t.Source != "zTXt" && t.Source != "iTXt") {
			continue
		}
		if e, ok := lookup(software.SoftwareField, t.Value); ok {
			ev := map[string]any{"block": "PNG", "chunk": t.Source, "key": t.Key, "offset": t.Offset}
			out = append(out, newFinding("png.software", "PNG Software names", e, ev, t.Value))
		}
	}
	return out
}

// fromComments reads program signatures in JPEG COM segments and GIF
// comments. Comments are free text, so only the fixed phrases programs
// write count ("CREATOR: gd-jpeg", "Lavc58…"), never a name in a sentence.
func fromComments(entries []container.TextEntry) []finding {
	var out []finding
	for _, t := range entries {
		var block string
		switch t.Source {
		case "COM":
			block = "JPEG"
		case "gif:comment":
			block = "GIF"
		default:
			continue
		}
		if e, ok := lookup(software.CommentField, t.Value); ok {
			ev := map[string]any{"block": block, "segment": t.Source, "offset": t.Offset}
			out = append(out, newFinding("comment.signature", block+" comment is the signature of", e, ev, t.Value))
		}
	}
	return out
}

const (
	tagProcessingSoftware = 0x000B
	tagMake               = 0x010F
	tagSoftware           = 0x0131
)

func fromEXIF(blocks []*exif.Data) []finding {
	var out []finding
	for bi, d := range blocks {
		if d == nil {
			continue
		}
		for _, f := range d.Fields {
			if f.IFD != "IFD0" && f.IFD != "" {
				continue
			}
			id, field, w := "", "", software.SoftwareField
			switch f.Tag {
			case tagSoftware:
				id, field = "exif.software", "Software"
			case tagProcessingSoftware:
				id, field = "exif.processing-software", "ProcessingSoftware"
			case tagMake:
				// A game studio in Make: console screenshots carry the
				// game's maker where a camera maker would be.
				id, field, w = "exif.make", "Make", software.MakeField
			default:
				continue
			}
			if e, ok := lookup(w, f.Value); ok {
				ev := map[string]any{"block": "EXIF", "exifBlock": bi, "ifd": "IFD0", "field": field, "tag": fmt.Sprintf("0x%04X", f.Tag)}
				out = append(out, newFinding(id, "EXIF "+field+" names", e, ev, f.Value))
			}
		}
	}
	return out
}

func fromXMP(packets []*xmp.Packet) []finding {
	var out []finding
	for pi, pk := range packets {
		if pk == nil {
			continue
		}
		for _, v := range pk.Get(xmp.NSXMP, "CreatorTool") {
			if e, ok := lookup(software.SoftwareField, v); ok {
				ev := map[string]any{"block": "XMP", "packet": pi, "property": "xmp:CreatorTool"}
				out = append(out, newFinding("xmp.creator-tool", "xmp:CreatorTool names", e, ev, v))
			}
		}
		out = append(out, xmpHistory(pi, pk)...)
		for _, v := range pk.Get(xmp.NSPhotoshop, "History") {
			if strings.TrimSpace(v) == "" {
				continue
			}
			// Only Photoshop writes its history log here.
			ev := map[string]any{"block": "XMP", "packet": pi, "property": "photoshop:History"}
			e := software.Entry{Name: "Adobe Photoshop", Family: software.Editor}
			f := newFinding("xmp.photoshop-history", "photoshop:History records the edits of", e, ev, v)
			f.exactID = true
			out = append(out, f)
			break
		}
	}
	return out
}

// xmpHistory reads xmpMM:History events: the software agent of each, with
// the action recorded beside it.
func xmpHistory(pi int, pk *xmp.Packet) []finding {
	actions := map[string]string{}
	for _, pr := range pk.Props {
		if pr.NS == xmp.NSStEvt && pr.Name == "action" {
			actions[parentPath(pr.Path)] = pr.Value
		}
	}
	var out []finding
	for _, pr := range pk.Props {
		if pr.NS != xmp.NSStEvt || pr.Name != "softwareAgent" {
			continue
		}
		e, ok := lookup(software.SoftwareField, pr.Value)
		if !ok {
			continue
		}
		ev := map[string]any{"block": "XMP", "packet": pi, "property": pr.Path}
		if pr.Path == "" {
			ev["property"] = "stEvt:softwareAgent"
		}
		if a := actions[parentPath(pr.Path)]; a != "" {
			ev["action"] = a
		}
		out = append(out, newFinding("xmp.history", "XMP history names", e, ev, pr.Value))
	}
	return out
}

func parentPath(p string) string {
	if i := strings.LastIndexByte(p, '/'); i >= 0 {
		return p[:i]
	}
	return p
}

func fromIPTC(blocks [][]iptc.Dataset) []finding {
	var out []finding
	for bi, ds := range blocks {
		for _, d := range ds {
			if d.Record != 2 || d.ID != 65 {
				continue
			}
			if e, ok := lookup(software.SoftwareField, d.Value); ok {
				ev := map[string]any{"block": "IPTC", "iptcBlock": bi, "dataset": "2:65 OriginatingProgram", "offset": d.Offset}
				out = append(out, newFinding("iptc.originating-program", "IPTC OriginatingProgram names", e, ev, d.Value))
			}
		}
	}
	return out
}

// fromICC reads the creator of embedded ICC profiles (header bytes 80-83).
// Little CMS ('lcms') is the colour library of GIMP, darktable, RawTherapee,
// Krita, Pillow and many web pipelines; camera firmware embeds its maker's
// or a standard profile, so an lcms-made profile means software wrote the
// file after capture. It says re-saved, not edited.
func fromICC(blocks []container.Block) []finding {
	var out []finding
	for _, b := range blocks {
		if len(b.Data) < 128 || string(b.Data[36:40]) != "acsp" || string(b.Data[80:84]) != "lcms" {
			continue
		}
		ev := map[string]any{"block": "ICC", "segment": b.Source, "offset": b.Offset, "header": "profile creator (bytes 80-83)"}
		if d := iccDescription(b.Data); d != "" {
			ev["description"] = d
		}
		e := software.Entry{Name: "Little CMS", Family: software.Converter,
			Meaning: "a program built on the Little CMS colour library wrote the colour profile"}
		out = append(out, newFinding("icc.profile-creator", "the ICC profile was created by", e, ev, "lcms"))
		break
	}
	return out
}

// iccDescription returns the profile's 'desc' text (ICC v2 textDescription
// or v4 multiLocalizedUnicode, first record), bounded, or "".
func iccDescription(d []byte) string {
	be32 := func(b []byte) uint32 { return uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3]) }
	n := int(be32(d[128:132]))
	for i := 0; i < n && i < 64; i++ {
		at := 132 + 12*i
		if at+12 > len(d) {
			return ""
		}
		if string(d[at:at+4]) != "desc" {
			continue
		}
		off, size := int64(be32(d[at+4:])), int64(be32(d[at+8:]))
		if off < 0 || size < 12 || off+size > int64(len(d)) {
			return ""
		}
		t := d[off : off+size]
		switch string(t[:4]) {
		case "desc": // v2: type, reserved, ASCII count, ASCII
			cnt := int(be32(t[8:12]))
			if cnt <= 0 || 12+cnt > len(t) {
				return ""
			}
			return clean(string(t[12 : 12+min(cnt, 64)]))
		case "mluc": // v4: records of UTF-16BE strings
			if len(t) < 28 {
				return ""
			}
			l, o := int(be32(t[20:24])), int(be32(t[24:28]))
			if o < 0 || l < 0 || o+l > len(t) {
				return ""
			}
			var r []rune
			for k := o; k+1 < o+l && len(r) < 64; k += 2 {
				r = append(r, rune(t[k])<<8|rune(t[k+1]))
			}
			return clean(string(r))
		}
		return ""
	}
	return ""
}

func clean(s string) string {
	return strings.TrimRight(strings.ToValidUTF8(s, ""), "\x00 ")
}

// imageMagickText notes ImageMagick's date:create / date:modify PNG keys.
// ImageMagick writes them on every PNG it saves, conversions and batch
// resizes included, so they show the file was re-saved by a converter, not
// that its content was edited.
func imageMagickText(p *detectors.Pass, entries []container.TextEntry) {
	var keys []string
	var off int64 = -1
	for _, t := range entries {
		if t.Source != "tEXt" && t.Source != "zTXt" && t.Source != "iTXt" {
			continue
		}
		if t.Key == "date:create" || t.Key == "date:modify" {
			keys = append(keys, t.Key)
			if off < 0 {
				off = t.Offset
			}
		}
	}
	if len(keys) == 0 {
		return
	}
	p.Report(reports.Signal{
		ID:        "png.imagemagick-text",
		Direction: reports.DirEdit,
		Strength:  reports.StrengthWeak,
		Message:   "PNG re-saved by ImageMagick, a converter (date:create / date:modify keys)",
		Evidence:  map[string]any{"block": "PNG", "keys": keys, "offset": off, "editor": "ImageMagick", "family": string(software.Converter)},
		Explanation: "ImageMagick adds these keys to every PNG it writes, including plain format conversions, " +
			"so they show the file was re-saved by it, not that its content was edited.",
	})
}
