package c2pa

import (
	"encoding/json"
	"math/big"
	"strings"
	"time"
)

// ReaderVersion is the version of the ReaderReport shape. It changes when
// a field is removed or changes meaning; added fields keep it.
const ReaderVersion = "1"

// ReaderReport is a manifest store and its validation laid out like the
// reader JSON of the C2PA SDK (c2patool's default output), so scripts
// written for c2patool read it unchanged. The snake_case names and the
// value forms (validation_state "Valid", alg "Es256") are the SDK's.
// provcheck's own state and the store's origin sit under Provcheck, a key
// SDK readers ignore.
type ReaderReport struct {
	// Version marks the shape: "provcheckInspect": "1".
	Version        string                     `json:"provcheckInspect"`
	ActiveManifest string                     `json:"active_manifest,omitempty"`
	Manifests      map[string]*ReaderManifest `json:"manifests"`
	// ValidationStatus lists the failures: the active manifest's, then
	// those found in ingredient manifests (as the SDK prints it).
	ValidationStatus  []Status                 `json:"validation_status"`
	ValidationResults *ReaderValidationResults `json:"validation_results,omitempty"`
	// ValidationState is "Invalid", "Valid" or "Trusted"; absent when the
	// file carries no manifest store.
	ValidationState string          `json:"validation_state,omitempty"`
	Provcheck       ReaderProvcheck `json:"provcheck"`
}

// ReaderProvcheck is what provcheck adds to the SDK's shape.
type ReaderProvcheck struct {
	// State is provcheck's C2PA state: none, invalid, valid or trusted.
	State  string `json:"state"`
	Source string `json:"source,omitempty"` // embedded, sidecar or remote
	// Sidecar is the manifest store file read instead of the asset's own
	// (a NAME.c2pa beside it, or the one given with --manifest).
	Sidecar  string   `json:"sidecar,omitempty"`
	Format   string   `json:"format,omitempty"`
	Error    string   `json:"error,omitempty"`
	Warnings []string `json:"warnings,omitempty"`
}

// ReaderManifest is one manifest as the SDK's reader describes it.
type ReaderManifest struct {
	ClaimGenerator     string              `json:"claim_generator,omitempty"`
	ClaimGeneratorInfo []any               `json:"claim_generator_info,omitempty"`
	Title              string              `json:"title,omitempty"`
	Format             string              `json:"format,omitempty"`
	InstanceID         string              `json:"instance_id,omitempty"`
	Thumbnail          *ReaderResource     `json:"thumbnail,omitempty"`
	Ingredients        []ReaderIngredient  `json:"ingredients,omitempty"`
	Assertions         []ReaderAssertion   `json:"assertions,omitempty"`
	SignatureInfo      *ReaderSignatureInf `json:"signature_info,omitempty"`
	Label              string              `json:"label"`
	ClaimVersion       int                 `json:"claim_version,omitempty"`
}

// ReaderResource points at an embedded resource (a thumbnail).
type ReaderResource struct {
	Format     string `json:"format"`
	Identifier string `json:"identifier"`
}

// ReaderIngredient is one ingredient assertion.
type ReaderIngredient struct {
	Title            string          `json:"title,omitempty"`
	Format           string          `json:"format,omitempty"`
	DocumentID       string          `json:"document_id,omitempty"`
	InstanceID       string          `json:"instance_id,omitempty"`
	Relationship     string          `json:"relationship,omitempty"`
	ActiveManifest   string          `json:"active_manifest,omitempty"`
	ValidationStatus []Status        `json:"validation_status,omitempty"`
	ManifestData     *ReaderResource `json:"manifest_data,omitempty"`
	Label            string          `json:"label"`
}

// ReaderAssertion is one assertion with its decoded content. Hard
// bindings, ingredients and embedded files are not listed, as in the SDK.
type ReaderAssertion struct {
	Label    string `json:"label"`
	Data     any    `json:"data"`
	Kind     string `json:"kind,omitempty"` // "Json" for JSON assertions
	Instance int    `json:"instance,omitempty"`
}

// ReaderSignatureInf is the claim signer.
type ReaderSignatureInf struct {
	Alg              string `json:"alg,omitempty"`
	Issuer           string `json:"issuer,omitempty"`
	CommonName       string `json:"common_name,omitempty"`
	CertSerialNumber string `json:"cert_serial_number,omitempty"`
	Time             string `json:"time,omitempty"`
}

// ReaderValidationResults groups the active manifest's codes and the
// ingredient deltas.
type ReaderValidationResults struct {
	ActiveManifest   Codes                   `json:"activeManifest"`
	IngredientDeltas []ReaderIngredientDelta `json:"ingredientDeltas,omitempty"`
}

// ReaderIngredientDelta is what validating one ingredient's manifest found
// beyond what its ingredient assertion recorded: its success, informational
// and failure codes, and the ingredient.* codes about it (whose URL, as in
// the SDK, names the ingredient's manifest).
type ReaderIngredientDelta struct {
	IngredientAssertionURI string `json:"ingredientAssertionURI"`
	ValidationDeltas       Codes  `json:"validationDeltas"`
}

