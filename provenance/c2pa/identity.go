package c2pa

import (
	"bytes"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/fxamacker/cbor/v2"
	"github.com/veraison/go-cose"

	"github.com/provcheck/provcheck/provenance/trust"
)

// CAWG identity assertion validation. The status codes are the strings the
// C2PA SDK (c2pa-rs 0.90) logs, on the identity assertion's URI, in the
// manifest's status; like the SDK, every cawg.* failure makes the manifest
// invalid and an untrusted X.509 identity signer keeps it from trusted.
const (
	CAWGIdentityWellFormed        = "cawg.identity.well-formed"
	CAWGIdentityAssertionMismatch = "cawg.identity.assertion.mismatch"
	CAWGIdentityDuplicate         = "cawg.identity.assertion.duplicate"
	CAWGIdentityHardBinding       = "cawg.identity.hard_binding_missing"
	CAWGIdentityPadInvalid        = "cawg.identity.pad.invalid"
	// CAWGX509SignatureMismatch is CAWG identity 1.3's code for an X.509
	// identity signature that does not verify; c2pa-rs 0.90 logs nothing
	// then, which would leave a forged identity looking sound.
	CAWGX509SignatureMismatch = "cawg.x509.signature.mismatch"

	CAWGICACredentialValid     = "cawg.ica.credential_valid"
	CAWGICAInvalidCOSE         = "cawg.ica.invalid_cose_sign1"
	CAWGICAInvalidAlg          = "cawg.ica.invalid_alg"
	CAWGICAInvalidContentType  = "cawg.ica.invalid_content_type"
	CAWGICAInvalidVC           = "cawg.ica.invalid_verifiable_credential"
	CAWGICAInvalidIssuer       = "cawg.ica.invalid_issuer"
	CAWGICADIDUnavailable      = "cawg.ica.did_unavailable"
	CAWGICAInvalidDIDDocument  = "cawg.ica.invalid_did_document"
	CAWGICASignatureMismatch   = "cawg.ica.signature_mismatch"
	CAWGICATimeStampValidated  = "cawg.ica.time_stamp.validated"
	CAWGICATimeStampInvalid    = "cawg.ica.time_stamp.invalid"
	CAWGICAValidFromMissing    = "cawg.ica.valid_from.missing"
	CAWGICAValidFromInvalid    = "cawg.ica.valid_from.invalid"
	CAWGICAValidUntilInvalid   = "cawg.ica.valid_until.invalid"
	CAWGICASignerPayloadMismat = "cawg.ica.signer_payload.mismatch"

	// AssertionRequiredMissing is what the SDK logs when an identity
	// assertion's CBOR does not decode: the manifest fails to load.
	AssertionRequiredMissing = "assertion.required.missing"
)

func init() {
	for _, c := range []string{CAWGIdentityWellFormed, CAWGICACredentialValid, CAWGICATimeStampValidated} {
		success[c] = true
	}
}

// Identity states.
const (
	// IdentityTrusted: the credential verifies and its issuer is one the
	// configuration trusts for identities.
	IdentityTrusted = "trusted"
	// IdentityValid: the credential verifies, but nothing vouches for its
	// issuer (a self-made certificate or key would pass too).
	IdentityValid = "valid"
	// IdentityInvalid: a check failed; the identity is not established.
	IdentityInvalid = "invalid"
	// IdentityUnverified: provcheck cannot check this kind of credential
	// (an unknown signature type); it is a claim only.
	IdentityUnverified = "unverified"
)

// IdentityResult is what validation found in one identity assertion.
type IdentityResult struct {
	Manifest  string   `json:"manifest"`
	Assertion string   `json:"assertion"`
	URL       string   `json:"url"`
	SigType   string   `json:"sigType,omitempty"`
	Roles     []string `json:"roles,omitempty"`
	State     string   `json:"state"`
	// Reason says, in words, why the state is not trusted.
	Reason string `json:"reason,omitempty"`
	Codes  Codes  `json:"codes"`
	// X509 describes the certificate of a cawg.x509.cose identity.
	X509 *SignerInfo `json:"x509,omitempty"`
	// Credential is the identity claims aggregation credential.
	Credential *CredentialInfo `json:"credential,omitempty"`
}

