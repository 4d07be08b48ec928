package c2pa

import (
	"crypto/x509/pkix"
	"encoding/asn1"
	"fmt"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// Certificate-profile details crypto/x509 parses past without a word.

var (
	oidMGF1   = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 8}
	oidSHA256 = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 1}
	oidSHA384 = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 2}
	oidSHA512 = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 3}
)

// uniqueIDs reports whether a certificate's TBSCertificate carries an
// issuerUniqueID ([1]) or subjectUniqueID ([2]) after its public key.
func uniqueIDs(der []byte) (issuer, subject bool) {
	l, ok := certLayoutOf(der)
	if !ok {
		return false, false
	}
	rest := cryptobyte.String(der[l.spki[1]:l.tbs[1]])
	for !rest.Empty() {
		var tag cbasn1.Tag
		var el cryptobyte.String
		if !rest.ReadAnyASN1Element(&el, &tag) {
			return issuer, subject
		}
		// IMPLICIT BIT STRING: primitive, though a constructed
		// encoding names the same field.
		switch tag &^ cbasn1.Tag(0x20) {
		case cbasn1.Tag(1).ContextSpecific():
			issuer = true
		case cbasn1.Tag(2).ContextSpecific():
			subject = true
		}
	}
	return issuer, subject
}

// pssParams is RSASSA-PSS-params (RFC 4055), as far as read here.
type pssParams struct {
	Hash         pkix.AlgorithmIdentifier `asn1:"explicit,optional,tag:0"`
	MGF          pkix.AlgorithmIdentifier `asn1:"explicit,optional,tag:1"`
	SaltLength   int                      `asn1:"explicit,optional,tag:2,default:20"`
	TrailerField int                      `asn1:"explicit,optional,tag:3,default:1"`
}

// sigAlgProblem says why a certificate's signature algorithm, which
// crypto/x509 did not recognise, is refused. For RSASSA-PSS it names the
// parameter at fault. The SDK requires the parameters to be present, the
// hash to be SHA-256, -384 or -512, and MGF1 to use the same hash;
// crypto/x509 also requires the salt length to be the hash length and the
// trailer field to be 1, so a certificate off those two is refused here
// where the SDK would read it (none is known in use).
func sigAlgProblem(der []byte) string {
	var cert struct {
		TBS    asn1.RawValue
		SigAlg pkix.AlgorithmIdentifier
	}
	if _, err := asn1.Unmarshal(der, &cert); err != nil {
		return "unreadable"
	}
	if !cert.SigAlg.Algorithm.Equal(oidRSAPSS) {
		return fmt.Sprintf("%s is not an allowed algorithm", cert.SigAlg.Algorithm)
	}
	if len(cert.SigAlg.Parameters.FullBytes) == 0 {
		return "RSASSA-PSS without parameters"
	}
	var p pssParams
	if _, err := asn1.Unmarshal(cert.SigAlg.Parameters.FullBytes, &p); err != nil {
		return "RSASSA-PSS parameters unreadable"
	}
	hashName := map[string]string{oidSHA256.String(): "SHA-256", oidSHA384.String(): "SHA-384", oidSHA512.String(): "SHA-512"}
	saltLen := map[string]int{oidSHA256.String(): 32, oidSHA384.String(): 48, oidSHA512.String(): 64}
	h := p.Hash.Algorithm.String()
	if len(p.Hash.Algorithm) == 0 {
		return "RSASSA-PSS with the default hash, SHA-1"
	}
	if _, ok := hashName[h]; !ok {
		return "RSASSA-PSS with hash " + h + ", not SHA-256, -384 or -512"
	}
	var mgfHash pkix.AlgorithmIdentifier
	if len(p.MGF.Algorithm) == 0 {
		return "RSASSA-PSS with the default MGF1 hash, SHA-1"
	}
	if !p.MGF.Algorithm.Equal(oidMGF1) {
		return "RSASSA-PSS mask generation function is not MGF1"
	}
	if _, err := asn1.Unmarshal(p.MGF.Parameters.FullBytes, &mgfHash); err != nil || !mgfHash.Algorithm.Equal(p.Hash.Algorithm) {
		return fmt.Sprintf("RSASSA-PSS with MGF1 hash %s, not the signature hash %s", mgfHash.Algorithm, hashName[h])
	}
	if p.SaltLength != saltLen[h] {
		return fmt.Sprintf("RSASSA-PSS salt length %d, not the %s hash length %d (crypto/x509 cannot verify it)", p.SaltLength, hashName[h], saltLen[h])
	}
	if p.TrailerField != 1 {
		return fmt.Sprintf("RSASSA-PSS trailer field %d, not 1", p.TrailerField)
	}
	return "RSASSA-PSS parameters refused"
}
