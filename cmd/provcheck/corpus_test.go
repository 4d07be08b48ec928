package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	sharedcorpus "github.com/provcheck/provcheck/internal/corpus"
	"github.com/provcheck/provcheck/reports"
	"github.com/provcheck/provcheck/reports/reportstest"
)

// TestCorpusEveryFormat scans the shared sample corpus once and renders it
// in every format, checking each output for what its readers rely on. It
// skips when ../shared is not there.
func TestCorpusEveryFormat(t *testing.T) {
	if testing.Short() {
		t.Skip("scans the whole corpus")
	}
	corpus := sharedcorpus.Path(t)
	dir := t.TempDir()
	saved := filepath.Join(dir, "corpus.json")
	code, _, stderr := provcheck(t, "", "scan", "--exclude", "*.md", "--exclude", "*.csv", "-o", saved, corpus)
	if code != exitOK && code != exitUnreadable {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	data, err := os.ReadFile(saved)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if err := compileReportSchema(t).Validate(doc); err != nil {
		t.Errorf("corpus report does not match the schema: %v", err)
	}
	rep := decode(t, string(data))
	n := len(rep.Files)
	if n < 10 || rep.Summary.Scanned != n {
		t.Fatalf("%d files, summary %+v", n, rep.Summary)
	}

	render := func(format string) string {
		t.Helper()
		out := filepath.Join(dir, "corpus."+format)
		if code, _, stderr := provcheck(t, "", "convert", "--format", format, "-o", out, saved); code != exitOK {
			t.Fatalf("%s: exit %d: %s", format, code, stderr)
		}
		b, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	t.Setenv("COLUMNS", "100")
	table := render("table")
	if strings.Count(table, "\n") < n {
		t.Errorf("table: %d lines for %d files", strings.Count(table, "\n"), n)
	}
	reportstest.CheckTableFits(t, table, &rep, 100)
	if nd := strings.Split(strings.TrimSpace(render("ndjson")), "\n"); len(nd) != n+1 {
		t.Errorf("ndjson: %d lines for %d files", len(nd), n)
	}
	rows, err := csv.NewReader(strings.NewReader(render("csv"))).ReadAll()
	if err != nil || len(rows) != n+1 {
		t.Errorf("csv: %d rows, %v", len(rows), err)
	}
	var sarif struct {
		Runs []struct {
			Results []json.RawMessage `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(render("sarif")), &sarif); err != nil || len(sarif.Runs) != 1 {
		t.Errorf("sarif: %v", err)
	}
	signals := 0
	for _, f := range rep.Files {
		signals += len(f.Signals)
		if f.Verdict == reports.VerdictError {
			signals++
		}
	}
	if len(sarif.Runs) == 1 && len(sarif.Runs[0].Results) != signals {
		t.Errorf("sarif: %d results for %d signals and errors", len(sarif.Runs[0].Results), signals)
	}
	html := render("html")
	if c := strings.Count(html, `<article class="card`); c != n {
		t.Errorf("html: %d cards for %d files", c, n)
	}
	if !strings.Contains(html, "data:image/jpeg;base64,") {
		t.Error("html: no thumbnails")
	}
}
