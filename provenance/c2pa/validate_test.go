package c2pa_test

import (
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/provcheck/provcheck/provenance/c2pa"
	"github.com/provcheck/provcheck/provenance/c2pa/c2patest"
	"github.com/provcheck/provcheck/provenance/trust"
	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

var fixtureTime = time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)

func newSigner(t *testing.T) *c2patest.Signer {
	t.Helper()
	s, err := c2patest.NewSigner(fixtureTime)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestValidateFixtures(t *testing.T) {
	signer := newSigner(t)
	opts := c2pa.Options{Now: func() time.Time { return fixtureTime }}
	tests := []struct {
		format, tamper string
		state          string
		failure        string // a failure code that must be present
		success        string // a success code that must be present
	}{
		{"jpeg", "", c2pa.StateValid, c2pa.SigningCredentialUntrusted, c2pa.AssertionDataHashMatch},
		{"png", "", c2pa.StateValid, c2pa.SigningCredentialUntrusted, c2pa.AssertionDataHashMatch},
		{"webp", "", c2pa.StateValid, c2pa.SigningCredentialUntrusted, c2pa.AssertionDataHashMatch},
		{"bmff", "", c2pa.StateValid, c2pa.SigningCredentialUntrusted, c2pa.AssertionBMFFHashMatch},
		{"jpeg", c2patest.TamperPixel, c2pa.StateInvalid, c2pa.AssertionDataHashMismatch, c2pa.ClaimSignatureValidated},
		{"png", c2patest.TamperPixel, c2pa.StateInvalid, c2pa.AssertionDataHashMismatch, c2pa.ClaimSignatureValidated},
		{"webp", c2patest.TamperPixel, c2pa.StateInvalid, c2pa.AssertionDataHashMismatch, c2pa.ClaimSignatureValidated},
		{"bmff", c2patest.TamperPixel, c2pa.StateInvalid, c2pa.AssertionBMFFHashMismatch, c2pa.ClaimSignatureValidated},
		{"jpeg", c2patest.TamperAssertion, c2pa.StateInvalid, c2pa.AssertionHashedURIMismatch, c2pa.ClaimSignatureValidated},
		{"png", c2patest.TamperAssertion, c2pa.StateInvalid, c2pa.AssertionHashedURIMismatch, c2pa.AssertionDataHashMatch},
		{"jpeg+boxes", "", c2pa.StateValid, c2pa.SigningCredentialUntrusted, c2pa.AssertionBoxesHashMatch},
		{"png+boxes", "", c2pa.StateValid, c2pa.SigningCredentialUntrusted, c2pa.AssertionBoxesHashMatch},
		{"jpeg+boxes", c2patest.TamperPixel, c2pa.StateInvalid, c2pa.AssertionBoxesHashMismatch, c2pa.ClaimSignatureValidated},
		{"png+boxes", c2patest.TamperPixel, c2pa.StateInvalid, c2pa.AssertionBoxesHashMismatch, c2pa.ClaimSignatureValidated},
		{"jpeg", c2patest.TamperSignature, c2pa.StateInvalid, c2pa.ClaimSignatureMismatch, c2pa.AssertionDataHashMatch},
		{"bmff", c2patest.TamperSignature, c2pa.StateInvalid, c2pa.ClaimSignatureMismatch, c2pa.AssertionBMFFHashMatch},
	}
	for _, tt := range tests {
		t.Run(tt.format+"/"+tt.tamper, func(t *testing.T) {
			format, boxes := strings.CutSuffix(tt.format, "+boxes")
			fx, err := signer.Make(c2patest.Options{Format: format, BoxHash: boxes, DigitalSourceType: "trainedAlgorithmicMedia", Tamper: tt.tamper})
			if err != nil {
				t.Fatal(err)
			}
			ck := c2pa.Check(t.Context(), "", fx.Data, opts)
			r := ck.Result
			if r.State != tt.state {
				t.Errorf("state = %s, want %s; failures %v; err %v", r.State, tt.state, r.Codes.FailureCodes(), r.Err)
			}
			if !slices.Contains(r.Codes.FailureCodes(), tt.failure) {
				t.Errorf("failure codes %v lack %s", r.Codes.FailureCodes(), tt.failure)
			}
			if !r.Codes.Has(tt.success) {
				t.Errorf("codes lack %s: %+v", tt.success, r.Codes.Success)
			}
			if r.ActiveManifest != fx.Label {
				t.Errorf("active manifest %q, want %q", r.ActiveManifest, fx.Label)
			}
			if tt.tamper == "" {
				dsts := ck.Store.SourceTypes(c2pa.Limits{})
				if len(dsts) != 1 || !c2pa.IsAISourceType(dsts[0].Value) {
					t.Errorf("source types = %+v, want one trainedAlgorithmicMedia", dsts)
				}
			}
		})
	}
}

func TestValidateTrustedWithUserAnchor(t *testing.T) {
	signer := newSigner(t)
	fx, err := signer.Make(c2patest.Options{Format: "jpeg"})
	if err != nil {
		t.Fatal(err)
	}
	ts := trust.Empty()
	if err := ts.AddAnchorsPEM(trust.ListUser, signer.CAPEM); err != nil {
		t.Fatal(err)
	}
	r := c2pa.Check(t.Context(), "", fx.Data, c2pa.Options{Trust: ts, Now: func() time.Time { return fixtureTime }}).Result
	if r.State != c2pa.StateTrusted {
		t.Fatalf("state = %s, want trusted; failures %v", r.State, r.Codes.FailureCodes())
	}
	if got := r.Active().Signer.TrustList; got != trust.ListUser {
		t.Errorf("trust list = %q, want %q", got, trust.ListUser)
	}
	if r.Active().Signer.CommonName != "provcheck test signer" || r.Active().Signer.Issuer != "provcheck TEST" {
		t.Errorf("signer = %+v", r.Active().Signer)
	}
}

func TestValidateExpiredWithoutTimestamp(t *testing.T) {
	signer := newSigner(t)
	fx, err := signer.Make(c2patest.Options{Format: "png"})
	if err != nil {
		t.Fatal(err)
	}
	later := fixtureTime.AddDate(2, 0, 0) // the leaf is valid for one year
	r := c2pa.Check(t.Context(), "", fx.Data, c2pa.Options{Now: func() time.Time { return later }}).Result
	if r.State != c2pa.StateInvalid || !slices.Contains(r.Codes.FailureCodes(), c2pa.SigningCredentialExpired) {
		t.Errorf("state %s, failures %v; want invalid with %s", r.State, r.Codes.FailureCodes(), c2pa.SigningCredentialExpired)
	}
}

func TestCheckNoStore(t *testing.T) {
	for _, data := range [][]byte{
		{0xFF, 0xD8, 0xFF, 0xD9},
		[]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\x00IEND\xaeB`\x82"),
		[]byte("plain text"),
		nil,
	} {
		ck := c2pa.Check(t.Context(), "", data, c2pa.Options{})
		if ck.Result.State != c2pa.StateNone {
			t.Errorf("%q: state %s, want none", data, ck.Result.State)
		}
	}
}

func BenchmarkCheckJPEG(b *testing.B) {
	s, err := c2patest.NewSigner(fixtureTime)
	if err != nil {
		b.Fatal(err)
	}
	fx, err := s.Make(c2patest.Options{Format: "jpeg", Thumbnail: 100_000})
	if err != nil {
		b.Fatal(err)
	}
	opts := c2pa.Options{Now: func() time.Time { return fixtureTime }}
	b.SetBytes(int64(len(fx.Data)))
	for b.Loop() {
		if r := c2pa.Check(b.Context(), "", fx.Data, opts).Result; r.State != c2pa.StateValid {
			b.Fatal(r.State)
		}
	}
}

// TestValidateAtTimeStamp checks that a verified RFC 3161 time-stamp dates
// the signature: the certificate has expired by now, but was valid when
// time-stamped.
func TestValidateAtTimeStamp(t *testing.T) {
	signer := newSigner(t)
	fx, err := signer.Make(c2patest.Options{Format: "jpeg", TimeStamp: fixtureTime})
	if err != nil {
		t.Fatal(err)
	}
	later := fixtureTime.AddDate(2, 0, 0)
	r := c2pa.Check(t.Context(), "", fx.Data, c2pa.Options{Now: func() time.Time { return later }}).Result
	if r.State != c2pa.StateValid {
		t.Fatalf("state %s, failures %v, informational %+v", r.State, r.Codes.FailureCodes(), r.Codes.Informational)
	}
	for _, code := range []string{c2pa.TimeStampValidated, c2pa.ClaimSignatureInsideValidity, c2pa.TimeStampUntrusted} {
		if !r.Codes.Has(code) {
			t.Errorf("codes lack %s", code)
		}
	}
	if s := r.Active().Signer; s.Time != fixtureTime.Format("2006-01-02T15:04:05Z") || s.TimeSource != "sigTst2" {
		t.Errorf("signer time %q from %q", s.Time, s.TimeSource)
	}

	// A time-stamp over another signature does not date this one.
	other, err := signer.Make(c2patest.Options{Format: "jpeg", TimeStamp: fixtureTime, Tamper: c2patest.TamperSignature})
	if err != nil {
		t.Fatal(err)
	}
	r = c2pa.Check(t.Context(), "", other.Data, c2pa.Options{Now: func() time.Time { return later }}).Result
	if !r.Codes.Has(c2pa.TimeStampMismatch) || !slices.Contains(r.Codes.FailureCodes(), c2pa.SigningCredentialExpired) {
		t.Errorf("tampered signature: codes %+v; want timeStamp.mismatch and signingCredential.expired", r.Codes)
	}
}

// TestValidateAtTimeStampLenientTSAName: a time-stamping certificate whose
// name has an underscore in a PrintableString (as a TSA in real use has)
// still dates the signature, as the SDK reads it; a time-stamp over
// another signature still does not.
func TestValidateAtTimeStampLenientTSAName(t *testing.T) {
	signer := newSigner(t)
	if err := signer.SetTSACommonName("ECC256_SHA256_Timestamp_Responder"); err != nil {
		t.Fatal(err)
	}
	later := fixtureTime.AddDate(2, 0, 0)
	for _, tamper := range []string{c2patest.TamperNone, c2patest.TamperSignature} {
		fx, err := signer.Make(c2patest.Options{Format: "jpeg", TimeStamp: fixtureTime, Tamper: tamper})
		if err != nil {
			t.Fatal(err)
		}
		r := c2pa.Check(t.Context(), "", fx.Data, c2pa.Options{Now: func() time.Time { return later }}).Result
		expired := slices.Contains(r.Codes.FailureCodes(), c2pa.SigningCredentialExpired)
		if tamper == c2patest.TamperNone && (r.State != c2pa.StateValid || !r.Codes.Has(c2pa.TimeStampValidated) || expired) {
			t.Errorf("untampered: state %s, codes %+v; want valid, timeStamp.validated, no signingCredential.expired", r.State, r.Codes)
		}
		if tamper == c2patest.TamperSignature && (!r.Codes.Has(c2pa.TimeStampMismatch) || !expired) {
			t.Errorf("tampered signature: codes %+v; want timeStamp.mismatch and signingCredential.expired", r.Codes)
		}
	}
}

// A claim signer whose certificate names no organisation (O) is refused,
// as the SDK refuses it (real case: a 2023 MP4 signed with a personal
// e-mail certificate), but as a credential fault: nothing changed after
// signing, so no mismatch code may say so.
func TestSignerWithoutOrganization(t *testing.T) {
	opts := c2pa.Options{Now: func() time.Time { return fixtureTime }}
	for _, org := range []bool{true, false} {
		signer := newSigner(t)
		if !org {
			if err := signer.ReissueLeaf(func(c *x509.Certificate) {
				c.Subject = pkix.Name{CommonName: "someone@example.org"}
			}); err != nil {
				t.Fatal(err)
			}
		}
		for _, format := range []string{"jpeg", "bmff"} {
			fx, err := signer.Make(c2patest.Options{Format: format})
			if err != nil {
				t.Fatal(err)
			}
			r := c2pa.Check(t.Context(), "", fx.Data, opts).Result
			failures := r.Codes.FailureCodes()
			hasInvalid := slices.Contains(failures, c2pa.SigningCredentialInvalid)
			if org && (r.State != c2pa.StateValid || hasInvalid) {
				t.Errorf("%s with O: state %s, failures %v; want valid", format, r.State, failures)
			}
			if !org && (r.State != c2pa.StateInvalid || !hasInvalid) {
				t.Errorf("%s without O: state %s, failures %v; want invalid with %s", format, r.State, failures, c2pa.SigningCredentialInvalid)
			}
			if !org && (slices.Contains(failures, c2pa.ClaimSignatureMismatch) || !r.Codes.Has(c2pa.ClaimSignatureValidated)) {
				t.Errorf("%s without O: the signature itself verifies; codes %v / %v", format, failures, r.Codes.Success)
			}
		}
	}
}

// withUniqueIDs returns an edit of a TBSCertificate that adds an
// issuerUniqueID and/or a subjectUniqueID after the public key.
func withUniqueIDs(issuer, subject bool) func([]byte) ([]byte, error) {
	return func(tbs []byte) ([]byte, error) {
		in := cryptobyte.String(tbs)
		var body cryptobyte.String
		if !in.ReadASN1(&body, cbasn1.SEQUENCE) {
			return nil, errors.New("TBSCertificate")
		}
		var b cryptobyte.Builder
		b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
			for i := 0; !body.Empty(); i++ {
				var el cryptobyte.String
				var tag cbasn1.Tag
				body.ReadAnyASN1Element(&el, &tag)
				b.AddBytes(el)
				if i == 6 { // [0] version, serial, signature, issuer, validity, subject, key
					if issuer {
						b.AddASN1(cbasn1.Tag(1).ContextSpecific(), func(b *cryptobyte.Builder) { b.AddBytes([]byte{0, 0xAB}) })
					}
					if subject {
						b.AddASN1(cbasn1.Tag(2).ContextSpecific(), func(b *cryptobyte.Builder) { b.AddBytes([]byte{0, 0xCD}) })
					}
				}
			}
		})
		return b.Bytes()
	}
}

// TestSignerProfileCOSE: certificate-profile and COSE header faults the SDK
// refuses are refused here, as credential faults (the signature itself is
// intact, so no mismatch code may be given).
func TestSignerProfileCOSE(t *testing.T) {
	opts := c2pa.Options{Now: func() time.Time { return fixtureTime }}
	tests := []struct {
		name    string
		leaf    func([]byte) ([]byte, error) // edits the leaf's TBSCertificate
		both    bool                         // x5chain in both headers
		failure string                       // "" for valid
		reason  string
	}{
		{name: "control (unique IDs edit adds none)", leaf: withUniqueIDs(false, false)},
		// SDK: "certificate issuer/subject unique ids are not allowed",
		// signingCredential.invalid.
		{name: "issuerUniqueID", leaf: withUniqueIDs(true, false), failure: c2pa.SigningCredentialInvalid, reason: "issuerUniqueID true"},
		{name: "subjectUniqueID", leaf: withUniqueIDs(false, true), failure: c2pa.SigningCredentialInvalid, reason: "subjectUniqueID true"},
		// SDK: MultipleSigningCertificateChains; its reader stops with
		// "COSE verifier failure" and gives no status code.
		{name: "x5chain in both headers", both: true, failure: c2pa.SigningCredentialInvalid, reason: "x5chain in both"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			signer := newSigner(t)
			if tt.leaf != nil {
				if err := signer.ReissueLeafRaw(tt.leaf); err != nil {
					t.Fatal(err)
				}
			}
			fx, err := signer.Make(c2patest.Options{Format: "jpeg", X5ChainUnprotected: tt.both})
			if err != nil {
				t.Fatal(err)
			}
			r := c2pa.Check(t.Context(), "", fx.Data, opts).Result
			failures := r.Codes.FailureCodes()
			if tt.failure == "" {
				if r.State != c2pa.StateValid || slices.Contains(failures, c2pa.SigningCredentialInvalid) {
					t.Errorf("state %s, failures %v; want valid", r.State, failures)
				}
				return
			}
			if r.State != c2pa.StateInvalid || !slices.Contains(failures, tt.failure) {
				t.Errorf("state %s, failures %v; want invalid with %s", r.State, failures, tt.failure)
			}
			if slices.Contains(failures, c2pa.ClaimSignatureMismatch) {
				t.Errorf("failures %v: the signature is intact", failures)
			}
			found := false
			for _, c := range r.Codes.Failure {
				found = found || (c.Code == tt.failure && strings.Contains(c.Explanation, tt.reason))
			}
			if !found {
				t.Errorf("no %s saying %q: %+v", tt.failure, tt.reason, r.Codes.Failure)
			}
		})
	}
}
