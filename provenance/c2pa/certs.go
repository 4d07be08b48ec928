package c2pa

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"errors"
	"fmt"
	"slices"
)

// Extended key usages a C2PA claim signer may carry (SPEC 14.5.1, plus the
// vendor OIDs the ITL admits).
var signerEKUs = []asn1.ObjectIdentifier{
	{1, 3, 6, 1, 5, 5, 7, 3, 4},           // emailProtection
	{1, 3, 6, 1, 5, 5, 7, 3, 36},          // documentSigning
	{1, 3, 6, 1, 5, 5, 7, 3, 8},           // timeStamping
	{1, 3, 6, 1, 5, 5, 7, 3, 9},           // OCSPSigning
	{1, 3, 6, 1, 4, 1, 311, 76, 59, 1, 9}, // Microsoft C2PA signing
	{1, 3, 6, 1, 4, 1, 62558, 2, 1},       // C2PA claim signing
}

var oidEKU = asn1.ObjectIdentifier{2, 5, 29, 37}

// checkSignerProfile applies the end-entity certificate profile of the
// specification: X.509 v3, not a CA, digitalSignature key usage, an
// allowed EKU and no anyExtendedKeyUsage, an acceptable key.
func checkSignerProfile(c *x509.Certificate) error {
	var errs []error
	if c.Version != 3 {
		errs = append(errs, fmt.Errorf("version %d, not 3", c.Version))
	}
	if c.BasicConstraintsValid && c.IsCA {
		errs = append(errs, errors.New("is a CA certificate"))
	}
	switch {
	case c.KeyUsage == 0:
		errs = append(errs, errors.New("no key usage"))
	case c.KeyUsage&(x509.KeyUsageDigitalSignature|x509.KeyUsageContentCommitment) == 0:
		errs = append(errs, errors.New("key usage lacks digitalSignature"))
	case c.KeyUsage&x509.KeyUsageCertSign != 0 && c.KeyUsage&x509.KeyUsageDigitalSignature != 0:
		errs = append(errs, errors.New("key usage keyCertSign on a certificate that is not a CA"))
	}
	if len(c.AuthorityKeyId) == 0 {
		errs = append(errs, errors.New("no authority key identifier"))
	}
	if !slices.Contains(certSigAlgs, c.SignatureAlgorithm) {
		if c.SignatureAlgorithm == x509.UnknownSignatureAlgorithm {
			errs = append(errs, fmt.Errorf("certificate signature algorithm: %s", sigAlgProblem(c.Raw)))
		} else {
			errs = append(errs, fmt.Errorf("certificate signed with %s", c.SignatureAlgorithm))
		}
	}
	if iss, sub := uniqueIDs(c.Raw); iss || sub {
		// RFC 5280 4.1.2.8: conforming CAs must not issue them; the SDK
		// refuses them.
		errs = append(errs, fmt.Errorf("certificate carries an issuer or subject unique identifier (issuerUniqueID %t, subjectUniqueID %t)", iss, sub))
	}
	for _, ext := range c.UnhandledCriticalExtensions {
		if !slices.ContainsFunc(handledCritical, ext.Equal) {
			errs = append(errs, fmt.Errorf("unhandled critical extension %s", ext))
		}
	}
	if bytes.Equal(c.RawIssuer, c.RawSubject) && c.CheckSignatureFrom(c) == nil {
		errs = append(errs, errors.New("self-signed"))
	}
	if err := checkEKU(c); err != nil {
		errs = append(errs, err)
	}
	switch k := publicKey(c).(type) {
	case *rsa.PublicKey:
		if k.N.BitLen() < 2048 {
			errs = append(errs, fmt.Errorf("RSA key of %d bits", k.N.BitLen()))
		}
		if k.E < 3 || k.E%2 == 0 {
			errs = append(errs, fmt.Errorf("RSA public exponent %d (must be odd and at least 3)", k.E))
		}
	case *ecdsa.PublicKey:
		if n := k.Curve.Params().Name; n != "P-256" && n != "P-384" && n != "P-521" {
			errs = append(errs, fmt.Errorf("EC key on curve %s", n))
		}
	case ed25519.PublicKey:
	default:
		errs = append(errs, fmt.Errorf("unsupported key type %T", k))
	}
	return errors.Join(errs...)
}

