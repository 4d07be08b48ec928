// Package engine is the per-file pipeline shared by the CLI, batch jobs and
// the web page: read once (read-only, size cap), hash, walk the container
// once, run every applicable detector on a shared Pass, score.
package engine

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"image"
	"log/slog"
	"math/bits"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/provcheck/provcheck/detectors"
	"github.com/provcheck/provcheck/detectors/scoring"
	"github.com/provcheck/provcheck/provenance/container"
	"github.com/provcheck/provcheck/provenance/exif"
	"github.com/provcheck/provcheck/provenance/iptc"
	"github.com/provcheck/provcheck/provenance/pixels"
	"github.com/provcheck/provcheck/provenance/xmp"
	"github.com/provcheck/provcheck/reports"
)

// Config is what the engine needs to know.
type Config struct {
	// MaxFileSize refuses larger files before reading them.
	MaxFileSize int64
	// Timeout bounds the work on one file; 0 means none.
	Timeout time.Duration
	// Grace is how long past Timeout the engine waits for a file's work
	// to stop before it abandons it (DefaultGrace when 0).
	Grace    time.Duration
	Settings detectors.Settings
	Weights  scoring.Weights
	// Cache, when set, keeps results between runs, keyed by content, tool
	// Version, every detector's version and the settings above.
	Cache   Cache
	Version string
	// Build names the exact binary beyond Version (a revision or build
	// ID). It is part of cache keys so that results cached by other code
	// are never served; reports do not show it.
	Build string
}

// DefaultMaxFileSize is the default size cap: large enough for camera raws
// and short videos, small enough that a batch of them fits in memory.
const DefaultMaxFileSize = 512 << 20

// Engine runs a detector list over files. It is safe for concurrent use.
type Engine struct {
	cfg       Config
	detectors []*detectors.Detector
	log       *slog.Logger
	cache     cacheState
}

