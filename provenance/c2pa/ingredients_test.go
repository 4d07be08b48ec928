package c2pa_test

import (
	"bytes"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/provcheck/provcheck/provenance/c2pa"
	"github.com/provcheck/provcheck/provenance/c2pa/c2patest"
)

func TestIngredients(t *testing.T) {
	signer := newSigner(t)
	opts := c2pa.Options{Now: func() time.Time { return fixtureTime }}
	mk := func(o c2patest.Options) *c2patest.Fixture {
		t.Helper()
		fx, err := signer.Make(o)
		if err != nil {
			t.Fatal(err)
		}
		return fx
	}
	aiParent := mk(c2patest.Options{Format: "jpeg", DigitalSourceType: "trainedAlgorithmicMedia"})
	badParent := mk(c2patest.Options{Format: "jpeg", Tamper: c2patest.TamperSignature})

	t.Run("valid-chain", func(t *testing.T) {
		fx := mk(c2patest.Options{Format: "jpeg", DigitalSourceType: "compositeWithTrainedAlgorithmicMedia", Parent: aiParent})
		ck := c2pa.Check(t.Context(), "", fx.Data, opts)
		r := ck.Result
		if r.State != c2pa.StateValid || len(r.Manifests) != 2 || len(r.IngredientDeltas) != 1 {
			t.Fatalf("state %s, %d manifests, deltas %+v; failures %v", r.State, len(r.Manifests), r.IngredientDeltas, r.Codes.FailureCodes())
		}
		// The only delta is the parent's untrusted test signer.
		if got := r.IngredientDeltas[0].Failure; len(got) != 1 || got[0].Code != c2pa.SigningCredentialUntrusted {
			t.Errorf("delta = %+v", got)
		}
		for _, code := range []string{c2pa.IngredientManifestValidated, c2pa.IngredientClaimSigValidated} {
			if !r.Codes.Has(code) {
				t.Errorf("active codes lack %s", code)
			}
		}
		ing := r.Active().Ingredients
		if len(ing) != 1 || ing[0].ManifestLabel != aiParent.Label || ing[0].Relationship != "parentOf" || ing[0].Manifest == nil {
			t.Fatalf("ingredients = %+v", ing)
		}
		var terms []string
		for _, d := range ck.Store.SourceTypes(c2pa.Limits{}) {
			terms = append(terms, d.Term)
		}
		if !slices.Contains(terms, "trainedAlgorithmicMedia") || !slices.Contains(terms, "compositeWithTrainedAlgorithmicMedia") {
			t.Errorf("source types %v lack the parent's or the edit's declaration", terms)
		}
	})

	t.Run("tampered-parent-invalidates", func(t *testing.T) {
		// As the C2PA SDK: a failure in a validated ingredient makes the
		// asset invalid, and the delta names the ingredient.
		fx := mk(c2patest.Options{Format: "png", Parent: badParent})
		r := c2pa.Check(t.Context(), "", fx.Data, opts).Result
		if r.State != c2pa.StateInvalid {
			t.Fatalf("state %s, failures %v: a tampered ingredient must invalidate the asset", r.State, r.Codes.FailureCodes())
		}
		if len(r.IngredientDeltas) != 1 || !slices.ContainsFunc(r.IngredientDeltas[0].Failure, func(s c2pa.Status) bool {
			return s.Code == c2pa.ClaimSignatureMismatch
		}) || r.IngredientDeltas[0].Manifest != badParent.Label || r.IngredientDeltas[0].Assertion == "" {
			t.Errorf("deltas = %+v, want the parent's claimSignature.mismatch, naming the ingredient", r.IngredientDeltas)
		}
		// The active manifest itself is intact.
		if slices.Contains(r.Codes.FailureCodes(), c2pa.ClaimSignatureMismatch) {
			t.Errorf("active failures %v", r.Codes.FailureCodes())
		}
	})

	t.Run("altered-parent-manifest", func(t *testing.T) {
		fx := mk(c2patest.Options{Format: "png", Parent: aiParent})
		// Change the parent's title inside the child's store: the child's
		// ingredient hash no longer matches, though the child's own
		// signature and data hash still do.
		data := bytes.Clone(fx.Data)
		i := bytes.Index(data, []byte("fixture"))
		if i < 0 {
			t.Fatal("parent title not found")
		}
		data[i] = 'F'
		r := c2pa.Check(t.Context(), "", data, opts).Result
		if r.State != c2pa.StateInvalid || !slices.Contains(r.Codes.FailureCodes(), c2pa.IngredientManifestMismatch) {
			t.Errorf("state %s, failures %v; want invalid with %s", r.State, r.Codes.FailureCodes(), c2pa.IngredientManifestMismatch)
		}
	})
}

