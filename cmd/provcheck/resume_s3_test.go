package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/provcheck/provcheck/detectors/engine/objects"
	"github.com/provcheck/provcheck/reports"
)

// TestResumeObject: a shard report in a bucket cut short mid-line (a
// killed pod) is continued with --resume s3://…: the files it holds are
// neither read nor scanned again, none is written twice, and the report
// ends as the whole run's does.
func TestResumeObject(t *testing.T) {
	fixedClock(t)
	t.Setenv("TMPDIR", t.TempDir()) // where the local copies go: checked empty at the end
	dir := shardTree(t)
	f := newFakeS3(t, "archive", "results")
	f.upload(t, dir, "archive", "photos/")
	const input, key = "s3://archive/photos/", "s3://results/shards/0.ndjson"
	common := []string{"scan", "--no-cache", "--exclude", "*.tmp", "--workers", "1"}
	_, whole, _ := provcheck(t, "", append(common, "--format", "json", input)...)
	_, nd, _ := provcheck(t, "", append(common, "--format", "ndjson", input)...)
	lines := strings.SplitAfter(nd, "\n")
	files := len(lines) - 2 // the summary, and the empty string after the last newline
	if files < 20 {
		t.Fatalf("only %d files in the run", files)
	}
	const kept = 10
	put(t, f, key, strings.Join(lines[:kept], "")+lines[kept][:len(lines[kept])/2])

	// Checkpoints every few milliseconds: uploads run while files are
	// appended, and the end result is the same.
	f.gets.Store(0)
	code, _, stderr := provcheck(t, "", append(common, "--log-level", "debug", "--checkpoint", "5ms", "--resume", key, input)...)
	if code != exitOK {
		t.Fatalf("resume: exit %d: %s", code, stderr)
	}
	if n := strings.Count(stderr, "msg=scanned"); n != files-kept {
		t.Errorf("resume scanned %d files, want %d", n, files-kept)
	}
	if n := f.gets.Load(); n != int64(files-kept) {
		t.Errorf("resume read %d objects, want %d (the files not in the report)", n, files-kept)
	}
	if !strings.Contains(stderr, "dropping a damaged line") {
		t.Errorf("the cut line is not reported: %s", stderr)
	}
	b := f.read(t, key)
	rep, dropped, _, err := reports.ReadLenient(bytes.NewReader(b))
	if err != nil || len(dropped) != 0 {
		t.Fatalf("resumed report: %v, dropped %v", err, dropped)
	}
	if len(byPath(t, rep)) != files { // byPath fails on a file twice
		t.Errorf("resumed report holds %d files, want %d", len(rep.Files), files)
	}
	_, merged, _ := provcheck(t, "", "merge", "-f", "json", key)
	if a, b := withoutCreatedAt(t, whole), withoutCreatedAt(t, merged); a != b {
		t.Errorf("resumed run differs from the whole run:\n%s", firstDiff(a, b))
	}

	// Resuming a finished report reads and scans nothing and leaves the
	// object as it was.
	f.gets.Store(0)
	code, _, stderr = provcheck(t, "", append(common, "--log-level", "debug", "--resume", key, input)...)
	if n := strings.Count(stderr, "msg=scanned"); code != exitOK || n != 0 || f.gets.Load() != 0 {
		t.Errorf("second resume: exit %d, scanned %d, read %d objects", code, n, f.gets.Load())
	}
	if b2 := f.read(t, key); !bytes.Equal(b2, b) {
		t.Errorf("second resume changed the report")
	}

	// No report yet: a fresh run, written to the key (a Job passes
	// --resume from its first attempt on).
	fresh := "s3://results/shards/1.ndjson"
	if code, _, stderr := provcheck(t, "", append(common, "--resume", fresh, input)...); code != exitOK {
		t.Fatalf("resume of a missing report: exit %d: %s", code, stderr)
	}
	_, merged, _ = provcheck(t, "", "merge", "-f", "json", fresh)
	if a, b := withoutCreatedAt(t, whole), withoutCreatedAt(t, merged); a != b {
		t.Errorf("fresh run under --resume differs from the whole run:\n%s", firstDiff(a, b))
	}
	if entries, _ := os.ReadDir(os.TempDir()); hasPrefix(entries, "provcheck-resume-") {
		t.Errorf("a local copy was left in %s", os.TempDir())
	}
}

