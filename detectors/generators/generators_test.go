package generators

import (
	"encoding/binary"
	"slices"
	"testing"
	"unicode/utf16"

	"github.com/provcheck/provcheck/detectors"
	"github.com/provcheck/provcheck/provenance/container"
	"github.com/provcheck/provcheck/provenance/exif"
	"github.com/provcheck/provcheck/provenance/iptc"
	"github.com/provcheck/provcheck/provenance/xmp"
	"github.com/provcheck/provcheck/reports"
)

// input is what a hand-built Pass exposes.
type input struct {
	text []container.TextEntry
	exif []*exif.Data
	xmp  []*xmp.Packet
	iptc [][]iptc.Dataset
}

func runOn(t *testing.T, in input) []reports.Signal {
	t.Helper()
	var got []reports.Signal
	p := &detectors.Pass{
		File:   &detectors.File{Path: "test", MediaType: "image/png"},
		Inv:    &container.Inventory{Text: in.text},
		EXIF:   func() []*exif.Data { return in.exif },
		XMP:    func() []*xmp.Packet { return in.xmp },
		IPTC:   func() [][]iptc.Dataset { return in.iptc },
		Report: func(s reports.Signal) { got = append(got, s) },
		Warn:   func(string, string) {},
	}
	if err := Detector.Run(t.Context(), p); err != nil {
		t.Fatal(err)
	}
	return got
}

func png(key, value string) container.TextEntry {
	return container.TextEntry{Source: "tEXt", Key: key, Value: value, Offset: 33}
}

func exifData(fields ...exif.Field) []*exif.Data { return []*exif.Data{{Fields: fields}} }

func ifd0(tag uint16, name, value string) exif.Field {
	return exif.Field{IFD: "IFD0", Tag: tag, Name: name, Value: value, Raw: []byte(value + "\x00")}
}

// unicodeComment is a UserComment as piexif writes it: "UNICODE\0" and UTF-16BE.
func unicodeComment(s string) exif.Field {
	raw := []byte("UNICODE\x00")
	for _, u := range utf16.Encode([]rune(s)) {
		raw = binary.BigEndian.AppendUint16(raw, u)
	}
	return exif.Field{IFD: "Exif", Tag: 0x9286, Name: "UserComment", Raw: raw}
}

func asciiComment(s string) exif.Field {
	return exif.Field{IFD: "Exif", Tag: 0x9286, Name: "UserComment", Raw: []byte(s), Value: s}
}

func packet(props ...xmp.Property) []*xmp.Packet { return []*xmp.Packet{{Props: props}} }

