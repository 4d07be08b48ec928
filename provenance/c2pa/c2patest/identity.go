package c2patest

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"math/big"
	"time"

	"github.com/fxamacker/cbor/v2"
	"github.com/veraison/go-cose"
)

// CAWG identity assertions (creator identity) for fixtures: an X.509 COSE
// identity signed by its own test CA, or an identity claims aggregation
// credential issued by a did:jwk key, each optionally broken one way.

// Identity signature types.
const (
	SigTypeX509 = "cawg.x509.cose"
	SigTypeICA  = "cawg.identity_claims_aggregation"
)

// Ways to break an identity assertion. An expired credential is made with
// a short-lived IdentitySigner or an ICA ValidUntil before the clock.
const (
	IdentityIntact    = ""
	IdentityBadSig    = "signature" // a byte of the identity signature flipped
	IdentityRefHash   = "reference" // the signer payload's hash of the hard binding altered
	IdentityWrongType = "sig-type"  // sig_type names the other credential type
	IdentityUnknown   = "unknown"   // sig_type no validator knows
)

// Identity describes a cawg.identity assertion to add to a fixture.
type Identity struct {
	// SigType is SigTypeX509 or SigTypeICA.
	SigType string
	// X509 signs a SigTypeX509 identity.
	X509 *IdentitySigner
	// Issuer signs a SigTypeICA credential; NewIssuer makes one.
	Issuer *Issuer
	// ValidFrom and ValidUntil bound an ICA credential (ValidUntil zero:
	// open-ended).
	ValidFrom, ValidUntil time.Time
	Break                 string
}

// IdentitySigner is an identity CA and an identity-signing leaf.
type IdentitySigner struct {
	Key    *ecdsa.PrivateKey
	Leaf   *x509.Certificate
	CA     *x509.Certificate
	CAPEM  []byte
	Person string // the leaf's common name
	Org    string
}

// NewIdentitySigner makes a CA and a leaf for "Jane Example" at "Example
// News" valid from notBefore for the given duration, with the CAWG
// identity profile (digitalSignature, documentSigning EKU).
func NewIdentitySigner(notBefore time.Time, validity time.Duration) (*IdentitySigner, error) {
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	caTmpl := &x509.Certificate{
		SerialNumber: big.NewInt(11), Subject: pkix.Name{CommonName: "provcheck test identity CA", Organization: []string{"provcheck TEST"}},
		NotBefore: notBefore.Add(-time.Hour), NotAfter: notBefore.AddDate(5, 0, 0),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	if err != nil {
		return nil, err
	}
	ca, _ := x509.ParseCertificate(caDER)
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	leafTmpl := &x509.Certificate{
		SerialNumber: big.NewInt(12), Subject: pkix.Name{CommonName: "Jane Example", Organization: []string{"Example News"}},
		NotBefore: notBefore.Add(-time.Hour), NotAfter: notBefore.Add(validity),
		KeyUsage:           x509.KeyUsageDigitalSignature,
		UnknownExtKeyUsage: []asn1.ObjectIdentifier{oidDocumentSigning},
	}
	leafDER, err := x509.CreateCertificate(rand.Reader, leafTmpl, ca, &key.PublicKey, caKey)
	if err != nil {
		return nil, err
	}
	leaf, _ := x509.ParseCertificate(leafDER)
	return &IdentitySigner{Key: key, Leaf: leaf, CA: ca, CAPEM: pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: caDER}),
		Person: "Jane Example", Org: "Example News"}, nil
}

// Issuer is an identity claims aggregation issuer with a did:jwk identity.
type Issuer struct {
	Key ed25519.PrivateKey
	DID string
}

// NewIssuer makes an Ed25519 issuer key and its did:jwk.
func NewIssuer() (*Issuer, error) {
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, err
	}
	jwk, err := json.Marshal(map[string]string{"kty": "OKP", "crv": "Ed25519", "x": base64.RawURLEncoding.EncodeToString(pub)})
	if err != nil {
		return nil, err
	}
	return &Issuer{Key: priv, DID: "did:jwk:" + base64.RawURLEncoding.EncodeToString(jwk)}, nil
}

// identityAssertion builds the CBOR of a cawg.identity assertion that
// vouches for the hard binding (binding: its hashed URI, url and hash).
func identityAssertion(id *Identity, binding map[string]any) ([]byte, error) {
	ref := map[string]any{"url": binding["url"], "hash": append([]byte{}, binding["hash"].([]byte)...)}
	if id.Break == IdentityRefHash {
		ref["hash"].([]byte)[0] ^= 0xFF
	}
	sigType := id.SigType
	switch id.Break {
	case IdentityWrongType:
		sigType = map[string]string{SigTypeX509: SigTypeICA, SigTypeICA: SigTypeX509}[id.SigType]
	case IdentityUnknown:
		sigType = "org.example.naive_credential"
	}
	refs := []any{ref}
	sp := orderedMap{{"referenced_assertions", []any{orderedMap{{"url", ref["url"]}, {"hash", ref["hash"]}}}}, {"sig_type", sigType}}
	spCBOR, err := sp.MarshalCBOR()
	if err != nil {
		return nil, err
	}
	var sig []byte
	switch id.SigType {
	case SigTypeX509:
		sig, err = id.signX509(spCBOR)
	case SigTypeICA:
		sig, err = id.signICA(refs)
	default:
		err = errors.New("c2patest: identity sig type " + id.SigType)
	}
	if err != nil {
		return nil, err
	}
	if id.Break == IdentityBadSig {
		sig[len(sig)-5] ^= 0x01
	}
	return orderedMap{
		{"signer_payload", cbor.RawMessage(spCBOR)},
		{"signature", sig},
		{"pad1", make([]byte, 32)},
	}.MarshalCBOR()
}

