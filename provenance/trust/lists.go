package trust

import (
	"bytes"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"path/filepath"
	"sync"
	"time"
)

// Kinds of list file.
const (
	KindAnchors = "anchors" // CA certificates a signer's chain must reach
	KindAllowed = "allowed" // end-entity certificates trusted as they are
	KindTSA     = "tsa"     // time-stamping authorities
)

// ListFile describes one trust list file a store was built from: an
// embedded snapshot or a PEM file the user gave.
type ListFile struct {
	// Name is the list as reports name it: c2pa, c2pa-tsa, itl or user.
	Name string `json:"name"`
	Kind string `json:"kind"`
	// File is the embedded file's name, or the base name of the user's.
	File string `json:"file"`
	// Source is where the snapshot was copied from (embedded lists only).
	Source string `json:"source,omitempty"`
	// Snapshot is the date of the upstream state that was copied
	// (embedded lists only).
	Snapshot string `json:"snapshot,omitempty"`
	// SHA256 is the hash of the whole file, hex.
	SHA256 string `json:"sha256"`
	// Count is the number of certificates in the file.
	Count int  `json:"count"`
	User  bool `json:"user,omitempty"`

	data []byte
}

// embeddedLists are the snapshots in data/, with where they came from
// (README.md).
var embeddedLists = []ListFile{
	{Name: ListC2PA, Kind: KindAnchors, File: "C2PA-TRUST-LIST.pem", Snapshot: "2026-08-21",
		Source: "https://github.com/c2pa-org/conformance-public trust-list/C2PA-TRUST-LIST.pem @7dbff513"},
	{Name: ListTSA, Kind: KindTSA, File: "C2PA-TSA-TRUST-LIST.pem", Snapshot: "2026-08-21",
		Source: "https://github.com/c2pa-org/conformance-public trust-list/C2PA-TSA-TRUST-LIST.pem @7dbff513"},
	{Name: ListITL, Kind: KindAnchors, File: "ITL-anchors.pem", Snapshot: "2025-08-28",
		Source: "https://contentcredentials.org/trust/anchors.pem (contentauth/verify-site @506f98c3; frozen 2026-01-01)"},
	{Name: ListITL, Kind: KindAllowed, File: "ITL-allowed.pem", Snapshot: "2025-08-28",
		Source: "https://contentcredentials.org/trust/allowed.pem (contentauth/verify-site @506f98c3; frozen 2026-01-01)"},
}

// Files returns the list files the store was built from: the embedded
// snapshots (every store holds them, Empty's aside), then the user's files
// in the order they were added.
func (s *Store) Files() []ListFile {
	var out []ListFile
	if !s.empty {
		out = append(out, embeddedFiles()...)
	}
	return append(out, s.userFiles...)
}

// embeddedFiles describes the embedded snapshots, once per process: every
// report records them. The certificates are counted by their BEGIN lines,
// which needs no base64 decoding; a test holds the count to countPEM's.
var embeddedFiles = sync.OnceValue(func() []ListFile {
	out := make([]ListFile, 0, len(embeddedLists))
	for _, l := range embeddedLists {
		l.data = mustRead("data/" + l.File)
		l.SHA256 = hexSum(l.data)
		l.Count = countBegin(l.data)
		out = append(out, l)
	}
	return out
})

// countBegin counts the PEM certificate blocks of a well-formed file.
func countBegin(data []byte) int {
	return bytes.Count(data, []byte("-----BEGIN CERTIFICATE-----"))
}

// UserAdded reports whether the user added anchors or allowed
// certificates to the embedded lists.
func (s *Store) UserAdded() bool { return len(s.userFiles) > 0 }

// recordUser notes a user file the store was given.
func (s *Store) recordUser(kind, path string, data []byte) {
	s.userFiles = append(s.userFiles, ListFile{Name: ListUser, Kind: kind, File: filepath.Base(path),
		SHA256: hexSum(data), Count: countPEM(data), User: true, data: data})
}

// CertEntry is one certificate of a list file.
type CertEntry struct {
	Subject string `json:"subject"`
	// SHA256 is the fingerprint of the certificate's DER bytes, hex.
	SHA256    string `json:"sha256"`
	NotBefore string `json:"notBefore,omitempty"`
	NotAfter  string `json:"notAfter,omitempty"`
	// Error is set when this Go version cannot parse the certificate
	// (an allowed certificate still matches by its bytes).
	Error string `json:"error,omitempty"`
}

// Certificates lists the certificates of a list file.
func (l ListFile) Certificates() []CertEntry {
	var out []CertEntry
	rest := l.data
	for {
		var b *pem.Block
		b, rest = pem.Decode(rest)
		if b == nil {
			return out
		}
		if b.Type != "CERTIFICATE" {
			continue
		}
		e := CertEntry{SHA256: hexSum(b.Bytes)}
		if c, err := x509.ParseCertificate(b.Bytes); err != nil {
			e.Error = err.Error()
		} else {
			e.Subject = c.Subject.String()
			e.NotBefore = c.NotBefore.UTC().Format(time.RFC3339)
			e.NotAfter = c.NotAfter.UTC().Format(time.RFC3339)
		}
		out = append(out, e)
	}
}

func countPEM(data []byte) int {
	n := 0
	for {
		var b *pem.Block
		b, data = pem.Decode(data)
		if b == nil {
			return n
		}
		if b.Type == "CERTIFICATE" {
			n++
		}
	}
}

func hexSum(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}
