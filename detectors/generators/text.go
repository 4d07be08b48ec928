package generators

import (
	"regexp"
	"strings"

	"github.com/provcheck/provcheck/provenance/genrecord"
	"github.com/provcheck/provcheck/provenance/software"

	"github.com/provcheck/provcheck/provenance/container"
	"github.com/provcheck/provcheck/reports"
)

// fromText reads PNG text chunks (tEXt, zTXt, iTXt, ComfyUI's comf), GIF
// comments and JPEG COM segments.
func fromText(r *reporter, entries []container.TextEntry) {
	byKey := map[string]container.TextEntry{}
	for _, t := range entries {
		switch t.Source {
		case "gif:comment", "COM":
			commentInfotext(r, t)
			continue
		case "tEXt", "zTXt", "iTXt", "comf":
		default:
			continue
		}
		if _, ok := byKey[t.Key]; !ok {
			byKey[t.Key] = t
		}
		switch t.Key {
		case "parameters":
			pngParameters(r, t)
		case "fooocus_scheme":
			if v := strings.TrimSpace(t.Value); v == "fooocus" || v == "a1111" {
				r.declare("png.fooocus-scheme", "Fooocus", "Fooocus metadata scheme key",
					"Fooocus writes the fooocus_scheme text key next to its parameters.", textEvidence(t), Params{})
			}
		case "prompt":
			if g, ok := ParseComfyPrompt([]byte(t.Value)); ok {
				r.declare("png.comfyui-prompt", "ComfyUI", "ComfyUI API graph (prompt)",
					"ComfyUI saves the node graph that produced the image, with model files, seed and prompt text.",
					textEvidence(t), comfyParams(g))
			}
		case "workflow":
			g, ok := ParseComfyWorkflow([]byte(t.Value))
			if !ok {
				g, ok = ParseComfyPrompt([]byte(t.Value))
			}
			if ok {
				ev := textEvidence(t)
				ev["nodes"] = g.Nodes
				r.declare("png.comfyui-workflow", "ComfyUI", "ComfyUI workflow graph",
					"ComfyUI saves its editor graph next to the image. A screenshot-like picture of the graph itself "+
						"carries it too; check that the pixels are an output, not the interface.", ev, comfyParams(g))
			}
		case "invokeai_metadata":
			if obj, ok := decodeObject([]byte(t.Value)); ok {
				r.declare("png.invokeai-metadata", "InvokeAI", "InvokeAI generation metadata",
					"InvokeAI 3 and later save the generation settings as JSON.", textEvidence(t), invokeAIParams(obj))
			}
		case "invokeai_workflow", "invokeai_graph":
			if _, ok := decodeObject([]byte(t.Value)); ok {
				r.declare("png."+strings.ReplaceAll(t.Key, "_", "-"), "InvokeAI", "InvokeAI "+strings.TrimPrefix(t.Key, "invokeai_"),
					"InvokeAI 3 and later save the node graph that produced the image.", textEvidence(t), Params{})
			}
		case "sd-metadata":
			if obj, ok := decodeObject([]byte(t.Value)); ok {
				r.declare("png.invokeai-sd-metadata", "InvokeAI", "InvokeAI 2.x generation metadata (sd-metadata)",
					"InvokeAI 2.x saves the generation settings as JSON.", textEvidence(t), sdMetadataParams(obj))
			}
		case "Dream":
			if pr, ok := parseDream(t.Value); ok {
				r.declare("png.invokeai-dream", "InvokeAI", "InvokeAI dream command (Dream)",
					"InvokeAI's early dream.py saves the command line that produced the image.", textEvidence(t), pr)
			}
		case "Description":
			if pr, job, ok := parseMidjourney(t.Value); ok {
				ev := textEvidence(t)
				ev["jobID"] = job
				if a, ok := byKeyOrScan(entries, "Author"); ok {
					ev["author"] = truncate(a.Value, 100)
				}
				r.declare("png.midjourney-description", "Midjourney", "Midjourney job description",
					"Midjourney web downloads carry the prompt, its parameters and the job ID in Description.", ev, pr)
			}
		}
	}
	novelAI(r, byKey)
	easyDiffusionText(r, byKey)
	if t, ok := byKey["Software"]; ok {
		if name, ok := software.KnownGenerator(t.Value); ok && !r.declared[name] {
			ev := textEvidence(t)
			setValue(ev, t.Value)
			r.declare("png.software-ai-generator", name, "PNG Software names an AI generator: "+name,
				"The PNG Software text key names the program that wrote the file.", ev, Params{})
		}
	}
}