func hasPrefix(entries []os.DirEntry, prefix string) bool {
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), prefix) {
			return true
		}
	}
	return false
}

func put(t *testing.T, f *fakeS3, url, body string) {
	t.Helper()
	loc, _ := objects.Parse(url)
	if err := f.store.Put(context.Background(), loc, strings.NewReader(body), int64(len(body)), ""); err != nil {
		t.Fatal(err)
	}
}

// TestResumeObjectFaults: a bucket that is missing or refused, a report
// that cannot be read or continued, a prefix, an input bucket: one clear
// usage error each, before any file is scanned, and no object written.
func TestResumeObjectFaults(t *testing.T) {
	dir := shardTree(t)
	f := newFakeS3(t, "archive", "results")
	f.upload(t, dir, "archive", "photos/")
	const input = "s3://archive/photos/"
	put(t, f, "s3://results/whole.json", `{"schemaVersion":1,"tool":{"name":"provcheck"},"summary":{},"files":[]}`)
	common := []string{"scan", "--no-cache", "--workers", "1"}
	for _, c := range []struct {
		name, resume, deny, want string
	}{
		{"missing bucket", "s3://no-such-bucket/0.ndjson", "", "no-such-bucket"},
		{"bucket refused", "s3://results/0.ndjson", "/results", "access denied"},
		{"report refused", "s3://results/0.ndjson", "/results/0.ndjson", "access denied"},
		{"JSON report", "s3://results/whole.json", "", "JSON report cannot be continued"},
		{"prefix", "s3://results/shards/", "", "not a prefix"},
		{"input bucket", "s3://archive/0.ndjson", "", "never writes to the buckets it scans"},
	} {
		t.Run(c.name, func(t *testing.T) {
			f.deny.Store(c.deny)
			defer f.deny.Store("")
			f.gets.Store(0)
			code, out, stderr := provcheck(t, "", append(common, "--resume", c.resume, input)...)
			if code != exitUsage || !strings.Contains(stderr, c.want) || strings.Count(stderr, "\n") != 1 || out != "" {
				t.Errorf("exit %d, stderr %q, %d bytes out; want exit %d and one line saying %q", code, stderr, len(out), exitUsage, c.want)
			}
			if n := f.gets.Load(); n != 0 {
				t.Errorf("%d objects read", n)
			}
		})
	}
	if _, err := f.store.Stat(context.Background(), objects.Location{Bucket: "results", Key: "0.ndjson"}); err == nil {
		t.Errorf("a refused resume wrote its report")
	}
}

// TestObjectResumeCheckpoints: while a scan runs, the object is replaced
// by the report so far, whole lines only, so a pod killed between
// checkpoints leaves a report the next run continues; with no
// checkpoints, the object changes only at the end.
func TestObjectResumeCheckpoints(t *testing.T) {
	f := newFakeS3(t, "results")
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	for _, every := range []time.Duration{5 * time.Millisecond, 0} {
		url := "s3://results/every-" + every.String() + ".ndjson"
		stores := &storeEnv{}
		o, err := stores.openObjectResume(t.Context(), url, every, log)
		if err != nil {
			t.Fatal(err)
		}
		file, err := os.OpenFile(o.local, os.O_RDWR, 0)
		if err != nil {
			t.Fatal(err)
		}
		w := o.start(t.Context(), file)
		io.WriteString(w, `{"type":"file","path":"a"}`+"\n")
		io.WriteString(w, `{"type":"file","pa`)
		loc, _ := objects.Parse(url)
		var got []byte
		for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
			if got, err = f.store.Get(t.Context(), loc, 1<<20); err == nil || every == 0 {
				break
			}
		}
		switch {
		case every > 0 && string(got) != `{"type":"file","path":"a"}`+"\n":
			t.Errorf("checkpoint every %v: object %q, want the one whole line", every, got)
		case every == 0 && err == nil:
			t.Errorf("no checkpoints: object written before the end: %q", got)
		}
		io.WriteString(w, `th":"b"}`+"\n")
		if err := o.close(true); err != nil {
			t.Fatal(err)
		}
		if got := f.read(t, url); string(got) != `{"type":"file","path":"a"}`+"\n"+`{"type":"file","path":"b"}`+"\n" {
			t.Errorf("every %v: final object %q", every, got)
		}
		if _, err := os.Stat(o.local); !os.IsNotExist(err) {
			t.Errorf("local copy %s left: %v", o.local, err)
		}
	}
}

