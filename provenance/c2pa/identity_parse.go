package c2pa

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/fxamacker/cbor/v2"
)

// CAWG identity assertion (creator identity) parsing: the assertion's CBOR
// and, for identity claims aggregation, the W3C verifiable credential its
// COSE signature carries. Field rules follow the CAWG identity assertion
// specification as the C2PA SDK (c2pa-rs 0.90) reads it.

// Identity signature types.
const (
	SigTypeX509 = "cawg.x509.cose"
	SigTypeICA  = "cawg.identity_claims_aggregation"
)

// IsIdentityLabel reports whether an assertion label is a CAWG identity
// assertion: "cawg.identity" or a further instance "cawg.identity__N".
func IsIdentityLabel(label string) bool {
	return label == "cawg.identity" || strings.HasPrefix(label, "cawg.identity__")
}

// IdentityAssertion is a decoded cawg.identity assertion.
type IdentityAssertion struct {
	SignerPayload SignerPayload
	// SignerPayloadRaw is the signer_payload exactly as stored.
	SignerPayloadRaw []byte
	Signature        []byte
	Pad1             []byte
	Pad2             []byte
}

// SignerPayload is what the identity's credential holder signs: the
// assertions it vouches for, the signature type and optional roles.
type SignerPayload struct {
	ReferencedAssertions []HashedURI `json:"referenced_assertions"`
	SigType              string      `json:"sig_type"`
	Roles                []string    `json:"role,omitempty"`
}

// DecodeIdentity decodes a cawg.identity assertion's CBOR. signer_payload
// (with referenced_assertions and sig_type), signature and pad1 are
// required; unknown fields are ignored, as the specification asks.
func DecodeIdentity(data []byte, lim Limits) (*IdentityAssertion, error) {
	var raw struct {
		SignerPayload cbor.RawMessage `cbor:"signer_payload"`
		Signature     *[]byte         `cbor:"signature"`
		Pad1          *[]byte         `cbor:"pad1"`
		Pad2          *[]byte         `cbor:"pad2"`
	}
	if err := decodeCBOR(data, &raw, lim); err != nil {
		return nil, fmt.Errorf("identity assertion: %w", err)
	}
	switch {
	case raw.SignerPayload == nil:
		return nil, fmt.Errorf("identity assertion: no signer_payload: %w", ErrMalformed)
	case raw.Signature == nil:
		return nil, fmt.Errorf("identity assertion: no signature: %w", ErrMalformed)
	case raw.Pad1 == nil:
		return nil, fmt.Errorf("identity assertion: no pad1: %w", ErrMalformed)
	}
	var sp struct {
		Refs    *[]rawHashedURI `cbor:"referenced_assertions"`
		SigType *string         `cbor:"sig_type"`
		Roles   []string        `cbor:"role"`
	}
	if err := decodeCBOR(raw.SignerPayload, &sp, lim); err != nil {
		return nil, fmt.Errorf("identity assertion: signer_payload: %w", err)
	}
	if sp.Refs == nil || sp.SigType == nil {
		return nil, fmt.Errorf("identity assertion: signer_payload lacks referenced_assertions or sig_type: %w", ErrMalformed)
	}
	ia := &IdentityAssertion{SignerPayloadRaw: raw.SignerPayload, Signature: *raw.Signature, Pad1: *raw.Pad1}
	if raw.Pad2 != nil {
		ia.Pad2 = *raw.Pad2
	}
	ia.SignerPayload.SigType, ia.SignerPayload.Roles = *sp.SigType, sp.Roles
	for i, r := range *sp.Refs {
		if r.URL == nil || r.Hash == nil {
			return nil, fmt.Errorf("identity assertion: referenced assertion %d lacks url or hash: %w", i, ErrMalformed)
		}
		ia.SignerPayload.ReferencedAssertions = append(ia.SignerPayload.ReferencedAssertions, HashedURI{URL: *r.URL, Alg: r.Alg, Hash: *r.Hash})
	}
	return ia, nil
}

type rawHashedURI struct {
	URL  *string `cbor:"url"`
	Alg  string  `cbor:"alg"`
	Hash *[]byte `cbor:"hash"`
}