// Reader lays out a checked file in the SDK reader's shape.
func Reader(ck *Checked, lim Limits) *ReaderReport {
	lim = lim.withDefaults()
	out := &ReaderReport{Version: ReaderVersion, Manifests: map[string]*ReaderManifest{}, ValidationStatus: []Status{}}
	if ck == nil || ck.Result == nil {
		out.Provcheck.State = StateNone
		return out
	}
	r := ck.Result
	out.Provcheck = ReaderProvcheck{State: r.State, Source: r.Source, Sidecar: ck.SidecarPath}
	if r.Err != nil {
		out.Provcheck.Error = r.Err.Error()
	}
	if loc := ck.Location; loc != nil {
		out.Provcheck.Format, out.Provcheck.Warnings = loc.Format, loc.Warnings
	}
	if r.State == StateNone {
		return out
	}
	out.ValidationState = sdkState(r.State)
	out.ActiveManifest = r.ActiveManifest
	active, deltas := readerDeltas(r, lim)
	res := &ReaderValidationResults{ActiveManifest: active.nonNil(), IngredientDeltas: deltas}
	out.ValidationStatus = append(out.ValidationStatus, active.Failure...)
	for _, d := range deltas {
		out.ValidationStatus = append(out.ValidationStatus, d.ValidationDeltas.Failure...)
	}
	out.ValidationResults = res
	if ck.Store == nil {
		return out
	}
	signers := map[string]*SignerInfo{}
	for _, mr := range r.Manifests {
		signers[mr.Label] = mr.Signer
	}
	for _, m := range ck.Store.Manifests {
		out.Manifests[m.Label] = readerManifest(m, signers[m.Label], lim)
	}
	return out
}

// sdkState spells a state as the SDK's validation_state does.
func sdkState(s string) string {
	switch s {
	case StateTrusted:
		return "Trusted"
	case StateValid:
		return "Valid"
	}
	return "Invalid"
}

func readerManifest(m *Manifest, si *SignerInfo, lim Limits) *ReaderManifest {
	rm := &ReaderManifest{Label: m.Label}
	switch m.ClaimLabel {
	case "c2pa.claim.v2":
		rm.ClaimVersion = 2
	case "c2pa.claim":
		rm.ClaimVersion = 1
	}
	if m.ClaimCBOR != nil {
		if v, err := decodeAny(m.ClaimCBOR, lim); err == nil {
			if c, ok := v.(map[string]any); ok {
				rm.ClaimGenerator, _ = c["claim_generator"].(string)
				rm.Title, _ = c["dc:title"].(string)
				rm.Format, _ = c["dc:format"].(string)
				rm.InstanceID, _ = c["instanceID"].(string)
				// Claim v2 holds one generator map, v1 a list; the SDK
				// prints a list either way.
				switch g := c["claim_generator_info"].(type) {
				case []any:
					rm.ClaimGeneratorInfo = g
				case map[string]any:
					rm.ClaimGeneratorInfo = []any{g}
				}
			}
		}
	}
	self := "self#jumbf=/c2pa/" + m.Label + "/c2pa.assertions/"
	for _, a := range m.Assertions {
		base := a.BaseLabel()
		switch {
		case isIngredient(base):
			rm.Ingredients = append(rm.Ingredients, readerIngredient(a, lim))
			continue
		case isHardBinding(base):
			continue
		case strings.HasPrefix(base, "c2pa.thumbnail.claim"):
			rm.Thumbnail = &ReaderResource{Format: a.MediaType, Identifier: self + a.Label}
			continue
		}
		ra := ReaderAssertion{Label: base}
		if base != a.Label {
			ra.Instance = instanceOf(a.Label)
		}
		switch a.Kind {
		case "cbor":
			v, err := decodeAny(a.Data, lim)
			if err != nil {
				continue
			}
			ra.Data = v
		case "json":
			if err := json.Unmarshal(a.Data, &ra.Data); err != nil {
				continue
			}
			ra.Kind = "Json"
		default:
			continue // embedded files, as in the SDK
		}
		rm.Assertions = append(rm.Assertions, ra)
	}
	if si != nil {
		rs := &ReaderSignatureInf{Alg: sdkAlg(si.Alg), Issuer: si.Issuer, CommonName: si.CommonName}
		if len(si.Chain) > 0 {
			if n, ok := new(big.Int).SetString(si.Chain[0].Serial, 16); ok {
				rs.CertSerialNumber = n.String() // decimal, as the SDK
			}
		}
		if t, err := time.Parse(time.RFC3339, si.Time); err == nil {
			rs.Time = t.UTC().Format("2006-01-02T15:04:05-07:00")
		}
		rm.SignatureInfo = rs
	}
	return rm
}