const (
	a1111Infotext = "photo of a duck\nNegative prompt: monochrome\nSteps: 15, Sampler: UniPC, CFG scale: 5, Seed: 235284042, " +
		"Size: 512x400, Model hash: c0d1994c73, Model: realistic_realisticVisionV20_v20, Version: v1.9.4"
	comfyPrompt = `{"3": {"inputs": {"seed": 156680208700286, "steps": 20, "cfg": 8.0, "sampler_name": "euler",
		"model": ["4", 0], "positive": ["6", 0], "negative": ["7", 0]}, "class_type": "KSampler"},
		"4": {"inputs": {"ckpt_name": "v1-5-pruned-emaonly.safetensors"}, "class_type": "CheckpointLoaderSimple"},
		"7": {"inputs": {"text": "bad hands", "clip": ["4", 1]}, "class_type": "CLIPTextEncode"},
		"6": {"inputs": {"text": "a bottle of wine", "clip": ["4", 1]}, "class_type": "CLIPTextEncode"}}`
	comfyWorkflow = `{"last_node_id": 9, "last_link_id": 9, "nodes": [{"id": 4, "type": "CheckpointLoaderSimple",
		"widgets_values": ["sd_xl_base_1.0.safetensors"]}, {"id": 3, "type": "KSampler", "widgets_values": [1, "fixed"]}],
		"links": [[1, 4, 0, 3, 0, "MODEL"]], "version": 0.4}`
	fooocusJSON = `{"prompt": "a cat", "negative_prompt": "", "base_model": "juggernautXL_v8Rundiffusion.safetensors",
		"steps": 30, "sampler": "dpmpp_2m_sde_gpu", "seed": "1234", "version": "Fooocus v2.5.5"}`
	swarmJSON    = `{"sui_image_params": {"prompt": "a dog", "model": "flux1-dev", "seed": 42, "steps": 20, "swarm_version": "0.9.2"}}`
	invokeJSON   = `{"generation_mode": "sdxl_txt2img", "positive_prompt": "oil painting", "seed": 3293022630, "steps": 35, "scheduler": "euler", "model": {"name": "juggernautXL", "base": "sdxl"}, "app_version": "3.4.0"}`
	sdMetadata   = `{"model": "stable diffusion", "model_weights": "stable-diffusion-1.5", "app_id": "invoke-ai/InvokeAI", "app_version": "2.3.0", "image": {"prompt": [{"prompt": "a castle", "weight": 1}], "steps": 50, "seed": 42, "sampler": "k_lms"}}`
	novelComment = `{"steps": 50, "sampler": "k_euler_ancestral", "seed": 2253955223, "strength": 0.4, "noise": 0.0, "scale": 10.0, "uc": "lowres"}`
	mjDesc       = "a lighthouse at dusk --ar 2:1 --stylize 80 --v 6 Job ID: a7421d2f-b262-44f9-977c-ac23e9c7d3e3"
)

