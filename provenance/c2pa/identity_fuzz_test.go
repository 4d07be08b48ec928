package c2pa_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/fxamacker/cbor/v2"

	"github.com/provcheck/provcheck/internal/corpus"
	"github.com/provcheck/provcheck/provenance/c2pa"
	"github.com/provcheck/provcheck/provenance/c2pa/c2patest"
	"github.com/provcheck/provcheck/provenance/trust"
)

// identitySeeds returns fixtures with an X.509 and an identity claims
// aggregation identity, and the identity assertions of the SDK's
// conformance fixtures when the shared corpus is present.
func identitySeeds(f *testing.F) (fixtures []*c2patest.Fixture, assertions [][]byte) {
	f.Helper()
	s, err := c2patest.NewSigner(fixtureTime)
	if err != nil {
		f.Fatal(err)
	}
	idSigner, err := c2patest.NewIdentitySigner(fixtureTime, 365*24*time.Hour)
	if err != nil {
		f.Fatal(err)
	}
	issuer, err := c2patest.NewIssuer()
	if err != nil {
		f.Fatal(err)
	}
	for _, id := range []*c2patest.Identity{
		{SigType: c2patest.SigTypeX509, X509: idSigner},
		{SigType: c2patest.SigTypeICA, Issuer: issuer, ValidFrom: fixtureTime.AddDate(0, -1, 0)},
	} {
		fx, err := s.Make(c2patest.Options{Format: "jpeg", Identity: id})
		if err != nil {
			f.Fatal(err)
		}
		fixtures = append(fixtures, fx)
		assertions = append(assertions, identityOf(f, fx.Data))
	}
	dir, _ := corpus.Has("c2pa-conformance") // seeds from it when it is there
	names, _ := filepath.Glob(filepath.Join(dir, "rs_*_*.jpg"))
	for _, n := range names {
		if !strings.Contains(n, "claim_aggregation_") && !strings.Contains(n, "validation_method_") {
			continue
		}
		data, err := os.ReadFile(n)
		if err == nil {
			assertions = append(assertions, shortPads(identityOf(f, data)))
		}
	}
	return fixtures, assertions
}

// shortPads cuts an identity assertion's padding (kilobytes in the SDK's
// fixtures) to its first bytes, so the fuzzer mutates the parts that
// matter.
func shortPads(a []byte) []byte {
	var m map[any]any
	if cbor.Unmarshal(a, &m) != nil {
		return a
	}
	for _, k := range []string{"pad1", "pad2"} {
		if p, ok := m[k].([]byte); ok && len(p) > 8 {
			m[k] = p[:8]
		}
	}
	out, err := cbor.Marshal(m)
	if err != nil {
		return a
	}
	return out
}

// identityOf returns the active manifest's first identity assertion.
func identityOf(f *testing.F, data []byte) []byte {
	loc, err := c2pa.Locate(data, c2pa.Limits{})
	if err != nil {
		f.Fatal(err)
	}
	s, err := c2pa.ReadStore(loc.Store, c2pa.Limits{})
	if err != nil {
		f.Fatal(err)
	}
	for _, a := range s.Active().Assertions {
		if c2pa.IsIdentityLabel(a.Label) {
			return a.Data
		}
	}
	return nil
}

// FuzzIdentity feeds arbitrary bytes as the identity assertion of a signed
// fixture through the whole validator.
func FuzzIdentity(f *testing.F) {
	fixtures, seeds := identitySeeds(f)
	for _, a := range seeds {
		f.Add(a)
	}
	fx := fixtures[0]
	loc, err := c2pa.Locate(fx.Data, fuzzLimits)
	if err != nil {
		f.Fatal(err)
	}
	// An empty trust store spares each run a chain search the identity
	// does not need.
	opts := c2pa.Options{Limits: fuzzLimits, Now: func() time.Time { return fixtureTime }, Trust: trust.Empty()}
	f.Fuzz(func(t *testing.T, data []byte) {
		if ia, err := c2pa.DecodeIdentity(data, fuzzLimits); err == nil && ia == nil {
			t.Fatal("DecodeIdentity returned neither an assertion nor an error")
		}
		s, err := c2pa.ReadStore(fx.Store, fuzzLimits)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range s.Active().Assertions {
			if c2pa.IsIdentityLabel(a.Label) {
				a.Data = data
			}
		}
		r := c2pa.Validate(context.Background(), s, c2pa.Asset{Data: fx.Data, Location: loc}, opts)
		ids := r.Active().Identities
		if len(ids) != 1 {
			t.Fatalf("%d identity results", len(ids))
		}
		id := ids[0]
		switch id.State {
		case c2pa.IdentityInvalid:
			if r.State != c2pa.StateInvalid {
				t.Fatalf("invalid identity, asset %s", r.State)
			}
		case c2pa.IdentityValid, c2pa.IdentityTrusted, c2pa.IdentityUnverified:
		default:
			t.Fatalf("identity state %q", id.State)
		}
		if _, err := json.Marshal(id); err != nil {
			t.Fatalf("identity result does not marshal: %v", err)
		}
	})
}

// FuzzCredential feeds arbitrary JSON to the identity claims aggregation
// credential parser.
func FuzzCredential(f *testing.F) {
	_, seeds := identitySeeds(f)
	for _, a := range seeds {
		if vc := credentialOf(a); vc != nil {
			f.Add(vc)
		}
	}
	f.Add([]byte(`{"@context":["x:y"],"type":["VerifiableCredential"],"issuer":"did:web:example.com","credentialSubject":[{"verifiedIdentities":[{"type":"t","verifiedAt":"2025-01-01T00:00:00Z","provider":{"id":"https://p","name":"P"}}],"c2paAsset":{"referenced_assertions":[{"url":"u","hash":"AAAA"}],"sig_type":"s"}}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := c2pa.ParseCredential(data)
		if err != nil {
			return
		}
		if c.Issuer == "" || len(c.VerifiedIdentities) == 0 || len(c.Contexts) == 0 || len(c.Types) == 0 {
			t.Fatalf("accepted credential lacks a required part: %+v", c)
		}
		if c.ValidFrom != nil && c.ValidFrom.IsZero() {
			t.Fatal("zero validFrom accepted")
		}
	})
}

// credentialOf digs the credential JSON out of an identity claims
// aggregation assertion, or returns nil.
func credentialOf(assertion []byte) []byte {
	var ia struct {
		Signature []byte `cbor:"signature"`
	}
	if cbor.Unmarshal(assertion, &ia) != nil {
		return nil
	}
	var tag cbor.Tag
	if cbor.Unmarshal(ia.Signature, &tag) != nil {
		return nil
	}
	arr, ok := tag.Content.([]any)
	if !ok || len(arr) != 4 {
		return nil
	}
	p, _ := arr[2].([]byte)
	return p
}
