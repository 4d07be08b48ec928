package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/provcheck/provcheck/detectors/engine"
	"github.com/provcheck/provcheck/detectors/engine/objects"
	"github.com/provcheck/provcheck/reports"
)

// shard is one part of a partition of the input; n == 0 means all of it.
type shard struct{ i, n int }

// parseShard reads "I/N" (0 <= I < N).
func parseShard(s string) (shard, error) {
	if s == "" {
		return shard{}, nil
	}
	is, ns, ok := strings.Cut(s, "/")
	i, ierr := strconv.Atoi(is)
	n, nerr := strconv.Atoi(ns)
	switch {
	case !ok || ierr != nil || nerr != nil:
		return shard{}, fmt.Errorf("shard %q: want I/N, e.g. 0/4", s)
	case n < 1:
		return shard{}, fmt.Errorf("shard %q: N must be at least 1", s)
	case i < 0 || i >= n:
		return shard{}, fmt.Errorf("shard %q: I must be 0 to %d (shards are numbered from 0)", s, n-1)
	}
	return shard{i, n}, nil
}

// has reports whether the file with this identity belongs to the shard.
// The partition depends only on the identity (a path below the folder
// given, or an object key), never on the machine, the order of listing or
// the other files, so N shards cover every file exactly once on any
// machine, and a retried shard redoes exactly its own files.
func (s shard) has(identity string) bool {
	if s.n <= 1 {
		return true
	}
	h := fnv.New64a()
	h.Write([]byte(identity))
	return mix64(h.Sum64())%uint64(s.n) == uint64(s.i)
}

// mix64 is MurmurHash3's 64-bit finalizer. FNV-1a modulo a power of two
// depends only on the low bits of every byte ('a' and 'e', '0' and '4'
// count the same), so names that follow a pattern (a counter and a camera
// or source name) fell into 2, 4 or 8 shards unevenly and by kind of
// file; after the finalizer every bit of the hash decides.
func mix64(h uint64) uint64 {
	h ^= h >> 33
	h *= 0xff51afd7ed558ccd
	h ^= h >> 33
	h *= 0xc4ceb9fe1a85ec53
	h ^= h >> 33
	return h
}

// maxListLine bounds one --files-from entry; a path is at most a few KB.
const maxListLine = 64 << 10

// readList calls yield for each entry of a --files-from list: one path per
// line (a trailing CR is dropped, blank lines are ignored) or NUL-separated.
// An entry that cannot be a path (too long, a NUL byte in a line) is
// yielded with an error, under the name LIST:N, and the list goes on.
func readList(r io.Reader, name string, null bool, yield func(path string, err error)) error {
	sep := byte('\n')
	if null {
		sep = 0
	}
	br := bufio.NewReaderSize(r, 64<<10)
	for n := 1; ; n++ {
		entry, tooLong, err := readEntry(br, sep)
		if err != nil && !errors.Is(err, io.EOF) {
			return fmt.Errorf("files-from %s: entry %d: %w", name, n, err)
		}
		if !null {
			entry = bytes.TrimSuffix(entry, []byte("\r"))
		}
		where := fmt.Sprintf("%s:%d", name, n)
		switch {
		case tooLong:
			yield(where, fmt.Errorf("list entry longer than %d bytes", maxListLine))
		case len(entry) == 0:
		case bytes.IndexByte(entry, 0) >= 0:
			yield(where, errors.New("list entry holds a NUL byte (use --null for NUL-separated lists)"))
		default:
			yield(string(entry), nil)
		}
		if errors.Is(err, io.EOF) {
			return nil
		}
	}
}

