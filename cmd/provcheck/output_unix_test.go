//go:build unix

package main

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// An output that is not a regular file is written in place, never replaced:
// renaming a report over /dev/null as root turns it into a plain file.
func TestOutputSpecialFile(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "a.txt")
	os.WriteFile(good, []byte("words\n"), 0o644)

	fifo := filepath.Join(dir, "report.fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("no FIFOs here: %v", err)
	}
	got := make(chan []byte, 1)
	go func() {
		data, _ := os.ReadFile(fifo)
		got <- data
	}()
	if code, _, stderr := provcheck(t, "", "scan", "--format", "json", "--output", fifo, good); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	select {
	case data := <-got:
		if r := decode(t, string(data)); r.Summary.Files != 1 {
			t.Fatalf("report through the FIFO: %+v", r.Summary)
		}
	case <-time.After(time.Minute):
		t.Fatal("nothing was written to the FIFO")
	}
	if st, err := os.Lstat(fifo); err != nil || st.Mode()&os.ModeNamedPipe == 0 {
		t.Errorf("the FIFO was replaced: %v %v", st.Mode(), err)
	}

	if st, err := os.Stat(os.DevNull); err == nil && st.Mode()&os.ModeCharDevice != 0 {
		if code, _, stderr := provcheck(t, "", "scan", "--output", os.DevNull, good); code != exitOK {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		if st, err := os.Stat(os.DevNull); err != nil || st.Mode()&os.ModeCharDevice == 0 {
			t.Fatalf("%s is no longer a device after a scan wrote to it: %v %v", os.DevNull, st.Mode(), err)
		}
	}
	if code, _, _ := provcheck(t, "", "scan", "--output", dir, good); code != exitUsage {
		t.Errorf("a folder as output: exit %d, want %d", code, exitUsage)
	}
}
