// Package trust holds the trust lists that decide whether a C2PA signer is
// trusted: the official C2PA Trust List, the C2PA TSA Trust List and the
// frozen CAI interim trust list (ITL), embedded as dated PEM snapshots (see
// README.md), plus any anchors or allowed certificates the user adds.
package trust

import (
	"crypto/sha256"
	"crypto/x509"
	"embed"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"time"
)

//go:embed data/*.pem data/*.cfg
var data embed.FS

// List names, as reports show them.
const (
	ListC2PA = "c2pa" // official C2PA Trust List
	ListITL  = "itl"  // CAI interim trust list (frozen 2026-01-01)
	ListTSA  = "c2pa-tsa"
	ListUser = "user" // anchors or allowed certificates given by the user
)

// Snapshot is the date the embedded lists were copied.
const Snapshot = "2026-11-27"

// Store is a set of trust anchors and allowed end-entity certificates,
// each tagged with the list it came from.
type Store struct {
	// load, when set, fills the store from the embedded lists on first
	// use (Default's store): parsing them costs more than a whole scan of
	// a few files without Content Credentials, so a process that meets no
	// manifest never pays for it.
	load *sync.Once

	// cache remembers verified chains (cache.go); a fresh store starts
	// with an empty one.
	cache    chainCache
	tsaCerts []*x509.Certificate // the certificates of tsa, for cache keys

	anchors []anchorSet // tried in order: the first list that verifies wins
	allowed map[[32]byte]string
	tsa     *x509.CertPool
	ekus    []string // allowed EKU OIDs for signing certificates
	// Skipped counts PEM certificates that could not be parsed.
	Skipped int
	// userFiles are the user's PEM files added (Files, UserAdded); empty
	// marks a store without the embedded lists.
	userFiles []ListFile
	empty     bool
}

type anchorSet struct {
	name  string
	pool  *x509.CertPool
	n     int
	certs []*x509.Certificate
}

// defaultStore is the shared store of the embedded lists; it parses them
// the first time a method needs them (see Store.load).
var defaultStore = &Store{load: new(sync.Once)}

// Default returns the embedded lists: C2PA Trust List and ITL anchors,
// ITL allowed certificates, the TSA list (plus the ITL anchors, which
// include time-stamping roots) and the ITL EKUs. It is shared:
// use Clone before adding to it.
func Default() *Store {
	return defaultStore
}

// loaded makes sure a lazily built store holds its lists; every method
// that reads them calls it first.
func (s *Store) loaded() *Store {
	if s.load != nil {
		s.load.Do(func() { s.fill() })
	}
	return s
}

// buildDefault parses the embedded lists into a new store.
func buildDefault() *Store {
	s := &Store{}
	s.fill()
	return s
}

// fill parses the embedded lists into s. They are cut into blocks by
// certBlocks (pem.go), which a test holds to encoding/pem on these files.
func (s *Store) fill() {
	s.allowed = map[[32]byte]string{}
	s.tsa = x509.NewCertPool()
	s.addAnchorCerts(ListC2PA, parseDER(certBlocks(mustRead("data/C2PA-TRUST-LIST.pem")), &s.Skipped))
	itl := parseDER(certBlocks(mustRead("data/ITL-anchors.pem")), &s.Skipped)
	s.addAnchorCerts(ListITL, itl)
	s.addAllowedDER(ListITL, certBlocks(mustRead("data/ITL-allowed.pem")))
	s.tsaCerts = parseDER(certBlocks(mustRead("data/C2PA-TSA-TRUST-LIST.pem")), &s.Skipped)
	// The ITL anchors include time-stamping roots (DigiCert) that the
	// interim list trusted for time-stamps.
	s.tsaCerts = append(s.tsaCerts, itl...)
	for _, c := range s.tsaCerts {
		s.tsa.AddCert(c)
	}
	s.ekus = embeddedEKUs()
}

// embeddedEKUs are the ITL's allowed EKUs, read once.
var embeddedEKUs = sync.OnceValue(func() []string { return parseEKUs(mustRead("data/ITL-store.cfg")) })

