package reports

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func goldenReport(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "testdata", "golden", name))
	if err != nil {
		t.Skip(err)
	}
	return b
}

func TestReadLenientCutStream(t *testing.T) {
	nd := goldenReport(t, "samples.ndjson")
	lines := bytes.SplitAfter(nd, []byte("\n"))
	files := len(lines) - 2 // the summary line, and the empty piece after the last newline
	// Cuts at and around every line end, and at a stride between them.
	var cuts []int
	for i := range len(nd) {
		if i%101 == 0 || i < 12 {
			cuts = append(cuts, i)
		}
		if nd[i] == '\n' {
			cuts = append(cuts, i-1, i, i+1, i+2)
		}
	}
	for _, cut := range cuts {
		if cut > len(nd) {
			continue
		}
		rep, dropped, whole, err := ReadLenient(bytes.NewReader(nd[:cut]))
		if cut < len(`{"type":`) {
			// Too little to know it for a report.
			if err == nil {
				t.Fatalf("cut at %d: %q read as a report", cut, nd[:cut])
			}
			continue
		}
		if err != nil {
			t.Fatalf("cut at %d: %v", cut, err)
		}
		// Every whole line before the cut is kept; the rest is dropped and said.
		wholeLines := bytes.Count(nd[:cut], []byte("\n"))
		wantFiles := min(wholeLines, files)
		if len(rep.Files) != wantFiles {
			t.Fatalf("cut at %d: %d files, want %d", cut, len(rep.Files), wantFiles)
		}
		if partial := !bytes.HasSuffix(nd[:cut], []byte("\n")); partial != (len(dropped) == 1) {
			t.Fatalf("cut at %d: dropped %v", cut, dropped)
		}
		if !bytes.HasPrefix(nd, nd[:whole]) || bytes.Count(nd[:whole], []byte("\n")) != wantFiles {
			t.Fatalf("cut at %d: whole %d does not end the last file record", cut, whole)
		}
		if rep.Summary.Files != len(rep.Files) {
			t.Fatalf("cut at %d: summary %d files, report %d", cut, rep.Summary.Files, len(rep.Files))
		}
	}
}

func TestReadLenientDamagedLine(t *testing.T) {
	nd := string(goldenReport(t, "samples.ndjson"))
	lines := strings.SplitAfter(nd, "\n")
	lines[2] = "{\"type\":\"file\",\"path\":\n"
	rep, dropped, _, err := ReadLenient(strings.NewReader(strings.Join(lines, "")))
	if err != nil || len(dropped) != 1 || dropped[0].Line != 3 || len(rep.Files) != len(lines)-3 {
		t.Fatalf("err %v, dropped %v, %d files", err, dropped, len(rep.Files))
	}
}

func TestMergeSplitsBack(t *testing.T) {
	one, err := Read(bytes.NewReader(goldenReport(t, "samples.json")))
	if err != nil {
		t.Fatal(err)
	}
	var a, b Report
	a.Tool, b.Tool = one.Tool, one.Tool
	for i, f := range one.Files {
		if i%2 == 0 {
			a.Add(f)
		} else {
			b.Add(f)
		}
	}
	a.Summary.Discovered, a.Summary.Scanned = len(a.Files), len(a.Files)
	b.Summary.Discovered, b.Summary.Scanned = len(b.Files), len(b.Files)
	m, dups := Merge([]*Report{&b, &a, &b})
	if len(dups) != len(b.Files) {
		t.Errorf("%d duplicates, want %d", len(dups), len(b.Files))
	}
	if len(m.Files) != len(one.Files) || m.Summary.Files != one.Summary.Files || m.Summary.Review != one.Summary.Review {
		t.Errorf("merged %d files, summary %+v; want %+v", len(m.Files), m.Summary, one.Summary)
	}
	for i := range m.Files {
		if m.Files[i].Path != one.Files[i].Path {
			t.Fatalf("file %d is %s, want %s (sorted by path)", i, m.Files[i].Path, one.Files[i].Path)
		}
	}
}

func FuzzReadLenient(f *testing.F) {
	for _, name := range []string{"samples.ndjson", "samples.json"} {
		b := goldenReport(f, name)
		f.Add(b)
		f.Add(b[:len(b)/2])
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		rep, dropped, whole, err := ReadLenient(bytes.NewReader(data))
		if err != nil {
			return
		}
		if whole > int64(len(data)) {
			t.Fatalf("whole %d past the input (%d)", whole, len(data))
		}
		if rep.Summary.Partial && len(dropped) == 0 && whole >= 0 && rep.Summary.Files != len(rep.Files) {
			t.Fatalf("recounted summary %d, files %d", rep.Summary.Files, len(rep.Files))
		}
	})
}

// FuzzReadLenientFunc: the streaming reader a resumed scan uses sees the
// same files, the same cut and the same dropped lines as ReadLenient.
func FuzzReadLenientFunc(f *testing.F) {
	for _, name := range []string{"samples.ndjson", "samples.json"} {
		b := goldenReport(f, name)
		f.Add(b)
		f.Add(b[:len(b)/2])
		f.Add(b[:len(b)-3])
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		rep, dropped, whole, err := ReadLenient(bytes.NewReader(data))
		var paths []string
		head, dropped2, whole2, err2 := ReadLenientFunc(bytes.NewReader(data), func(fr *FileResult) error {
			paths = append(paths, fr.Path)
			return nil
		})
		if whole < 0 || whole2 < 0 {
			// JSON: all or nothing, read by Read or by the streaming
			// decoder; both say it cannot be continued.
			if err == nil && err2 == nil && whole != whole2 {
				t.Fatalf("JSON: whole %d and %d", whole, whole2)
			}
			return
		}
		if (err == nil) != (err2 == nil) {
			t.Fatalf("errors differ: %v / %v", err, err2)
		}
		if err != nil {
			return
		}
		if whole != whole2 || len(dropped) != len(dropped2) || len(paths) != len(rep.Files) {
			t.Fatalf("ReadLenient: whole %d, %d dropped, %d files; ReadLenientFunc: %d, %d, %d", whole, len(dropped), len(rep.Files), whole2, len(dropped2), len(paths))
		}
		for i, p := range paths {
			if rep.Files[i].Path != p {
				t.Fatalf("file %d: %q, want %q", i, p, rep.Files[i].Path)
			}
		}
		if head.Summary.Files != rep.Summary.Files || head.Tool.Version != rep.Tool.Version || head.Tool.Settings != rep.Tool.Settings {
			t.Fatalf("head differs: %+v / %+v", head.Summary, rep.Summary)
		}
	})
}