func readerIngredient(a *Assertion, lim Limits) ReaderIngredient {
	ri := ReaderIngredient{Label: a.BaseLabel()}
	in, err := DecodeIngredient(a, lim)
	if err != nil {
		return ri
	}
	ri.Title, ri.Format, ri.Relationship = in.Title, in.Format, in.Relationship
	ri.InstanceID, ri.DocumentID = in.InstanceID, in.DocumentID
	if ref := in.ManifestRef(); ref != nil {
		ri.ActiveManifest = uriManifest(ref.URL)
		ri.ManifestData = &ReaderResource{Format: "application/c2pa", Identifier: ri.ActiveManifest}
	}
	ri.ValidationStatus = in.RecordedFailures(lim)
	return ri
}

// instanceOf returns N of a "label__N" assertion label.
func instanceOf(label string) int {
	i := strings.LastIndex(label, "__")
	n := 0
	for _, c := range label[i+2:] {
		n = n*10 + int(c-'0')
		if n > 1<<20 {
			return 0
		}
	}
	return n
}

// sdkAlg spells an algorithm name as the SDK's reader JSON does: "Es256",
// "Ps384", "Ed25519".
func sdkAlg(a string) string {
	if a == "" || strings.HasPrefix(a, "cose(") {
		return a
	}
	return strings.ToUpper(a[:1]) + strings.ToLower(a[1:])
}

// readerDeltas lays out the ingredient deltas as the SDK's reader does: for
// each ingredient assertion (at any depth), the statuses of its manifest
// that the assertion did not record, with the ingredient.* codes about it
// taken out of its parent's list. It returns the active manifest's codes
// without those ingredient codes. The failures are the ones validation
// counted (Result.IngredientDeltas), so the state they imply is unchanged.
func readerDeltas(r *Result, lim Limits) (Codes, []ReaderIngredientDelta) {
	failures := map[string][]Status{}
	for _, d := range r.IngredientDeltas {
		failures[d.Assertion] = append(failures[d.Assertion], d.Failure...)
	}
	var deltas []ReaderIngredientDelta
	var walk func(mr *ManifestResult, codes Codes, depth int) Codes
	walk = func(mr *ManifestResult, codes Codes, depth int) Codes {
		own := Codes{}
		moved := map[string]*Codes{} // ingredient assertion URI -> its ingredient.* codes
		uriOf := func(ir *IngredientResult) string {
			return "self#jumbf=/c2pa/" + mr.Label + "/c2pa.assertions/" + ir.Assertion
		}
		byURI := map[string]*IngredientResult{}
		for _, ir := range mr.Ingredients {
			byURI[uriOf(ir)] = ir
		}
		for _, g := range [][]Status{codes.Success, codes.Informational, codes.Failure} {
			for _, st := range g {
				ir := byURI[st.URL]
				if ir == nil || !strings.HasPrefix(st.Code, "ingredient.") || ir.ManifestLabel == "" {
					own.add(st.Code, st.URL, st.Explanation)
					continue
				}
				c := moved[st.URL]
				if c == nil {
					c = &Codes{}
					moved[st.URL] = c
				}
				c.add(st.Code, "self#jumbf=/c2pa/"+ir.ManifestLabel, st.Explanation)
			}
		}
		if depth > lim.MaxIngredientDepth {
			return own
		}
		for _, ir := range mr.Ingredients {
			uri := uriOf(ir)
			d := Codes{}
			if c := moved[uri]; c != nil {
				d = *c
			}
			if ir.Manifest != nil {
				var recorded []Status
				if mr.Manifest != nil {
					if a := mr.Manifest.Assertion(ir.Assertion); a != nil {
						if in, err := DecodeIngredient(a, lim); err == nil {
							recorded = in.RecordedStatuses(lim)
						}
					}
				}
				sub := walk(ir.Manifest, ir.Manifest.Codes, depth+1)
				d.Success = append(d.Success, newFailures(sub.Success, recorded)...)
				d.Informational = append(d.Informational, newFailures(sub.Informational, recorded)...)
			}
			d.Failure = append(d.Failure, failures[uri]...)
			if len(d.Success)+len(d.Informational)+len(d.Failure) > 0 {
				deltas = append(deltas, ReaderIngredientDelta{IngredientAssertionURI: uri, ValidationDeltas: d.nonNil()})
			}
		}
		return own
	}
	active := r.Codes
	if am := r.Active(); am != nil {
		active = walk(am, r.Codes, 0)
		// Failures validation counted for the asset but under no
		// ingredient the walk reached keep their own deltas.
		seen := map[string]bool{}
		for _, d := range deltas {
			seen[d.IngredientAssertionURI] = true
		}
		for _, d := range r.IngredientDeltas {
			if !seen[d.Assertion] {
				seen[d.Assertion] = true
				deltas = append(deltas, ReaderIngredientDelta{IngredientAssertionURI: d.Assertion, ValidationDeltas: Codes{Failure: failures[d.Assertion]}.nonNil()})
			}
		}
	}
	return active, deltas
}
