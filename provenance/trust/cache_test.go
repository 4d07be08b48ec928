package trust

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"sync"
	"testing"
	"time"
)

// testChain is a root, an intermediate and a leaf, each valid for its own
// window, so that verification answers change with the time.
type testChain struct {
	root, inter, leaf *x509.Certificate
	rootPEM           []byte
}

var t0 = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

func newKey(tb testing.TB, rsaKey bool) crypto.Signer {
	tb.Helper()
	if rsaKey {
		k, err := rsa.GenerateKey(rand.Reader, 2048)
		if err != nil {
			tb.Fatal(err)
		}
		return k
	}
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		tb.Fatal(err)
	}
	return k
}

func makeCert(tb testing.TB, serial int64, cn string, ca bool, from, to time.Time, key crypto.Signer, parent *x509.Certificate, parentKey crypto.Signer) *x509.Certificate {
	tb.Helper()
	tpl := &x509.Certificate{
		SerialNumber:          big.NewInt(serial),
		Subject:               pkix.Name{CommonName: cn, Organization: []string{"provcheck test"}},
		NotBefore:             from,
		NotAfter:              to,
		BasicConstraintsValid: true,
		IsCA:                  ca,
		KeyUsage:              x509.KeyUsageDigitalSignature,
	}
	if ca {
		tpl.KeyUsage |= x509.KeyUsageCertSign
	}
	if parent == nil {
		parent, parentKey = tpl, key
	}
	der, err := x509.CreateCertificate(rand.Reader, tpl, parent, key.Public(), parentKey)
	if err != nil {
		tb.Fatal(err)
	}
	c, err := x509.ParseCertificate(der)
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

// newTestChain: root valid t0..t0+10y, intermediate t0+1y..t0+5y, leaf
// t0+2y..t0+3y.
func newTestChain(tb testing.TB, rsaKeys bool) testChain {
	rk, ik, lk := newKey(tb, rsaKeys), newKey(tb, rsaKeys), newKey(tb, rsaKeys)
	root := makeCert(tb, 1, "test root", true, t0, t0.AddDate(10, 0, 0), rk, nil, nil)
	inter := makeCert(tb, 2, "test intermediate", true, t0.AddDate(1, 0, 0), t0.AddDate(5, 0, 0), ik, root, rk)
	leaf := makeCert(tb, 3, "test signer", false, t0.AddDate(2, 0, 0), t0.AddDate(3, 0, 0), lk, inter, ik)
	return testChain{root: root, inter: inter, leaf: leaf,
		rootPEM: pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: root.Raw})}
}

func (c testChain) chain() []*x509.Certificate { return []*x509.Certificate{c.leaf, c.inter} }

// times around every validity boundary of the chain.
func (c testChain) times() []time.Time {
	var out []time.Time
	for _, cert := range []*x509.Certificate{c.root, c.inter, c.leaf} {
		for _, b := range []time.Time{cert.NotBefore, cert.NotAfter} {
			out = append(out, b.Add(-time.Second), b, b.Add(time.Second))
		}
	}
	return append(out, t0.AddDate(2, 6, 0))
}

func TestCachedVerifyMatchesFresh(t *testing.T) {
	tc := newTestChain(t, false)
	s := Empty()
	if err := s.AddAnchorsPEM(ListUser, tc.rootPEM); err != nil {
		t.Fatal(err)
	}
	trusted := 0
	// Twice over the times, in both orders, so that answers come from
	// the cache after the first pass and an entry made at one time is
	// asked at every other.
	ts := tc.times()
	for pass := range 3 {
		for i := range ts {
			at := ts[i]
			if pass == 1 {
				at = ts[len(ts)-1-i]
			}
			wantList, wantErr := s.verify(tc.chain(), at)
			gotList, gotErr := s.Verify(tc.chain(), at)
			if gotList != wantList || (gotErr == nil) != (wantErr == nil) {
				t.Errorf("pass %d, %s: cached (%q, %v), fresh (%q, %v)", pass, at, gotList, gotErr, wantList, wantErr)
			}
			if gotErr == nil {
				trusted++
			}
		}
	}
	if trusted == 0 || trusted == 3*len(ts) {
		t.Errorf("%d of %d verifications trusted: the times do not cross a validity boundary", trusted, 3*len(ts))
	}
	if n := s.cache.len(); n == 0 || n > len(ts) {
		t.Errorf("cache holds %d entries after %d distinct times", n, len(ts))
	}
}

// TestCacheIgnoresUnrelatedAnchors: an anchor that issued no certificate of
// the chain cannot change the answer, so its validity is not in the key.
func TestCacheIgnoresUnrelatedAnchors(t *testing.T) {
	tc := newTestChain(t, false)
	// The unrelated root's window starts between the two times asked; the
	// chain's own certificates are valid at both.
	other := makeCert(t, 9, "other root", true, t0.AddDate(2, 6, 0), t0.AddDate(10, 0, 0), newKey(t, false), nil, nil)
	s := Empty()
	for _, c := range []*x509.Certificate{tc.root, other} {
		if err := s.AddAnchorsPEM(ListUser, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: c.Raw})); err != nil {
			t.Fatal(err)
		}
	}
	for _, at := range []time.Time{t0.AddDate(2, 3, 0), t0.AddDate(2, 9, 0)} {
		if _, err := s.Verify(tc.chain(), at); err != nil {
			t.Fatal(err)
		}
	}
	if n := s.cache.len(); n != 1 {
		t.Errorf("%d cache entries, want 1", n)
	}
}

