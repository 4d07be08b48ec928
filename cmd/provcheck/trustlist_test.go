package main

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/provcheck/provcheck/provenance/c2pa/c2patest"
)

// TestTrustList: trust list shows the embedded snapshots and, from the
// configuration, the user's anchors, with fingerprints one can check; the
// table fits the width it is given.
func TestTrustList(t *testing.T) {
	signer, err := c2patest.NewSigner(time.Now())
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	pem := filepath.Join(dir, "newsroom-ca.pem")
	os.WriteFile(pem, signer.CAPEM, 0o644)
	plain := filepath.Join(dir, "plain.yaml")
	os.WriteFile(plain, nil, 0o644)
	withUser := filepath.Join(dir, "user.yaml")
	os.WriteFile(withUser, []byte("trust-anchors: ["+pem+"]\n"), 0o644)

	type list struct {
		Name, Kind, File, Snapshot, SHA256 string
		Count                              int
		User                               bool
		Certificates                       []struct{ Subject, SHA256, NotAfter string }
	}
	read := func(cfg string) []list {
		t.Helper()
		code, out, stderr := provcheck(t, "", "trust", "list", "-f", "json", "--config", cfg)
		if code != exitOK {
			t.Fatalf("trust list: exit %d: %s", code, stderr)
		}
		var doc struct{ Lists []list }
		if err := json.Unmarshal([]byte(out), &doc); err != nil {
			t.Fatal(err)
		}
		return doc.Lists
	}
	base := read(plain)
	names := map[string]bool{}
	for _, l := range base {
		names[l.Name+"/"+l.Kind] = true
		if l.User || l.Snapshot == "" || len(l.SHA256) != 64 || l.Count == 0 || len(l.Certificates) != l.Count {
			t.Errorf("embedded list %+v", l.File)
		}
	}
	for _, want := range []string{"c2pa/anchors", "c2pa-tsa/tsa", "itl/anchors", "itl/allowed"} {
		if !names[want] {
			t.Errorf("no %s list in %v", want, names)
		}
	}
	lists := read(withUser)
	if len(lists) != len(base)+1 {
		t.Fatalf("%d lists with a user anchor, want %d", len(lists), len(base)+1)
	}
	u := lists[len(lists)-1]
	fileSum := sha256.Sum256(signer.CAPEM)
	certSum := sha256.Sum256(signer.CA.Raw)
	if !u.User || u.Name != "user" || u.File != "newsroom-ca.pem" || u.SHA256 != hex.EncodeToString(fileSum[:]) || u.Count != 1 ||
		len(u.Certificates) != 1 || u.Certificates[0].SHA256 != hex.EncodeToString(certSum[:]) || !strings.Contains(u.Certificates[0].Subject, "provcheck test CA") {
		t.Errorf("user list %+v", u)
	}

	t.Setenv("COLUMNS", "80")
	code, out, stderr := provcheck(t, "", "trust", "list", "--config", withUser)
	if code != exitOK {
		t.Fatalf("trust list table: exit %d: %s", code, stderr)
	}
	for _, line := range strings.Split(out, "\n") {
		if n := utf8.RuneCountInString(line); n > 80 {
			t.Errorf("line of %d columns: %q", n, line)
		}
	}
	for _, want := range []string{"C2PA-TRUST-LIST.pem", "(yours)", hex.EncodeToString(certSum[:])[:20]} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q", want)
		}
	}
	if code, _, _ := provcheck(t, "", "trust", "list", "-f", "csv"); code != exitUsage {
		t.Errorf("format csv: exit %d, want %d", code, exitUsage)
	}
}

// TestReportRecordsTrustLists: a scan's report and serve's reports name the
// trust list snapshots they used, with the user's anchors when the
// configuration adds them.
func TestReportRecordsTrustLists(t *testing.T) {
	signer, err := c2patest.NewSigner(time.Now())
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	pem := filepath.Join(dir, "newsroom-ca.pem")
	os.WriteFile(pem, signer.CAPEM, 0o644)
	plain := filepath.Join(dir, "plain.yaml")
	os.WriteFile(plain, []byte("no-cache: true\n"), 0o644)
	withUser := filepath.Join(dir, "user.yaml")
	os.WriteFile(withUser, []byte("no-cache: true\ntrust-anchors: ["+pem+"]\n"), 0o644)
	file := filepath.Join(dir, "note.txt")
	os.WriteFile(file, []byte("hello\n"), 0o644)
	fileSum := sha256.Sum256(signer.CAPEM)
	for _, tt := range []struct {
		cfg  string
		user bool
	}{{plain, false}, {withUser, true}} {
		code, out, stderr := provcheck(t, "", "scan", "-f", "json", "--config", tt.cfg, file)
		if code != exitOK && code != exitFindings {
			t.Fatalf("scan: exit %d: %s", code, stderr)
		}
		base := startServe(t, "--config", tt.cfg)
		_, body := uploadFile(t, base, file, nil)
		for where, rep := range map[string]string{"scan": out, "serve": string(body)} {
			tr := decode(t, rep).Tool.Trust
			if tr == nil {
				t.Fatalf("%s: no trust lists in the report", where)
			}
			if tr.UserAdded != tt.user {
				t.Errorf("%s: userAdded %v, want %v", where, tr.UserAdded, tt.user)
			}
			var embedded, user int
			for _, l := range tr.Lists {
				switch {
				case l.User:
					user++
					if l.File != "newsroom-ca.pem" || l.Count != 1 || l.SHA256 != hex.EncodeToString(fileSum[:]) {
						t.Errorf("%s: user list %+v", where, l)
					}
				case l.Snapshot != "" && len(l.SHA256) == 64 && l.Count > 0:
					embedded++
				default:
					t.Errorf("%s: list %+v", where, l)
				}
			}
			if embedded != 4 || user != map[bool]int{false: 0, true: 1}[tt.user] {
				t.Errorf("%s: %d embedded and %d user lists", where, embedded, user)
			}
		}
	}
}
