package generators

import (
	"encoding/json"
	"strings"
	"unicode/utf8"

	"github.com/provcheck/provcheck/provenance/genrecord"
)

// Params are the generation settings a declaration carries, as text. Empty
// fields were not found.
type Params struct {
	Generator string // the tool and version as written ("Fooocus v2.5.5", "v1.9.4")
	Model     string
	Prompt    string
	Negative  string
	Seed      string
	Steps     string
	Sampler   string
	CFG       string
}

// maxEvidence is how much of a long value (prompt, JSON) goes into evidence.
const maxEvidence = 300

// addTo writes the non-empty parameters into a signal's evidence.
func (pr Params) addTo(ev map[string]any) {
	set := func(k, v string) {
		if v != "" {
			ev[k] = v
		}
	}
	set("generatorVersion", pr.Generator)
	set("model", truncate(pr.Model, 200))
	set("seed", pr.Seed)
	set("steps", pr.Steps)
	set("sampler", pr.Sampler)
	set("cfgScale", pr.CFG)
	if pr.Prompt != "" {
		ev["prompt"] = truncate(pr.Prompt, maxEvidence)
		if len(pr.Prompt) > maxEvidence {
			ev["promptTruncated"] = true
		}
	}
	if pr.Negative != "" {
		ev["negativePrompt"] = truncate(pr.Negative, maxEvidence)
		if len(pr.Negative) > maxEvidence {
			ev["negativePromptTruncated"] = true
		}
	}
}

// truncate cuts s to at most n bytes on a rune boundary.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	s = s[:n]
	for len(s) > 0 && !utf8.ValidString(s) {
		s = s[:len(s)-1]
	}
	return s
}

// setValue puts a field's value into evidence, truncated, with a flag.
func setValue(ev map[string]any, v string) {
	ev["value"] = truncate(v, maxEvidence)
	if len(v) > maxEvidence {
		ev["valueTruncated"] = true
		ev["valueLength"] = len(v)
	}
}

// infotextParams maps an infotext's pairs onto Params.
func infotextParams(it genrecord.Infotext) Params {
	model := it.Get("Model")
	if model == "" {
		model = it.Get("Model hash")
	}
	return Params{
		Generator: it.Get("Version"),
		Model:     model,
		Prompt:    it.Prompt,
		Negative:  it.Negative,
		Seed:      it.Get("Seed"),
		Steps:     it.Get("Steps"),
		Sampler:   it.Get("Sampler"),
		CFG:       it.Get("CFG scale"),
	}
}

// comfyParams maps a ComfyUI graph onto Params.
func comfyParams(g ComfyGraph) Params {
	return Params{
		Model:   strings.Join(g.Models, ", "),
		Prompt:  g.Prompt,
		Seed:    g.Seed,
		Steps:   g.Steps,
		Sampler: g.Sampler,
	}
}

// jsonKind names the generator whose JSON record obj is, by the keys each
// one writes, or "" if none fits.
type jsonKind string

const (
	kindFooocus       jsonKind = "fooocus"
	kindSwarmUI       jsonKind = "swarmui"
	kindEasyDiffusion jsonKind = "easydiffusion"
	kindComfyPrompt   jsonKind = "comfyui"
)

// classifyJSON recognises the JSON records generators put in a
// `parameters` text key or an EXIF UserComment.
func classifyJSON(data []byte) (jsonKind, Params) {
	obj, ok := decodeObject(data)
	if !ok {
		return "", Params{}
	}
	if raw, ok := obj["sui_image_params"]; ok {
		var sui map[string]json.RawMessage
		if json.Unmarshal(raw, &sui) == nil && sui != nil {
			return kindSwarmUI, Params{
				Generator: firstScalar(sui, "swarm_version"),
				Model:     firstScalar(sui, "model"),
				Prompt:    firstScalar(sui, "prompt"),
				Negative:  firstScalar(sui, "negativeprompt"),
				Seed:      firstScalar(sui, "seed"),
				Steps:     firstScalar(sui, "steps"),
				Sampler:   firstScalar(sui, "sampler"),
				CFG:       firstScalar(sui, "cfgscale"),
			}
		}
	}
	version := firstScalar(obj, "version")
	_, hasPrompt := obj["prompt"]
	_, hasBase := obj["base_model"]
	if hasPrompt && (hasBase || strings.HasPrefix(version, "Fooocus")) {
		return kindFooocus, Params{
			Generator: version,
			Model:     firstScalar(obj, "base_model"),
			Prompt:    firstScalar(obj, "prompt", "full_prompt"),
			Negative:  firstScalar(obj, "negative_prompt"),
			Seed:      firstScalar(obj, "seed"),
			Steps:     firstScalar(obj, "steps"),
			Sampler:   firstScalar(obj, "sampler"),
			CFG:       firstScalar(obj, "guidance_scale"),
		}
	}
	_, hasModel := obj["use_stable_diffusion_model"]
	_, hasSteps := obj["num_inference_steps"]
	if hasPrompt && (hasModel || hasSteps) {
		return kindEasyDiffusion, Params{
			Model:    firstScalar(obj, "use_stable_diffusion_model"),
			Prompt:   firstScalar(obj, "prompt"),
			Negative: firstScalar(obj, "negative_prompt"),
			Seed:     firstScalar(obj, "seed"),
			Steps:    firstScalar(obj, "num_inference_steps"),
			Sampler:  firstScalar(obj, "sampler_name"),
			CFG:      firstScalar(obj, "guidance_scale"),
		}
	}
	if g, ok := ParseComfyPrompt(data); ok {
		return kindComfyPrompt, comfyParams(g)
	}
	return "", Params{}
}