// certSigAlgs are the algorithms a signing certificate may be signed
// with (the SDK's certificate profile): no SHA-1, no MD5.
var certSigAlgs = []x509.SignatureAlgorithm{
	x509.SHA256WithRSA, x509.SHA384WithRSA, x509.SHA512WithRSA,
	x509.ECDSAWithSHA256, x509.ECDSAWithSHA384, x509.ECDSAWithSHA512,
	x509.SHA256WithRSAPSS, x509.SHA384WithRSAPSS, x509.SHA512WithRSAPSS, x509.PureEd25519,
}

// handledCritical are critical extensions crypto/x509 leaves unhandled
// but the SDK's profile accepts: policy mappings, policy constraints,
// inhibitAnyPolicy, authority information access, Netscape cert type.
var handledCritical = []asn1.ObjectIdentifier{
	{2, 5, 29, 33}, {2, 5, 29, 36}, {2, 5, 29, 54}, {1, 3, 6, 1, 5, 5, 7, 1, 1}, {2, 16, 840, 1, 113730, 1, 1},
}

func checkEKU(c *x509.Certificate) error {
	present := false
	for _, e := range c.Extensions {
		if e.Id.Equal(oidEKU) {
			present = true
		}
	}
	if !present {
		return errors.New("no extended key usage")
	}
	if slices.Contains(c.ExtKeyUsage, x509.ExtKeyUsageAny) {
		return errors.New("anyExtendedKeyUsage")
	}
	ok := slices.Contains(c.ExtKeyUsage, x509.ExtKeyUsageEmailProtection) ||
		slices.Contains(c.ExtKeyUsage, x509.ExtKeyUsageTimeStamping) ||
		slices.Contains(c.ExtKeyUsage, x509.ExtKeyUsageOCSPSigning)
	for _, u := range c.UnknownExtKeyUsage {
		for _, want := range signerEKUs {
			if u.Equal(want) {
				ok = true
			}
		}
	}
	if !ok {
		return errors.New("no C2PA signing EKU")
	}
	// As the SDK: OCSP signing and time-stamping are purposes of their
	// own, never together nor beside another purpose.
	ocsp, tsa := slices.Contains(c.ExtKeyUsage, x509.ExtKeyUsageOCSPSigning), slices.Contains(c.ExtKeyUsage, x509.ExtKeyUsageTimeStamping)
	others := len(c.ExtKeyUsage) + len(c.UnknownExtKeyUsage)
	if ocsp {
		others--
	}
	if tsa {
		others--
	}
	if (ocsp && tsa) || ((ocsp || tsa) && others > 0) {
		return errors.New("OCSP-signing or time-stamping EKU mixed with other purposes")
	}
	return nil
}

// CertInfo is what a report says about one certificate.
type CertInfo struct {
	Subject      string `json:"subject"`
	Issuer       string `json:"issuer"`
	CommonName   string `json:"commonName,omitempty"`
	Organization string `json:"organization,omitempty"`
	Serial       string `json:"serial"`
	NotBefore    string `json:"notBefore"`
	NotAfter     string `json:"notAfter"`
	KeyAlgorithm string `json:"keyAlgorithm"`
	SHA256       string `json:"sha256,omitempty"`
}

func certInfo(c *x509.Certificate) CertInfo {
	ci := CertInfo{
		Subject:      c.Subject.String(),
		Issuer:       c.Issuer.String(),
		CommonName:   c.Subject.CommonName,
		Serial:       c.SerialNumber.Text(16),
		NotBefore:    c.NotBefore.UTC().Format(timeFormat),
		NotAfter:     c.NotAfter.UTC().Format(timeFormat),
		KeyAlgorithm: c.PublicKeyAlgorithm.String(),
	}
	if len(c.Subject.Organization) > 0 {
		ci.Organization = c.Subject.Organization[0]
	}
	return ci
}

const timeFormat = "2006-01-02T15:04:05Z"

var oidRSAPSS = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 10}

// publicKey returns the certificate's key. crypto/x509 leaves the key of
// an RSASSA-PSS certificate (SPKI algorithm id-RSASSA-PSS) unparsed; the
// key itself is an ordinary RSA public key.
func publicKey(c *x509.Certificate) any {
	if c.PublicKey != nil {
		return c.PublicKey
	}
	var spki struct {
		Algorithm pkix.AlgorithmIdentifier
		PublicKey asn1.BitString
	}
	if _, err := asn1.Unmarshal(c.RawSubjectPublicKeyInfo, &spki); err != nil || !spki.Algorithm.Algorithm.Equal(oidRSAPSS) {
		return nil
	}
	k, err := x509.ParsePKCS1PublicKey(spki.PublicKey.Bytes)
	if err != nil {
		return nil
	}
	return k
}
