package reports

import (
	"bytes"
	"encoding/json"
)

// Normalize turns each signal's evidence into plain JSON values (objects,
// arrays, strings, json.Number, bools), as a saved report or a cache entry
// would hold it. A fresh result, a cached one and a converted one then
// render byte for byte the same: struct fields would otherwise come out in
// declaration order, and map keys sorted. Numbers keep their exact text.
func (f *FileResult) Normalize() {
	for i := range f.Signals {
		f.Signals[i].Evidence = normalizeEvidence(f.Signals[i].Evidence)
	}
	for i := range f.Suppressed {
		f.Suppressed[i].Evidence = normalizeEvidence(f.Suppressed[i].Evidence)
	}
}

func normalizeEvidence(ev map[string]any) map[string]any {
	if len(ev) == 0 {
		return ev
	}
	b, err := json.Marshal(ev)
	if err != nil {
		return ev
	}
	var out map[string]any
	if err := decodeNumbers(b, &out); err != nil {
		return ev
	}
	return out
}

// decodeNumbers unmarshals keeping numbers as json.Number, so a 64-bit seed
// is not rounded to a float.
func decodeNumbers(b []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	return dec.Decode(v)
}
