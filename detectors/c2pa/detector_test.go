package c2pa

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/provcheck/provcheck/detectors"
	"github.com/provcheck/provcheck/internal/corpus"
	"github.com/provcheck/provcheck/provenance/c2pa/c2patest"
	"github.com/provcheck/provcheck/provenance/trust"
	"github.com/provcheck/provcheck/provenance/xmp"
	"github.com/provcheck/provcheck/reports"
)

func TestDetectorSignals(t *testing.T) {
	// Certificates valid from now: the detector validates at the current
	// time.
	signer, err := c2patest.NewSigner(time.Now())
	if err != nil {
		t.Fatal(err)
	}
	anchor := filepath.Join(t.TempDir(), "anchor.pem")
	if err := os.WriteFile(anchor, signer.CAPEM, 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		opts    c2patest.Options
		trusted bool // the test CA is given as a trust anchor
		state   string
		want    []string // signal IDs that must be present
		absent  []string
		// verified is whether the c2pa.ai-generated or c2pa.capture
		// signal is verified: it needs a trusted signer.
		verified bool
	}{
		{"ai-trusted", c2patest.Options{Format: "jpeg", DigitalSourceType: "trainedAlgorithmicMedia"}, true, reports.C2PATrusted,
			[]string{SigAIGenerated}, []string{SigCapture, SigInvalid, SigUntrustedSigner}, true},
		{"ai-untrusted", c2patest.Options{Format: "jpeg", DigitalSourceType: "trainedAlgorithmicMedia"}, false, reports.C2PAValid,
			[]string{SigAIGenerated, SigUntrustedSigner}, []string{SigCapture, SigInvalid}, false},
		{"composite-ai", c2patest.Options{Format: "png", DigitalSourceType: "compositeWithTrainedAlgorithmicMedia"}, true, reports.C2PATrusted,
			[]string{SigAIGenerated}, []string{SigCapture}, true},
		{"bing-like", c2patest.Options{Format: "jpeg", NoSourceType: true, Description: "AI Generated Image", SoftwareAgent: "Image Creator from Designer"}, true, reports.C2PATrusted,
			[]string{SigAIGenerated}, []string{SigCapture}, true},
		{"tampered-ai", c2patest.Options{Format: "jpeg", DigitalSourceType: "trainedAlgorithmicMedia", Tamper: c2patest.TamperPixel}, true, reports.C2PAInvalid,
			[]string{SigAIGenerated, SigInvalid}, []string{SigUntrustedSigner, SigExpired}, false},
		{"capture-trusted", c2patest.Options{Format: "webp", DigitalSourceType: "digitalCapture"}, true, reports.C2PATrusted,
			[]string{SigCapture}, []string{SigAIGenerated, SigUntrustedSigner}, true},
		{"capture-untrusted", c2patest.Options{Format: "webp", DigitalSourceType: "digitalCapture"}, false, reports.C2PAValid,
			[]string{SigCapture, SigUntrustedSigner}, []string{SigAIGenerated, SigInvalid}, false},
		{"camera-agent", c2patest.Options{Format: "bmff", NoSourceType: true, SoftwareAgent: "Leica M11-P"}, true, reports.C2PATrusted,
			[]string{SigCapture}, []string{SigAIGenerated}, true},
		{"algorithmic", c2patest.Options{Format: "png", DigitalSourceType: "algorithmicMedia"}, true, reports.C2PATrusted,
			[]string{SigAlgorithmic}, []string{SigAIGenerated, SigCapture}, false},
		{"bad-signature", c2patest.Options{Format: "png", Tamper: c2patest.TamperSignature}, false, reports.C2PAInvalid,
			[]string{SigInvalid, SigUntrustedSigner}, []string{SigAIGenerated}, false},
		{"changed-assertion", c2patest.Options{Format: "png", Tamper: c2patest.TamperAssertion}, true, reports.C2PAInvalid,
			[]string{SigInvalid}, []string{SigAIGenerated}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fx, err := signer.Make(tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			set := &detectors.Settings{}
			if tt.trusted {
				set = trustedSettings(t, anchor)
			}
			c, sigs := runFileSettings(t, "", fx.Data, nil, set)
			if c.State != tt.state {
				t.Fatalf("state %s, want %s; status %+v", c.State, tt.state, c.Status)
			}
			for _, id := range tt.want {
				if has(sigs, id) == nil {
					t.Errorf("missing %s in %v", id, ids(sigs))
				}
			}
			for _, id := range tt.absent {
				if has(sigs, id) != nil {
					t.Errorf("unexpected %s", id)
				}
			}
			for _, s := range sigs {
				if s.Message == "" || s.Explanation == "" || len(s.Evidence) == 0 {
					t.Errorf("%s lacks message, explanation or evidence", s.ID)
				}
				if (s.ID == SigAIGenerated || s.ID == SigCapture) && s.Verified != tt.verified {
					t.Errorf("%s verified=%v, want %v", s.ID, s.Verified, tt.verified)
				}
			}
			if s := has(sigs, SigInvalid); s != nil {
				if s.Direction != reports.DirIntegrity || s.Strength != reports.StrengthStrong {
					t.Errorf("%s direction/strength %s/%s", SigInvalid, s.Direction, s.Strength)
				}
				if f, _ := s.Evidence["failure"].([]map[string]any); len(f) == 0 {
					t.Errorf("%s evidence lacks failure codes: %v", SigInvalid, s.Evidence)
				}
			}
			if s := has(sigs, SigUntrustedSigner); s != nil && reports.ReviewReason(*s) == "" {
				t.Errorf("%s gives no review reason", SigUntrustedSigner)
			}
			if c.ActiveManifest != fx.Label || c.Signer != "provcheck test signer" || c.ClaimGenerator != "provcheck-c2patest/1" {
				t.Errorf("summary = %+v", c)
			}
		})
	}
}

