package reports

import (
	"bytes"
	"fmt"
	"slices"
	"testing"
)

// TestJSONStreamMatchesWrite: the streamed JSON report, fed files in any
// order, is byte for byte the report Write gives after sorting.
func TestJSONStreamMatchesWrite(t *testing.T) {
	full := fixture()
	for _, tc := range []struct {
		name  string
		files []FileResult
	}{
		{"none", nil},
		{"in order", full.Files},
		{"reversed", func() []FileResult { f := slices.Clone(full.Files); slices.Reverse(f); return f }()},
	} {
		t.Run(tc.name, func(t *testing.T) {
			meta := *full
			meta.Files = nil
			meta.Summary = Summary{}
			var streamed bytes.Buffer
			s := JSONWriter{}.Stream(&streamed, &meta)
			for i := range tc.files {
				meta.Count(&tc.files[i])
				if err := s.WriteFile(&tc.files[i]); err != nil {
					t.Fatal(err)
				}
			}
			if err := s.Finish(&meta); err != nil {
				t.Fatal(err)
			}
			whole := meta
			whole.Files = slices.Clone(tc.files)
			if whole.Files == nil {
				whole.Files = []FileResult{}
			}
			whole.Sort()
			var written bytes.Buffer
			if err := (JSONWriter{}).Write(t.Context(), &written, &whole); err != nil {
				t.Fatal(err)
			}
			if streamed.String() != written.String() {
				t.Errorf("streamed report differs from the written one:\n%s", firstDiffLine(written.String(), streamed.String()))
			}
		})
	}
}

func firstDiffLine(want, got string) string {
	w, g := bytes.Split([]byte(want), []byte("\n")), bytes.Split([]byte(got), []byte("\n"))
	for i := range max(len(w), len(g)) {
		var a, b []byte
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			b = g[i]
		}
		if !bytes.Equal(a, b) {
			return fmt.Sprintf("line %d: want %s\n got %s", i+1, a, b)
		}
	}
	return ""
}
