package reports

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"regexp"
	"slices"
	"testing"
)

// streamTemplates are templates with whether they can stream: the ones
// that can must render the same streamed as in memory; the others are
// rendered in memory by WriteSeq, which must render them the same too.
var streamTemplates = []struct {
	name, text string
	streams    bool
}{
	{"list", "{{range .Files}}{{.Verdict}}\t{{oneline .Path}}{{with strongest .}}\t{{.ID}}{{end}}\n{{end}}{{.Summary.Files}} files\n", true},
	{"var", "{{range $f := .Files}}{{$f.Path}} {{json $f.Signals}} {{with $f.Strongest}}{{.ID}}{{end}}\n{{else}}none\n{{end}}", true},
	{"dollar", "{{with .Summary}}{{.Files}} files{{range $.Files}}\n{{.Path}} {{$.Tool.Name}}{{end}}{{end}}\n", true},
	{"twice", "{{range .Files}}{{if .Review}}{{.Path}}\n{{end}}{{end}}--\n{{range .Files}}{{json .}}\n{{end}}", true},
	{"break", "{{range .Files}}{{if eq .Verdict \"error\"}}{{break}}{{end}}{{.Path}}\n{{end}}", true},
	{"define", `{{define "head"}}{{.Tool.Name}} {{.Summary.Files}}{{end}}{{template "head" .}}{{range .Files}} {{.Score}}{{end}}`, true},
	{"len", "{{len .Files}} files\n", false},
	{"index", "{{with index .Files 0}}{{.Path}}{{end}}\n", false},
	{"two vars", "{{range $i, $f := .Files}}{{$i}} {{$f.Path}}\n{{end}}", false},
	{"whole report", "{{json .}}", false},
	{"print file", "{{range .Files}}{{printf \"%T\" .}}\n{{end}}", false},
	{"if files", "{{if .Files}}some{{end}}", false},
	{"report var", "{{$r := .}}{{range $r.Files}}{{.Path}}{{end}}", false},
	{"dollar whole", "{{template \"x\" $}}{{define \"x\"}}{{len .Files}}{{end}}", false},
}

func streamWriters(t *testing.T) map[string]Writer {
	t.Helper()
	ws := map[string]Writer{}
	for _, name := range FormatNames() {
		if name != "template" {
			ws[name] = Formats[name]
		}
	}
	ws["table narrow colour"] = TableWriter{Width: 50, Color: true}
	for _, c := range streamTemplates {
		tw, err := NewTemplateWriter(c.name, c.text)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if got := tw.streams(); got != c.streams {
			t.Errorf("template %s: streams %v, want %v", c.name, got, c.streams)
		}
		ws["template "+c.name] = tw
	}
	return ws
}

