package c2pa

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"math/big"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

var (
	rsaKeysOnce sync.Once
	rsaCAKey    *rsa.PrivateKey
	rsaLeafKey  *rsa.PrivateKey
)

func rsaKeys(t *testing.T) (*rsa.PrivateKey, *rsa.PrivateKey) {
	t.Helper()
	rsaKeysOnce.Do(func() {
		rsaCAKey, _ = rsa.GenerateKey(rand.Reader, 2048)
		rsaLeafKey, _ = rsa.GenerateKey(rand.Reader, 2048)
	})
	if rsaCAKey == nil || rsaLeafKey == nil {
		t.Fatal("RSA key generation failed")
	}
	return rsaCAKey, rsaLeafKey
}

// pssAlg encodes an RSASSA-PSS AlgorithmIdentifier; a zero hash leaves a
// field out (its default: SHA-1); params false leaves the parameters out.
func pssAlg(t *testing.T, params bool, hash, mgfHash asn1.ObjectIdentifier, salt int) []byte {
	t.Helper()
	var b cryptobyte.Builder
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1ObjectIdentifier(oidRSAPSS)
		if !params {
			return
		}
		b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
			if hash != nil {
				b.AddASN1(cbasn1.Tag(0).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) {
					b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) { b.AddASN1ObjectIdentifier(hash); b.AddASN1NULL() })
				})
			}
			if mgfHash != nil {
				b.AddASN1(cbasn1.Tag(1).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) {
					b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
						b.AddASN1ObjectIdentifier(oidMGF1)
						b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) { b.AddASN1ObjectIdentifier(mgfHash); b.AddASN1NULL() })
					})
				})
			}
			b.AddASN1(cbasn1.Tag(2).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) { b.AddASN1Int64(int64(salt)) })
		})
	})
	return b.BytesOrPanic()
}

// pssLeaf issues a C2PA signing certificate from an RSA CA, signed with
// RSASSA-PSS under the given AlgorithmIdentifier (salt as it says), and
// returns it as crypto/x509 reads it.
func pssLeaf(t *testing.T, alg []byte, salt int, pub *rsa.PublicKey) *x509.Certificate {
	t.Helper()
	caKey, leafKey := rsaKeys(t)
	if pub == nil {
		pub = &leafKey.PublicKey
	}
	now := time.Now()
	ca := &x509.Certificate{Subject: pkix.Name{CommonName: "PSS test CA"}, SubjectKeyId: []byte{9}, PublicKey: &caKey.PublicKey}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(5), Subject: pkix.Name{CommonName: "PSS signer", Organization: []string{"provcheck TEST"}},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageEmailProtection},
		SignatureAlgorithm: x509.SHA256WithRSAPSS,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca, pub, caKey)
	if err != nil {
		t.Fatal(err)
	}
	c, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	// Swap the signature AlgorithmIdentifier inside the TBSCertificate,
	// re-sign it as the new one says, and use it outside too.
	in := cryptobyte.String(c.RawTBSCertificate)
	var body cryptobyte.String
	if !in.ReadASN1(&body, cbasn1.SEQUENCE) {
		t.Fatal("TBS")
	}
	var b cryptobyte.Builder
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		for i := 0; !body.Empty(); i++ {
			var el cryptobyte.String
			var tag cbasn1.Tag
			body.ReadAnyASN1Element(&el, &tag)
			if i == 2 { // [0] version, serial, signature
				b.AddBytes(alg)
				continue
			}
			b.AddBytes(el)
		}
	})
	tbs := b.BytesOrPanic()
	h := crypto.SHA256
	digest := h.New()
	digest.Write(tbs)
	sig, err := rsa.SignPSS(rand.Reader, caKey, h, digest.Sum(nil), &rsa.PSSOptions{SaltLength: salt})
	if err != nil {
		t.Fatal(err)
	}
	var cb cryptobyte.Builder
	cb.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddBytes(tbs)
		b.AddBytes(alg)
		b.AddASN1BitString(sig)
	})
	out, err := x509.ParseCertificate(cb.BytesOrPanic())
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestSignerProfileRSA holds RSASSA-PSS certificate signatures and RSA
// keys to the SDK's certificate profile; each refusal is the SDK's
// signingCredential.invalid.
func TestSignerProfileRSA(t *testing.T) {
	sha1 := asn1.ObjectIdentifier{1, 3, 14, 3, 2, 26}
	_, leafKey := rsaKeys(t)
	tests := []struct {
		name   string
		alg    []byte
		salt   int
		pub    *rsa.PublicKey
		refuse string // "" when the profile holds
	}{
		{"PSS SHA-256, MGF1 SHA-256, salt 32", pssAlg(t, true, oidSHA256, oidSHA256, 32), 32, nil, ""},
		{"PSS SHA-384, MGF1 SHA-384, salt 48", pssAlg(t, true, oidSHA384, oidSHA384, 48), 48, nil, ""},
		{"PSS MGF1 hash differs", pssAlg(t, true, oidSHA256, sha1, 32), 32, nil, "MGF1 hash"},
		{"PSS hash SHA-1", pssAlg(t, true, sha1, sha1, 20), 20, nil, "not SHA-256, -384 or -512"},
		{"PSS default hash", pssAlg(t, true, nil, nil, 20), 20, nil, "default hash, SHA-1"},
		{"PSS without parameters", pssAlg(t, false, nil, nil, 0), 32, nil, "without parameters"},
		// Stricter than the SDK, which does not look at the salt length:
		// crypto/x509 cannot check such a signature at all.
		{"PSS salt 20 with SHA-256", pssAlg(t, true, oidSHA256, oidSHA256, 20), 20, nil, "salt length 20"},
		{"RSA exponent even", pssAlg(t, true, oidSHA256, oidSHA256, 32), 32, &rsa.PublicKey{N: leafKey.N, E: 65536}, "exponent 65536"},
		{"RSA exponent 1", pssAlg(t, true, oidSHA256, oidSHA256, 32), 32, &rsa.PublicKey{N: leafKey.N, E: 1}, "exponent 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			leaf := pssLeaf(t, tt.alg, tt.salt, tt.pub)
			err := checkSignerProfile(leaf)
			if tt.refuse == "" {
				if err != nil {
					t.Errorf("refused: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.refuse) {
				t.Errorf("error %v, want one saying %q", err, tt.refuse)
			}
		})
	}
}
