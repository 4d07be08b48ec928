//go:build unix

package engine

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/provcheck/provcheck/reports"
)

// A FIFO named directly must not hang the scan: it is refused at once
// with an error entry, the time limit never comes into it.
func TestFIFORefusedAtOnce(t *testing.T) {
	p := filepath.Join(t.TempDir(), "pipe")
	if err := syscall.Mkfifo(p, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	e := New(Config{}, nil, nil)
	done := make(chan reports.FileResult, 1)
	go func() { done <- e.ScanFile(t.Context(), p, p) }()
	select {
	case fr := <-done:
		if fr.Verdict != reports.VerdictError || len(fr.Errors) != 1 || fr.Errors[0].Code != CodeNotRegular {
			t.Fatalf("verdict %s, errors %+v", fr.Verdict, fr.Errors)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("scanning a FIFO blocked")
	}
}

// A file name that is not UTF-8 is reported escaped, with its raw bytes
// beside it, so the entry still names the file.
func TestNonUTF8PathIsEscaped(t *testing.T) {
	p := filepath.Join(t.TempDir(), "caf\xe9 \xff.txt")
	if err := os.WriteFile(p, []byte("some text"), 0o644); err != nil {
		t.Skipf("file system refuses the name: %v", err)
	}
	fr := New(Config{}, nil, nil).ScanFile(t.Context(), p, p)
	if !strings.HasSuffix(fr.Path, `caf\xe9 \xff.txt`) || string(fr.PathBytes) != p {
		t.Fatalf("path %q, bytes %q", fr.Path, fr.PathBytes)
	}
	b, err := json.Marshal(fr)
	if err != nil {
		t.Fatal(err)
	}
	var back reports.FileResult
	if err := json.Unmarshal(b, &back); err != nil || string(back.PathBytes) != p {
		t.Fatalf("round trip: %q, %v", back.PathBytes, err)
	}
}
