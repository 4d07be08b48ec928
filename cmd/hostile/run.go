package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

type runConfig struct {
	bin        string
	timeout    time.Duration
	grace      time.Duration
	rss        int64 // bytes: the budget of a file up to rss-over in size
	over       int64 // bytes above a larger file's size
	as         int64 // address-space limit of each run
	maxFile    int64 // the binary's --max-file-size, for the stdin check
	workers    int
	batch      int
	stdinBytes int64
}

// outcome is what one run of the binary did.
type outcome struct {
	Name     string   `json:"name"`
	Files    int      `json:"files"`
	Size     int64    `json:"size"`
	WallMS   int64    `json:"wallMs"`
	RSS      int64    `json:"maxRss"`
	Exit     int      `json:"exit"`
	Verdicts []string `json:"verdicts,omitempty"`
	Codes    []string `json:"errorCodes,omitempty"`
	Problems []string `json:"problems,omitempty"`
}

func runMain(args []string) error {
	fl := flag.NewFlagSet("run", flag.ExitOnError)
	var c runConfig
	dir := fl.String("dir", "", "folder written by gen")
	fl.StringVar(&c.bin, "bin", "", "provcheck binary")
	fl.DurationVar(&c.timeout, "timeout", 10*time.Second, "--timeout given to provcheck")
	fl.DurationVar(&c.grace, "grace", 5*time.Second, "time past --timeout a file may take")
	fl.Int64Var(&c.rss, "rss", 512<<20, "peak RSS budget of one file")
	fl.Int64Var(&c.over, "over", 128<<20, "for files larger than -rss minus this, the budget is their size plus this")
	fl.Int64Var(&c.as, "as", 4<<30, "address-space limit (prlimit --as) of each run")
	fl.Int64Var(&c.maxFile, "max-file-size", 512<<20, "provcheck's --max-file-size")
	fl.IntVar(&c.workers, "workers", 2, "--workers for the mutation batches")
	fl.IntVar(&c.batch, "batch", 250, "mutations per provcheck run")
	fl.Int64Var(&c.stdinBytes, "stdin-bytes", 700<<20, "size of the stream piped to standard input (0: skip)")
	report := fl.String("report", "", "write every outcome as JSON here")
	fl.Parse(args)
	if *dir == "" || c.bin == "" {
		return errors.New("run: -dir and -bin are required")
	}
	if _, err := exec.LookPath("prlimit"); err != nil {
		return fmt.Errorf("run: prlimit (util-linux) is needed for the address-space limit: %w", err)
	}
	var all []outcome
	failed := 0
	show := func(o outcome) {
		all = append(all, o)
		status := "ok"
		if len(o.Problems) > 0 {
			status = "FAIL " + strings.Join(o.Problems, "; ")
			failed++
		}
		fmt.Printf("%-44s %4d file(s) %9s %7.2fs rss %6.1f MiB exit %d %v %s\n",
			trim(o.Name, 44), o.Files, human(o.Size), float64(o.WallMS)/1000, float64(o.RSS)/(1<<20), o.Exit, o.Codes, status)
	}

	bombs, _ := filepath.Glob(filepath.Join(*dir, "bombs", "*"))
	slices.Sort(bombs)
	for _, p := range bombs {
		show(c.scan(filepath.Base(p), []string{p}, 1, nil, 0))
	}
	muts, _ := filepath.Glob(filepath.Join(*dir, "mutations", "*"))
	slices.Sort(muts)
	var mutRuns []outcome
	for i := 0; i < len(muts); i += c.batch {
		part := muts[i:min(len(muts), i+c.batch)]
		o := c.scan(fmt.Sprintf("mutations %d-%d", i+1, i+len(part)), part, c.workers, nil, 0)
		mutRuns = append(mutRuns, o)
		show(o)
	}
	for _, o := range c.specials() {
		show(o)
	}

	// Campaign counts.
	var variants, crashes, timeouts int
	var maxRSS int64
	for _, o := range all {
		variants += o.Files
		maxRSS = max(maxRSS, o.RSS)
		for _, p := range o.Problems {
			if strings.HasPrefix(p, "crash") {
				crashes++
			}
		}
		for _, code := range o.Codes {
			if code == "timeout" {
				timeouts++
			}
		}
	}
	fmt.Printf("\nhostile: %d bombs, %d mutations in %d runs, %d special cases; %d files in all; %d crashes, %d timeouts (error entries), max RSS %.1f MiB; %d runs failed\n",
		len(bombs), len(muts), len(mutRuns), len(all)-len(bombs)-len(mutRuns), variants, crashes, timeouts, float64(maxRSS)/(1<<20), failed)
	if *report != "" {
		b, _ := json.MarshalIndent(all, "", "  ")
		if err := os.WriteFile(*report, b, 0o644); err != nil {
			return err
		}
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d runs breached a limit or crashed", failed, len(all))
	}
	return nil
}

// budget is the peak RSS allowed for one file of size n.
func (c *runConfig) budget(n int64) int64 {
	if n+c.over > c.rss {
		return n + c.over
	}
	return c.rss
}

