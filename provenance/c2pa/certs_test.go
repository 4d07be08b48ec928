package c2pa

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"math/big"
	"strings"
	"testing"
	"time"
)

// TestSignerProfile checks the end-entity certificate profile against
// the C2PA SDK's (crypto/cose/certificate_profile.rs): each broken rule
// refuses the certificate with a reason (signingCredential.invalid).
func TestSignerProfile(t *testing.T) {
	at := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	caT := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "profile CA"}, NotBefore: at, NotAfter: at.AddDate(1, 0, 0),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign, SubjectKeyId: []byte{1, 2, 3, 4}}
	caDER, err := x509.CreateCertificate(rand.Reader, caT, caT, &caKey.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	ca, _ := x509.ParseCertificate(caDER)
	docSigning := asn1.ObjectIdentifier{1, 3, 6, 1, 5, 5, 7, 3, 36}
	leaf := func(edit func(*x509.Certificate), curve elliptic.Curve) *x509.Certificate {
		key, err := ecdsa.GenerateKey(curve, rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		tmpl := &x509.Certificate{SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "profile signer"}, NotBefore: at, NotAfter: at.AddDate(1, 0, 0),
			KeyUsage: x509.KeyUsageDigitalSignature, UnknownExtKeyUsage: []asn1.ObjectIdentifier{docSigning}}
		if edit != nil {
			edit(tmpl)
		}
		parent, signer := ca, any(caKey)
		if tmpl.AuthorityKeyId == nil && tmpl.Subject.CommonName == "no aki" {
			// A parent without a subject key identifier gives the
			// leaf no authority key identifier.
			p := *ca
			p.SubjectKeyId = nil
			parent = &p
		}
		der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, &key.PublicKey, signer)
		if err != nil {
			t.Fatal(err)
		}
		c, err := x509.ParseCertificate(der)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	tests := []struct {
		name   string
		edit   func(*x509.Certificate)
		curve  elliptic.Curve
		reason string // "" when the profile holds
	}{
		{"good", nil, elliptic.P256(), ""},
		{"P-384", nil, elliptic.P384(), ""},
		{"nonRepudiation only", func(c *x509.Certificate) { c.KeyUsage = x509.KeyUsageContentCommitment }, elliptic.P256(), ""},
		{"P-224 curve", nil, elliptic.P224(), "curve P-224"},
		{"no key usage", func(c *x509.Certificate) { c.KeyUsage = 0 }, elliptic.P256(), "no key usage"},
		{"keyEncipherment only", func(c *x509.Certificate) { c.KeyUsage = x509.KeyUsageKeyEncipherment }, elliptic.P256(), "lacks digitalSignature"},
		{"keyCertSign on a leaf", func(c *x509.Certificate) { c.KeyUsage |= x509.KeyUsageCertSign }, elliptic.P256(), "keyCertSign"},
		{"CA", func(c *x509.Certificate) { c.IsCA, c.BasicConstraintsValid = true, true }, elliptic.P256(), "is a CA"},
		{"no EKU", func(c *x509.Certificate) { c.UnknownExtKeyUsage = nil }, elliptic.P256(), "no extended key usage"},
		{"anyEKU", func(c *x509.Certificate) { c.ExtKeyUsage = []x509.ExtKeyUsage{x509.ExtKeyUsageAny} }, elliptic.P256(), "anyExtendedKeyUsage"},
		{"server auth only", func(c *x509.Certificate) {
			c.UnknownExtKeyUsage, c.ExtKeyUsage = nil, []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}
		}, elliptic.P256(), "no C2PA signing EKU"},
		{"OCSP and time-stamping", func(c *x509.Certificate) {
			c.UnknownExtKeyUsage, c.ExtKeyUsage = nil, []x509.ExtKeyUsage{x509.ExtKeyUsageOCSPSigning, x509.ExtKeyUsageTimeStamping}
		}, elliptic.P256(), "mixed"},
		{"time-stamping beside document signing", func(c *x509.Certificate) {
			c.ExtKeyUsage = []x509.ExtKeyUsage{x509.ExtKeyUsageTimeStamping}
		}, elliptic.P256(), "mixed"},
		{"no authority key identifier", func(c *x509.Certificate) { c.Subject.CommonName = "no aki" }, elliptic.P256(), "no authority key identifier"},
		{"unhandled critical extension", func(c *x509.Certificate) {
			c.ExtraExtensions = []pkix.Extension{{Id: asn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 99999, 7}, Critical: true, Value: []byte{5, 0}}}
		}, elliptic.P256(), "unhandled critical extension 1.3.6.1.4.1.99999.7"},
		{"critical policy constraints (handled)", func(c *x509.Certificate) {
			c.ExtraExtensions = []pkix.Extension{{Id: asn1.ObjectIdentifier{2, 5, 29, 36}, Critical: true, Value: []byte{0x30, 0x03, 0x80, 0x01, 0x00}}}
		}, elliptic.P256(), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := checkSignerProfile(leaf(tt.edit, tt.curve))
			switch {
			case tt.reason == "" && err != nil:
				t.Errorf("refused: %v", err)
			case tt.reason != "" && (err == nil || !strings.Contains(err.Error(), tt.reason)):
				t.Errorf("error %v, want one saying %q", err, tt.reason)
			}
		})
	}
}