// readEntry reads up to sep, keeping at most maxListLine bytes.
func readEntry(br *bufio.Reader, sep byte) (entry []byte, tooLong bool, err error) {
	for {
		chunk, err := br.ReadSlice(sep)
		if !tooLong {
			entry = append(entry, chunk...)
			if len(entry) > maxListLine+1 {
				tooLong, entry = true, nil
			}
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		if len(entry) > 0 && entry[len(entry)-1] == sep {
			entry = entry[:len(entry)-1]
		}
		return entry, tooLong, err
	}
}

// discovery is what a scan found to do.
type discovery struct {
	inputs  []engine.Input
	skipped map[string]int
}

// discover lists the inputs: the paths given, then the --files-from list,
// keeping this shard's files and leaving out those the --resume report
// already holds. An error is a usage error or the context's.
func (c *Config) discover(ctx context.Context, paths []string, stdin io.Reader, done map[string]bool, stores *storeEnv) (*discovery, error) {
	sh, err := parseShard(c.Shard)
	if err != nil {
		return nil, usageError{err}
	}
	d := &discovery{skipped: map[string]int{}}
	filter := engine.Filter{Include: c.Include, Exclude: c.Exclude, FollowSymlinks: c.FollowSymlinks}
	one := func(root string) error {
		if objects.IsURL(root) {
			return stores.discoverObjects(ctx, root, filter, sh, done,
				func(in engine.Input) { d.inputs = append(d.inputs, in) },
				func(reason string) { d.skipped[reason]++ })
		}
		return engine.DiscoverSkips(ctx, []string{root}, filter,
			func(in engine.Input) {
				if !sh.has(identity(root, in.Path)) || done[in.Path] {
					return
				}
				d.inputs = append(d.inputs, in)
			},
			func(path, reason string) {
				if sh.has(identity(root, path)) {
					d.skipped[reason]++
				}
			})
	}
	for _, p := range paths {
		if err := one(p); err != nil {
			return d, err
		}
	}
	if c.FilesFrom == "" {
		return d, nil
	}
	var list io.Reader = stdin
	if c.FilesFrom != "-" {
		f, err := os.Open(c.FilesFrom)
		if err != nil {
			return nil, usagef("files-from: %w", err)
		}
		defer f.Close()
		list = f
	}
	var walkErr error
	err = readList(list, c.FilesFrom, c.Null, func(p string, lerr error) {
		if walkErr != nil {
			return
		}
		if lerr != nil {
			if sh.has(p) && !done[p] {
				d.inputs = append(d.inputs, engine.Input{Path: p, Err: lerr})
			}
			return
		}
		walkErr = one(p)
	})
	if walkErr != nil {
		return d, walkErr
	}
	if err != nil {
		// The list could not be read to its end: what was read is scanned,
		// and the rest is one error entry.
		d.inputs = append(d.inputs, engine.Input{Path: c.FilesFrom, Err: err})
	}
	return d, nil
}

// identity is what the shard of a file is decided by: its path below the
// folder it was found in (so the same tree mounted elsewhere partitions
// the same way), or the path as given for a file named directly.
func identity(root, path string) string {
	if path == root {
		return filepath.ToSlash(filepath.Clean(path))
	}
	rel, err := filepath.Rel(root, path)
	if err != nil {
		return filepath.ToSlash(path)
	}
	return filepath.ToSlash(rel)
}

// resumeState is an earlier run's NDJSON report being continued.
type resumeState struct {
	prev   *reports.Report // its head (tool, summary); its files are not kept
	counts reports.Report  // its files, counted
	done   map[string]bool // paths already in it
	file   *os.File        // open for appending after its last whole file record
}

// openResume reads the report to continue, cuts off its summary line and
// any half-written line after its last whole file record, and opens it
// for appending. A report that does not exist yet starts a new run (so a
// job can always pass --resume); a JSON report cannot be continued. The
// earlier files are read as a stream: only their paths and counts stay in
// memory. Name is what messages call the report (its s3:// URL when path
// is a local copy of an object).
func openResume(path, name string, log interface{ Warn(string, ...any) }) (*resumeState, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, usagef("resume: %w", err)
	}
	rs := &resumeState{done: map[string]bool{}, file: f}
	prev, dropped, whole, err := reports.ReadLenientFunc(f, func(fr *reports.FileResult) error {
		rs.counts.Count(fr)
		// A path that is not valid UTF-8 is reported escaped, with its
		// raw bytes beside: discovery finds the raw path.
		if len(fr.PathBytes) > 0 {
			rs.done[string(fr.PathBytes)] = true
		} else {
			rs.done[fr.Path] = true
		}
		return nil
	})
	st, serr := f.Stat()
	switch {
	case serr != nil:
		f.Close()
		return nil, usagef("resume %s: %w", name, serr)
	case st.Size() == 0:
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			f.Close()
			return nil, fmt.Errorf("resume %s: %w", name, err)
		}
		return &resumeState{done: map[string]bool{}, file: f}, nil
	case err != nil:
		f.Close()
		return nil, usagef("resume %s: %w", name, err)
	case whole < 0:
		f.Close()
		return nil, usagef("resume %s: a JSON report cannot be continued; write NDJSON (--format ndjson) to resume", name)
	}
	for _, d := range dropped {
		log.Warn("resume: dropping a damaged line of the report", "report", name, "line", d.Line, "bytes", d.Bytes, "reason", d.Reason)
	}
	if err := f.Truncate(whole); err != nil {
		f.Close()
		return nil, fmt.Errorf("resume %s: %w", name, err)
	}
	if _, err := f.Seek(whole, io.SeekStart); err != nil {
		f.Close()
		return nil, fmt.Errorf("resume %s: %w", name, err)
	}
	rs.prev = prev
	return rs, nil
}

// addTo counts the earlier run's files into the new report's summary:
// they are part of it, counted, not scanned again.
func (rs *resumeState) addTo(rep *reports.Report) {
	if rs.prev == nil {
		return
	}
	c := rs.counts.Summary
	rep.Summary.Files += c.Files
	rep.Summary.Review += c.Review
	rep.Summary.Errors += c.Errors
	for v, n := range c.Verdicts {
		rep.Summary.Verdicts[v] += n
	}
	rep.Summary.Scanned += c.Files
	rep.Summary.Discovered += c.Files
}
