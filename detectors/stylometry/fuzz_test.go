package stylometry

import (
	"math"
	"strings"
	"testing"

	"github.com/provcheck/provcheck/detectors/scoring"
)

func FuzzExtract(f *testing.F) {
	f.Add(formal)
	f.Add(casual)
	f.Add("a. B! c? 'd' -- e—f (g) 1,2;3: it's we're \xff\xfe")
	f.Add(strings.Repeat("word ", MinWords))
	f.Fuzz(func(t *testing.T, s string) {
		v, st := Extract(s)
		if len(v) != len(FeatureNames) || st.Words < 0 || st.Sentences > st.Words+1 || st.Letters > st.Visible {
			t.Fatalf("vector of %d, stats %+v", len(v), st)
		}
		for i, x := range v {
			if math.IsNaN(x) || math.IsInf(x, 0) || x < 0 {
				t.Fatalf("feature %s = %v", FeatureNames[i], x)
			}
		}
		if wc := wordCount(s); wc != st.Words {
			t.Fatalf("wordCount %d, Extract %d words", wc, st.Words)
		}
		if sig, ok := Assess(s); ok {
			if sc := sig.Evidence["score"].(float64); sc < 0 || sc > 1 {
				t.Fatalf("score %v", sc)
			}
			if _, ok := scoring.Calibrated(sig); !ok {
				t.Fatalf("no usable log-likelihood ratio: %v", sig.Evidence[scoring.EvidenceLLR])
			}
		}
	})
}
