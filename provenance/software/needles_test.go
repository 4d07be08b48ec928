package software

import (
	"math/rand/v2"
	"regexp/syntax"
	"strings"
	"testing"
)

// sample writes one string the pattern may match, choosing branches,
// repeats and letter case at random. Word boundaries and anchors are
// left out, so the caller keeps only samples that do match.
func sample(r *rand.Rand, re *syntax.Regexp, b *strings.Builder) {
	switch re.Op {
	case syntax.OpLiteral:
		for _, c := range re.Rune {
			if re.Flags&syntax.FoldCase != 0 && r.IntN(2) == 0 {
				c = []rune(strings.ToUpper(string(c)))[0]
			} else if re.Flags&syntax.FoldCase != 0 {
				c = []rune(strings.ToLower(string(c)))[0]
			}
			b.WriteRune(c)
		}
	case syntax.OpCharClass:
		if len(re.Rune) >= 2 {
			i := r.IntN(len(re.Rune)/2) * 2
			lo, hi := re.Rune[i], re.Rune[i+1]
			b.WriteRune(lo + rune(r.IntN(int(min(hi-lo, 25))+1)))
		}
	case syntax.OpAnyChar, syntax.OpAnyCharNotNL:
		b.WriteByte('x')
	case syntax.OpCapture:
		sample(r, re.Sub[0], b)
	case syntax.OpConcat:
		for _, s := range re.Sub {
			sample(r, s, b)
		}
	case syntax.OpAlternate:
		sample(r, re.Sub[r.IntN(len(re.Sub))], b)
	case syntax.OpQuest, syntax.OpStar:
		if r.IntN(2) == 0 {
			sample(r, re.Sub[0], b)
		}
	case syntax.OpPlus:
		for range 1 + r.IntN(2) {
			sample(r, re.Sub[0], b)
		}
	case syntax.OpRepeat:
		n := re.Min
		if re.Max > re.Min {
			n += r.IntN(re.Max - re.Min + 1)
		} else if re.Max < 0 {
			n += r.IntN(2)
		}
		for range n {
			sample(r, re.Sub[0], b)
		}
	}
}

// The needle test in front of each pattern never turns away a value the
// pattern matches: for every row, many random matches of its pattern (in
// random case, alone and inside other text) all pass it.
func TestNeedlesNeverRejectAMatch(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	withNeedles, matched := 0, 0
	for _, e := range entries() {
		syn, err := syntax.Parse(e.re().String(), syntax.Perl)
		if err != nil {
			t.Fatal(err)
		}
		if e.needles != nil {
			withNeedles++
		}
		for range 200 {
			var b strings.Builder
			sample(r, syn, &b)
			for _, v := range []string{b.String(), "Made with " + b.String() + " 2.1", "x" + b.String()} {
				if !e.re().MatchString(v) {
					continue
				}
				matched++
				ascii, lower := asciiLower(v)
				if ascii && !e.mayMatch(v, lower) {
					t.Errorf("%s: %q matches %s but fails needles %v", e.Name, v, e.re(), e.needles)
				}
			}
		}
	}
	// The test means something only if most rows have needles and many
	// samples matched.
	if withNeedles < len(entries())*3/4 || matched < len(entries())*100 {
		t.Errorf("%d of %d rows have needles, %d samples matched", withNeedles, len(entries()), matched)
	}
}

// Lookup with the needle test answers as the patterns alone do.
func FuzzLookupNeedles(f *testing.F) {
	for _, s := range []string{"Adobe Photoshop 25.0 (Windows)", "GIMP 2.10.34", "Midjourney", "Canon EOS R5 Firmware Version 1.8.1",
		"stable diffusion", "ComfyUI", "Lavf58.29.100", "Photos 8.0", "KRITA", "dall·e"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		ascii, lower := asciiLower(v)
		for _, e := range entries() {
			if e.re().MatchString(v) && ascii && !e.mayMatch(v, lower) {
				t.Fatalf("%s: %q matches %s but fails needles %v", e.Name, v, e.re(), e.needles)
			}
		}
	})
}
