package c2pa_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/provcheck/provcheck/provenance/c2pa"
	"github.com/provcheck/provcheck/provenance/c2pa/c2patest"
)

func TestInspect(t *testing.T) {
	signer := newSigner(t)
	fx, err := signer.Make(c2patest.Options{Format: "png", SoftwareAgent: "Test Camera"})
	if err != nil {
		t.Fatal(err)
	}
	ck := c2pa.Check(t.Context(), "", fx.Data, c2pa.Options{Now: func() time.Time { return fixtureTime }})
	in := c2pa.Inspect(ck, c2pa.Limits{})
	if in.State != c2pa.StateValid || in.Format != "png" || len(in.Manifests) != 1 {
		t.Fatalf("inspection = %+v", in)
	}
	m := in.Manifests[0]
	if !m.Active || m.Signature == nil || len(m.Signature.Chain) != 2 || len(m.Assertions) != 2 {
		t.Fatalf("manifest = %+v", m)
	}
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatalf("inspection does not marshal: %v", err)
	}
	for _, want := range []string{`"c2pa.actions.v2"`, `"digitalSourceType"`, `"claim_generator_info"`, `"assertion.dataHash.match"`} {
		if !bytes.Contains(b, []byte(want)) {
			t.Errorf("JSON lacks %s", want)
		}
	}
	var tree strings.Builder
	if err := c2pa.WriteTree(&tree, in); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"C2PA: valid (embedded, png", "manifest " + fx.Label + " [active, standard]",
		"signature: es256 by provcheck test signer (provcheck TEST)", "c2pa.actions.v2 (cbor", "Test Camera", "failure: signingCredential.untrusted"} {
		if !strings.Contains(tree.String(), want) {
			t.Errorf("tree lacks %q:\n%s", want, tree.String())
		}
	}
}
