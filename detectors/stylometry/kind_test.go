package stylometry

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/provcheck/provcheck/internal/corpus"
)

func TestTextKind(t *testing.T) {
	prose := strings.Repeat("The council met on Tuesday, and the mayor, who had been away, spoke first. Nobody expected the vote to pass. ", 20)
	tests := []struct{ name, body, want string }{
		{"prose", prose, ""},
		{"markdown", "# Title\n\n" + prose + "\n\n- a point, made\n- another point\n", ""},
		{"csv", "file,label,notes\na.png,ai,\"made with, commas\"\nb.jpg,camera,plain\nc.jpg,edited,GIMP\n", "CSV data"},
		{"tsv", "a\tb\tc\n1\t2\t3\n4\t5\t6\n", "CSV data"},
		{"json", `{"files": [{"path": "a.png", "verdict": "ai-declared"}], "n": 1}`, "JSON data"},
		{"jsonl", "{\"a\":1}\n{\"a\":2}\n{\"a\":3}\n", "JSON Lines data"},
		{"svg", `<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>`, "XML or SVG markup"},
		{"xml", "<?xml version=\"1.0\"?>\n<root><a>text, and more text.</a></root>", "XML or SVG markup"},
		{"go", "package main\n\nimport \"fmt\"\n\nfunc main() {\n\tx := 1\n\tfmt.Println(x)\n}\n", "source code"},
		{"log", "2026-12-07 10:00:01 INFO started\n2026-12-07 10:00:02 WARN slow disk, retrying\n2026-12-07 10:00:03 ERROR gave up\n", "a log"},
	}
	for _, tt := range tests {
		if got, why := TextKind(tt.body); got != tt.want || (got != "" && why == "") {
			t.Errorf("%s: TextKind = %q (%s), want %q", tt.name, got, why, tt.want)
		}
	}
}

// TestTextKindCorpusProse: every labelled text of the shared corpus is
// prose, so none may be taken for data, markup, code or a log; the corpus
// tables themselves (labels.csv, reference.jsonl) must be.
func TestTextKindCorpusProse(t *testing.T) {
	root := corpus.Path(t)
	f, err := os.Open(corpus.Path(t, "text", "labels.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range rows[1:] {
		data, err := os.ReadFile(filepath.Join(root, "text", row[0]))
		if err != nil {
			t.Fatal(err)
		}
		if kind, why := TextKind(string(data)); kind != "" {
			t.Errorf("%s (%s) taken for %s: %s", row[0], row[1], kind, why)
		}
	}
	for _, tt := range []struct{ file, want string }{
		{"images/labels.csv", "CSV data"}, {"c2pa/labels.csv", "CSV data"}, {"text/labels.csv", "CSV data"},
		{"c2pa/reference.jsonl", "JSON Lines data"}, {"c2pa-conformance/reference.jsonl", "JSON Lines data"},
	} {
		data, err := os.ReadFile(filepath.Join(root, tt.file))
		if err != nil {
			t.Fatal(err)
		}
		if kind, _ := TextKind(string(data)); kind != tt.want {
			t.Errorf("%s: %q, want %q", tt.file, kind, tt.want)
		}
	}
}

func FuzzTextKind(f *testing.F) {
	for _, s := range []string{"a,b\n1,2\n3,4\n", `{"a":[1,2]}`, "{\"a\":1}\n{\"b\":2}\n", "<svg/>", "<?xml?><a/>", "func main() {\n}\n", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if kind, why := TextKind(s); (kind == "") != (why == "") {
			t.Errorf("kind %q with reason %q", kind, why)
		}
	})
}
