package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/provcheck/provcheck/reports"
)

// shardTree writes copies of the samples in nested folders, with a file an
// --exclude glob leaves out, so skips are partitioned too.
func shardTree(t *testing.T) string {
	t.Helper()
	names, err := os.ReadDir(filepath.Join("..", "..", "testdata", "samples"))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	for i, sub := range []string{"a", "a/b", "c"} {
		for _, n := range names {
			files[filepath.Join(sub, n.Name())] = sampleBytes(t, n.Name())
		}
		files[filepath.Join(sub, fmt.Sprintf("skip-%d.tmp", i))] = []byte("x")
	}
	return writeFiles(t, files)
}

type verdictKey struct {
	verdict reports.Verdict
	score   float64
	sha     string
}

func byPath(t *testing.T, r *reports.Report) map[string]verdictKey {
	t.Helper()
	m := map[string]verdictKey{}
	for _, f := range r.Files {
		if _, dup := m[f.Path]; dup {
			t.Errorf("%s twice in one report", f.Path)
		}
		m[f.Path] = verdictKey{f.Verdict, f.Score, f.SHA256}
	}
	return m
}

// TestShardsCoverTheWholeRun: for several N, the N shards are disjoint,
// their union is the single run (paths, verdicts, scores), and merging
// them gives the single run's report apart from createdAt.
func TestShardsCoverTheWholeRun(t *testing.T) {
	dir := shardTree(t)
	common := []string{"scan", "--no-cache", "--exclude", "*.tmp", "--workers", "2"}
	code, whole, stderr := provcheck(t, "", append(common, "--format", "json", dir)...)
	if code != exitOK {
		t.Fatalf("single run: exit %d: %s", code, stderr)
	}
	single := decode(t, whole)
	want := byPath(t, &single)
	if len(want) < 27 {
		t.Fatalf("single run has %d files", len(want))
	}
	for _, n := range []int{1, 2, 3, 7} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			out := t.TempDir()
			var parts []string
			got := map[string]verdictKey{}
			nonEmpty := 0
			for i := range n {
				p := filepath.Join(out, fmt.Sprintf("shard-%d.ndjson", i))
				code, _, stderr := provcheck(t, "", append(common, "--shard", fmt.Sprintf("%d/%d", i, n), "-o", p, dir)...)
				if code != exitOK {
					t.Fatalf("shard %d/%d: exit %d: %s", i, n, code, stderr)
				}
				parts = append(parts, p)
				f, _ := os.Open(p)
				r, err := reports.Read(f)
				f.Close()
				if err != nil {
					t.Fatal(err)
				}
				if len(r.Files) > 0 {
					nonEmpty++
				}
				for path, v := range byPath(t, r) {
					if _, dup := got[path]; dup {
						t.Errorf("%s in two shards", path)
					}
					got[path] = v
				}
			}
			if n > 1 && nonEmpty < 2 {
				t.Errorf("%d shards, but only %d got files: not a partition", n, nonEmpty)
			}
			for path, v := range want {
				if g, ok := got[path]; !ok {
					t.Errorf("%s in no shard", path)
				} else if g != v {
					t.Errorf("%s: shard %+v, single run %+v", path, g, v)
				}
			}
			for path := range got {
				if _, ok := want[path]; !ok {
					t.Errorf("%s only in the shards", path)
				}
			}
			code, merged, stderr := provcheck(t, "", append([]string{"merge", "--format", "json"}, parts...)...)
			if code != exitOK || stderr != "" {
				t.Fatalf("merge: exit %d: %s", code, stderr)
			}
			if a, b := withoutCreatedAt(t, whole), withoutCreatedAt(t, merged); a != b {
				t.Errorf("merged shards differ from the single run:\n%s", firstDiff(a, b))
			}
		})
	}
}

func withoutCreatedAt(t *testing.T, report string) string {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(report), &m); err != nil {
		t.Fatal(err)
	}
	delete(m, "createdAt")
	b, _ := json.MarshalIndent(m, "", " ")
	return string(b)
}

func TestShardSpecUsage(t *testing.T) {
	for _, bad := range []string{"3/3", "a/b", "0/0", "-1/2", "1", "1/2/3", "/2"} {
		if code, _, stderr := provcheck(t, "", "scan", "--shard", bad, "."); code != exitUsage {
			t.Errorf("--shard %s: exit %d, want %d (%s)", bad, code, exitUsage, stderr)
		}
	}
}