// Empty returns a store with no anchors, for tests and strict runs.
func Empty() *Store {
	return &Store{allowed: map[[32]byte]string{}, tsa: x509.NewCertPool(), ekus: embeddedEKUs(), empty: true}
}

// Clone returns a copy the caller may add to.
func (s *Store) Clone() *Store {
	s.loaded()
	c := &Store{allowed: make(map[[32]byte]string, len(s.allowed)), tsa: s.tsa, ekus: s.ekus, Skipped: s.Skipped, empty: s.empty}
	c.tsaCerts = s.tsaCerts
	c.anchors = append(c.anchors, s.anchors...)
	c.userFiles = append(c.userFiles, s.userFiles...)
	for k, v := range s.allowed {
		c.allowed[k] = v
	}
	return c
}

func mustRead(name string) []byte {
	b, err := data.ReadFile(name)
	if err != nil {
		panic(fmt.Sprintf("trust: embedded %s: %v", name, err))
	}
	return b
}

// AddAnchorsPEM adds trust anchors (root or intermediate certificates)
// under the list name.
func (s *Store) AddAnchorsPEM(name string, pemData []byte) error {
	s.loaded()
	if s.addAnchors(name, pemData) == 0 {
		return errors.New("trust: no certificate in PEM data")
	}
	return nil
}

// AddAllowedPEM adds end-entity certificates trusted as they are.
func (s *Store) AddAllowedPEM(name string, pemData []byte) error {
	s.loaded()
	if s.addAllowed(name, pemData) == 0 {
		return errors.New("trust: no certificate in PEM data")
	}
	return nil
}

// AddAnchorsFile and AddAllowedFile read a PEM file and add it as the user
// list.
func (s *Store) AddAnchorsFile(path string) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("trust: %w", err)
	}
	if err := s.AddAnchorsPEM(ListUser, b); err != nil {
		return fmt.Errorf("%w: %s", err, path)
	}
	s.recordUser(KindAnchors, path, b)
	return nil
}

// AddAllowedFile reads a PEM file of allowed end-entity certificates.
func (s *Store) AddAllowedFile(path string) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("trust: %w", err)
	}
	if err := s.AddAllowedPEM(ListUser, b); err != nil {
		return fmt.Errorf("%w: %s", err, path)
	}
	s.recordUser(KindAllowed, path, b)
	return nil
}

func (s *Store) addAnchors(name string, pemData []byte) int {
	return s.addAnchorCerts(name, parsePEM(pemData, &s.Skipped))
}

func (s *Store) addAnchorCerts(name string, certs []*x509.Certificate) int {
	if len(certs) == 0 {
		return 0
	}
	pool := x509.NewCertPool()
	for _, c := range certs {
		pool.AddCert(c)
	}
	s.anchors = append(s.anchors, anchorSet{name: name, pool: pool, n: len(certs), certs: certs})
	s.cache.reset()
	return len(certs)
}

func (s *Store) addAllowed(name string, pemData []byte) int {
	return s.addAllowedDER(name, pemCertBlocks(pemData))
}

func (s *Store) addAllowedDER(name string, ders [][]byte) int {
	for _, der := range ders {
		// Allowed certificates are matched by their DER bytes, so one that
		// this Go version cannot parse still matches.
		s.allowed[sha256.Sum256(der)] = name
	}
	s.cache.reset()
	return len(ders)
}

func parsePEM(pemData []byte, skipped *int) []*x509.Certificate {
	return parseDER(pemCertBlocks(pemData), skipped)
}

// parseDER parses certificates, counting those that do not parse.
func parseDER(ders [][]byte, skipped *int) []*x509.Certificate {
	out := make([]*x509.Certificate, 0, len(ders))
	for _, der := range ders {
		c, err := x509.ParseCertificate(der)
		if err != nil {
			*skipped++
			continue
		}
		out = append(out, c)
	}
	return out
}

func parseEKUs(cfg []byte) []string {
	var out []string
	for _, line := range strings.Split(string(cfg), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "//") {
			continue
		}
		out = append(out, line)
	}
	return out
}

// EKUs returns the allowed extended-key-usage OIDs for signing
// certificates, in dotted form.
func (s *Store) EKUs() []string { return s.loaded().ekus }

