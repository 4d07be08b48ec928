package reports

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	stdhtml "html"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	sarifv210 "github.com/owenrumney/go-sarif/v3/pkg/report/v210/sarif"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

func TestSARIFValid(t *testing.T) {
	for name, r := range map[string]*Report{"fixture": fixture(), "empty": {SchemaVersion: 1, Tool: Tool{Name: "provcheck", Version: "1"}, Files: []FileResult{}}} {
		t.Run(name, func(t *testing.T) {
			out := render(t, SARIFWriter{}, r)
			if _, err := sarifv210.FromBytes(out); err != nil {
				t.Fatal(err)
			}
			var doc0 any
			if err := json.Unmarshal(out, &doc0); err != nil {
				t.Fatal(err)
			}
			if err := compileSARIFSchema(t).Validate(doc0); err != nil {
				t.Fatalf("not valid SARIF 2.1.0: %v", err)
			}
			// What GitHub code scanning needs beyond the schema.
			var doc struct {
				Runs []struct {
					Results *[]struct {
						RuleID              string            `json:"ruleId"`
						PartialFingerprints map[string]string `json:"partialFingerprints"`
						Locations           []struct {
							PhysicalLocation struct {
								ArtifactLocation struct {
									URI string `json:"uri"`
								} `json:"artifactLocation"`
							} `json:"physicalLocation"`
						} `json:"locations"`
					} `json:"results"`
					Tool struct {
						Driver struct {
							Rules []struct {
								ID string `json:"id"`
							} `json:"rules"`
						} `json:"driver"`
					} `json:"tool"`
				} `json:"runs"`
			}
			if err := json.Unmarshal(out, &doc); err != nil {
				t.Fatal(err)
			}
			if len(doc.Runs) != 1 || doc.Runs[0].Results == nil {
				t.Fatalf("want one run with a results array, even empty:\n%s", out)
			}
			rules := map[string]bool{}
			for _, r := range doc.Runs[0].Tool.Driver.Rules {
				rules[r.ID] = true
			}
			for _, res := range *doc.Runs[0].Results {
				if !rules[res.RuleID] {
					t.Errorf("result rule %q not in the catalogue", res.RuleID)
				}
				if len(res.Locations) == 0 || res.Locations[0].PhysicalLocation.ArtifactLocation.URI == "" {
					t.Errorf("result %s has no artifact location", res.RuleID)
				}
				if res.PartialFingerprints[sarifFingerprintKey] == "" {
					t.Errorf("result %s has no partial fingerprint", res.RuleID)
				}
			}
			if name == "fixture" && len(*doc.Runs[0].Results) != 6 {
				t.Errorf("%d results, want 5 signals + 1 unreadable file", len(*doc.Runs[0].Results))
			}
		})
	}
}

