package c2pa

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/andybalholm/brotli"

	"github.com/provcheck/provcheck/provenance/container"
)

// Store is a parsed manifest store.
type Store struct {
	Root      *Box
	Manifests []*Manifest // in store order; the last one is active
	// Raw is the store's bytes as given to ReadStore.
	Raw []byte
	// Err is a damage met after the store started (the manifests read
	// before it are kept).
	Err error
}

// Manifest kinds.
const (
	KindStandard = "standard"
	KindUpdate   = "update"
)

// Manifest is one manifest of a store.
type Manifest struct {
	Label string
	Kind  string
	Box   *Box // the manifest superbox (decompressed for brob manifests)
	// Compressed is true when the manifest came from a brob box.
	Compressed bool

	ClaimBox   *Box // claim superbox
	ClaimCBOR  []byte
	ClaimLabel string // "c2pa.claim" or "c2pa.claim.v2"
	Claim      *Claim
	ClaimErr   error // claim decoding failure, if any
	ClaimCount int   // claim boxes found (more than one is claim.multiple)

	SigBox  *Box   // signature superbox
	SigCOSE []byte // COSE_Sign1 bytes

	AssertionStore *Box
	Assertions     []*Assertion
	// Prerelease is true for manifests written before C2PA 1.0 (legacy
	// labels or box types), which validators refuse.
	Prerelease bool
}

// Assertion is one assertion box of a manifest's assertion store.
type Assertion struct {
	Label string // JUMBF label, with any "__N" instance suffix
	Box   *Box
	// Kind is the content box type: "cbor", "json", "bfdb" (embedded file),
	// "uuid".
	Kind string
	// Data is the content: CBOR or JSON bytes, or the embedded file.
	Data []byte
	// MediaType is set for embedded files.
	MediaType string
}

// BaseLabel returns the assertion label without its "__N" instance suffix.
func (a *Assertion) BaseLabel() string { return baseLabel(a.Label) }

func baseLabel(l string) string {
	if i := strings.LastIndex(l, "__"); i > 0 {
		allDigits := i+2 < len(l)
		for _, c := range l[i+2:] {
			if c < '0' || c > '9' {
				allDigits = false
			}
		}
		if allDigits {
			return l[:i]
		}
	}
	return l
}

// Active returns the active manifest (the last one), or nil.
func (s *Store) Active() *Manifest {
	if s == nil || len(s.Manifests) == 0 {
		return nil
	}
	return s.Manifests[len(s.Manifests)-1]
}

// Manifest returns the manifest with the given label, or nil.
func (s *Store) Manifest(label string) *Manifest {
	for _, m := range s.Manifests {
		if m.Label == label {
			return m
		}
	}
	return nil
}

// ReadStore parses a manifest store (the JUMBF superbox labelled "c2pa").
// It returns an error only when no manifest could be read at all; damage
// inside a manifest is recorded on it and turned into status codes by
// Validate.
func ReadStore(jumbf []byte, lim Limits) (*Store, error) {
	return ReadStoreContext(context.Background(), jumbf, lim)
}

