package c2pa

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/provcheck/provcheck/internal/corpus"
	"github.com/provcheck/provcheck/provenance/trust"
)

// resetMemos empties the remembered signature checks and certificates, so
// a benchmark or test starts cold.
func resetMemos() {
	verified.Reset()
	parsedCerts.Reset()
}

func TestVerifyOnce(t *testing.T) {
	resetMemos()
	t.Cleanup(resetMemos)
	bad := errors.New("bad signature")
	calls := 0
	check := func(err error) func() error {
		return func() error { calls++; return err }
	}
	tests := []struct {
		name      string
		kind      string
		parts     [][]byte
		outcome   error
		want      error
		wantCalls int
	}{
		{"first check runs", "cose", [][]byte{[]byte("key"), []byte("msg"), []byte("sig")}, nil, nil, 1},
		{"the same check is answered", "cose", [][]byte{[]byte("key"), []byte("msg"), []byte("sig")}, bad, nil, 1},
		{"another signature runs", "cose", [][]byte{[]byte("key"), []byte("msg"), []byte("sig2")}, bad, bad, 2},
		{"a failure is answered too", "cose", [][]byte{[]byte("key"), []byte("msg"), []byte("sig2")}, nil, bad, 2},
		{"another kind runs", "cms", [][]byte{[]byte("key"), []byte("msg"), []byte("sig")}, bad, bad, 3},
		// Length prefixes keep moved boundaries apart.
		{"moved boundary runs", "cose", [][]byte{[]byte("keym"), []byte("sg"), []byte("sig")}, bad, bad, 4},
	}
	for _, tt := range tests {
		got := verifyOnce(check(tt.outcome), tt.kind, tt.parts...)
		if got != tt.want || calls != tt.wantCalls {
			t.Errorf("%s: got %v after %d checks, want %v after %d", tt.name, got, calls, tt.want, tt.wantCalls)
		}
	}
}

func TestMemoBounded(t *testing.T) {
	resetMemos()
	t.Cleanup(resetMemos)
	for i := range memoLimit + 10 {
		verified.Put(sha256.Sum256([]byte{byte(i), byte(i >> 8)}), nil)
		if n := verified.Len(); n > memoLimit {
			t.Fatalf("%d entries after %d puts, limit %d", n, i+1, memoLimit)
		}
	}
}

func TestParseCertificateKeepsNoCallerBytes(t *testing.T) {
	resetMemos()
	t.Cleanup(resetMemos)
	data := corpus.Read(t, "c2pa", "rs_CA_ct.jpg")
	chk := Check(t.Context(), "", data, Options{Trust: trust.Default(), NoSidecar: true})
	if chk == nil || chk.Store == nil || len(chk.Store.Manifests) == 0 {
		t.Fatal("no manifest")
	}
	sig, err := ParseSignature(chk.Store.Manifests[0].SigCOSE, Limits{})
	if err != nil || len(sig.ChainDER) == 0 {
		t.Fatalf("signature: %v", err)
	}
	der := bytes.Clone(sig.ChainDER[0])
	c1, err := parseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	raw := bytes.Clone(c1.Raw)
	for i := range der {
		der[i] ^= 0xff // the caller reuses its buffer
	}
	if !bytes.Equal(c1.Raw, raw) {
		t.Fatal("the remembered certificate changed with the caller's bytes")
	}
	c2, err := parseCertificate(raw)
	if err != nil || c2 != c1 {
		t.Errorf("a second parse of the same bytes was not answered from memory")
	}
}

// Validating every C2PA sample with the signature checks remembered gives
// exactly the result of validating it cold.
func TestMemoizedValidationMatchesCold(t *testing.T) {
	opts := Options{Trust: trust.Default(), NoSidecar: true,
		Now: func() time.Time { return time.Date(2026, 11, 27, 18, 0, 0, 0, time.UTC) }}
	for _, dir := range []string{"c2pa", "c2pa-conformance"} {
		root := corpus.Path(t, dir)
		entries, err := os.ReadDir(root)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			name := e.Name()
			if strings.HasSuffix(name, ".csv") || strings.HasSuffix(name, ".jsonl") || strings.Contains(name, "tiff_poc") {
				continue
			}
			path := filepath.Join(root, name)
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			resetMemos()
			cold := checkedJSON(t, Check(t.Context(), path, data, opts))
			warm := checkedJSON(t, Check(t.Context(), path, data, opts))
			if !bytes.Equal(cold, warm) {
				t.Errorf("%s/%s: the result with remembered checks differs from the cold one", dir, name)
			}
		}
	}
	resetMemos()
}

func checkedJSON(t *testing.T, c *Checked) []byte {
	t.Helper()
	if c == nil {
		return nil
	}
	b, err := json.Marshal(c.Result)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
