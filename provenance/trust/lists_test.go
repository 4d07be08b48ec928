package trust

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

func TestFilesDescribeEmbeddedLists(t *testing.T) {
	files := Default().Files()
	want := map[string]int{"C2PA-TRUST-LIST.pem": 30, "C2PA-TSA-TRUST-LIST.pem": 22, "ITL-anchors.pem": 18, "ITL-allowed.pem": 86}
	if len(files) != len(want) {
		t.Fatalf("%d files, want %d", len(files), len(want))
	}
	counts := Default().Counts()
	for _, f := range files {
		if f.Count != want[f.File] || f.User || f.Snapshot == "" || f.Source == "" {
			t.Errorf("%+v", f)
		}
		b, err := os.ReadFile(filepath.Join("data", f.File))
		if err != nil {
			t.Fatal(err)
		}
		if sum := sha256.Sum256(b); f.SHA256 != hex.EncodeToString(sum[:]) {
			t.Errorf("%s: sha256 %s is not the file's", f.File, f.SHA256)
		}
		certs := f.Certificates()
		if len(certs) != f.Count {
			t.Errorf("%s: %d certificates listed, count %d", f.File, len(certs), f.Count)
		}
		seen := map[string]bool{}
		for _, c := range certs {
			if len(c.SHA256) != 64 || seen[c.SHA256] || (c.Error == "" && (c.Subject == "" || c.NotAfter == "")) {
				t.Errorf("%s: certificate %+v", f.File, c)
			}
			seen[c.SHA256] = true
		}
		// The counts agree with what the store loaded.
		switch {
		case f.Kind == KindAnchors && counts[f.Name] != f.Count:
			t.Errorf("%s: the store holds %d %s anchors, the file %d", f.File, counts[f.Name], f.Name, f.Count)
		case f.Kind == KindAllowed && counts[f.Name+"-allowed"] != f.Count:
			t.Errorf("%s: the store holds %d allowed, the file %d", f.File, counts[f.Name+"-allowed"], f.Count)
		}
	}
	if Default().UserAdded() || len(Empty().Files()) != 0 {
		t.Error("the default store claims user files, or the empty one lists embedded lists")
	}
}

func TestFilesRecordUserFiles(t *testing.T) {
	dir := t.TempDir()
	pemData, err := os.ReadFile("data/ITL-anchors.pem")
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "newsroom.pem")
	if err := os.WriteFile(p, pemData, 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := Build([]string{p}, []string{p})
	if err != nil {
		t.Fatal(err)
	}
	if !s.UserAdded() {
		t.Fatal("user files not recorded")
	}
	files := s.Files()
	if len(files) != 6 {
		t.Fatalf("%d files, want 4 embedded and 2 of the user's", len(files))
	}
	for i, kind := range []string{KindAnchors, KindAllowed} {
		f := files[4+i]
		if !f.User || f.Name != ListUser || f.Kind != kind || f.File != "newsroom.pem" || f.Count != 18 || len(f.Certificates()) != 18 {
			t.Errorf("user file %d: %+v", i, f)
		}
	}
	if s.Clone().UserAdded() != true || len(s.Clone().Files()) != 6 {
		t.Error("Clone lost the user files")
	}
	if Default().UserAdded() {
		t.Error("building a store changed the default one")
	}
}

// The fast block cutter gives exactly what encoding/pem gives on every
// embedded list, and the BEGIN-line count is the certificate count.
func TestCertBlocksMatchEncodingPEM(t *testing.T) {
	for _, l := range embeddedLists {
		data := mustRead("data/" + l.File)
		fast, ok := plainCertBlocks(data)
		if !ok {
			t.Errorf("%s: the plain cutter refused the file", l.File)
		}
		want := pemCertBlocks(data)
		if len(fast) != len(want) {
			t.Fatalf("%s: %d blocks, encoding/pem %d", l.File, len(fast), len(want))
		}
		for i := range want {
			if !bytes.Equal(fast[i], want[i]) {
				t.Errorf("%s: block %d differs from encoding/pem's", l.File, i)
			}
		}
		if n := countBegin(data); n != countPEM(data) || n != len(want) {
			t.Errorf("%s: %d BEGIN lines, countPEM %d, %d blocks", l.File, n, countPEM(data), len(want))
		}
	}
}

// Input the plain cutter does not handle falls back to encoding/pem.
func TestCertBlocksFallBack(t *testing.T) {
	good := mustRead("data/ITL-anchors.pem")
	want := pemCertBlocks(good)
	for name, data := range map[string][]byte{
		"header":      bytes.Replace(good, []byte("CERTIFICATE-----\n"), []byte("CERTIFICATE-----\nProc-Type: 4,ENCRYPTED\n\n"), 1),
		"no end":      bytes.Replace(good, []byte("-----END CERTIFICATE-----"), []byte(""), 1),
		"bad base64":  bytes.Replace(good, []byte("CERTIFICATE-----\nMII"), []byte("CERTIFICATE-----\n*II"), 1),
		"indented":    bytes.Replace(good, []byte("\n-----BEGIN"), []byte("\n -----BEGIN"), 1),
		"text on end": bytes.Replace(good, []byte("END CERTIFICATE-----\n"), []byte("END CERTIFICATE----- x\n"), 1),
	} {
		if bytes.Equal(data, good) {
			t.Fatalf("%s: the edit did not apply", name)
		}
		if _, ok := plainCertBlocks(data); ok {
			t.Errorf("%s: the plain cutter accepted it", name)
		}
		got := certBlocks(data)
		exp := pemCertBlocks(data)
		if len(got) != len(exp) {
			t.Errorf("%s: %d blocks, encoding/pem %d", name, len(got), len(exp))
		}
		for i := range min(len(got), len(exp)) {
			if !bytes.Equal(got[i], exp[i]) {
				t.Errorf("%s: block %d differs from encoding/pem's", name, i)
			}
		}
	}
	if len(want) == 0 {
		t.Fatal("no block in the test input")
	}
}

// Default's store parses the lists only when a method needs them: the
// report's list of files and an empty store do not.
func TestDefaultLoadsLazily(t *testing.T) {
	s := &Store{load: new(sync.Once)}
	if len(s.Files()) != len(embeddedLists) || s.allowed != nil || len(s.anchors) != 0 {
		t.Fatal("Files parsed the lists")
	}
	if Empty(); s.allowed != nil {
		t.Fatal("Empty parsed the lists")
	}
	if c := s.Counts(); c[ListC2PA] == 0 || c[ListITL+"-allowed"] == 0 {
		t.Fatalf("counts after loading: %v", c)
	}
	full := buildDefault()
	if len(s.anchors) != len(full.anchors) || len(s.allowed) != len(full.allowed) || len(s.tsaCerts) != len(full.tsaCerts) || len(s.EKUs()) != len(full.EKUs()) {
		t.Error("the lazily loaded store differs from an eagerly built one")
	}
}
