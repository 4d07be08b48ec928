package main

import (
	"os"
	"path/filepath"
	"slices"
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

// TestCredentialProblemsNeverManipulated scans manifests whose signer chains
// to a trust anchor but whose credential failed: revoked (a stapled OCSP
// response) or expired without a time-stamp. Nothing changed after
// signing, so no file is manipulated; none is *-verified; each asks for
// review in the credential's own words. A good OCSP response and a
// time-stamp inside the certificate's validity leave capture verified.
func TestCredentialProblemsNeverManipulated(t *testing.T) {
	now := time.Now()
	current, err := c2patest.NewSigner(now.Add(-time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	// A certificate valid for one year from two years ago.
	old, err := c2patest.NewSigner(now.AddDate(-2, 0, 0))
	if err != nil {
		t.Fatal(err)
	}
	revoked := &c2patest.OCSP{Status: c2patest.OCSPRevoked, RevokedAt: now.Add(-30 * time.Minute), Reason: c2patest.ReasonKeyCompromise,
		ThisUpdate: now.Add(-20 * time.Minute), NextUpdate: now.Add(24 * time.Hour)}
	good := &c2patest.OCSP{Status: c2patest.OCSPGood, ThisUpdate: now.Add(-20 * time.Minute), NextUpdate: now.Add(24 * time.Hour)}
	tests := []struct {
		name    string
		signer  *c2patest.Signer
		opts    c2patest.Options
		verdict reports.Verdict
		signal  string // the decisive credential signal, or "" for none
		review  bool
	}{
		{"revoked-capture.jpg", current, c2patest.Options{Format: "jpeg", DigitalSourceType: "digitalCapture", OCSP: revoked},
			reports.VerdictNoSignals, "c2pa.credential-revoked", true},
		{"revoked-ai.png", current, c2patest.Options{Format: "png", DigitalSourceType: "trainedAlgorithmicMedia", OCSP: revoked},
			reports.VerdictAIDeclared, "c2pa.credential-revoked", true},
		{"good-ocsp-capture.jpg", current, c2patest.Options{Format: "jpeg", DigitalSourceType: "digitalCapture", OCSP: good},
			reports.VerdictCaptureVerified, "", false},
		{"expired-capture.jpg", old, c2patest.Options{Format: "jpeg", DigitalSourceType: "digitalCapture"},
			reports.VerdictNoSignals, "c2pa.credential-expired", true},
		{"expired-timestamped-capture.jpg", old, c2patest.Options{Format: "jpeg", DigitalSourceType: "digitalCapture", TimeStamp: now.AddDate(-2, 1, 0)},
			reports.VerdictCaptureVerified, "", false},
	}
	dir := t.TempDir()
	var anchors []byte
	for _, s := range []*c2patest.Signer{current, old} {
		anchors = append(anchors, s.CAPEM...)
	}
	anchor := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(anchor, anchors, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		fx, err := tt.signer.Make(tt.opts)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, tt.name), fx.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	_, out, stderr := provcheck(t, "", "scan", "--format", "json", "--trust-anchors", anchor, dir)
	files := map[string]reports.FileResult{}
	for _, f := range decode(t, out).Files {
		files[filepath.Base(f.Path)] = f
	}
	for _, tt := range tests {
		f, ok := files[tt.name]
		if !ok {
			t.Errorf("%s missing from the report; stderr %s", tt.name, stderr)
			continue
		}
		if f.Verdict != tt.verdict || f.Review != tt.review {
			t.Errorf("%s: verdict %s review %v (reasons %v); want %s review %v", tt.name, f.Verdict, f.Review, f.Reasons, tt.verdict, tt.review)
		}
		if tt.signal == "" {
			continue
		}
		var s *reports.Signal
		for i := range f.Signals {
			if f.Signals[i].ID == tt.signal {
				s = &f.Signals[i]
			}
		}
		if s == nil {
			t.Errorf("%s: no %s signal", tt.name, tt.signal)
			continue
		}
		// An AI verdict leads with the AI declaration (which says the
		// credentials do not validate); any other leads with the failure.
		if lead := f.Strongest(); tt.verdict != reports.VerdictAIDeclared && lead.ID != tt.signal {
			t.Errorf("%s: decisive signal %s, want %s", tt.name, lead.ID, tt.signal)
		}
		if ranked := reports.RankedSignals(f.Signals); ranked[0].ID != tt.signal {
			t.Errorf("%s: first ranked signal %s, want %s", tt.name, ranked[0].ID, tt.signal)
		}
		for _, sg := range f.Signals {
			if sg.Verified {
				t.Errorf("%s: %s verified on a failed credential", tt.name, sg.ID)
			}
		}
		if reason := reports.ReviewReason(*s); reason == "" || !slices.Contains(f.Reasons, reason) {
			t.Errorf("%s: review reasons %v lack the credential's own %q", tt.name, f.Reasons, reason)
		}
	}
}