// invokeAIParams reads InvokeAI 3+ `invokeai_metadata`.
func invokeAIParams(obj map[string]json.RawMessage) Params {
	pr := Params{
		Generator: firstScalar(obj, "app_version"),
		Prompt:    firstScalar(obj, "positive_prompt"),
		Negative:  firstScalar(obj, "negative_prompt"),
		Seed:      firstScalar(obj, "seed"),
		Steps:     firstScalar(obj, "steps"),
		Sampler:   firstScalar(obj, "scheduler"),
		CFG:       firstScalar(obj, "cfg_scale"),
	}
	pr.Model = modelName(obj["model"])
	return pr
}

// modelName reads a model given as a string or as {"name"|"model_name": …}.
func modelName(raw json.RawMessage) string {
	if s := jsonScalar(raw); s != "" {
		return s
	}
	var m map[string]json.RawMessage
	if json.Unmarshal(raw, &m) != nil {
		return ""
	}
	return firstScalar(m, "name", "model_name", "key")
}

// sdMetadataParams reads InvokeAI 2.x `sd-metadata`.
func sdMetadataParams(obj map[string]json.RawMessage) Params {
	pr := Params{
		Generator: firstScalar(obj, "app_version"),
		Model:     firstScalar(obj, "model_weights", "model"),
	}
	var img map[string]json.RawMessage
	if json.Unmarshal(obj["image"], &img) == nil && img != nil {
		pr.Seed = firstScalar(img, "seed")
		pr.Steps = firstScalar(img, "steps")
		pr.Sampler = firstScalar(img, "sampler")
		pr.CFG = firstScalar(img, "cfg_scale")
		pr.Prompt = firstScalar(img, "prompt")
		if pr.Prompt == "" {
			// 2.x writes [{"prompt": "…", "weight": 1}].
			var parts []map[string]json.RawMessage
			if json.Unmarshal(img["prompt"], &parts) == nil && len(parts) > 0 {
				pr.Prompt = firstScalar(parts[0], "prompt")
			}
		}
	}
	return pr
}

// novelAICommentParams reads the JSON of NovelAI's Comment key.
func novelAICommentParams(data []byte) (Params, bool) {
	obj, ok := decodeObject(data)
	if !ok {
		return Params{}, false
	}
	pr := Params{
		Seed:     firstScalar(obj, "seed"),
		Steps:    firstScalar(obj, "steps"),
		Sampler:  firstScalar(obj, "sampler"),
		CFG:      firstScalar(obj, "scale"),
		Negative: firstScalar(obj, "uc"),
		Prompt:   firstScalar(obj, "prompt"),
	}
	return pr, pr.Seed != "" || pr.Steps != "" || pr.Sampler != ""
}

// drawThingsParams reads the JSON Draw Things keeps in exif:UserComment.
func drawThingsParams(data []byte) (Params, bool) {
	obj, ok := decodeObject(data)
	if !ok {
		return Params{}, false
	}
	pr := Params{
		Model:    firstScalar(obj, "model"),
		Prompt:   firstScalar(obj, "c"),
		Negative: firstScalar(obj, "uc"),
		Seed:     firstScalar(obj, "seed"),
		Steps:    firstScalar(obj, "steps"),
		Sampler:  firstScalar(obj, "sampler"),
		CFG:      firstScalar(obj, "scale"),
	}
	return pr, pr.Prompt != "" || pr.Model != "" || pr.Seed != ""
}