// ErrUntrusted means the chain reaches no anchor of the store.
var ErrUntrusted = errors.New("signer not on a trust list")

// Verify reports which list trusts the chain (leaf first): an allowed
// end-entity certificate, or a path from the leaf to an anchor valid at the
// given time.
func (s *Store) Verify(chain []*x509.Certificate, at time.Time) (string, error) {
	if len(chain) == 0 {
		return "", errors.New("trust: empty chain")
	}
	s.loaded()
	sets := make([][]*x509.Certificate, len(s.anchors))
	for i, a := range s.anchors {
		sets[i] = a.certs
	}
	key := chainKey(kindSigner, chain, sets, at)
	if r, ok := s.cache.get(key); ok && key != "" {
		return r.list, r.err
	}
	list, err := s.verify(chain, at)
	if key != "" {
		s.cache.put(key, cachedVerify{list: list, err: err})
	}
	return list, err
}

// verify is Verify without the cache.
func (s *Store) verify(chain []*x509.Certificate, at time.Time) (string, error) {
	if name, ok := s.allowed[sha256.Sum256(chain[0].Raw)]; ok {
		return name, nil
	}
	inter := x509.NewCertPool()
	for _, c := range chain[1:] {
		inter.AddCert(c)
	}
	var errs []error
	for _, a := range s.anchors {
		err := verifyLeaf(chain[0], a.pool, inter, at)
		if err == nil {
			return a.name, nil
		}
		errs = append(errs, err)
	}
	return "", fmt.Errorf("%w: %w", ErrUntrusted, errors.Join(errs...))
}

// AllowedDER reports whether a DER certificate is on an allowed list, even
// when it does not parse.
func (s *Store) AllowedDER(der []byte) (string, bool) {
	s.loaded()
	name, ok := s.allowed[sha256.Sum256(der)]
	return name, ok
}

// VerifyTSA reports whether a time-stamping authority chain reaches the
// TSA list.
func (s *Store) VerifyTSA(chain []*x509.Certificate, at time.Time) error {
	if len(chain) == 0 {
		return errors.New("trust: empty TSA chain")
	}
	s.loaded()
	key := chainKey(kindTSA, chain, [][]*x509.Certificate{s.tsaCerts}, at)
	if r, ok := s.cache.get(key); ok && key != "" {
		return r.err
	}
	err := s.verifyTSA(chain, at)
	if key != "" {
		s.cache.put(key, cachedVerify{err: err})
	}
	return err
}

// verifyTSA is VerifyTSA without the cache.
func (s *Store) verifyTSA(chain []*x509.Certificate, at time.Time) error {
	inter := x509.NewCertPool()
	for _, c := range chain[1:] {
		inter.AddCert(c)
	}
	return verifyLeaf(chain[0], s.tsa, inter, at)
}

// verifyLeaf is crypto/x509 verification of leaf up to roots, trying the
// roots alone first. crypto/x509 builds every path through the
// intermediates, an RSA or ECDSA check per step, even when the leaf's
// issuer is itself an anchor (the TSA list and the C2PA list hold issuing
// CAs): then the short try answers with one check. A path found without
// the intermediates is a path with them, and crypto/x509 tries the roots
// before the intermediates at every step, so the answer is the one the
// full verification gives; when the short try fails, the full one runs and
// its error is returned.
func verifyLeaf(leaf *x509.Certificate, roots, inter *x509.CertPool, at time.Time) error {
	opts := x509.VerifyOptions{
		Roots:       roots,
		CurrentTime: at,
		// C2PA EKUs (documentSigning, vendor OIDs) are unknown to
		// crypto/x509; the certificate profile checks them instead.
		KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageAny},
	}
	if _, err := leaf.Verify(opts); err == nil {
		return nil
	}
	opts.Intermediates = inter
	_, err := leaf.Verify(opts)
	return err
}

// Counts returns the number of anchors per list and of allowed
// certificates, for reports and tests.
func (s *Store) Counts() map[string]int {
	s.loaded()
	out := map[string]int{}
	for _, a := range s.anchors {
		out[a.name] += a.n
	}
	for _, n := range s.allowed {
		out[n+"-allowed"]++
	}
	return out
}
