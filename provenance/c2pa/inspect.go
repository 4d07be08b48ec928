package c2pa

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
)

// Inspection is a detailed, JSON-marshalable view of a manifest store and
// its validation, for `provcheck inspect`.
type Inspection struct {
	State            string              `json:"state"`
	Source           string              `json:"source,omitempty"`
	Format           string              `json:"format,omitempty"`
	Sidecar          string              `json:"sidecar,omitempty"`
	StoreSize        int                 `json:"storeSize,omitempty"`
	StoreParts       []Range             `json:"storeParts,omitempty"`
	ActiveManifest   string              `json:"activeManifest,omitempty"`
	Manifests        []InspectedManifest `json:"manifests,omitempty"`
	Codes            Codes               `json:"codes"`
	IngredientDeltas []IngredientDelta   `json:"ingredientDeltas,omitempty"`
	Warnings         []string            `json:"warnings,omitempty"`
	Error            string              `json:"error,omitempty"`
}

// InspectedManifest is one manifest with its claim, assertions, signature
// and results.
type InspectedManifest struct {
	Label       string               `json:"label"`
	Kind        string               `json:"kind"`
	Active      bool                 `json:"active,omitempty"`
	Compressed  bool                 `json:"compressed,omitempty"`
	ClaimLabel  string               `json:"claimLabel,omitempty"`
	Claim       any                  `json:"claim,omitempty"`
	Assertions  []InspectedAssertion `json:"assertions"`
	Signature   *SignerInfo          `json:"signature,omitempty"`
	Codes       *Codes               `json:"codes,omitempty"`
	Ingredients []*IngredientResult  `json:"ingredients,omitempty"`

	// Identities are the manifest's validated creator identities.
	Identities []*IdentityResult `json:"identities,omitempty"`
}

// InspectedAssertion is one assertion with its decoded content.
type InspectedAssertion struct {
	Label     string `json:"label"`
	Kind      string `json:"kind"`
	Size      int    `json:"size"`
	MediaType string `json:"mediaType,omitempty"`
	// Data is the decoded CBOR or JSON content; embedded files (thumbnails)
	// are not included.
	Data  any    `json:"data,omitempty"`
	Error string `json:"error,omitempty"`
}

// Inspect builds the detailed view of a checked file.
func Inspect(ck *Checked, lim Limits) *Inspection {
	lim = lim.withDefaults()
	in := &Inspection{Codes: Codes{}.nonNil()}
	if ck == nil || ck.Result == nil {
		in.State = StateNone
		return in
	}
	r := ck.Result
	in.State, in.Source, in.ActiveManifest = r.State, r.Source, r.ActiveManifest
	in.Codes, in.IngredientDeltas, in.Sidecar = r.Codes.nonNil(), r.IngredientDeltas, ck.SidecarPath
	if r.Err != nil {
		in.Error = r.Err.Error()
	}
	if loc := ck.Location; loc != nil {
		in.Format = loc.Format
		in.Warnings = loc.Warnings
		if r.Source == SourceEmbedded {
			in.StoreParts = loc.Parts
		}
	}
	if ck.Store == nil {
		return in
	}
	in.StoreSize = len(ck.Store.Raw)
	results := map[string]*ManifestResult{}
	for _, mr := range r.Manifests {
		results[mr.Label] = mr
	}
	active := ck.Store.Active()
	for _, m := range ck.Store.Manifests {
		im := InspectedManifest{Label: m.Label, Kind: m.Kind, Active: m == active, Compressed: m.Compressed, ClaimLabel: m.ClaimLabel}
		if m.ClaimCBOR != nil {
			if v, err := decodeAny(m.ClaimCBOR, lim); err == nil {
				im.Claim = v
			}
		}
		for _, a := range m.Assertions {
			ia := InspectedAssertion{Label: a.Label, Kind: a.Kind, Size: len(a.Data), MediaType: a.MediaType}
			switch a.Kind {
			case "cbor":
				v, err := decodeAny(a.Data, lim)
				if err != nil {
					ia.Error = err.Error()
				} else {
					ia.Data = v
				}
			case "json":
				var v any
				if err := json.Unmarshal(a.Data, &v); err != nil {
					ia.Error = err.Error()
				} else {
					ia.Data = v
				}
			}
			im.Assertions = append(im.Assertions, ia)
		}
		if mr := results[m.Label]; mr != nil {
			im.Signature = mr.Signer
			codes := mr.Codes.nonNil()
			im.Codes = &codes
			im.Ingredients = mr.Ingredients
			im.Identities = mr.Identities
		}
		in.Manifests = append(in.Manifests, im)
	}
	return in
}

