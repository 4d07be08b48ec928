package c2pa_test

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/provcheck/provcheck/internal/corpus"
	"github.com/provcheck/provcheck/provenance/c2pa"
	"github.com/provcheck/provcheck/provenance/c2pa/c2patest"
	"github.com/provcheck/provcheck/provenance/container"
)

var update = flag.Bool("update", false, "rewrite golden files")

// sdkReaderLine is the part of an SDK answer in reference.jsonl the reader
// shape is held to.
type sdkReaderLine struct {
	File             string   `json:"file"`
	Verdict          string   `json:"verdict"`
	State            string   `json:"validation_state"`
	ValidationStatus []string `json:"validation_status"`
	Error            string   `json:"error"`
}

// readerOf checks a file the way the engine does and lays it out in the
// SDK reader's shape.
func readerOf(t *testing.T, path string, opts c2pa.Options) *c2pa.ReaderReport {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	inv, _ := container.Walk(t.Context(), data, container.Limits{})
	var carrier *container.C2PACarrier
	if inv != nil {
		carrier = inv.Carrier
	}
	return c2pa.Reader(c2pa.CheckCarrier(t.Context(), path, data, carrier, opts), opts.Limits)
}

func codeSet(list []string) []string {
	out := slices.Clone(list)
	slices.Sort(out)
	return slices.Compact(out)
}

// TestReaderAgreesWithSDK holds the SDK-shaped inspect output to the SDK's
// own answers on both shared C2PA folders: the validation_state (absent for
// a file without a manifest store) must be the SDK's for every file, and
// the set of failure codes in validation_status the SDK's for at least
// minSameCodes of them. Files the SDK could not read (an "error" in its
// answer) are skipped: it gave no answer to match.
//
// Two conformance files, Adobe stage manifests with identity claims, have
// a time-stamp authority whose certificate name has an underscore in a
// PrintableString: crypto/x509 refuses it, the SDK reads it, and so does
// provcheck now (parseTSACertificates), so they agree on their codes too.
func TestReaderAgreesWithSDK(t *testing.T) {
	minSameCodes := map[string]int{"c2pa": 42, "c2pa-conformance": 50}
	opts := c2pa.Options{Now: func() time.Time { return time.Date(2026, 11, 27, 18, 0, 0, 0, time.UTC) }}
	allHeld, allCodes := 0, 0 // the README quotes them
	for _, sub := range []string{"c2pa", "c2pa-conformance"} {
		dir := corpus.Path(t, sub)
		f, err := os.Open(filepath.Join(dir, "reference.jsonl"))
		if err != nil {
			t.Fatal(err)
		}
		var refs []sdkReaderLine
		sc := bufio.NewScanner(f)
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			var r sdkReaderLine
			if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
				t.Fatal(err)
			}
			refs = append(refs, r)
		}
		f.Close()
		held, sameState, sameCodes := 0, 0, 0
		for _, r := range refs {
			if r.Error != "" {
				continue
			}
			held++
			got := readerOf(t, filepath.Join(dir, r.File), opts)
			var codes []string
			for _, s := range got.ValidationStatus {
				codes = append(codes, s.Code)
			}
			gotCodes, wantCodes := codeSet(codes), codeSet(r.ValidationStatus)
			stateOK := got.ValidationState == r.State
			codesOK := slices.Equal(gotCodes, wantCodes)
			if stateOK {
				sameState++
			}
			if codesOK {
				sameCodes++
			}
			switch {
			case !stateOK:
				t.Errorf("%s: validation_state %q, SDK %q; failure codes %v, SDK %v", r.File, got.ValidationState, r.State, gotCodes, wantCodes)
			case !codesOK:
				t.Logf("%s: failure codes %v, SDK %v", r.File, gotCodes, wantCodes)
			}
		}
		t.Logf("%s: of %d files the SDK read, %d agree on validation_state, %d on the set of failure codes", filepath.Base(dir), held, sameState, sameCodes)
		if want := minSameCodes[filepath.Base(dir)]; sameCodes < want {
			t.Errorf("%s: %d files agree on the failure codes, want at least %d", filepath.Base(dir), sameCodes, want)
		}
		allHeld, allCodes = allHeld+held, allCodes+sameCodes
	}
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	want := fmt.Sprintf("the state agrees on every file the SDK reads, and the failure codes on %d of %d.", allCodes, allHeld)
	if !strings.Contains(strings.Join(strings.Fields(string(readme)), " "), want) {
		t.Errorf("the README does not say %q (the measured figures)", want)
	}
}

// TestReaderGolden pins the whole SDK-shaped output for one corpus file
// with an AI ingredient (-update rewrites the golden file).
func TestReaderGolden(t *testing.T) {
	path := corpus.Path(t, "c2pa", "gen_edit_of_ai.jpg")
	opts := c2pa.Options{Now: func() time.Time { return time.Date(2026, 11, 27, 18, 0, 0, 0, time.UTC) }}
	got, err := json.MarshalIndent(readerOf(t, path, opts), "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "reader", "gen_edit_of_ai.json")
	if *update {
		os.MkdirAll(filepath.Dir(golden), 0o755)
		if err := os.WriteFile(golden, append(got, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if string(want) != string(got)+"\n" {
		t.Errorf("inspect JSON differs from %s; run go test ./provenance/c2pa -run TestReaderGolden -update after a deliberate change\n%s", golden, got)
	}
	// The golden file must itself be the SDK's shape.
	var doc map[string]any
	if err := json.Unmarshal(want, &doc); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"provcheckInspect", "active_manifest", "manifests", "validation_status", "validation_results", "validation_state"} {
		if _, ok := doc[k]; !ok {
			t.Errorf("golden output lacks %q", k)
		}
	}
}

// FuzzReader: whatever store bytes validate to, the SDK-shaped view is
// built without a panic, marshals, and spells the state the validator
// found.
func FuzzReader(f *testing.F) {
	seeds := fuzzSeeds(f)
	for _, fx := range seeds {
		f.Add(fx.Store)
	}
	s, err := c2patest.NewSigner(fixtureTime)
	if err != nil {
		f.Fatal(err)
	}
	if edit, err := s.Make(c2patest.Options{Format: "jpeg", Parent: seeds[0]}); err == nil {
		f.Add(edit.Store)
	}
	asset := seeds[0].Data
	f.Fuzz(func(t *testing.T, store []byte) {
		ck := c2pa.CheckStore(t.Context(), store, asset, nil, c2pa.SourceSidecar, c2pa.Options{Limits: fuzzLimits, Now: func() time.Time { return fixtureTime }})
		r := c2pa.Reader(ck, fuzzLimits)
		if _, err := json.Marshal(r); err != nil {
			t.Fatalf("reader view does not marshal: %v", err)
		}
		want := map[string]string{c2pa.StateTrusted: "Trusted", c2pa.StateValid: "Valid", c2pa.StateInvalid: "Invalid"}[ck.Result.State]
		if r.ValidationState != want || r.Provcheck.State != ck.Result.State {
			t.Fatalf("state %s shown as %q / %q", ck.Result.State, r.ValidationState, r.Provcheck.State)
		}
	})
}
