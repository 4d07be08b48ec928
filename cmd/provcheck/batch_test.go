package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/provcheck/provcheck/reports"
)

func compileReportSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(reports.Schema))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("report.json", doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile("report.json")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestGoldenReportsMatchSchema checks the committed golden reports, the
// contract other tools read, against the published JSON Schema.
func TestGoldenReportsMatchSchema(t *testing.T) {
	sch := compileReportSchema(t)
	data, err := os.ReadFile("../../testdata/golden/samples.json")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if err := sch.Validate(doc); err != nil {
		t.Errorf("samples.json: %v", err)
	}
	// ndjson: every file record is a file object, the last a summary record.
	c := jsonschema.NewCompiler()
	raw, _ := jsonschema.UnmarshalJSON(bytes.NewReader(reports.Schema))
	c.AddResource("report.json", raw)
	fileSch, err := c.Compile("report.json#/$defs/file")
	if err != nil {
		t.Fatal(err)
	}
	sumSch, err := c.Compile("report.json#/$defs/summaryRecord")
	if err != nil {
		t.Fatal(err)
	}
	nd, err := os.ReadFile("../../testdata/golden/samples.ndjson")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(nd)), "\n")
	for i, line := range lines {
		v, err := jsonschema.UnmarshalJSON(strings.NewReader(line))
		if err != nil {
			t.Fatal(err)
		}
		s := fileSch
		if i == len(lines)-1 {
			s = sumSch
		}
		if err := s.Validate(v); err != nil {
			t.Errorf("ndjson line %d: %v", i+1, err)
		}
	}
}