func TestCachedVerifyTSAMatchesFresh(t *testing.T) {
	tc := newTestChain(t, false)
	s := Empty()
	s.tsaCerts = []*x509.Certificate{tc.root}
	s.tsa.AddCert(tc.root)
	for range 2 {
		for _, at := range tc.times() {
			want := s.verifyTSA(tc.chain(), at)
			got := s.VerifyTSA(tc.chain(), at)
			if (got == nil) != (want == nil) {
				t.Errorf("%s: cached %v, fresh %v", at, got, want)
			}
		}
	}
	// The same chain as a signer chain is another question.
	if _, err := s.Verify(tc.chain(), t0.AddDate(2, 6, 0)); err == nil {
		t.Error("a TSA anchor trusted a signing chain")
	}
}

func TestCacheForgetsWhenAnchorsChange(t *testing.T) {
	tc := newTestChain(t, false)
	at := t0.AddDate(2, 6, 0)
	s := Empty()
	if _, err := s.Verify(tc.chain(), at); err == nil {
		t.Fatal("an empty store trusted the chain")
	}
	if err := s.AddAnchorsPEM(ListUser, tc.rootPEM); err != nil {
		t.Fatal(err)
	}
	if list, err := s.Verify(tc.chain(), at); err != nil || list != ListUser {
		t.Fatalf("after adding the root: (%q, %v), want trusted via %s", list, err, ListUser)
	}
	// A clone has its own cache and its own anchors.
	c := Empty().Clone()
	if _, err := c.Verify(tc.chain(), at); err == nil {
		t.Error("a clone of an empty store answered from another store's cache")
	}
	// Allowed certificates too.
	a := Empty()
	a.Verify(tc.chain(), at)
	if err := a.AddAllowedPEM(ListUser, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: tc.leaf.Raw})); err != nil {
		t.Fatal(err)
	}
	if list, err := a.Verify(tc.chain(), at); err != nil || list != ListUser {
		t.Errorf("after allowing the leaf: (%q, %v)", list, err)
	}
}

func TestCacheBounded(t *testing.T) {
	var c chainCache
	for i := range maxCachedChains + 50 {
		c.put(fmt.Sprint(i), cachedVerify{list: "x"})
	}
	if n := c.len(); n != maxCachedChains {
		t.Errorf("cache holds %d entries, bound %d", n, maxCachedChains)
	}
}

// TestCacheConcurrent runs verifications of one store from many goroutines
// (scan's workers share it); run with -race.
func TestCacheConcurrent(t *testing.T) {
	tc := newTestChain(t, false)
	s := Empty()
	if err := s.AddAnchorsPEM(ListUser, tc.rootPEM); err != nil {
		t.Fatal(err)
	}
	at := t0.AddDate(2, 6, 0)
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 8 {
				if _, err := s.Verify(tc.chain(), at); err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func BenchmarkBuildDefault(b *testing.B) {
	for b.Loop() {
		buildDefault()
	}
}

func benchVerify(b *testing.B, rsaKeys, cached bool) {
	tc := newTestChain(b, rsaKeys)
	s := Default().Clone()
	if err := s.AddAnchorsPEM(ListUser, tc.rootPEM); err != nil {
		b.Fatal(err)
	}
	at := t0.AddDate(2, 6, 0)
	for b.Loop() {
		var err error
		if cached {
			_, err = s.Verify(tc.chain(), at)
		} else {
			_, err = s.verify(tc.chain(), at)
		}
		if err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkVerifyChain(b *testing.B) {
	for _, k := range []struct {
		name string
		rsa  bool
	}{{"ecdsa", false}, {"rsa", true}} {
		b.Run(k.name+"/uncached", func(b *testing.B) { benchVerify(b, k.rsa, false) })
		b.Run(k.name+"/cached", func(b *testing.B) { benchVerify(b, k.rsa, true) })
	}
}

// verifyLeaf answers as crypto/x509's full verification does, whether the
// leaf's issuer is an anchor itself (the short try answers), is reached
// through an intermediate, or is not reached at all, at every validity
// boundary of the chain.
func TestVerifyLeafMatchesFullVerification(t *testing.T) {
	tc := newTestChain(t, false)
	pool := func(cs ...*x509.Certificate) *x509.CertPool {
		p := x509.NewCertPool()
		for _, c := range cs {
			p.AddCert(c)
		}
		return p
	}
	other := newTestChain(t, false)
	cases := []struct {
		name         string
		roots, inter *x509.CertPool
	}{
		{"issuer is an anchor", pool(tc.inter), pool(tc.inter)},
		{"issuer and root are anchors", pool(tc.root, tc.inter), pool(tc.inter)},
		{"through an intermediate", pool(tc.root), pool(tc.inter)},
		{"intermediate missing", pool(tc.root), pool()},
		{"another root", pool(other.root), pool(tc.inter)},
	}
	for _, c := range cases {
		for _, at := range tc.times() {
			_, full := tc.leaf.Verify(x509.VerifyOptions{Roots: c.roots, Intermediates: c.inter, CurrentTime: at,
				KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageAny}})
			got := verifyLeaf(tc.leaf, c.roots, c.inter, at)
			if (got == nil) != (full == nil) || (got != nil && got.Error() != full.Error()) {
				t.Errorf("%s at %s: verifyLeaf %v, crypto/x509 %v", c.name, at, got, full)
			}
		}
	}
}
