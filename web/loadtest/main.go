// Command loadtest measures provcheck serve under load: N uploads of a
// generated JPEG at a given concurrency, on the loopback interface only.
// It prints the error count, latency percentiles and the server's peak
// memory (VmHWM, read from /proc for a server it started).
//
//	go build -o /tmp/provcheck ./cmd/provcheck
//	go run ./web/loadtest -server /tmp/provcheck -n 200 -c 8 -size 2MiB
//
// It is a measurement, not a test: timings depend on the machine.
package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"io"
	"math/rand/v2"
	"mime/multipart"
	"net"
	"net/http"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

func main() {
	var (
		server = flag.String("server", "", "provcheck binary to start as `provcheck serve` on a free loopback port")
		addr   = flag.String("addr", "", "or the base URL of a server already running on loopback")
		n      = flag.Int("n", 200, "uploads")
		c      = flag.Int("c", 8, "concurrent uploads")
		size   = flag.String("size", "2MiB", "approximate JPEG size (e.g. 2MiB, 500KiB)")
		view   = flag.Bool("view", false, "ask for the page's view too (thumbnail and metadata tables)")
		save   = flag.String("save", "", "also write the generated JPEG to this file")
	)
	flag.Parse()
	if err := run(*server, *addr, *n, *c, *size, *view, *save); err != nil {
		fmt.Fprintln(os.Stderr, "loadtest:", err)
		os.Exit(1)
	}
}

func run(server, addr string, n, c int, sizeStr string, view bool, save string) error {
	target, err := parseSize(sizeStr)
	if err != nil {
		return err
	}
	jpg, err := makeJPEG(target)
	if err != nil {
		return err
	}
	fmt.Printf("payload: JPEG of %d bytes\n", len(jpg))
	if save != "" {
		if err := os.WriteFile(save, jpg, 0o644); err != nil {
			return err
		}
	}

	var srv *exec.Cmd
	switch {
	case server != "":
		srv, addr, err = startServer(server)
		if err != nil {
			return err
		}
		defer func() {
			srv.Process.Signal(os.Interrupt)
			srv.Wait()
		}()
	case addr == "":
		return errors.New("give -server or -addr")
	}
	if err := loopbackOnly(addr); err != nil {
		return err
	}

	var peakRSS atomic.Int64
	stopSampling := make(chan struct{})
	if srv != nil {
		go sampleRSS(srv.Process.Pid, &peakRSS, stopSampling)
	}

	url := addr + "/api/v1/scan"
	if view {
		url += "?view=1"
	}
	body, ctype := multipartOf(jpg)
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: c}, Timeout: 5 * time.Minute}
	lat := make([]time.Duration, n)
	errs := make([]error, n)
	var next atomic.Int64
	var wg sync.WaitGroup
	start := time.Now()
	for range c {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				t0 := time.Now()
				errs[i] = upload(client, url, ctype, body)
				lat[i] = time.Since(t0)
			}
		})
	}
	wg.Wait()
	wall := time.Since(start)
	close(stopSampling)

	var failed []error
	for _, e := range errs {
		if e != nil {
			failed = append(failed, e)
		}
	}
	slices.Sort(lat)
	pct := func(p float64) time.Duration { return lat[min(len(lat)-1, int(p*float64(len(lat))))] }
	fmt.Printf("uploads: %d at concurrency %d, errors: %d\n", n, c, len(failed))
	for i, e := range failed {
		if i == 5 {
			break
		}
		fmt.Printf("  error: %v\n", e)
	}
	fmt.Printf("latency: p50 %v, p90 %v, p99 %v, max %v\n",
		pct(.50).Round(time.Millisecond), pct(.90).Round(time.Millisecond), pct(.99).Round(time.Millisecond), lat[len(lat)-1].Round(time.Millisecond))
	fmt.Printf("throughput: %.1f uploads/s over %v\n", float64(n)/wall.Seconds(), wall.Round(time.Millisecond))
	if srv != nil {
		hwm, _ := procStatus(srv.Process.Pid, "VmHWM")
		fmt.Printf("server memory: peak RSS (VmHWM) %.1f MiB, highest sampled RSS %.1f MiB\n",
			float64(hwm)/(1<<20), float64(peakRSS.Load())/(1<<20))
	}
	if len(failed) > 0 {
		return fmt.Errorf("%d of %d uploads failed", len(failed), n)
	}
	return nil
}