// New returns an engine over the given detectors.
func New(cfg Config, list []*detectors.Detector, log *slog.Logger) *Engine {
	if cfg.MaxFileSize <= 0 {
		cfg.MaxFileSize = DefaultMaxFileSize
	}
	if cfg.Weights.Classes == nil {
		cfg.Weights = scoring.Default()
	}
	if cfg.Settings.Pixels == "" {
		cfg.Settings.Pixels = detectors.PixelsAuto
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Engine{cfg: cfg, detectors: list, log: log}
}

// Detectors returns the engine's detector list.
func (e *Engine) Detectors() []*detectors.Detector { return e.detectors }

// File buffers are reused between files: a fresh buffer per file costs a
// page fault per 4 KiB on first touch, which measured as more system time
// than all the parsing. A small free list rather than a sync.Pool, because
// a pool is emptied at every collection and a scan collects often. Buffers
// above maxPooled are left to the collector so one huge file does not pin
// its memory for the rest of a batch.
const maxPooled = 64 << 20

var freeBuffers = make(chan *fileBuffer, 16)

// fileBuffer holds the bytes of one file at a time.
type fileBuffer struct{ b []byte }

func getBuffer() *fileBuffer {
	select {
	case b := <-freeBuffers:
		return b
	default:
		return new(fileBuffer)
	}
}

func putBuffer(b *fileBuffer) {
	if cap(b.b) > maxPooled {
		return
	}
	select {
	case freeBuffers <- b:
	default:
	}
}

// sized returns the buffer resliced to n bytes, replacing it when it is
// too small. A replacement is rounded up to a power of two, so a batch of
// growing files settles on a few sizes; the pages past what a file fills
// are never touched, so the rounding costs address space, not memory. The
// old bytes are not copied and the new ones not cleared beyond what the
// allocator does: the read overwrites them.
func (fb *fileBuffer) sized(n int) []byte {
	if n > cap(fb.b) {
		c := n
		if n <= maxPooled {
			c = 1 << bits.Len(uint(n-1))
		}
		fb.b = make([]byte, c)
	}
	return fb.b[:n]
}

// hashChunk is how much of a file one sha256 call hashes. The hash runs in
// assembly the scheduler cannot interrupt: one call over a whole large file
// would hold up every stop-the-world phase of the collector, and so every
// other worker, for milliseconds.
const hashChunk = 128 << 10

// fileSHA256 is sha256.Sum256 in chunks of hashChunk.
func fileSHA256(data []byte) [sha256.Size]byte {
	h := sha256.New()
	for len(data) > 0 {
		n := min(len(data), hashChunk)
		h.Write(data[:n])
		data = data[n:]
	}
	var sum [sha256.Size]byte
	h.Sum(sum[:0])
	return sum
}

// ScanBytes scans data already in memory. path is the real path when there
// is one (detectors may look beside it, for a C2PA sidecar), "" otherwise.
func (e *Engine) ScanBytes(ctx context.Context, path, displayPath string, data []byte) reports.FileResult {
	return e.ScanBytesWith(ctx, path, displayPath, data, nil)
}

// DefaultGrace is how long past its time limit a file's work may go on
// before the engine stops waiting for it.
const DefaultGrace = 5 * time.Second

// ScanBytesWith is ScanBytes with a look at the file's parse state: after
// the result is final, and before ScanBytesWith returns, after is called
// with the Pass the detectors shared (the walk's Inventory, the decoded
// EXIF, XMP and IPTC, the pixels). A caller that shows more than the report
// (the web page's metadata tables and preview) reads them from there
// instead of walking and decoding the file a second time. What after asks
// for that no detector asked for is decoded then, once; problems it meets
// are not added to the result, so the report is the same with or without
// a look. after is not called for an empty file, nor for one whose work was
// abandoned (see scanGuarded); data and the Pass must not be kept once it
// returns.
//
// With a time limit, data must stay valid and unchanged until the process
// ends when the work is abandoned: callers that reuse or unmap buffers use
// scanGuarded, which says so.
func (e *Engine) ScanBytesWith(ctx context.Context, path, displayPath string, data []byte, after func(*detectors.Pass)) reports.FileResult {
	fr, _ := e.scanGuarded(ctx, path, displayPath, data, after)
	return fr
}

// scanGuarded is the safety net under the time limit. Every stage checks
// the file's context as it loops, so a file's work normally returns soon
// after its time is up; a stage that does not (a bug, or a library call
// that cannot be interrupted) would hold a worker for ever. So the work
// runs on its own goroutine, and when it has not returned by the time
// limit plus the grace, the file gets an error entry with code "timeout"
// and the scan moves on. The goroutine is abandoned, not killed (Go cannot
// kill one): it goes on until it notices its cancelled context or
// finishes, holding at most the file's memory budget (the file's bytes,
// the decompression allowance, the pixel cap), and its result is dropped.
// abandoned tells the caller that data is still being read, so its buffer
// must not be reused or released.
func (e *Engine) scanGuarded(ctx context.Context, path, displayPath string, data []byte, after func(*detectors.Pass)) (fr reports.FileResult, abandoned bool) {
	if e.cfg.Timeout <= 0 {
		return e.scanBytes(ctx, path, displayPath, data, after), false
	}
	grace := e.cfg.Grace
	if grace <= 0 {
		grace = DefaultGrace
	}
	ctx, cancel := context.WithTimeout(ctx, e.cfg.Timeout)
	// after must not run once the file is abandoned: it would write into
	// the caller's state after the caller went on. state moves from
	// running to either calling after or abandoned, once.
	const (
		running = iota
		inAfter
		gaveUp
	)
	var state atomic.Int32
	guardedAfter := after
	if after != nil {
		guardedAfter = func(p *detectors.Pass) {
			if state.CompareAndSwap(running, inAfter) {
				after(p)
			}
		}
	}
	done := make(chan reports.FileResult, 1)
	go func() {
		defer cancel()
		done <- e.scanBytes(ctx, path, displayPath, data, guardedAfter)
	}()
	timer := time.NewTimer(e.cfg.Timeout + grace)
	defer timer.Stop()
	select {
	case fr := <-done:
		return fr, false
	case <-timer.C:
	}
	if !state.CompareAndSwap(running, gaveUp) {
		// The result is final and after is running: it ends soon.
		return <-done, false
	}
	cancel()
	e.log.Warn("file abandoned: its work did not stop at the time limit", "file", displayPath, "timeout", e.cfg.Timeout, "grace", grace)
	sum := fileSHA256(data)
	fr = reports.FileResult{
		Path:       displayPath,
		SHA256:     hex.EncodeToString(sum[:]),
		Size:       int64(len(data)),
		Provenance: reports.Provenance{C2PA: reports.C2PA{State: reports.C2PANone}},
		Signals:    []reports.Signal{},
		Errors: []reports.FileError{{Code: CodeTimeout, Fatal: true, Message: fmt.Sprintf(
			"the per-file time limit (%s) ran out and the work did not stop within %s more; it was abandoned and nothing it found is reported", e.cfg.Timeout, grace)}},
	}
	e.finish(&fr)
	return fr, true
}

// scanBytes is the per-file pipeline: hash, walk, C2PA, detectors, score.
func (e *Engine) scanBytes(ctx context.Context, path, displayPath string, data []byte, after func(*detectors.Pass)) reports.FileResult {
	sum := fileSHA256(data)
	fr := reports.FileResult{
		Path:       displayPath,
		SHA256:     hex.EncodeToString(sum[:]),
		Size:       int64(len(data)),
		Provenance: reports.Provenance{C2PA: reports.C2PA{State: reports.C2PANone}},
		Signals:    []reports.Signal{},
		Errors:     []reports.FileError{},
	}
	if len(data) == 0 {
		fr.Errors = append(fr.Errors, reports.FileError{Code: "empty", Message: "the file is empty", Fatal: true})
		e.finish(&fr)
		return fr
	}
	lim := e.cfg.Settings.Limits
	// One decompression allowance per file, drawn on by the walk, the C2PA
	// stage and the detectors alike.
	allow := lim.MaxInflateFile
	if allow <= 0 {
		allow = container.DefaultLimits.MaxInflateFile
	}
	ctx = container.WithAllowance(ctx, container.NewAllowance(allow))
	inv, err := container.Walk(ctx, data, lim)
	fr.MediaType = inv.MediaType
	for _, w := range inv.Warnings {
		fr.Warnings = append(fr.Warnings, reports.FileError{Code: w.Code, Source: inv.Format, Message: w.String()})
	}
	file := &detectors.File{Path: path, Size: int64(len(data)), SHA256: fr.SHA256, MediaType: inv.MediaType, Data: data}
	pass, setCurrent, seal := e.newPass(ctx, file, inv, &fr)
	if after != nil {
		defer func() {
			seal()
			after(pass)
		}()
	}
	if err != nil {
		if ctx.Err() != nil {
			e.outOfTime(ctx, &fr, "reading the "+inv.Format+" container", nil)
		} else {
			fr.Errors = append(fr.Errors, reports.FileError{Code: "parse", Source: inv.Format, Message: err.Error(), Fatal: true})
		}
		e.finish(&fr)
		return fr
	}
	if inv.Format == "unknown" {
		fr.Warnings = append(fr.Warnings, reports.FileError{Code: "unsupported-format", Message: "no container walker knows this format; only format-independent checks ran"})
	}

	if e.readsC2PA(inv.MediaType) {
		pass.C2PA = CheckC2PA(ctx, &e.cfg.Settings, path, data, inv)
	}
	var notRun []string // detectors the time limit left out
	run := func(d *detectors.Detector) bool {
		if ctx.Err() != nil {
			notRun = append(notRun, d.Name)
			return false
		}
		fr.Detectors = append(fr.Detectors, d.String())
		setCurrent(d.Name)
		if err := runDetector(ctx, d, pass); err != nil {
			fr.Errors = append(fr.Errors, reports.FileError{Code: "detector", Source: d.Name, Message: err.Error()})
		}
		return true
	}
	// Metadata first, pixels after: whether the pixels are worth decoding
	// depends on what the metadata said.
	var pixelDets, afterDets []*detectors.Detector
	for _, d := range e.detectors {
		if !d.Applies(inv.MediaType) {
			continue
		}
		if d.AfterPixels {
			afterDets = append(afterDets, d)
			continue
		}
		if d.Pixels {
			pixelDets = append(pixelDets, d)
			continue
		}
		if !run(d) {
			pixelDets = nil
		}
	}
	if reason := e.skipPixels(fr.Signals); reason != "" {
		for _, d := range pixelDets {
			fr.Skipped = append(fr.Skipped, reports.SkippedDetector{Detector: d.String(), Reason: reason})
		}
		pixelDets = nil
	}
	for _, d := range pixelDets {
		run(d)
	}
	for _, d := range afterDets {
		run(d)
	}
	if ctx.Err() != nil {
		e.outOfTime(ctx, &fr, "running the detectors", notRun)
	}
	e.finish(&fr)
	return fr
}

// outOfTime records that a file's work was cut short: by its time limit
// (code "timeout") or by the whole scan being interrupted. Either is
// fatal: whatever was found before the cut is kept, but the file counts as
// one that could not be scanned, in the verdict, the summary and the exit
// code, because the evidence that was not looked at could change it.
func (e *Engine) outOfTime(ctx context.Context, fr *reports.FileResult, stage string, notRun []string) {
	code, msg := CodeTimeout, fmt.Sprintf("the per-file time limit (%s) ran out while %s", e.cfg.Timeout, stage)
	if !errors.Is(ctx.Err(), context.DeadlineExceeded) {
		code, msg = "interrupted", "the scan was interrupted while "+stage
	}
	if len(notRun) > 0 {
		msg += "; not run: " + strings.Join(notRun, ", ")
	}
	fr.Errors = append(fr.Errors, reports.FileError{Code: code, Message: msg, Fatal: true})
}

// skipPixels says why the pixel detectors should not run on a file whose
// metadata detectors reported signals, or "" when they should run. Under
// the auto policy they are skipped once AI is declared: nothing decoded
// from pixels ranks above a declaration, so the verdict cannot change.
func (e *Engine) skipPixels(signals []reports.Signal) string {
	switch e.cfg.Settings.Pixels {
	case detectors.PixelsAlways:
		return ""
	case detectors.PixelsNever:
		return "pixel analysis is off (pixels: never)"
	}
	for _, s := range signals {
		if s.Direction == reports.DirAI && s.Strength == reports.StrengthDeclared {
			return "the metadata already declares AI (" + s.ID + "), so pixel evidence could not change the verdict; set pixels to always to run it"
		}
	}
	return ""
}

// runDetector runs one detector, turning a panic into an error so that one
// detector's bug costs only its own evidence.
func runDetector(ctx context.Context, d *detectors.Detector, p *detectors.Pass) (err error) {
	defer func() {
		if r := recover(); r != nil {
			stack := string(debug.Stack())
			if i := strings.Index(stack, "panic("); i > 0 {
				stack = stack[i:]
			}
			err = fmt.Errorf("%s: panic: %v [%s]", d.Name, r, firstLines(stack, 6))
		}
	}()
	if err := d.Run(ctx, p); err != nil {
		return fmt.Errorf("%s: %w", d.Name, err)
	}
	return nil
}

func firstLines(s string, n int) string {
	lines := strings.SplitN(s, "\n", n+1)
	if len(lines) > n {
		lines = lines[:n]
	}
	return strings.Join(lines, " | ")
}

// newPass builds the shared Pass for one file; setCurrent names the
// detector running, so signals and warnings are attributed to it; seal
// stops the Pass from adding to the result once it is final.
func (e *Engine) newPass(ctx context.Context, file *detectors.File, inv *container.Inventory, fr *reports.FileResult) (*detectors.Pass, func(string), func()) {
	var detName string // the detector currently running, for attribution
	sealed := false
	p := &detectors.Pass{
		File:       file,
		Inv:        inv,
		Provenance: &fr.Provenance,
		Settings:   &e.cfg.Settings,
		Log:        e.log.With("file", fr.Path),
	}
	warn := func(code, source, msg string) {
		if sealed {
			return
		}
		fr.Warnings = append(fr.Warnings, reports.FileError{Code: code, Source: source, Message: msg})
	}
	p.EXIF = sync.OnceValue(func() []*exif.Data {
		var out []*exif.Data
		for _, b := range inv.EXIF {
			d, err := exif.Decode(b.Data)
			if err != nil {
				warn("exif", b.Source, fmt.Sprintf("EXIF block at %d: %v", b.Offset, err))
			}
			if d == nil {
				d = &exif.Data{Partial: true, Err: err}
			}
			out = append(out, d)
		}
		return out
	})
	p.XMP = sync.OnceValue(func() []*xmp.Packet {
		var out []*xmp.Packet
		for _, b := range inv.XMP {
			pk, err := xmp.ParseContext(ctx, b.Data)
			if err != nil {
				warn("xmp", b.Source, fmt.Sprintf("XMP packet at %d: %v", b.Offset, err))
			}
			if pk == nil {
				pk = &xmp.Packet{}
			}
			out = append(out, pk)
		}
		return out
	})
	p.IPTC = sync.OnceValue(func() [][]iptc.Dataset {
		var out [][]iptc.Dataset
		for _, b := range inv.IPTC {
			ds, err := iptc.Parse(b.Data)
			if err != nil {
				warn("iptc", b.Source, fmt.Sprintf("IPTC-IIM block at %d: %v", b.Offset, err))
			}
			out = append(out, ds)
		}
		return out
	})
	var decoded struct {
		sync.Mutex
		done bool
		img  image.Image
	}
	p.Image = sync.OnceValues(func() (image.Image, error) {
		img, err := decodeImage(ctx, file.Data, inv.MediaType, e.cfg.Settings.Limits)
		decoded.Lock()
		decoded.done, decoded.img = true, img
		decoded.Unlock()
		if err != nil {
			// Said once per file: the pixel detectors stay silent, and
			// silence must not read as "looked and found nothing".
			warn("pixels", inv.Format, err.Error()+"; the pixel detectors could not look at this image")
		}
		return img, err
	})
	p.Decoded = func() (image.Image, bool) {
		decoded.Lock()
		defer decoded.Unlock()
		return decoded.img, decoded.done
	}
	p.Report = func(s reports.Signal) {
		if sealed {
			return
		}
		if s.Detector == "" {
			s.Detector = detName
		}
		fr.Signals = append(fr.Signals, s)
	}
	p.Warn = func(code, msg string) { warn(code, detName, msg) }
	return p, func(name string) { detName = name }, func() { sealed = true }
}

// decodeImage decodes pixels through the one guarded decoder: declared
// dimensions against the pixel limit first, then a decode that stops when
// the file's time is up.
func decodeImage(ctx context.Context, data []byte, mediaType string, lim container.Limits) (image.Image, error) {
	maxPix := lim.MaxPixels
	if maxPix <= 0 {
		maxPix = container.DefaultLimits.MaxPixels
	}
	img, _, err := pixels.Decode(ctx, data, maxPix)
	switch {
	case errors.Is(err, pixels.ErrNoDecoder):
		return nil, fmt.Errorf("pixels: provcheck has no pixel decoder for %s", mediaType)
	case err != nil:
		return nil, fmt.Errorf("pixels: %w", err)
	}
	return img, nil
}

// finish orders the result deterministically and scores it.
func (e *Engine) finish(fr *reports.FileResult) {
	fr.EscapePath()
	if fr.Signals == nil {
		fr.Signals = []reports.Signal{}
	}
	if fr.Errors == nil {
		fr.Errors = []reports.FileError{}
	}
	if fr.Provenance.C2PA.State == "" {
		fr.Provenance.C2PA.State = reports.C2PANone
	}
	detachEvidence(fr)
	slices.SortStableFunc(fr.Signals, func(a, b reports.Signal) int {
		if c := strings.Compare(a.ID, b.ID); c != 0 {
			return c
		}
		return strings.Compare(a.Message, b.Message)
	})
	scoring.Apply(e.cfg.Weights, fr)
}

// detachEvidence copies byte slices in evidence, which could alias the
// file's buffer; strings are already copies.
func detachEvidence(fr *reports.FileResult) {
	for i := range fr.Signals {
		for k, v := range fr.Signals[i].Evidence {
			if b, ok := v.([]byte); ok {
				fr.Signals[i].Evidence[k] = bytes.Clone(b)
			}
		}
	}
}