// CredentialInfo summarises an identity claims aggregation credential.
type CredentialInfo struct {
	Issuer             string             `json:"issuer"`
	ValidFrom          string             `json:"validFrom,omitempty"`
	ValidUntil         string             `json:"validUntil,omitempty"`
	TimeStamp          string             `json:"timeStamp,omitempty"`
	VerifiedIdentities []VerifiedIdentity `json:"verifiedIdentities,omitempty"`
}

// identities validates every identity assertion of manifest m; codes go
// to the manifest's status as well as to each identity.
func (v *validator) identities(m *Manifest, r *ManifestResult) {
	for _, a := range m.Assertions {
		if !IsIdentityLabel(a.Label) {
			continue
		}
		if err := v.ctx.Err(); err != nil {
			return
		}
		ir := &IdentityResult{Manifest: m.Label, Assertion: a.Label, URL: "self#jumbf=/c2pa/" + m.Label + "/c2pa.assertions/" + a.Label}
		run := &identityRun{v: v, m: m, mc: &r.Codes, res: ir}
		run.check(a)
		r.Identities = append(r.Identities, ir)
	}
}

type identityRun struct {
	v   *validator
	m   *Manifest
	mc  *Codes
	res *IdentityResult
	// state once the credential check ran to its end without failure.
	ok, trusted bool
}

func (x *identityRun) add(code, explanation string) {
	x.mc.add(code, x.res.URL, explanation)
	x.res.Codes.add(code, x.res.URL, explanation)
}

func (x *identityRun) check(a *Assertion) {
	defer x.settle()
	if a.Kind != "cbor" {
		x.add(AssertionRequiredMissing, "the cawg.identity assertion is not CBOR, so the manifest cannot be read as the C2PA SDK reads it")
		return
	}
	ia, err := DecodeIdentity(a.Data, x.v.opts.Limits)
	if err != nil {
		x.add(AssertionRequiredMissing, "the cawg.identity assertion does not decode ("+err.Error()+"), so the manifest cannot be read as the C2PA SDK reads it")
		return
	}
	sp := ia.SignerPayload
	x.res.SigType, x.res.Roles = sp.SigType, sp.Roles
	// The SDK's order: padding, references, signature.
	if bad := firstNonZero(ia.Pad1); bad >= 0 {
		x.add(CAWGIdentityPadInvalid, fmt.Sprintf("pad1 has a non-zero byte at offset %d", bad))
	} else if bad := firstNonZero(ia.Pad2); bad >= 0 {
		x.add(CAWGIdentityPadInvalid, fmt.Sprintf("pad2 has a non-zero byte at offset %d", bad))
	}
	if !x.references(sp) {
		return
	}
	switch sp.SigType {
	case SigTypeX509:
		x.x509(ia)
	case SigTypeICA:
		x.ica(ia)
	default:
		// The SDK logs nothing for a signature type it does not know, and
		// the asset's state does not change; the identity stays a claim.
		x.res.Reason = fmt.Sprintf("signature type %q is not one provcheck can check; the identity is claimed, not verified", sp.SigType)
	}
}

// settle derives the identity's state from its codes.
func (x *identityRun) settle() {
	r := x.res
	for _, f := range r.Codes.Failure {
		if f.Code != SigningCredentialUntrusted {
			r.State = IdentityInvalid
			if r.Reason == "" {
				r.Reason = f.Explanation
			}
			return
		}
	}
	switch {
	case x.ok && x.trusted:
		r.State, r.Reason = IdentityTrusted, ""
	case x.ok:
		r.State = IdentityValid
	default:
		r.State = IdentityUnverified
		if r.Reason == "" {
			r.Reason = "the identity could not be checked"
		}
	}
}

