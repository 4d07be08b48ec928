package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A named classifier from the config file runs on the image, with its
// declared operating point as the weight; a remote endpoint is refused
// unless allowed.
func TestClassifierConfig(t *testing.T) {
	fixedClock(t)
	dir := t.TempDir()
	prog := filepath.Join(dir, "detect.sh")
	script := "#!/bin/sh\ncat >/dev/null\necho '{\"score\": 0.9, \"model\": \"mine\", \"version\": \"7\"}'\n"
	if err := os.WriteFile(prog, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	cfg := filepath.Join(dir, "provcheck.yaml")
	yaml := "classifiers:\n  mine:\n    target: exec:" + prog + "\n    version: \"7\"\n    threshold: 0.8\n    tpr: 0.9\n    fpr: 0.03\n    timeout: 5s\n"
	if err := os.WriteFile(cfg, []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	img := filepath.Join("..", "..", "testdata", "samples", "camera_canon_eos.jpg")
	code, out, stderr := provcheck(t, "", "scan", "--no-cache", "--config", cfg, "--format", "json", img)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	rep := decode(t, out)
	f := rep.Files[0]
	var found bool
	for _, s := range f.Signals {
		if s.ID == "classifier.mine" {
			found = true
			if s.Weight != 3 || s.Evidence["threshold"] != 0.8 || !strings.Contains(s.Message, "mine 7") {
				t.Errorf("signal %+v", s)
			}
		}
	}
	if !found || f.Verdict != "ai-suspected" || !f.Review {
		t.Errorf("verdict %s review %v signals %v", f.Verdict, f.Review, f.Signals)
	}

	code, _, stderr = provcheck(t, "", "scan", "--no-cache", "--classifier", "https://api.example.com/detect", img)
	if code != exitUsage || !strings.Contains(stderr, "not on this machine") {
		t.Errorf("remote classifier: exit %d, %s", code, stderr)
	}
}
