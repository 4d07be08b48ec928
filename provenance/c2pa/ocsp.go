package c2pa

import (
	"bytes"
	"crypto"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"time"
)

// OCSP (RFC 6960) structures, only what a stapled response check reads.

var oidOCSPBasic = asn1.ObjectIdentifier{1, 3, 6, 1, 5, 5, 7, 48, 1, 1}

type ocspResponse struct {
	Status asn1.Enumerated
	Bytes  ocspResponseBytes `asn1:"explicit,tag:0,optional"`
}

type ocspResponseBytes struct {
	Type     asn1.ObjectIdentifier
	Response []byte
}

type ocspBasic struct {
	TBS       ocspResponseData
	SigAlg    pkix.AlgorithmIdentifier
	Signature asn1.BitString
	Certs     []asn1.RawValue `asn1:"explicit,tag:0,optional"`
}

type ocspResponseData struct {
	Raw        asn1.RawContent
	Version    int `asn1:"optional,explicit,default:0,tag:0"`
	Responder  asn1.RawValue
	ProducedAt time.Time `asn1:"generalized"`
	Responses  []ocspSingle
}

type ocspSingle struct {
	CertID     ocspCertID
	Good       asn1.Flag        `asn1:"tag:0,optional"`
	Revoked    ocspRevokedInfo  `asn1:"tag:1,optional"`
	Unknown    asn1.Flag        `asn1:"tag:2,optional"`
	ThisUpdate time.Time        `asn1:"generalized"`
	NextUpdate time.Time        `asn1:"generalized,explicit,tag:0,optional"`
	Extensions []pkix.Extension `asn1:"explicit,tag:1,optional"`
}

type ocspCertID struct {
	HashAlg       pkix.AlgorithmIdentifier
	NameHash      []byte
	IssuerKeyHash []byte
	Serial        *big.Int
}

type ocspRevokedInfo struct {
	Time   time.Time       `asn1:"generalized"`
	Reason asn1.Enumerated `asn1:"explicit,tag:0,optional"`
}

// ocspStatus is what a stapled response says about one certificate.
type ocspStatus struct {
	Good, Revoked, Unknown bool
	RevokedAt              time.Time
	ThisUpdate             time.Time
	Produced               time.Time
}

// stapledStatus finds the status of the signing certificate (chain[0]) in
// stapled OCSP responses: the first usable response decides. When none is
// usable the error says why each was set aside.
//
// As the C2PA SDK, a response counts only when it is about this
// certificate from this issuer (serial, issuer name hash and key hash:
// RFC 6960 4.1.1) and is signed by an authorised responder: a responder
// certificate the issuer delegated with the OCSP-signing extended key
// usage, valid at time at (RFC 6960 4.2.2.2). Unlike the SDK, which reads
// only responses that embed a delegated responder, the issuer itself is
// also accepted, as RFC 6960 allows.
//
// dated says whether at comes from a verified time-stamp. Then a "good"
// response must cover it (thisUpdate..nextUpdate, or a day after
// producedAt without nextUpdate): a stale response is set aside. The SDK
// reports signingCredential.ocsp.revoked for it; a response that says
// "good" is no evidence of revocation, so provcheck only refuses to use
// it. Without a time-stamp the signing time is unknown and, as in the SDK,
// only a response dated after now is refused.
func stapledStatus(responses [][]byte, chain []*x509.Certificate, at time.Time, dated bool) (*ocspStatus, error) {
	var why []string
	for i, der := range responses {
		st, err := parseOCSP(der, chain, at, dated)
		if err != nil {
			why = append(why, fmt.Sprintf("response %d: %v", i, err))
			continue
		}
		return st, nil
	}
	return nil, errors.New(strings.Join(why, "; "))
}

func parseOCSP(der []byte, chain []*x509.Certificate, at time.Time, dated bool) (*ocspStatus, error) {
	if len(chain) < 2 {
		return nil, errors.New("the signing certificate's issuer is not in x5chain")
	}
	cert, issuer := chain[0], chain[1]
	var resp ocspResponse
	if _, err := asn1.Unmarshal(der, &resp); err != nil {
		return nil, fmt.Errorf("not an OCSP response: %w", err)
	}
	if resp.Status != 0 || !resp.Bytes.Type.Equal(oidOCSPBasic) {
		return nil, fmt.Errorf("response status %d, not a successful basic response", resp.Status)
	}
	var basic ocspBasic
	if _, err := asn1.Unmarshal(resp.Bytes.Response, &basic); err != nil {
		return nil, fmt.Errorf("basic response: %w", err)
	}
	if err := ocspSignatureOK(&basic, issuer, at); err != nil {
		return nil, err
	}
	for _, r := range basic.TBS.Responses {
		if r.CertID.Serial == nil || r.CertID.Serial.Cmp(cert.SerialNumber) != 0 || !issuedBy(r.CertID, issuer) {
			continue
		}
		st := &ocspStatus{Produced: basic.TBS.ProducedAt, ThisUpdate: r.ThisUpdate}
		switch {
		case bool(r.Good):
			st.Good = true
		case !r.Revoked.Time.IsZero():
			st.Revoked, st.RevokedAt = true, r.Revoked.Time
			return st, nil
		default:
			st.Unknown = true
			return st, nil
		}
		if !dated {
			if r.ThisUpdate.After(at) {
				return nil, fmt.Errorf("response dated %s, after the validation time %s", r.ThisUpdate.UTC().Format(timeFormat), at.UTC().Format(timeFormat))
			}
			return st, nil
		}
		next := r.NextUpdate
		if next.IsZero() {
			next = basic.TBS.ProducedAt.Add(24 * time.Hour)
		}
		if at.After(next) {
			return nil, fmt.Errorf("stale response: valid %s to %s, signed at %s", r.ThisUpdate.UTC().Format(timeFormat), next.UTC().Format(timeFormat), at.UTC().Format(timeFormat))
		}
		return st, nil
	}
	return nil, errors.New("the response is about another certificate or issuer (serial number, issuer name or key hash differ)")
}

