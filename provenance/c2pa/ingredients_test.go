package c2pa_test

import (
	"bytes"
	"slices"
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