func firstNonZero(b []byte) int {
	for i, c := range b {
		if c != 0 {
			return i
		}
	}
	return -1
}

// absoluteURLPrefix is the manifest part of an absolute JUMBF URI, removed
// (first match only) when matching the relative references identity
// assertions write.
var absoluteURLPrefix = regexp.MustCompile(`/c2pa/[^/]+/`)

// references checks the signer payload's referenced assertions against the
// claim. It returns false when validation must stop (a hash differs).
func (x *identityRun) references(sp SignerPayload) bool {
	var claimed []HashedURI
	if x.m.Claim != nil {
		claimed = x.m.Claim.AllAssertions()
	}
	for _, ref := range sp.ReferencedAssertions {
		var found *HashedURI
		for i := range claimed {
			u := claimed[i].URL
			if u == ref.URL || replaceFirst(absoluteURLPrefix, u, "") == ref.URL {
				found = &claimed[i]
				break
			}
		}
		if found == nil {
			x.add(CAWGIdentityAssertionMismatch, "the identity vouches for "+ref.URL+", which the claim does not list")
			continue
		}
		if !bytes.Equal(found.Hash, ref.Hash) {
			// The SDK stops here without a code; a referenced assertion
			// that changed is the mismatch the specification names.
			x.add(CAWGIdentityAssertionMismatch, "the identity's hash of "+ref.URL+" differs from the claim's: the assertion it vouched for was replaced")
			x.res.Reason = "the identity vouches for a different version of " + ref.URL
			return false
		}
	}
	hard := false
	seen := map[string]bool{}
	for _, ref := range sp.ReferencedAssertions {
		if i := strings.LastIndexByte(ref.URL, '/'); i >= 0 && strings.HasPrefix(ref.URL[i+1:], "c2pa.hash.") {
			hard = true
		}
		if seen[ref.URL] {
			x.add(CAWGIdentityDuplicate, "the identity lists "+ref.URL+" more than once")
		}
		seen[ref.URL] = true
	}
	if !hard {
		x.add(CAWGIdentityHardBinding, "the identity does not vouch for the manifest's hard binding, so it is not tied to this file's content")
	}
	return true
}

func replaceFirst(re *regexp.Regexp, s, with string) string {
	loc := re.FindStringIndex(s)
	if loc == nil {
		return s
	}
	return s[:loc[0]] + with + s[loc[1]:]
}