func TestDetector(t *testing.T) {
	tests := []struct {
		name string
		in   input
		// want maps each expected signal ID to evidence entries it must carry.
		want map[string]map[string]any
		// strength is the expected strength of every signal (declared unless set).
		strength reports.Strength
	}{
		{
			name: "a1111 parameters",
			in:   input{text: []container.TextEntry{png("parameters", a1111Infotext)}},
			want: map[string]map[string]any{"png.a1111-parameters": {
				"key": "parameters", "chunk": "tEXt", "seed": "235284042", "steps": "15", "sampler": "UniPC",
				"model": "realistic_realisticVisionV20_v20", "prompt": "photo of a duck", "negativePrompt": "monochrome",
				"generatorVersion": "v1.9.4", "cfgScale": "5",
			}},
		},
		{
			name:     "parameters with random text is only strong",
			in:       input{text: []container.TextEntry{png("parameters", "quality=high; owner=bob")}},
			want:     map[string]map[string]any{"png.parameters-text": {"value": "quality=high; owner=bob"}},
			strength: reports.StrengthStrong,
		},
		{
			name: "empty parameters",
			in:   input{text: []container.TextEntry{png("parameters", "  ")}},
		},
		{
			name: "fooocus json",
			in:   input{text: []container.TextEntry{png("parameters", fooocusJSON), png("fooocus_scheme", "fooocus")}},
			want: map[string]map[string]any{
				"png.fooocus-parameters": {"generatorVersion": "Fooocus v2.5.5", "seed": "1234", "steps": "30", "prompt": "a cat"},
				"png.fooocus-scheme":     {"key": "fooocus_scheme"},
			},
		},
		{
			name: "swarmui json",
			in:   input{text: []container.TextEntry{png("parameters", swarmJSON)}},
			want: map[string]map[string]any{"png.swarmui-parameters": {"model": "flux1-dev", "seed": "42", "generatorVersion": "0.9.2"}},
		},
		{
			name: "comfyui prompt and workflow",
			in:   input{text: []container.TextEntry{png("prompt", comfyPrompt), png("workflow", comfyWorkflow)}},
			want: map[string]map[string]any{
				"png.comfyui-prompt": {"model": "v1-5-pruned-emaonly.safetensors", "seed": "156680208700286",
					"steps": "20", "sampler": "euler", "prompt": "a bottle of wine"},
				"png.comfyui-workflow": {"model": "sd_xl_base_1.0.safetensors", "nodes": 2},
			},
		},
		{
			name: "comfyui comf chunk",
			in:   input{text: []container.TextEntry{{Source: "comf", Key: "workflow", Value: comfyWorkflow, Offset: 99}}},
			want: map[string]map[string]any{"png.comfyui-workflow": {"chunk": "comf", "offset": int64(99)}},
		},
		{
			name: "prompt json of another shape",
			in:   input{text: []container.TextEntry{png("prompt", `{"a": 1, "b": {"inputs": {}}}`), png("workflow", `{"nodes": []}`)}},
		},
		{
			name: "easy diffusion text keys",
			in: input{text: []container.TextEntry{png("prompt", "a red fox"), png("negative_prompt", "blurry"),
				png("seed", "77"), png("use_stable_diffusion_model", "sd-v1-4")}},
			want: map[string]map[string]any{"png.easydiffusion-prompt": {"prompt": "a red fox", "negativePrompt": "blurry", "seed": "77", "model": "sd-v1-4"}},
		},
		{
			name: "plain prompt alone",
			in:   input{text: []container.TextEntry{png("prompt", "a red fox")}},
		},
		{
			name: "invokeai metadata",
			in:   input{text: []container.TextEntry{png("invokeai_metadata", invokeJSON), png("invokeai_graph", `{"id": "g", "nodes": {}}`)}},
			want: map[string]map[string]any{
				"png.invokeai-metadata": {"model": "juggernautXL", "seed": "3293022630", "prompt": "oil painting", "generatorVersion": "3.4.0"},
				"png.invokeai-graph":    {"key": "invokeai_graph"},
			},
		},
		{
			name: "invokeai 2 sd-metadata and Dream",
			in: input{text: []container.TextEntry{png("sd-metadata", sdMetadata),
				png("Dream", `"a castle" -s 50 -S 42 -W 512 -H 512 -C 7.5 -A k_lms`)}},
			want: map[string]map[string]any{
				"png.invokeai-sd-metadata": {"prompt": "a castle", "seed": "42", "model": "stable-diffusion-1.5", "generatorVersion": "2.3.0"},
				"png.invokeai-dream":       {"prompt": "a castle", "seed": "42", "steps": "50", "sampler": "k_lms", "cfgScale": "7.5"},
			},
		},
		{
			name: "Dream that is not a command",
			in:   input{text: []container.TextEntry{png("Dream", "we had a dream")}},
		},
		{
			name: "novelai",
			in: input{text: []container.TextEntry{png("Title", "AI generated image"), png("Description", "cat, space"),
				png("Software", "NovelAI"), png("Source", "Stable Diffusion 1D44365E"), png("Comment", novelComment)}},
			want: map[string]map[string]any{"png.novelai": {"prompt": "cat, space", "model": "Stable Diffusion 1D44365E",
				"seed": "2253955223", "steps": "50", "sampler": "k_euler_ancestral", "negativePrompt": "lowres"}},
		},
		{
			name: "novelai title and source without software",
			in:   input{text: []container.TextEntry{png("Title", "AI generated image"), png("Source", "NovelAI Diffusion V4 5AB81C23")}},
			want: map[string]map[string]any{"png.novelai": {"key": "Title"}},
		},
		{
			name: "title alone",
			in:   input{text: []container.TextEntry{png("Title", "AI generated image")}},
		},
		{
			name: "midjourney",
			in:   input{text: []container.TextEntry{png("Description", mjDesc), png("Author", "someone")}},
			want: map[string]map[string]any{"png.midjourney-description": {
				"jobID": "a7421d2f-b262-44f9-977c-ac23e9c7d3e3", "prompt": "a lighthouse at dusk", "model": "v 6", "author": "someone"}},
		},
		{
			name: "description without job id",
			in:   input{text: []container.TextEntry{png("Description", "holiday photo --ar 2:1")}},
		},
		{
			name: "gif comment infotext",
			in:   input{text: []container.TextEntry{{Source: "gif:comment", Value: a1111Infotext}}},
			want: map[string]map[string]any{"gif.a1111-comment": {"seed": "235284042"}},
		},
		{
			name: "gif comment prose",
			in:   input{text: []container.TextEntry{{Source: "gif:comment", Value: "Steps: 3 to the left"}}},
		},
		{
			name: "C2PA_SEAL and ImageMagick keys",
			in: input{text: []container.TextEntry{png("C2PA_SEAL", "2324a43024811ab63e1f560b283de656"),
				png("date:create", "2021-12-21T18:39:12+01:00"), png("Software", "Stable")}},
		},
		{
			name: "png software generator",
			in:   input{text: []container.TextEntry{png("Software", "ComfyUI")}},
			want: map[string]map[string]any{"png.software-ai-generator": {"generator": "ComfyUI", "value": "ComfyUI"}},
		},
		{
			name: "a1111 jpeg usercomment",
			in:   input{exif: exifData(unicodeComment(a1111Infotext))},
			want: map[string]map[string]any{"exif.a1111-usercomment": {"field": "UserComment", "seed": "235284042", "charset": "UNICODE"}},
		},
		{
			name: "fooocus exif",
			in:   input{exif: exifData(ifd0(0x0131, "Software", "Fooocus v2.5.5"), asciiComment(fooocusJSON))},
			want: map[string]map[string]any{
				"exif.software-ai-generator": {"generator": "Fooocus", "value": "Fooocus v2.5.5"},
				"exif.fooocus-usercomment":   {"seed": "1234"},
			},
		},
		{
			name: "easy diffusion usercomment",
			in:   input{exif: exifData(asciiComment(`{"prompt": "a fox", "seed": 5, "num_inference_steps": 25, "use_stable_diffusion_model": "sd-v1-5"}`))},
			want: map[string]map[string]any{"exif.easydiffusion-usercomment": {"prompt": "a fox", "steps": "25"}},
		},
		{
			name: "comfyui webp ifd0",
			in:   input{exif: exifData(ifd0(0x010F, "Make", "workflow:"+comfyWorkflow), ifd0(0x0110, "Model", "prompt:"+comfyPrompt))},
			want: map[string]map[string]any{
				"exif.comfyui-workflow": {"field": "Make", "prefix": "workflow"},
				"exif.comfyui-prompt":   {"field": "Model", "prefix": "prompt", "seed": "156680208700286"},
			},
		},
		{
			name: "custom saver in ImageDescription",
			in:   input{exif: exifData(ifd0(0x010E, "ImageDescription", "Workflow: "+comfyWorkflow))},
			want: map[string]map[string]any{"exif.comfyui-workflow": {"field": "ImageDescription", "prefix": "Workflow"}},
		},
		{
			name: "document name without goexif name",
			in:   input{exif: exifData(exif.Field{IFD: "IFD0", Tag: 0x010D, Value: "prompt:" + comfyPrompt})},
			want: map[string]map[string]any{"exif.comfyui-prompt": {"field": "DocumentName"}},
		},
		{
			name: "camera fields",
			in: input{exif: exifData(ifd0(0x010F, "Make", "NIKON"), ifd0(0x0110, "Model", "E950"), ifd0(0x0131, "Software", "v981-79"),
				ifd0(0x010E, "ImageDescription", "OLYMPUS DIGITAL CAMERA"), asciiComment("Screenshot"),
				ifd0(0x0131, "Software", "HDR+ 1.0.570503588zd"), ifd0(0x0110, "Model", "prompt: not json"))},
		},
		{
			name: "software Stable is not a generator",
			in:   input{exif: exifData(ifd0(0x0131, "Software", "Stable"), ifd0(0x0131, "Software", "Adobe Photoshop 25.0"))},
		},
		{
			name: "draw things",
			in: input{xmp: packet(xmp.Property{NS: xmp.NSXMP, Name: "CreatorTool", Value: "Draw Things"},
				xmp.Property{NS: xmp.NSEXIF, Name: "UserComment", Value: `{"c": "a koi pond", "model": "sd_xl_base_1.0_f16.ckpt", "seed": 9, "steps": 30, "sampler": "DPM++ 2M Karras"}`})},
			want: map[string]map[string]any{"xmp.drawthings": {"prompt": "a koi pond", "seed": "9", "parametersProperty": "exif:UserComment"}},
		},
		{
			name: "xmp creator tool",
			in: input{xmp: packet(xmp.Property{NS: xmp.NSXMP, Name: "CreatorTool", Value: "Adobe Firefly"},
				xmp.Property{NS: xmp.NSXMP, Name: "CreatorTool", Value: "Adobe Photoshop 25.0 (Macintosh)"})},
			want: map[string]map[string]any{"xmp.creator-tool-ai-generator": {"generator": "Adobe Firefly"}},
		},
		{
			name: "xmp midjourney",
			in: input{xmp: packet(xmp.Property{NS: xmp.NSDC, Name: "description", Value: mjDesc},
				xmp.Property{NS: xmp.NSIptc4xmpExt, Name: "DigImageGUID", Value: "a7421d2f-b262-44f9-977c-ac23e9c7d3e3"})},
			want: map[string]map[string]any{"xmp.midjourney-description": {"guidMatchesJob": true}},
		},
		{
			name: "iptc originating program",
			in:   input{iptc: [][]iptc.Dataset{{{Record: 2, ID: 65, Name: "OriginatingProgram", Value: "Midjourney"}, {Record: 2, ID: 65, Value: "GIMP"}}}},
			want: map[string]map[string]any{"iptc.originating-program-ai-generator": {"generator": "Midjourney"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := runOn(t, tt.in)
			var ids []string
			for _, s := range got {
				ids = append(ids, s.ID)
			}
			var wantIDs []string
			for id := range tt.want {
				wantIDs = append(wantIDs, id)
			}
			slices.Sort(ids)
			slices.Sort(wantIDs)
			if !slices.Equal(ids, wantIDs) {
				t.Fatalf("signals %v, want %v", ids, wantIDs)
			}
			strength := tt.strength
			if strength == "" {
				strength = reports.StrengthDeclared
			}
			for _, s := range got {
				if s.Direction != reports.DirAI || s.Strength != strength {
					t.Errorf("%s: %s/%s, want ai/%s", s.ID, s.Direction, s.Strength, strength)
				}
				if s.Message == "" || s.Explanation == "" {
					t.Errorf("%s: empty message or explanation", s.ID)
				}
				for k, v := range tt.want[s.ID] {
					if s.Evidence[k] != v {
						t.Errorf("%s: evidence[%q] = %#v, want %#v", s.ID, k, s.Evidence[k], v)
					}
				}
			}
		})
	}
}

func TestEvidenceTruncated(t *testing.T) {
	long := make([]byte, 2000)
	for i := range long {
		long[i] = 'x'
	}
	long[298] = 0xc3 // a two-byte rune across the cut
	long[299] = 0xa9
	long[300] = 0xc3
	long[301] = 0xa9
	got := runOn(t, input{text: []container.TextEntry{png("parameters", string(long)+"\nSteps: 20, Seed: 1")}})
	if len(got) != 1 {
		t.Fatalf("got %d signals", len(got))
	}
	p, _ := got[0].Evidence["prompt"].(string)
	if len(p) > maxEvidence || len(p) < maxEvidence-4 || got[0].Evidence["promptTruncated"] != true {
		t.Errorf("prompt evidence %d bytes, truncated flag %v", len(p), got[0].Evidence["promptTruncated"])
	}
}
