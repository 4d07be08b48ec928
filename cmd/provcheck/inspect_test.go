package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/provcheck/provcheck/provenance/c2pa/c2patest"
)

// inspectReader is the part of `inspect -f json` the tests read.
type inspectReader struct {
	Version          string `json:"provcheckInspect"`
	ActiveManifest   string `json:"active_manifest"`
	Manifests        map[string]json.RawMessage
	ValidationState  string `json:"validation_state"`
	ValidationStatus []struct {
		Code string `json:"code"`
		URL  string `json:"url"`
	} `json:"validation_status"`
	Provcheck struct {
		State   string `json:"state"`
		Source  string `json:"source"`
		Sidecar string `json:"sidecar"`
	} `json:"provcheck"`
}

func (r inspectReader) codes() []string {
	var out []string
	for _, s := range r.ValidationStatus {
		out = append(out, s.Code)
	}
	return out
}

func runInspectJSON(t *testing.T, args ...string) inspectReader {
	t.Helper()
	empty := filepath.Join(t.TempDir(), "empty.yaml")
	if err := os.WriteFile(empty, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, stderr := provcheck(t, "", append([]string{"inspect", "-f", "json", "--config", empty}, args...)...)
	if code != exitOK {
		t.Fatalf("inspect %v: exit %d: %s", args, code, stderr)
	}
	var r inspectReader
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("inspect %v: %v\n%s", args, err, out)
	}
	if r.Version != "1" {
		t.Fatalf("inspect %v: provcheckInspect %q, want 1", args, r.Version)
	}
	return r
}

// TestInspectManifestOption: a manifest store given with --manifest is
// validated against the asset offline, as a sidecar is. The asset here is
// the signed file with its embedded store blanked out (the bytes the hard
// binding excludes), so only the given store can make it valid; a changed
// asset is then a hard-binding mismatch.
func TestInspectManifestOption(t *testing.T) {
	signer, err := c2patest.NewSigner(time.Now())
	if err != nil {
		t.Fatal(err)
	}
	fx, err := signer.Make(c2patest.Options{Format: "jpeg"})
	if err != nil {
		t.Fatal(err)
	}
	at := bytes.Index(fx.Data, fx.Store)
	if at < 0 {
		t.Fatal("the fixture's store is not one run of bytes in the file")
	}
	blank := slices.Clone(fx.Data)
	clear(blank[at : at+len(fx.Store)])
	changed := slices.Clone(blank)
	changed[len(changed)-3] ^= 0x55
	dir := t.TempDir()
	store := filepath.Join(dir, "remote.c2pa")
	for name, b := range map[string][]byte{"remote.c2pa": fx.Store, "blank.jpg": blank, "changed.jpg": changed} {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}

	// Alone, the blanked asset carries no readable credentials.
	if r := runInspectJSON(t, filepath.Join(dir, "blank.jpg")); r.ValidationState == "Valid" || r.ValidationState == "Trusted" {
		t.Errorf("blanked asset alone: %s, want no valid store", r.ValidationState)
	}
	r := runInspectJSON(t, "--manifest", store, filepath.Join(dir, "blank.jpg"))
	if r.ValidationState != "Valid" || r.Provcheck.State != "valid" || r.Provcheck.Sidecar != store || r.ActiveManifest != fx.Label {
		t.Errorf("store + asset: %s / %s from %q, active %q; want Valid from %s", r.ValidationState, r.Provcheck.State, r.Provcheck.Sidecar, r.ActiveManifest, store)
	}
	if got := r.codes(); !slices.Equal(got, []string{"signingCredential.untrusted"}) {
		t.Errorf("store + asset: failures %v, want only the untrusted test signer", got)
	}
	r = runInspectJSON(t, "--manifest", store, filepath.Join(dir, "changed.jpg"))
	if r.ValidationState != "Invalid" || !slices.Contains(r.codes(), "assertion.dataHash.mismatch") {
		t.Errorf("store + changed asset: %s, failures %v; want Invalid with assertion.dataHash.mismatch", r.ValidationState, r.codes())
	}
	// With a trust anchor in the configuration, the given store is trusted
	// like an embedded one.
	pem := filepath.Join(dir, "ca.pem")
	os.WriteFile(pem, signer.CAPEM, 0o644)
	cfg := filepath.Join(dir, "cfg.yaml")
	os.WriteFile(cfg, []byte("trust-anchors: ["+pem+"]\n"), 0o644)
	code, out, stderr := provcheck(t, "", "inspect", "-f", "json", "--config", cfg, "--manifest", store, filepath.Join(dir, "blank.jpg"))
	if code != exitOK {
		t.Fatalf("inspect with anchors: exit %d: %s", code, stderr)
	}
	var tr inspectReader
	json.Unmarshal([]byte(out), &tr)
	if tr.ValidationState != "Trusted" || len(tr.ValidationStatus) != 0 {
		t.Errorf("store + asset with the anchor: %s %v, want Trusted with no failures", tr.ValidationState, tr.codes())
	}
	// A missing store file is a clear per-file error.
	if code, _, stderr := provcheck(t, "", "inspect", "--manifest", filepath.Join(dir, "nope.c2pa"), filepath.Join(dir, "blank.jpg")); code != exitUnreadable {
		t.Errorf("missing store: exit %d (%s), want %d", code, stderr, exitUnreadable)
	}
}

// TestInspectFormats: json is the SDK's shape, json-detail the former full
// view, text the tree; any other format is a usage error.
func TestInspectFormats(t *testing.T) {
	signer, err := c2patest.NewSigner(time.Now())
	if err != nil {
		t.Fatal(err)
	}
	fx, err := signer.Make(c2patest.Options{Format: "png", DigitalSourceType: "trainedAlgorithmicMedia"})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "ai.png")
	os.WriteFile(path, fx.Data, 0o644)
	r := runInspectJSON(t, path)
	var m struct {
		SignatureInfo struct {
			Alg        string `json:"alg"`
			CommonName string `json:"common_name"`
			Serial     string `json:"cert_serial_number"`
		} `json:"signature_info"`
		Assertions []struct {
			Label string `json:"label"`
		} `json:"assertions"`
	}
	if err := json.Unmarshal(r.Manifests[fx.Label], &m); err != nil {
		t.Fatalf("manifest %s: %v", fx.Label, err)
	}
	if m.SignatureInfo.Alg != "Es256" || m.SignatureInfo.CommonName != signer.Leaf.Subject.CommonName || m.SignatureInfo.Serial != signer.Leaf.SerialNumber.String() {
		t.Errorf("signature_info %+v", m.SignatureInfo)
	}
	for _, a := range m.Assertions {
		if a.Label == "c2pa.hash.data" {
			t.Error("the SDK's shape lists no hard-binding assertion")
		}
	}
	code, out, _ := provcheck(t, "", "inspect", "-f", "json-detail", path)
	var detail struct {
		State     string `json:"state"`
		Manifests []struct {
			Label string `json:"label"`
		} `json:"manifests"`
	}
	if code != exitOK || json.Unmarshal([]byte(out), &detail) != nil || detail.State != "valid" || len(detail.Manifests) != 1 {
		t.Errorf("json-detail: exit %d, %+v", code, detail)
	}
	if code, _, _ := provcheck(t, "", "inspect", "-f", "yaml", path); code != exitUsage {
		t.Errorf("format yaml: exit %d, want %d", code, exitUsage)
	}
}
