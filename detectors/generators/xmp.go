package generators

import (
	"strings"

	"github.com/provcheck/provcheck/provenance/software"

	"github.com/provcheck/provcheck/provenance/iptc"
	"github.com/provcheck/provcheck/provenance/xmp"
)

// fromXMP reads xmp:CreatorTool, xmpMM:History software agents, Draw
// Things' JSON in exif:UserComment and Midjourney's job description.
func fromXMP(r *reporter, packets []*xmp.Packet) {
	for pi, pk := range packets {
		if pk == nil {
			continue
		}
		tools := pk.Get(xmp.NSXMP, "CreatorTool")
		drawThings := false
		for _, v := range tools {
			if name, ok := software.KnownGenerator(v); ok {
				drawThings = drawThings || name == "Draw Things"
				if name == "Draw Things" {
					continue // reported with its parameters below
				}
				ev := map[string]any{"block": "XMP", "packet": pi, "property": "xmp:CreatorTool"}
				setValue(ev, v)
				r.declare("xmp.creator-tool-ai-generator", name, "xmp:CreatorTool names an AI generator: "+name,
					"xmp:CreatorTool names the program that created the file.", ev, Params{})
			}
		}
		for _, pr := range pk.Props {
			if pr.NS != xmp.NSStEvt || pr.Name != "softwareAgent" {
				continue
			}
			if name, ok := software.KnownGenerator(pr.Value); ok && !r.declared[name] {
				ev := map[string]any{"block": "XMP", "packet": pi, "property": pr.Path}
				setValue(ev, pr.Value)
				r.declare("xmp.history-ai-generator", name, "XMP history names an AI generator: "+name,
					"An xmpMM:History event records the program that acted on the file.", ev, Params{})
			}
		}
		if drawThings {
			ev := map[string]any{"block": "XMP", "packet": pi, "property": "xmp:CreatorTool", "value": "Draw Things"}
			var params Params
			for _, c := range pk.Get(xmp.NSEXIF, "UserComment") {
				if p, ok := drawThingsParams([]byte(c)); ok {
					params = p
					ev["parametersProperty"] = "exif:UserComment"
					break
				}
			}
			r.declare("xmp.drawthings", "Draw Things", "Draw Things generation metadata",
				"Draw Things names itself in xmp:CreatorTool and keeps its settings as JSON in exif:UserComment.", ev, params)
		}
		for _, d := range pk.Get(xmp.NSDC, "description") {
			pr, job, ok := parseMidjourney(d)
			if !ok {
				continue
			}
			ev := map[string]any{"block": "XMP", "packet": pi, "property": "dc:description", "jobID": job}
			if g := pk.Get(xmp.NSIptc4xmpExt, "DigImageGUID"); len(g) > 0 {
				ev["digImageGUID"] = truncate(g[0], 100)
				ev["guidMatchesJob"] = strings.EqualFold(strings.TrimSpace(g[0]), job)
			}
			r.declare("xmp.midjourney-description", "Midjourney", "Midjourney job description in XMP",
				"Midjourney web downloads carry the prompt and job ID; Iptc4xmpExt:DigImageGUID repeats the job ID.", ev, pr)
			break
		}
	}
}

// fromIPTC reads IPTC-IIM OriginatingProgram (2:65).
func fromIPTC(r *reporter, blocks [][]iptc.Dataset) {
	for bi, ds := range blocks {
		for _, d := range ds {
			if d.Record != 2 || d.ID != 65 {
				continue
			}
			if name, ok := software.KnownGenerator(d.Value); ok {
				ev := map[string]any{"block": "IPTC", "iptcBlock": bi, "dataset": "2:65 OriginatingProgram", "offset": d.Offset}
				setValue(ev, d.Value)
				r.declare("iptc.originating-program-ai-generator", name, "IPTC OriginatingProgram names an AI generator: "+name,
					"IPTC OriginatingProgram names the program that created the file.", ev, Params{})
			}
		}
	}
}
