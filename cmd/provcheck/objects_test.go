package main

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"

	"github.com/provcheck/provcheck/detectors/engine/objects"
	"github.com/provcheck/provcheck/reports"
)

// fakeS3 is an S3 server in this process (never the network), with
// counters of object reads and a switch that breaks reads.
type fakeS3 struct {
	store     *objects.Store
	gets      atomic.Int64 // GETs of existing objects in the input bucket
	heads     atomic.Int64 // HEADs of objects in the input bucket
	requests  atomic.Int64 // every request
	breakGets atomic.Int64 // the next N GETs of input objects fail mid-body
	failAll   atomic.Bool  // every GET of an input object fails
	deny      atomic.Value // string: requests for paths under it are refused (403)
	delay     atomic.Int64 // each GET of an input object waits this long (a slow network)
}

func newFakeS3(t *testing.T, buckets ...string) *fakeS3 {
	t.Helper()
	backend := s3mem.New()
	for _, b := range buckets {
		if err := backend.CreateBucket(b); err != nil {
			t.Fatal(err)
		}
	}
	f := &fakeS3{}
	h := gofakes3.New(backend, gofakes3.WithTimeSkewLimit(0)).Server()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.requests.Add(1)
		if r.Method == http.MethodHead && strings.HasPrefix(r.URL.Path, "/archive/") && len(r.URL.Path) > len("/archive/") {
			f.heads.Add(1)
		}
		if p, _ := f.deny.Load().(string); p != "" && strings.HasPrefix(r.URL.Path, p) {
			w.Header().Set("Content-Type", "application/xml")
			w.WriteHeader(http.StatusForbidden)
			w.Write([]byte(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>`))
			return
		}
		// A GET of a missing key (a report probed for --resume) reads no
		// object: objects are read with a single GET, no HEAD before it.
		key, input := strings.CutPrefix(r.URL.Path, "/archive/")
		if _, err := backend.HeadObject("archive", key); input && err == nil && r.Method == http.MethodGet && r.URL.RawQuery == "" {
			f.gets.Add(1)
			time.Sleep(time.Duration(f.delay.Load()))
			if f.failAll.Load() || f.breakGets.Add(-1) >= 0 {
				// Cut the connection mid-answer, as a flaky network does.
				w.Header().Set("Content-Length", "100000")
				w.WriteHeader(http.StatusOK)
				w.Write([]byte("partial"))
				panic(http.ErrAbortHandler)
			}
		}
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	t.Setenv("AWS_ENDPOINT_URL", srv.URL)
	t.Setenv("AWS_ENDPOINT_URL_S3", "")
	t.Setenv("AWS_ACCESS_KEY_ID", "provcheck-test")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "provcheck-test-secret")
	t.Setenv("AWS_SESSION_TOKEN", "")
	t.Setenv("AWS_REGION", "us-east-1")
	st, err := objects.FromEnv()
	if err != nil {
		t.Fatal(err)
	}
	f.store = st
	return f
}

// upload copies a local tree under s3://bucket/prefix.
func (f *fakeS3) upload(t *testing.T, dir, bucket, prefix string) int {
	t.Helper()
	n := 0
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		n++
		return f.store.Put(context.Background(), objects.Location{Bucket: bucket, Key: prefix + filepath.ToSlash(rel)}, bytes.NewReader(b), int64(len(b)), "")
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func (f *fakeS3) read(t *testing.T, url string) []byte {
	t.Helper()
	loc, _ := objects.Parse(url)
	b, err := f.store.Get(context.Background(), loc, 1<<30)
	if err != nil {
		t.Fatalf("%s: %v", url, err)
	}
	return b
}

// TestObjectStorage: scanning s3://bucket/prefix/ gives the local scan's
// verdicts; -o s3:// and --cache-dir s3:// work; a second run with the
// shared cache reads no object again.
func TestObjectStorage(t *testing.T) {
	dir := shardTree(t)
	f := newFakeS3(t, "archive", "results")
	f.upload(t, dir, "archive", "photos/")

	common := []string{"scan", "--exclude", "*.tmp", "--workers", "2", "--format", "json"}
	code, out, stderr := provcheck(t, "", append(common, "--no-cache", dir)...)
	if code != exitOK {
		t.Fatalf("local: exit %d: %s", code, stderr)
	}
	local := decode(t, out)
	want := map[string]verdictKey{}
	for p, v := range byPath(t, &local) {
		rel, _ := filepath.Rel(dir, p)
		want["s3://archive/photos/"+filepath.ToSlash(rel)] = v
	}

	code, out, stderr = provcheck(t, "", append(common, "--no-cache", "s3://archive/photos/")...)
	if code != exitOK {
		t.Fatalf("s3: exit %d: %s", code, stderr)
	}
	if h := f.heads.Load(); h != 0 {
		t.Errorf("%d HEAD requests for input objects: an object is read with one GET", h)
	}
	remote := decode(t, out)
	got := byPath(t, &remote)
	if len(got) != len(want) || remote.Summary.Skipped["excluded"] != local.Summary.Skipped["excluded"] {
		t.Errorf("s3 scan: %d files (skipped %v), local %d (skipped %v)", len(got), remote.Summary.Skipped, len(want), local.Summary.Skipped)
	}
	for p, v := range want {
		if got[p] != v {
			t.Errorf("%s: s3 %+v, local %+v", p, got[p], v)
		}
	}

	// The report to a bucket, the cache in a bucket.
	cached := append(common, "--cache-dir", "s3://results/cache", "-o", "s3://results/run1.json", "s3://archive/photos/")
	f.gets.Store(0)
	start := time.Now()
	if code, _, stderr := provcheck(t, "", cached...); code != exitOK {
		t.Fatalf("cached run 1: exit %d: %s", code, stderr)
	}
	first, reads1 := time.Since(start), f.gets.Load()
	f.gets.Store(0)
	f.requests.Store(0)
	start = time.Now()
	cached[len(cached)-2] = "s3://results/run2.json"
	if code, _, stderr := provcheck(t, "", cached...); code != exitOK {
		t.Fatalf("cached run 2: exit %d: %s", code, stderr)
	}
	second, reads2, requests2 := time.Since(start), f.gets.Load(), f.requests.Load()
	t.Logf("shared cache: first run %v (%d object reads), second %v (%d reads, %d requests): %.1fx", first, reads1, second, reads2, requests2, float64(first)/float64(second))
	if reads1 < int64(len(want)) || reads2 != 0 {
		t.Errorf("object reads: first run %d, second %d; want every object, then none", reads1, reads2)
	}
	// A hit is two GETs (the object's version, then its result); the rest
	// is the bucket checks, the listing and the report.
	if limit := int64(2*len(want) + 8); requests2 > limit {
		t.Errorf("second run: %d requests for %d objects, want at most %d", requests2, len(want), limit)
	}
	for _, run := range []string{"s3://results/run1.json", "s3://results/run2.json"} {
		r, err := reports.Read(bytes.NewReader(f.read(t, run)))
		if err != nil {
			t.Fatalf("%s: %v", run, err)
		}
		if g := byPath(t, r); len(g) != len(want) {
			t.Errorf("%s: %d files", run, len(g))
		} else {
			for p, v := range want {
				if g[p] != v {
					t.Errorf("%s %s: %+v, want %+v", run, p, g[p], v)
				}
			}
		}
	}
	// The cache keys are the local cache's: a local run fills a folder
	// with the same names.
	lc := t.TempDir()
	provcheck(t, "", "scan", "--cache-dir", lc, "--format", "json", filepath.Join(dir, "a", "camera_canon_eos.jpg"))
	var names []string
	filepath.WalkDir(filepath.Join(lc, "v1"), func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(lc, p)
			names = append(names, filepath.ToSlash(rel))
		}
		return nil
	})
	if len(names) == 0 {
		t.Fatal("no local cache entries")
	}
	found := 0
	for _, n := range names {
		if _, err := f.store.Stat(context.Background(), objects.Location{Bucket: "results", Key: "cache/" + n}); err == nil {
			found++
		}
	}
	if found == 0 {
		t.Errorf("none of the local cache keys %v is in the bucket cache", names)
	}

	// Sharded over the bucket, merged from the bucket.
	for i := range 3 {
		args := append(common, "--no-cache", "--shard", string(rune('0'+i))+"/3", "-f", "ndjson", "-o", "s3://results/shards/"+string(rune('0'+i))+".ndjson", "s3://archive/photos/")
		if code, _, stderr := provcheck(t, "", args...); code != exitOK {
			t.Fatalf("shard %d: exit %d: %s", i, code, stderr)
		}
	}
	code, out, stderr = provcheck(t, "", "merge", "-f", "json", "s3://results/shards/0.ndjson", "s3://results/shards/1.ndjson", "s3://results/shards/2.ndjson")
	if code != exitOK {
		t.Fatalf("merge: exit %d: %s", code, stderr)
	}
	if a, b := withoutCreatedAt(t, string(mustJSON(t, remote))), withoutCreatedAt(t, out); a != b {
		t.Errorf("merged s3 shards differ from the s3 run:\n%s", firstDiff(a, b))
	}
}

func mustJSON(t *testing.T, r reports.Report) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := (reports.JSONWriter{}).Write(t.Context(), &b, &r); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestObjectStorageFaults(t *testing.T) {
	dir := shardTree(t)
	f := newFakeS3(t, "archive", "results")
	f.upload(t, filepath.Join(dir, "c"), "archive", "c/")
	common := []string{"scan", "--no-cache", "--exclude", "*.tmp", "--workers", "1", "--format", "json"}

	// A missing bucket is one clear error, not one per file.
	code, out, stderr := provcheck(t, "", append(common, "s3://no-such-bucket/x/", "s3://no-such-bucket/y.jpg")...)
	if code == exitOK || !strings.Contains(stderr, "no-such-bucket") || strings.Count(stderr, "\n") != 1 || out != "" {
		t.Errorf("missing bucket: exit %d, stderr %q, %d bytes of report", code, stderr, len(out))
	}
	// Never a write to an input bucket.
	for _, args := range [][]string{
		{"-o", "s3://archive/report.json", "s3://archive/c/"},
		{"--cache-dir", "s3://archive/cache", "s3://archive/c/"},
	} {
		if code, _, stderr := provcheck(t, "", append([]string{"scan", "--exclude", "*.tmp"}, args...)...); code != exitUsage || !strings.Contains(stderr, "never writes to the buckets it scans") {
			t.Errorf("%v: exit %d: %s", args, code, stderr)
		}
	}
	// A missing object is an error entry; a flaky read is retried.
	f.breakGets.Store(2)
	code, out, stderr = provcheck(t, "", append(common, "s3://archive/c/camera_canon_eos.jpg", "s3://archive/c/gone.jpg")...)
	r := decode(t, out)
	byP := map[string]reports.FileResult{}
	for _, fr := range r.Files {
		byP[fr.Path] = fr
	}
	if fr := byP["s3://archive/c/camera_canon_eos.jpg"]; fr.Verdict == reports.VerdictError {
		t.Errorf("flaky read not retried: %+v", fr.Errors)
	}
	if fr := byP["s3://archive/c/gone.jpg"]; fr.Verdict != reports.VerdictError || fr.Errors[0].Code != "not-found" {
		t.Errorf("missing object: %+v (exit %d, %s)", fr, code, stderr)
	}
	// A read that keeps failing ends as an error entry.
	f.failAll.Store(true)
	_, out, _ = provcheck(t, "", append(common, "s3://archive/c/camera_canon_eos.jpg")...)
	if r := decode(t, out); r.Files[0].Verdict != reports.VerdictError || !strings.Contains(r.Files[0].Errors[0].Message, "attempts") {
		t.Errorf("persistent failure: %+v", r.Files[0])
	}
	f.failAll.Store(false)
	// The size cap applies before the body is read.
	f.gets.Store(0)
	_, out, _ = provcheck(t, "", append(common, "--max-file-size", "100", "s3://archive/c/camera_canon_eos.jpg")...)
	if r := decode(t, out); r.Files[0].Errors[0].Code != "too-large" {
		t.Errorf("size cap: %+v", r.Files[0])
	}
}
