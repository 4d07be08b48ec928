package reports

import (
	"bytes"
	"context"
	"encoding/json"
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// TestWriteSeqMatchesWrite: every format written from a sequence of files
// is byte for byte what Write gives for the whole report.
func TestWriteSeqMatchesWrite(t *testing.T) {
	one, err := Read(bytes.NewReader(goldenReport(t, "samples.json")))
	if err != nil {
		t.Fatal(err)
	}
	empty := *one
	empty.Files = []FileResult{}
	for _, r := range []*Report{one, &empty} {
		for _, name := range FormatNames() {
			w := Formats[name]
			if name == "template" {
				continue // needs a template: it collects, as any other format
			}
			var want, got bytes.Buffer
			if err := w.Write(context.Background(), &want, r); err != nil {
				t.Fatal(err)
			}
			if err := WriteSeq(context.Background(), w, &got, r, slices.All(r.Files)); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(want.Bytes(), got.Bytes()) {
				t.Errorf("%s, %d files: WriteSeq differs from Write (%d bytes against %d)", name, len(r.Files), got.Len(), want.Len())
			}
		}
	}
}

// TestMergerMatchesMerge: the streaming merge keeps the same files, in
// the same order, with the same summary and duplicates as Merge over
// reports held in memory, whether they are read from JSON or NDJSON.
func TestMergerMatchesMerge(t *testing.T) {
	one, err := Read(bytes.NewReader(goldenReport(t, "samples.json")))
	if err != nil {
		t.Fatal(err)
	}
	var a, b Report
	a.SchemaVersion, b.SchemaVersion = one.SchemaVersion, one.SchemaVersion
	a.Tool, b.Tool = one.Tool, one.Tool
	// Unsorted input, as an NDJSON shard written as files finish.
	for i := len(one.Files) - 1; i >= 0; i-- {
		if i%3 == 0 {
			a.Add(one.Files[i])
		} else {
			b.Add(one.Files[i])
		}
	}
	a.Summary.Discovered, a.Summary.Scanned = len(a.Files)+2, len(a.Files)
	a.Summary.Skipped = map[string]int{"unsupported": 2}
	b.Summary.Discovered, b.Summary.Scanned = len(b.Files), len(b.Files)
	want, wantDups := Merge([]*Report{&b, &a, &b})

	for _, format := range []string{"json", "ndjson"} {
		m, err := NewMerger(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range []*Report{&b, &a, &b} {
			var buf bytes.Buffer
			if err := Formats[format].Write(context.Background(), &buf, r); err != nil {
				t.Fatal(err)
			}
			head, dropped, err := m.Add(&buf)
			if err != nil || len(dropped) > 0 {
				t.Fatalf("%s: %v, dropped %v", format, err, dropped)
			}
			if !reflect.DeepEqual(head.Tool, r.Tool) || len(head.Files) != 0 {
				t.Fatalf("%s: head %+v", format, head.Tool)
			}
		}
		got := slices.Collect(func(yield func(FileResult) bool) {
			for _, f := range m.Files() {
				if !yield(f) {
					return
				}
			}
		})
		if m.Err() != nil {
			t.Fatal(m.Err())
		}
		if len(got) != len(want.Files) {
			t.Fatalf("%s: %d files, want %d", format, len(got), len(want.Files))
		}
		for i := range got {
			if !reflect.DeepEqual(got[i], want.Files[i]) {
				t.Fatalf("%s: file %d is %s, want %s", format, i, got[i].Path, want.Files[i].Path)
			}
		}
		sum := m.Summary()
		if sum.Files != want.Summary.Files || sum.Review != want.Summary.Review || sum.Discovered != want.Summary.Discovered ||
			sum.Scanned != want.Summary.Scanned || !maps.Equal(sum.Verdicts, want.Summary.Verdicts) || !maps.Equal(sum.Skipped, want.Summary.Skipped) {
			t.Errorf("%s: summary %+v, want %+v", format, sum, want.Summary)
		}
		if dups := m.Duplicates(); !reflect.DeepEqual(dups, wantDups) {
			t.Errorf("%s: duplicates %v, want %v", format, dups, wantDups)
		}
		if err := m.Close(); err != nil {
			t.Fatal(err)
		}
	}
}

// TestMergerTruncatedNDJSON: a cut stream keeps every whole line, says
// what it dropped, and its summary is recounted and marked partial.
func TestMergerTruncatedNDJSON(t *testing.T) {
	nd := goldenReport(t, "samples.ndjson")
	cut := bytes.LastIndexByte(nd[:len(nd)/2], '\n') + 5
	m, err := NewMerger(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	head, dropped, err := m.Add(bytes.NewReader(nd[:cut]))
	if err != nil {
		t.Fatal(err)
	}
	whole := bytes.Count(nd[:cut], []byte("\n"))
	if len(dropped) != 1 || dropped[0].Line != whole+1 || m.Len() != whole {
		t.Fatalf("dropped %v, kept %d, want %d whole lines", dropped, m.Len(), whole)
	}
	if !head.Summary.Partial || head.Summary.Files != whole || !m.Summary().Partial {
		t.Fatalf("summary %+v", head.Summary)
	}
}

// TestMergerRefusesNewerSchema: a JSON report of a newer schema is
// refused before its files are read.
func TestMergerRefusesNewerSchema(t *testing.T) {
	m, err := NewMerger(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	for _, in := range []string{
		`{"schemaVersion": 99, "files": [{"path": "a"}]}`,
		`{"schemaVersion": 2, "files": {}}`,
		`[1,2]`,
		`{"schemaVersion": 2, "files": [{"path": "a"},`,
	} {
		if _, _, err := m.Add(bytes.NewReader([]byte(in))); err == nil {
			t.Errorf("%s: read as a report", in)
		}
	}
}

// TestSchemaDeclaresToolFields: every field of Tool is in the published
// schema, so readers validating against it know of each.
func TestSchemaDeclaresToolFields(t *testing.T) {
	var sch struct {
		Defs struct {
			Tool struct {
				Properties map[string]json.RawMessage `json:"properties"`
			} `json:"tool"`
		} `json:"$defs"`
	}
	if err := json.Unmarshal(Schema, &sch); err != nil {
		t.Fatal(err)
	}
	typ := reflect.TypeFor[Tool]()
	for i := range typ.NumField() {
		name, _, _ := strings.Cut(typ.Field(i).Tag.Get("json"), ",")
		if _, ok := sch.Defs.Tool.Properties[name]; !ok {
			t.Errorf("the schema's tool lacks %q", name)
		}
	}
}

// FuzzMergerAdd: whatever a report holds, the streaming merge does not
// panic, reads back every file it kept, and counts what it kept.
func FuzzMergerAdd(f *testing.F) {
	for _, name := range []string{"samples.ndjson", "samples.json"} {
		b := goldenReport(f, name)
		f.Add(b)
		f.Add(b[:len(b)/2])
	}
	f.Add([]byte(`{"schemaVersion":2,"files":[{"path":"a"},{"path":"a"}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := NewMerger(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		defer m.Close()
		if _, _, err := m.Add(bytes.NewReader(data)); err != nil {
			return
		}
		n := 0
		for range m.Files() {
			n++
		}
		if m.Err() != nil || n != m.Len() || m.Summary().Files != n {
			t.Fatalf("read back %d of %d files (summary %d): %v", n, m.Len(), m.Summary().Files, m.Err())
		}
	})
}