func byKeyOrScan(entries []container.TextEntry, key string) (container.TextEntry, bool) {
	for _, t := range entries {
		if t.Key == key {
			return t, true
		}
	}
	return container.TextEntry{}, false
}

// textEvidence says where a text entry sits.
func textEvidence(t container.TextEntry) map[string]any {
	ev := map[string]any{"chunk": t.Source, "key": t.Key, "offset": t.Offset, "length": len(t.Value)}
	if t.Truncated {
		ev["valueCutAtLimit"] = true
	}
	return ev
}

// pngParameters reads the `parameters` key: A1111/Forge infotext, Fooocus
// or SwarmUI JSON. The key name is generic, so an unrecognised value is
// only a strong hint.
func pngParameters(r *reporter, t container.TextEntry) {
	if strings.TrimSpace(t.Value) == "" {
		return
	}
	ev := textEvidence(t)
	if it, ok := genrecord.ParseInfotext(t.Value); ok {
		r.declare("png.a1111-parameters", "AUTOMATIC1111", "AUTOMATIC1111/Forge generation parameters (infotext)",
			"AUTOMATIC1111's webui and its forks save the prompt and settings as an infotext in the parameters key.",
			ev, infotextParams(it))
		return
	}
	switch kind, pr := classifyJSON([]byte(t.Value)); kind {
	case kindFooocus:
		r.declare("png.fooocus-parameters", "Fooocus", "Fooocus generation parameters",
			"Fooocus saves its settings as JSON in the parameters key.", ev, pr)
		return
	case kindSwarmUI:
		r.declare("png.swarmui-parameters", "SwarmUI", "SwarmUI generation parameters",
			"SwarmUI saves its settings as JSON under sui_image_params in the parameters key.", ev, pr)
		return
	case kindEasyDiffusion:
		r.declare("png.easydiffusion-parameters", "Easy Diffusion", "Easy Diffusion generation parameters",
			"Easy Diffusion saves its settings as JSON.", ev, pr)
		return
	case kindComfyPrompt:
		r.declare("png.comfyui-prompt", "ComfyUI", "ComfyUI API graph in parameters",
			"A ComfyUI node graph was saved under the parameters key.", ev, pr)
		return
	}
	setValue(ev, t.Value)
	r.emit("png.parameters-text", "", reports.StrengthStrong, "PNG text key \"parameters\" with an unrecognised value",
		"Stable Diffusion front ends save generation settings under the parameters key, but the value does not "+
			"have the structure of a known generator; read it to judge.", ev, Params{})
}

// commentInfotext reads a GIF comment or JPEG COM segment holding an infotext.
func commentInfotext(r *reporter, t container.TextEntry) {
	it, ok := genrecord.ParseInfotext(t.Value)
	if !ok {
		return
	}
	id := "gif.a1111-comment"
	if t.Source == "COM" {
		id = "jpeg.a1111-comment"
	}
	r.declare(id, "AUTOMATIC1111", "AUTOMATIC1111/Forge generation parameters in a comment",
		"AUTOMATIC1111's webui writes its infotext into the GIF comment.", textEvidence(t), infotextParams(it))
}

