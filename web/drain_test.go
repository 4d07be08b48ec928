package web

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/provcheck/provcheck/reports"
)

// TestDrainFinishesScanInFlight: when the drain starts (SIGTERM cancels
// the serve context) with a scan in flight, that scan still completes
// with 200, new connections are refused, and Serve returns nil after it.
func TestDrainFinishesScanInFlight(t *testing.T) {
	inScan := make(chan struct{})
	release := make(chan struct{})
	s, _ := newTestServer(t, func(o *Options) {
		// Finish runs after the engine, inside the scan slot: holding it
		// holds the scan in flight.
		o.Finish = func(*reports.FileResult) {
			close(inScan)
			<-release
		}
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + ln.Addr().String()
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx, ln) }()

	type answer struct {
		status int
		body   string
		err    error
	}
	answers := make(chan answer, 1)
	go func() {
		resp, err := http.Post(base+"/api/v1/scan?name=a.png", "application/octet-stream", bytes.NewReader(readSample(t, "ai_comfyui_workflow.png")))
		if err != nil {
			answers <- answer{err: err}
			return
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		answers <- answer{status: resp.StatusCode, body: string(b)}
	}()
	select {
	case <-inScan:
	case <-time.After(30 * time.Second):
		t.Fatal("the scan did not start")
	}
	cancel() // the drain starts with the scan in flight
	for deadline := time.Now().Add(5 * time.Second); !s.draining.Load(); time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the server did not start draining")
		}
	}
	// Shutdown closes the listener: a new connection is refused.
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(5 * time.Millisecond) {
		c, err := net.DialTimeout("tcp", ln.Addr().String(), time.Second)
		if err != nil {
			break
		}
		c.Close()
		if time.Now().After(deadline) {
			t.Fatal("still accepting connections while draining")
		}
	}
	select {
	case err := <-done:
		t.Fatalf("Serve returned (%v) with a scan in flight", err)
	default:
	}
	close(release)
	a := <-answers
	if a.err != nil || a.status != http.StatusOK || !strings.Contains(a.body, `"verdict"`) {
		t.Fatalf("in-flight scan after drain: status %d, err %v, body %.200s", a.status, a.err, a.body)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("Serve: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Serve did not return after the in-flight scan")
	}
}