// TestReaderIngredientDeltas: the SDK-shaped output gives each ingredient
// its success, informational and failure lists (what validating its
// manifest found and its assertion did not record), and, as the SDK, the
// ingredient.* codes about it sit in its delta, not the active manifest's.
func TestReaderIngredientDeltas(t *testing.T) {
	signer := newSigner(t)
	opts := c2pa.Options{Now: func() time.Time { return fixtureTime }}
	good, err := signer.Make(c2patest.Options{Format: "jpeg"})
	if err != nil {
		t.Fatal(err)
	}
	bad, err := signer.Make(c2patest.Options{Format: "jpeg", Tamper: c2patest.TamperSignature})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		parent  *c2patest.Fixture
		success []string // codes the delta's success list must hold
		failure []string // the delta's failure codes, exactly
		state   string
	}{
		{"valid ingredient", good, []string{c2pa.IngredientManifestValidated, c2pa.ClaimSignatureValidated, c2pa.AssertionHashedURIMatch},
			[]string{c2pa.SigningCredentialUntrusted}, "Valid"},
		{"ingredient with a broken signature", bad, []string{c2pa.IngredientManifestValidated},
			[]string{c2pa.ClaimSignatureMismatch, c2pa.SigningCredentialUntrusted}, "Invalid"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fx, err := signer.Make(c2patest.Options{Format: "jpeg", Parent: tt.parent})
			if err != nil {
				t.Fatal(err)
			}
			rep := c2pa.Reader(c2pa.Check(t.Context(), "", fx.Data, opts), c2pa.Limits{})
			if rep.ValidationState != tt.state {
				t.Errorf("validation_state %s, want %s", rep.ValidationState, tt.state)
			}
			res := rep.ValidationResults
			if res == nil || len(res.IngredientDeltas) != 1 {
				t.Fatalf("validation_results %+v: want one ingredient delta", res)
			}
			d := res.IngredientDeltas[0]
			if !strings.HasSuffix(d.IngredientAssertionURI, "/c2pa.assertions/c2pa.ingredient.v3") {
				t.Errorf("ingredientAssertionURI %q", d.IngredientAssertionURI)
			}
			codes := func(l []c2pa.Status) []string {
				var out []string
				for _, s := range l {
					out = append(out, s.Code)
				}
				slices.Sort(out)
				return out
			}
			for _, want := range tt.success {
				if !slices.Contains(codes(d.ValidationDeltas.Success), want) {
					t.Errorf("delta success %v lacks %s", codes(d.ValidationDeltas.Success), want)
				}
			}
			if got, want := codes(d.ValidationDeltas.Failure), slices.Sorted(slices.Values(tt.failure)); !slices.Equal(got, want) {
				t.Errorf("delta failure %v, want %v", got, want)
			}
			if d.ValidationDeltas.Informational == nil {
				t.Error("informational is null, not a list")
			}
			for _, s := range append(res.ActiveManifest.Success, res.ActiveManifest.Failure...) {
				if strings.HasPrefix(s.Code, "ingredient.") {
					t.Errorf("active manifest lists %s; the SDK puts it in the delta", s.Code)
				}
			}
			for _, s := range d.ValidationDeltas.Success {
				if s.Code == c2pa.IngredientManifestValidated && s.URL != "self#jumbf=/c2pa/"+tt.parent.Label {
					t.Errorf("%s URL %q, want the ingredient's manifest", s.Code, s.URL)
				}
			}
			// Every failure is in the flat list too.
			var flat []string
			for _, s := range rep.ValidationStatus {
				flat = append(flat, s.Code)
			}
			for _, f := range tt.failure {
				if !slices.Contains(flat, f) {
					t.Errorf("validation_status %v lacks %s", flat, f)
				}
			}
		})
	}
}
