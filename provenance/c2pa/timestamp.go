package c2pa

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"errors"
	"fmt"
	"math/big"
	"time"

	"github.com/fxamacker/cbor/v2"
)

// RFC 3161 / RFC 5652 structures, only the fields provcheck reads.

var (
	oidSignedData   = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 2}
	oidTSTInfo      = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 16, 1, 4}
	oidMessageDigst = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 4}
	oidContentType  = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 3}
)

type issuerAndSerial struct {
	Issuer asn1.RawValue
	Serial *big.Int
}

type contentInfo struct {
	ContentType asn1.ObjectIdentifier
	Content     asn1.RawValue `asn1:"explicit,tag:0"`
}

type timeStampResp struct {
	Status asn1.RawValue
	Token  contentInfo `asn1:"optional"`
}

type signedData struct {
	Version          int
	DigestAlgorithms asn1.RawValue
	EncapContent     encapContentInfo
	Certificates     asn1.RawValue `asn1:"optional,tag:0"`
	CRLs             asn1.RawValue `asn1:"optional,tag:1"`
	SignerInfos      []signerInfo  `asn1:"set"`
}

type encapContentInfo struct {
	ContentType asn1.ObjectIdentifier
	Content     []byte `asn1:"explicit,optional,tag:0"`
}

type signerInfo struct {
	Version            int
	SID                asn1.RawValue
	DigestAlgorithm    pkix.AlgorithmIdentifier
	SignedAttrs        asn1.RawValue `asn1:"optional,tag:0"`
	SignatureAlgorithm pkix.AlgorithmIdentifier
	Signature          []byte
	UnsignedAttrs      asn1.RawValue `asn1:"optional,tag:1"`
}

type attribute struct {
	Type   asn1.ObjectIdentifier
	Values asn1.RawValue `asn1:"set"`
}

type tstInfo struct {
	Version        int
	Policy         asn1.ObjectIdentifier
	MessageImprint messageImprint
	Serial         *big.Int
	GenTime        time.Time `asn1:"generalized"`
}

type messageImprint struct {
	HashAlgorithm pkix.AlgorithmIdentifier
	HashedMessage []byte
}

// TimeStamp is a parsed RFC 3161 time-stamp token.
type TimeStamp struct {
	Time     time.Time
	Imprint  []byte
	HashAlg  crypto.Hash
	Chain    []*x509.Certificate
	tstDER   []byte // the TSTInfo bytes the signer covered
	signer   *signerInfo
	certsErr error
}

var hashOIDs = map[string]crypto.Hash{
	"2.16.840.1.101.3.4.2.1": crypto.SHA256,
	"2.16.840.1.101.3.4.2.2": crypto.SHA384,
	"2.16.840.1.101.3.4.2.3": crypto.SHA512,
	"1.3.14.3.2.26":          crypto.SHA1,
}

// ParseTimeStamp parses a time-stamp token (a CMS ContentInfo) or a whole
// TimeStampResp carrying one.
func ParseTimeStamp(der []byte) (*TimeStamp, error) {
	var ci contentInfo
	if rest, err := asn1.Unmarshal(der, &ci); err != nil || !ci.ContentType.Equal(oidSignedData) || len(rest) > 0 {
		var resp timeStampResp
		if _, err2 := asn1.Unmarshal(der, &resp); err2 != nil || !resp.Token.ContentType.Equal(oidSignedData) {
			return nil, fmt.Errorf("timestamp: not a time-stamp token: %w", ErrMalformed)
		}
		ci = resp.Token
	}
	var sd signedData
	if _, err := asn1.Unmarshal(ci.Content.Bytes, &sd); err != nil {
		return nil, fmt.Errorf("timestamp: SignedData: %w", err)
	}
	if !sd.EncapContent.ContentType.Equal(oidTSTInfo) || len(sd.EncapContent.Content) == 0 {
		return nil, fmt.Errorf("timestamp: content is not TSTInfo: %w", ErrMalformed)
	}
	var info tstInfo
	if _, err := asn1.Unmarshal(sd.EncapContent.Content, &info); err != nil {
		return nil, fmt.Errorf("timestamp: TSTInfo: %w", err)
	}
	ts := &TimeStamp{Time: info.GenTime.UTC(), Imprint: info.MessageImprint.HashedMessage, tstDER: sd.EncapContent.Content}
	h, ok := hashOIDs[info.MessageImprint.HashAlgorithm.Algorithm.String()]
	if !ok {
		return nil, fmt.Errorf("timestamp: imprint hash %v: %w", info.MessageImprint.HashAlgorithm.Algorithm, errAlgUnsupported)
	}
	ts.HashAlg = h
	if len(sd.Certificates.Bytes) > 0 {
		ts.Chain, ts.certsErr = parseTSACertificates(sd.Certificates.Bytes)
	}
	if len(sd.SignerInfos) > 0 {
		ts.signer = &sd.SignerInfos[0]
	}
	return ts, nil
}

// Covers reports whether the token's imprint is the hash of data.
func (ts *TimeStamp) Covers(data []byte) bool {
	if !ts.HashAlg.Available() {
		return false
	}
	h := ts.HashAlg.New()
	h.Write(data)
	return bytes.Equal(h.Sum(nil), ts.Imprint)
}