// ReadStoreContext is ReadStore under ctx: its time limit, and the file's
// decompression allowance (container.WithAllowance), which compressed
// manifests draw on like every other decompression from the file.
func ReadStoreContext(ctx context.Context, jumbf []byte, lim Limits) (*Store, error) {
	lim = lim.withDefaults()
	if len(jumbf) > lim.MaxStoreSize {
		return nil, fmt.Errorf("c2pa: store of %d bytes: %w (%d)", len(jumbf), ErrLimit, lim.MaxStoreSize)
	}
	root, err := parseJUMBF(ctx, jumbf, lim)
	if root == nil {
		return nil, fmt.Errorf("c2pa: store: %w", err)
	}
	s := &Store{Root: root, Raw: jumbf, Err: err}
	tag := root.Desc.Tag()
	if tag != "c2pa" {
		return nil, fmt.Errorf("c2pa: store box has type %q, label %q: %w", tag, root.Desc.Label, ErrMalformed)
	}
	for _, b := range root.Children {
		if b.Desc == nil {
			continue // unknown content boxes are skipped (SPEC 11.1.2)
		}
		if len(s.Manifests) >= lim.MaxManifests {
			// Every manifest may need a signature check; keep the newest
			// ones out rather than spend unbounded time.
			s.Err = fmt.Errorf("c2pa: more than %d manifests: %w", lim.MaxManifests, ErrLimit)
			break
		}
		if err := ctx.Err(); err != nil {
			s.Err = err
			break
		}
		m, err := readManifest(ctx, b, lim)
		if err != nil {
			s.Err = err
			continue
		}
		if m != nil {
			s.Manifests = append(s.Manifests, m)
		}
	}
	if errors.Is(s.Err, ErrLimit) {
		// A store cut short at a limit has lost its active manifest.
		return s, s.Err
	}
	if len(s.Manifests) == 0 {
		if s.Err == nil {
			s.Err = fmt.Errorf("c2pa: store has no manifest: %w", ErrMalformed)
		}
		return s, s.Err
	}
	return s, nil
}

func readManifest(ctx context.Context, b *Box, lim Limits) (*Manifest, error) {
	m := &Manifest{Label: b.Desc.Label, Box: b}
	switch b.Desc.Tag() {
	case "c2ma":
		m.Kind = KindStandard
	case "c2um":
		m.Kind = KindUpdate
	case "c2cm":
		m.Kind = KindStandard
		m.Compressed = true
		inner, err := decompressManifest(ctx, b, lim)
		if err != nil {
			return nil, fmt.Errorf("c2pa: manifest %q: %w", m.Label, err)
		}
		m.Box = inner
	default:
		return nil, nil // not a manifest: skipped
	}
	for _, c := range m.Box.Children {
		if c.Desc == nil {
			continue
		}
		switch c.Desc.Tag() {
		case "c2as":
			if m.AssertionStore == nil {
				m.AssertionStore = c
			}
		case "c2cl":
			m.ClaimCount++
			if m.ClaimBox == nil {
				m.ClaimBox = c
				m.ClaimLabel = c.Desc.Label
				if cb := c.Content("cbor"); cb != nil {
					m.ClaimCBOR = cb.Payload
				}
			}
		case "c2cs":
			if m.SigBox == nil {
				m.SigBox = c
				if cb := c.Content("cbor"); cb != nil {
					m.SigCOSE = cb.Payload
				}
			}
		}
	}
	if m.ClaimCBOR != nil {
		m.Claim, m.ClaimErr = DecodeClaim(m.ClaimCBOR, m.ClaimLabel, lim)
	}
	if m.AssertionStore != nil {
		for _, a := range m.AssertionStore.Children {
			if a.Desc == nil {
				continue
			}
			m.Assertions = append(m.Assertions, readAssertion(a))
		}
	}
	m.Prerelease = isPrerelease(m)
	return m, nil
}

func readAssertion(b *Box) *Assertion {
	a := &Assertion{Label: b.Desc.Label, Box: b}
	for _, c := range b.Children {
		switch c.Type {
		case "cbor", "json":
			a.Kind, a.Data = c.Type, c.Payload
		case "bfdb":
			// Embedded-file description: toggles byte, media type, optional file name.
			if len(c.Payload) > 1 {
				mt, _, _ := bytes.Cut(c.Payload[1:], []byte{0})
				a.MediaType = string(mt)
			}
			if a.Kind == "" {
				a.Kind = "bfdb"
			}
		case "bidb":
			a.Kind, a.Data = "bfdb", c.Payload
		case "uuid":
			a.Kind, a.Data = "uuid", c.Payload
		}
		if a.Data != nil && a.Kind != "bfdb" {
			break
		}
	}
	return a
}

