package generators

import (
	"fmt"
	"strings"

	"github.com/provcheck/provcheck/provenance/genrecord"
	"github.com/provcheck/provcheck/provenance/software"

	"github.com/provcheck/provcheck/provenance/exif"
)

// IFD0 tags ComfyUI's WebP saver (and savers copying it) fill with
// "workflow:{…}" / "prompt:{…}", from Make downwards.
var comfyIFD0Tags = map[uint16]string{
	0x010D: "DocumentName",
	0x010E: "ImageDescription",
	0x010F: "Make",
	0x0110: "Model",
}

const (
	tagSoftware    = 0x0131
	tagUserComment = 0x9286
)

// fromEXIF reads IFD0 text fields and the UserComment of every EXIF block.
func fromEXIF(r *reporter, blocks []*exif.Data) {
	for bi, d := range blocks {
		if d == nil {
			continue
		}
		for _, f := range d.Fields {
			switch {
			case f.Tag == tagUserComment:
				userComment(r, bi, f)
			case f.Tag == tagSoftware && isIFD0(f.IFD):
				if name, ok := software.KnownGenerator(f.Value); ok {
					ev := exifEvidence(bi, f)
					setValue(ev, f.Value)
					r.declare("exif.software-ai-generator", name, "EXIF Software names an AI generator: "+name,
						"EXIF Software (IFD0 0x0131) names the program that wrote the file.", ev, Params{})
				}
			case isIFD0(f.IFD) && comfyIFD0Tags[f.Tag] != "":
				ifd0JSON(r, bi, f)
			}
		}
	}
}

func isIFD0(ifd string) bool { return ifd == "" || ifd == "IFD0" }

func exifEvidence(block int, f exif.Field) map[string]any {
	name := f.Name
	if name == "" {
		name = comfyIFD0Tags[f.Tag]
	}
	return map[string]any{"block": "EXIF", "exifBlock": block, "ifd": f.IFD, "field": name, "tag": fmt.Sprintf("0x%04X", f.Tag)}
}

// fieldText is a field's value; long ASCII fields may only be in Raw.
func fieldText(f exif.Field) string {
	if f.Value != "" {
		return f.Value
	}
	return strings.TrimRight(string(f.Raw), "\x00")
}

// ifd0JSON reads "workflow:{…}" and "prompt:{…}" (any case) in IFD0 text
// fields, and bare ComfyUI or SwarmUI JSON there.
func ifd0JSON(r *reporter, block int, f exif.Field) {
	v := strings.TrimSpace(fieldText(f))
	if v == "" || len(v) > maxJSON {
		return
	}
	prefix, body := "", v
	if i := strings.IndexByte(v, ':'); i > 0 && i <= 16 {
		switch p := strings.ToLower(v[:i]); p {
		case "workflow", "prompt":
			prefix, body = p, v[i+1:]
		}
	}
	if !startsObject([]byte(body)) {
		return
	}
	ev := exifEvidence(block, f)
	if prefix != "" {
		ev["prefix"] = v[:len(prefix)]
	}
	if g, ok := ParseComfyWorkflow([]byte(body)); ok {
		ev["nodes"] = g.Nodes
		r.declare("exif.comfyui-workflow", "ComfyUI", "ComfyUI workflow graph in EXIF "+ev["field"].(string),
			"ComfyUI's WebP saver stores the editor graph as \"workflow:\" + JSON in an IFD0 text field.", ev, comfyParams(g))
		return
	}
	if g, ok := ParseComfyPrompt([]byte(body)); ok {
		r.declare("exif.comfyui-prompt", "ComfyUI", "ComfyUI API graph in EXIF "+ev["field"].(string),
			"ComfyUI's WebP saver stores the API graph as \"prompt:\" + JSON in an IFD0 text field.", ev, comfyParams(g))
		return
	}
	if kind, pr := classifyJSON([]byte(body)); kind == kindSwarmUI {
		r.declare("exif.swarmui-parameters", "SwarmUI", "SwarmUI generation parameters in EXIF "+ev["field"].(string),
			"Older SwarmUI builds store their settings as JSON in an IFD0 field.", ev, pr)
	}
}

// userComment reads EXIF UserComment: A1111 infotext (UNICODE prefix,
// UTF-16BE), Fooocus, SwarmUI, Easy Diffusion or ComfyUI JSON.
func userComment(r *reporter, block int, f exif.Field) {
	text, charset := "", ""
	if len(f.Raw) > 0 {
		text, charset = exif.UserComment(f.Raw)
	}
	if text == "" {
		text = f.Value
	}
	text = strings.TrimRight(text, "\x00")
	if strings.TrimSpace(text) == "" {
		return
	}
	ev := exifEvidence(block, f)
	if charset != "" {
		ev["charset"] = charset
	}
	if it, ok := genrecord.ParseInfotext(text); ok {
		r.declare("exif.a1111-usercomment", "AUTOMATIC1111", "AUTOMATIC1111/Forge generation parameters in EXIF UserComment",
			"AUTOMATIC1111's webui writes its infotext into EXIF UserComment of JPEG and WebP files.", ev, infotextParams(it))
		return
	}
	switch kind, pr := classifyJSON([]byte(text)); kind {
	case kindFooocus:
		r.declare("exif.fooocus-usercomment", "Fooocus", "Fooocus generation parameters in EXIF UserComment",
			"Fooocus writes its settings as JSON into EXIF UserComment.", ev, pr)
	case kindSwarmUI:
		r.declare("exif.swarmui-usercomment", "SwarmUI", "SwarmUI generation parameters in EXIF UserComment",
			"SwarmUI writes its settings as JSON under sui_image_params into EXIF UserComment.", ev, pr)
	case kindEasyDiffusion:
		r.declare("exif.easydiffusion-usercomment", "Easy Diffusion", "Easy Diffusion generation parameters in EXIF UserComment",
			"Easy Diffusion writes its settings as JSON into EXIF UserComment.", ev, pr)
	case kindComfyPrompt:
		r.declare("exif.comfyui-usercomment", "ComfyUI", "ComfyUI API graph in EXIF UserComment",
			"A ComfyUI node graph was saved in EXIF UserComment.", ev, pr)
	}
}
