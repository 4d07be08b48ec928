package web

import (
	"bytes"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestSlowClientsHoldNoSlot: 24 clients trickling their bodies at 1 byte
// per second, with one scan slot and no queue, and a normal upload still
// gets its answer within seconds; the tricklers are cut off with 408.
func TestSlowClientsHoldNoSlot(t *testing.T) {
	_, ts := newTestServer(t, func(o *Options) { o.MaxScans = 1; o.MaxQueue = 0 })
	addr := strings.TrimPrefix(ts.URL, "http://")
	const tricklers = 24
	var wg sync.WaitGroup
	statuses := make(chan string, tricklers)
	stop := make(chan struct{})
	for i := range tricklers {
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { conn.Close() })
		fmt.Fprintf(conn, "POST /api/v1/scan?name=slow%d.txt HTTP/1.1\r\nHost: %s\r\nContent-Type: application/octet-stream\r\nContent-Length: 1000\r\n\r\n", i, addr)
		wg.Add(1)
		go func() {
			defer wg.Done()
			go func() {
				for {
					select {
					case <-stop:
						return
					case <-time.After(time.Second):
						if _, err := conn.Write([]byte("x")); err != nil {
							return
						}
					}
				}
			}()
			conn.SetReadDeadline(time.Now().Add(30 * time.Second))
			line, _ := io.ReadAll(io.LimitReader(conn, 12))
			statuses <- string(line)
		}()
	}
	defer close(stop)
	time.Sleep(500 * time.Millisecond) // the tricklers are in

	start := time.Now()
	body, ct := multipartBody(t, []upload{{name: "camera_canon_eos.jpg", data: readSample(t, "camera_canon_eos.jpg")}}, nil)
	resp := post(t, ts.URL+"/api/v1/scan", ct, body, nil)
	took := time.Since(start)
	if resp.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(resp.Body)
		t.Fatalf("normal upload among tricklers: status %d: %s", resp.StatusCode, b)
	}
	t.Logf("normal upload among %d tricklers answered in %v", tricklers, took)
	if took > 10*time.Second {
		t.Errorf("normal upload waited %v behind slow clients", took)
	}
	wg.Wait()
	close(statuses)
	for st := range statuses {
		if !strings.HasPrefix(st, "HTTP/1.1 408") {
			t.Errorf("trickler got %q, want 408", st)
		}
	}
}

func TestEmptyBodyAndBearerScheme(t *testing.T) {
	_, ts := newTestServer(t, func(o *Options) { o.Token = "s3cret" })
	auth := map[string]string{"Authorization": "bearer s3cret"}
	if resp := post(t, ts.URL+"/api/v1/scan", "", nil, auth); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("empty body: status %d, want 400", resp.StatusCode)
	}
	for _, h := range []string{"bearer s3cret", "BEARER s3cret", "Bearer  s3cret"} {
		resp := post(t, ts.URL+"/api/v1/scan?name=a.txt", "", strings.NewReader("hello\n"), map[string]string{"Authorization": h})
		if resp.StatusCode != http.StatusOK {
			t.Errorf("%q: status %d", h, resp.StatusCode)
		}
	}
	for _, h := range []string{"", "Basic s3cret", "bearer wrong", "s3cret"} {
		resp := post(t, ts.URL+"/api/v1/scan?name=a.txt", "", strings.NewReader("hello\n"), map[string]string{"Authorization": h})
		if resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("%q: status %d, want 401", h, resp.StatusCode)
		}
	}
}

func TestReadyMetricsRequestIDs(t *testing.T) {
	var logs bytes.Buffer
	var mu sync.Mutex
	s, ts := newTestServer(t, func(o *Options) {
		o.Log = slog.New(slog.NewTextHandler(lockedWriter{&mu, &logs}, nil))
	})
	if resp := get(t, ts.URL+"/readyz"); resp.StatusCode != http.StatusOK {
		t.Fatalf("readyz: %d", resp.StatusCode)
	}
	resp := post(t, ts.URL+"/api/v1/scan?name=secret-name.png", "", bytes.NewReader(readSample(t, "ai_comfyui_workflow.png")), nil)
	id := resp.Header.Get("X-Request-Id")
	if resp.StatusCode != http.StatusOK || len(id) != 16 {
		t.Fatalf("scan: %d, request id %q", resp.StatusCode, id)
	}
	post(t, ts.URL+"/api/v1/scan", "", nil, nil) // a rejection
	// The slot is released just after the response is written, so the
	// gauge may still read 1 for a moment: wait for it, a few seconds at most.
	var m string
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		mresp := get(t, ts.URL+"/metrics")
		b, _ := io.ReadAll(mresp.Body)
		mresp.Body.Close()
		m = string(b)
		if strings.Contains(m, "provcheck_scan_slots_busy 0") || time.Now().After(deadline) {
			break
		}
	}
	for _, want := range []string{
		`provcheck_scans_total{media_type="image/png",verdict="ai-declared"} 1`,
		`provcheck_rejections_total{reason="bad-request"} 1`,
		"provcheck_scan_duration_seconds_count 1",
		"provcheck_queue_duration_seconds_count 1",
		"provcheck_scan_slots_busy 0",
		"provcheck_bytes_read_total ",
	} {
		if !strings.Contains(m, want) {
			t.Errorf("metrics lack %q", want)
		}
	}
	mu.Lock()
	l := logs.String()
	mu.Unlock()
	if strings.Count(l, "id="+id) < 2 || strings.Contains(l, "secret-name") || strings.Contains(m, "secret-name") {
		t.Errorf("logs: want the request id on each line and no file name:\n%s", l)
	}
	s.draining.Store(true)
	if resp := get(t, ts.URL+"/readyz"); resp.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("readyz while draining: %d", resp.StatusCode)
	}
}

type lockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (l lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}
