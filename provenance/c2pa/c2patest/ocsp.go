package c2patest

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"fmt"
	"math/big"
	"time"

	"golang.org/x/crypto/ocsp"
)

// OCSP responders a stapled response can come from.
const (
	// ResponderDelegated is a responder certificate the test CA issued
	// with the OCSP-signing extended key usage (RFC 6960 4.2.2.2),
	// embedded in the response. It is the default.
	ResponderDelegated = "delegated"
	// ResponderIssuer is the test CA itself, its certificate embedded.
	ResponderIssuer = "issuer"
	// ResponderNoEKU is a certificate the test CA issued without the
	// OCSP-signing EKU: it is not authorised to speak for the CA.
	ResponderNoEKU = "delegated-no-eku"
	// ResponderOtherIssuer signs with the delegated responder, but the
	// response's CertID names another CA as the certificate's issuer: it
	// is about a different certificate.
	ResponderOtherIssuer = "other-issuer"
)

// OCSP describes a stapled OCSP response about the signing certificate.
type OCSP struct {
	// Status is ocsp.Good, ocsp.Revoked or ocsp.Unknown.
	Status int
	// RevokedAt and Reason describe a revocation (Reason is an RFC 5280
	// CRLReason; 0, unspecified, is left out of the encoding).
	RevokedAt time.Time
	Reason    int
	// ThisUpdate and NextUpdate bound the response's validity; a zero
	// NextUpdate is left out.
	ThisUpdate, NextUpdate time.Time
	Responder              string
}

// Status values, re-exported so tests need not import the OCSP package.
const (
	OCSPGood    = ocsp.Good
	OCSPRevoked = ocsp.Revoked
	OCSPUnknown = ocsp.Unknown
	// ReasonKeyCompromise is the CRLReason keyCompromise.
	ReasonKeyCompromise = ocsp.KeyCompromise
)

// ocspResponse builds a DER OCSP response about the signing certificate.
func (s *Signer) ocspResponse(o *OCSP) ([]byte, error) {
	issuer := s.CA
	tmpl := ocsp.Response{
		Status: o.Status, SerialNumber: s.Leaf.SerialNumber,
		ThisUpdate: o.ThisUpdate, NextUpdate: o.NextUpdate,
		RevokedAt: o.RevokedAt, RevocationReason: o.Reason,
	}
	var (
		responder *x509.Certificate
		key       *ecdsa.PrivateKey
		err       error
	)
	switch o.Responder {
	case ResponderIssuer:
		responder, key = s.CA, s.caKey
	case "", ResponderDelegated, ResponderOtherIssuer:
		responder, key, err = s.responder(true)
	case ResponderNoEKU:
		responder, key, err = s.responder(false)
	default:
		return nil, fmt.Errorf("c2patest: OCSP responder %q", o.Responder)
	}
	if err != nil {
		return nil, err
	}
	if o.Responder == ResponderOtherIssuer {
		other, err := NewSigner(s.CA.NotBefore.Add(time.Hour))
		if err != nil {
			return nil, err
		}
		issuer = other.CA
	}
	tmpl.Certificate = responder
	return ocsp.CreateResponse(issuer, responder, tmpl, key)
}

// responder issues an OCSP responder certificate from the test CA, with
// or without the OCSP-signing EKU.
func (s *Signer) responder(ocspEKU bool) (*x509.Certificate, *ecdsa.PrivateKey, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, nil, err
	}
	eku := []x509.ExtKeyUsage{x509.ExtKeyUsageOCSPSigning}
	if !ocspEKU {
		eku = []x509.ExtKeyUsage{x509.ExtKeyUsageEmailProtection}
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(4), Subject: pkix.Name{CommonName: "provcheck test OCSP responder", Organization: []string{"provcheck TEST"}},
		NotBefore: s.CA.NotBefore, NotAfter: s.CA.NotAfter,
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: eku,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, s.CA, &key.PublicKey, s.caKey)
	if err != nil {
		return nil, nil, err
	}
	c, err := x509.ParseCertificate(der)
	return c, key, err
}
