package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"sync"
	"time"

	"github.com/provcheck/provcheck/detectors/engine/objects"
)

// objectResume continues a report kept in object storage (--resume
// s3://bucket/key.ndjson). An object cannot be appended to, so the report
// is continued in a local copy in the temporary folder, exactly as a local
// --resume continues a file (openResume), and the copy is uploaded over
// the object: at checkpoints while the scan runs, and once at the end.
//
// An upload replaces the object whole (an S3 PUT is atomic), so a pod
// killed at any moment leaves either the previous object or a checkpoint,
// each made only of whole lines: the next run loses at most the files
// scanned since the last checkpoint. The price is that each checkpoint
// uploads the whole report so far; checkpoints are therefore spaced at
// least nine upload-times apart, so uploading never takes more than about
// a tenth of the run, however large the report grows.
type objectResume struct {
	st    *objects.Store
	loc   objects.Location
	url   string
	local string // the local copy
	every time.Duration
	log   *slog.Logger
	ctx   context.Context // uploads outlive an interrupt: the report must reach the bucket

	f        *os.File
	mu       sync.Mutex
	written  int64 // bytes in the local copy
	complete int64 // bytes up to the end of its last whole line
	uploaded int64 // what the object holds of the copy (set by one goroutine at a time)
	stop     chan struct{}
	done     chan struct{}
}

// openObjectResume fetches the report at url into a local copy. A report
// that does not exist yet starts a new run, as a local one does; a bucket
// that is missing or refused, or a report that cannot be read, is one
// clear error before anything is scanned.
func (s *storeEnv) openObjectResume(ctx context.Context, url string, every time.Duration, log *slog.Logger) (*objectResume, error) {
	loc, err := objects.Parse(url)
	if err != nil {
		return nil, usageError{err}
	}
	if loc.IsPrefix() {
		return nil, usagef("resume %s: name an object, not a prefix", url)
	}
	st, err := s.get()
	if err != nil {
		return nil, usageError{err}
	}
	if err := s.writing(loc.Bucket, "resume "+url); err != nil {
		return nil, err
	}
	if err := s.bucket(ctx, st, loc.Bucket); err != nil {
		return nil, usagef("resume %s: %w", url, err)
	}
	f, err := os.CreateTemp("", "provcheck-resume-*.ndjson")
	if err != nil {
		return nil, fmt.Errorf("resume %s: local copy: %w", url, err)
	}
	o := &objectResume{st: st, loc: loc, url: url, local: f.Name(), every: every, log: log}
	fail := func(err error) (*objectResume, error) {
		f.Close()
		os.Remove(o.local)
		return nil, err
	}
	rc, _, err := st.Open(ctx, loc)
	switch {
	case errors.Is(err, os.ErrNotExist):
		log.Info("resume: no report yet, starting one", "report", url)
	case errors.Is(err, os.ErrPermission):
		return fail(usagef("resume %s: %w", url, err))
	case err != nil:
		return fail(fmt.Errorf("resume %s: %w", url, err))
	default:
		// Copied to disk, not memory: a shard's report may be large.
		_, err := io.Copy(f, rc)
		rc.Close()
		if err != nil {
			return fail(fmt.Errorf("resume %s: reading the report: %w", url, err))
		}
	}
	if err := f.Close(); err != nil {
		return fail(fmt.Errorf("resume %s: local copy: %w", url, err))
	}
	return o, nil
}

// abandon removes the local copy of a resume that did not start; the
// object is left as it was.
func (o *objectResume) abandon() {
	if o != nil {
		os.Remove(o.local)
	}
}

// start takes over the local copy, opened by openResume and positioned
// after its last whole file record, and starts the checkpoints.
func (o *objectResume) start(ctx context.Context, f *os.File) io.Writer {
	pos, _ := f.Seek(0, io.SeekCurrent)
	o.f, o.written, o.complete = f, pos, pos
	// The object already holds these bytes (and perhaps a summary or a
	// damaged tail after them): nothing to upload until a line is added.
	o.uploaded = pos
	o.stop, o.done = make(chan struct{}), make(chan struct{})
	o.ctx = context.WithoutCancel(ctx)
	go o.checkpoints()
	return o
}

// Write appends to the local copy and notes where its last whole line
// ends: only whole lines are ever uploaded.
func (o *objectResume) Write(p []byte) (int, error) {
	n, err := o.f.Write(p)
	o.mu.Lock()
	o.written += int64(n)
	if i := bytes.LastIndexByte(p[:n], '\n'); i >= 0 {
		o.complete = o.written - int64(n) + int64(i) + 1
	}
	o.mu.Unlock()
	return n, err
}

// checkpoints uploads the report so far every o.every (0: never), and no
// sooner than nine times the last upload's duration after it.
func (o *objectResume) checkpoints() {
	defer close(o.done)
	if o.every <= 0 {
		<-o.stop
		return
	}
	t := time.NewTimer(o.every)
	defer t.Stop()
	for {
		select {
		case <-o.stop:
			return
		case <-t.C:
		}
		began := time.Now()
		n, err := o.upload()
		took := time.Since(began)
		if err != nil {
			o.log.Warn("resume: checkpoint upload failed; the next one retries", "report", o.url, "err", err)
		} else if n > 0 {
			o.log.Debug("resume: checkpoint", "report", o.url, "bytes", n, "took", took)
		}
		t.Reset(max(o.every, 9*took))
	}
}

// upload writes the local copy, up to its last whole line, over the
// object, unless the object holds it already. It returns the bytes sent.
func (o *objectResume) upload() (int64, error) {
	o.mu.Lock()
	size := o.complete
	o.mu.Unlock()
	if size == o.uploaded {
		return 0, nil
	}
	// Hiding ReadAt keeps the client to one part buffer at a time, not
	// one per parallel part.
	r := struct{ io.Reader }{io.NewSectionReader(o.f, 0, size)}
	if err := o.st.Put(o.ctx, o.loc, r, size, contentType("ndjson")); err != nil {
		return 0, err
	}
	o.uploaded = size
	return size, nil
}

// close stops the checkpoints and uploads the report. What was appended
// is uploaded even when the run failed (commit false): a local resumed
// report keeps its appended lines too, and the next run continues them.
func (o *objectResume) close(commit bool) error {
	close(o.stop)
	<-o.done
	_, err := o.upload()
	cerr := o.f.Close()
	os.Remove(o.local)
	if err != nil {
		return fmt.Errorf("resume %s: uploading the report: %w", o.url, err)
	}
	if cerr != nil {
		return fmt.Errorf("resume %s: local copy: %w", o.url, cerr)
	}
	return nil
}