// ocspSignatureOK verifies the response with the signing certificate's
// issuer or a responder certificate it delegated.
func ocspSignatureOK(b *ocspBasic, issuer *x509.Certificate, at time.Time) error {
	algs := map[string]x509.SignatureAlgorithm{
		"1.2.840.113549.1.1.11": x509.SHA256WithRSA, "1.2.840.113549.1.1.12": x509.SHA384WithRSA,
		"1.2.840.113549.1.1.13": x509.SHA512WithRSA, "1.2.840.10045.4.3.2": x509.ECDSAWithSHA256,
		"1.2.840.10045.4.3.3": x509.ECDSAWithSHA384, "1.2.840.10045.4.3.4": x509.ECDSAWithSHA512,
		"1.3.101.112": x509.PureEd25519,
	}
	alg, ok := algs[b.SigAlg.Algorithm.String()]
	if !ok {
		return fmt.Errorf("response signature algorithm %s not supported", b.SigAlg.Algorithm)
	}
	signers := []*x509.Certificate{issuer}
	var refused []string
	for i, raw := range b.Certs {
		c, err := x509.ParseCertificate(raw.FullBytes)
		switch {
		case err != nil:
			refused = append(refused, fmt.Sprintf("responder certificate %d: %v", i, err))
		case bytes.Equal(c.Raw, issuer.Raw):
		case c.CheckSignatureFrom(issuer) != nil:
			refused = append(refused, fmt.Sprintf("responder %q is not issued by the signer's issuer", c.Subject.CommonName))
		case !hasEKU(c, x509.ExtKeyUsageOCSPSigning):
			// A delegated responder must carry id-kp-OCSPSigning
			// (RFC 6960 4.2.2.2).
			refused = append(refused, fmt.Sprintf("responder %q lacks the OCSP-signing extended key usage", c.Subject.CommonName))
		case at.Before(c.NotBefore) || at.After(c.NotAfter):
			refused = append(refused, fmt.Sprintf("responder %q was not valid at %s", c.Subject.CommonName, at.UTC().Format(timeFormat)))
		default:
			signers = append(signers, c)
		}
	}
	for _, s := range signers {
		if s.CheckSignature(alg, b.TBS.Raw, b.Signature.RightAlign()) == nil {
			return nil
		}
	}
	return errors.New(strings.Join(append([]string{"the response is not signed by the issuer or a responder it authorised"}, refused...), ": "))
}

// issuedBy reports whether a CertID names issuer: the hashes of its
// subject name and of its public key.
func issuedBy(id ocspCertID, issuer *x509.Certificate) bool {
	var h crypto.Hash
	switch id.HashAlg.Algorithm.String() {
	case "1.3.14.3.2.26":
		h = crypto.SHA1
	case "2.16.840.1.101.3.4.2.1":
		h = crypto.SHA256
	case "2.16.840.1.101.3.4.2.2":
		h = crypto.SHA384
	case "2.16.840.1.101.3.4.2.3":
		h = crypto.SHA512
	default:
		return false
	}
	var spki struct {
		Alg pkix.AlgorithmIdentifier
		Key asn1.BitString
	}
	if _, err := asn1.Unmarshal(issuer.RawSubjectPublicKeyInfo, &spki); err != nil {
		return false
	}
	nh := h.New()
	nh.Write(issuer.RawSubject)
	kh := h.New()
	kh.Write(spki.Key.RightAlign())
	return bytes.Equal(nh.Sum(nil), id.NameHash) && bytes.Equal(kh.Sum(nil), id.IssuerKeyHash)
}

// certificateStatus returns the OCSP responses of a manifest's
// c2pa.certificate-status assertions (C2PA 2.x: {"ocspVals": [bstr]}),
// about the manifest's own signing certificate. An assertion that does not
// decode gives none; its hashed URI is checked like any other.
func certificateStatus(m *Manifest, lim Limits) [][]byte {
	var out [][]byte
	for _, a := range m.Assertions {
		if a.BaseLabel() != "c2pa.certificate-status" || a.Kind != "cbor" {
			continue
		}
		var cs struct {
			OCSPVals [][]byte `cbor:"ocspVals"`
		}
		if err := decMode(lim).Unmarshal(a.Data, &cs); err != nil {
			continue
		}
		out = append(out, cs.OCSPVals...)
	}
	return out
}