// TestMergerWritesEveryFormatAsInMemory: every format written by
// WriteSeq from a Merger's spill file (read back once per pass) is byte
// for byte what Write gives for the same report held in memory.
func TestMergerWritesEveryFormatAsInMemory(t *testing.T) {
	one, err := Read(bytes.NewReader(goldenReport(t, "samples.json")))
	if err != nil {
		t.Fatal(err)
	}
	fx := fixture()
	fx.Tool = one.Tool
	empty := &Report{SchemaVersion: SchemaVersion, Tool: one.Tool, Files: []FileResult{}}
	ws := streamWriters(t)
	for _, parts := range [][]*Report{{one, fx}, {empty}} {
		want, _ := Merge(parts)
		m, err := NewMerger(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range parts {
			var buf bytes.Buffer
			if err := (NDJSONWriter{}).Write(context.Background(), &buf, r); err != nil {
				t.Fatal(err)
			}
			if _, _, err := m.Add(&buf); err != nil {
				t.Fatal(err)
			}
		}
		head := *want
		head.Files = nil
		head.Summary = m.Summary()
		want.Summary = head.Summary
		for name, w := range ws {
			var a, b bytes.Buffer
			werr := w.Write(context.Background(), &a, want)
			serr := WriteSeq(context.Background(), w, &b, &head, m.Files())
			if (werr == nil) != (serr == nil) || m.Err() != nil {
				t.Errorf("%s, %d files: Write %v, WriteSeq %v (spill %v)", name, len(want.Files), werr, serr, m.Err())
				continue
			}
			if !bytes.Equal(a.Bytes(), b.Bytes()) {
				t.Errorf("%s, %d files: streamed output differs from Write (%d bytes against %d)", name, len(want.Files), b.Len(), a.Len())
			}
		}
		m.Close()
	}
}

// TestSARIFStreamIsOneEncoding: the streamed log, decoded and encoded
// again whole by one json.Encoder, gives the same bytes: the results
// written one at a time sit exactly where the encoder would put them.
func TestSARIFStreamIsOneEncoding(t *testing.T) {
	one, err := Read(bytes.NewReader(goldenReport(t, "samples.json")))
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range []*Report{one, fixture(), {SchemaVersion: SchemaVersion, Files: []FileResult{}}} {
		var streamed bytes.Buffer
		if err := (SARIFWriter{}).write(&streamed, r, filesOf(r.Files)); err != nil {
			t.Fatal(err)
		}
		// Raw parts keep their key order; the encoder indents them anew.
		var log struct {
			Schema  string `json:"$schema"`
			Version string `json:"version"`
			Runs    []struct {
				Tool       json.RawMessage   `json:"tool"`
				Results    []json.RawMessage `json:"results"`
				Properties json.RawMessage   `json:"properties,omitempty"`
				Invocation json.RawMessage   `json:"invocations,omitempty"`
			} `json:"runs"`
		}
		if err := json.Unmarshal(streamed.Bytes(), &log); err != nil {
			t.Fatalf("%d files: streamed SARIF is not JSON: %v", len(r.Files), err)
		}
		var whole bytes.Buffer
		enc := json.NewEncoder(&whole)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(log); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(whole.Bytes(), streamed.Bytes()) {
			t.Errorf("%d files: streamed SARIF differs from one encoding (%d bytes against %d)", len(r.Files), streamed.Len(), whole.Len())
		}
		if n := len(log.Runs[0].Results); len(r.Files) > 0 && n == 0 {
			t.Errorf("%d files, no results", len(r.Files))
		}
	}
}

// TestWriteSeqOnePassFormats: the formats that stream in one pass never
// range over the files twice (a sequence that can be read once works).
func TestWriteSeqOnePassFormats(t *testing.T) {
	r := fixture()
	for _, name := range []string{"json", "ndjson", "csv", "html"} {
		passes := 0
		seq := func(yield func(int, FileResult) bool) {
			passes++
			for i, f := range slices.All(r.Files) {
				if !yield(i, f) {
					return
				}
			}
		}
		var b bytes.Buffer
		if err := WriteSeq(context.Background(), Formats[name], &b, r, seq); err != nil {
			t.Fatal(err)
		}
		if passes != 1 {
			t.Errorf("%s: %d passes over the files", name, passes)
		}
	}
}

// limitWriter fails once more than n bytes are written, so a fuzzed
// template cannot grow its output without bound.
type limitWriter struct {
	bytes.Buffer
	n int
}

func (w *limitWriter) Write(p []byte) (int, error) {
	if w.Len()+len(p) > w.n {
		return 0, errTooLong
	}
	return w.Buffer.Write(p)
}

var errTooLong = errors.New("output too long")

// FuzzTemplateStreams: whatever the template, when streams says it can
// stream, the streamed rendering gives the in-memory one's bytes, and
// fails when (and only when) that one fails.
func FuzzTemplateStreams(f *testing.F) {
	for _, c := range streamTemplates {
		f.Add(c.text)
	}
	f.Add("{{range .Files}}{{with .Strongest}}{{.ID}}{{end}}{{range .Signals}}{{.ID}}{{end}}{{end}}")
	f.Add("{{range $.Files}}{{.Reveal}}{{continue}}{{end}}{{.CreatedAt}}")
	fx := fixture()
	long := regexp.MustCompile(`[0-9]{4,}`)
	f.Fuzz(func(t *testing.T, text string) {
		if len(text) > 4096 || long.MatchString(text) {
			return // a range over a large number only takes time
		}
		tw, err := NewTemplateWriter("fuzz", text)
		if err != nil || !tw.streams() {
			return
		}
		mem, streamed := &limitWriter{n: 1 << 20}, &limitWriter{n: 1 << 20}
		merr := tw.Write(context.Background(), mem, fx)
		serr := tw.writeStream(streamed, fx, filesOf(fx.Files))
		if errors.Is(merr, errTooLong) || errors.Is(serr, errTooLong) {
			return
		}
		if (merr == nil) != (serr == nil) {
			t.Fatalf("%q: in memory %v, streamed %v", text, merr, serr)
		}
		if merr == nil && !bytes.Equal(mem.Bytes(), streamed.Bytes()) {
			t.Fatalf("%q: streamed output differs:\n%s\n---\n%s", text, mem.Bytes(), streamed.Bytes())
		}
	})
}