// encodeSignerPayload serialises a signer payload the way the C2PA SDK does
// before checking an X.509 identity signature: fields in declaration order
// (referenced_assertions, sig_type, then role when present; url, alg when
// present, hash), definite lengths.
func encodeSignerPayload(sp SignerPayload) ([]byte, error) {
	refs := make([]any, 0, len(sp.ReferencedAssertions))
	for _, r := range sp.ReferencedAssertions {
		kv := []orderedPair{{"url", r.URL}}
		if r.Alg != "" {
			kv = append(kv, orderedPair{"alg", r.Alg})
		}
		kv = append(kv, orderedPair{"hash", r.Hash})
		refs = append(refs, orderedMap(kv))
	}
	kv := []orderedPair{{"referenced_assertions", refs}, {"sig_type", sp.SigType}}
	if len(sp.Roles) > 0 {
		kv = append(kv, orderedPair{"role", sp.Roles})
	}
	return orderedMap(kv).MarshalCBOR()
}

type orderedPair struct {
	k string
	v any
}

// orderedMap is a CBOR map written in the given key order (the default
// encoder writes Go maps in sorted order).
type orderedMap []orderedPair

func (m orderedMap) MarshalCBOR() ([]byte, error) {
	var b bytes.Buffer
	n := len(m)
	switch {
	case n < 24:
		b.WriteByte(0xA0 | byte(n))
	default:
		b.WriteByte(0xB8)
		b.WriteByte(byte(n))
	}
	for _, p := range m {
		k, err := cbor.Marshal(p.k)
		if err != nil {
			return nil, err
		}
		v, err := cbor.Marshal(p.v)
		if err != nil {
			return nil, err
		}
		b.Write(k)
		b.Write(v)
	}
	return b.Bytes(), nil
}

// Credential is an identity claims aggregation credential (a W3C
// verifiable credential, data model 2.0): an issuer vouches that it
// verified the named identities of the signer of the asset.
type Credential struct {
	Contexts   []string
	Types      []string
	ID         string
	Issuer     string
	ValidFrom  *time.Time
	ValidUntil *time.Time
	// VerifiedIdentities and Asset come from the first credentialSubject.
	VerifiedIdentities []VerifiedIdentity
	Asset              SignerPayload
}

// VerifiedIdentity is one identity the credential's issuer verified.
type VerifiedIdentity struct {
	Type       string `json:"type"`
	Name       string `json:"name,omitempty"`
	Username   string `json:"username,omitempty"`
	Address    string `json:"address,omitempty"`
	URI        string `json:"uri,omitempty"`
	VerifiedAt string `json:"verifiedAt"`
	Provider   struct {
		ID   string `json:"id"`
		Name string `json:"name"`
	} `json:"provider"`
}

// errBadCredential marks a credential that does not parse as an identity
// claims aggregation credential.
var errBadCredential = errors.New("not an identity claims aggregation credential")

// ParseCredential parses the JSON payload of an identity claims
// aggregation signature. It requires what the C2PA SDK requires: non-empty
// @context and type arrays, an issuer URI string, RFC 3339 dates when
// present, and a first credentialSubject with non-empty verifiedIdentities
// and a c2paAsset signer payload. Unknown properties are ignored.
func ParseCredential(data []byte) (*Credential, error) {
	var raw struct {
		Context    []string        `json:"@context"`
		ID         *string         `json:"id"`
		Type       []string        `json:"type"`
		Subject    json.RawMessage `json:"credentialSubject"`
		Issuer     *string         `json:"issuer"`
		ValidFrom  *string         `json:"validFrom"`
		ValidUntil *string         `json:"validUntil"`
	}
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, fmt.Errorf("credential: %w (%w)", errBadCredential, err)
	}
	c := &Credential{Contexts: raw.Context, Types: raw.Type}
	switch {
	case len(raw.Context) == 0 || hasEmpty(raw.Context):
		return nil, fmt.Errorf("credential: empty @context: %w", errBadCredential)
	case len(raw.Type) == 0:
		return nil, fmt.Errorf("credential: empty type: %w", errBadCredential)
	case raw.Issuer == nil || !looksLikeURI(*raw.Issuer):
		return nil, fmt.Errorf("credential: issuer is not a URI string: %w", errBadCredential)
	}
	c.Issuer = *raw.Issuer
	if raw.ID != nil {
		if !looksLikeURI(*raw.ID) {
			return nil, fmt.Errorf("credential: id is not a URI: %w", errBadCredential)
		}
		c.ID = *raw.ID
	}
	var err error
	if c.ValidFrom, err = parseVCDate("validFrom", raw.ValidFrom); err != nil {
		return nil, err
	}
	if c.ValidUntil, err = parseVCDate("validUntil", raw.ValidUntil); err != nil {
		return nil, err
	}
	// credentialSubject is one object or a non-empty array of them; every
	// one must parse, the first one counts.
	var subjects []json.RawMessage
	if t := bytes.TrimSpace(raw.Subject); len(t) > 0 && t[0] == '[' {
		if err := json.Unmarshal(t, &subjects); err != nil {
			return nil, fmt.Errorf("credential: credentialSubject: %w (%w)", errBadCredential, err)
		}
	} else if len(t) > 0 {
		subjects = []json.RawMessage{t}
	}
	if len(subjects) == 0 {
		return nil, fmt.Errorf("credential: no credentialSubject: %w", errBadCredential)
	}
	for i, s := range subjects {
		ids, asset, err := parseSubject(s)
		if err != nil {
			return nil, fmt.Errorf("credential: credentialSubject %d: %w", i, err)
		}
		if i == 0 {
			c.VerifiedIdentities, c.Asset = ids, asset
		}
	}
	return c, nil
}

