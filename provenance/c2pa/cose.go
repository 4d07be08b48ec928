package c2pa

import (
	"crypto/x509"
	"errors"
	"fmt"
	"strconv"

	"github.com/fxamacker/cbor/v2"
	"github.com/veraison/go-cose"
)

// Signature is a parsed claim signature (COSE_Sign1 with detached payload).
type Signature struct {
	Alg       cose.Algorithm
	Protected []byte // protected header bucket, as signed
	Headers   map[any]any
	Unprot    map[any]any
	Sig       []byte
	ChainDER  [][]byte
	Chain     []*x509.Certificate
	ChainErr  error
	// TimeStamps are the RFC 3161 tokens of sigTst (Version 1) or sigTst2
	// (Version 2).
	TimeStamps       [][]byte
	TimeStampVersion int
	// OCSP holds stapled OCSP responses (rVals).
	OCSP [][]byte
}

// errAlgUnsupported marks a signature algorithm C2PA does not allow.
var errAlgUnsupported = errors.New("algorithm unsupported")

// allowedAlgs are the COSE algorithms C2PA permits (SPEC 13.2.1).
var allowedAlgs = map[cose.Algorithm]string{
	cose.AlgorithmES256: "es256", cose.AlgorithmES384: "es384", cose.AlgorithmES512: "es512",
	cose.AlgorithmPS256: "ps256", cose.AlgorithmPS384: "ps384", cose.AlgorithmPS512: "ps512",
	cose.AlgorithmEdDSA: "ed25519",
}

// AlgName returns the C2PA name of the signature algorithm ("es256").
func (s *Signature) AlgName() string {
	if n, ok := allowedAlgs[s.Alg]; ok {
		return n
	}
	return fmt.Sprintf("cose(%d)", s.Alg)
}

// ParseSignature parses a COSE_Sign1 (tagged or not) claim signature and its
// certificate chain. The certificate chain error, if any, is kept in
// ChainErr so the signature can still be reported.
func ParseSignature(data []byte, lim Limits) (*Signature, error) {
	var v any
	if err := decMode(lim).Unmarshal(data, &v); err != nil {
		return nil, fmt.Errorf("cose: %w", err)
	}
	if t, ok := v.(cbor.Tag); ok {
		if t.Number != 18 {
			return nil, fmt.Errorf("cose: tag %d, not COSE_Sign1: %w", t.Number, ErrMalformed)
		}
		v = t.Content
	}
	arr, ok := v.([]any)
	if !ok || len(arr) != 4 {
		return nil, fmt.Errorf("cose: not a four-element array: %w", ErrMalformed)
	}
	s := &Signature{}
	if s.Protected, ok = arr[0].([]byte); !ok {
		return nil, fmt.Errorf("cose: protected header is not a byte string: %w", ErrMalformed)
	}
	if s.Unprot, ok = arr[1].(map[any]any); !ok && arr[1] != nil {
		return nil, fmt.Errorf("cose: unprotected header is not a map: %w", ErrMalformed)
	}
	if arr[2] != nil {
		// C2PA signatures are detached; a payload here is not the claim.
		return nil, fmt.Errorf("cose: payload is not detached: %w", ErrMalformed)
	}
	if s.Sig, ok = arr[3].([]byte); !ok {
		return nil, fmt.Errorf("cose: signature is not a byte string: %w", ErrMalformed)
	}
	s.Headers = map[any]any{}
	if len(s.Protected) > 0 {
		if err := decMode(lim).Unmarshal(s.Protected, &s.Headers); err != nil {
			return nil, fmt.Errorf("cose: protected header: %w", err)
		}
	}
	alg, ok := intHeader(s.Headers, 1)
	if !ok {
		return s, fmt.Errorf("cose: no algorithm: %w", errAlgUnsupported)
	}
	s.Alg = cose.Algorithm(alg)
	// x5chain: label 33 wins over the legacy text label; older signers put
	// it in the unprotected header.
	chain := header(s.Headers, 33, "x5chain")
	if chain == nil {
		chain = header(s.Unprot, 33, "x5chain")
	} else if hasCerts(header(s.Unprot, nil, "x5chain")) {
		// Two chains: which one vouches for the signer? The SDK refuses
		// such a signature (its reader stops with a COSE verifier error);
		// as there, only the legacy text label counts in the unprotected
		// header. The chain is still read, to show who signed.
		s.ChainErr = errors.New("x5chain in both the protected and the unprotected header")
	}
	switch c := chain.(type) {
	case []byte:
		s.ChainDER = [][]byte{c}
	case []any:
		for _, e := range c {
			if b, ok := e.([]byte); ok {
				s.ChainDER = append(s.ChainDER, b)
			}
		}
	}
	for i, der := range s.ChainDER {
		cert, err := parseCertificate(der)
		if err != nil {
			s.ChainErr = errors.Join(s.ChainErr, fmt.Errorf("x5chain certificate %d: %w", i, err))
			break
		}
		s.Chain = append(s.Chain, cert)
	}
	if len(s.ChainDER) == 0 {
		s.ChainErr = errors.New("no x5chain")
	}
	if tst, ok := header(s.Unprot, nil, "sigTst2").(map[any]any); ok {
		s.TimeStamps, s.TimeStampVersion = tstTokens(tst), 2
	} else if tst, ok := header(s.Unprot, nil, "sigTst").(map[any]any); ok {
		s.TimeStamps, s.TimeStampVersion = tstTokens(tst), 1
	}
	if r, ok := header(s.Unprot, nil, "rVals").(map[any]any); ok {
		if vals, ok := r["ocspVals"].([]any); ok {
			for _, v := range vals {
				if b, ok := v.([]byte); ok {
					s.OCSP = append(s.OCSP, b)
				}
			}
		}
	}
	if _, ok := allowedAlgs[s.Alg]; !ok {
		return s, fmt.Errorf("cose: algorithm %d: %w", alg, errAlgUnsupported)
	}
	return s, nil
}

