package c2pa

import (
	"bytes"
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

// rawName encodes a one-attribute Name whose common name has the given
// ASN.1 string tag, whatever its characters.
func rawName(t testing.TB, tag int, cn string) []byte {
	t.Helper()
	b, err := asn1.Marshal(pkix.RDNSequence{{{
		Type: asn1.ObjectIdentifier{2, 5, 4, 3}, Value: asn1.RawValue{Tag: tag, Bytes: []byte(cn)},
	}}})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// leafName is a leaf certificate's common name and its ASN.1 string tag.
type leafName struct {
	tag int
	cn  string
}

// lenientChain makes a CA whose common name is a PrintableString caCN and
// time-stamping leaves it issues; it returns their DER, the CA's first.
func lenientChain(t testing.TB, caCN string, leaves ...leafName) [][]byte {
	t.Helper()
	caKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	now := time.Now()
	caTmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), RawSubject: rawName(t, asn1.TagPrintableString, caCN), SubjectKeyId: []byte{1, 2, 3},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	out := [][]byte{caDER}
	parent := &x509.Certificate{RawSubject: caTmpl.RawSubject, SubjectKeyId: caTmpl.SubjectKeyId, PublicKey: &caKey.PublicKey}
	for i, l := range leaves {
		leafKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		leafTmpl := &x509.Certificate{
			SerialNumber: big.NewInt(int64(2 + i)), RawSubject: rawName(t, l.tag, l.cn),
			NotBefore: now.Add(-time.Hour), NotAfter: now.Add(time.Hour),
			KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageTimeStamping},
		}
		der, err := x509.CreateCertificate(rand.Reader, leafTmpl, parent, &leafKey.PublicKey, caKey)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, der)
	}
	return out
}

// TestLenientNames: a certificate whose name has an underscore in a
// PrintableString is read, its signature is checked over the bytes the
// issuer signed, names chain by their real bytes, and anything else
// stays refused.
func TestLenientNames(t *testing.T) {
	const caCN, leafCN = "Test_Root_CA", "ECC256_SHA256_Timestamp_Responder"
	const tagUTF8 = 12
	ders := lenientChain(t, caCN, leafName{asn1.TagPrintableString, leafCN}, leafName{asn1.TagPrintableString, "bad\xe9name"})
	caDER, leafDER, bad := ders[0], ders[1], ders[2]
	if _, err := x509.ParseCertificate(leafDER); err == nil || !strings.Contains(err.Error(), "invalid PrintableString") {
		t.Fatalf("crypto/x509 accepts the test certificate (%v): the test no longer tests the leniency", err)
	}
	certs, err := parseTSACertificates(append(bytes.Clone(leafDER), caDER...))
	if err != nil {
		t.Fatal(err)
	}
	leaf, ca := certs[0], certs[1]
	if leaf.Subject.CommonName != leafCN || leaf.Issuer.CommonName != caCN || ca.Subject.CommonName != caCN {
		t.Errorf("names %q / %q / %q", leaf.Subject.CommonName, leaf.Issuer.CommonName, ca.Subject.CommonName)
	}
	if !bytes.Equal(leaf.Raw, leafDER) || !bytes.Equal(ca.Raw, caDER) {
		t.Error("Raw is not the original DER")
	}
	// The raw name is the original PrintableString, not the re-tagged copy.
	if want := rawName(t, asn1.TagPrintableString, leafCN); !bytes.Equal(leaf.RawSubject, want) {
		t.Errorf("RawSubject % x, want % x", leaf.RawSubject, want)
	}
	if !bytes.Contains(leafDER, leaf.RawTBSCertificate) {
		t.Error("RawTBSCertificate is not the original's")
	}
	if err := leaf.CheckSignatureFrom(ca); err != nil {
		t.Errorf("signature over the original bytes: %v", err)
	}
	roots := x509.NewCertPool()
	roots.AddCert(ca)
	if _, err := leaf.Verify(x509.VerifyOptions{Roots: roots, KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageAny}}); err != nil {
		t.Errorf("chain by raw names: %v", err)
	}

	// A byte of the name changed after signing: still read, never verified.
	tampered := bytes.Clone(leafDER)
	i := bytes.Index(tampered, []byte("Timestamp"))
	tampered[i] = 't'
	tc, err := parseCertificateLenientNames(tampered)
	if err != nil {
		t.Fatal(err)
	}
	if tc.CheckSignatureFrom(ca) == nil {
		t.Error("a tampered name verifies")
	}

	// The issuer signed the UTF8String form; the PrintableString form is a
	// different certificate. Were the signature checked over the re-tagged
	// copy, it would pass.
	clean := lenientChain(t, "Test Root CA", leafName{tagUTF8, leafCN})
	cleanCA, err := x509.ParseCertificate(clean[0])
	if err != nil {
		t.Fatal(err)
	}
	utf8Leaf := clean[1]
	retagged := bytes.Clone(utf8Leaf)
	at := bytes.Index(retagged, append([]byte{tagUTF8, byte(len(leafCN))}, leafCN...))
	retagged[at] = asn1.TagPrintableString
	rc, err := parseCertificateLenientNames(retagged)
	if err != nil {
		t.Fatal(err)
	}
	if rc.CheckSignatureFrom(cleanCA) == nil {
		t.Error("the signature was checked over the re-tagged copy, not the original bytes")
	}
	if uc, err := x509.ParseCertificate(utf8Leaf); err != nil || uc.CheckSignatureFrom(cleanCA) != nil {
		t.Errorf("the UTF8String original does not verify (%v): the check above proves nothing", err)
	}

	// Not printable ASCII: refused as crypto/x509 refuses it.
	if _, err := parseCertificateLenientNames(bad); err == nil {
		t.Error("a PrintableString with a non-ASCII byte was accepted")
	}
}

// FuzzLenientNames feeds certificate sets to the TSA certificate parser
// and the certificate-profile readers (unique identifiers, PSS parameters),
// seeded with certificates whose names hold an underscore in a
// PrintableString. Whatever it accepts has raw fields inside the input,
// and a certificate crypto/x509 reads is read identically.
func FuzzLenientNames(f *testing.F) {
	ders := lenientChain(f, "Fuzz_CA", leafName{asn1.TagPrintableString, "TSA_responder"}, leafName{12, "TSA_responder"})
	for _, d := range ders {
		f.Add(d)
	}
	f.Add(bytes.Join(ders, nil))
	f.Fuzz(func(t *testing.T, der []byte) {
		// The certificate-profile readers take any bytes too.
		uniqueIDs(der)
		sigAlgProblem(der)
		certs, err := parseTSACertificates(der)
		if err != nil {
			return
		}
		for _, c := range certs {
			for _, raw := range [][]byte{c.Raw, c.RawTBSCertificate, c.RawIssuer, c.RawSubject, c.RawSubjectPublicKeyInfo} {
				if !bytes.Contains(der, raw) {
					t.Fatalf("a raw field is not part of the input")
				}
			}
			if strict, err := x509.ParseCertificate(c.Raw); err == nil && !strict.Equal(c) {
				t.Fatalf("a certificate crypto/x509 reads was read differently")
			}
		}
	})
}
