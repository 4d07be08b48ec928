package trust

import (
	"bytes"
	"crypto/sha256"
	"crypto/x509"
	"sync"
	"time"
)

// maxCachedChains bounds the verified-chain cache of one store. A batch
// sees few distinct signers (a camera model, a generator, a handful of
// time-stamping authorities), so a small cache holds them all; a
// long-running server that meets more forgets an arbitrary entry.
const maxCachedChains = 1024

// chainCache remembers the outcome of chain verifications of one store.
// Path building re-checks every certificate signature of the chain and of
// the candidate anchors, which costs more than validating the manifest it
// belongs to, and a batch meets the same chains over and over.
//
// The outcome of crypto/x509 path building depends on the chain, the
// store's pools and the verification time, and on the time only through
// which certificates are inside their validity period. Path building only
// ever considers, as parents, certificates whose subject is the issuer of
// a certificate on the path, and the path holds only the chain's own
// certificates and one anchor. The key therefore holds the chain's
// fingerprint and one bit per chain certificate and per anchor whose
// subject issued one of them, saying whether it is valid at the time
// asked: two times with the same bits give the same answer, so a cached
// answer is exactly the one a fresh verification would give. The cache lives in the store, so a
// store built from another configuration never sees its entries, and
// adding certificates to a store empties it.
type chainCache struct {
	mu      sync.Mutex
	entries map[string]cachedVerify
}

type cachedVerify struct {
	list string
	err  error
}

// Kinds of verification, part of the key.
const (
	kindSigner = 's'
	kindTSA    = 't'
)

// chainKey returns the cache key of verifying chain against anchors at a
// time, or "" when the chain is too long to be worth keying.
func chainKey(kind byte, chain []*x509.Certificate, anchors [][]*x509.Certificate, at time.Time) string {
	if len(chain) > 16 {
		return ""
	}
	h := sha256.New()
	var n [4]byte
	for _, c := range chain {
		l := len(c.Raw)
		n[0], n[1], n[2], n[3] = byte(l>>24), byte(l>>16), byte(l>>8), byte(l)
		h.Write(n[:])
		h.Write(c.Raw)
	}
	key := make([]byte, 1, 1+sha256.Size+8)
	key[0] = kind
	key = h.Sum(key)
	var bits byte
	i := 0
	mark := func(c *x509.Certificate) {
		if !at.Before(c.NotBefore) && !at.After(c.NotAfter) {
			bits |= 1 << i
		}
		if i++; i == 8 {
			key, bits, i = append(key, bits), 0, 0
		}
	}
	for _, c := range chain {
		mark(c)
	}
	// Which anchors are relevant depends on the chain alone, so their
	// bits always come in the same order for one fingerprint.
	for _, set := range anchors {
		for _, a := range set {
			if issuedOne(a, chain) {
				mark(a)
			}
		}
	}
	return string(append(key, bits))
}

// issuedOne reports whether a's subject is the issuer of a certificate of
// the chain, which makes a a candidate parent in path building.
func issuedOne(a *x509.Certificate, chain []*x509.Certificate) bool {
	for _, c := range chain {
		if bytes.Equal(a.RawSubject, c.RawIssuer) {
			return true
		}
	}
	return false
}

func (c *chainCache) get(key string) (cachedVerify, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	r, ok := c.entries[key]
	return r, ok
}

func (c *chainCache) put(key string, r cachedVerify) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil {
		c.entries = make(map[string]cachedVerify)
	}
	if len(c.entries) >= maxCachedChains {
		for k := range c.entries { // map order is random: forget any one
			delete(c.entries, k)
			break
		}
	}
	c.entries[key] = r
}

// reset forgets every entry; the store's anchors changed.
func (c *chainCache) reset() {
	c.mu.Lock()
	c.entries = nil
	c.mu.Unlock()
}

func (c *chainCache) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.entries)
}