// hasCerts reports whether an x5chain header value holds a certificate: a
// byte string, or an array with at least one.
func hasCerts(v any) bool {
	switch c := v.(type) {
	case []byte:
		return true
	case []any:
		for _, e := range c {
			if _, ok := e.([]byte); ok {
				return true
			}
		}
	}
	return false
}

func tstTokens(m map[any]any) [][]byte {
	var out [][]byte
	toks, _ := m["tstTokens"].([]any)
	for _, t := range toks {
		if tm, ok := t.(map[any]any); ok {
			if b, ok := tm["val"].([]byte); ok {
				out = append(out, b)
			}
		}
	}
	return out
}

// header returns the value under an integer label (matched whatever integer
// type the decoder chose) or, failing that, a text label.
func header(h map[any]any, label any, text string) any {
	if h == nil {
		return nil
	}
	if label != nil {
		want := label.(int)
		for k, v := range h {
			switch n := k.(type) {
			case int64:
				if n == int64(want) {
					return v
				}
			case uint64:
				if want >= 0 && n == uint64(want) {
					return v
				}
			}
		}
	}
	if text != "" {
		return h[text]
	}
	return nil
}

func intHeader(h map[any]any, label int) (int64, bool) {
	switch v := header(h, label, "").(type) {
	case int64:
		return v, true
	case uint64:
		if v < 1<<62 {
			return int64(v), true
		}
	}
	return 0, false
}

// sigStructure builds the COSE Sig_structure over a detached payload.
func (s *Signature) sigStructure(payload []byte) ([]byte, error) {
	return cbor.Marshal([]any{"Signature1", s.Protected, []byte{}, payload})
}

// Verify checks the signature over payload (the claim's CBOR) with the
// end-entity certificate's public key.
func (s *Signature) Verify(payload []byte) error {
	if len(s.Chain) == 0 {
		return fmt.Errorf("cose: no signing certificate: %w", s.ChainErr)
	}
	v, err := cose.NewVerifier(s.Alg, publicKey(s.Chain[0]))
	if err != nil {
		return fmt.Errorf("cose: verifier: %w", err)
	}
	tbs, err := s.sigStructure(payload)
	if err != nil {
		return fmt.Errorf("cose: Sig_structure: %w", err)
	}
	alg := strconv.AppendInt(nil, int64(s.Alg), 10)
	if err := verifyOnce(func() error { return v.Verify(tbs, s.Sig) }, "cose", alg, s.Chain[0].RawSubjectPublicKeyInfo, tbs, s.Sig); err != nil {
		return fmt.Errorf("cose: %w", err)
	}
	return nil
}