func TestCSVDefusesFormulas(t *testing.T) {
	out := render(t, CSVWriter{}, fixture())
	rows, err := csv.NewReader(bytes.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 6 || rows[0][0] != "path" {
		t.Fatalf("%d rows, header %v", len(rows), rows[0])
	}
	for _, row := range rows[1:] {
		for i, cell := range row {
			if cell != "" && strings.ContainsRune("=+@\t\r", rune(cell[0])) {
				t.Errorf("column %s starts a formula: %q", rows[0][i], cell)
			}
			if strings.ContainsRune(cell, 0x1b) {
				t.Errorf("column %s keeps a terminal escape: %q", rows[0][i], cell)
			}
		}
	}
	for _, c := range []struct{ in, want string }{
		{"=1+1", "'=1+1"}, {"-2+3", "'-2+3"}, {"@SUM(A1)", "'@SUM(A1)"}, {"-0.5", "-0.5"}, {"-", "-"}, {"photo.png", "photo.png"},
	} {
		if got := csvCell(c.in); got != c.want {
			t.Errorf("csvCell(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestHTMLEscapesHostileInput(t *testing.T) {
	out := string(render(t, HTMLWriter{}, fixture()))
	for _, bad := range []string{"<script>alert(1)", "<img src=x", "<b>grandparent"} {
		if strings.Contains(out, bad) {
			t.Errorf("HTML contains %q unescaped", bad)
		}
	}
	// One script, the report's own (allowed by its hash), and nothing loaded.
	if strings.Count(out, "<script") != 1 || !strings.Contains(out, "<script>"+string(htmlJS)+"</script>") ||
		strings.Contains(out, "http://") && strings.Contains(out, "src=\"http") {
		t.Error("the page loads or runs something besides its own decisions script")
	}
	if csp := HTMLContentSecurityPolicy(); !strings.Contains(csp, "style-src 'sha256-") || !strings.Contains(stdhtml.UnescapeString(out), csp) {
		t.Errorf("policy %q not in the page", csp)
	}
	for _, want := range []string{`class="badge v-ai-verified"`, `class="card is-ai-declared needs-review`, "Content-Security-Policy", "default-src &#39;none&#39;", "grandparent", "claimSignature.validated", "Expired ignore entries"} {
		if !strings.Contains(out, want) {
			t.Errorf("HTML lacks %q", want)
		}
	}
}

func TestReadRoundTrip(t *testing.T) {
	for _, w := range []Writer{JSONWriter{}, NDJSONWriter{}} {
		r := fixture()
		got, err := Read(bytes.NewReader(render(t, w, r)))
		if err != nil {
			t.Fatal(err)
		}
		got.Sort()
		a, b := render(t, JSONWriter{}, r), render(t, JSONWriter{}, got)
		if !bytes.Equal(a, b) {
			t.Errorf("%T: read back differs", w)
		}
	}
	if _, err := Read(strings.NewReader(`{"schemaVersion": 3, "files": []}`)); err == nil || !strings.Contains(err.Error(), "newer") {
		t.Errorf("newer schema accepted: %v", err)
	}
	if _, err := Read(strings.NewReader(`[1,2]`)); err == nil {
		t.Error("a JSON array read as a report")
	}
	// A stream cut before its summary keeps its files and says it is partial.
	nd := render(t, NDJSONWriter{}, fixture())
	cut := nd[:bytes.LastIndex(nd[:len(nd)-1], []byte("\n"))+1]
	got, err := Read(bytes.NewReader(cut))
	if err != nil || len(got.Files) != 5 || !got.Summary.Partial || got.Summary.Files != 5 {
		t.Fatalf("cut stream: %v %+v", err, got)
	}
}

func TestSchemaAcceptsReports(t *testing.T) {
	sch := compileSchema(t)
	var doc any
	if err := json.Unmarshal(render(t, JSONWriter{}, fixture()), &doc); err != nil {
		t.Fatal(err)
	}
	if err := sch.Validate(doc); err != nil {
		t.Fatalf("fixture report: %v", err)
	}
	// The schema must reject what breaks the contract.
	bad := map[string]func(m map[string]any){
		"unknown verdict": func(m map[string]any) { file(m)["verdict"] = "human" },
		"no signals":      func(m map[string]any) { delete(file(m), "signals") },
		"bad direction": func(m map[string]any) {
			for _, f := range m["files"].([]any) {
				if sigs := f.(map[string]any)["signals"].([]any); len(sigs) > 0 {
					sigs[0].(map[string]any)["direction"] = "maybe"
				}
			}
		},
		"version 3": func(m map[string]any) { m["schemaVersion"] = 3 },
		"bad reveal segment": func(m map[string]any) {
			for _, f := range m["files"].([]any) {
				for _, s := range f.(map[string]any)["signals"].([]any) {
					ev, _ := s.(map[string]any)["evidence"].(map[string]any)
					if ex, ok := ev["reveal"].([]any); ok {
						ex[0].(map[string]any)["segments"].([]any)[0].(map[string]any)["kind"] = "script"
					}
				}
			}
		},
	}
	for name, mutate := range bad {
		var m map[string]any
		json.Unmarshal(render(t, JSONWriter{}, fixture()), &m)
		mutate(m)
		if err := sch.Validate(any(m)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func file(m map[string]any) map[string]any { return m["files"].([]any)[0].(map[string]any) }

func compileSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(Schema))
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

func TestIgnoreFile(t *testing.T) {
	today := time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)
	yaml := `ignore:
  - id: "png.*"
    paths: ["uploads/**"]
    reason: our own renders
    reviewer: desk
  - sha256: ` + sha('c') + `
    reason: never matches a signal
  - id: exif.camera
    expires: 2026-11-26
    reason: lapsed yesterday
  - id: c2pa.ai-generated
    expires: 2026-11-27
    reason: still valid today
`
	l, err := ParseIgnore("ig.yaml", []byte(yaml), today)
	if err != nil {
		t.Fatal(err)
	}
	r := fixture()
	changed := 0
	for i := range r.Files {
		f := &r.Files[i]
		f.Suppressed = nil
		if l.Apply(f) {
			changed++
		}
	}
	if changed != 2 {
		t.Fatalf("%d files changed, want 2", changed)
	}
	for _, f := range r.Files {
		if len(f.Signals) != 0 && (f.Signals[0].ID == "png.comfyui-prompt" || f.Signals[0].ID == "c2pa.ai-generated") {
			t.Errorf("%s: %s not suppressed", f.Path, f.Signals[0].ID)
		}
	}
	s := l.Summary()
	if s.Suppressed != 2 || len(s.Unused) != 1 || len(s.Expired) != 1 || s.Expired[0].ID != "exif.camera" {
		t.Fatalf("summary %+v", s)
	}

	for name, bad := range map[string]string{
		"empty entry":  "ignore:\n  - reason: nothing to match\n",
		"bad date":     "ignore:\n  - id: a.b\n    expires: tomorrow\n",
		"bad glob":     "ignore:\n  - paths: ['[']\n",
		"unknown key":  "ignore:\n  - id: a.b\n    until: 2027-01-01\n",
		"not yaml map": "- 1\n",
	} {
		if _, err := ParseIgnore("x", []byte(bad), today); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if l, err := ParseIgnore("x", nil, today); err != nil || l.Summary().Suppressed != 0 {
		t.Errorf("empty ignore file: %v", err)
	}
}

func TestBaseline(t *testing.T) {
	old := fixture()
	b := NewBaseline("old.json", old)
	r := fixture()
	// One new finding in an old file, and a new file.
	plain := slices.IndexFunc(r.Files, func(f FileResult) bool { return f.Path == "notes/plain.txt" })
	r.Files[plain].Signals = append(r.Files[plain].Signals, Signal{ID: "text.hidden-characters", Direction: DirInfo, Strength: StrengthWeak})
	r.Files = append(r.Files, FileResult{Path: "new.png", SHA256: sha('d'), Signals: []Signal{{ID: "png.novelai"}}})
	var sum BaselineSummary
	var kept []string
	for i := range r.Files {
		if b.Compare(&r.Files[i], &sum) {
			kept = append(kept, r.Files[i].Path)
		}
	}
	want := []string{"broken/empty.png", "notes/plain.txt", "new.png"}
	if strings.Join(kept, ",") != strings.Join(want, ",") {
		t.Errorf("kept %v, want %v", kept, want)
	}
	if sum.Unchanged != 5 || sum.HiddenFiles != 3 {
		t.Errorf("summary %+v", sum)
	}
	if r.Files[plain].Signals[0].BaselineState != BaselineNew {
		t.Errorf("new finding marked %q", r.Files[plain].Signals[0].BaselineState)
	}
}

func TestFormatForPath(t *testing.T) {
	for in, want := range map[string]string{"r.sarif": "sarif", "R.HTML": "html", "x.jsonl": "ndjson", "a/b.csv": "csv", "r.json": "json", "report": "", "-": ""} {
		got, _ := FormatForPath(in)
		if got != want {
			t.Errorf("%s: %q, want %q", in, got, want)
		}
	}
}

func TestThumbnailPixelCap(t *testing.T) {
	var buf bytes.Buffer
	png.Encode(&buf, image.NewGray(image.Rect(0, 0, 300, 200)))
	if _, err := Thumbnail(buf.Bytes(), 300*200-1); err == nil {
		t.Error("image over the pixel cap decoded")
	}
	u, err := Thumbnail(buf.Bytes(), 300*200)
	if err != nil || !strings.HasPrefix(string(u), "data:image/jpeg;base64,") {
		t.Fatalf("%v %.40s", err, u)
	}
	if _, err := Thumbnail([]byte("not an image"), 1e6); err == nil {
		t.Error("garbage made a thumbnail")
	}
}

func TestTemplateNeedsTemplate(t *testing.T) {
	if err := (TemplateWriter{}).Write(t.Context(), &bytes.Buffer{}, fixture()); err != ErrNoTemplate {
		t.Errorf("got %v", err)
	}
	if _, err := NewTemplateWriter("bad", "{{.Nope"); err == nil {
		t.Error("bad template parsed")
	}
}

// compileSARIFSchema compiles the OASIS SARIF 2.1.0 schema (errata 01) that the
// go-sarif module ships in its source, so the test checks our bytes, not a
// round trip through someone's structs. The module is a test dependency,
// always in the module cache when this test builds.
func compileSARIFSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	dir, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/owenrumney/go-sarif/v3").Output()
	if err != nil {
		t.Skipf("go list: %v", err)
	}
	src, err := os.ReadFile(filepath.Join(strings.TrimSpace(string(dir)), "pkg", "report", "v210", "sarif", "schema.go"))
	if err != nil {
		t.Fatal(err)
	}
	start, end := bytes.IndexByte(src, '`'), bytes.LastIndexByte(src, '`')
	if start < 0 || end <= start {
		t.Fatal("schema.go: no schema literal")
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(src[start+1 : end]))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("sarif-2.1.0.json", doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile("sarif-2.1.0.json")
	if err != nil {
		t.Fatal(err)
	}
	return s
}
