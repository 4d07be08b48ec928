package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

// The README's shell examples are run as written, against the freshly built
// binary, so that a reader who copies one gets what the README says.
//
// Every fenced block whose language is sh, bash, shell or console is read;
// each command in it (a line, with backslash continuations joined; in a
// console block only the lines after "$ ") is one example. An example that
// cannot run here (it needs a cluster, a bucket, a remote service, or it is
// this test suite itself) is marked in the README, visibly, by an HTML
// comment right before its block:
//
//	<!-- readme-test: skip: REASON -->              every command of the block
//	<!-- readme-test: skip "TEXT" "TEXT2": REASON -->  the commands containing one of them
//
// A marker without a reason, or a text that matches no command, fails the
// test. (A synopsis block is marked by "[", which its placeholders contain,
// so that a line added to it needs no new marker.)
//
// Commands starting with "go " run in the checkout (they name ./cmd/...
// paths); the others run in a scratch folder holding the files the examples
// name: the shipped samples under testdata/samples, incoming/ and archive/,
// photo.jpg, other.png, article.txt and list.tmpl. "provcheck" on the PATH is
// the binary built once from this package. "provcheck serve" is started on a
// free loopback port (PROVCHECK_LISTEN, the documented environment form of
// --listen) and the examples' address, 127.0.0.1:8080, is replaced with it.

// readmeMarker is one "readme-test" comment.
type readmeMarker struct {
	line     int
	prefixes []string // texts a skipped command contains; none: the whole block
	reason   string
	used     map[string]bool // prefixes (or "" for the block) that matched
}

// readmeExample is one command of a shell block.
type readmeExample struct {
	line int    // README line of the command
	cmd  string // the command, continuations joined, comment removed
	skip *readmeMarker
}

var (
	readmeFenceRE  = regexp.MustCompile("^\\s*```\\s*([A-Za-z]*)")
	readmeMarkerRE = regexp.MustCompile(`^\s*<!--\s*readme-test:\s*(.*?)\s*-->\s*$`)
	readmeSkipRE   = regexp.MustCompile(`^skip((?:\s+"[^"]+")*)\s*:\s*(.*)$`)
	readmeQuoteRE  = regexp.MustCompile(`"([^"]+)"`)
)

