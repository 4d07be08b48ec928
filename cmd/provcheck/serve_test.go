package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/provcheck/provcheck/reports"
)

// lockedBuffer is a bytes.Buffer safe to write from the server goroutine
// and read from the test.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

var servingRE = regexp.MustCompile(`serving (http://[^/\s]+)/`)

// startServe runs "provcheck serve" in-process on a free loopback port and
// returns its base URL; the server stops when the test ends, and the test
// checks that it stopped cleanly.
func startServe(t *testing.T, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	var stderr lockedBuffer
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, append([]string{"serve", "--listen", "127.0.0.1:0"}, args...), strings.NewReader(""), io.Discard, &stderr)
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case code := <-done:
			if code != exitOK {
				t.Errorf("serve exited %d: %s", code, stderr.String())
			}
		case <-time.After(15 * time.Second):
			t.Error("serve did not stop")
		}
	})
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if m := servingRE.FindStringSubmatch(stderr.String()); m != nil {
			return m[1]
		}
		select {
		case code := <-done:
			t.Fatalf("serve exited %d: %s", code, stderr.String())
		case <-time.After(10 * time.Millisecond):
		}
	}
	t.Fatalf("serve did not start: %s", stderr.String())
	return ""
}

func uploadFile(t *testing.T, base, path string, hdr map[string]string) (*http.Response, []byte) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	w, _ := mw.CreateFormFile("file", filepath.Base(path))
	w.Write(data)
	mw.Close()
	req, _ := http.NewRequestWithContext(t.Context(), "POST", base+"/api/v1/scan", &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp, body
}

// canonical renders a FileResult as JSON with object keys sorted at every
// level, so results decoded from two sources compare as text.
func canonical(t *testing.T, f reports.FileResult) string {
	t.Helper()
	b, _ := json.Marshal(f)
	var generic any
	json.Unmarshal(b, &generic)
	b, _ = json.MarshalIndent(generic, "", " ")
	return string(b)
}

// TestServeSameAsScan: every sample gets the same result from the page's
// API as from provcheck scan, with the same configuration file.
func TestServeSameAsScan(t *testing.T) {
	t.Chdir("../..")
	cfg := filepath.Join(t.TempDir(), "provcheck.yaml")
	// A non-default setting, so the test sees the configuration reach both.
	if err := os.WriteFile(cfg, []byte("weights:\n  suspect-threshold: 0.6\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, stderr := provcheck(t, "", "scan", "--format", "json", "--config", cfg, "testdata/samples")
	if code != exitOK {
		t.Fatalf("scan exit %d: %s", code, stderr)
	}
	cli := decode(t, out)
	base := startServe(t, "--config", cfg)
	for _, want := range cli.Files {
		resp, body := uploadFile(t, base, want.Path, nil)
		if resp.StatusCode != 200 {
			t.Fatalf("%s: status %d: %s", want.Path, resp.StatusCode, body)
		}
		got := decode(t, string(body))
		if len(got.Files) != 1 {
			t.Fatalf("%s: %d files", want.Path, len(got.Files))
		}
		want.Path = filepath.Base(want.Path)
		if g, w := canonical(t, got.Files[0]), canonical(t, want); g != w {
			t.Errorf("%s: serve and scan differ:\nserve: %s\nscan:  %s", want.Path, g, w)
		}
	}
}

func TestServeToken(t *testing.T) {
	t.Setenv("PROVCHECK_TOKEN", "from-the-environment")
	base := startServe(t)
	sample := filepath.Join("..", "..", "testdata", "samples", "camera_canon_eos.jpg")
	if resp, _ := uploadFile(t, base, sample, nil); resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("no token: status %d", resp.StatusCode)
	}
	if resp, body := uploadFile(t, base, sample, map[string]string{"Authorization": "Bearer from-the-environment"}); resp.StatusCode != 200 {
		t.Fatalf("with the token: status %d: %s", resp.StatusCode, body)
	}
}

func TestServeUsageErrors(t *testing.T) {
	for name, args := range map[string][]string{
		"argument":            {"serve", "extra"},
		"bad address":         {"serve", "--listen", "nowhere"},
		"zero request size":   {"serve", "--listen", "127.0.0.1:0", "--max-request-size", "0"},
		"negative queue":      {"serve", "--listen", "127.0.0.1:0", "--max-queue", "-1"},
		"zero queue wait":     {"serve", "--listen", "127.0.0.1:0", "--queue-wait", "0s"},
		"queue wait too long": {"serve", "--listen", "127.0.0.1:0", "--queue-wait", "10m"},
		"scan-only flag":      {"serve", "--format", "json"},
		"network, no token":   {"serve", "--listen", "0.0.0.0:0"},
		"negative min rate":   {"serve", "--listen", "127.0.0.1:0", "--body-min-rate", "-1"},
	} {
		t.Run(name, func(t *testing.T) {
			if code, _, stderr := provcheck(t, "", args...); code != exitUsage {
				t.Fatalf("exit %d, want %d: %s", code, exitUsage, stderr)
			}
		})
	}
}
