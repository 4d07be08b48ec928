package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/provcheck/provcheck/provenance/c2pa/c2patest"
)

// TestIdentityTrustFromConfig: a creator identity signed under the user's
// identity anchor (X.509) or issued by a DID the user trusts (identity
// claims aggregation) is trusted only when the configuration says so, and
// scan, inspect and serve agree. An untrusted X.509 identity also keeps
// the manifest from trusted, as in the SDK.
func TestIdentityTrustFromConfig(t *testing.T) {
	now := time.Now()
	signer, err := c2patest.NewSigner(now)
	if err != nil {
		t.Fatal(err)
	}
	idSigner, err := c2patest.NewIdentitySigner(now, 24*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	issuer, err := c2patest.NewIssuer()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	assets := filepath.Join(dir, "assets")
	os.Mkdir(assets, 0o755)
	for name, id := range map[string]*c2patest.Identity{
		"x509.jpg": {SigType: c2patest.SigTypeX509, X509: idSigner},
		"ica.jpg":  {SigType: c2patest.SigTypeICA, Issuer: issuer, ValidFrom: now.AddDate(0, -1, 0)},
	} {
		fx, err := signer.Make(c2patest.Options{Format: "jpeg", Identity: id})
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(assets, name), fx.Data, 0o644)
	}
	claimCA := filepath.Join(dir, "claim-ca.pem")
	os.WriteFile(claimCA, signer.CAPEM, 0o644)
	idCA := filepath.Join(dir, "identity-ca.pem")
	os.WriteFile(idCA, idSigner.CAPEM, 0o644)
	base := "no-cache: true\ntrust-anchors: [" + claimCA + "]\n"
	configs := map[string]string{
		"plain": base,
		// The claim signer's CA as an identity anchor trusts nothing: the
		// identity lists are their own.
		"wrong-anchor": base + "identity-trust-anchors: [" + claimCA + "]\n",
		"anchor":       base + "identity-trust-anchors: [" + idCA + "]\n",
		"issuer":       base + "identity-issuers: ['" + issuer.DID + "']\n",
	}
	// identity state, C2PA state per file and configuration.
	want := map[string]map[string][2]string{
		"plain":        {"x509.jpg": {"valid", "valid"}, "ica.jpg": {"valid", "trusted"}},
		"wrong-anchor": {"x509.jpg": {"valid", "valid"}, "ica.jpg": {"valid", "trusted"}},
		"anchor":       {"x509.jpg": {"trusted", "trusted"}, "ica.jpg": {"valid", "trusted"}},
		"issuer":       {"x509.jpg": {"valid", "valid"}, "ica.jpg": {"trusted", "trusted"}},
	}
	for name, body := range configs {
		cfg := filepath.Join(dir, name+".yaml")
		os.WriteFile(cfg, []byte(body), 0o644)
		code, out, stderr := provcheck(t, "", "scan", "-f", "json", "--config", cfg, assets)
		if code != exitOK && code != exitFindings {
			t.Fatalf("%s: scan exit %d: %s", name, code, stderr)
		}
		srv := startServe(t, "--config", cfg)
		for _, f := range decode(t, out).Files {
			file := filepath.Base(f.Path)
			c := f.Provenance.C2PA
			if len(c.Identities) != 1 {
				t.Fatalf("%s %s: %d identities", name, file, len(c.Identities))
			}
			got := [2]string{c.Identities[0].State, c.State}
			if got != want[name][file] {
				t.Errorf("%s %s: identity, c2pa state %v, want %v", name, file, got, want[name][file])
			}
			if c.Identities[0].Verified != true {
				t.Errorf("%s %s: a valid or trusted identity is verified", name, file)
			}
			_, body := uploadFile(t, srv, f.Path, nil)
			if s := decode(t, string(body)).Files[0].Provenance.C2PA; s.State != c.State || s.Identities[0].State != got[0] {
				t.Errorf("%s %s: serve says %s / %s, scan %v", name, file, s.Identities[0].State, s.State, got)
			}
			code, out, stderr := provcheck(t, "", "inspect", "-f", "json-detail", "--config", cfg, f.Path)
			if code != exitOK {
				t.Fatalf("inspect: exit %d: %s", code, stderr)
			}
			var in struct {
				State     string `json:"state"`
				Manifests []struct {
					Identities []struct {
						State string `json:"state"`
					} `json:"identities"`
				} `json:"manifests"`
			}
			if err := json.Unmarshal([]byte(out), &in); err != nil || len(in.Manifests) != 1 || len(in.Manifests[0].Identities) != 1 {
				t.Fatalf("inspect %s: %v\n%s", file, err, out)
			}
			if in.State != c.State || in.Manifests[0].Identities[0].State != got[0] {
				t.Errorf("%s %s: inspect says %s / %s, scan %v", name, file, in.Manifests[0].Identities[0].State, in.State, got)
			}
		}
	}
	// A missing anchor file is a configuration error naming it.
	bad := filepath.Join(dir, "bad.yaml")
	os.WriteFile(bad, []byte("identity-trust-anchors: ["+filepath.Join(dir, "nope.pem")+"]\n"), 0o644)
	if code, _, stderr := provcheck(t, "", "scan", "--config", bad, assets); code != exitUsage {
		t.Errorf("missing identity anchor file: exit %d (%s), want %d", code, stderr, exitUsage)
	}
}
