package c2pa

import (
	"fmt"
	"strings"
)

// HashedURI is a JUMBF URI with the hash of the box it points at.
type HashedURI struct {
	URL  string `cbor:"url" json:"url"`
	Alg  string `cbor:"alg,omitempty" json:"alg,omitempty"`
	Hash []byte `cbor:"hash" json:"hash"`
}

// Claim is a decoded claim, v1 ("c2pa.claim") or v2 ("c2pa.claim.v2").
type Claim struct {
	Version int `cbor:"-" json:"version"`

	ClaimGenerator     string      `cbor:"claim_generator,omitempty" json:"claim_generator,omitempty"`
	ClaimGeneratorInfo any         `cbor:"claim_generator_info,omitempty" json:"claim_generator_info,omitempty"`
	Signature          string      `cbor:"signature" json:"signature"`
	Assertions         []HashedURI `cbor:"assertions,omitempty" json:"assertions,omitempty"`
	CreatedAssertions  []HashedURI `cbor:"created_assertions,omitempty" json:"created_assertions,omitempty"`
	GatheredAssertions []HashedURI `cbor:"gathered_assertions,omitempty" json:"gathered_assertions,omitempty"`
	Format             string      `cbor:"dc:format,omitempty" json:"dc:format,omitempty"`
	InstanceID         string      `cbor:"instanceID,omitempty" json:"instanceID,omitempty"`
	Title              string      `cbor:"dc:title,omitempty" json:"dc:title,omitempty"`
	Redacted           []string    `cbor:"redacted_assertions,omitempty" json:"redacted_assertions,omitempty"`
	Alg                string      `cbor:"alg,omitempty" json:"alg,omitempty"`
	AlgSoft            string      `cbor:"alg_soft,omitempty" json:"alg_soft,omitempty"`
}

// DecodeClaim decodes a claim's CBOR. label selects the version.
func DecodeClaim(data []byte, label string, lim Limits) (*Claim, error) {
	c := &Claim{Version: 1}
	if label == "c2pa.claim.v2" {
		c.Version = 2
	}
	if err := decodeCBOR(data, c, lim); err != nil {
		return nil, fmt.Errorf("claim: %w", err)
	}
	return c, nil
}

// AllAssertions lists the claim's assertion references: v1 assertions, or
// v2 created then gathered assertions.
func (c *Claim) AllAssertions() []HashedURI {
	if c.Version == 1 {
		return c.Assertions
	}
	out := make([]HashedURI, 0, len(c.CreatedAssertions)+len(c.GatheredAssertions)+len(c.Assertions))
	out = append(out, c.CreatedAssertions...)
	out = append(out, c.GatheredAssertions...)
	return out
}

// Generator returns a one-line claim generator: the v1 string, or the v2
// generator info's name and version.
func (c *Claim) Generator() string {
	if c == nil {
		return ""
	}
	if c.ClaimGenerator != "" {
		return c.ClaimGenerator
	}
	info := c.ClaimGeneratorInfo
	if arr, ok := info.([]any); ok && len(arr) > 0 {
		info = arr[0]
	}
	if m, ok := info.(map[any]any); ok {
		name, _ := m["name"].(string)
		if v, ok := m["version"].(string); ok && v != "" {
			return name + "/" + v
		}
		return name
	}
	return ""
}

// uriLabel returns the last path element of a JUMBF URI.
func uriLabel(uri string) string {
	_, p, _ := strings.Cut(uri, "#jumbf=")
	if p == "" {
		p = uri
	}
	if i := strings.LastIndexByte(p, '/'); i >= 0 {
		return p[i+1:]
	}
	return p
}

// uriManifest returns the manifest label of an absolute JUMBF URI
// ("self#jumbf=/c2pa/<manifest>/..."), or "" for a relative one.
func uriManifest(uri string) string {
	_, p, _ := strings.Cut(uri, "#jumbf=")
	if !strings.HasPrefix(p, "/") {
		return ""
	}
	parts := strings.Split(strings.TrimPrefix(p, "/"), "/")
	if len(parts) >= 2 && parts[0] == "c2pa" {
		return parts[1]
	}
	return ""
}

// resolveURI finds the box a JUMBF URI points at, relative to manifest m,
// in store s. It returns the box and the manifest that holds it.
func (s *Store) resolveURI(m *Manifest, uri string) (*Box, *Manifest) {
	_, p, ok := strings.Cut(uri, "#jumbf=")
	if !ok {
		p = uri
	}
	cur := m.Box
	owner := m
	if strings.HasPrefix(p, "c2pa/") {
		// "c2pa/<manifest>/..." names the store from its root, as the
		// absolute form does; 1.x signers wrote it without the slash.
		p = "/" + p
	}
	if strings.HasPrefix(p, "/") {
		parts := strings.Split(strings.TrimPrefix(p, "/"), "/")
		if len(parts) == 0 || parts[0] != "c2pa" {
			return nil, nil
		}
		if len(parts) == 1 {
			return s.Root, nil
		}
		owner = s.Manifest(parts[1])
		if owner == nil {
			return nil, nil
		}
		cur = owner.Box
		p = strings.Join(parts[2:], "/")
		if p == "" {
			return cur, owner
		}
	}
	for _, part := range strings.Split(p, "/") {
		if part == "" {
			continue
		}
		next := cur.Child(part)
		if next == nil {
			return nil, owner
		}
		cur = next
	}
	return cur, owner
}
