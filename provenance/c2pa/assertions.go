package c2pa

import (
	"github.com/fxamacker/cbor/v2"

	"encoding/json"
	"fmt"
	"strings"
)

// Hard-binding assertion labels.
const (
	LabelDataHash       = "c2pa.hash.data"
	LabelBoxHash        = "c2pa.hash.boxes"
	LabelBMFFHash       = "c2pa.hash.bmff"
	LabelBMFFHashV2     = "c2pa.hash.bmff.v2"
	LabelBMFFHashV3     = "c2pa.hash.bmff.v3"
	LabelCollectionHash = "c2pa.hash.collection.data"
)

// isHardBinding reports whether a base label is a hard binding.
func isHardBinding(base string) bool {
	switch base {
	case LabelDataHash, LabelBoxHash, LabelBMFFHash, LabelBMFFHashV2, LabelBMFFHashV3, LabelCollectionHash:
		return true
	}
	return false
}

// Actions is a c2pa.actions or c2pa.actions.v2 assertion.
type Actions struct {
	Actions []Action `cbor:"actions" json:"actions"`
}

// Action is one action entry.
type Action struct {
	Action            string `cbor:"action" json:"action"`
	When              any    `cbor:"when,omitempty" json:"when,omitempty"`
	SoftwareAgent     any    `cbor:"softwareAgent,omitempty" json:"softwareAgent,omitempty"`
	DigitalSourceType string `cbor:"digitalSourceType,omitempty" json:"digitalSourceType,omitempty"`
	Description       string `cbor:"description,omitempty" json:"description,omitempty"`
	Parameters        any    `cbor:"parameters,omitempty" json:"parameters,omitempty"`
	Reason            any    `cbor:"reason,omitempty" json:"reason,omitempty"`
}

// Agent returns the software agent as text: the v1 string, or the v2
// generator-info name and version.
func (a *Action) Agent() string {
	if s, ok := a.SoftwareAgent.(string); ok {
		return s
	}
	name, _ := mapGet(a.SoftwareAgent, "name").(string)
	if ver, ok := mapGet(a.SoftwareAgent, "version").(string); ok && ver != "" {
		return name + " " + ver
	}
	return name
}

// SourceTypes returns the action's digitalSourceType and any vendor
// parameter that carries one (Adobe wrote
// parameters."com.adobe.digitalSourceType").
func (a *Action) SourceTypes() []string {
	var out []string
	if s := strings.TrimSpace(a.DigitalSourceType); s != "" {
		out = append(out, s)
	}
	forEach(a.Parameters, func(k string, v any) {
		if s, ok := v.(string); ok && strings.HasSuffix(strings.ToLower(k), "digitalsourcetype") && strings.TrimSpace(s) != "" {
			out = append(out, strings.TrimSpace(s))
		}
	})
	return out
}

// Ingredient is a c2pa.ingredient assertion, v1 to v3.
type Ingredient struct {
	Title             string     `cbor:"dc:title,omitempty" json:"dc:title,omitempty"`
	Format            string     `cbor:"dc:format,omitempty" json:"dc:format,omitempty"`
	Relationship      string     `cbor:"relationship,omitempty" json:"relationship,omitempty"`
	InstanceID        string     `cbor:"instanceID,omitempty" json:"instanceID,omitempty"`
	DocumentID        string     `cbor:"documentID,omitempty" json:"documentID,omitempty"`
	ActiveManifest    *HashedURI `cbor:"activeManifest,omitempty" json:"activeManifest,omitempty"`
	C2PAManifest      *HashedURI `cbor:"c2pa_manifest,omitempty" json:"c2pa_manifest,omitempty"`
	ClaimSignature    *HashedURI `cbor:"claimSignature,omitempty" json:"claimSignature,omitempty"`
	DigitalSourceType string     `cbor:"digitalSourceType,omitempty" json:"digitalSourceType,omitempty"`
	Description       string     `cbor:"description,omitempty" json:"description,omitempty"`
	// ValidationStatus (v1, v2) and ValidationResults (v3) are what the
	// signer's validator found in the ingredient when it was added; kept
	// raw, read by RecordedFailures.
	ValidationStatus  cbor.RawMessage `cbor:"validationStatus,omitempty" json:"-"`
	ValidationResults cbor.RawMessage `cbor:"validationResults,omitempty" json:"-"`
}