// TestShardIsStable: the partition depends on the path below the folder
// given, not on where the folder is.
func TestShardIsStable(t *testing.T) {
	s, _ := parseShard("1/3")
	for _, id := range []string{"a/b/c.jpg", "x.png", "2026/11/photo 1.heic"} {
		if s.has(identity("/mnt/archive", "/mnt/archive/"+id)) != s.has(identity("copy", "copy/"+id)) {
			t.Errorf("%s: shard depends on the root", id)
		}
	}
}

// TestShardSpreadsPatternedNames: names built from a counter and one of
// a few dozen source names (as a camera or an export writes them) split
// evenly for every N, and names that differ only in the high bits of one
// byte do not share a shard by construction.
func TestShardSpreadsPatternedNames(t *testing.T) {
	const files, sources = 10800, 54
	for n := 2; n <= 8; n++ {
		counts := make([]int, n)
		for i := range files {
			id := fmt.Sprintf("%03d/%06d-source_%02d.jpg", i/500, i, i%sources)
			for j := range n {
				if (shard{j, n}).has(id) {
					counts[j]++
				}
			}
		}
		// Six standard deviations of a binomial count around its mean:
		// a fair hash stays well inside, a biased one (the plain FNV-1a
		// gave 3488, 2856, 2464 and 1992 of 10,800 for N=4) does not.
		want := float64(files) / float64(n)
		slack := 6 * math.Sqrt(want*(1-1/float64(n)))
		for j, c := range counts {
			if math.Abs(float64(c)-want) > slack {
				t.Errorf("N=%d: shard %d has %d files, want %.0f ± %.0f (all: %v)", n, j, c, want, slack, counts)
			}
		}
	}
	// 'a' 'e' 'i' 'm' 'q' 'u' 'y' are equal modulo 4: sixteen names that
	// differ only there fall in one of 4 shards by chance once in 4^15.
	seen := map[int]bool{}
	for _, c := range "aeimquy}AEIMQUY]" {
		for j := range 4 {
			if (shard{j, 4}).has("photos/2026/img_" + string(c) + ".jpg") {
				seen[j] = true
			}
		}
	}
	if len(seen) < 2 {
		t.Errorf("names differing only in the high bits of one byte all fall in shard %v of 4", seen)
	}
}

func TestFilesFrom(t *testing.T) {
	dir := shardTree(t)
	a := filepath.Join(dir, "a", "camera_canon_eos.jpg")
	c := filepath.Join(dir, "c")
	long := strings.Repeat("x", maxListLine+10)
	for _, tc := range []struct {
		name, list string
		null       bool
	}{
		{"lines", a + "\r\n\n" + c + "\n" + "bad\x00line\n" + long + "\n" + filepath.Join(dir, "missing.png"), false},
		{"nul", a + "\x00" + c + "\x00" + long + "\x00" + filepath.Join(dir, "missing.png") + "\x00", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			list := filepath.Join(t.TempDir(), "list")
			os.WriteFile(list, []byte(tc.list), 0o644)
			args := []string{"scan", "--no-cache", "--exclude", "*.tmp", "--format", "json", "--files-from", list}
			if tc.null {
				args = append(args, "--null")
			}
			_, out, stderr := provcheck(t, "", args...)
			r := decode(t, out)
			paths := map[string]reports.FileResult{}
			for _, f := range r.Files {
				paths[f.Path] = f
			}
			if _, ok := paths[a]; !ok {
				t.Errorf("listed file missing: %v", slices.Collect(mapKeys(paths)))
			}
			if _, ok := paths[filepath.Join(c, "ai_comfyui_workflow.png")]; !ok {
				t.Errorf("listed folder not walked")
			}
			if f, ok := paths[filepath.Join(dir, "missing.png")]; !ok || f.Verdict != reports.VerdictError {
				t.Errorf("missing file: %+v", f)
			}
			bad := 0
			for p, f := range paths {
				if strings.HasPrefix(p, list+":") {
					bad++
					if f.Verdict != reports.VerdictError || len(f.Errors) == 0 {
						t.Errorf("bad list entry %s: %+v", p, f)
					}
				}
			}
			if wantBad := map[bool]int{false: 2, true: 1}[tc.null]; bad != wantBad {
				t.Errorf("%d error entries for bad list lines, want %d (%s)", bad, wantBad, stderr)
			}
		})
	}
	// The list on standard input.
	code, out, stderr := provcheck(t, a+"\n", "scan", "--no-cache", "--format", "json", "--files-from", "-")
	if r := decode(t, out); code != exitOK || len(r.Files) != 1 || r.Files[0].Path != a {
		t.Errorf("--files-from -: exit %d, %d files: %s", code, len(r.Files), stderr)
	}
	if code, _, _ := provcheck(t, a+"\n", "scan", "--files-from", "-", "-"); code != exitUsage {
		t.Errorf("--files-from - with - as a path: exit %d", code)
	}
}