// x509 checks a cawg.x509.cose identity: a COSE_Sign1 over the signer
// payload by an X.509 certificate, its profile, validity and trust.
func (x *identityRun) x509(ia *IdentityAssertion) {
	lim := x.v.opts.Limits
	sig, err := ParseSignature(ia.Signature, lim)
	if sig != nil {
		info := &SignerInfo{Alg: sig.AlgName()}
		for _, c := range sig.Chain {
			info.Chain = append(info.Chain, certInfo(c))
		}
		if len(sig.Chain) > 0 {
			info.CommonName = sig.Chain[0].Subject.CommonName
			if len(sig.Chain[0].Subject.Organization) > 0 {
				info.Issuer = sig.Chain[0].Subject.Organization[0]
			}
		}
		x.res.X509 = info
	}
	switch {
	case err != nil && errors.Is(err, errAlgUnsupported):
		x.add(AlgorithmUnsupported, "identity signature: "+err.Error())
		return
	case err != nil:
		x.add(CAWGX509SignatureMismatch, "identity signature: "+err.Error())
		return
	case sig.ChainErr != nil || len(sig.Chain) == 0:
		x.add(SigningCredentialInvalid, fmt.Sprintf("identity certificate chain: %v", sig.ChainErr))
		return
	}
	leaf := sig.Chain[0]
	payload, err := encodeSignerPayload(ia.SignerPayload)
	if err != nil {
		x.add(CAWGX509SignatureMismatch, "identity signer payload: "+err.Error())
		return
	}
	// A time-stamp, when one verifies, dates the signature (the SDK
	// checks the certificate at the current time only).
	at := x.v.opts.now()
	if len(sig.TimeStamps) > 0 {
		if t, ok := x.x509TimeStamp(sig, payload); ok {
			at = t
			x.res.X509.Time = t.UTC().Format(timeFormat)
			x.res.X509.TimeSource = map[int]string{1: "sigTst", 2: "sigTst2"}[sig.TimeStampVersion]
		}
	}
	// The SDK verifies its own encoding of the signer payload; a signer
	// that signed the stored bytes (differently encoded) is accepted too.
	if err := sig.Verify(payload); err != nil {
		if bytes.Equal(payload, ia.SignerPayloadRaw) || sig.Verify(ia.SignerPayloadRaw) != nil {
			x.add(CAWGX509SignatureMismatch, "the identity signature does not verify over the signer payload: "+err.Error())
			return
		}
	}
	if at.Before(leaf.NotBefore) || at.After(leaf.NotAfter) {
		x.add(SigningCredentialExpired, fmt.Sprintf("identity certificate valid %s to %s, not at %s",
			leaf.NotBefore.UTC().Format(timeFormat), leaf.NotAfter.UTC().Format(timeFormat), at.UTC().Format(timeFormat)))
		return
	}
	if err := checkSignerProfile(leaf); err != nil {
		x.add(SigningCredentialInvalid, fmt.Sprintf("identity certificate profile: %v", err))
		return
	}
	store := x.v.opts.IdentityTrust
	if store == nil {
		store = trust.Empty()
	}
	if list, err := store.Verify(sig.Chain, at); err == nil {
		x.trusted = true
		x.res.X509.TrustList = list
		x.add(SigningCredentialTrusted, "identity certificate trusted via the "+list+" list")
	} else {
		x.res.Reason = "the identity's certificate is on no identity trust list: anyone can make such a certificate"
		x.add(SigningCredentialUntrusted, "the identity certificate does not chain to a configured identity trust anchor")
	}
	x.ok = true
	x.add(CAWGIdentityWellFormed, "identity signature valid")
}

// x509TimeStamp checks an X.509 identity signature's time-stamp with the
// package's RFC 3161 helpers; it returns the time when the token verifies.
func (x *identityRun) x509TimeStamp(sig *Signature, payload []byte) (time.Time, bool) {
	t, err := checkTimeStamp(sig, payload)
	if err != nil {
		x.add(TimeStampMismatch, "identity time-stamp: "+err.Error())
		return time.Time{}, false
	}
	x.add(TimeStampValidated, "identity time-stamp "+t.Format(timeFormat))
	return t, true
}

// checkTimeStamp verifies the first time-stamp token of a COSE signature
// over payload: imprint, TSA signature and the TSA certificate's validity.
func checkTimeStamp(sig *Signature, payload []byte) (time.Time, error) {
	ts, err := ParseTimeStamp(sig.TimeStamps[0])
	if err != nil {
		return time.Time{}, err
	}
	p, err := sig.timestampPayload(payload)
	if err != nil || !ts.Covers(p) {
		return time.Time{}, errors.New("the time-stamp does not cover this signature")
	}
	if err := ts.VerifySignature(); err != nil {
		return time.Time{}, err
	}
	tsa := ts.Chain[0]
	if ts.Time.Before(tsa.NotBefore) || ts.Time.After(tsa.NotAfter) {
		return time.Time{}, errors.New("the time-stamping certificate was not valid at the time-stamp")
	}
	return ts.Time, nil
}

