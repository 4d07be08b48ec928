package jpegtables

import (
	"testing"

	"github.com/provcheck/provcheck/provenance/container"
)

func TestLumaTable(t *testing.T) {
	for _, tc := range []struct {
		q    int
		grey bool
	}{{50, false}, {90, false}, {75, true}, {100, true}} {
		data := goJPEG(t, tc.q, tc.grey)
		inv, err := container.Walk(t.Context(), data, container.Limits{})
		if err != nil {
			t.Fatal(err)
		}
		got, ok := LumaTable(inv, data)
		if !ok {
			t.Fatalf("q%d grey=%v: no luma table", tc.q, tc.grey)
		}
		if got.Q != IJGLuma(tc.q) {
			t.Errorf("q%d grey=%v: luma table %v, want the IJG table", tc.q, tc.grey, got.Q)
		}
	}
	if _, ok := LumaTable(&container.Inventory{Format: "png"}, nil); ok {
		t.Error("a PNG inventory gave a luma table")
	}
	if _, ok := LumaTable(nil, nil); ok {
		t.Error("no inventory gave a luma table")
	}
	if IJGLuma(0) != IJGLuma(1) || IJGLuma(101) != IJGLuma(100) || IJGLuma(50)[0] != 16 {
		t.Error("IJGLuma does not clamp the quality or does not scale Annex K")
	}
}
