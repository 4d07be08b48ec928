package c2pa

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"math/big"
	"testing"
	"time"

	"github.com/fxamacker/cbor/v2"
	"golang.org/x/crypto/ocsp"
)

// FuzzOCSP feeds stapled OCSP responses to the parser, seeded with good
// and revoked responses from a delegated responder of a throw-away CA.
func FuzzOCSP(f *testing.F) {
	at := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	mk := func(tmpl *x509.Certificate, parent *x509.Certificate, pub, priv any) *x509.Certificate {
		der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, pub, priv)
		if err != nil {
			f.Fatal(err)
		}
		c, err := x509.ParseCertificate(der)
		if err != nil {
			f.Fatal(err)
		}
		return c
	}
	key := func() *ecdsa.PrivateKey {
		k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			f.Fatal(err)
		}
		return k
	}
	caKey, leafKey, respKey := key(), key(), key()
	caT := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "fuzz CA"}, NotBefore: at.AddDate(-1, 0, 0),
		NotAfter: at.AddDate(1, 0, 0), IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign}
	ca := mk(caT, caT, &caKey.PublicKey, caKey)
	leaf := mk(&x509.Certificate{SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "fuzz signer"}, NotBefore: caT.NotBefore,
		NotAfter: caT.NotAfter, KeyUsage: x509.KeyUsageDigitalSignature}, ca, &leafKey.PublicKey, caKey)
	resp := mk(&x509.Certificate{SerialNumber: big.NewInt(3), Subject: pkix.Name{CommonName: "fuzz responder"}, NotBefore: caT.NotBefore,
		NotAfter: caT.NotAfter, KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageOCSPSigning}},
		ca, &respKey.PublicKey, caKey)
	for _, st := range []int{ocsp.Good, ocsp.Revoked, ocsp.Unknown} {
		der, err := ocsp.CreateResponse(ca, resp, ocsp.Response{Status: st, SerialNumber: leaf.SerialNumber, ThisUpdate: at.Add(-time.Hour),
			NextUpdate: at.Add(time.Hour), RevokedAt: at.Add(-time.Minute), RevocationReason: ocsp.KeyCompromise, Certificate: resp}, respKey)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(der, true)
		f.Add(der, false)
	}
	chain := []*x509.Certificate{leaf, ca}
	f.Fuzz(func(t *testing.T, der []byte, dated bool) {
		st, err := parseOCSP(der, chain, at, dated)
		if (st == nil) == (err == nil) {
			t.Fatalf("status %+v with error %v", st, err)
		}
		if st != nil && !st.Good && !st.Revoked && !st.Unknown {
			t.Fatalf("status without a value: %+v", st)
		}
	})
}

// FuzzCertificateStatus feeds c2pa.certificate-status assertion contents to
// their reader, seeded with well-formed ones: whatever decodes is handed
// out as byte strings, never more than the input holds.
func FuzzCertificateStatus(f *testing.F) {
	for _, vals := range [][]any{{}, {[]byte{0x30, 0x03, 0x0a, 0x01, 0x00}}, {[]byte("a"), []byte("bc")}, {"not bytes"}} {
		b, err := cbor.Marshal(map[string]any{"ocspVals": vals})
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		m := &Manifest{Assertions: []*Assertion{{Label: "c2pa.certificate-status", Kind: "cbor", Data: data}}}
		total := 0
		for _, d := range certificateStatus(m, Limits{}) {
			total += len(d)
		}
		if total > len(data) {
			t.Fatalf("%d bytes of responses from %d bytes of assertion", total, len(data))
		}
	})
}
