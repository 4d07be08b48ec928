package c2pa_test

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/provcheck/provcheck/provenance/c2pa"
	"github.com/provcheck/provcheck/provenance/c2pa/c2patest"
)

const signedText = "The council approved the budget on Tuesday after a long debate.\nCafé owners welcomed the decision.\n"

func makeText(t *testing.T, text string) *c2patest.Fixture {
	t.Helper()
	fx, err := newSigner(t).Make(c2patest.Options{Format: "text", Text: text, DigitalSourceType: "trainedAlgorithmicMedia"})
	if err != nil {
		t.Fatal(err)
	}
	return fx
}

// selectorRunStart is the offset of the wrapper's U+FEFF in a fixture.
func selectorRunStart(t *testing.T, s string) int {
	t.Helper()
	i := strings.LastIndex(s, "\uFEFF")
	if i < 0 {
		t.Fatal("fixture has no U+FEFF")
	}
	return i
}

func TestCheckText(t *testing.T) {
	fx := makeText(t, signedText)
	data := string(fx.Data)
	wrap := data[len(signedText):]
	header := func(version byte, n uint32) string {
		// The first 13 selectors re-encoded with another version or length.
		b := []byte(c2pa.TextMagic)
		b = append(b, version, byte(n>>24), byte(n>>16), byte(n>>8), byte(n))
		return encodeBytes(b)
	}
	body := func() string {
		// The selectors after U+FEFF and the 13 header selectors.
		i := 3
		for range 13 {
			_, size := utf8.DecodeRuneInString(wrap[i:])
			i += size
		}
		return wrap[i:]
	}()
	opts := c2pa.Options{Now: func() time.Time { return fixtureTime }}
	tests := []struct {
		name    string
		text    string
		state   string
		failure string
		success string
	}{
		{"valid", data, c2pa.StateValid, c2pa.SigningCredentialUntrusted, c2pa.AssertionDataHashMatch},
		{"one word changed", strings.Replace(data, "budget", "budgets", 1), c2pa.StateInvalid, c2pa.AssertionDataHashMismatch, c2pa.ClaimSignatureValidated},
		{"text after the wrapper", data + "P.S.", c2pa.StateInvalid, c2pa.AssertionDataHashMismatch, c2pa.ClaimSignatureValidated},
		{"decomposed (NFD) text still binds", strings.Replace(data, "Café", "Cafe\u0301", 1), c2pa.StateValid, c2pa.SigningCredentialUntrusted, c2pa.AssertionDataHashMatch},
		{"wrong version", signedText + "\uFEFF" + header(2, 10) + body, c2pa.StateInvalid, c2pa.ManifestTextCorruptedWrapper, ""},
		{"length past the end", signedText + "\uFEFF" + header(1, 1<<20) + body, c2pa.StateInvalid, c2pa.ManifestTextCorruptedWrapper, ""},
		{"truncated header", signedText + "\uFEFF" + header(1, 10)[:4*9], c2pa.StateInvalid, c2pa.ManifestTextCorruptedWrapper, ""},
		{"not JUMBF", signedText + "\uFEFF" + header(1, 4) + encodeBytes([]byte("abcd")), c2pa.StateInvalid, c2pa.ManifestTextCorruptedWrapper, ""},
		{"two wrappers", data + wrap, c2pa.StateInvalid, c2pa.ManifestTextMultipleWrappers, ""},
		{"no wrapper", signedText, c2pa.StateNone, "", ""},
		{"other selector data", signedText + "\uFEFF" + encodeBytes([]byte("hello world")), c2pa.StateNone, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ck := c2pa.CheckText(t.Context(), tt.text, opts)
			r := ck.Result
			if r.State != tt.state {
				t.Fatalf("state = %s, want %s (failures %v, err %v)", r.State, tt.state, r.Codes.FailureCodes(), r.Err)
			}
			if tt.failure != "" && !r.Codes.Has(tt.failure) {
				t.Errorf("failure codes %v lack %s", r.Codes.FailureCodes(), tt.failure)
			}
			if tt.success != "" && !r.Codes.Has(tt.success) {
				t.Errorf("codes lack %s: %+v", tt.success, r.Codes)
			}
		})
	}
}

