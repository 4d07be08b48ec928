package engine

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/provcheck/provcheck/detectors"
	"github.com/provcheck/provcheck/reports"
)

// pngHeader is the PNG signature: alone, a file the walker cannot read.
var pngHeader = []byte("\x89PNG\r\n\x1a\n")

// minimalPNG is the smallest real input: a valid 1x1 PNG, encoded by the
// standard library.
var minimalPNG = func() []byte {
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewGray(image.Rect(0, 0, 1, 1))); err != nil {
		panic(err)
	}
	return b.Bytes()
}()

var (
	panicky = &detectors.Detector{Name: "panicky", Doc: "panics", Version: 1,
		Run: func(context.Context, *detectors.Pass) error { panic("boom") }}
	failing = &detectors.Detector{Name: "failing", Doc: "fails", Version: 1,
		Run: func(context.Context, *detectors.Pass) error { return errors.New("cannot") }}
	reporting = &detectors.Detector{Name: "reporting", Doc: "reports", Version: 2,
		Run: func(_ context.Context, p *detectors.Pass) error {
			p.Report(reports.Signal{ID: "z.last", Direction: reports.DirInfo, Strength: reports.StrengthInfo, Message: "z"})
			p.Report(reports.Signal{ID: "a.first", Direction: reports.DirAI, Strength: reports.StrengthDeclared, Message: "a"})
			return nil
		}}
	textOnly = &detectors.Detector{Name: "textonly", Doc: "text", Version: 1, Media: []string{"text/*"},
		Run: func(_ context.Context, p *detectors.Pass) error {
			p.Report(reports.Signal{ID: "t.seen", Direction: reports.DirInfo, Strength: reports.StrengthInfo})
			return nil
		}}
)

func TestDetectorFailuresAreIsolated(t *testing.T) {
	e := New(Config{}, []*detectors.Detector{failing, panicky, reporting}, nil)
	fr := e.ScanBytes(t.Context(), "", "x.png", minimalPNG)
	if len(fr.Errors) != 2 {
		t.Fatalf("errors = %+v, want one per failing detector", fr.Errors)
	}
	for _, e := range fr.Errors {
		if e.Code != "detector" || e.Fatal {
			t.Errorf("error %+v: want a non-fatal detector error", e)
		}
	}
	if !strings.Contains(fr.Errors[1].Message, "panic: boom") {
		t.Errorf("panic not recorded: %q", fr.Errors[1].Message)
	}
	if got := []string{fr.Signals[0].ID, fr.Signals[1].ID}; !slices.Equal(got, []string{"a.first", "z.last"}) {
		t.Errorf("signals not sorted by id: %v", got)
	}
	if fr.Signals[0].Detector != "reporting" {
		t.Errorf("signal attributed to %q", fr.Signals[0].Detector)
	}
	if fr.Verdict != reports.VerdictAIDeclared || !fr.Review {
		t.Errorf("verdict %s review %v", fr.Verdict, fr.Review)
	}
	if !slices.Equal(fr.Detectors, []string{"failing@1", "panicky@1", "reporting@2"}) {
		t.Errorf("detectors = %v", fr.Detectors)
	}
}

func TestMediaFilter(t *testing.T) {
	e := New(Config{}, []*detectors.Detector{textOnly}, nil)
	if fr := e.ScanBytes(t.Context(), "", "x.png", minimalPNG); len(fr.Signals) != 0 {
		t.Errorf("text detector ran on a PNG: %+v", fr.Signals)
	}
}

func TestBadInputs(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	e := New(Config{MaxFileSize: 64}, []*detectors.Detector{reporting}, nil)
	tests := []struct {
		name, path string
		code       string
	}{
		{"empty", write("empty.jpg", nil), "empty"},
		{"too large", write("big.png", make([]byte, 65)), "too-large"},
		{"missing", filepath.Join(dir, "nope.png"), "not-found"},
		{"folder", dir, "not-regular"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fr := e.ScanFile(t.Context(), tt.path, tt.path)
			if fr.Verdict != reports.VerdictError || len(fr.Errors) == 0 || fr.Errors[0].Code != tt.code || !fr.Errors[0].Fatal {
				t.Fatalf("got verdict %s errors %+v, want a fatal %q error", fr.Verdict, fr.Errors, tt.code)
			}
			if len(fr.Signals) != 0 {
				t.Errorf("detectors ran on an unreadable file")
			}
		})
	}
}

func TestUnknownFormatIsWarnedNotFailed(t *testing.T) {
	e := New(Config{}, nil, nil)
	fr := e.ScanBytes(t.Context(), "", "blob", []byte{0, 1, 2, 3, 0, 0, 0xff, 0xfe, 0x00})
	if fr.Verdict != reports.VerdictNoSignals {
		t.Fatalf("verdict %s", fr.Verdict)
	}
	if len(fr.Warnings) == 0 || fr.Warnings[0].Code != "unsupported-format" {
		t.Fatalf("warnings %+v", fr.Warnings)
	}
}

