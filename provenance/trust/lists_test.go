package trust

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
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