// scan runs the binary over paths (or "-" with stdin) under the limits and
// checks the report.
func (c *runConfig) scan(name string, paths []string, workers int, stdin io.Reader, stdinSize int64) outcome {
	o := outcome{Name: name, Files: len(paths)}
	for _, p := range paths {
		if st, err := os.Stat(p); err == nil && st.Mode().IsRegular() {
			o.Size = max(o.Size, st.Size())
		}
	}
	o.Size = max(o.Size, stdinSize)
	// A batch may hold a file per worker at once.
	wall := c.timeout + c.grace
	limit := c.budget(o.Size)
	if len(paths) > 1 {
		wall = time.Duration(len(paths))*c.timeout/time.Duration(workers) + c.grace
		limit = int64(workers) * c.budget(o.Size)
	}
	ctx, cancel := context.WithTimeout(context.Background(), wall+10*time.Second)
	defer cancel()
	args := []string{"--as=" + strconv.FormatInt(c.as, 10), "--", c.bin, "scan", "--no-cache", "--format", "json",
		"--timeout", c.timeout.String(), "--workers", strconv.Itoa(workers), "--max-file-size", strconv.FormatInt(c.maxFile, 10)}
	cmd := exec.CommandContext(ctx, "prlimit", append(args, paths...)...)
	cmd.Stdin = stdin
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	err := cmd.Run()
	o.WallMS = time.Since(start).Milliseconds()
	if cmd.ProcessState != nil {
		o.Exit = cmd.ProcessState.ExitCode()
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
			o.RSS = ru.Maxrss << 10 // kilobytes on Linux
		}
	}
	problem := func(format string, args ...any) { o.Problems = append(o.Problems, fmt.Sprintf(format, args...)) }
	if ctx.Err() != nil {
		problem("crash: killed after %s without finishing", wall+10*time.Second)
	} else if err != nil && o.Exit != 3 && o.Exit != 1 {
		problem("crash: exit %d: %s", o.Exit, firstLine(stderr.String()))
	}
	if s := stderr.String(); strings.Contains(s, "panic:") || strings.Contains(s, "fatal error:") || strings.Contains(s, "goroutine ") {
		problem("crash: %s", firstLine(s[max(0, strings.Index(s, "panic:")):]))
	}
	if time.Duration(o.WallMS)*time.Millisecond > wall {
		problem("wall %.1fs over %s", float64(o.WallMS)/1000, wall)
	}
	if o.RSS > limit {
		problem("peak RSS %.1f MiB over %.1f MiB", float64(o.RSS)/(1<<20), float64(limit)/(1<<20))
	}
	var rep struct {
		Summary struct{ Files, Errors int }
		Files   []struct {
			Path    string
			Verdict string
			Errors  []struct{ Code string }
		}
	}
	if err := json.Unmarshal(stdout.Bytes(), &rep); err != nil {
		problem("report: %v", err)
		return o
	}
	if len(rep.Files) != len(paths) {
		problem("report has %d entries for %d files", len(rep.Files), len(paths))
	}
	for _, f := range rep.Files {
		o.Verdicts = append(o.Verdicts, f.Verdict)
		for _, e := range f.Errors {
			if len(paths) == 1 || e.Code == "timeout" {
				o.Codes = append(o.Codes, e.Code)
			}
		}
	}
	return o
}

// specials: a FIFO named directly, and a stream past the cap on standard
// input.
func (c *runConfig) specials() []outcome {
	var out []outcome
	dir, err := os.MkdirTemp("", "hostile-fifo")
	if err == nil {
		defer os.RemoveAll(dir)
		fifo := filepath.Join(dir, "pipe")
		if syscall.Mkfifo(fifo, 0o600) == nil {
			o := c.scan("fifo named directly", []string{fifo}, 1, nil, 0)
			if o.WallMS > 5000 {
				o.Problems = append(o.Problems, "a FIFO took more than 5 s")
			}
			if !slices.Equal(o.Verdicts, []string{"error"}) {
				o.Problems = append(o.Problems, fmt.Sprintf("FIFO verdicts %v, want one error entry", o.Verdicts))
			}
			out = append(out, o)
		}
	}
	if c.stdinBytes > 0 {
		r := io.LimitReader(zeroReader{}, c.stdinBytes)
		o := c.scan(fmt.Sprintf("stdin %s", human(c.stdinBytes)), []string{"-"}, 1, r, 0)
		// Past the cap, the stream is refused; the budget is the cap plus
		// the working set, whatever the stream's length.
		if lim := min(c.stdinBytes, c.maxFile) + c.over; o.RSS > lim {
			o.Problems = append(o.Problems, fmt.Sprintf("stdin peak RSS %.1f MiB over %.1f MiB", float64(o.RSS)/(1<<20), float64(lim)/(1<<20)))
		}
		o.Problems = slices.DeleteFunc(o.Problems, func(p string) bool { return strings.HasPrefix(p, "peak RSS") })
		out = append(out, o)
	}
	return out
}

type zeroReader struct{}

func (zeroReader) Read(p []byte) (int, error) { clear(p); return len(p), nil }

func firstLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	return trim(s, 200)
}

func trim(s string, n int) string {
	if len(s) > n {
		return s[:n-1] + "…"
	}
	return s
}

func human(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1fMiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1fKiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%dB", n)
}