func TestTimeout(t *testing.T) {
	slow := &detectors.Detector{Name: "slow", Doc: "waits", Version: 1, Run: func(ctx context.Context, _ *detectors.Pass) error {
		<-ctx.Done()
		return ctx.Err()
	}}
	e := New(Config{Timeout: 10 * time.Millisecond}, []*detectors.Detector{slow, reporting}, nil)
	fr := e.ScanBytes(t.Context(), "", "x.png", minimalPNG)
	var codes []string
	for _, e := range fr.Errors {
		codes = append(codes, e.Code)
	}
	if !slices.Equal(codes, []string{"detector", "timeout"}) {
		t.Fatalf("errors %+v", fr.Errors)
	}
	// Running out of time makes the file an error entry: what was not
	// looked at could have changed the verdict.
	if fr.Verdict != reports.VerdictError || !fr.Errors[1].Fatal || !strings.Contains(fr.Errors[1].Message, "not run: reporting") {
		t.Fatalf("verdict %s, errors %+v", fr.Verdict, fr.Errors)
	}
}

func TestImageRefusesHugeCanvas(t *testing.T) {
	// A PNG header claiming 100000x100000 pixels: DecodeConfig must stop it
	// before any allocation of that size.
	data := append([]byte{}, pngHeader...)
	ihdr := []byte{'I', 'H', 'D', 'R', 0, 1, 0x86, 0xa0, 0, 1, 0x86, 0xa0, 8, 6, 0, 0, 0}
	data = append(data, 0, 0, 0, 13)
	data = append(data, ihdr...)
	data = binary.BigEndian.AppendUint32(data, crc32.ChecksumIEEE(ihdr))
	var gotErr error
	probe := &detectors.Detector{Name: "probe", Doc: "decodes", Version: 1, Run: func(_ context.Context, p *detectors.Pass) error {
		_, gotErr = p.Image()
		_, again := p.Image()
		if again != gotErr {
			t.Error("Image not memoised")
		}
		return nil
	}}
	New(Config{}, []*detectors.Detector{probe}, nil).ScanBytes(t.Context(), "", "huge.png", data)
	if gotErr == nil || !strings.Contains(gotErr.Error(), "pixel limit") {
		t.Fatalf("Image() error = %v, want the pixel limit", gotErr)
	}
}

// TestInputsAreNotModified scans a folder and checks every file's bytes and
// modification time afterwards.
func TestInputsAreNotModified(t *testing.T) {
	dir := t.TempDir()
	files := map[string][]byte{
		"a.png": minimalPNG,
		"b.txt": []byte("hello\u200bworld\n"),
		"c.bin": {0, 1, 2},
	}
	type state struct {
		sum   [32]byte
		mtime time.Time
	}
	before := map[string]state{}
	for name, data := range files {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o444); err != nil {
			t.Fatal(err)
		}
		st, _ := os.Stat(p)
		before[p] = state{sha256.Sum256(data), st.ModTime()}
	}
	e := New(Config{}, []*detectors.Detector{reporting}, nil)
	var inputs []Input
	if err := Discover(t.Context(), []string{dir}, Filter{}, func(in Input) { inputs = append(inputs, in) }); err != nil {
		t.Fatal(err)
	}
	n := 0
	if err := e.ScanAll(t.Context(), inputs, 2, nil, func(reports.FileResult) { n++ }); err != nil {
		t.Fatal(err)
	}
	if n != len(files) {
		t.Fatalf("scanned %d files, want %d", n, len(files))
	}
	for p, b := range before {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		st, _ := os.Stat(p)
		if sha256.Sum256(data) != b.sum || !st.ModTime().Equal(b.mtime) {
			t.Errorf("%s changed during the scan", p)
		}
	}
}