// readmeExamples parses the README's shell blocks and their markers.
func readmeExamples(readme []byte) ([]readmeExample, []*readmeMarker, []error) {
	var (
		errs     []error
		examples []readmeExample
		markers  []*readmeMarker
		pending  []*readmeMarker // markers waiting for the next block
		inBlock  bool
		lang     string
		block    []*readmeMarker
		cont     string
		contLine int
	)
	sc := bufio.NewScanner(bytes.NewReader(readme))
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if m := readmeFenceRE.FindStringSubmatch(line); m != nil {
			if inBlock {
				if cont != "" {
					errs = append(errs, fmt.Errorf("README:%d: a continued command runs into the end of its block", contLine))
				}
				inBlock, cont = false, ""
				continue
			}
			inBlock, lang = true, strings.ToLower(m[1])
			switch lang {
			case "sh", "bash", "shell", "console":
				block, pending = pending, nil
			default:
				for _, p := range pending {
					errs = append(errs, fmt.Errorf("README:%d: readme-test marker is followed by a %q block, not a shell block", p.line, lang))
				}
				pending, lang = nil, ""
			}
			continue
		}
		if !inBlock {
			if m := readmeMarkerRE.FindStringSubmatch(line); m != nil {
				s := readmeSkipRE.FindStringSubmatch(m[1])
				if s == nil {
					errs = append(errs, fmt.Errorf("README:%d: readme-test marker %q: want `skip: REASON` or `skip \"PREFIX\": REASON`", n, m[1]))
					continue
				}
				mk := &readmeMarker{line: n, reason: strings.TrimSpace(s[2]), used: map[string]bool{}}
				for _, q := range readmeQuoteRE.FindAllStringSubmatch(s[1], -1) {
					mk.prefixes = append(mk.prefixes, q[1])
				}
				if mk.reason == "" {
					errs = append(errs, fmt.Errorf("README:%d: readme-test marker gives no reason", n))
				}
				markers = append(markers, mk)
				pending = append(pending, mk)
			} else if strings.TrimSpace(line) != "" {
				for _, p := range pending {
					errs = append(errs, fmt.Errorf("README:%d: readme-test marker is not right before a block", p.line))
				}
				pending = nil
			}
			continue
		}
		if lang == "" {
			continue
		}
		if lang == "console" {
			if !strings.HasPrefix(line, "$ ") && cont == "" {
				continue // output shown in the README
			}
			line = strings.TrimPrefix(line, "$ ")
		}
		if cont == "" {
			contLine = n
		}
		if s, ok := strings.CutSuffix(line, "\\"); ok {
			cont += s + " "
			continue
		}
		cmd := strings.TrimSpace(stripShellComment(cont + line))
		cont = ""
		if cmd == "" {
			continue
		}
		ex := readmeExample{line: contLine, cmd: cmd}
	match:
		for _, mk := range block {
			if len(mk.prefixes) == 0 {
				mk.used[""], ex.skip = true, mk
				break
			}
			for _, p := range mk.prefixes {
				if strings.Contains(cmd, p) {
					mk.used[p], ex.skip = true, mk
					break match
				}
			}
		}
		examples = append(examples, ex)
	}
	if err := sc.Err(); err != nil {
		errs = append(errs, err)
	}
	for _, mk := range markers {
		if mk.reason == "" {
			continue // already an error
		}
		if len(mk.prefixes) == 0 && !mk.used[""] {
			errs = append(errs, fmt.Errorf("README:%d: readme-test marker matches no command", mk.line))
		}
		for _, p := range mk.prefixes {
			if !mk.used[p] {
				errs = append(errs, fmt.Errorf("README:%d: readme-test marker text %q matches no command", mk.line, p))
			}
		}
	}
	return examples, markers, errs
}

// stripShellComment cuts a "# comment" that starts a word outside quotes.
func stripShellComment(s string) string {
	var quote rune
	for i, r := range s {
		switch {
		case quote != 0:
			if r == quote {
				quote = 0
			}
		case r == '\'' || r == '"':
			quote = r
		case r == '#' && (i == 0 || s[i-1] == ' ' || s[i-1] == '\t'):
			return s[:i]
		}
	}
	return s
}

