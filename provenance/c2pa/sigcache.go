package c2pa

import (
	"bytes"
	"crypto/sha256"
	"crypto/x509"
	"encoding/binary"

	"github.com/provcheck/provcheck/internal/memo"
)

// Signature checks and certificate parses are pure functions of their
// bytes, and a batch meets the same ones again and again: an ingredient's
// manifest is validated inside every file that holds it, and one signer's
// certificate chain and time-stamping authority sign many files. Over the
// C2PA samples more than a third of the COSE and time-stamp signature
// checks repeated one already made. The answers are remembered here, per
// process, keyed by a SHA-256 over every input; a repeat costs that hash
// instead of an RSA or ECDSA verification. Each table holds at most
// memoLimit entries, so memory stays bounded whatever the batch.
const memoLimit = 4096

var (
	// verified holds the outcome of signature checks (nil: valid).
	verified = memo.Table[[sha256.Size]byte, error]{Max: memoLimit}
	// parsedCerts holds parsed certificates by their DER bytes. A parsed
	// certificate is never modified, so one value serves every caller.
	parsedCerts = memo.Table[[sha256.Size]byte, certOrErr]{Max: memoLimit}
)

type certOrErr struct {
	cert *x509.Certificate
	err  error
}

// memoKey hashes a kind tag and the parts, each prefixed by its length so
// that no two different inputs give the same stream.
func memoKey(kind string, parts ...[]byte) [sha256.Size]byte {
	h := sha256.New()
	var n [8]byte
	h.Write([]byte(kind))
	for _, p := range parts {
		binary.BigEndian.PutUint64(n[:], uint64(len(p)))
		h.Write(n[:])
		h.Write(p)
	}
	var k [sha256.Size]byte
	h.Sum(k[:0])
	return k
}

// verifyOnce runs check unless the same check (kind and parts) was made
// before, and returns its outcome.
func verifyOnce(check func() error, kind string, parts ...[]byte) error {
	k := memoKey(kind, parts...)
	if err, ok := verified.Get(k); ok {
		return err
	}
	err := check()
	verified.Put(k, err)
	return err
}

// parseCertificate is x509.ParseCertificate, remembered.
func parseCertificate(der []byte) (*x509.Certificate, error) {
	k := memoKey("cert", der)
	if r, ok := parsedCerts.Get(k); ok {
		return r.cert, r.err
	}
	// The certificate keeps slices of the bytes it was parsed from; they
	// are copied, since the caller's may be a reused file buffer.
	c, err := x509.ParseCertificate(bytes.Clone(der))
	parsedCerts.Put(k, certOrErr{c, err})
	return c, err
}