// TestScanBytesWithHandsBackTheParse checks the look at the parse state:
// the Pass holds the walk and the decoded metadata of the file scanned, the
// pixels decode on demand, and looking changes nothing in the report (a
// detector's late Report or Warn is dropped once the result is final).
func TestScanBytesWithHandsBackTheParse(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "testdata", "samples", "camera_canon_eos.jpg"))
	if err != nil {
		t.Fatal(err)
	}
	var kept *detectors.Pass
	late := &detectors.Detector{Name: "late", Doc: "keeps its pass", Version: 1,
		Run: func(_ context.Context, p *detectors.Pass) error { kept = p; return nil }}
	e := New(Config{}, []*detectors.Detector{reporting, late}, nil)
	plain := e.ScanBytes(t.Context(), "", "c.jpg", data)

	called := 0
	got := e.ScanBytesWith(t.Context(), "", "c.jpg", data, func(p *detectors.Pass) {
		called++
		if p.Inv == nil || p.Inv.MediaType != "image/jpeg" || len(p.Inv.EXIF) == 0 {
			t.Errorf("inventory: %+v", p.Inv)
			return
		}
		if ex := p.EXIF(); len(ex) != len(p.Inv.EXIF) || ex[0] == nil || len(ex[0].Fields) == 0 {
			t.Errorf("EXIF not decoded: %+v", ex)
		}
		img, err := p.Image()
		if err != nil || img.Bounds().Dx() != p.Inv.Width {
			t.Errorf("pixels: %v, %v (inventory width %d)", img, err, p.Inv.Width)
		}
		p.Warn("late", "after the result is final")
		p.Report(reports.Signal{ID: "late.signal"})
	})
	if called != 1 {
		t.Fatalf("after called %d times", called)
	}
	kept.Report(reports.Signal{ID: "later.signal"})
	if len(got.Signals) != len(plain.Signals) || len(got.Warnings) != len(plain.Warnings) || got.Verdict != plain.Verdict || got.Score != plain.Score {
		t.Errorf("looking changed the report:\nwith    %+v\nwithout %+v", got, plain)
	}

	// A file the walk cannot read is still handed over, with what was read.
	called = 0
	fr := e.ScanBytesWith(t.Context(), "", "bad.png", append(slices.Clone(pngHeader), 0, 0, 0, 99, 'I', 'H'), func(p *detectors.Pass) {
		called++
		if p.Inv == nil {
			t.Error("no inventory for a damaged file")
		}
	})
	if called != 1 {
		t.Errorf("after called %d times for a damaged file (%+v)", called, fr.Errors)
	}
}

// TestAfterPixels: a detector marked AfterPixels runs after the pixel
// detectors and sees the pixels they decoded through Decoded; when they
// are skipped (AI already declared), nothing has decoded the pixels and
// Decoded says so.
func TestAfterPixels(t *testing.T) {
	var buf bytes.Buffer
	if err := png.Encode(&buf, image.NewGray(image.Rect(0, 0, 12, 5))); err != nil {
		t.Fatal(err)
	}
	var order []string
	var seen image.Image
	var decoded bool
	after := &detectors.Detector{Name: "after", Doc: "after", Version: 1, AfterPixels: true,
		Run: func(_ context.Context, p *detectors.Pass) error {
			order = append(order, "after")
			seen, decoded = p.Decoded()
			return nil
		}}
	pixel := &detectors.Detector{Name: "pixel", Doc: "pixels", Version: 1, Pixels: true,
		Run: func(_ context.Context, p *detectors.Pass) error {
			order = append(order, "pixel")
			_, err := p.Image()
			return err
		}}
	for _, tt := range []struct {
		name    string
		list    []*detectors.Detector
		order   []string
		decoded bool
	}{
		{"pixels run", []*detectors.Detector{after, pixel}, []string{"pixel", "after"}, true},
		{"pixels skipped", []*detectors.Detector{after, reporting, pixel}, []string{"after"}, false},
	} {
		order, seen, decoded = nil, nil, false
		New(Config{}, tt.list, nil).ScanBytes(t.Context(), "", "a.png", buf.Bytes())
		if !slices.Equal(order, tt.order) || decoded != tt.decoded {
			t.Errorf("%s: order %v, decoded %v; want %v, %v", tt.name, order, decoded, tt.order, tt.decoded)
		}
		if decoded && (seen == nil || seen.Bounds().Dx() != 12) {
			t.Errorf("%s: Decoded gave %v", tt.name, seen)
		}
	}
}

// A file nothing could be read from is an error entry that says why; a
// file read in part keeps its findings and carries warnings.
func TestUnreadableIsAnError(t *testing.T) {
	e := New(Config{}, []*detectors.Detector{reporting}, nil)
	for _, tc := range []struct {
		name    string
		data    []byte
		verdict reports.Verdict
	}{
		{"signature only", pngHeader, reports.VerdictError},
		{"one byte", minimalPNG[:1], reports.VerdictError},
		{"cut after IHDR", minimalPNG[:8+25], reports.VerdictAIDeclared},
		{"whole", minimalPNG, reports.VerdictAIDeclared},
	} {
		fr := e.ScanBytes(t.Context(), "", tc.name+".png", tc.data)
		if fr.Verdict != tc.verdict {
			t.Errorf("%s: verdict %s, want %s (errors %+v)", tc.name, fr.Verdict, tc.verdict, fr.Errors)
			continue
		}
		if tc.verdict == reports.VerdictError {
			if len(fr.Errors) != 1 || fr.Errors[0].Code != "parse" || !fr.Errors[0].Fatal || !strings.Contains(fr.Errors[0].Message, "truncated") {
				t.Errorf("%s: errors %+v, want one fatal parse error naming the damage", tc.name, fr.Errors)
			}
		} else if tc.name != "whole" && len(fr.Warnings) == 0 {
			t.Errorf("%s: no warning for a damaged file", tc.name)
		}
	}
}

