package xmp

import (
	"strings"
	"testing"
)

// FuzzDeclaresAI checks that credit matching never panics and that the
// clause it returns comes from the input.
func FuzzDeclaresAI(f *testing.F) {
	for _, s := range []string{"Made with Google AI", "Photo by Ai Weiwei", "non-AI generated", "AI—generated, by X", "Made with no AI"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		clause, ok := DeclaresAI(s)
		if ok && !strings.Contains(s, clause) {
			t.Errorf("clause %q not in input %q", clause, s)
		}
		if !ok && clause != "" {
			t.Errorf("clause %q without a match", clause)
		}
	})
}

// FuzzParseSourceType checks that any value parses without panicking and
// that known codes are vocabulary keys.
func FuzzParseSourceType(f *testing.F) {
	for _, s := range []string{iptcURI + "trainedAlgorithmicMedia", "https://schema.org/CompositeDigitalSource/", "http://", ":", "/"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		code, _, st, known := parseSourceType(s)
		if known {
			if got, ok := sourceTypes[code]; !ok || got != st {
				t.Errorf("%q: known code %q is not in the vocabulary", s, code)
			}
		}
	})
}