func parseSubject(data []byte) ([]VerifiedIdentity, SignerPayload, error) {
	var raw struct {
		Identities []VerifiedIdentity `json:"verifiedIdentities"`
		Asset      *struct {
			Refs []struct {
				URL  *string         `json:"url"`
				Alg  string          `json:"alg"`
				Hash json.RawMessage `json:"hash"`
			} `json:"referenced_assertions"`
			SigType *string  `json:"sig_type"`
			Roles   []string `json:"role"`
		} `json:"c2paAsset"`
	}
	var sp SignerPayload
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, sp, fmt.Errorf("%w (%w)", errBadCredential, err)
	}
	if len(raw.Identities) == 0 {
		return nil, sp, fmt.Errorf("no verifiedIdentities: %w", errBadCredential)
	}
	for i, id := range raw.Identities {
		if id.Type == "" || id.Provider.ID == "" || id.Provider.Name == "" {
			return nil, sp, fmt.Errorf("verified identity %d lacks type or provider: %w", i, errBadCredential)
		}
		if _, err := time.Parse(time.RFC3339Nano, id.VerifiedAt); err != nil {
			return nil, sp, fmt.Errorf("verified identity %d: verifiedAt: %w", i, errBadCredential)
		}
	}
	if raw.Asset == nil || raw.Asset.SigType == nil || raw.Asset.Refs == nil {
		return nil, sp, fmt.Errorf("no c2paAsset signer payload: %w", errBadCredential)
	}
	sp.SigType, sp.Roles = *raw.Asset.SigType, raw.Asset.Roles
	for i, r := range raw.Asset.Refs {
		if r.URL == nil {
			return nil, sp, fmt.Errorf("c2paAsset reference %d lacks url: %w", i, errBadCredential)
		}
		h, err := credentialHash(r.Hash)
		if err != nil {
			return nil, sp, fmt.Errorf("c2paAsset reference %d: %w", i, err)
		}
		sp.ReferencedAssertions = append(sp.ReferencedAssertions, HashedURI{URL: *r.URL, Alg: r.Alg, Hash: h})
	}
	return raw.Identities, sp, nil
}

// credentialHash reads a c2paAsset hash. Issuers write the base64 text of
// the hash, either as a JSON string or as an array of its bytes (the C2PA
// SDK's serialisation); both are the same base64 text, decoded here. Text
// that is not base64 yields a hash that matches nothing.
func credentialHash(raw json.RawMessage) ([]byte, error) {
	var text []byte
	var s string
	if err := json.Unmarshal(raw, &s); err == nil {
		text = []byte(s)
	} else if err := json.Unmarshal(raw, &text); err != nil {
		// (a JSON string never reaches here, so []byte reads an array)
		return nil, fmt.Errorf("hash is neither text nor bytes: %w", errBadCredential)
	}
	h, err := base64.StdEncoding.DecodeString(string(text))
	if err != nil {
		return []byte("invalid base64"), nil
	}
	return h, nil
}

func parseVCDate(name string, v *string) (*time.Time, error) {
	if v == nil {
		return nil, nil
	}
	t, err := time.Parse(time.RFC3339Nano, *v)
	if err != nil {
		return nil, fmt.Errorf("credential: %s %q: %w", name, *v, errBadCredential)
	}
	return &t, nil
}

func hasEmpty(ss []string) bool {
	for _, s := range ss {
		if s == "" {
			return true
		}
	}
	return false
}

// looksLikeURI accepts an absolute URI: a scheme, a colon, and no spaces.
func looksLikeURI(s string) bool {
	i := strings.IndexByte(s, ':')
	if i <= 0 || strings.ContainsAny(s, " \t\r\n<>\"") {
		return false
	}
	for j, c := range s[:i] {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || j > 0 && (c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.')) {
			return false
		}
	}
	return true
}
