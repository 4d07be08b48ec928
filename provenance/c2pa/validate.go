package c2pa

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/provcheck/provcheck/provenance/trust"
)

// States of a validated store (DESIGN.md).
const (
	StateNone    = "none"
	StateValid   = "valid"
	StateTrusted = "trusted"
	StateInvalid = "invalid"
)

// Sources of a store.
const (
	SourceEmbedded = "embedded"
	SourceSidecar  = "sidecar"
	SourceRemote   = "remote"
)

// Asset is the file a store is validated against.
type Asset struct {
	// Data is the whole file.
	Data []byte
	// Location is where the store was found in Data; nil when the store
	// came from elsewhere (a sidecar). Box hashes use its Layout.
	Location *Location
	// Source is SourceEmbedded or SourceSidecar.
	Source string
}

// Options configure validation.
type Options struct {
	// Trust is the trust store; nil means trust.Default().
	Trust *trust.Store
	// Now is the clock used when no valid time-stamp dates the signature;
	// nil means time.Now.
	Now    func() time.Time
	Limits Limits
	// NoSidecar skips looking for a NAME.c2pa sidecar beside the file: the
	// caller already knows there is none (the scan's discovery lists the
	// folder), so no file is opened in vain.
	NoSidecar bool
	// IdentityTrust holds the anchors for CAWG X.509 identity signers,
	// separate from the C2PA claim-signer lists; nil means none.
	IdentityTrust *trust.Store
	// IdentityIssuers are the identity claims aggregation issuers (DIDs)
	// trusted to vouch for identities.
	IdentityIssuers []string
}

func (o *Options) now() time.Time {
	if o.Now != nil {
		return o.Now()
	}
	return time.Now()
}

// Result is the outcome of validating a store.
type Result struct {
	State          string `json:"state"`
	Source         string `json:"source,omitempty"`
	ActiveManifest string `json:"activeManifest,omitempty"`
	// Codes are the active manifest's status codes.
	Codes Codes `json:"codes"`
	// Manifests holds the result of every manifest validated, active first.
	Manifests []*ManifestResult `json:"manifests,omitempty"`
	// IngredientDeltas are failures found in ingredient manifests that the
	// ingredient assertion did not already record; any but an untrusted
	// signer makes the asset invalid.
	IngredientDeltas []IngredientDelta `json:"ingredientDeltas,omitempty"`
	// Err is set when the store could not be read or validated at all
	// (State is then invalid).
	Err error `json:"-"`
}

// ingredientFailed reports whether an ingredient's validation found a
// failure other than an untrusted signer, which leaves an asset valid.
func (r *Result) ingredientFailed() bool {
	for _, d := range r.IngredientDeltas {
		for _, f := range d.Failure {
			if f.Code != SigningCredentialUntrusted {
				return true
			}
		}
	}
	return false
}

// Active returns the active manifest's result, or nil.
func (r *Result) Active() *ManifestResult {
	if r == nil || len(r.Manifests) == 0 {
		return nil
	}
	return r.Manifests[0]
}

// ManifestResult is what validation found in one manifest.
type ManifestResult struct {
	Label    string      `json:"label"`
	Kind     string      `json:"kind"`
	Codes    Codes       `json:"codes"`
	Signer   *SignerInfo `json:"signer,omitempty"`
	Manifest *Manifest   `json:"-"`
	// Ingredients are the manifest's ingredient assertions, with the
	// results of their manifests.
	Ingredients []*IngredientResult `json:"ingredients,omitempty"`
	// Identities are the manifest's CAWG identity assertions.
	Identities []*IdentityResult `json:"identities,omitempty"`
}

// Trusted reports whether the manifest's signer reached a trust list.
func (m *ManifestResult) Trusted() bool { return m.Signer != nil && m.Signer.TrustList != "" }

// SignerInfo describes a claim signature.
type SignerInfo struct {
	Alg        string `json:"alg"`
	CommonName string `json:"commonName,omitempty"`
	// Issuer is the signing certificate's subject organisation, as C2PA
	// tools report it.
	Issuer string `json:"issuer,omitempty"`
	// Time is the RFC 3161 time-stamp, when one verified.
	Time       string     `json:"time,omitempty"`
	TimeSource string     `json:"timeSource,omitempty"` // "sigTst", "sigTst2"
	TrustList  string     `json:"trustList,omitempty"`
	Chain      []CertInfo `json:"chain,omitempty"`
	Claimed    string     `json:"claimedTime,omitempty"` // iat header, unverified
}

