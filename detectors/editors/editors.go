// Package editors reports non-AI editing software named in a file's
// software fields: EXIF Software, xmp:CreatorTool, XMP history, IPTC
// OriginatingProgram and PNG Software, plus ImageMagick's PNG date keys.
// A whitelist of editor names decides; camera firmware and vendor import
// tools in the same fields are not editing.
package editors

import (
	"context"
	"fmt"
	"strings"

	"github.com/provcheck/provcheck/detectors"
	"github.com/provcheck/provcheck/provenance/container"
	"github.com/provcheck/provcheck/provenance/exif"
	"github.com/provcheck/provcheck/provenance/iptc"
	"github.com/provcheck/provcheck/provenance/xmp"
	"github.com/provcheck/provcheck/reports"
)

// Detector is the editors detector.
var Detector = &detectors.Detector{
	Name: "editors",
	Doc: "Non-AI editing software (GIMP, Photoshop, Lightroom, Capture One, ImageMagick…) named in EXIF Software, " +
		"xmp:CreatorTool, xmpMM:History, photoshop:History, IPTC OriginatingProgram or PNG Software. One signal " +
		"per editor; camera firmware and vendor import tools are not editors.",
	Version: 1,
	Media:   []string{"image/*"},
	Run:     run,
}

const maxValue = 300

// finding is one place an editor was named.
type finding struct {
	id       string
	editor   string
	message  string
	evidence map[string]any
}

func run(ctx context.Context, p *detectors.Pass) error {
	if p.Inv == nil {
		return nil
	}
	var fs []finding
	fs = append(fs, fromText(p.Inv.Text)...)
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
	report(p, fs)
	imageMagickText(p, p.Inv.Text)
	return nil
}

// report emits one signal per distinct editor, from its first finding;
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
		if a := also[name]; len(a) > 0 {
			f.evidence["alsoIn"] = a
		}
		p.Report(reports.Signal{
			ID:        f.id,
			Direction: reports.DirEdit,
			Strength:  reports.StrengthModerate,
			Message:   f.message + ": " + name,
			Evidence:  f.evidence,
			Explanation: "A software field names an editing program, so the file was saved by it after capture or " +
				"generation. It says nothing about what was changed, and software fields are easy to rewrite; " +
				"compare with the camera fields and look at the pixels.",
		})
	}
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

func fromText(entries []container.TextEntry) []finding {
	var out []finding
	for _, t := range entries {
		if t.Key != "Software" || (t.Source != "tEXt" && t.Source != "zTXt" && t.Source != "iTXt") {
			continue
		}
		if name, ok := KnownEditor(t.Value); ok {
			ev := map[string]any{"block": "PNG", "chunk": t.Source, "key": t.Key, "offset": t.Offset}
			setValue(ev, t.Value)
			out = append(out, finding{"png.software-editor", name, "PNG Software names an editor", ev})
		}
	}
	return out
}

const (
	tagProcessingSoftware = 0x000B
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
			id, field := "", ""
			switch f.Tag {
			case tagSoftware:
				id, field = "exif.software-editor", "Software"
			case tagProcessingSoftware:
				id, field = "exif.processing-software-editor", "ProcessingSoftware"
			default:
				continue
			}
			if name, ok := KnownEditor(f.Value); ok {
				ev := map[string]any{"block": "EXIF", "exifBlock": bi, "ifd": "IFD0", "field": field, "tag": fmt.Sprintf("0x%04X", f.Tag)}
				setValue(ev, f.Value)
				out = append(out, finding{id, name, "EXIF " + field + " names an editor", ev})
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
			if name, ok := KnownEditor(v); ok {
				ev := map[string]any{"block": "XMP", "packet": pi, "property": "xmp:CreatorTool"}
				setValue(ev, v)
				out = append(out, finding{"xmp.creator-tool-editor", name, "xmp:CreatorTool names an editor", ev})
			}
		}
		out = append(out, xmpHistory(pi, pk)...)
		for _, v := range pk.Get(xmp.NSPhotoshop, "History") {
			if strings.TrimSpace(v) == "" {
				continue
			}
			// Only Photoshop writes its history log here.
			ev := map[string]any{"block": "XMP", "packet": pi, "property": "photoshop:History"}
			setValue(ev, v)
			out = append(out, finding{"xmp.photoshop-history", "Adobe Photoshop", "photoshop:History records Photoshop edits", ev})
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
		name, ok := KnownEditor(pr.Value)
		if !ok {
			continue
		}
		ev := map[string]any{"block": "XMP", "packet": pi, "property": pr.Path}
		if pr.Path == "" {
			ev["property"] = "stEvt:softwareAgent"
		}
		setValue(ev, pr.Value)
		if a := actions[parentPath(pr.Path)]; a != "" {
			ev["action"] = a
		}
		out = append(out, finding{"xmp.history-editor", name, "XMP history names an editor", ev})
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
			if name, ok := KnownEditor(d.Value); ok {
				ev := map[string]any{"block": "IPTC", "iptcBlock": bi, "dataset": "2:65 OriginatingProgram", "offset": d.Offset}
				setValue(ev, d.Value)
				out = append(out, finding{"iptc.originating-program-editor", name, "IPTC OriginatingProgram names an editor", ev})
			}
		}
	}
	return out
}

// imageMagickText notes ImageMagick's date:create / date:modify PNG keys.
// ImageMagick writes them on every PNG it saves, conversions and batch
// resizes included, so they show processing, not editing: the signal is
// information only and does not make a file "edited".
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
		Direction: reports.DirInfo,
		Strength:  reports.StrengthInfo,
		Message:   "PNG written by ImageMagick (date:create / date:modify keys)",
		Evidence:  map[string]any{"block": "PNG", "keys": keys, "offset": off, "editor": "ImageMagick"},
		Explanation: "ImageMagick adds these keys to every PNG it writes, including plain format conversions, " +
			"so they show the file was processed by it, not that its content was edited.",
	})
}