// TestDetectorExpiredCredential checks that a certificate that had
// expired at signing gives a credential signal, not a change after
// signing, and that a trusted time-stamp inside the certificate's
// validity keeps the credential good.
func TestDetectorExpiredCredential(t *testing.T) {
	// A certificate valid for one year from two years ago.
	signer, err := c2patest.NewSigner(time.Now().AddDate(-2, 0, 0))
	if err != nil {
		t.Fatal(err)
	}
	anchor := filepath.Join(t.TempDir(), "anchor.pem")
	if err := os.WriteFile(anchor, signer.CAPEM, 0o644); err != nil {
		t.Fatal(err)
	}
	set := trustedSettings(t, anchor)

	fx, err := signer.Make(c2patest.Options{Format: "jpeg", DigitalSourceType: "digitalCapture"})
	if err != nil {
		t.Fatal(err)
	}
	c, sigs := runFileSettings(t, "", fx.Data, nil, set)
	if c.State != reports.C2PAInvalid {
		t.Errorf("expired without time-stamp: state %s, want invalid (as the SDK)", c.State)
	}
	if has(sigs, SigExpired) == nil || has(sigs, SigInvalid) != nil {
		t.Errorf("expired without time-stamp: signals %v; want %s and no %s", ids(sigs), SigExpired, SigInvalid)
	}
	if s := has(sigs, SigCapture); s == nil || s.Verified {
		t.Errorf("expired credential: capture signal %+v must not be verified", s)
	}

	fx, err = signer.Make(c2patest.Options{Format: "jpeg", DigitalSourceType: "digitalCapture",
		TimeStamp: time.Now().AddDate(-2, 1, 0)})
	if err != nil {
		t.Fatal(err)
	}
	c, sigs = runFileSettings(t, "", fx.Data, nil, set)
	if c.State != reports.C2PATrusted || has(sigs, SigExpired) != nil {
		t.Errorf("time-stamped inside validity: state %s, signals %v; want trusted, no %s", c.State, ids(sigs), SigExpired)
	}
	if s := has(sigs, SigCapture); s == nil || !s.Verified {
		t.Errorf("time-stamped inside validity: capture signal %+v must be verified", s)
	}
}

