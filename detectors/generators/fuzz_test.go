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
