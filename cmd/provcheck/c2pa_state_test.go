package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	sharedcorpus "github.com/provcheck/provcheck/internal/corpus"
	"github.com/provcheck/provcheck/provenance/c2pa/c2patest"
)

// TestC2PAStateSameEverywhere: scan, inspect and serve run the same walk
// and C2PA stage with the same trust store, so the same bytes and
// configuration give the same C2PA state in all three, with and without
// the user's trust anchors (which turn a valid state into trusted).
//
// A store kept apart from its asset is given to scan as a NAME.c2pa
// sidecar and to inspect both as that sidecar and with --manifest (on a
// copy of the asset with no sidecar beside it). serve takes uploaded bytes
// only, with no sidecar, so there the asset alone must not pass for valid.
func TestC2PAStateSameEverywhere(t *testing.T) {
	signer, err := c2patest.NewSigner(time.Now())
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	files := map[string][]byte{}
	sidecars := map[string][]byte{} // NAME.c2pa beside NAME.jpg
	for _, o := range []struct {
		name string
		opts c2patest.Options
	}{
		{"capture.jpg", c2patest.Options{Format: "jpeg"}},
		{"ai.png", c2patest.Options{Format: "png", DigitalSourceType: "trainedAlgorithmicMedia"}},
		{"boxhash.jpg", c2patest.Options{Format: "jpeg", BoxHash: true}},
		{"capture.webp", c2patest.Options{Format: "webp"}},
	} {
		fx, err := signer.Make(o.opts)
		if err != nil {
			t.Fatal(err)
		}
		files[o.name] = fx.Data
		if o.name == "capture.jpg" {
			// The same credentials over changed bytes.
			bad := append([]byte(nil), fx.Data...)
			bad[len(bad)-3] ^= 0x55
			files["tampered.jpg"] = bad
			// The store apart from the asset: the embedded copy blanked
			// (the bytes the hard binding excludes), so only the
			// sidecar can make the asset valid.
			at := bytes.Index(fx.Data, fx.Store)
			if at < 0 {
				t.Fatal("the fixture's store is not one run of bytes in the file")
			}
			blank := slices.Clone(fx.Data)
			clear(blank[at : at+len(fx.Store)])
			changed := slices.Clone(blank)
			changed[len(changed)-3] ^= 0x55
			files["sidecar.jpg"], files["sidecar-changed.jpg"] = blank, changed
			sidecars["sidecar.c2pa"], sidecars["sidecar-changed.c2pa"] = fx.Store, fx.Store
		}
	}
	files["plain.txt"] = []byte("no credentials here\n")
	for _, name := range []string{"c2pa-conformance/rs_express-signed.pdf", "c2pa/rs_sample1.svg"} {
		if p, ok := sharedcorpus.Has(name); ok { // added when the corpus is there
			b, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			files[filepath.Base(p)] = b
		}
	}
	assets := filepath.Join(dir, "assets")
	alone := filepath.Join(dir, "alone") // the sidecar assets without their sidecars
	os.Mkdir(assets, 0o755)
	os.Mkdir(alone, 0o755)
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(assets, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for name, b := range sidecars {
		if err := os.WriteFile(filepath.Join(assets, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
		asset := strings.TrimSuffix(name, ".c2pa") + ".jpg"
		if err := os.WriteFile(filepath.Join(alone, asset), files[asset], 0o644); err != nil {
			t.Fatal(err)
		}
	}
	pem := filepath.Join(dir, "anchor.pem")
	if err := os.WriteFile(pem, signer.CAPEM, 0o644); err != nil {
		t.Fatal(err)
	}
	plainCfg := filepath.Join(dir, "plain.yaml")
	anchorCfg := filepath.Join(dir, "anchors.yaml")
	os.WriteFile(plainCfg, []byte("no-cache: true\n"), 0o644)
	os.WriteFile(anchorCfg, []byte("no-cache: true\ntrust-anchors: ["+pem+"]\n"), 0o644)

	states := map[string]map[string]string{} // config -> file -> scan state
	for _, cfg := range []string{plainCfg, anchorCfg} {
		code, out, stderr := provcheck(t, "", "scan", "--format", "json", "--config", cfg, assets)
		if code != exitOK && code != exitFindings {
			t.Fatalf("scan exit %d: %s", code, stderr)
		}
		rep := decode(t, out)
		if len(rep.Files) != len(files) {
			t.Fatalf("scan reported %d files, want %d", len(rep.Files), len(files))
		}
		base := startServe(t, "--config", cfg)
		states[cfg] = map[string]string{}
		for _, f := range rep.Files {
			name := filepath.Base(f.Path)
			scanState := f.Provenance.C2PA.State
			states[cfg][name] = scanState

			code, out, stderr := provcheck(t, "", "inspect", "--format", "json", "--config", cfg, f.Path)
			if code != exitOK {
				t.Fatalf("inspect %s: exit %d: %s", name, code, stderr)
			}
			var in inspectReader
			if err := json.Unmarshal([]byte(out), &in); err != nil {
				t.Fatalf("inspect %s: %v", name, err)
			}
			// The SDK's validation_state spells the same state.
			if want := map[string]string{"valid": "Valid", "trusted": "Trusted", "invalid": "Invalid"}[scanState]; in.ValidationState != want {
				t.Errorf("%s with %s: inspect validation_state %q, want %q for scan's %q", name, filepath.Base(cfg), in.ValidationState, want, scanState)
			}

			sidecar := filepath.Join(assets, strings.TrimSuffix(name, ".jpg")+".c2pa")
			if _, ok := sidecars[filepath.Base(sidecar)]; ok {
				if in.Provcheck.Sidecar != sidecar {
					t.Errorf("%s: inspect read the store from %q, want the sidecar %s", name, in.Provcheck.Sidecar, sidecar)
				}
				code, out, stderr := provcheck(t, "", "inspect", "--format", "json", "--config", cfg, "--manifest", sidecar, filepath.Join(alone, name))
				if code != exitOK {
					t.Fatalf("inspect --manifest %s: exit %d: %s", name, code, stderr)
				}
				var ex inspectReader
				if err := json.Unmarshal([]byte(out), &ex); err != nil {
					t.Fatalf("inspect --manifest %s: %v", name, err)
				}
				if ex.Provcheck.State != scanState {
					t.Errorf("%s with %s: scan (sidecar) %q, inspect --manifest %q", name, filepath.Base(cfg), scanState, ex.Provcheck.State)
				}
				// serve sees the uploaded bytes only.
				resp, body := uploadFile(t, base, filepath.Join(alone, name), nil)
				if resp.StatusCode != 200 {
					t.Fatalf("serve %s: status %d: %s", name, resp.StatusCode, body)
				}
				if st := decode(t, string(body)).Files[0].Provenance.C2PA.State; st == "valid" || st == "trusted" {
					t.Errorf("serve %s without its sidecar: C2PA %q", name, st)
				}
				continue
			}

			resp, body := uploadFile(t, base, f.Path, nil)
			if resp.StatusCode != 200 {
				t.Fatalf("serve %s: status %d: %s", name, resp.StatusCode, body)
			}
			srv := decode(t, string(body))
			if len(srv.Files) != 1 {
				t.Fatalf("serve %s: %d files", name, len(srv.Files))
			}
			if in.Provcheck.State != scanState || srv.Files[0].Provenance.C2PA.State != scanState {
				t.Errorf("%s with %s: scan %q, inspect %q, serve %q", name, filepath.Base(cfg), scanState, in.Provcheck.State, srv.Files[0].Provenance.C2PA.State)
			}
		}
	}
	// The cases differ from one another, so agreement is not agreement on
	// one answer.
	for name, want := range map[string][2]string{
		"capture.jpg":         {"valid", "trusted"},
		"ai.png":              {"valid", "trusted"},
		"boxhash.jpg":         {"valid", "trusted"},
		"tampered.jpg":        {"invalid", "invalid"},
		"plain.txt":           {"none", "none"},
		"sidecar.jpg":         {"valid", "trusted"},
		"sidecar-changed.jpg": {"invalid", "invalid"},
	} {
		if got := [2]string{states[plainCfg][name], states[anchorCfg][name]}; got != want {
			t.Errorf("%s: states %v without and with the anchor, want %v", name, got, want)
		}
	}
}