// writeFiles makes a folder of files and returns its path.
func writeFiles(t *testing.T, files map[string][]byte) string {
	t.Helper()
	dir := t.TempDir()
	for name, data := range files {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func sampleBytes(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "samples", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestFailOn(t *testing.T) {
	dir := writeFiles(t, map[string][]byte{
		"ai.png":    sampleBytes(t, "ai_comfyui_workflow.png"),
		"edit.jpg":  sampleBytes(t, "edited_gimp_camera.jpg"),
		"chat.md":   sampleBytes(t, "text_chatbot_reply.md"),
		"plain.txt": []byte("plain words\n"),
	})
	only := func(names ...string) []string {
		var out []string
		for _, n := range names {
			out = append(out, filepath.Join(dir, n))
		}
		return out
	}
	tests := []struct {
		name  string
		args  []string
		paths []string
		want  int
	}{
		{"default never fails on findings", nil, only("ai.png"), exitOK},
		{"ai-declared hit", []string{"--fail-on", "ai-declared"}, only("ai.png", "plain.txt"), exitFindings},
		{"ai-declared miss", []string{"--fail-on", "ai-declared"}, only("edit.jpg", "chat.md"), exitOK},
		{"ai-suspected covers declared", []string{"--fail-on", "ai-suspected"}, only("ai.png"), exitFindings},
		{"ai-suspected hit", []string{"--fail-on", "ai-suspected"}, only("chat.md"), exitFindings},
		{"ai-verified miss", []string{"--fail-on", "ai-verified"}, only("ai.png", "chat.md"), exitOK},
		{"manipulated miss", []string{"--fail-on", "manipulated"}, only("ai.png"), exitOK},
		{"review", []string{"--fail-on", "review"}, only("chat.md"), exitFindings},
		{"custom exit code", []string{"--fail-on", "review", "--exit-code", "42"}, only("ai.png"), 42},
		{"findings beat unreadable", []string{"--fail-on", "review"}, append(only("ai.png"), filepath.Join(dir, "gone.png")), exitFindings},
		{"unreadable alone", []string{"--fail-on", "ai-declared"}, append(only("plain.txt"), filepath.Join(dir, "gone.png")), exitUnreadable},
		{"bad level", []string{"--fail-on", "ai"}, only("plain.txt"), exitUsage},
		{"bad exit code", []string{"--fail-on", "review", "--exit-code", "0"}, only("plain.txt"), exitUsage},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append(append([]string{"scan", "--format", "json"}, tt.args...), tt.paths...)
			if code, _, stderr := provcheck(t, "", args...); code != tt.want {
				t.Fatalf("exit %d, want %d; stderr: %s", code, tt.want, stderr)
			}
		})
	}
}

func TestConvert(t *testing.T) {
	fixedClock(t)
	t.Chdir("../..")
	code, jsonOut, stderr := provcheck(t, "", "scan", "--no-cache", "--format", "json", "testdata/samples")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	_, ndOut, _ := provcheck(t, "", "scan", "--no-cache", "--format", "ndjson", "testdata/samples")
	dir := t.TempDir()
	saved := filepath.Join(dir, "report.json")
	savedND := filepath.Join(dir, "report.ndjson")
	os.WriteFile(saved, []byte(jsonOut), 0o644)
	os.WriteFile(savedND, []byte(ndOut), 0o644)
	for _, format := range []string{"json", "table", "csv", "sarif", "html"} {
		want, err := os.ReadFile(filepath.Join("testdata", "golden", "samples."+format))
		if err != nil {
			t.Fatal(err)
		}
		for _, in := range []string{saved, savedND} {
			code, out, stderr := provcheck(t, "", "convert", "--format", format, in)
			if code != exitOK {
				t.Fatalf("%s from %s: exit %d: %s", format, in, code, stderr)
			}
			if out != string(want) {
				t.Errorf("convert %s to %s differs from the scan's own output:\n%s", filepath.Base(in), format, firstDiff(string(want), out))
			}
		}
	}
	// The format follows the output file's extension.
	dest := filepath.Join(dir, "out.sarif")
	if code, _, stderr := provcheck(t, "", "convert", "-o", dest, saved); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if b, _ := os.ReadFile(dest); !bytes.Contains(b, []byte(`"version": "2.1.0"`)) {
		t.Errorf("out.sarif is not SARIF:\n%.200s", b)
	}
	// Not a report, or a report from the future: usage errors.
	os.WriteFile(filepath.Join(dir, "future.json"), []byte(`{"schemaVersion": 99, "files": []}`), 0o644)
	for _, bad := range []string{filepath.Join(dir, "future.json"), filepath.Join(dir, "missing.json"), "README.md"} {
		if code, _, _ := provcheck(t, "", "convert", "--format", "csv", bad); code != exitUsage {
			t.Errorf("%s: exit %d, want %d", bad, code, exitUsage)
		}
	}
}

func TestFormatFromOutputExtension(t *testing.T) {
	dir := writeFiles(t, map[string][]byte{"a.txt": []byte("words\n")})
	for ext, prefix := range map[string]string{".csv": "path,sha256", ".ndjson": `{"type":"file"`, ".html": "<!DOCTYPE html>", ".sarif": "{\n  \"$schema\""} {
		dest := filepath.Join(dir, "report"+ext)
		if code, _, stderr := provcheck(t, "", "scan", "-o", dest, filepath.Join(dir, "a.txt")); code != exitOK {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		b, _ := os.ReadFile(dest)
		if !strings.HasPrefix(string(b), prefix) {
			t.Errorf("%s: starts %.40q", ext, b)
		}
	}
	// An explicit --format wins over the extension.
	dest := filepath.Join(dir, "report.csv")
	provcheck(t, "", "scan", "--format", "json", "-o", dest, filepath.Join(dir, "a.txt"))
	if b, _ := os.ReadFile(dest); !strings.HasPrefix(string(b), "{") {
		t.Errorf("--format json ignored: %.40q", b)
	}
}

func TestTemplateFormat(t *testing.T) {
	dir := writeFiles(t, map[string][]byte{"a.txt": []byte("words\n"), "t.tmpl": []byte("{{range .Files}}{{.Verdict}} {{.Path}}\n{{end}}")})
	code, out, stderr := provcheck(t, "", "scan", "--format", "template", "--template", filepath.Join(dir, "t.tmpl"), filepath.Join(dir, "a.txt"))
	if code != exitOK || out != "no-signals "+filepath.Join(dir, "a.txt")+"\n" {
		t.Fatalf("exit %d, %q, %s", code, out, stderr)
	}
	if code, _, _ := provcheck(t, "", "scan", "--format", "template", filepath.Join(dir, "a.txt")); code != exitUsage {
		t.Errorf("template format without a template: exit %d", code)
	}
}

func TestBaselineAndIgnore(t *testing.T) {
	dir := writeFiles(t, map[string][]byte{
		"ai.png":   sampleBytes(t, "ai_comfyui_workflow.png"),
		"edit.jpg": sampleBytes(t, "edited_gimp_camera.jpg"),
	})
	_, first, _ := provcheck(t, "", "scan", "--format", "json", dir)
	base := filepath.Join(t.TempDir(), "base.json")
	os.WriteFile(base, []byte(first), 0o644)

	// Nothing new: no files, and the baseline summary says why.
	code, out, stderr := provcheck(t, "", "scan", "--format", "json", "--baseline", base, "--fail-on", "ai-declared", dir)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	r := decode(t, out)
	if len(r.Files) != 0 || r.Summary.Baseline == nil || r.Summary.Baseline.HiddenFiles != 2 || r.Summary.Scanned != 2 {
		t.Fatalf("baseline run: %+v %+v", r.Files, r.Summary.Baseline)
	}
	// A new file, even a renamed copy of an old one, is judged by content.
	os.WriteFile(filepath.Join(dir, "renamed.png"), sampleBytes(t, "ai_comfyui_workflow.png"), 0o644)
	os.WriteFile(filepath.Join(dir, "new.png"), sampleBytes(t, "ai_novelai_text_chunks.png"), 0o644)
	code, out, _ = provcheck(t, "", "scan", "--format", "json", "--baseline", base, "--fail-on", "ai-declared", dir)
	r = decode(t, out)
	if code != exitFindings || len(r.Files) != 1 || filepath.Base(r.Files[0].Path) != "new.png" || r.Files[0].Signals[0].BaselineState != "new" {
		t.Fatalf("exit %d, files %+v", code, r.Files)
	}

	// An ignore file suppresses by signal and path, rescoring the file.
	ign := filepath.Join(t.TempDir(), "ignore.yaml")
	os.WriteFile(ign, []byte(`ignore:
  - id: "png.comfyui-*"
    paths: ["**/ai.png"]
    reason: our own render
    reviewer: photo desk
  - id: exif.camera
    expires: 2020-01-01
  - sha256: "0000000000000000000000000000000000000000000000000000000000000000"
`), 0o644)
	code, out, stderr = provcheck(t, "", "scan", "--format", "json", "--ignore-file", ign, "--fail-on", "ai-declared", filepath.Join(dir, "ai.png"))
	r = decode(t, out)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	f := r.Files[0]
	if len(f.Signals) != 0 || len(f.Suppressed) != 2 || f.Verdict != reports.VerdictNoSignals || f.Suppressed[0].IgnoredBy.Reviewer != "photo desk" {
		t.Fatalf("suppression: verdict %s, signals %d, suppressed %+v", f.Verdict, len(f.Signals), f.Suppressed)
	}
	s := r.Summary.Ignore
	if s == nil || s.Suppressed != 2 || len(s.Expired) != 1 || len(s.Unused) != 1 {
		t.Fatalf("ignore summary %+v", s)
	}
	// The default ignore file is read from the working folder.
	t.Chdir(filepath.Dir(ign))
	os.Rename(ign, reports.DefaultIgnoreFile)
	_, out, _ = provcheck(t, "", "scan", "--format", "json", filepath.Join(dir, "ai.png"))
	if r := decode(t, out); r.Summary.Ignore == nil || r.Summary.Ignore.Suppressed != 2 {
		t.Errorf("default ignore file not read")
	}
	os.WriteFile(reports.DefaultIgnoreFile, []byte("ignore:\n  - expires: soon\n"), 0o644)
	if code, _, _ := provcheck(t, "", "scan", filepath.Join(dir, "ai.png")); code != exitUsage {
		t.Errorf("broken ignore file: exit %d", code)
	}
}

func TestSummaryCountsEveryFile(t *testing.T) {
	dir := writeFiles(t, map[string][]byte{
		"a.png": sampleBytes(t, "ai_comfyui_workflow.png"), "b.txt": []byte("x\n"), "c.tmp": []byte("y\n"),
		"asset.jpg": sampleBytes(t, "camera_canon_eos.jpg"), "asset.c2pa": []byte("not really"),
	})
	code, out, stderr := provcheck(t, "", "scan", "--format", "json", "--exclude", "*.tmp", dir)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	s := decode(t, out).Summary
	if s.Discovered != 5 || s.Scanned != 3 || s.Skipped["excluded"] != 1 || s.Skipped["c2pa-sidecar"] != 1 || s.Partial {
		t.Fatalf("summary %+v", s)
	}
}

// TestInterruptWritesPartialReport cancels a scan from inside (as Ctrl-C
// does): the report is complete JSON, says partial, counts the files left,
// and the exit code is 130.
func TestInterruptWritesPartialReport(t *testing.T) {
	files := map[string][]byte{}
	for i := range 40 {
		files[filepath.Join("d", string(rune('a'+i%26))+strings.Repeat("x", i/26)+".png")] = sampleBytes(t, "ai_comfyui_workflow.png")
	}
	dir := writeFiles(t, files)
	for _, format := range []string{"json", "ndjson"} {
		t.Run(format, func(t *testing.T) {
			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			var outb bytes.Buffer
			// Cancel once a few files are done: the debug log on standard
			// error says when each file is scanned.
			seen := 0
			errw := writerFunc(func(p []byte) (int, error) {
				seen += bytes.Count(p, []byte("msg=scanned"))
				if seen >= 3 {
					cancel()
				}
				return len(p), nil
			})
			args := []string{"scan", "--no-cache", "--workers", "1", "--log-level", "debug", "--format", format, dir}
			code := run(ctx, args, strings.NewReader(""), &outb, errw)
			if code != exitInterrupted {
				t.Fatalf("exit %d, want %d", code, exitInterrupted)
			}
			r, err := reports.Read(bytes.NewReader(outb.Bytes()))
			if err != nil {
				t.Fatalf("partial report unreadable: %v\n%s", err, outb.String())
			}
			s := r.Summary
			if !s.Partial || s.Skipped["interrupted"] == 0 || s.Scanned+s.Skipped["interrupted"] != 40 || s.Files != len(r.Files) {
				t.Fatalf("summary %+v, %d files", s, len(r.Files))
			}
			if format == "ndjson" {
				sc := bufio.NewScanner(bytes.NewReader(outb.Bytes()))
				sc.Buffer(nil, 1<<20)
				var last map[string]any
				for sc.Scan() {
					last = nil
					json.Unmarshal(sc.Bytes(), &last)
				}
				if last["type"] != "summary" {
					t.Errorf("last ndjson line is %v, want the summary", last["type"])
				}
			}
		})
	}
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }

func TestCache(t *testing.T) {
	cacheDir := t.TempDir()
	dir := writeFiles(t, map[string][]byte{
		"a.png": sampleBytes(t, "ai_comfyui_workflow.png"), "b.jpg": sampleBytes(t, "edited_gimp_camera.jpg"),
	})
	// Old modification times, so the stat index may remember them.
	for _, n := range []string{"a.png", "b.jpg"} {
		os.Chtimes(filepath.Join(dir, n), fixedTime, fixedTime)
	}
	scan := func(extra ...string) (reports.Report, string) {
		t.Helper()
		args := append([]string{"scan", "--format", "json", "--log-level", "info", "--cache-dir", cacheDir}, extra...)
		code, out, stderr := provcheck(t, "", append(args, dir)...)
		if code != exitOK {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		r := decode(t, out)
		r.CreatedAt = fixedTime
		return r, stderr
	}
	first, log1 := scan()
	second, log2 := scan()
	if !strings.Contains(log1, "hits=0 misses=2") || !strings.Contains(log2, "hits=2 misses=0") {
		t.Fatalf("cache use:\n%s\n%s", log1, log2)
	}
	a, _ := json.Marshal(first)
	b, _ := json.Marshal(second)
	if !bytes.Equal(a, b) {
		t.Fatal("cached report differs from the first")
	}
	// A corrupt entry is a miss, and is rewritten.
	var entries []string
	filepath.Walk(cacheDir, func(p string, info os.FileInfo, err error) error {
		if err == nil && info.Mode().IsRegular() {
			entries = append(entries, p)
		}
		return nil
	})
	if len(entries) != 4 { // two results, two stat records
		t.Fatalf("%d cache entries: %v", len(entries), entries)
	}
	for _, p := range entries {
		os.WriteFile(p, []byte(`{"key":"trunc`), 0o600)
	}
	third, log3 := scan()
	if !strings.Contains(log3, "hits=0 misses=2") {
		t.Fatalf("corrupt entries used:\n%s", log3)
	}
	c, _ := json.Marshal(third)
	if !bytes.Equal(a, c) {
		t.Fatal("report after corrupt cache differs")
	}
	if _, log4 := scan(); !strings.Contains(log4, "hits=2") {
		t.Fatalf("entries not rewritten:\n%s", log4)
	}
	// A changed file is scanned again; --no-cache reads nothing.
	os.WriteFile(filepath.Join(dir, "b.jpg"), sampleBytes(t, "ai_novelai_text_chunks.png"), 0o644)
	if _, log5 := scan(); !strings.Contains(log5, "hits=1 misses=1") {
		t.Fatalf("changed file served from the cache:\n%s", log5)
	}
	if _, log6 := scan("--no-cache"); strings.Contains(log6, "results cache") {
		t.Fatalf("--no-cache used the cache:\n%s", log6)
	}
}

var fixedTime = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