func TestDetectorSidecar(t *testing.T) {
	signer, err := c2patest.NewSigner(time.Now())
	if err != nil {
		t.Fatal(err)
	}
	fx, err := signer.Make(c2patest.Options{Format: "png", DigitalSourceType: "digitalCapture"})
	if err != nil {
		t.Fatal(err)
	}
	// The store alone cannot bind this PNG: its data hash covers the file
	// with the store embedded. A sidecar beside a file without an embedded
	// store must be found and reported as such.
	dir := t.TempDir()
	asset := filepath.Join(dir, "photo.png")
	plain := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\x00IEND\xaeB`\x82")
	if err := os.WriteFile(asset, plain, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "photo.c2pa"), fx.Store, 0o644); err != nil {
		t.Fatal(err)
	}
	c, sigs := runFile(t, asset, plain)
	if c.Source != "sidecar" {
		t.Fatalf("source %q, want sidecar", c.Source)
	}
	if c.State != reports.C2PAInvalid || has(sigs, SigInvalid) == nil {
		t.Errorf("state %s, signals %v: a store that does not bind the asset must be invalid", c.State, ids(sigs))
	}
	if !slices.ContainsFunc(c.Status.Failure, func(s reports.C2PAStatusCode) bool { return s.Code == "assertion.dataHash.mismatch" }) {
		t.Errorf("failures %+v lack assertion.dataHash.mismatch", c.Status.Failure)
	}
}

func TestDetectorNone(t *testing.T) {
	c, sigs := runFile(t, "", []byte{0xFF, 0xD8, 0xFF, 0xD9})
	if c.State != reports.C2PANone || len(sigs) != 0 {
		t.Errorf("state %s, signals %v; want none and no signals", c.State, ids(sigs))
	}
}

func TestDetectorContract(t *testing.T) {
	if Detector.Name != "c2pa" || Detector.Doc == "" || Detector.Version < 1 || Detector.Run == nil {
		t.Errorf("detector = %+v", Detector)
	}
}

func ids(sigs []reports.Signal) []string {
	var out []string
	for _, s := range sigs {
		out = append(out, s.ID)
	}
	return out
}

func TestDetectorRemoteManifest(t *testing.T) {
	var sigs []reports.Signal
	prov := &reports.Provenance{}
	url := "https://cai-manifests.example/manifests/abc.c2pa"
	p := &detectors.Pass{
		File:       &detectors.File{Data: []byte{0xFF, 0xD8, 0xFF, 0xD9}},
		Provenance: prov,
		Settings:   &detectors.Settings{},
		XMP: func() []*xmp.Packet {
			return []*xmp.Packet{{Props: []xmp.Property{{NS: xmp.NSDCTerms, Name: "provenance", Value: url}}}}
		},
		Report: func(s reports.Signal) { sigs = append(sigs, s) },
	}
	stage(t, p)
	if err := Detector.Run(t.Context(), p); err != nil {
		t.Fatal(err)
	}
	s := has(sigs, SigRemoteManifest)
	if s == nil || s.Evidence["url"] != url || s.Direction != reports.DirInfo {
		t.Fatalf("signals %+v", sigs)
	}
	if prov.C2PA.State != reports.C2PANone || prov.C2PA.RemoteManifest != url || prov.C2PA.Source != "remote" {
		t.Errorf("c2pa = %+v", prov.C2PA)
	}
}

func TestDetectorUserTrustAnchor(t *testing.T) {
	signer, err := c2patest.NewSigner(time.Now())
	if err != nil {
		t.Fatal(err)
	}
	fx, err := signer.Make(c2patest.Options{Format: "jpeg", DigitalSourceType: "digitalCapture"})
	if err != nil {
		t.Fatal(err)
	}
	pemPath := filepath.Join(t.TempDir(), "anchor.pem")
	if err := os.WriteFile(pemPath, signer.CAPEM, 0o644); err != nil {
		t.Fatal(err)
	}
	ts, err := trust.Build([]string{pemPath}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var sigs []reports.Signal
	prov := &reports.Provenance{}
	p := &detectors.Pass{
		File:       &detectors.File{Data: fx.Data},
		Provenance: prov,
		Settings:   &detectors.Settings{Trust: ts},
		Report:     func(s reports.Signal) { sigs = append(sigs, s) },
	}
	stage(t, p)
	if err := Detector.Run(t.Context(), p); err != nil {
		t.Fatal(err)
	}
	if prov.C2PA.State != reports.C2PATrusted || prov.C2PA.TrustList != "user" {
		t.Errorf("state %s via %q, want trusted via user", prov.C2PA.State, prov.C2PA.TrustList)
	}
	if has(sigs, SigUntrustedSigner) != nil || has(sigs, SigCapture) == nil {
		t.Errorf("signals %v", ids(sigs))
	}
}

// trustedSettings are settings whose trust store holds the anchor PEM, as
// the CLI builds them from --trust-anchors.
func trustedSettings(t *testing.T, anchor string) *detectors.Settings {
	t.Helper()
	ts, err := trust.Build([]string{anchor}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return &detectors.Settings{Trust: ts, TrustAnchors: []string{anchor}}
}

// TestSignedEXIFCapture reads a Truepic Lens capture from the shared
// corpus: its C2PA 1.x manifest has no actions, only signed EXIF naming
// the phone, a sensor record and a thumbnail. Trusted, that is a capture
// record; the camera named comes from the signed assertion.
func TestSignedEXIFCapture(t *testing.T) {
	data := corpus.Read(t, "images", "camera_c2pa_truepic-20230212-camera.jpg")
	c, sigs := runFileSettings(t, "truepic.jpg", data, nil, &detectors.Settings{})
	if c.State != reports.C2PATrusted {
		t.Fatalf("state %s, want trusted", c.State)
	}
	s := has(sigs, SigCapture)
	if s == nil || !s.Verified || s.Strength != reports.StrengthDeclared {
		t.Fatalf("capture signal %+v, want a verified declaration", s)
	}
	decl, _ := s.Evidence["declarations"].([]map[string]any)
	if len(decl) != 1 || decl[0]["device"] != "Google Pixel 5" || decl[0]["assertion"] != "stds.exif__1" {
		t.Errorf("capture evidence %v, want the signed stds.exif naming Google Pixel 5", decl)
	}
}
