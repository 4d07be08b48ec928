package generators

import (
	"os"
	"testing"
)

func seed(f *testing.F, names ...string) {
	f.Helper()
	for _, n := range names {
		b, err := os.ReadFile("testdata/" + n)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(b))
	}
}

func FuzzInfotext(f *testing.F) {
	seed(f, "infotext_a1111.txt")
	f.Add("x\nSteps: 1, Seed: \"a\\\"b\", CFG scale: 7")
	f.Add("Negative prompt: \nSteps: 1, Sampler: a")
	f.Fuzz(func(t *testing.T, s string) {
		it, ok := ParseInfotext(s)
		if !ok {
			return
		}
		if len(it.Params) == 0 || len(it.Params) > maxParams {
			t.Fatalf("accepted with %d params", len(it.Params))
		}
		for _, p := range it.Params {
			if !validParamKey(p.Key) {
				t.Fatalf("accepted bad key %q", p.Key)
			}
		}
		if len(it.Prompt)+len(it.Negative) > len(s) {
			t.Fatalf("prompt and negative longer than the input")
		}
		_ = infotextParams(it)
	})
}

func FuzzComfy(f *testing.F) {
	seed(f, "comfy_prompt.json", "comfy_workflow.json")
	f.Add(`{"1": {"class_type": "KSampler", "inputs": {"positive": ["1", 0], "seed": 1e999}}}`)
	f.Add(`{"nodes": [{"type": "UNETLoader", "widgets_values": [{"a": 1}]}], "links": null}`)
	f.Fuzz(func(t *testing.T, s string) {
		data := []byte(s)
		if g, ok := ParseComfyPrompt(data); ok {
			if g.Nodes == 0 || len(g.Models) > maxModels {
				t.Fatalf("prompt graph: %d nodes, %d models", g.Nodes, len(g.Models))
			}
		}
		if g, ok := ParseComfyWorkflow(data); ok {
			if g.Nodes == 0 || len(g.Models) > maxModels {
				t.Fatalf("workflow graph: %d nodes, %d models", g.Nodes, len(g.Models))
			}
		}
		classifyJSON(data)
		drawThingsParams(data)
		novelAICommentParams(data)
		parseDream(s)
		parseMidjourney(s)
	})
}

func BenchmarkParseComfyPrompt(b *testing.B) {
	data, err := os.ReadFile("testdata/comfy_prompt.json")
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		ParseComfyPrompt(data)
	}
}
