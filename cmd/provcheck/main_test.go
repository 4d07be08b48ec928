package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/provcheck/provcheck/reports"
)

var update = flag.Bool("update", false, "rewrite golden reports and generated samples")

// provcheck runs the command in-process from the repository root and
// returns its exit code, standard output and standard error.
func provcheck(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(t.Context(), args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

func fixedClock(t *testing.T) {
	t.Helper()
	old := now
	now = func() time.Time { return time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC) }
	t.Cleanup(func() { now = old })
}

func decode(t *testing.T, s string) reports.Report {
	t.Helper()
	var r reports.Report
	if err := json.Unmarshal([]byte(s), &r); err != nil {
		t.Fatalf("report is not JSON: %v\n%s", err, s)
	}
	return r
}

func TestScanSamplesGolden(t *testing.T) {
	fixedClock(t)
	t.Chdir("../..")
	for _, format := range []string{"json", "table", "ndjson", "csv", "sarif", "html"} {
		t.Run(format, func(t *testing.T) {
			// ndjson writes files as they finish: one worker makes that order stable.
			workers := "3"
			if format == "ndjson" {
				workers = "1"
			}
			code, out, stderr := provcheck(t, "", "scan", "--no-cache", "--workers", workers, "--format", format, "testdata/samples")
			if code != exitOK {
				t.Fatalf("exit %d, stderr: %s", code, stderr)
			}
			golden := filepath.Join("testdata", "golden", "samples."+format)
			if *update {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, []byte(out), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if out != string(want) {
				t.Errorf("report differs from %s (run go test ./cmd/provcheck -update after a deliberate change):\n%s", golden, firstDiff(string(want), out))
			}
		})
	}
}

func firstDiff(want, got string) string {
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(wl) || i < len(gl); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			return "line " + strconv.Itoa(i+1) + ":\n want: " + w + "\n  got: " + g
		}
	}
	return ""
}

func TestExitCodes(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "a.txt")
	if err := os.WriteFile(good, []byte("plain words\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		want int
	}{
		{"ok", []string{"scan", good}, exitOK},
		{"no paths", []string{"scan"}, exitUsage},
		{"unknown flag", []string{"scan", "--nope", good}, exitUsage},
		{"unknown format", []string{"scan", "--format", "xml", good}, exitUsage},
		{"bad glob", []string{"scan", "--include", "[", good}, exitUsage},
		{"bad duration", []string{"scan", "--timeout", "soon", good}, exitUsage},
		{"bad pixel policy", []string{"scan", "--pixels", "sometimes", good}, exitUsage},
		{"missing config", []string{"scan", "--config", filepath.Join(dir, "none.yaml"), good}, exitUsage},
		{"unknown command", []string{"scna"}, exitUsage},
		{"unreadable file", []string{"scan", filepath.Join(dir, "missing.png"), good}, exitUnreadable},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if code, _, stderr := provcheck(t, "", tt.args...); code != tt.want {
				t.Fatalf("exit %d, want %d; stderr: %s", code, tt.want, stderr)
			}
		})
	}
}

func TestUnreadableFileStillReported(t *testing.T) {
	dir := t.TempDir()
	code, out, _ := provcheck(t, "", "scan", "--format", "json", filepath.Join(dir, "missing.png"))
	if code != exitUnreadable {
		t.Fatalf("exit %d", code)
	}
	r := decode(t, out)
	if r.Summary.Errors != 1 || r.Files[0].Verdict != reports.VerdictError {
		t.Fatalf("report %+v", r)
	}
}

func TestStdin(t *testing.T) {
	code, out, stderr := provcheck(t, "As an AI language model, I cannot do that.\n", "scan", "--format", "json", "-")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	r := decode(t, out)
	if len(r.Files) != 1 || r.Files[0].Path != "-" || r.Files[0].MediaType == "" {
		t.Fatalf("stdin not scanned: %+v", r.Files)
	}
}

