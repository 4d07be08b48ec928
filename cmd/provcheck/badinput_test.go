package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/provcheck/provcheck/reports"
)

// TestBadInputs scans a folder of damaged and hostile files: each gets a
// clear per-file error or warning, nothing stops the batch, and the exit
// code says that some files could not be read.
func TestBadInputs(t *testing.T) {
	samples := filepath.Join("..", "..", "testdata", "samples")
	jpg, err := os.ReadFile(filepath.Join(samples, "camera_canon_eos.jpg"))
	if err != nil {
		t.Fatal(err)
	}
	png, err := os.ReadFile(filepath.Join(samples, "ai_comfyui_workflow.png"))
	if err != nil {
		t.Fatal(err)
	}
	flipped := bytes.Clone(png)
	for i := 40; i < len(flipped); i += 97 {
		flipped[i] ^= 0x5a
	}
	// A valid PNG header announcing a 2^31-1 square canvas.
	absurd := bytes.Clone(png[:33])
	copy(absurd[16:24], []byte{0x7f, 0xff, 0xff, 0xff, 0x7f, 0xff, 0xff, 0xff})

	dir := t.TempDir()
	files := map[string][]byte{
		"truncated.jpg":     jpg[:len(jpg)/3],
		"bitflipped.png":    flipped,
		"empty.png":         {},
		"png_named_jpg.jpg": png,
		"absurd.png":        absurd,
		"random.bin":        bytes.Repeat([]byte{0x00, 0xff, 0x13, 0x37}, 300),
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o444); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(dir, filepath.Join(dir, "loop")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(dir, "gone"), filepath.Join(dir, "dangling.png")); err != nil {
		t.Fatal(err)
	}

	// Without --follow-symlinks the two links are skipped, with the reason.
	_, out, _ := provcheck(t, "", "scan", "--format", "json", dir)
	if r := decode(t, out); r.Summary.Skipped["symlink"] != 2 {
		t.Errorf("skipped %v, want 2 symlinks", r.Summary.Skipped)
	}
	code, out, stderr := provcheck(t, "", "scan", "--format", "json", "--follow-symlinks", dir)
	if code != exitUnreadable {
		t.Fatalf("exit %d, want %d; stderr %s", code, exitUnreadable, stderr)
	}
	r := decode(t, out)
	got := map[string]reports.FileResult{}
	for _, f := range r.Files {
		got[filepath.Base(f.Path)] = f
	}
	hasIssue := func(f reports.FileResult) bool { return len(f.Errors) > 0 || len(f.Warnings) > 0 }
	for _, name := range []string{"truncated.jpg", "bitflipped.png", "empty.png", "absurd.png", "random.bin", "loop", "dangling.png"} {
		f, ok := got[name]
		if !ok {
			t.Errorf("%s missing from the report", name)
			continue
		}
		if !hasIssue(f) {
			t.Errorf("%s: no error or warning (verdict %s)", name, f.Verdict)
		}
	}
	for _, name := range []string{"empty.png", "loop", "dangling.png"} {
		if got[name].Verdict != reports.VerdictError {
			t.Errorf("%s: verdict %s, want error", name, got[name].Verdict)
		}
	}
	// A lying extension changes nothing: the bytes say PNG.
	if f := got["png_named_jpg.jpg"]; f.MediaType != "image/png" || f.Verdict != reports.VerdictAIDeclared {
		t.Errorf("png named .jpg: %s %s", f.MediaType, f.Verdict)
	}
	for _, name := range []string{"truncated.jpg", "bitflipped.png", "absurd.png"} {
		if got[name].Verdict == reports.VerdictError && len(got[name].Signals) == 0 && len(got[name].Errors) == 0 {
			t.Errorf("%s: error verdict without an explanation", name)
		}
	}
}