// IngredientResult is one ingredient assertion and its manifest's result.
type IngredientResult struct {
	Assertion         string          `json:"assertion"`
	Title             string          `json:"title,omitempty"`
	Relationship      string          `json:"relationship,omitempty"`
	Format            string          `json:"format,omitempty"`
	DigitalSourceType string          `json:"digitalSourceType,omitempty"`
	ManifestLabel     string          `json:"manifest,omitempty"`
	Manifest          *ManifestResult `json:"result,omitempty"`
}

// IngredientDelta lists the failures of one ingredient manifest.
type IngredientDelta struct {
	Assertion string   `json:"assertion"` // ingredient assertion URI in its parent
	Manifest  string   `json:"manifest"`
	Failure   []Status `json:"failure"`
}

// Validate checks a store against an asset. It never returns nil.
func Validate(ctx context.Context, s *Store, asset Asset, opts Options) *Result {
	opts.Limits = opts.Limits.withDefaults()
	if opts.Trust == nil {
		opts.Trust = trust.Default()
	}
	r := &Result{State: StateInvalid, Source: asset.Source}
	if r.Source == "" {
		r.Source = SourceEmbedded
	}
	active := s.Active()
	if active == nil {
		r.Err = fmt.Errorf("c2pa: store has no manifest: %w", ErrMalformed)
		r.Codes.add(ClaimMissing, "", r.Err.Error())
		return r
	}
	r.ActiveManifest = active.Label
	for _, m := range s.Manifests {
		if m.Prerelease {
			// Validators refuse manifests from before C2PA 1.0 outright.
			r.Err = fmt.Errorf("c2pa: manifest %q uses pre-1.0 (prerelease) structures", m.Label)
			r.Codes.add(ClaimMalformed, "self#jumbf=/c2pa/"+m.Label, r.Err.Error())
			return r
		}
	}
	v := &validator{ctx: ctx, store: s, asset: asset, opts: opts, done: map[string]*ManifestResult{}}
	mr := v.manifest(active, 0, true)
	r.Codes = mr.Codes
	r.Manifests = append(r.Manifests, mr)
	for _, m := range s.Manifests {
		if res, ok := v.done[m.Label]; ok && res != mr {
			r.Manifests = append(r.Manifests, res)
		}
	}
	r.IngredientDeltas = v.deltas
	if err := ctx.Err(); err != nil {
		r.Err = err
		return r
	}
	switch {
	case mr.Codes.Failed() || r.ingredientFailed():
		// As the C2PA SDK: a failure in a validated ingredient (one the
		// signer did not already record) makes the asset invalid; the
		// status names the ingredient (IngredientDeltas).
		r.State = StateInvalid
	case mr.Trusted() && !mr.identityUntrusted():
		r.State = StateTrusted
	default:
		r.State = StateValid
	}
	return r
}

type validator struct {
	ctx    context.Context
	store  *Store
	asset  Asset
	opts   Options
	done   map[string]*ManifestResult
	deltas []IngredientDelta
	// digests caches hashes of store boxes: a hostile claim may list the
	// same large box thousands of times.
	digests map[digestKey][]byte
}

type digestKey struct {
	alg string
	ptr *byte
	n   int
}

// digest hashes a slice of the store, once per algorithm.
func (v *validator) digest(alg string, b []byte) ([]byte, error) {
	if len(b) == 0 {
		return digest(alg, b)
	}
	k := digestKey{alg, &b[0], len(b)}
	if d, ok := v.digests[k]; ok {
		return d, nil
	}
	d, err := digest(alg, b)
	if err == nil {
		if v.digests == nil {
			v.digests = map[digestKey][]byte{}
		}
		v.digests[k] = d
	}
	return d, err
}

// manifest validates one manifest; active says whether its hard binding is
// checked against the asset.
func (v *validator) manifest(m *Manifest, depth int, active bool) *ManifestResult {
	if r, ok := v.done[m.Label]; ok {
		return r
	}
	r := &ManifestResult{Label: m.Label, Kind: m.Kind, Manifest: m}
	v.done[m.Label] = r
	self := "self#jumbf=/c2pa/" + m.Label
	c := &r.Codes
	switch {
	case m.ClaimBox == nil || m.ClaimCBOR == nil:
		c.add(ClaimMissing, self, "the manifest has no claim")
		return r
	case m.ClaimErr != nil:
		c.add(ClaimCBORInvalid, self+"/"+m.ClaimLabel, m.ClaimErr.Error())
		return r
	}
	if m.ClaimCount > 1 {
		c.add(ClaimMultiple, self, "the manifest has more than one claim")
	}
	manifestStructure(m, c, self)
	v.signature(m, r)
	v.assertions(m, r)
	v.hardBinding(m, r, active)
	v.identities(m, r)
	if depth < v.opts.Limits.MaxIngredientDepth {
		v.ingredients(m, r, depth)
	}
	return r
}