func mapKeys[K comparable, V any](m map[K]V) func(func(K) bool) {
	return func(yield func(K) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// TestResume: a report cut short mid-line (a killed job) is continued
// without rescanning what it holds or writing a file twice, and ends as
// the whole run does.
func TestResume(t *testing.T) {
	fixedClock(t)
	dir := shardTree(t)
	common := []string{"scan", "--no-cache", "--exclude", "*.tmp", "--workers", "1"}
	_, whole, _ := provcheck(t, "", append(common, "--format", "json", dir)...)
	_, nd, _ := provcheck(t, "", append(common, "--format", "ndjson", dir)...)
	lines := strings.SplitAfter(nd, "\n")
	cut := strings.Join(lines[:10], "") + lines[10][:len(lines[10])/2]
	rp := filepath.Join(t.TempDir(), "r.ndjson")
	os.WriteFile(rp, []byte(cut), 0o644)

	// The debug log names each file scanned: none of the first ten again.
	code, _, stderr := provcheck(t, "", append(common, "--log-level", "debug", "--resume", rp, dir)...)
	if code != exitOK {
		t.Fatalf("resume: exit %d: %s", code, stderr)
	}
	if n := strings.Count(stderr, "msg=scanned"); n != len(lines)-1-1-10 {
		t.Errorf("resume scanned %d files, want %d", n, len(lines)-1-1-10)
	}
	b, _ := os.ReadFile(rp)
	rep, dropped, _, err := reports.ReadLenient(bytes.NewReader(b))
	if err != nil || len(dropped) != 0 {
		t.Fatalf("resumed report: %v, dropped %v", err, dropped)
	}
	byPath(t, rep) // no file twice
	_, merged, _ := provcheck(t, "", "merge", "-f", "json", rp)
	if a, b := withoutCreatedAt(t, whole), withoutCreatedAt(t, merged); a != b {
		t.Errorf("resumed run differs from the whole run:\n%s", firstDiff(a, b))
	}
	// Resuming a finished report scans nothing and keeps it whole.
	code, _, stderr = provcheck(t, "", append(common, "--log-level", "debug", "--resume", rp, dir)...)
	if n := strings.Count(stderr, "msg=scanned"); code != exitOK || n != 0 {
		t.Errorf("second resume: exit %d, scanned %d", code, n)
	}
	if b2, _ := os.ReadFile(rp); string(b2) != string(b) {
		t.Errorf("second resume changed the report")
	}
	// A JSON report, or another output, cannot be resumed.
	jp := filepath.Join(t.TempDir(), "r.json")
	os.WriteFile(jp, []byte(whole), 0o644)
	if code, _, _ := provcheck(t, "", append(common, "--resume", jp, dir)...); code != exitUsage {
		t.Errorf("resume of a JSON report: exit %d", code)
	}
	if code, _, _ := provcheck(t, "", append(common, "--resume", rp, "-o", jp, dir)...); code != exitUsage {
		t.Errorf("resume into another file: exit %d", code)
	}
}

func TestMergeFaults(t *testing.T) {
	dir := shardTree(t)
	tmp := t.TempDir()
	common := []string{"scan", "--no-cache", "--exclude", "*.tmp", "--workers", "1"}
	a, b := filepath.Join(tmp, "a.ndjson"), filepath.Join(tmp, "b.json")
	provcheck(t, "", append(common, "-o", a, filepath.Join(dir, "a"))...)
	provcheck(t, "", append(common, "-o", b, filepath.Join(dir, "a", "b"), filepath.Join(dir, "c"))...)

	// Overlapping reports: each file once, the overlap named.
	code, out, stderr := provcheck(t, "", "merge", "-f", "json", a, b)
	r := decode(t, out)
	byPath(t, &r)
	if code != exitOK || !strings.Contains(stderr, "9 file(s) appear in more than one report") || !strings.Contains(stderr, filepath.Join(dir, "a", "b", "camera_canon_eos.jpg")) {
		t.Errorf("duplicates: exit %d: %s", code, stderr)
	}
	if r.Summary.Files != 27 || len(r.Files) != 27 {
		t.Errorf("merged %d files, summary %d, want 27", len(r.Files), r.Summary.Files)
	}

	// A truncated NDJSON report keeps its whole lines and says what it dropped.
	full, _ := os.ReadFile(a)
	lines := strings.SplitAfter(string(full), "\n")
	cut := filepath.Join(tmp, "cut.ndjson")
	os.WriteFile(cut, []byte(strings.Join(lines[:5], "")+lines[5][:40]), 0o644)
	code, out, stderr = provcheck(t, "", "merge", "-f", "json", cut)
	r = decode(t, out)
	if code != exitOK || len(r.Files) != 5 || !r.Summary.Partial || !strings.Contains(stderr, "dropped line 6") {
		t.Errorf("truncated: exit %d, %d files, partial %v: %s", code, len(r.Files), r.Summary.Partial, stderr)
	}

	// Different settings are refused unless --force.
	other := filepath.Join(tmp, "other.ndjson")
	provcheck(t, "", append(common, "--max-pixels", "1000", "-o", other, filepath.Join(dir, "c"))...)
	if code, _, stderr := provcheck(t, "", "merge", a, other); code != exitUsage || !strings.Contains(stderr, "different provcheck versions or settings") {
		t.Errorf("different settings: exit %d: %s", code, stderr)
	}
	if code, _, stderr := provcheck(t, "", "merge", "--force", "-f", "csv", a, other); code != exitOK {
		t.Errorf("--force: exit %d: %s", code, stderr)
	}
	if code, _, _ := provcheck(t, "", "merge", filepath.Join(tmp, "missing.json")); code != exitUsage {
		t.Errorf("missing report: exit %d", code)
	}
}

func FuzzReadList(f *testing.F) {
	f.Add([]byte("a.jpg\nb/c.png\r\n\ns3://bucket/key\n"), false)
	f.Add([]byte("a.jpg\x00b\nc\x00"), true)
	f.Fuzz(func(t *testing.T, data []byte, null bool) {
		n := 0
		err := readList(bytes.NewReader(data), "list", null, func(p string, err error) {
			n++
			if err == nil && (p == "" || len(p) > maxListLine || (!null && strings.ContainsAny(p, "\n\x00"))) {
				t.Fatalf("bad entry %q accepted", p)
			}
		})
		if err != nil {
			t.Fatal(err)
		}
		if n > len(data)+1 {
			t.Fatalf("%d entries from %d bytes", n, len(data))
		}
	})
}

// A file whose name is not valid UTF-8 is reported escaped with its raw
// bytes beside; resuming matches it by those bytes and does not scan it
// twice.
func TestResumeNonUTF8Path(t *testing.T) {
	fixedClock(t)
	dir := t.TempDir()
	raw := filepath.Join(dir, "caf\xe9.txt")
	if err := os.WriteFile(raw, []byte("hello\n"), 0o644); err != nil {
		t.Skipf("this file system refuses a non-UTF-8 name: %v", err)
	}
	os.WriteFile(filepath.Join(dir, "plain.txt"), []byte("plain\n"), 0o644)
	common := []string{"scan", "--no-cache", "--workers", "1"}
	rp := filepath.Join(t.TempDir(), "r.ndjson")
	if code, _, stderr := provcheck(t, "", append(common, "--resume", rp, dir)...); code != exitOK {
		t.Fatalf("first run: exit %d: %s", code, stderr)
	}
	code, _, stderr := provcheck(t, "", append(common, "--log-level", "debug", "--resume", rp, dir)...)
	if n := strings.Count(stderr, "msg=scanned"); code != exitOK || n != 0 {
		t.Errorf("resume of a finished report: exit %d, scanned %d file(s): %s", code, n, stderr)
	}
	b, _ := os.ReadFile(rp)
	rep, _, _, err := reports.ReadLenient(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Files) != 2 {
		t.Fatalf("%d entries, want 2", len(rep.Files))
	}
	var escaped *reports.FileResult
	for i := range rep.Files {
		if len(rep.Files[i].PathBytes) > 0 {
			escaped = &rep.Files[i]
		}
	}
	if escaped == nil || string(escaped.PathBytes) != raw || !strings.HasSuffix(escaped.Path, `caf\xe9.txt`) {
		t.Errorf("entry %+v does not identify %q", escaped, raw)
	}
}
