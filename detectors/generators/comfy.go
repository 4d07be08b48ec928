package generators

import (
	"bytes"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
)

// ComfyUI writes two graphs: the API graph ("prompt": an object of nodes,
// each {"class_type", "inputs"}) and the UI graph ("workflow": {"nodes":
// […], "links": […]}). Both are checked for shape before they count.

const (
	maxJSON       = 16 << 20 // largest JSON value decoded
	maxComfyNodes = 4096     // nodes looked at per graph
	maxModels     = 8        // model names carried into evidence
)

type comfyNode struct {
	ClassType string                     `json:"class_type"`
	Inputs    map[string]json.RawMessage `json:"inputs"`
}

// ComfyGraph is what the detector reads out of a ComfyUI graph.
type ComfyGraph struct {
	Nodes   int      // nodes in the graph
	Models  []string // checkpoint / UNet file names, in node order
	Prompt  string   // the positive CLIPTextEncode text, if one is found
	Seed    string
	Steps   string
	Sampler string
}

// ParseComfyPrompt reads an API graph. ok is false unless data is a JSON
// object with at least one node carrying a class_type and inputs.
func ParseComfyPrompt(data []byte) (ComfyGraph, bool) {
	top, ok := decodeObject(data)
	if !ok {
		return ComfyGraph{}, false
	}
	ids := sortedNodeIDs(top)
	nodes := make(map[string]comfyNode, len(ids))
	for _, id := range ids {
		var n comfyNode
		raw := top[id]
		if len(raw) == 0 || raw[0] != '{' || json.Unmarshal(raw, &n) != nil {
			continue
		}
		if n.ClassType == "" || n.Inputs == nil {
			continue
		}
		nodes[id] = n
	}
	if len(nodes) == 0 {
		return ComfyGraph{}, false
	}
	g := ComfyGraph{Nodes: len(nodes)}
	var positive string // node id the first sampler takes as positive
	for _, id := range ids {
		n, ok := nodes[id]
		if !ok {
			continue
		}
		for _, k := range []string{"ckpt_name", "unet_name"} {
			if s, ok := jsonString(n.Inputs[k]); ok && s != "" && len(g.Models) < maxModels && !slices.Contains(g.Models, s) {
				g.Models = append(g.Models, s)
			}
		}
		if g.Seed == "" {
			g.Seed = firstScalar(n.Inputs, "seed", "noise_seed")
		}
		if strings.Contains(n.ClassType, "Sampler") {
			if g.Steps == "" {
				g.Steps = firstScalar(n.Inputs, "steps")
			}
			if g.Sampler == "" {
				g.Sampler = firstScalar(n.Inputs, "sampler_name")
			}
			if positive == "" {
				positive = linkTarget(n.Inputs["positive"])
			}
		}
	}
	if n, ok := nodes[positive]; ok {
		g.Prompt, _ = jsonString(n.Inputs["text"])
	}
	if g.Prompt == "" {
		for _, id := range ids {
			if n, ok := nodes[id]; ok && strings.HasPrefix(n.ClassType, "CLIPTextEncode") {
				if s, ok := jsonString(n.Inputs["text"]); ok && s != "" {
					g.Prompt = s
					break
				}
			}
		}
	}
	return g, true
}

type uiGraph struct {
	Nodes []struct {
		Type          string          `json:"type"`
		WidgetsValues json.RawMessage `json:"widgets_values"`
	} `json:"nodes"`
	Links      json.RawMessage `json:"links"`
	LastNodeID json.RawMessage `json:"last_node_id"`
}