// Assertion returns the assertion with the given label, or nil.
func (m *Manifest) Assertion(label string) *Assertion {
	for _, a := range m.Assertions {
		if a.Label == label {
			return a
		}
	}
	return nil
}

// decompressManifest inflates a compressed manifest's brob box, bounded by
// lim.MaxBrotli and by the file's decompression allowance in ctx, and
// parses the result as the manifest's boxes.
func decompressManifest(ctx context.Context, b *Box, lim Limits) (*Box, error) {
	br := b.Content("brob")
	if br == nil || len(br.Payload) < 4 {
		return nil, fmt.Errorf("compressed manifest without brob box: %w", ErrMalformed)
	}
	// The brob payload starts with the four-character type of the
	// compressed content.
	out, truncated, err := container.Inflate(ctx, brotli.NewReader(bytes.NewReader(br.Payload[4:])), lim.MaxBrotli)
	switch {
	case errors.Is(err, container.ErrAllowance):
		return nil, fmt.Errorf("brotli: %w: %w", ErrLimit, err)
	case err != nil:
		return nil, fmt.Errorf("brotli: %w", err)
	case truncated:
		return nil, fmt.Errorf("brotli output: %w (%d bytes)", ErrLimit, lim.MaxBrotli)
	}
	// The inflated bytes are the manifest's description and children; wrap
	// them in a superbox header so the ordinary parser reads them.
	if len(out) >= 8 && string(out[4:8]) == "jumb" {
		return parseJUMBF(ctx, out, lim)
	}
	wrapped := make([]byte, 8, 8+len(out))
	n := len(out) + 8
	wrapped[0], wrapped[1], wrapped[2], wrapped[3] = byte(n>>24), byte(n>>16), byte(n>>8), byte(n)
	copy(wrapped[4:], "jumb")
	wrapped = append(wrapped, out...)
	inner, err := parseJUMBF(ctx, wrapped, lim)
	if err != nil {
		return nil, err
	}
	if inner.Desc.Label == "" {
		inner.Desc.Label = b.Desc.Label
	}
	return inner, nil
}

// isPrerelease recognises manifests written before C2PA 1.0, which
// validators refuse, the way the C2PA SDK does: a claim under another
// label or stored as JSON, or pre-1.0 hashing, where the claim's hashed
// URI of the first assertion covers the assertion's content instead of its
// superbox. Relative JUMBF URIs ("self#jumbf=c2pa.assertions/...", or
// "self#jumbf=c2pa/<manifest>/...") and vendor assertions such as
// adobe.beta are legitimate in 1.x claims: Photoshop and Bing Image
// Creator wrote them, and the SDK trusts those files.
func isPrerelease(m *Manifest) bool {
	if m.ClaimBox == nil {
		return false
	}
	switch m.ClaimLabel {
	case "c2pa.claim", "c2pa.claim.v2":
	default:
		return true
	}
	if m.ClaimCBOR == nil && m.ClaimBox.Content("json") != nil {
		return true
	}
	if m.Claim == nil || len(m.Assertions) == 0 {
		return false
	}
	first := m.Assertions[0]
	if first.Data == nil {
		return false
	}
	for _, ref := range m.Claim.AllAssertions() {
		if uriLast(ref.URL) != first.Label {
			continue
		}
		alg := ref.Alg
		if alg == "" {
			alg = m.Claim.Alg
		}
		if alg == "" {
			alg = "sha256"
		}
		old, err := digest(alg, first.Data)
		return err == nil && bytes.Equal(old, ref.Hash)
	}
	return false
}

// uriLast returns the last path element of a JUMBF URI.
func uriLast(uri string) string {
	if i := strings.LastIndexByte(uri, '/'); i >= 0 {
		return uri[i+1:]
	}
	if _, p, ok := strings.Cut(uri, "#jumbf="); ok {
		return p
	}
	return uri
}
