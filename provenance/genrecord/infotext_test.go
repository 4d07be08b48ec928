package genrecord

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
		_ = ReadInfotext(s)
	})
}

func TestParseInfotext(t *testing.T) {
	text := "a castle, \"sunset\"\nsecond line\nNegative prompt: blurry, lowres\nSteps: 20, Sampler: DPM++ 2M Karras, CFG scale: 7, Seed: 42, Size: 512x768, Model hash: abc123, Model: v1-5, Lora hashes: \"x: 1, y: 2\", Version: v1.7.0"
	for name, it := range map[string]Infotext{"strict": mustParse(t, text), "lenient": ReadInfotext(text)} {
		if it.Prompt != "a castle, \"sunset\"\nsecond line" || it.Negative != "blurry, lowres" {
			t.Errorf("%s: prompt %q negative %q", name, it.Prompt, it.Negative)
		}
		want := map[string]string{"Steps": "20", "Sampler": "DPM++ 2M Karras", "Seed": "42", "Model": "v1-5", "Model hash": "abc123",
			"Lora hashes": `"x: 1, y: 2"`, "Version": "v1.7.0", "Size": "512x768", "CFG scale": "7"}
		for k, v := range want {
			if it.Get(k) != v {
				t.Errorf("%s: param %q = %q, want %q", name, k, it.Get(k), v)
			}
		}
	}
}

func mustParse(t *testing.T, s string) Infotext {
	t.Helper()
	it, ok := ParseInfotext(s)
	if !ok {
		t.Fatalf("ParseInfotext(%q) refused", s)
	}
	return it
}

// The strict reader wants the structure; the lenient one, for text whose
// origin already says it is an infotext, takes what there is.
func TestStrictAndLenient(t *testing.T) {
	tests := []struct {
		in             string
		strict         bool
		prompt, negNeg string
		steps          string
	}{
		{"just a prompt", false, "just a prompt", "", ""},
		{"a cat\nSteps: 3", false, "a cat", "", "3"}, // one marker: prose could end so
		{"a cat\nSteps: 3, Seed: 1", true, "a cat", "", "3"},
		{"a cat\nNegative prompt: dog\nSteps: 3, Seed: 1", true, "a cat", "dog", "3"},
		{"a cat\nNegative prompt: dog", false, "a cat", "dog", ""},
		{"I took 3 Steps: then stopped", false, "I took 3 Steps: then stopped", "", ""},
		{"a cat\nSteps: 3, broken \"quote", false, "a cat\nSteps: 3, broken \"quote", "", ""},
	}
	for _, tc := range tests {
		if _, ok := ParseInfotext(tc.in); ok != tc.strict {
			t.Errorf("ParseInfotext(%q) ok = %v, want %v", tc.in, ok, tc.strict)
		}
		it := ReadInfotext(tc.in)
		if it.Prompt != tc.prompt || it.Negative != tc.negNeg || it.Get("Steps") != tc.steps {
			t.Errorf("ReadInfotext(%q) = %+v", tc.in, it)
		}
	}
}