func TestStripShellComment(t *testing.T) {
	for in, want := range map[string]string{
		"provcheck serve   # http://x/, this machine only": "provcheck serve   ",
		"curl -s 'http://h/?a=1#frag'":                     "curl -s 'http://h/?a=1#frag'",
		"echo a#b":                                         "echo a#b",
		"# a whole comment":                                "",
		`echo "# not a comment" # one`:                     `echo "# not a comment" `,
	} {
		if got := stripShellComment(in); got != want {
			t.Errorf("stripShellComment(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestREADMEExampleMarkers checks the parser on a small README: a marker
// without a reason, one before a non-shell block and one that matches
// nothing are errors; console output lines are not commands.
func TestREADMEExampleMarkers(t *testing.T) {
	readme := "<!-- readme-test: skip: needs a cluster -->\n```sh\nkubectl apply -f x.yaml\n```\n\n" +
		"<!-- readme-test: skip \"go test\" \"go vet\": the suite itself -->\n```sh\ngo run ./cmd/provcheck version\ngo test ./... \\\n  -count=1\ngo vet ./...\n```\n" +
		"```console\n$ provcheck version\nprovcheck 0.1.0\n```\n"
	examples, markers, errs := readmeExamples([]byte(readme))
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	var got []string
	for _, e := range examples {
		s := fmt.Sprintf("%d %s", e.line, e.cmd)
		if e.skip != nil {
			s += " (skip: " + e.skip.reason + ")"
		}
		got = append(got, s)
	}
	want := []string{
		"3 kubectl apply -f x.yaml (skip: needs a cluster)",
		"8 go run ./cmd/provcheck version",
		"9 go test ./...    -count=1 (skip: the suite itself)",
		"11 go vet ./... (skip: the suite itself)",
		"14 provcheck version",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") || len(markers) != 2 {
		t.Errorf("examples:\n%s\nwant:\n%s\n(%d markers)", strings.Join(got, "\n"), strings.Join(want, "\n"), len(markers))
	}
	for _, bad := range []string{
		"<!-- readme-test: skip: -->\n```sh\nkubectl get pods\n```\n",
		"<!-- readme-test: skip: needs a cluster -->\n```yaml\na: b\n```\n",
		"<!-- readme-test: skip \"docker\": no docker here -->\n```sh\nprovcheck version\n```\n",
		"<!-- readme-test: skip \"provcheck\" \"docker\": no docker here -->\n```sh\nprovcheck version\n```\n",
		"<!-- readme-test: skip: needs a cluster -->\nSome text.\n```sh\nkubectl get pods\n```\n",
		"<!-- readme-test: maybe -->\n```sh\nprovcheck version\n```\n",
	} {
		if _, _, errs := readmeExamples([]byte(bad)); len(errs) == 0 {
			t.Errorf("no error for README:\n%s", bad)
		}
	}
}

// readmeFixtures are the files the README's examples name, copied from the
// shipped samples: name in the scratch folder → sample.
var readmeFixtures = map[string]string{
	"photo.jpg":   "ai_iptc_digital_source_type.jpg",
	"other.png":   "ai_comfyui_workflow.png",
	"article.txt": "text_hidden_characters.txt",
}

// readmeFolders are copies of the whole samples folder.
var readmeFolders = []string{"testdata/samples", "incoming", "archive"}

const readmeTemplate = "{{range .Files}}{{.Path}}: {{.Verdict}}\n{{end}}"

// readmeVerdictRE matches the verdict of a file that could be read, which
// a table of the samples shows.
var readmeVerdictRE = regexp.MustCompile(`\b(ai-verified|ai-declared|manipulated|ai-suspected|capture-verified|edited|no-signals)\b`)

// TestREADMEExamples runs every shell example of the README (see the top
// of this file) and logs how many ran and which were marked, and why.
func TestREADMEExamples(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and runs every README example")
	}
	if os.Getenv("PROVCHECK_README_EXAMPLE") != "" {
		// An example that runs the suite would run this test again.
		t.Skip("inside a README example")
	}
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	examples, _, errs := readmeExamples(readme)
	for _, err := range errs {
		t.Error(err)
	}
	if t.Failed() {
		t.FailNow()
	}
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	bin := t.TempDir()
	build := exec.Command("go", "build", "-o", filepath.Join(bin, "provcheck"), ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	scratch := t.TempDir()
	samples := filepath.Join(root, "testdata", "samples")
	for _, dir := range readmeFolders {
		if err := os.CopyFS(filepath.Join(scratch, dir), os.DirFS(samples)); err != nil {
			t.Fatal(err)
		}
	}
	for name, sample := range readmeFixtures {
		b, err := os.ReadFile(filepath.Join(samples, sample))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(scratch, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(scratch, "list.tmpl"), []byte(readmeTemplate), 0o644); err != nil {
		t.Fatal(err)
	}
	env := append(os.Environ(), "PROVCHECK_README_EXAMPLE=1", "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	_, noCurl := exec.LookPath("curl")

	var server string // base URL of the running "provcheck serve"
	startServer := func(st *testing.T, args []string) {
		st.Helper()
		server = readmeServe(st, t, filepath.Join(bin, "provcheck"), args, scratch, env)
	}
	ran, skipped := 0, map[string][]int{}
	for _, ex := range examples {
		t.Run(fmt.Sprintf("line%d", ex.line), func(t *testing.T) {
			t.Logf("README:%d: %s", ex.line, ex.cmd)
			if ex.skip != nil {
				skipped[ex.skip.reason] = append(skipped[ex.skip.reason], ex.line)
				t.Skipf("marked: %s", ex.skip.reason)
			}
			fields := strings.Fields(ex.cmd)
			if len(fields) >= 2 && fields[0] == "provcheck" && fields[1] == "serve" {
				if server != "" {
					t.Fatalf("a second provcheck serve example; the test runs one server")
				}
				startServer(t, fields[1:])
				ran++
				return
			}
			cmdline := ex.cmd
			if strings.Contains(cmdline, "127.0.0.1:8080") {
				if server == "" {
					startServer(t, []string{"serve"})
				}
				cmdline = strings.ReplaceAll(cmdline, "http://127.0.0.1:8080", server)
			}
			if fields[0] == "curl" && noCurl != nil {
				t.Skip("curl is not installed (.ci/run installs it)")
			}
			dir := scratch
			if fields[0] == "go" {
				dir = root
			}
			before := readmeSnapshot(t, scratch)
			ctx, cancel := context.WithTimeout(t.Context(), 3*time.Minute)
			defer cancel()
			c := exec.CommandContext(ctx, "sh", "-c", cmdline)
			c.Dir, c.Env = dir, env
			c.WaitDelay = 5 * time.Second // a child left running must not hold the test
			var stdout, stderr bytes.Buffer
			c.Stdout, c.Stderr = &stdout, &stderr
			if err := c.Run(); err != nil {
				t.Fatalf("%s: %v\nstdout:\n%s\nstderr:\n%s", cmdline, err, readmeHead(stdout.Bytes()), readmeHead(stderr.Bytes()))
			}
			ran++
			changed := readmeChanged(t, scratch, before)
			if stdout.Len() == 0 && len(changed) == 0 {
				t.Fatalf("%s: no output and no file written\nstderr:\n%s", cmdline, readmeHead(stderr.Bytes()))
			}
			for _, f := range changed {
				readmeCheckFile(t, filepath.Join(scratch, f))
			}
			switch {
			case fields[0] == "curl":
				readmeCheckReport(t, stdout.Bytes())
			case readmeScansToTable(fields):
				if !readmeVerdictRE.Match(stdout.Bytes()) {
					t.Errorf("%s: the table names no verdict:\n%s", cmdline, readmeHead(stdout.Bytes()))
				}
			}
		})
	}
	var lines []string
	total := 0
	for reason, at := range skipped {
		total += len(at)
		lines = append(lines, fmt.Sprintf("  %v: %s", at, reason))
	}
	slices.Sort(lines)
	t.Logf("README examples: %d run, %d marked as not runnable here:\n%s", ran, total, strings.Join(lines, "\n"))
	if ran == 0 {
		t.Error("no README example ran")
	}
}

// readmeScansToTable: a scan (provcheck or go run) writing its default
// table to standard output.
func readmeScansToTable(fields []string) bool {
	scan := false
	for i, f := range fields {
		if f == "scan" && i > 0 && (fields[i-1] == "provcheck" || fields[i-1] == "./cmd/provcheck") {
			scan = true
		}
		if f == "-o" || f == "-f" || f == "|" || f == ">" || strings.HasPrefix(f, "--format") || strings.HasPrefix(f, "--output") || strings.HasPrefix(f, "--resume") {
			return false
		}
	}
	return scan
}

// readmeServe starts the README's "provcheck serve" on a free loopback
// port, checks that the page answers, and stops it (cleanly) at the end
// of the test.
func readmeServe(t, parent *testing.T, bin string, args []string, dir string, env []string) string {
	t.Helper()
	c := exec.Command(bin, args...)
	c.Dir, c.Env = dir, append(env, "PROVCHECK_LISTEN=127.0.0.1:0")
	var stderr lockedBuffer
	c.Stderr = &stderr
	if err := c.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- c.Wait() }()
	// The server outlives the subtest that starts it: later examples use it.
	parent.Cleanup(func() {
		c.Process.Signal(os.Interrupt)
		select {
		case err := <-done:
			if err != nil {
				parent.Errorf("provcheck serve did not stop cleanly: %v\n%s", err, stderr.String())
			}
		case <-time.After(15 * time.Second):
			c.Process.Kill()
			parent.Errorf("provcheck serve did not stop")
		}
	})
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if m := servingRE.FindStringSubmatch(stderr.String()); m != nil {
			resp, err := http.Get(m[1] + "/")
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
				t.Fatalf("GET %s/: %s %s", m[1], resp.Status, resp.Header.Get("Content-Type"))
			}
			return m[1]
		}
		select {
		case err := <-done:
			t.Fatalf("provcheck serve exited: %v\n%s", err, stderr.String())
		case <-time.After(20 * time.Millisecond):
		}
	}
	t.Fatalf("provcheck serve did not start:\n%s", stderr.String())
	return ""
}

type readmeStat struct {
	size int64
	mod  time.Time
}

// readmeSnapshot records every file under dir, to see what a command wrote.
func readmeSnapshot(t *testing.T, dir string) map[string]readmeStat {
	t.Helper()
	m := map[string]readmeStat{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		m[rel] = readmeStat{fi.Size(), fi.ModTime()}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// readmeChanged lists the files under dir that are new or changed since before.
func readmeChanged(t *testing.T, dir string, before map[string]readmeStat) []string {
	t.Helper()
	var out []string
	for name, st := range readmeSnapshot(t, dir) {
		if old, ok := before[name]; !ok || old != st {
			out = append(out, name)
		}
	}
	return out
}

// readmeCheckFile checks that a file an example wrote is what its
// extension says.
func readmeCheckFile(t *testing.T, path string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(b) == 0 {
		t.Errorf("%s: empty", filepath.Base(path))
		return
	}
	switch filepath.Ext(path) {
	case ".json", ".sarif":
		if !json.Valid(b) {
			t.Errorf("%s: not JSON:\n%s", filepath.Base(path), readmeHead(b))
		}
	case ".ndjson", ".jsonl":
		for i, line := range bytes.Split(bytes.TrimSpace(b), []byte("\n")) {
			if !json.Valid(line) {
				t.Errorf("%s:%d: not JSON: %s", filepath.Base(path), i+1, readmeHead(line))
			}
		}
	case ".html":
		if !bytes.Contains(bytes.ToLower(b[:min(len(b), 512)]), []byte("<html")) {
			t.Errorf("%s: not an HTML page:\n%s", filepath.Base(path), readmeHead(b))
		}
	case ".csv":
		if first, _, _ := bytes.Cut(b, []byte("\n")); !bytes.Contains(first, []byte(",")) {
			t.Errorf("%s: no CSV header: %s", filepath.Base(path), first)
		}
	}
}

// readmeCheckReport checks an API answer: a report with at least one file,
// each with a verdict, and no error.
func readmeCheckReport(t *testing.T, b []byte) {
	t.Helper()
	var r struct {
		Error string `json:"error"`
		Files []struct {
			Path    string `json:"path"`
			Verdict string `json:"verdict"`
		} `json:"files"`
	}
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatalf("the answer is not a JSON report: %v\n%s", err, readmeHead(b))
	}
	if r.Error != "" || len(r.Files) == 0 {
		t.Fatalf("the answer is not a report with files: %s", readmeHead(b))
	}
	for _, f := range r.Files {
		if f.Verdict == "" || f.Verdict == "error" {
			t.Errorf("%s: verdict %q", f.Path, f.Verdict)
		}
	}
}

// readmeHead is the start of an output, for failure messages.
func readmeHead(b []byte) string {
	if len(b) > 2000 {
		return string(b[:2000]) + "…"
	}
	return string(b)
}