// ica checks an identity claims aggregation credential, step by step as
// the SDK does: COSE structure, algorithm, content type, the credential,
// the issuer's key and signature, time-stamp, validity window and the
// binding to the signer payload.
func (x *identityRun) ica(ia *IdentityAssertion) {
	msg, err := parseSign1(ia.Signature, x.v.opts.Limits)
	if err != nil {
		x.add(CAWGICAInvalidCOSE, "identity credential: "+err.Error())
		return
	}
	alg, hasAlg := intHeader(msg.Headers, 1)
	if !hasAlg || cose.Algorithm(alg) != cose.AlgorithmEdDSA {
		x.add(CAWGICAInvalidAlg, "identity credential: the signature algorithm is not EdDSA (Ed25519)")
		return
	}
	ok := true
	fail := func(code, expl string) { ok = false; x.add(code, expl) }
	if ct, isText := header(msg.Headers, 3, "").(string); !isText || ct != "application/vc" {
		fail(CAWGICAInvalidContentType, "identity credential: content type is not application/vc")
	}
	if msg.payload == nil {
		x.add(CAWGICAInvalidVC, "identity credential: the COSE signature carries no credential")
		return
	}
	vc, err := ParseCredential(msg.payload)
	if err != nil {
		x.add(CAWGICAInvalidVC, "identity credential: "+err.Error())
		return
	}
	info := &CredentialInfo{Issuer: vc.Issuer, VerifiedIdentities: vc.VerifiedIdentities}
	if vc.ValidFrom != nil {
		info.ValidFrom = vc.ValidFrom.UTC().Format(time.RFC3339)
	}
	if vc.ValidUntil != nil {
		info.ValidUntil = vc.ValidUntil.UTC().Format(time.RFC3339)
	}
	x.res.Credential = info
	if code, err := verifyIssuer(msg, vc.Issuer); err != nil {
		fail(code, "identity credential issuer "+vc.Issuer+": "+err.Error())
	}
	var tstTime *time.Time
	if len(msg.TimeStamps) > 0 {
		if t, err := checkTimeStamp(msg.Signature, msg.payload); err != nil {
			fail(CAWGICATimeStampInvalid, "identity credential time-stamp: "+err.Error())
		} else {
			tstTime = &t
			info.TimeStamp = t.UTC().Format(timeFormat)
			x.add(CAWGICATimeStampValidated, "identity credential time-stamp "+info.TimeStamp)
		}
	}
	now := x.v.opts.now()
	switch {
	case vc.ValidFrom == nil:
		fail(CAWGICAValidFromMissing, "identity credential has no validFrom date")
	case now.Before(*vc.ValidFrom):
		fail(CAWGICAValidFromInvalid, "identity credential is valid only from "+info.ValidFrom)
	case tstTime != nil && tstTime.Before(*vc.ValidFrom):
		fail(CAWGICAValidFromInvalid, "identity credential was time-stamped before its validFrom date "+info.ValidFrom)
	}
	switch {
	case vc.ValidUntil == nil:
	case now.After(*vc.ValidUntil):
		fail(CAWGICAValidUntilInvalid, "identity credential expired on "+info.ValidUntil)
	case tstTime != nil && tstTime.After(*vc.ValidUntil):
		fail(CAWGICAValidUntilInvalid, "identity credential was time-stamped after it expired on "+info.ValidUntil)
	}
	if !sameSignerPayload(ia.SignerPayload, vc.Asset) {
		fail(CAWGICASignerPayloadMismat, "the credential's c2paAsset does not match this identity assertion's signer payload: it was issued for other content")
	}
	if !ok {
		return
	}
	x.ok = true
	for _, iss := range x.v.opts.IdentityIssuers {
		if iss == didPrimary(vc.Issuer) {
			x.trusted = true
		}
	}
	if !x.trusted {
		x.res.Reason = "the credential's issuer " + vc.Issuer + " is on no list of trusted identity issuers"
		if strings.HasPrefix(vc.Issuer, "did:jwk:") {
			x.res.Reason = "the credential's issuer is a bare key (did:jwk) that anyone can make; no list of trusted identity issuers names it"
		}
	}
	x.add(CAWGICACredentialValid, "identity credential valid")
}