// signX509 makes a COSE_Sign1_Tagged with detached payload over the
// signer payload.
func (id *Identity) signX509(payload []byte) ([]byte, error) {
	s := id.X509
	if s == nil {
		return nil, errors.New("c2patest: X.509 identity without a signer")
	}
	prot, err := cbor.Marshal(map[any]any{int64(1): int64(cose.AlgorithmES256), int64(33): []any{s.Leaf.Raw, s.CA.Raw}})
	if err != nil {
		return nil, err
	}
	tbs, err := cbor.Marshal([]any{"Signature1", prot, []byte{}, payload})
	if err != nil {
		return nil, err
	}
	signer, err := cose.NewSigner(cose.AlgorithmES256, s.Key)
	if err != nil {
		return nil, err
	}
	sig, err := signer.Sign(rand.Reader, tbs)
	if err != nil {
		return nil, err
	}
	return cbor.Marshal(cbor.Tag{Number: 18, Content: []any{prot, map[any]any{}, nil, sig}})
}

// signICA issues the credential and signs it as a COSE_Sign1_Tagged with
// the credential embedded (content type application/vc).
func (id *Identity) signICA(refs []any) ([]byte, error) {
	iss := id.Issuer
	if iss == nil {
		return nil, errors.New("c2patest: ICA identity without an issuer")
	}
	var assetRefs []any
	for _, r := range refs {
		m := r.(map[string]any)
		assetRefs = append(assetRefs, map[string]any{"url": m["url"], "hash": base64.StdEncoding.EncodeToString(m["hash"].([]byte))})
	}
	vc := map[string]any{
		"@context": []string{"https://www.w3.org/ns/credentials/v2", "https://cawg.io/identity/1.1/ica/context/"},
		"type":     []string{"VerifiableCredential", "IdentityClaimsAggregationCredential"},
		"issuer":   iss.DID,
		"credentialSubject": map[string]any{
			"verifiedIdentities": []any{
				map[string]any{"type": "cawg.document_verification", "name": "Jane Example", "verifiedAt": "2026-01-02T10:00:00Z",
					"provider": map[string]string{"id": "https://id-verifier.example", "name": "Example ID Verifier"}},
				map[string]any{"type": "cawg.social_media", "name": "Jane Example", "username": "janeexample", "uri": "https://social.example/janeexample",
					"verifiedAt": "2026-01-02T10:05:00Z", "provider": map[string]string{"id": "https://social.example", "name": "Example Social"}},
				map[string]any{"type": "cawg.affiliation", "verifiedAt": "2026-01-02T10:06:00Z",
					"provider": map[string]string{"id": "https://news.example", "name": "Example News"}},
			},
			"c2paAsset": map[string]any{"referenced_assertions": assetRefs, "sig_type": SigTypeICA},
		},
		"validFrom": id.ValidFrom.UTC().Format(time.RFC3339),
	}
	if !id.ValidUntil.IsZero() {
		vc["validUntil"] = id.ValidUntil.UTC().Format(time.RFC3339)
	}
	payload, err := json.Marshal(vc)
	if err != nil {
		return nil, err
	}
	prot, err := cbor.Marshal(map[any]any{int64(1): int64(cose.AlgorithmEdDSA), int64(3): "application/vc"})
	if err != nil {
		return nil, err
	}
	tbs, err := cbor.Marshal([]any{"Signature1", prot, []byte{}, payload})
	if err != nil {
		return nil, err
	}
	sig := ed25519.Sign(iss.Key, tbs)
	return cbor.Marshal(cbor.Tag{Number: 18, Content: []any{prot, map[any]any{}, payload, sig}})
}

// orderedMap is a CBOR map written in the given key order, as identity
// signers write the signer payload.
type orderedMap []struct {
	k string
	v any
}

func (m orderedMap) MarshalCBOR() ([]byte, error) {
	out := []byte{0xA0 | byte(len(m))}
	for _, p := range m {
		k, err := cbor.Marshal(p.k)
		if err != nil {
			return nil, err
		}
		v, err := cbor.Marshal(p.v)
		if err != nil {
			return nil, err
		}
		out = append(append(out, k...), v...)
	}
	return out, nil
}
