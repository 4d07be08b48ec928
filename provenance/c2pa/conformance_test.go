package c2pa_test

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/provcheck/provcheck/internal/corpus"
	"github.com/provcheck/provcheck/provenance/c2pa"
	"github.com/provcheck/provcheck/provenance/container"
)

// sdkLine is one answer of the official C2PA SDK in reference.jsonl.
type sdkLine struct {
	File    string `json:"file"`
	Verdict string `json:"verdict"`
	State   string `json:"validation_state"`
	Error   string `json:"error"`
}

func (r sdkLine) state() string {
	switch {
	case r.Verdict == "none":
		return c2pa.StateNone
	case r.Verdict == "invalid" || r.Verdict == "error":
		return c2pa.StateInvalid
	case r.State == "Trusted":
		return c2pa.StateTrusted
	}
	return c2pa.StateValid
}

// TestSDKAgreement holds the validator to the SDK's answers on both shared
// C2PA folders, the SDK's own conformance fixtures included, reading each
// file the way the engine does (container walk, carrier, C2PA check). The
// clock is pinned to the day the answers were recorded, so certificates
// that expire later (several in 2030) cannot move the result. Files the
// SDK itself could not read (an "error" in its answer: unsupported type,
// an engine panic, an offline remote manifest, a refused nesting depth, an
// assertion it cannot decode) are logged, not held: there the SDK gives no
// validation to agree with. Every other file must agree.
func TestSDKAgreement(t *testing.T) {
	opts := c2pa.Options{Now: func() time.Time { return time.Date(2026, 11, 27, 18, 0, 0, 0, time.UTC) }}
	for _, sub := range []string{"c2pa", "c2pa-conformance"} {
		dir := corpus.Path(t, sub)
		f, err := os.Open(filepath.Join(dir, "reference.jsonl"))
		if err != nil {
			t.Fatal(err)
		}
		var refs []sdkLine
		sc := bufio.NewScanner(f)
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			var r sdkLine
			if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
				t.Fatal(err)
			}
			refs = append(refs, r)
		}
		f.Close()
		held, agree := 0, 0
		for _, r := range refs {
			path := filepath.Join(dir, r.File)
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			inv, _ := container.Walk(t.Context(), data, container.Limits{})
			var carrier *container.C2PACarrier
			if inv != nil {
				carrier = inv.Carrier
			}
			got := c2pa.CheckCarrier(t.Context(), path, data, carrier, opts).Result
			want := r.state()
			if r.Error != "" && got.State != want {
				t.Logf("%s: got %s; the SDK could not read it (%s)", r.File, got.State, r.Error)
				continue
			}
			held++
			if got.State == want {
				agree++
				continue
			}
			var fails []string
			for _, s := range got.Codes.Failure {
				fails = append(fails, s.Code+" ("+s.Explanation+")")
			}
			t.Errorf("%s: got %s, the SDK says %s; our failures: %s; err %v", r.File, got.State, want, strings.Join(fails, "; "), got.Err)
		}
		t.Logf("%s: %d/%d files the SDK read agree", filepath.Base(dir), agree, held)
	}
}
