package c2patest

import (
	"crypto/ecdsa"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"math/big"
	"time"

	"github.com/fxamacker/cbor/v2"
)

// RFC 3161 time-stamp tokens signed by the test CA's TSA, so time-stamp
// validation is testable without a network TSA.

var (
	oidSignedData  = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 2}
	oidTSTInfo     = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 16, 1, 4}
	oidContentType = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 3}
	oidMsgDigest   = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 4}
	oidSHA256      = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 1}
	oidECDSA256    = asn1.ObjectIdentifier{1, 2, 840, 10045, 4, 3, 2}
	oidTSAPolicy   = asn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 99999, 1}
)

type algID struct {
	Algorithm asn1.ObjectIdentifier
}

type tstInfo struct {
	Version int
	Policy  asn1.ObjectIdentifier
	Imprint struct {
		Alg  algID
		Hash []byte
	}
	Serial  *big.Int
	GenTime time.Time `asn1:"generalized"`
}

// tlv encodes one DER element with a definite length.
func tlv(tag byte, content []byte) []byte {
	n := len(content)
	var l []byte
	switch {
	case n < 0x80:
		l = []byte{byte(n)}
	case n < 0x100:
		l = []byte{0x81, byte(n)}
	case n < 0x10000:
		l = []byte{0x82, byte(n >> 8), byte(n)}
	default:
		l = []byte{0x83, byte(n >> 16), byte(n >> 8), byte(n)}
	}
	return append(append([]byte{tag}, l...), content...)
}

func must(b []byte, err error) []byte {
	if err != nil {
		panic(err)
	}
	return b
}

// timeStampToken returns a DER time-stamp token over data at time at.
func (s *Signer) timeStampToken(data []byte, at time.Time) ([]byte, error) {
	imprint := sha256.Sum256(data)
	var info tstInfo
	info.Version, info.Policy, info.Serial, info.GenTime = 1, oidTSAPolicy, big.NewInt(7), at.UTC()
	info.Imprint.Alg = algID{oidSHA256}
	info.Imprint.Hash = imprint[:]
	infoDER, err := asn1.Marshal(info)
	if err != nil {
		return nil, err
	}
	digest := sha256.Sum256(infoDER)
	attr := func(oid asn1.ObjectIdentifier, value []byte) []byte {
		return tlv(0x30, append(must(asn1.Marshal(oid)), tlv(0x31, value)...))
	}
	a1 := attr(oidContentType, must(asn1.Marshal(oidTSTInfo)))
	a2 := attr(oidMsgDigest, must(asn1.Marshal(digest[:])))
	attrs := append(append([]byte{}, a1...), a2...) // already in DER order: a1 < a2
	signedDigest := sha256.Sum256(tlv(0x31, attrs))
	// DER ECDSA signatures vary in length; a fixture's store must keep
	// its size between the sizing and the final build, so take a 72-byte
	// one (about one try in four).
	var sig []byte
	for range 256 {
		if sig, err = ecdsa.SignASN1(rand.Reader, s.tsaKey, signedDigest[:]); err != nil {
			return nil, err
		}
		if len(sig) == 72 {
			break
		}
	}
	alg := must(asn1.Marshal(algID{oidSHA256}))
	sid := tlv(0x30, append(append([]byte{}, s.CA.RawSubject...), must(asn1.Marshal(s.tsa.SerialNumber))...))
	signerInfo := tlv(0x30, concat(
		must(asn1.Marshal(1)), sid, alg, tlv(0xA0, attrs),
		must(asn1.Marshal(algID{oidECDSA256})), must(asn1.Marshal(sig)),
	))
	encap := tlv(0x30, concat(must(asn1.Marshal(oidTSTInfo)), tlv(0xA0, must(asn1.Marshal(infoDER)))))
	signedData := tlv(0x30, concat(
		must(asn1.Marshal(3)), tlv(0x31, alg), encap,
		tlv(0xA0, concat(s.tsa.Raw, s.CA.Raw)), tlv(0x31, signerInfo),
	))
	return tlv(0x30, concat(must(asn1.Marshal(oidSignedData)), tlv(0xA0, signedData))), nil
}

func concat(parts ...[]byte) []byte {
	var out []byte
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

// sigTst2 returns the v2 time-stamp header value for a COSE signature:
// the token covers a countersignature structure over the CBOR-encoded
// signature bytes.
func (s *Signer) sigTst2(protected, sig []byte, at time.Time) (map[any]any, error) {
	sigCBOR, err := cbor.Marshal(sig)
	if err != nil {
		return nil, err
	}
	tbs, err := cbor.Marshal([]any{"CounterSignature", protected, []byte{}, sigCBOR})
	if err != nil {
		return nil, err
	}
	tok, err := s.timeStampToken(tbs, at)
	if err != nil {
		return nil, err
	}
	return map[any]any{"tstTokens": []any{map[any]any{"val": tok}}}, nil
}

// SetTSACommonName reissues the time-stamping certificate with cn as its
// subject common name, encoded as a PrintableString whatever characters
// it holds. Real TSAs have names such as "..._Timestamp_Responder_..."
// encoded so, which crypto/x509 refuses; the certificate is therefore
// kept unparsed (only its DER and serial number are used).
func (s *Signer) SetTSACommonName(cn string) error {
	subject, err := asn1.Marshal(pkix.RDNSequence{{{
		Type: asn1.ObjectIdentifier{2, 5, 4, 3}, Value: asn1.RawValue{Tag: asn1.TagPrintableString, Bytes: []byte(cn)},
	}}})
	if err != nil {
		return err
	}
	serial := big.NewInt(4)
	tmpl := &x509.Certificate{
		SerialNumber: serial, RawSubject: subject,
		NotBefore: s.CA.NotBefore, NotAfter: s.CA.NotAfter,
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageTimeStamping},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, s.CA, &s.tsaKey.PublicKey, s.caKey)
	if err != nil {
		return err
	}
	s.tsa = &x509.Certificate{Raw: der, SerialNumber: serial}
	return nil
}
