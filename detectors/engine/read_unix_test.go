//go:build unix

package engine

import (
	"path/filepath"
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
