package stealth

import (
	"math"
	"testing"
)

func TestPyFloatRepr(t *testing.T) {
	// Python 3: repr(float(x)).
	tests := []struct {
		f    float64
		want string
	}{
		{0, "0.0"}, {math.Copysign(0, -1), "-0.0"}, {1, "1.0"}, {5, "5.0"}, {0.999, "0.999"}, {-2.5, "-2.5"},
		{0.1, "0.1"}, {0.0001, "0.0001"}, {0.00001, "1e-05"}, {1.5e-7, "1.5e-07"}, {123456.789, "123456.789"},
		{1e15, "1000000000000000.0"}, {9999999999999998, "9999999999999998.0"}, {1e16, "1e+16"},
		{1.2345678901234568e17, "1.2345678901234568e+17"}, {1e22, "1e+22"}, {1e100, "1e+100"}, {-1e-100, "-1e-100"},
		{0.30000000000000004, "0.30000000000000004"}, {math.Inf(1), "Infinity"},
	}
	for _, tc := range tests {
		if got := pyFloatRepr(tc.f); got != tc.want {
			t.Errorf("pyFloatRepr(%v) = %q, want %q", tc.f, got, tc.want)
		}
	}
}

func TestPyDumps(t *testing.T) {
	tests := []struct{ in, want string }{
		// Key order kept, Python separators, floats by repr, ints as written.
		{`{"b":1,"a":[1.0,2.50,1E5,-0,-0.0,12345678901234567890],"c":{"z":null,"y":true}}`,
			`{"b": 1, "a": [1.0, 2.5, 100000.0, 0, -0.0, 12345678901234567890], "c": {"z": null, "y": true}}`},
		// ensure_ascii: short escapes, \u00XX for controls and DEL, surrogate pairs.
		{`{"s":"été \"q\" \\ \n\t\r\b\f \u0001 \u007f 😀 /"}`,
			`{"s": "\u00e9t\u00e9 \"q\" \\ \n\t\r\b\f \u0001 \u007f \ud83d\ude00 /"}`},
		// A repeated key keeps its first place and its last value.
		{`{"a":1,"b":2,"a":3}`, `{"a": 3, "b": 2}`},
		{`[]`, `[]`}, {`{}`, `{}`}, {`"x"`, `"x"`},
	}
	for _, tc := range tests {
		v, err := parseJSON([]byte(tc.in))
		if err != nil {
			t.Fatalf("%s: %v", tc.in, err)
		}
		got, err := pyDumps(v)
		if err != nil || got != tc.want {
			t.Errorf("pyDumps(%s)\n got %s (%v)\nwant %s", tc.in, got, err, tc.want)
		}
	}
}

func TestParseJSONBounds(t *testing.T) {
	deep := ""
	for range maxJSONDepth + 5 {
		deep += "["
	}
	for _, in := range []string{deep, `{"a":1} x`, `{"a":`, `NaN`, ``} {
		if _, err := parseJSON([]byte(in)); err == nil {
			t.Errorf("parseJSON(%.20q) accepted", in)
		}
	}
}