// novelAI reads NovelAI's PNG keys: Software "NovelAI", Title "AI generated
// image", Source (model), Description (prompt), Comment (JSON settings).
func novelAI(r *reporter, byKey map[string]container.TextEntry) {
	sw, hasSW := byKey["Software"]
	title, hasTitle := byKey["Title"]
	src := byKey["Source"]
	isSW := hasSW && strings.TrimSpace(sw.Value) == "NovelAI"
	isTitle := hasTitle && strings.TrimSpace(title.Value) == "AI generated image"
	isSource := strings.HasPrefix(src.Value, "Stable Diffusion ") || strings.HasPrefix(src.Value, "NovelAI Diffusion")
	if !isSW && !(isTitle && isSource) {
		return
	}
	anchor := sw
	if !isSW {
		anchor = title
	}
	ev := textEvidence(anchor)
	var keys []string
	for _, k := range []string{"Software", "Title", "Source", "Description", "Comment"} {
		if _, ok := byKey[k]; ok {
			keys = append(keys, k)
		}
	}
	ev["keys"] = keys
	pr, _ := novelAICommentParams([]byte(byKey["Comment"].Value))
	pr.Model = src.Value
	if d, ok := byKey["Description"]; ok {
		pr.Prompt = d.Value
	}
	r.declare("png.novelai", "NovelAI", "NovelAI generation metadata",
		"NovelAI saves Software \"NovelAI\", Title \"AI generated image\", the model in Source, the prompt in "+
			"Description and the settings as JSON in Comment.", ev, pr)
}

// easyDiffusionText reads Easy Diffusion's PNG keys: a plain-text prompt
// together with a negative prompt key.
func easyDiffusionText(r *reporter, byKey map[string]container.TextEntry) {
	p, ok := byKey["prompt"]
	if !ok || strings.TrimSpace(p.Value) == "" || startsObject([]byte(p.Value)) {
		return
	}
	neg, ok := byKey["negative_prompt"]
	if !ok {
		if neg, ok = byKey["Negative Prompt"]; !ok {
			return
		}
	}
	pick := func(keys ...string) string {
		for _, k := range keys {
			if t, ok := byKey[k]; ok {
				return truncate(t.Value, 200)
			}
		}
		return ""
	}
	pr := Params{
		Prompt:   p.Value,
		Negative: neg.Value,
		Model:    pick("use_stable_diffusion_model", "Stable Diffusion model"),
		Seed:     pick("seed", "Seed"),
		Steps:    pick("num_inference_steps", "Steps"),
		Sampler:  pick("sampler_name", "Sampler"),
	}
	r.declare("png.easydiffusion-prompt", "Easy Diffusion", "Easy Diffusion generation parameters",
		"Easy Diffusion saves the prompt, negative prompt and settings as separate PNG text keys.", textEvidence(p), pr)
}

var (
	mjJobRE     = regexp.MustCompile(`Job ID: ([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})`)
	mjVersionRE = regexp.MustCompile(`--(v|version|niji) ([0-9.]+)`)
)

// parseMidjourney reads "<prompt> --ar 2:1 --v 6 Job ID: <uuid>".
func parseMidjourney(s string) (Params, string, bool) {
	if len(s) > genrecord.MaxRecord {
		return Params{}, "", false
	}
	m := mjJobRE.FindStringSubmatchIndex(s)
	if m == nil {
		return Params{}, "", false
	}
	job := s[m[2]:m[3]]
	prompt := s[:m[0]]
	if i := strings.Index(prompt, " --"); i >= 0 {
		prompt = prompt[:i]
	}
	pr := Params{Prompt: strings.TrimSpace(prompt)}
	if v := mjVersionRE.FindStringSubmatch(s[:m[0]]); v != nil {
		pr.Model = v[1] + " " + v[2]
	}
	return pr, job, true
}

var dreamFlagRE = regexp.MustCompile(`(?:^|\s)-([sSWHCA])\s*(\S+)`)

// parseDream reads InvokeAI 1.x `"prompt" -s 50 -S 12345 -W 512 -H 512 -C
// 7.5 -A k_lms`: a quoted prompt followed by at least a step or seed flag.
func parseDream(s string) (Params, bool) {
	s = strings.TrimSpace(s)
	if len(s) > genrecord.MaxRecord || !strings.HasPrefix(s, `"`) {
		return Params{}, false
	}
	end, ok := genrecord.ClosingQuote(s, 1)
	if !ok {
		return Params{}, false
	}
	pr := Params{Prompt: s[1:end]}
	for _, m := range dreamFlagRE.FindAllStringSubmatch(s[end+1:], 32) {
		switch m[1] {
		case "s":
			pr.Steps = m[2]
		case "S":
			pr.Seed = m[2]
		case "A":
			pr.Sampler = m[2]
		case "C":
			pr.CFG = m[2]
		}
	}
	return pr, pr.Steps != "" || pr.Seed != ""
}