func TestConfigPrecedence(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "a.txt")
	os.WriteFile(good, []byte("words\n"), 0o644)
	cfg := filepath.Join(dir, "provcheck.yaml")
	if err := os.WriteFile(cfg, []byte("format: json\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	isJSON := func(s string) bool { return strings.HasPrefix(strings.TrimSpace(s), "{") }

	// Config file alone.
	if _, out, _ := provcheck(t, "", "scan", "--config", cfg, good); !isJSON(out) {
		t.Errorf("config file ignored:\n%s", out)
	}
	// Environment beats the config file.
	t.Setenv("PROVCHECK_FORMAT", "table")
	if _, out, _ := provcheck(t, "", "scan", "--config", cfg, good); isJSON(out) {
		t.Errorf("environment did not override the config file")
	}
	// A flag beats the environment.
	if _, out, _ := provcheck(t, "", "scan", "--config", cfg, "--format", "json", good); !isJSON(out) {
		t.Errorf("flag did not override the environment")
	}
	// Nested weight keys come from the environment too.
	t.Setenv("PROVCHECK_WEIGHTS_SUSPECT_THRESHOLD", "7")
	if code, _, stderr := provcheck(t, "", "scan", good); code != exitUsage || !strings.Contains(stderr, "suspect-threshold") {
		t.Errorf("invalid weight from the environment accepted: exit %d, %s", code, stderr)
	}
}

func TestOutputFile(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "a.txt")
	os.WriteFile(good, []byte("words\n"), 0o644)
	dest := filepath.Join(dir, "report.json")
	code, out, _ := provcheck(t, "", "scan", "--format", "json", "--output", dest, good)
	if code != exitOK || out != "" {
		t.Fatalf("exit %d, stdout %q", code, out)
	}
	data, err := os.ReadFile(dest)
	if err != nil {
		t.Fatal(err)
	}
	if r := decode(t, string(data)); r.Summary.Files != 1 {
		t.Fatalf("report %+v", r.Summary)
	}
	if st, err := os.Stat(dest); err != nil {
		t.Error(err)
	} else if st.Mode().Perm() != 0o644 {
		t.Errorf("report mode %v, want 0644", st.Mode().Perm())
	}
	leftovers, _ := filepath.Glob(filepath.Join(dir, ".report.json.*"))
	if len(leftovers) > 0 {
		t.Errorf("temporary files left: %v", leftovers)
	}
}

func TestVersion(t *testing.T) {
	code, out, _ := provcheck(t, "", "version")
	if code != exitOK || !strings.HasPrefix(out, "provcheck "+version) {
		t.Fatalf("exit %d, %q", code, out)
	}
}

func TestDisableDetectors(t *testing.T) {
	t.Chdir("../..")
	_, out, _ := provcheck(t, "", "scan", "--format", "json", "--disable", "generators,xmp", "testdata/samples/ai_comfyui_workflow.png")
	r := decode(t, out)
	if len(r.Files) != 1 {
		t.Fatalf("files %d", len(r.Files))
	}
	for _, d := range r.Files[0].Detectors {
		if strings.HasPrefix(d, "generators@") || strings.HasPrefix(d, "xmp@") {
			t.Errorf("disabled detector %s ran", d)
		}
	}
	if r.Files[0].Verdict == reports.VerdictAIDeclared {
		t.Errorf("verdict still from the disabled generators detector")
	}
	if code, _, _ := provcheck(t, "", "scan", "--disable", "no-such", "testdata/samples"); code != exitUsage {
		t.Errorf("unknown detector name: exit %d, want %d", code, exitUsage)
	}
	code, out, _ := provcheck(t, "", "detectors")
	if code != exitOK || !strings.Contains(out, "generators") || !strings.Contains(out, "c2pa") {
		t.Errorf("detectors listing: exit %d\n%s", code, out)
	}
}

func TestAidsFolder(t *testing.T) {
	dir := t.TempDir()
	code, _, stderr := provcheck(t, "", "scan", "--no-cache", "--aids", dir, "../../testdata/samples/ai_comfyui_workflow.png", "../../testdata/samples/text_chatbot_reply.md")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	ela, _ := filepath.Glob(filepath.Join(dir, "ai_comfyui_workflow.png-*-ela.png"))
	noise, _ := filepath.Glob(filepath.Join(dir, "ai_comfyui_workflow.png-*-noise.png"))
	all, _ := filepath.Glob(filepath.Join(dir, "*"))
	if len(ela) != 1 || len(noise) != 1 || len(all) != 2 {
		t.Fatalf("aids folder holds %v", all)
	}
}

// TestPixelsFlag: by default a file whose metadata declares AI is not
// decoded, and the report says which detectors were skipped; --pixels
// always runs them; the environment sets it too.
func TestPixelsFlag(t *testing.T) {
	t.Chdir("../..")
	sample := filepath.Join("testdata", "samples", "ai_comfyui_workflow.png")
	ran := func(t *testing.T, env string, args ...string) (detectors []string, skipped []reports.SkippedDetector) {
		t.Helper()
		if env != "" {
			t.Setenv("PROVCHECK_PIXELS", env)
		}
		code, out, stderr := provcheck(t, "", append([]string{"scan", "--no-cache", "--format", "json"}, append(args, sample)...)...)
		if code != exitOK {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		r := decode(t, out)
		return r.Files[0].Detectors, r.Files[0].Skipped
	}
	t.Run("auto", func(t *testing.T) {
		dets, skipped := ran(t, "")
		if slices.ContainsFunc(dets, func(d string) bool { return strings.HasPrefix(d, "watermark@") }) {
			t.Errorf("watermark ran on a file that declares AI: %v", dets)
		}
		if !slices.ContainsFunc(skipped, func(s reports.SkippedDetector) bool { return strings.HasPrefix(s.Detector, "watermark@") }) {
			t.Errorf("skipped = %+v, want the watermark detector listed", skipped)
		}
	})
	for name, how := range map[string][2]string{"flag": {"", "--pixels=always"}, "environment": {"always", ""}} {
		t.Run("always by "+name, func(t *testing.T) {
			var args []string
			if how[1] != "" {
				args = []string{how[1]}
			}
			dets, skipped := ran(t, how[0], args...)
			if !slices.ContainsFunc(dets, func(d string) bool { return strings.HasPrefix(d, "watermark@") }) || len(skipped) != 0 {
				t.Errorf("detectors %v, skipped %+v: want every pixel detector run", dets, skipped)
			}
		})
	}
}
