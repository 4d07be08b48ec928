package main

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/provcheck/provcheck/provenance/c2pa/c2patest"
	"github.com/provcheck/provcheck/reports"
)

// TestSelfMadeCANeverVerified scans capture and AI manifests signed by a
// home-made certificate authority: anyone can make one, so the files are
// never *-verified and always ask for review (--fail-on review fails).
// The same files with that CA given as a trust anchor are verified.
func TestSelfMadeCANeverVerified(t *testing.T) {
	signer, err := c2patest.NewSigner(time.Now())
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	files := map[string]c2patest.Options{
		"capture.jpg": {Format: "jpeg", DigitalSourceType: "digitalCapture"},
		"ai.png":      {Format: "png", DigitalSourceType: "trainedAlgorithmicMedia"},
	}
	for name, o := range files {
		fx, err := signer.Make(o)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), fx.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	anchor := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(anchor, signer.CAPEM, 0o644); err != nil {
		t.Fatal(err)
	}

	code, out, stderr := provcheck(t, "", "scan", "--format", "json", "--fail-on", "review", dir)
	if code == exitOK {
		t.Errorf("--fail-on review exited 0 on untrusted credentials; stderr %s", stderr)
	}
	want := map[string]reports.Verdict{"capture.jpg": reports.VerdictNoSignals, "ai.png": reports.VerdictAIDeclared}
	for _, f := range decode(t, out).Files {
		name := filepath.Base(f.Path)
		if f.Verdict == reports.VerdictAIVerified || f.Verdict == reports.VerdictCaptureVerified {
			t.Errorf("%s: %s from a self-made CA", name, f.Verdict)
		}
		if f.Verdict != want[name] || !f.Review || f.Provenance.C2PA.State != reports.C2PAValid {
			t.Errorf("%s: verdict %s review %v state %s; want %s, review, valid", name, f.Verdict, f.Review, f.Provenance.C2PA.State, want[name])
		}
		if s := f.Strongest(); s == nil || (name == "capture.jpg" && s.ID != "c2pa.untrusted-signer") {
			t.Errorf("%s: decisive signal %+v, want c2pa.untrusted-signer", name, s)
		}
	}

	_, out, _ = provcheck(t, "", "scan", "--format", "json", "--trust-anchors", anchor, dir)
	want = map[string]reports.Verdict{"capture.jpg": reports.VerdictCaptureVerified, "ai.png": reports.VerdictAIVerified}
	for _, f := range decode(t, out).Files {
		name := filepath.Base(f.Path)
		if f.Verdict != want[name] || f.Provenance.C2PA.State != reports.C2PATrusted {
			t.Errorf("with the CA as anchor, %s: verdict %s state %s; want %s, trusted", name, f.Verdict, f.Provenance.C2PA.State, want[name])
		}
	}
}