// sameSignerPayload compares the assertion's signer payload with the
// credential's c2paAsset; a reference without alg takes the credential's,
// as the SDK does.
func sameSignerPayload(sp, asset SignerPayload) bool {
	if sp.SigType != asset.SigType || len(sp.ReferencedAssertions) != len(asset.ReferencedAssertions) || len(sp.Roles) != len(asset.Roles) {
		return false
	}
	for i, r := range sp.ReferencedAssertions {
		a := asset.ReferencedAssertions[i]
		alg := r.Alg
		if alg == "" {
			alg = a.Alg
		}
		if r.URL != a.URL || alg != a.Alg || !bytes.Equal(r.Hash, a.Hash) {
			return false
		}
	}
	for i := range sp.Roles {
		if sp.Roles[i] != asset.Roles[i] {
			return false
		}
	}
	return true
}

// sign1 is a COSE_Sign1 with an embedded payload (identity claims
// aggregation signatures carry the credential).
type sign1 struct {
	*Signature
	payload []byte
}

// parseSign1 parses a tagged COSE_Sign1 whose payload is embedded.
func parseSign1(data []byte, lim Limits) (*sign1, error) {
	var t cbor.Tag
	if err := decMode(lim).Unmarshal(data, &t); err != nil {
		return nil, fmt.Errorf("cose: %w", err)
	}
	if t.Number != 18 {
		return nil, fmt.Errorf("cose: tag %d, not COSE_Sign1: %w", t.Number, ErrMalformed)
	}
	arr, ok := t.Content.([]any)
	if !ok || len(arr) != 4 {
		return nil, fmt.Errorf("cose: not a four-element array: %w", ErrMalformed)
	}
	s := &Signature{Headers: map[any]any{}}
	if s.Protected, ok = arr[0].([]byte); !ok {
		return nil, fmt.Errorf("cose: protected header is not a byte string: %w", ErrMalformed)
	}
	if s.Unprot, ok = arr[1].(map[any]any); !ok {
		return nil, fmt.Errorf("cose: unprotected header is not a map: %w", ErrMalformed)
	}
	if s.Sig, ok = arr[3].([]byte); !ok {
		return nil, fmt.Errorf("cose: signature is not a byte string: %w", ErrMalformed)
	}
	if len(s.Protected) > 0 {
		if err := decMode(lim).Unmarshal(s.Protected, &s.Headers); err != nil {
			return nil, fmt.Errorf("cose: protected header: %w", err)
		}
	}
	out := &sign1{Signature: s}
	switch p := arr[2].(type) {
	case nil:
	case []byte:
		out.payload = p
	default:
		return nil, fmt.Errorf("cose: payload is not a byte string: %w", ErrMalformed)
	}
	if tst, ok := header(s.Unprot, nil, "sigTst2").(map[any]any); ok {
		s.TimeStamps, s.TimeStampVersion = tstTokens(tst), 2
	} else if tst, ok := header(s.Unprot, nil, "sigTst").(map[any]any); ok {
		s.TimeStamps, s.TimeStampVersion = tstTokens(tst), 1
	}
	return out, nil
}

// errDIDUnavailable marks a DID provcheck cannot resolve offline.
var errDIDUnavailable = errors.New("resolving this DID needs the network; provcheck works offline")