// TestKilledShardHelper is not a test: with PROVCHECK_KILL_HELPER set to
// a JSON list of arguments it runs provcheck with them in this process,
// so TestResumeAfterKill can kill a real process with SIGKILL.
func TestKilledShardHelper(t *testing.T) {
	raw := os.Getenv("PROVCHECK_KILL_HELPER")
	if raw == "" {
		t.Skip("a helper of TestResumeAfterKill")
	}
	var args []string
	if err := json.Unmarshal([]byte(raw), &args); err != nil {
		t.Fatal(err)
	}
	os.Exit(run(context.Background(), args, strings.NewReader(""), os.Stdout, os.Stderr))
}

// TestResumeAfterKill: a shard process killed with SIGKILL (no chance to
// write anything more) after some checkpoints leaves a report of whole
// lines in the bucket; the restarted shard scans exactly the files it
// does not hold, and the report ends with each file once, as the whole
// run's.
func TestResumeAfterKill(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a process")
	}
	dir := shardTree(t)
	f := newFakeS3(t, "archive", "results")
	f.upload(t, dir, "archive", "photos/")
	const input, key = "s3://archive/photos/", "s3://results/shards/0.ndjson"
	common := []string{"scan", "--no-cache", "--exclude", "*.tmp", "--workers", "1"}
	_, whole, _ := provcheck(t, "", append(common, "--format", "json", input)...)
	files := len(decode(t, whole).Files)

	// Each object read takes 100 ms, so the run lasts seconds and the
	// kill lands in its middle.
	f.delay.Store(int64(100 * time.Millisecond))
	args, _ := json.Marshal(append(common, "--checkpoint", "20ms", "--resume", key, input))
	cmd := exec.Command(os.Args[0], "-test.run=^TestKilledShardHelper$")
	cmd.Env = append(os.Environ(), "PROVCHECK_KILL_HELPER="+string(args), "TMPDIR="+t.TempDir())
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	loc, _ := objects.Parse(key)
	var before []byte
	for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		b, err := f.store.Get(t.Context(), loc, 1<<30)
		if err == nil && bytes.Count(b, []byte("\n")) >= 3 {
			break
		}
	}
	cmd.Process.Kill()
	cmd.Wait()
	f.delay.Store(0)
	before = f.read(t, key)
	rep, dropped, _, err := reports.ReadLenient(bytes.NewReader(before))
	if err != nil || len(dropped) != 0 || len(before) == 0 || before[len(before)-1] != '\n' {
		t.Fatalf("the killed run left %d bytes: %v, dropped %v; stderr %s", len(before), err, dropped, stderr.String())
	}
	kept := len(rep.Files)
	if kept == 0 || kept >= files || bytes.Contains(before, []byte(`"type":"summary"`)) {
		t.Fatalf("killed after %d of %d files (summary written: %v): not a run killed midway", kept, files, bytes.Contains(before, []byte(`"type":"summary"`)))
	}
	t.Logf("killed with %d of %d files in the bucket", kept, files)

	f.gets.Store(0)
	code, _, serr := provcheck(t, "", append(common, "--resume", key, input)...)
	if code != exitOK {
		t.Fatalf("resume: exit %d: %s", code, serr)
	}
	if n := f.gets.Load(); n != int64(files-kept) {
		t.Errorf("resume read %d objects, want %d", n, files-kept)
	}
	after, _, _, err := reports.ReadLenient(bytes.NewReader(f.read(t, key)))
	if err != nil {
		t.Fatal(err)
	}
	if len(byPath(t, after)) != files {
		t.Errorf("resumed report holds %d files, want %d", len(after.Files), files)
	}
	_, merged, _ := provcheck(t, "", "merge", "-f", "json", key)
	if a, b := withoutCreatedAt(t, whole), withoutCreatedAt(t, merged); a != b {
		t.Errorf("killed and resumed run differs from the whole run:\n%s", firstDiff(a, b))
	}
}