// VerifySignature checks the TSA's CMS signature over the TSTInfo.
func (ts *TimeStamp) VerifySignature() error {
	si := ts.signer
	if si == nil {
		return errors.New("timestamp: no signer")
	}
	if ts.certsErr != nil || len(ts.Chain) == 0 {
		return fmt.Errorf("timestamp: no TSA certificate: %v", ts.certsErr)
	}
	dh, ok := hashOIDs[si.DigestAlgorithm.Algorithm.String()]
	if !ok || !dh.Available() {
		return fmt.Errorf("timestamp: digest %v: %w", si.DigestAlgorithm.Algorithm, errAlgUnsupported)
	}
	signed := ts.tstDER
	if len(si.SignedAttrs.FullBytes) > 0 {
		// The signed attributes carry the content digest; the signature
		// covers their DER encoding as a SET.
		var attrs []attribute
		if _, err := asn1.UnmarshalWithParams(si.SignedAttrs.FullBytes, &attrs, "set,tag:0"); err != nil {
			return fmt.Errorf("timestamp: signed attributes: %w", err)
		}
		h := dh.New()
		h.Write(ts.tstDER)
		digestOK, typeOK := false, false
		for _, a := range attrs {
			switch {
			case a.Type.Equal(oidMessageDigst):
				var d []byte
				if _, err := asn1.Unmarshal(a.Values.Bytes, &d); err == nil && bytes.Equal(d, h.Sum(nil)) {
					digestOK = true
				}
			case a.Type.Equal(oidContentType):
				// RFC 5652 11.1: the signed content type must be the
				// one encapsulated, here TSTInfo.
				var ct asn1.ObjectIdentifier
				if _, err := asn1.Unmarshal(a.Values.Bytes, &ct); err == nil && ct.Equal(oidTSTInfo) {
					typeOK = true
				}
			}
		}
		if !digestOK {
			return errors.New("timestamp: message digest does not match TSTInfo")
		}
		if !typeOK {
			return errors.New("timestamp: the content-type attribute is missing or is not TSTInfo")
		}
		signed = append([]byte{0x31}, si.SignedAttrs.FullBytes[1:]...)
	}
	h := dh.New()
	h.Write(signed)
	digest := h.Sum(nil)
	// The signer is the certificate the SignerIdentifier names, not any
	// certificate whose key happens to verify.
	c := ts.namedSigner(si)
	if c == nil {
		return errors.New("timestamp: no certificate matches the signer identifier")
	}
	check := func() error { return verifyDigest(c.PublicKey, dh, digest, signed, si.Signature) }
	if err := verifyOnce(check, "cms", []byte(dh.String()), c.RawSubjectPublicKeyInfo, digest, signed, si.Signature); err != nil {
		return fmt.Errorf("timestamp: signature: %w", err)
	}
	if !hasEKU(c, x509.ExtKeyUsageTimeStamping) {
		return errors.New("timestamp: the signing certificate lacks the id-kp-timeStamping extended key usage")
	}
	ts.Chain = orderLeafFirst(c, ts.Chain)
	return nil
}

// namedSigner returns the certificate a SignerIdentifier names: issuer and
// serial number, or [0] subject key identifier.
func (ts *TimeStamp) namedSigner(si *signerInfo) *x509.Certificate {
	sid := si.SID
	if sid.Class == asn1.ClassContextSpecific && sid.Tag == 0 {
		for _, c := range ts.Chain {
			if len(c.SubjectKeyId) > 0 && bytes.Equal(c.SubjectKeyId, sid.Bytes) {
				return c
			}
		}
		return nil
	}
	var ias issuerAndSerial
	if _, err := asn1.Unmarshal(sid.FullBytes, &ias); err != nil || ias.Serial == nil {
		return nil
	}
	for _, c := range ts.Chain {
		if c.SerialNumber.Cmp(ias.Serial) == 0 && bytes.Equal(c.RawIssuer, ias.Issuer.FullBytes) {
			return c
		}
	}
	return nil
}

func hasEKU(c *x509.Certificate, eku x509.ExtKeyUsage) bool {
	for _, u := range c.ExtKeyUsage {
		if u == eku {
			return true
		}
	}
	return false
}

func verifyDigest(pub any, h crypto.Hash, digest, msg, sig []byte) error {
	switch k := pub.(type) {
	case *rsa.PublicKey:
		if err := rsa.VerifyPKCS1v15(k, h, digest, sig); err != nil {
			return rsa.VerifyPSS(k, h, digest, sig, nil)
		}
		return nil
	case *ecdsa.PublicKey:
		if ecdsa.VerifyASN1(k, digest, sig) {
			return nil
		}
		return errors.New("ecdsa verification failed")
	case ed25519.PublicKey:
		if ed25519.Verify(k, msg, sig) {
			return nil
		}
		return errors.New("ed25519 verification failed")
	}
	return fmt.Errorf("key type %T: %w", pub, errAlgUnsupported)
}

func orderLeafFirst(leaf *x509.Certificate, all []*x509.Certificate) []*x509.Certificate {
	out := []*x509.Certificate{leaf}
	for _, c := range all {
		if c != leaf {
			out = append(out, c)
		}
	}
	return out
}

// timestampPayload returns the bytes a claim signature's time-stamp
// imprint covers: a COSE countersignature structure over the claim (v1,
// sigTst) or over the CBOR-encoded signature bytes (v2, sigTst2).
func (s *Signature) timestampPayload(claim []byte) ([]byte, error) {
	payload := claim
	if s.TimeStampVersion == 2 {
		enc, err := cbor.Marshal(s.Sig)
		if err != nil {
			return nil, err
		}
		payload = enc
	}
	return cbor.Marshal([]any{"CounterSignature", s.Protected, []byte{}, payload})
}
