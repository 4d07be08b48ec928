package engine

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/provcheck/provcheck/reports"
)

// Object is an input that is not a local file: an object in storage. The
// engine reads it like a file (size cap first, then the bytes), so where
// a file lives never changes its result.
type Object interface {
	// Open starts reading; the size is known before the body is read.
	Open(ctx context.Context) (io.ReadCloser, int64, error)
	// Version changes whenever the content may have (ETag, size,
	// modification time); the cache uses it to skip unchanged objects
	// without reading them. "" means unknown: always read.
	Version() string
}

// Match reports whether a path relative to a root (or an object key
// relative to a prefix) passes the filter.
func (f Filter) Match(rel string) bool { return f.match(rel) }

// Reading an object's body is retried on network errors, on top of the
// storage client's own retries of each request; a missing or refused
// object, or one over the size cap, is not.
const (
	objectAttempts = 3
	objectBackoff  = 250 * time.Millisecond
)

// readObject reads an object into buf, capped at max.
func readObject(ctx context.Context, o Object, max int64, buf *fileBuffer) ([]byte, int64, error) {
	var last error
	for attempt := range objectAttempts {
		if attempt > 0 {
			select {
			case <-ctx.Done():
				return nil, 0, errors.Join(last, ctx.Err())
			case <-time.After(objectBackoff << (attempt - 1)):
			}
		}
		rc, size, err := o.Open(ctx)
		if err == nil {
			if size > max {
				rc.Close()
				return nil, size, fmt.Errorf("%w: %d bytes, limit %d", errTooLarge, size, max)
			}
			data := buf.sized(int(size) + 1)
			var n int
			n, err = io.ReadFull(rc, data)
			rc.Close()
			switch {
			case errors.Is(err, io.ErrUnexpectedEOF) && int64(n) == size, errors.Is(err, io.EOF) && size == 0:
				return data[:n], size, nil
			case err == nil:
				return nil, size, fmt.Errorf("%w: the object is longer than the %d bytes announced", errTooLarge, size)
			case errors.Is(err, io.ErrUnexpectedEOF):
				err = fmt.Errorf("the object ended after %d of %d bytes", n, size)
			}
		}
		if errors.Is(err, os.ErrNotExist) || errors.Is(err, os.ErrPermission) || ctx.Err() != nil {
			return nil, 0, err
		}
		last = err
	}
	return nil, 0, fmt.Errorf("after %d attempts: %w", objectAttempts, last)
}

// scanObject reads an object and scans it, through the cache when there
// is one: an object whose version was seen before is not read again.
func (e *Engine) scanObject(ctx context.Context, in Input) reports.FileResult {
	var vk string
	if c := e.cfg.Cache; c != nil && in.Object.Version() != "" {
		h := sha256.Sum256([]byte("object\x00" + e.keySalt() + "\x00" + in.Path + "\x00" + in.Object.Version()))
		vk = hex.EncodeToString(h[:])
		if raw, ok := c.Get(vk); ok {
			var se statEntry
			if json.Unmarshal(raw, &se) == nil && se.Key == vk {
				if fr, ok := e.cachedResult(se.SHA256); ok {
					fr.Path = in.Path
					e.cache.hits.Add(1)
					return fr
				}
			}
		}
		e.cache.misses.Add(1)
	}
	buf := getBuffer()
	data, size, err := readObject(ctx, in.Object, e.cfg.MaxFileSize, buf)
	if err != nil {
		putBuffer(buf)
		fr := reports.FileResult{Path: in.Path, Size: size}
		fr.Errors = append(fr.Errors, classifyReadErr(err))
		e.finish(&fr)
		return fr
	}
	fr := e.scanBuffer(ctx, "", in.Path, data, func() { putBuffer(buf) })
	if vk == "" || !cacheable(&fr) {
		return fr
	}
	c := e.cfg.Cache
	rk := e.resultKey(fr.SHA256)
	if b, err := json.Marshal(cacheEntry{Key: rk, Result: fr}); err == nil && c.Put(rk, b) != nil {
		e.cache.failures.Add(1)
		return fr
	}
	if b, err := json.Marshal(statEntry{Key: vk, SHA256: fr.SHA256}); err == nil && c.Put(vk, b) != nil {
		e.cache.failures.Add(1)
	}
	return fr
}
