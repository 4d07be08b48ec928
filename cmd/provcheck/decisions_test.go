package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/provcheck/provcheck/reports"
)

// TestScanDecisions: a decisions file names one sample by its content; the
// next scan shows the decision beside that file, and only that one, in
// JSON (valid against the schema), the table and the HTML report.
func TestScanDecisions(t *testing.T) {
	samples := filepath.Join("..", "..", "testdata", "samples")
	dir := t.TempDir()
	first := filepath.Join(dir, "first.json")
	if code, _, stderr := provcheck(t, "", "scan", "--no-cache", "-o", first, samples); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	data, _ := os.ReadFile(first)
	rep := decode(t, string(data))
	target := rep.Files[0]
	df := reports.DecisionsFile{Format: reports.DecisionsFormat, Version: reports.DecisionsVersion, Decisions: []reports.Decision{
		{SHA256: target.SHA256, Decision: reports.DecisionConfirmedAI, Note: "older note", Reviewer: "XY", Date: "2026-11-01"},
		{SHA256: target.SHA256, Decision: reports.DecisionConfirmedAI, Note: "source contacted", Reviewer: "AB", Date: "2026-12-07"},
	}}
	b, _ := json.Marshal(df)
	decFile := filepath.Join(dir, "decisions.json")
	os.WriteFile(decFile, b, 0o644)

	code, out, stderr := provcheck(t, "", "scan", "--no-cache", "-f", "json", "--decisions", decFile, samples)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader([]byte(out)))
	if err != nil {
		t.Fatal(err)
	}
	if err := compileReportSchema(t).Validate(doc); err != nil {
		t.Errorf("report with a decision does not match the schema: %v", err)
	}
	got := decode(t, out)
	for _, f := range got.Files {
		switch {
		case f.SHA256 == target.SHA256 && (f.Decision == nil || f.Decision.Reviewer != "AB"):
			t.Errorf("%s: decision %+v, want the latest (AB)", f.Path, f.Decision)
		case f.SHA256 != target.SHA256 && f.Decision != nil:
			t.Errorf("%s: decision %+v for another file's hash", f.Path, f.Decision)
		}
	}
	want := "reviewed on 2026-12-07 by AB: confirmed AI (source contacted)"
	for _, format := range []string{"table", "html"} {
		_, out, _ := provcheck(t, "", "convert", "-f", format, "--decisions", decFile, first)
		if !strings.Contains(strings.Join(strings.Fields(out), " "), want) {
			t.Errorf("%s report lacks %q", format, want)
		}
	}

	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, []byte(`{"format":"provcheck-decisions","version":1,"decisions":[{"sha256":"xyz","decision":"maybe","date":"yesterday"}]}`), 0o644)
	if code, _, stderr := provcheck(t, "", "scan", "--no-cache", "--decisions", bad, samples); code != exitUsage || !strings.Contains(stderr, "decision 1") {
		t.Errorf("bad decisions file: exit %d, %s", code, stderr)
	}
}