// RecordedFailures returns the failure codes (with their URLs) the signer
// recorded for the ingredient when it was added: a failure already known
// then is not news (not a validation delta), as the C2PA SDK reads it.
// Damaged records are ignored: they only make more failures count.
func (in *Ingredient) RecordedFailures(lim Limits) []Status {
	status, active := in.recorded(lim)
	var out []Status
	for _, s := range status {
		if Severity(s.Code) == Failure {
			out = append(out, s)
		}
	}
	return append(out, active.Failure...)
}

// RecordedStatuses returns every status (success, informational, failure)
// recorded for the ingredient when it was added: validationStatus (v1, v2)
// and validationResults.activeManifest (v3).
func (in *Ingredient) RecordedStatuses(lim Limits) []Status {
	status, active := in.recorded(lim)
	out := status
	for _, g := range [][]Status{active.Success, active.Informational, active.Failure} {
		out = append(out, g...)
	}
	return out
}

// recordedResults is validationResults.activeManifest as an ingredient
// assertion records it.
type recordedResults struct {
	Success       []Status
	Informational []Status
	Failure       []Status
}

// recorded decodes the ingredient's recorded validationStatus list and
// validationResults.activeManifest; a damaged record reads as empty.
func (in *Ingredient) recorded(lim Limits) (status []Status, active recordedResults) {
	type st struct {
		Code string `cbor:"code"`
		URL  string `cbor:"url,omitempty"`
	}
	conv := func(list []st) []Status {
		var out []Status
		for _, s := range list {
			out = append(out, Status{Code: s.Code, URL: s.URL})
		}
		return out
	}
	var list []st
	if len(in.ValidationStatus) > 0 && decodeCBOR(in.ValidationStatus, &list, lim) == nil {
		status = conv(list)
	}
	var res struct {
		Active struct {
			Success       []st `cbor:"success"`
			Informational []st `cbor:"informational"`
			Failure       []st `cbor:"failure"`
		} `cbor:"activeManifest"`
	}
	if len(in.ValidationResults) > 0 && decodeCBOR(in.ValidationResults, &res, lim) == nil {
		active = recordedResults{conv(res.Active.Success), conv(res.Active.Informational), conv(res.Active.Failure)}
	}
	return status, active
}

// ManifestRef returns the hashed URI of the ingredient's manifest (v3
// activeManifest, v1/v2 c2pa_manifest).
func (in *Ingredient) ManifestRef() *HashedURI {
	if in.ActiveManifest != nil {
		return in.ActiveManifest
	}
	return in.C2PAManifest
}

// DecodeActions decodes an actions assertion.
func DecodeActions(a *Assertion, lim Limits) (*Actions, error) {
	var acts Actions
	if err := decodeAssertion(a, &acts, lim); err != nil {
		return nil, err
	}
	return &acts, nil
}

// DecodeIngredient decodes an ingredient assertion.
func DecodeIngredient(a *Assertion, lim Limits) (*Ingredient, error) {
	var in Ingredient
	if err := decodeAssertion(a, &in, lim); err != nil {
		return nil, err
	}
	return &in, nil
}

func decodeAssertion(a *Assertion, v any, lim Limits) error {
	switch a.Kind {
	case "cbor":
		if err := decodeCBOR(a.Data, v, lim); err != nil {
			return fmt.Errorf("assertion %q: %w", a.Label, err)
		}
	case "json":
		if err := json.Unmarshal(a.Data, v); err != nil {
			return fmt.Errorf("assertion %q: %w", a.Label, err)
		}
	default:
		return fmt.Errorf("assertion %q: content %q is not CBOR or JSON: %w", a.Label, a.Kind, ErrMalformed)
	}
	return nil
}

// isActions and isIngredient classify assertion base labels.
func isActions(base string) bool { return base == "c2pa.actions" || base == "c2pa.actions.v2" }
func isIngredient(base string) bool {
	return base == "c2pa.ingredient" || base == "c2pa.ingredient.v2" || base == "c2pa.ingredient.v3"
}

// mapGet reads a text key of a decoded CBOR (map[any]any) or JSON
// (map[string]any) map.
func mapGet(m any, key string) any {
	switch t := m.(type) {
	case map[any]any:
		return t[key]
	case map[string]any:
		return t[key]
	}
	return nil
}

// forEach calls f for every text key of a decoded map.
func forEach(m any, f func(string, any)) {
	switch t := m.(type) {
	case map[any]any:
		for k, v := range t {
			if ks, ok := k.(string); ok {
				f(ks, v)
			}
		}
	case map[string]any:
		for k, v := range t {
			f(k, v)
		}
	}
}