// verifyIssuer resolves the issuer's key (did:jwk locally; did:web would
// need the network) and checks the credential's Ed25519 signature. On
// failure it returns the status code to log.
func verifyIssuer(msg *sign1, issuer string) (string, error) {
	method, id, ok := parseDID(didPrimary(issuer))
	if !ok {
		return CAWGICAInvalidIssuer, errors.New("not a DID")
	}
	var key ed25519.PublicKey
	switch method {
	case "jwk":
		k, err := jwkKey(id)
		if err != nil {
			return CAWGICAInvalidDIDDocument, err
		}
		key = k
	case "web":
		return CAWGICADIDUnavailable, errDIDUnavailable
	default:
		return CAWGICAInvalidIssuer, fmt.Errorf("unsupported DID method %q", method)
	}
	tbs, err := msg.sigStructure(msg.payload)
	if err != nil {
		return CAWGICASignatureMismatch, err
	}
	if len(msg.Sig) != ed25519.SignatureSize || !ed25519.Verify(key, tbs, msg.Sig) {
		return CAWGICASignatureMismatch, errors.New("the issuer's signature does not verify")
	}
	return "", nil
}

// didPrimary strips a DID URL's fragment.
func didPrimary(did string) string {
	if i := strings.IndexByte(did, '#'); i >= 0 {
		return did[:i]
	}
	return did
}

// parseDID splits "did:<method>:<id>" (method: lower-case letters and
// digits; id non-empty).
func parseDID(s string) (method, id string, ok bool) {
	rest, found := strings.CutPrefix(s, "did:")
	if !found {
		return "", "", false
	}
	method, id, found = strings.Cut(rest, ":")
	if !found || method == "" || id == "" {
		return "", "", false
	}
	for _, c := range method {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
			return "", "", false
		}
	}
	return method, id, true
}

// jwkKey decodes a did:jwk method-specific id: base64url JSON of an OKP
// Ed25519 public key.
func jwkKey(id string) (ed25519.PublicKey, error) {
	raw, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(id, "="))
	if err != nil {
		return nil, fmt.Errorf("did:jwk: %w", err)
	}
	var jwk struct {
		Kty string `json:"kty"`
		Crv string `json:"crv"`
		X   string `json:"x"`
	}
	if err := json.Unmarshal(raw, &jwk); err != nil {
		return nil, fmt.Errorf("did:jwk: %w", err)
	}
	if jwk.Kty != "OKP" || jwk.Crv != "Ed25519" {
		return nil, fmt.Errorf("did:jwk: key type %q curve %q, not OKP Ed25519", jwk.Kty, jwk.Crv)
	}
	x, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(jwk.X, "="))
	if err != nil || len(x) != ed25519.PublicKeySize {
		return nil, errors.New("did:jwk: x is not an Ed25519 public key")
	}
	return ed25519.PublicKey(x), nil
}

// identityUntrusted reports whether an X.509 identity signer of the
// manifest reached no trust list: like the SDK, provcheck then does not
// call the manifest trusted.
func (m *ManifestResult) identityUntrusted() bool {
	for _, id := range m.Identities {
		if id.Codes.Has(SigningCredentialUntrusted) {
			return true
		}
	}
	return false
}

// writeIdentities prints a manifest's identities in the inspect tree.
func writeIdentities(tw *treeWriter, ids []*IdentityResult) {
	for _, id := range ids {
		tw.line(2, fmt.Sprintf("identity %s: %s (%s)", id.Assertion, id.State, id.SigType))
		if x := id.X509; x != nil {
			tw.line(3, "certificate: "+x.CommonName+" ("+x.Issuer+")")
		}
		if c := id.Credential; c != nil {
			tw.line(3, "issuer: "+c.Issuer)
			for _, v := range c.VerifiedIdentities {
				parts := []string{v.Type + ":"}
				for _, p := range []string{v.Name, v.Username, v.Address} {
					if p != "" {
						parts = append(parts, p)
					}
				}
				tw.line(3, strings.Join(parts, " ")+" (verified by "+v.Provider.Name+")")
			}
		}
		if id.Reason != "" {
			tw.line(3, "why: "+id.Reason)
		}
		for _, f := range id.Codes.Failure {
			tw.line(3, "failure: "+f.Code+": "+f.Explanation)
		}
	}
}