// assertions checks every hashed URI the claim lists.
func (v *validator) assertions(m *Manifest, r *ManifestResult) {
	c := &r.Codes
	for _, ref := range m.Claim.AllAssertions() {
		alg := firstNonEmpty(ref.Alg, m.Claim.Alg)
		box, owner := v.store.resolveURI(m, ref.URL)
		if box == nil {
			c.add(AssertionMissing, ref.URL, "the claim lists an assertion the store does not hold")
			continue
		}
		if owner != m {
			c.add("assertion.outsideManifest", ref.URL, "the assertion lives in another manifest")
			continue
		}
		if alg == "" {
			c.add(AlgorithmUnsupported, ref.URL, "no hash algorithm given for the hashed URI")
			continue
		}
		got, err := v.digest(alg, box.Payload)
		switch {
		case err != nil:
			c.add(AlgorithmUnsupported, ref.URL, err.Error())
		case !bytes.Equal(got, ref.Hash):
			c.add(AssertionHashedURIMismatch, ref.URL, "the assertion's bytes do not match the hash in the claim")
		default:
			c.add(AssertionHashedURIMatch, ref.URL, "hashed URI matches")
		}
	}
}

// manifestBoxes are the labels a manifest's superboxes may carry (an
// optional ".vN" version suffix aside).
var manifestBoxes = map[string]bool{
	"c2pa.assertions": true, "c2pa.claim": true, "c2pa.signature": true, "c2pa.credentials": true, "c2pa.databoxes": true,
}

// manifestStructure applies the SDK's checks of a manifest's boxes and
// labels: every superbox is one the specification defines (the SDK
// reports any other as claim.multiple), the claim's signature URI names
// this manifest's c2pa.signature box, and a v2 claim's manifest label is
// a C2PA URN. Each was met on a file changed after signing: a flipped
// byte in a box label or the manifest label passed here, not there.
func manifestStructure(m *Manifest, c *Codes, self string) {
	for _, b := range m.Box.Children {
		if b.Desc == nil {
			continue
		}
		label := b.Desc.Label
		if base, ver, ok := strings.Cut(label[max(0, len(label)-3):], ".v"); ok && base == "" && len(ver) == 1 && ver[0] >= '0' && ver[0] <= '9' {
			label = label[:len(label)-3]
		}
		if !manifestBoxes[label] {
			c.add(ClaimMultiple, self, fmt.Sprintf("the manifest holds a box labelled %q, which no manifest may hold", b.Desc.Label))
		}
	}
	path := m.Claim.Signature
	if _, after, ok := strings.Cut(path, "="); ok {
		path = after
	}
	if strings.HasPrefix(path, "c2pa/") {
		path = "/" + path
	}
	parts := strings.Split(path, "/")
	if (len(parts) > 2 && parts[1] == "c2pa" && parts[2] != m.Label) || parts[len(parts)-1] != "c2pa.signature" {
		c.add(ClaimSignatureMissing, self, fmt.Sprintf("the claim's signature URI %q does not name this manifest's c2pa.signature box", m.Claim.Signature))
	}
	if strings.HasSuffix(m.ClaimLabel, ".v2") && !c2paURN(m.Label) {
		c.add(ClaimMalformed, self, fmt.Sprintf("manifest label %q is not a C2PA URN (urn:c2pa:UUID[:generator[:version_reason]])", m.Label))
	}
}

// c2paURN reports whether a manifest label has the shape the SDK accepts
// for a v2 claim: urn:c2pa:ID[:generator[:version[_reason]]] with a
// generator of at most 32 printable ASCII characters, or a 1.x label
// (urn:uuid:ID, VENDOR:urn:uuid:ID).
func c2paURN(label string) bool {
	p := strings.Split(label, ":")
	switch {
	case len(p) < 3:
		return false
	case p[0] == "urn" && p[1] == "uuid":
		return true
	case p[0] == "urn" && p[1] == "c2pa":
		if len(p) > 5 {
			return false
		}
		if len(p) > 3 && p[3] != "" {
			if len(p[3]) > 32 || len(strings.Fields(p[3])) != 1 || !isASCII(p[3]) {
				return false
			}
		}
		if len(p) > 4 && p[4] != "" {
			ver, reason, hasReason := strings.Cut(p[4], "_")
			if !isDecimal(ver) || (hasReason && !isDecimal(strings.SplitN(reason, "_", 2)[0])) {
				return false
			}
		}
		return true
	case p[1] == "urn":
		return p[2] == "uuid" && len(p) == 4
	}
	return false
}

func isASCII(s string) bool {
	for i := range len(s) {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

func isDecimal(s string) bool {
	if s == "" {
		return false
	}
	for i := range len(s) {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
