package c2pa

import (
	"bytes"
	"crypto/x509"
	"errors"
	"fmt"
	"strings"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// Some time-stamping authorities in real use have a certificate whose
// name holds a PrintableString with a character outside that type's
// alphabet (an underscore, as in "..._Timestamp_Responder_..."). The SDK
// reads such names; crypto/x509 refuses the whole certificate ("invalid
// PrintableString"), so the time-stamp would not date the signature and
// an expired signer would be reported where the SDK reports none.
//
// parseTSACertificates accepts them narrowly: only when that is the
// parse error, only for PrintableStrings of printable ASCII in the
// issuer or subject name, and only to read the fields. A copy in which
// those strings are re-tagged UTF8String (same lengths, same offsets) is
// parsed; every raw field of the result (Raw, RawTBSCertificate,
// RawIssuer, RawSubject, RawSubjectPublicKeyInfo, Signature) is then
// pointed back at the original bytes, so signatures are checked over the
// DER the issuer signed and issuer/subject chaining compares the bytes
// both certificates really carry.

// parseTSACertificates parses concatenated DER certificates (a CMS
// CertificateSet's content).
func parseTSACertificates(der []byte) ([]*x509.Certificate, error) {
	var out []*x509.Certificate
	s := cryptobyte.String(der)
	for !s.Empty() {
		var one cryptobyte.String
		var tag cbasn1.Tag
		if !s.ReadAnyASN1Element(&one, &tag) {
			return nil, errors.New("x509: malformed certificate set")
		}
		if tag != cbasn1.SEQUENCE {
			// Other CertificateChoices (attribute certificates) are not
			// certificates a TSA signs with.
			continue
		}
		c, err := parseCertificateLenientNames(one)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

// parseCertificateLenientNames is x509.ParseCertificate, plus the narrow
// PrintableString leniency described above.
func parseCertificateLenientNames(der []byte) (*x509.Certificate, error) {
	c, err := x509.ParseCertificate(der)
	if err == nil || !strings.Contains(err.Error(), "invalid PrintableString") {
		return c, err
	}
	l, ok := certLayoutOf(der)
	if !ok {
		return nil, err
	}
	fixed := bytes.Clone(der)
	n := 0
	for _, name := range [][2]int{l.issuer, l.subject} {
		m, ok := retagPrintable(fixed, name)
		if !ok {
			return nil, err
		}
		n += m
	}
	if n == 0 {
		return nil, err
	}
	c, err2 := x509.ParseCertificate(fixed)
	if err2 != nil {
		return nil, fmt.Errorf("%w (re-read with lenient names: %v)", err, err2)
	}
	// The re-tagged copy has the original's layout; check that the parser
	// saw it so, then hand out the original bytes.
	span := func(r [2]int) []byte { return fixed[r[0]:r[1]] }
	if !bytes.Equal(c.RawTBSCertificate, span(l.tbs)) || !bytes.Equal(c.RawIssuer, span(l.issuer)) ||
		!bytes.Equal(c.RawSubject, span(l.subject)) || !bytes.Equal(c.RawSubjectPublicKeyInfo, span(l.spki)) ||
		!bytes.Equal(c.Raw, fixed) {
		return nil, err
	}
	orig := func(r [2]int) []byte { return der[r[0]:r[1]:r[1]] }
	c.Raw = der[:len(der):len(der)]
	c.RawTBSCertificate = orig(l.tbs)
	c.RawIssuer = orig(l.issuer)
	c.RawSubject = orig(l.subject)
	c.RawSubjectPublicKeyInfo = orig(l.spki)
	c.Signature = bytes.Clone(c.Signature) // outside the names: same bytes, own storage
	return c, nil
}

// certLayout holds [start, end) offsets of a certificate's parts.
type certLayout struct{ tbs, issuer, subject, spki [2]int }

func certLayoutOf(der []byte) (certLayout, bool) {
	var l certLayout
	s := cryptobyte.String(der)
	var cert, tbs cryptobyte.String
	if !s.ReadASN1(&cert, cbasn1.SEQUENCE) || !s.Empty() {
		return l, false
	}
	start := len(der) - len(cert)
	if !cert.ReadASN1Element(&tbs, cbasn1.SEQUENCE) {
		return l, false
	}
	l.tbs = [2]int{start, start + len(tbs)}
	var body cryptobyte.String
	if !tbs.ReadASN1(&body, cbasn1.SEQUENCE) {
		return l, false
	}
	off := l.tbs[1] - len(body)
	next := func(want cbasn1.Tag) ([2]int, bool) {
		var el cryptobyte.String
		from := off
		if !body.ReadASN1Element(&el, want) {
			return [2]int{}, false
		}
		off += len(el)
		return [2]int{from, off}, true
	}
	if body.PeekASN1Tag(cbasn1.Tag(0).Constructed().ContextSpecific()) {
		if _, ok := next(cbasn1.Tag(0).Constructed().ContextSpecific()); !ok {
			return l, false
		}
	}
	var ok bool
	if _, ok = next(cbasn1.INTEGER); !ok {
		return l, false
	}
	if _, ok = next(cbasn1.SEQUENCE); !ok { // signature algorithm
		return l, false
	}
	if l.issuer, ok = next(cbasn1.SEQUENCE); !ok {
		return l, false
	}
	if _, ok = next(cbasn1.SEQUENCE); !ok { // validity
		return l, false
	}
	if l.subject, ok = next(cbasn1.SEQUENCE); !ok {
		return l, false
	}
	if l.spki, ok = next(cbasn1.SEQUENCE); !ok {
		return l, false
	}
	return l, true
}

// retagPrintable re-tags, in buf, the PrintableString attribute values of
// the Name at r whose bytes are printable ASCII but outside the
// PrintableString alphabet crypto/x509 accepts. It returns how many it
// re-tagged, and false when the Name is malformed or holds a
// PrintableString that is not printable ASCII at all (left refused).
func retagPrintable(buf []byte, r [2]int) (int, bool) {
	name := cryptobyte.String(buf[r[0]:r[1]])
	var rdns cryptobyte.String
	if !name.ReadASN1(&rdns, cbasn1.SEQUENCE) {
		return 0, false
	}
	n := 0
	for !rdns.Empty() {
		var set cryptobyte.String
		if !rdns.ReadASN1(&set, cbasn1.SET) {
			return 0, false
		}
		for !set.Empty() {
			var atv cryptobyte.String
			if !set.ReadASN1(&atv, cbasn1.SEQUENCE) || !atv.SkipASN1(cbasn1.OBJECT_IDENTIFIER) {
				return 0, false
			}
			var val cryptobyte.String
			var tag cbasn1.Tag
			// The tag's offset in buf: atv now holds exactly the value.
			at := r[1] - len(name) - len(rdns) - len(set) - len(atv)
			if !atv.ReadAnyASN1(&val, &tag) || !atv.Empty() {
				return 0, false
			}
			if tag != cbasn1.PrintableString || printableOK(val) {
				continue
			}
			for _, b := range val {
				if b < 0x20 || b > 0x7e {
					return 0, false
				}
			}
			if buf[at] != byte(cbasn1.PrintableString) {
				return 0, false
			}
			buf[at] = byte(cbasn1.UTF8String)
			n++
		}
	}
	return n, true
}

// printableOK is crypto/x509's PrintableString alphabet (with its
// tolerance of '*' and '&').
func printableOK(b []byte) bool {
	for _, c := range b {
		ok := 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
			strings.IndexByte(" '()+,-./:=?*&", c) >= 0
		if !ok {
			return false
		}
	}
	return true
}