// A detector that ignores its context cannot hold a file past the time
// limit and the grace: the engine gives the file a timeout error entry
// and moves on, and the stuck work's late result and after are dropped.
func TestStuckDetectorIsAbandoned(t *testing.T) {
	release := make(chan struct{})
	stopped := make(chan struct{})
	stuck := &detectors.Detector{Name: "stuck", Doc: "ignores ctx", Version: 1, Run: func(context.Context, *detectors.Pass) error {
		<-release // a loop that never looks at ctx
		close(stopped)
		return nil
	}}
	e := New(Config{Timeout: 20 * time.Millisecond, Grace: 30 * time.Millisecond}, []*detectors.Detector{stuck}, nil)
	afterCalled := make(chan struct{}, 1)
	start := time.Now()
	fr, abandoned := e.scanGuarded(t.Context(), "", "stuck.png", minimalPNG, func(*detectors.Pass) { afterCalled <- struct{}{} })
	if !abandoned || fr.Verdict != reports.VerdictError || len(fr.Errors) != 1 || fr.Errors[0].Code != CodeTimeout || !fr.Errors[0].Fatal {
		t.Fatalf("abandoned %v, verdict %s, errors %+v", abandoned, fr.Verdict, fr.Errors)
	}
	if fr.SHA256 == "" || fr.Size != int64(len(minimalPNG)) || fr.Path != "stuck.png" {
		t.Errorf("entry does not identify the file: %+v", fr)
	}
	// Nothing here waits on a clock beyond the guard itself: the check is
	// only that the guard did not wait for the detector.
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("returned after %s", d)
	}
	close(release)
	<-stopped
	select {
	case <-afterCalled:
		t.Error("after was called for an abandoned file")
	case <-time.After(50 * time.Millisecond):
	}

	// Without a time limit there is no guard: the work is waited for.
	e = New(Config{}, []*detectors.Detector{reporting}, nil)
	if fr, abandoned := e.scanGuarded(t.Context(), "", "x.png", minimalPNG, nil); abandoned || fr.Verdict == reports.VerdictError {
		t.Errorf("unguarded scan: abandoned %v, verdict %s", abandoned, fr.Verdict)
	}
}

// memCache is a Cache in memory, shared by engines in a test.
type memCache struct {
	mu sync.Mutex
	m  map[string][]byte
}

func (c *memCache) Get(k string) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.m[k]
	return v, ok
}

func (c *memCache) Put(k string, v []byte) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.m[k] = v
	return nil
}

// Results cached by one build are never served to another build of the
// same version: every build from source says the same version, and a fix
// must not be hidden behind old answers.
func TestCacheKeyedByBuild(t *testing.T) {
	p := filepath.Join(t.TempDir(), "x.png")
	if err := os.WriteFile(p, minimalPNG, 0o644); err != nil {
		t.Fatal(err)
	}
	// Past the racy window, so its stat entry is kept too.
	old := time.Now().Add(-time.Hour)
	if err := os.Chtimes(p, old, old); err != nil {
		t.Fatal(err)
	}
	shared := &memCache{m: map[string][]byte{}}
	scan := func(build string) CacheStats {
		e := New(Config{Version: "0.1.0-dev", Build: build, Cache: shared}, []*detectors.Detector{reporting}, nil)
		e.scanInput(t.Context(), Input{Path: p}, nil)
		return e.CacheStats()
	}
	if s := scan("a"); s.Misses != 1 || s.Hits != 0 {
		t.Fatalf("first scan: %+v, want one miss", s)
	}
	if s := scan("a"); s.Hits != 1 {
		t.Errorf("same build again: %+v, want a hit", s)
	}
	if s := scan("b"); s.Hits != 0 || s.Misses != 1 {
		t.Errorf("other build: %+v, want a miss", s)
	}
	// Reports of two builds of one version still merge: the settings ID
	// names settings, not builds.
	ea := New(Config{Version: "0.1.0-dev", Build: "a"}, []*detectors.Detector{reporting}, nil)
	eb := New(Config{Version: "0.1.0-dev", Build: "b"}, []*detectors.Detector{reporting}, nil)
	if ea.SettingsID() != eb.SettingsID() {
		t.Errorf("settings ID differs by build: %s vs %s", ea.SettingsID(), eb.SettingsID())
	}
}
