package reports

import (
	"encoding/json"
	"math"
	"reflect"
	"testing"
)

// roundTrip is normalizeEvidence's slow path alone.
func roundTrip(t testing.TB, ev map[string]any) map[string]any {
	t.Helper()
	b, err := json.Marshal(ev)
	if err != nil {
		return ev
	}
	var out map[string]any
	if err := decodeNumbers(b, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

type evidenceStruct struct {
	B string `json:"b"`
	A int    `json:"a"`
}

func TestPlainEvidenceMatchesRoundTrip(t *testing.T) {
	cases := map[string]map[string]any{
		"scalars": {"s": "text <&> \u2028", "t": true, "f": false, "n": nil, "i": -42, "i64": int64(math.MinInt64),
			"u64": uint64(math.MaxUint64), "u8": uint8(200), "i8": int8(-3), "i16": int16(300), "i32": int32(-70000), "u": uint(7), "u16": uint16(9), "u32": uint32(4e9)},
		"floats": {"a": 0.1, "b": 1e-7, "c": 1e21, "d": 123456789.125, "e": -0.0, "f": 1e20, "g": 5e-324, "h": math.MaxFloat64,
			"f32": float32(0.1), "f32e": float32(1e-7), "f32big": float32(1e22), "third": 1.0 / 3, "whole": 3.0},
		"nested": {"m": map[string]any{"x": []any{1, "two", 3.5, nil, map[string]any{}}, "empty": []any{}},
			"strs": []string{"a", "b"}, "nilstrs": []string(nil), "nilslice": []any(nil), "nilmap": map[string]any(nil)},
		// The slow path's cases: the result must still be the round trip's.
		"struct":      {"s": evidenceStruct{B: "x", A: 1}},
		"bad utf8":    {"s": "a\xffb"},
		"bad key":     {"k\xfe": 1},
		"nan":         {"f": math.NaN()},
		"inf":         {"f": math.Inf(1)},
		"int slice":   {"v": []int{1, 2}},
		"json number": {"n": json.Number("12.50")},
		"string map":  {"m": map[string]string{"b": "1", "a": "2"}},
	}
	for name, ev := range cases {
		got := normalizeEvidence(ev)
		want := roundTrip(t, ev)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: got %#v, want %#v", name, got, want)
		}
	}
}

func FuzzPlainEvidence(f *testing.F) {
	f.Add("text", 1.5, int64(3), true)
	f.Add("a\xffb", 1e-7, int64(-1), false)
	f.Add("", 1e21, int64(math.MaxInt64), true)
	f.Fuzz(func(t *testing.T, s string, x float64, n int64, b bool) {
		ev := map[string]any{"s": s, "x": x, "f32": float32(x), "n": n, "u": uint64(n), "b": b,
			"l": []any{s, x, n}, "m": map[string]any{s: x}, "ss": []string{s}}
		got := normalizeEvidence(ev)
		want := roundTrip(t, ev)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("got %#v, want %#v", got, want)
		}
	})
}

// BenchmarkNormalizeEvidence normalizes evidence shaped like a C2PA
// signal's, by the direct path and by the JSON round trip.
func BenchmarkNormalizeEvidence(b *testing.B) {
	ev := map[string]any{"state": "trusted", "manifest": "urn:c2pa:0a1b2c3d", "signer": "Truepic Lens CLI in Sign Mode",
		"score": 0.93, "offset": 1234567, "declarations": []any{map[string]any{"assertion": "c2pa.actions",
			"digitalSourceType": "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia", "generator": "titan"}},
		"codes": []string{"claimSignature.validated", "timeStamp.validated"}}
	b.Run("direct", func(b *testing.B) {
		for b.Loop() {
			normalizeEvidence(ev)
		}
	})
	b.Run("round-trip", func(b *testing.B) {
		for b.Loop() {
			roundTrip(b, ev)
		}
	})
}