// WriteTree writes an inspection as an indented text tree.
func WriteTree(w io.Writer, in *Inspection) error {
	tw := &treeWriter{w: w}
	head := "C2PA: " + in.State
	if in.Source != "" {
		head += fmt.Sprintf(" (%s", in.Source)
		if in.Format != "" {
			head += ", " + in.Format
		}
		if in.StoreSize > 0 {
			head += fmt.Sprintf(", store %d bytes", in.StoreSize)
		}
		head += ")"
	}
	tw.line(0, head)
	if in.Sidecar != "" {
		tw.line(1, "sidecar: "+in.Sidecar)
	}
	if in.Error != "" {
		tw.line(1, "error: "+in.Error)
	}
	for _, w := range in.Warnings {
		tw.line(1, "warning: "+w)
	}
	if in.ActiveManifest != "" {
		tw.line(1, "active manifest: "+in.ActiveManifest)
	}
	for _, m := range in.Manifests {
		flags := []string{m.Kind}
		if m.Active {
			flags = append([]string{"active"}, flags...)
		}
		if m.Compressed {
			flags = append(flags, "compressed")
		}
		tw.line(1, fmt.Sprintf("manifest %s [%s]", m.Label, strings.Join(flags, ", ")))
		if c, ok := m.Claim.(map[string]any); ok {
			tw.line(2, "claim: "+m.ClaimLabel)
			for _, k := range []string{"claim_generator", "claim_generator_info", "dc:title", "dc:format", "instanceID", "alg"} {
				if v, ok := c[k]; ok {
					tw.line(3, k+": "+compact(v))
				}
			}
		}
		if s := m.Signature; s != nil {
			line := "signature: " + s.Alg
			if s.CommonName != "" {
				line += " by " + s.CommonName
			}
			if s.Issuer != "" {
				line += " (" + s.Issuer + ")"
			}
			tw.line(2, line)
			if s.Time != "" {
				tw.line(3, "time-stamp: "+s.Time+" ("+s.TimeSource+")")
			}
			if s.TrustList != "" {
				tw.line(3, "trusted via: "+s.TrustList)
			}
			for i, c := range s.Chain {
				tw.line(3, fmt.Sprintf("cert %d: %s", i, c.Subject))
				tw.line(4, fmt.Sprintf("issuer %s; valid %s .. %s; serial %s; %s", c.Issuer, c.NotBefore, c.NotAfter, c.Serial, c.KeyAlgorithm))
			}
		}
		writeIdentities(tw, m.Identities)
		tw.line(2, fmt.Sprintf("assertions (%d):", len(m.Assertions)))
		for _, a := range m.Assertions {
			desc := fmt.Sprintf("%s (%s, %d bytes", a.Label, a.Kind, a.Size)
			if a.MediaType != "" {
				desc += ", " + a.MediaType
			}
			tw.line(3, desc+")")
			if a.Error != "" {
				tw.line(4, "error: "+a.Error)
			}
			if a.Data != nil {
				tw.value(4, a.Data, 0)
			}
		}
		if len(m.Ingredients) > 0 {
			tw.line(2, "ingredients:")
			tw.ingredients(3, m.Ingredients, 0)
		}
		if m.Codes != nil {
			tw.codes(2, m.Codes)
		}
	}
	if len(in.IngredientDeltas) > 0 {
		tw.line(1, "ingredient deltas:")
		for _, d := range in.IngredientDeltas {
			var codes []string
			for _, s := range d.Failure {
				codes = append(codes, s.Code)
			}
			tw.line(2, d.Manifest+": "+strings.Join(codes, ", "))
		}
	}
	return tw.err
}

type treeWriter struct {
	w   io.Writer
	err error
}

func (t *treeWriter) line(depth int, s string) {
	if t.err != nil {
		return
	}
	_, t.err = fmt.Fprintf(t.w, "%s%s\n", strings.Repeat("  ", depth), s)
}

func (t *treeWriter) codes(depth int, c *Codes) {
	t.line(depth, "status:")
	for _, g := range []struct {
		name string
		list []Status
	}{{Success, c.Success}, {Informational, c.Informational}, {Failure, c.Failure}} {
		for _, s := range g.list {
			line := g.name + ": " + s.Code
			if s.URL != "" {
				line += " " + s.URL
			}
			if g.name != Success && s.Explanation != "" {
				line += " (" + s.Explanation + ")"
			}
			t.line(depth+1, line)
		}
	}
}

func (t *treeWriter) ingredients(depth int, list []*IngredientResult, level int) {
	if level > 32 {
		return
	}
	for _, in := range list {
		line := fmt.Sprintf("%q %s", in.Title, in.Relationship)
		if in.DigitalSourceType != "" {
			line += " digitalSourceType=" + SourceTerm(in.DigitalSourceType)
		}
		if in.ManifestLabel != "" {
			line += " -> " + in.ManifestLabel
			if in.Manifest != nil {
				state := StateValid
				if in.Manifest.Codes.Failed() {
					state = StateInvalid
				} else if in.Manifest.Trusted() {
					state = StateTrusted
				}
				line += " (" + state + ")"
			}
		}
		t.line(depth, line)
		if in.Manifest != nil {
			t.ingredients(depth+1, in.Manifest.Ingredients, level+1)
		}
	}
}

// value writes a decoded value as nested key: value lines; long byte
// strings and deep structures are abbreviated.
func (t *treeWriter) value(depth int, v any, level int) {
	if level > 8 {
		t.line(depth, "…")
		return
	}
	switch x := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			switch x[k].(type) {
			case map[string]any, []any:
				t.line(depth, k+":")
				t.value(depth+1, x[k], level+1)
			default:
				t.line(depth, k+": "+compact(x[k]))
			}
		}
	case []any:
		for i, e := range x {
			if i >= 50 {
				t.line(depth, fmt.Sprintf("… %d more", len(x)-i))
				return
			}
			switch e.(type) {
			case map[string]any, []any:
				t.line(depth, fmt.Sprintf("[%d]", i))
				t.value(depth+1, e, level+1)
			default:
				t.line(depth, fmt.Sprintf("[%d] %s", i, compact(e)))
			}
		}
	default:
		t.line(depth, compact(v))
	}
}

// compact renders a value on one line.
func compact(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case []byte:
		if len(x) > 32 {
			return fmt.Sprintf("<%d bytes> %x…", len(x), x[:16])
		}
		return fmt.Sprintf("%x", x)
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	if len(b) > 200 {
		return string(b[:200]) + "…"
	}
	return string(b)
}