// ParseComfyWorkflow reads a UI graph. ok is false unless data is a JSON
// object with a "nodes" array of typed nodes and a "links" or
// "last_node_id" member.
func ParseComfyWorkflow(data []byte) (ComfyGraph, bool) {
	if len(data) > maxJSON || !startsObject(data) {
		return ComfyGraph{}, false
	}
	var ui uiGraph
	if json.Unmarshal(data, &ui) != nil || len(ui.Nodes) == 0 || (ui.Links == nil && ui.LastNodeID == nil) {
		return ComfyGraph{}, false
	}
	g := ComfyGraph{Nodes: len(ui.Nodes)}
	typed := 0
	for i, n := range ui.Nodes {
		if i >= maxComfyNodes {
			break
		}
		if n.Type == "" {
			continue
		}
		typed++
		if !strings.Contains(n.Type, "CheckpointLoader") && !strings.Contains(n.Type, "UNETLoader") {
			continue
		}
		if s := loaderModel(n.WidgetsValues); s != "" && len(g.Models) < maxModels && !slices.Contains(g.Models, s) {
			g.Models = append(g.Models, s)
		}
	}
	if typed == 0 {
		return ComfyGraph{}, false
	}
	return g, true
}

var modelExts = []string{".safetensors", ".ckpt", ".sft", ".gguf", ".pt", ".pth", ".bin"}

// loaderModel picks the model file among a loader's widget values: the
// first with a model file extension, else the first string (the full
// CheckpointLoader lists a config file before the checkpoint).
func loaderModel(raw json.RawMessage) string {
	var vals []json.RawMessage
	if json.Unmarshal(raw, &vals) != nil {
		return ""
	}
	first := ""
	for i, v := range vals {
		if i >= 16 {
			break
		}
		s, ok := jsonString(v)
		if !ok || s == "" {
			continue
		}
		for _, ext := range modelExts {
			if strings.HasSuffix(strings.ToLower(s), ext) {
				return s
			}
		}
		if first == "" {
			first = s
		}
	}
	return first
}

// decodeObject decodes a bounded JSON object one level deep.
func decodeObject(data []byte) (map[string]json.RawMessage, bool) {
	if len(data) > maxJSON || !startsObject(data) {
		return nil, false
	}
	var m map[string]json.RawMessage
	if json.Unmarshal(data, &m) != nil || m == nil {
		return nil, false
	}
	return m, true
}

func startsObject(data []byte) bool {
	data = bytes.TrimLeft(data, " \t\r\n")
	return len(data) > 0 && data[0] == '{'
}

// sortedNodeIDs orders node ids numerically where they are numbers, so
// "3" comes before "10", and caps their number.
func sortedNodeIDs(m map[string]json.RawMessage) []string {
	ids := make([]string, 0, min(len(m), maxComfyNodes))
	for id := range m {
		ids = append(ids, id)
	}
	slices.SortFunc(ids, func(a, b string) int {
		if len(a) != len(b) {
			return len(a) - len(b)
		}
		return strings.Compare(a, b)
	})
	if len(ids) > maxComfyNodes {
		ids = ids[:maxComfyNodes]
	}
	return ids
}

// linkTarget returns the node id of an input link ["6", 0].
func linkTarget(raw json.RawMessage) string {
	var link []json.RawMessage
	if json.Unmarshal(raw, &link) != nil || len(link) != 2 {
		return ""
	}
	if s, ok := jsonString(link[0]); ok {
		return s
	}
	return ""
}

// jsonString returns raw as a string if it is a JSON string.
func jsonString(raw json.RawMessage) (string, bool) {
	if len(raw) == 0 || raw[0] != '"' {
		return "", false
	}
	var s string
	if json.Unmarshal(raw, &s) != nil {
		return "", false
	}
	return s, true
}

// jsonScalar renders a JSON string or number as text; other kinds give "".
func jsonScalar(raw json.RawMessage) string {
	if s, ok := jsonString(raw); ok {
		return s
	}
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || len(raw) > 64 {
		return ""
	}
	if _, err := strconv.ParseFloat(string(raw), 64); err == nil {
		return string(raw)
	}
	return ""
}

// firstScalar returns the first of keys that holds a string or number.
func firstScalar(m map[string]json.RawMessage, keys ...string) string {
	for _, k := range keys {
		if v := jsonScalar(m[k]); v != "" {
			return v
		}
	}
	return ""
}
