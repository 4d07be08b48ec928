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
	Good      bool
	Revoked   bool
	RevokedAt time.Time
	Produced  time.Time
}

// stapledStatus finds the status of cert in stapled OCSP responses. The
// response signature is checked against the chain when its responder
// certificate is the issuer or is included; a response that cannot be
// verified is ignored.
//
// A response counts only when it is about this certificate from this
// issuer (serial, issuer name hash and key hash), is signed by the issuer
// or by a responder the issuer delegated with the OCSP-signing extended key
// usage, and was not stale at time at (its nextUpdate passed).
func stapledStatus(responses [][]byte, cert *x509.Certificate, chain []*x509.Certificate, at time.Time) (*ocspStatus, error) {
	var errs []error
	for _, der := range responses {
		st, err := parseOCSP(der, cert, chain, at)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if st != nil {
			return st, nil
		}
	}
	return nil, errors.Join(errs...)
}

func parseOCSP(der []byte, cert *x509.Certificate, chain []*x509.Certificate, at time.Time) (*ocspStatus, error) {
	var resp ocspResponse
	if _, err := asn1.Unmarshal(der, &resp); err != nil {
		return nil, fmt.Errorf("ocsp: %w", err)
	}
	if resp.Status != 0 || !resp.Bytes.Type.Equal(oidOCSPBasic) {
		return nil, fmt.Errorf("ocsp: response status %d", resp.Status)
	}
	var basic ocspBasic
	if _, err := asn1.Unmarshal(resp.Bytes.Response, &basic); err != nil {
		return nil, fmt.Errorf("ocsp: basic response: %w", err)
	}
	if !ocspSignatureOK(&basic, chain) {
		return nil, errors.New("ocsp: response signature does not verify")
	}
	for _, r := range basic.TBS.Responses {
		if r.CertID.Serial == nil || r.CertID.Serial.Cmp(cert.SerialNumber) != 0 || !issuedBy(r.CertID, chain[1]) {
			continue
		}
		if !r.NextUpdate.IsZero() && at.After(r.NextUpdate) {
			return nil, fmt.Errorf("ocsp: stale response: next update %s before %s", r.NextUpdate.UTC().Format(timeFormat), at.UTC().Format(timeFormat))
		}
		st := &ocspStatus{Produced: basic.TBS.ProducedAt}
		switch {
		case bool(r.Good):
			st.Good = true
		case !r.Revoked.Time.IsZero():
			st.Revoked, st.RevokedAt = true, r.Revoked.Time
		}
		return st, nil
	}
	return nil, nil
}

// ocspSignatureOK verifies the response with the signing certificate's
// issuer or an embedded responder certificate issued by it.
func ocspSignatureOK(b *ocspBasic, chain []*x509.Certificate) bool {
	if len(chain) < 2 {
		return false
	}
	issuer := chain[1]
	algs := map[string]x509.SignatureAlgorithm{
		"1.2.840.113549.1.1.11": x509.SHA256WithRSA, "1.2.840.113549.1.1.12": x509.SHA384WithRSA,
		"1.2.840.113549.1.1.13": x509.SHA512WithRSA, "1.2.840.10045.4.3.2": x509.ECDSAWithSHA256,
		"1.2.840.10045.4.3.3": x509.ECDSAWithSHA384, "1.2.840.10045.4.3.4": x509.ECDSAWithSHA512,
		"1.2.840.113549.1.1.5": x509.SHA1WithRSA,
	}
	alg, ok := algs[b.SigAlg.Algorithm.String()]
	if !ok {
		return false
	}
	signers := []*x509.Certificate{issuer}
	for _, raw := range b.Certs {
		// A delegated responder must be issued by the issuer for OCSP
		// signing (RFC 6960 4.2.2.2).
		if c, err := x509.ParseCertificate(raw.FullBytes); err == nil && c.CheckSignatureFrom(issuer) == nil &&
			hasEKU(c, x509.ExtKeyUsageOCSPSigning) {
			signers = append(signers, c)
		}
	}
	for _, s := range signers {
		if s.CheckSignature(alg, b.TBS.Raw, b.Signature.RightAlign()) == nil {
			return true
		}
	}
	return false
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
