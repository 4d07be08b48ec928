package c2pa_test

import (
	"encoding/json"
	"io"
	"testing"
	"time"

	"github.com/provcheck/provcheck/provenance/c2pa"
	"github.com/provcheck/provcheck/provenance/c2pa/c2patest"
)

// fuzzSeeds returns signed fixtures of every format, built at test time.
func fuzzSeeds(f *testing.F) []*c2patest.Fixture {
	f.Helper()
	s, err := c2patest.NewSigner(fixtureTime)
	if err != nil {
		f.Fatal(err)
	}
	var out []*c2patest.Fixture
	for _, format := range []string{"jpeg", "png", "webp", "bmff"} {
		fx, err := s.Make(c2patest.Options{Format: format, DigitalSourceType: "trainedAlgorithmicMedia", TimeStamp: fixtureTime})
		if err != nil {
			f.Fatal(err)
		}
		out = append(out, fx)
	}
	return out
}

var fuzzLimits = c2pa.Limits{MaxStoreSize: 1 << 20, MaxBrotli: 1 << 20}

func FuzzJUMBF(f *testing.F) {
	for _, fx := range fuzzSeeds(f) {
		f.Add(fx.Store)
	}
	f.Add([]byte("\x00\x00\x00\x08jumb"))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := c2pa.ReadStore(data, fuzzLimits)
		if err == nil && (s == nil || len(s.Manifests) == 0) {
			t.Fatal("ReadStore returned no manifest and no error")
		}
		if s != nil {
			// Everything read must be reportable.
			in := c2pa.Inspect(&c2pa.Checked{Store: s, Result: &c2pa.Result{State: c2pa.StateInvalid}}, fuzzLimits)
			if _, err := json.Marshal(in); err != nil {
				t.Fatalf("inspection does not marshal: %v", err)
			}
			_ = c2pa.WriteTree(io.Discard, in)
		}
	})
}

func FuzzClaim(f *testing.F) {
	for _, fx := range fuzzSeeds(f) {
		s, err := c2pa.ReadStore(fx.Store, fuzzLimits)
		if err != nil {
			f.Fatal(err)
		}
		m := s.Active()
		f.Add(m.ClaimCBOR, m.SigCOSE)
		for _, a := range m.Assertions {
			f.Add(a.Data, m.SigCOSE)
		}
	}
	f.Fuzz(func(t *testing.T, claim, sig []byte) {
		for _, label := range []string{"c2pa.claim", "c2pa.claim.v2"} {
			if c, err := c2pa.DecodeClaim(claim, label, fuzzLimits); err == nil {
				_ = c.Generator()
				_ = c.AllAssertions()
			}
		}
		a := &c2pa.Assertion{Label: "c2pa.actions.v2", Kind: "cbor", Data: claim}
		if acts, err := c2pa.DecodeActions(a, fuzzLimits); err == nil {
			for _, act := range acts.Actions {
				_ = act.Agent()
				_ = act.SourceTypes()
			}
		}
		if s, err := c2pa.ParseSignature(sig, fuzzLimits); err == nil {
			_ = s.Verify(claim)
		}
		_, _ = c2pa.ParseTimeStamp(claim)
	})
}

// FuzzCarrier runs the container walk's C2PA carrier (the one reader per
// format) and the whole validation over arbitrary files: whatever the
// walk records lies inside the file, and Check always yields a state.
func FuzzCarrier(f *testing.F) {
	for _, fx := range fuzzSeeds(f) {
		f.Add(fx.Data)
	}
	f.Add([]byte("GIF89a\x01\x00\x01\x00\x00\x00\x00;"))
	f.Add([]byte("II*\x00\x08\x00\x00\x00\x01\x00\x41\xcd\x07\x00\x04\x00\x00\x00abcd\x00\x00\x00\x00"))
	f.Add([]byte("ID3\x03\x00\x00\x00\x00\x00\x20GEOB\x00\x00\x00\x16\x00\x00\x00application/c2pa\x00\x00\x00xyz"))
	f.Add([]byte("%PDF-1.7\n5 0 obj\n<< /Type /EmbeddedFile /Subtype /application#2Fc2pa /Length 8 /Filter /FlateDecode >>\nstream\n\x78\x9c\x03\x00\x00\x00\x00\x01\nendstream\nendobj\n(a (nested) string) <abcd> [1 2 R]"))
	f.Add([]byte("%PDF-1.7\n1 0 obj\n<< /Type /Catalog /AF [2 0 R] >>\nendobj\n2 0 obj\n<< /Type /Filespec /AFRelationship /C2PA_Manifest /EF << /F 3 0 R >> >>\nendobj\n3 0 obj\n<< /Length 8 >>\nstream\n\x00\x00\x00\x08jumb\nendstream\nendobj\ntrailer << /Root 1 0 R >>"))
	f.Add([]byte(`<svg xmlns:c2pa="http://c2pa.org/manifest"><metadata><c2pa:manifest>AAAACGp1bWI=</c2pa:manifest></metadata></svg>`))
	f.Add([]byte("\x00\x00\x00\x0cJXL \r\n\x87\n\x00\x00\x00\x08jumb"))
	opts := c2pa.Options{Limits: fuzzLimits, Now: func() time.Time { return fixtureTime }, NoSidecar: true}
	f.Fuzz(func(t *testing.T, data []byte) {
		loc, err := c2pa.Locate(data, fuzzLimits)
		if err == nil && len(loc.Store) == 0 {
			t.Fatal("Locate returned no store and no error")
		}
		if loc != nil {
			for _, p := range loc.Parts {
				if p.Offset < 0 || p.End() > int64(len(data)) {
					t.Fatalf("part %+v outside the %d-byte file", p, len(data))
				}
			}
			for _, u := range loc.Layout {
				if u.Offset < 0 || u.Offset+u.Length > int64(len(data)) {
					t.Fatalf("layout unit %+v outside the %d-byte file", u, len(data))
				}
			}
		}
		ck := c2pa.Check(t.Context(), "", data, opts)
		if ck.Result == nil || ck.Result.State == "" {
			t.Fatal("Check returned no state")
		}
	})
}