func TestFindTextWrappers(t *testing.T) {
	fx := makeText(t, signedText)
	ws := c2pa.FindTextWrappers(string(fx.Data), c2pa.Limits{})
	if len(ws) != 1 {
		t.Fatalf("found %d wrappers, want 1", len(ws))
	}
	w := ws[0]
	if w.Offset != len(signedText) || w.Offset+w.Length != len(fx.Data) {
		t.Errorf("wrapper at %d+%d, want %d..%d", w.Offset, w.Length, len(signedText), len(fx.Data))
	}
	if w.Err != nil || string(w.Store) != string(fx.Store) || w.Version != 1 {
		t.Errorf("wrapper = version %d, err %v, store equal %v", w.Version, w.Err, string(w.Store) == string(fx.Store))
	}
	if w.Length != c2pa.TextWrapperLen(len(fx.Store)) {
		t.Errorf("wrapper length %d, want the padded %d", w.Length, c2pa.TextWrapperLen(len(fx.Store)))
	}
	if got := selectorRunStart(t, string(fx.Data)); got != w.Offset {
		t.Errorf("U+FEFF at %d, wrapper offset %d", got, w.Offset)
	}
}

func TestVariationByteRoundTrip(t *testing.T) {
	all := make([]byte, 256)
	for i := range all {
		all[i] = byte(i)
	}
	s := encodeBytes(all)
	var got []byte
	for _, r := range s {
		b, ok := c2pa.VariationByte(r)
		if !ok {
			t.Fatalf("rune %U is not a variation selector", r)
		}
		got = append(got, b)
	}
	if string(got) != string(all) {
		t.Error("bytes did not round-trip through variation selectors")
	}
	if _, ok := c2pa.VariationByte('a'); ok {
		t.Error("'a' decoded as a variation selector")
	}
}

// encodeBytes encodes b as variation selectors, without U+FEFF or header.
func encodeBytes(b []byte) string {
	var sb strings.Builder
	for _, x := range b {
		if x < 0x10 {
			sb.WriteRune(0xFE00 + rune(x))
		} else {
			sb.WriteRune(0xE0100 + rune(x-0x10))
		}
	}
	return sb.String()
}

func FuzzTextWrapper(f *testing.F) {
	s, err := c2patest.NewSigner(fixtureTime)
	if err != nil {
		f.Fatal(err)
	}
	fx, err := s.Make(c2patest.Options{Format: "text", Text: signedText})
	if err != nil {
		f.Fatal(err)
	}
	f.Add(fx.Data)
	f.Add([]byte(signedText + "\uFEFF" + encodeBytes([]byte("C2PATXT\x00\x01\x00\x00\x00\x10"))))
	f.Add([]byte("\uFEFF\uFE00"))
	opts := c2pa.Options{Now: func() time.Time { return fixtureTime }, Limits: c2pa.Limits{MaxStoreSize: 1 << 16}}
	f.Fuzz(func(t *testing.T, data []byte) {
		ws := c2pa.FindTextWrappers(string(data), opts.Limits)
		stores := 0
		for _, w := range ws {
			if w.Offset < 0 || w.Offset+w.Length > len(data) {
				t.Fatalf("wrapper %d+%d outside %d bytes", w.Offset, w.Length, len(data))
			}
			if (w.Err == nil) != (w.Store != nil) {
				t.Fatalf("wrapper err %v with store %v", w.Err, w.Store != nil)
			}
			if w.Store != nil {
				stores++
				// Re-encoding the store gives a wrapper that decodes to it.
				again := c2pa.FindTextWrappers(c2pa.EncodeTextWrapper(w.Store), opts.Limits)
				if len(again) != 1 || string(again[0].Store) != string(w.Store) {
					t.Fatalf("store of %d bytes did not round-trip", len(w.Store))
				}
			}
		}
		// Store parsing and validation are fuzzed by FuzzJUMBF and
		// FuzzLocate; here the wrapper paths around them.
		if stores == 0 {
			ck := c2pa.CheckText(t.Context(), string(data), opts)
			if ck.Result == nil || (len(ws) > 0) != (ck.Result.State != c2pa.StateNone) {
				t.Fatalf("%d wrappers but result %+v", len(ws), ck.Result)
			}
		}
	})
}
