package main

import (
	"errors"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
)

func TestIdentify(t *testing.T) {
	dir := t.TempDir()
	exeA := filepath.Join(dir, "a")
	exeB := filepath.Join(dir, "b")
	if err := os.WriteFile(exeA, []byte("not an ELF file, build A"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(exeB, []byte("not an ELF file, build B"), 0o755); err != nil {
		t.Fatal(err)
	}
	info := func(settings ...debug.BuildSetting) func() (*debug.BuildInfo, bool) {
		return func() (*debug.BuildInfo, bool) {
			return &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: "github.com/provcheck/provcheck", Version: "(devel)"}, Settings: settings}, true
		}
	}
	module := func() (*debug.BuildInfo, bool) {
		return &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: "github.com/provcheck/provcheck", Version: "v0.2.0", Sum: "h1:abc="}}, true
	}
	none := func() (*debug.BuildInfo, bool) { return nil, false }
	exe := func(p string) func() (string, error) { return func() (string, error) { return p, nil } }
	noExe := func() (string, error) { return "", errors.New("no executable") }

	clean := []debug.BuildSetting{{Key: "vcs.revision", Value: "1111"}, {Key: "vcs.modified", Value: "false"}}
	dirty := []debug.BuildSetting{{Key: "vcs.revision", Value: "1111"}, {Key: "vcs.modified", Value: "true"}}

	tests := []struct {
		name      string
		a, b      string
		wantEqual bool
	}{
		// A committed revision names the code: the executable is not read.
		{"same clean revision", identify(info(clean...), exe(exeA)), identify(info(clean...), exe(exeB)), true},
		{"other clean revision", identify(info(clean...), exe(exeA)), identify(info(clean[0:0]...), exe(exeA)), false},
		// Uncommitted changes on the same revision: only the binary tells builds apart.
		{"dirty builds differ", identify(info(dirty...), exe(exeA)), identify(info(dirty...), exe(exeB)), false},
		{"dirty same binary", identify(info(dirty...), exe(exeA)), identify(info(dirty...), exe(exeA)), true},
		{"dirty is not clean", identify(info(dirty...), exe(exeA)), identify(info(clean...), exe(exeA)), false},
		{"no vcs builds differ", identify(info(), exe(exeA)), identify(info(), exe(exeB)), false},
		{"no build info", identify(none, exe(exeA)), identify(none, exe(exeB)), false},
		{"module download", identify(module, exe(exeA)), identify(module, exe(exeB)), true},
	}
	for _, tc := range tests {
		if got := tc.a == tc.b; got != tc.wantEqual {
			t.Errorf("%s: equal = %v, want %v (%q vs %q)", tc.name, got, tc.wantEqual, tc.a, tc.b)
		}
	}
	if id := identify(info(dirty...), noExe); !strings.Contains(id, "unknown-executable") {
		t.Errorf("no executable: %q, want it said", id)
	}
}

// The running test binary is an ELF file with a Go build ID note (on the
// systems CI runs): its identity is that note, not a hash of the file.
func TestExecutableIDReadsBuildID(t *testing.T) {
	id := executableID(os.Executable)
	if id == "unknown-executable" {
		t.Fatalf("executableID of the test binary: %q", id)
	}
	if !strings.HasPrefix(id, "buildid:") && !strings.HasPrefix(id, "sha256:") {
		t.Errorf("executableID = %q, want buildid: or sha256:", id)
	}
}
