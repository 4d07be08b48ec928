package c2pa

import (
	prov "github.com/provcheck/provcheck/provenance/c2pa"
	"github.com/provcheck/provcheck/reports"
)

// summarize maps a validation to the report's C2PA section.
func summarize(ck *prov.Checked, remote string, f facts) reports.C2PA {
	r := ck.Result
	out := reports.C2PA{State: r.State, RemoteManifest: remote}
	if r.State == prov.StateNone {
		if remote != "" {
			out.Source = prov.SourceRemote
		}
		return out
	}
	out.Source = r.Source
	out.ActiveManifest = r.ActiveManifest
	out.Status = statusOf(&r.Codes)
	if r.Err != nil {
		out.Extra = map[string]any{"error": r.Err.Error()}
	}
	if ck.SidecarPath != "" {
		setExtra(&out, "sidecar", ck.SidecarPath)
	}
	if ck.Store == nil {
		return out
	}
	if act := ck.Store.Active(); act != nil && act.Claim != nil {
		out.ClaimGenerator = act.Claim.Generator()
	}
	if am := r.Active(); am != nil && am.Signer != nil {
		out.Signer = am.Signer.CommonName
		out.Issuer = am.Signer.Issuer
		out.SigningTime = am.Signer.Time
		out.TrustList = am.Signer.TrustList
		setExtra(&out, "signatureAlg", am.Signer.Alg)
	}
	seen := map[string]bool{}
	for _, st := range f.dsts {
		if !seen[st.Term] {
			seen[st.Term] = true
			out.DigitalSourceTypes = append(out.DigitalSourceTypes, st.Term)
		}
	}
	for _, a := range f.acts {
		out.Actions = append(out.Actions, reports.C2PAAction{
			Manifest: a.Manifest, Action: a.Action, SoftwareAgent: a.SoftwareAgent,
			DigitalSourceType: prov.SourceTerm(a.DigitalSourceType), Description: a.Description,
		})
	}
	if am := r.Active(); am != nil {
		out.Ingredients = ingredientTree(am, 0)
	}
	out.Identities = identities(r)
	if len(r.IngredientDeltas) > 0 {
		var deltas []map[string]any
		for _, d := range r.IngredientDeltas {
			var codes []string
			for _, s := range d.Failure {
				codes = append(codes, s.Code)
			}
			deltas = append(deltas, map[string]any{"ingredient": d.Assertion, "manifest": d.Manifest, "failure": codes})
		}
		setExtra(&out, "ingredientDeltas", deltas)
	}
	return out
}

func setExtra(c *reports.C2PA, k string, v any) {
	if c.Extra == nil {
		c.Extra = map[string]any{}
	}
	c.Extra[k] = v
}

// ingredientTree converts ingredient results to the report tree. Depth is
// already bounded by validation; the guard keeps a cycle from recursing.
func ingredientTree(m *prov.ManifestResult, depth int) []reports.C2PAIngred {
	if m == nil || depth > 32 {
		return nil
	}
	var out []reports.C2PAIngred
	for _, in := range m.Ingredients {
		node := reports.C2PAIngred{Title: in.Title, Relationship: in.Relationship, Manifest: in.ManifestLabel}
		if in.Manifest != nil {
			node.State = prov.StateValid
			if in.Manifest.Codes.Failed() {
				node.State = prov.StateInvalid
			} else if in.Manifest.Trusted() {
				node.State = prov.StateTrusted
			}
			node.Ingredients = ingredientTree(in.Manifest, depth+1)
		}
		out = append(out, node)
	}
	return out
}

func statusOf(c *prov.Codes) *reports.C2PAStatus {
	conv := func(in []prov.Status) []reports.C2PAStatusCode {
		out := make([]reports.C2PAStatusCode, 0, len(in))
		for _, s := range in {
			out = append(out, reports.C2PAStatusCode{Code: s.Code, URL: s.URL, Explanation: s.Explanation})
		}
		return out
	}
	return &reports.C2PAStatus{Success: conv(c.Success), Informational: conv(c.Informational), Failure: conv(c.Failure)}
}
