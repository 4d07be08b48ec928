package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"

	"github.com/provcheck/provcheck/detectors/engine"
	"github.com/provcheck/provcheck/detectors/engine/objects"
)

// storeEnv makes the object-storage client on first use, from the AWS_*
// environment, and remembers which buckets were checked and which are
// inputs (never written to).
type storeEnv struct {
	once    sync.Once
	store   *objects.Store
	err     error
	checked map[string]error
	inputs  map[string]bool
	writes  map[string]string // bucket -> what is written there (output, cache)
}

var storesMu sync.Mutex

func (s *storeEnv) get() (*objects.Store, error) {
	s.once.Do(func() { s.store, s.err = objects.FromEnv() })
	return s.store, s.err
}

// bucket checks a bucket once: a bucket that is missing or refused is one
// clear error for the whole run, not one per object.
func (s *storeEnv) bucket(ctx context.Context, st *objects.Store, name string) error {
	storesMu.Lock()
	defer storesMu.Unlock()
	if s.checked == nil {
		s.checked = map[string]error{}
	}
	if err, ok := s.checked[name]; ok {
		return err
	}
	err := st.CheckBucket(ctx, name)
	s.checked[name] = err
	return err
}

// writing records a bucket written to; it must not be an input bucket.
func (s *storeEnv) writing(bucket, what string) error {
	if s.writes == nil {
		s.writes = map[string]string{}
	}
	s.writes[bucket] = what
	if s.inputs[bucket] {
		return usagef("%s: bucket %s is an input: provcheck never writes to the buckets it scans", what, bucket)
	}
	return nil
}

func (s *storeEnv) reading(bucket string) error {
	if s.inputs == nil {
		s.inputs = map[string]bool{}
	}
	s.inputs[bucket] = true
	if what, ok := s.writes[bucket]; ok {
		return usagef("%s: bucket %s is an input: provcheck never writes to the buckets it scans", what, bucket)
	}
	return nil
}

// discoverObjects lists s3://bucket/prefix/ (recursively, through the
// include and exclude globs, matched against the key below the prefix) or
// names one object s3://bucket/key.
func (s *storeEnv) discoverObjects(ctx context.Context, url string, filter engine.Filter, sh shard, done map[string]bool, yield func(engine.Input), skip func(reason string)) error {
	loc, err := objects.Parse(url)
	if err != nil {
		return usageError{err}
	}
	st, err := s.get()
	if err != nil {
		return usageError{err}
	}
	if err := s.reading(loc.Bucket); err != nil {
		return err
	}
	if err := s.bucket(ctx, st, loc.Bucket); err != nil {
		return fmt.Errorf("%s: %w", url, err)
	}
	if !loc.IsPrefix() {
		if !sh.has(loc.Key) || done[url] {
			return nil
		}
		info, err := st.Stat(ctx, loc)
		if err != nil {
			yield(engine.Input{Path: url, Err: err})
			return nil
		}
		yield(engine.Input{Path: url, Object: st.Object(info)})
		return nil
	}
	return st.List(ctx, loc, func(info objects.Info) error {
		rel := info.Loc.Key[len(loc.Key):]
		if !sh.has(rel) {
			return nil
		}
		if !filter.Match(rel) {
			skip(engine.SkipExcluded)
			return nil
		}
		if p := info.Loc.String(); !done[p] {
			yield(engine.Input{Path: p, Object: st.Object(info)})
		}
		return ctx.Err()
	})
}

// openObjectOutput starts the upload of a report to s3://bucket/key; it
// appears only once the report is complete.
func (s *storeEnv) openObjectOutput(ctx context.Context, url, contentType string) (io.Writer, func(bool) error, error) {
	loc, err := objects.Parse(url)
	if err != nil {
		return nil, nil, usageError{err}
	}
	if loc.IsPrefix() {
		return nil, nil, usagef("output %s: name an object, not a prefix", url)
	}
	st, err := s.get()
	if err != nil {
		return nil, nil, usageError{err}
	}
	if err := s.writing(loc.Bucket, "output "+url); err != nil {
		return nil, nil, err
	}
	if err := s.bucket(ctx, st, loc.Bucket); err != nil {
		return nil, nil, usagef("output %s: %w", url, err)
	}
	w := st.Create(context.WithoutCancel(ctx), loc, contentType)
	return w, w.Close, nil
}

// openObjectCache opens a results cache shared through a bucket.
func (s *storeEnv) openObjectCache(ctx context.Context, url string, log *slog.Logger) (engine.Cache, error) {
	loc, err := objects.Parse(url)
	if err != nil {
		return nil, usageError{err}
	}
	st, err := s.get()
	if err != nil {
		return nil, usageError{err}
	}
	if err := s.writing(loc.Bucket, "cache-dir "+url); err != nil {
		return nil, err
	}
	if err := s.bucket(ctx, st, loc.Bucket); err != nil {
		// As with a local cache folder: only speed is lost.
		log.Warn("results cache off", "err", err)
		return nil, nil
	}
	return st.Cache(loc), nil
}

// openObjectInput reads a report from object storage (merge, convert).
func (s *storeEnv) openObjectInput(ctx context.Context, url string) (io.ReadCloser, error) {
	loc, err := objects.Parse(url)
	if err != nil {
		return nil, usageError{err}
	}
	st, err := s.get()
	if err != nil {
		return nil, usageError{err}
	}
	rc, _, err := st.Open(ctx, loc)
	if err != nil {
		if errors.Is(err, objects.ErrBucket) {
			return nil, err
		}
		return nil, usageError{err}
	}
	return rc, nil
}

// openDest opens a report destination: a local file (written beside its
// name, then renamed), standard output, or an object (uploaded whole).
func openDest(ctx context.Context, stores *storeEnv, path, format string, stdout io.Writer) (io.Writer, func(bool) error, error) {
	if objects.IsURL(path) {
		return stores.openObjectOutput(ctx, path, contentType(format))
	}
	return openOutput(path, stdout)
}

func contentType(format string) string {
	switch strings.ToLower(format) {
	case "json":
		return "application/json"
	case "ndjson":
		return "application/x-ndjson"
	case "csv":
		return "text/csv; charset=utf-8"
	case "html":
		return "text/html; charset=utf-8"
	case "sarif":
		return "application/sarif+json"
	}
	return "text/plain; charset=utf-8"
}