// upload posts the body and checks for a 200 with a one-file report.
func upload(client *http.Client, url, ctype string, body []byte) error {
	resp, err := client.Post(url, ctype, bytes.NewReader(body))
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("status %d: %.200s", resp.StatusCode, data)
	}
	if !bytes.Contains(data, []byte(`"verdict"`)) {
		return fmt.Errorf("no verdict in the answer: %.200s", data)
	}
	return nil
}

func multipartOf(data []byte) ([]byte, string) {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	w, _ := mw.CreateFormFile("file", "load.jpg")
	w.Write(data)
	mw.Close()
	return buf.Bytes(), mw.FormDataContentType()
}

// makeJPEG encodes a noisy gradient (noise defeats compression, like a
// real photograph's grain) and picks the quality that comes closest to
// the target size.
func makeJPEG(target int64) ([]byte, error) {
	// About 0.5 byte per pixel at quality 95 for this content.
	side := 256
	for int64(side*side) < target*2 {
		side += 64
	}
	rng := rand.New(rand.NewPCG(1, 2))
	img := image.NewRGBA(image.Rect(0, 0, side, side))
	for y := range side {
		for x := range side {
			n := rng.IntN(64)
			img.SetRGBA(x, y, color.RGBA{uint8(x*191/side + n), uint8(y*191/side + n), uint8((x+y)*95/side + n), 255})
		}
	}
	var best []byte
	for q := 40; q <= 100; q += 5 {
		var buf bytes.Buffer
		if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: q}); err != nil {
			return nil, err
		}
		if best == nil || abs(int64(buf.Len())-target) < abs(int64(len(best))-target) {
			best = bytes.Clone(buf.Bytes())
		}
	}
	return best, nil
}

func abs(v int64) int64 {
	if v < 0 {
		return -v
	}
	return v
}

func parseSize(s string) (int64, error) {
	units := []struct {
		suffix string
		mult   int64
	}{{"MiB", 1 << 20}, {"KiB", 1 << 10}, {"MB", 1e6}, {"KB", 1e3}, {"B", 1}}
	for _, u := range units {
		if num, ok := strings.CutSuffix(s, u.suffix); ok {
			v, err := strconv.ParseFloat(num, 64)
			if err != nil || v <= 0 {
				return 0, fmt.Errorf("size %q", s)
			}
			return int64(v * float64(u.mult)), nil
		}
	}
	return 0, fmt.Errorf("size %q: want a unit (MiB, KiB, MB, KB, B)", s)
}

// startServer starts `provcheck serve` on a free loopback port and waits
// for its health check.
func startServer(bin string) (*exec.Cmd, string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, "", err
	}
	hostport := ln.Addr().String()
	ln.Close()
	cmd := exec.Command(bin, "serve", "--listen", hostport)
	cmd.Stdout = os.Stdout
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		return nil, "", err
	}
	base := "http://" + hostport
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for ctx.Err() == nil {
		if resp, err := http.Get(base + "/healthz"); err == nil {
			resp.Body.Close()
			return cmd, base, nil
		}
		time.Sleep(20 * time.Millisecond)
	}
	cmd.Process.Kill()
	cmd.Wait()
	return nil, "", errors.New("the server did not answer /healthz")
}

func loopbackOnly(base string) error {
	host := strings.TrimPrefix(strings.TrimPrefix(base, "http://"), "https://")
	if i := strings.LastIndex(host, ":"); i >= 0 {
		host = host[:i]
	}
	host = strings.Trim(host, "[]")
	if ip := net.ParseIP(host); (ip != nil && ip.IsLoopback()) || host == "localhost" {
		return nil
	}
	return fmt.Errorf("%s is not a loopback address: this tool only loads this machine", base)
}

// sampleRSS records the highest resident set size seen.
func sampleRSS(pid int, peak *atomic.Int64, stop <-chan struct{}) {
	t := time.NewTicker(20 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-t.C:
			if v, err := procStatus(pid, "VmRSS"); err == nil && v > peak.Load() {
				peak.Store(v)
			}
		}
	}
}

// procStatus reads one "kB" field of /proc/PID/status, in bytes.
func procStatus(pid int, field string) (int64, error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), field+":"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return kb << 10, err
		}
	}
	return 0, fmt.Errorf("%s not in /proc/%d/status", field, pid)
}
