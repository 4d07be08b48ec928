package c2pa_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/provcheck/provcheck/provenance/c2pa"
	"github.com/provcheck/provcheck/provenance/c2pa/c2patest"
	"github.com/provcheck/provcheck/provenance/trust"
)

// TestStapledOCSP signs fixtures with an OCSP response in the signature's
// rVals, or in a c2pa.certificate-status assertion (C2PA 2.x; the SDK
// reads it when nothing is stapled, with the same rules), and checks each
// case as the C2PA SDK decides it: a revocation
// before the signing time makes the credential revoked (and not trusted);
// a good response is used; responses from an unauthorised responder,
// about another issuer's certificate, or stale at the time-stamp are set
// aside with the reason.
func TestStapledOCSP(t *testing.T) {
	signer := newSigner(t)
	anchors := trust.Empty()
	if err := anchors.AddAnchorsPEM(trust.ListUser, signer.CAPEM); err != nil {
		t.Fatal(err)
	}
	day := 24 * time.Hour
	good := func(responder string) *c2patest.OCSP {
		return &c2patest.OCSP{Status: c2patest.OCSPGood, ThisUpdate: fixtureTime.Add(-time.Hour), NextUpdate: fixtureTime.Add(7 * day), Responder: responder}
	}
	revoked := func(responder string, at time.Time) *c2patest.OCSP {
		return &c2patest.OCSP{Status: c2patest.OCSPRevoked, RevokedAt: at, Reason: c2patest.ReasonKeyCompromise,
			ThisUpdate: fixtureTime.Add(-time.Hour), NextUpdate: fixtureTime.Add(7 * day), Responder: responder}
	}
	tests := []ocspCase{
		{"good/delegated", good(c2patest.ResponderDelegated), false, 0, false, c2pa.StateTrusted, c2pa.SigningCredentialNotRevoked, "not revoked"},
		{"good/issuer", good(c2patest.ResponderIssuer), false, 0, false, c2pa.StateTrusted, c2pa.SigningCredentialNotRevoked, "not revoked"},
		{"good/time-stamped", good(""), true, 30 * day, false, c2pa.StateTrusted, c2pa.SigningCredentialNotRevoked, "not revoked"},
		{"revoked/before-time-stamp", revoked("", fixtureTime.Add(-30*time.Minute)), true, day, false, c2pa.StateInvalid, c2pa.SigningCredentialRevoked, "before the time-stamp"},
		{"revoked/no-time-stamp", revoked("", fixtureTime.Add(-30*time.Minute)), false, 0, false, c2pa.StateInvalid, c2pa.SigningCredentialRevoked, "no time-stamp"},
		{"revoked/after-time-stamp", revoked("", fixtureTime.Add(day)), true, 2 * day, false, c2pa.StateTrusted, c2pa.SigningCredentialNotRevoked, "after the time-stamp"},
		{"stale", &c2patest.OCSP{Status: c2patest.OCSPGood, ThisUpdate: fixtureTime.Add(-10 * day), NextUpdate: fixtureTime.Add(-3 * day)},
			true, 0, false, c2pa.StateTrusted, c2pa.SigningCredentialOCSPSkipped, "stale response"},
		{"responder-without-eku", revoked(c2patest.ResponderNoEKU, fixtureTime.Add(-30*time.Minute)), false, 0, false, c2pa.StateTrusted, c2pa.SigningCredentialOCSPSkipped, "lacks the OCSP-signing extended key usage"},
		{"other-issuer", revoked(c2patest.ResponderOtherIssuer, fixtureTime.Add(-30*time.Minute)), false, 0, false, c2pa.StateTrusted, c2pa.SigningCredentialOCSPSkipped, "another certificate or issuer"},
		{"unknown", &c2patest.OCSP{Status: c2patest.OCSPUnknown, ThisUpdate: fixtureTime.Add(-time.Hour)}, false, 0, false, c2pa.StateTrusted, c2pa.SigningCredentialOCSPSkipped, "does not know"},
		{"untrusted-responder", revoked("", fixtureTime.Add(-30*time.Minute)), false, 0, true, c2pa.StateValid, c2pa.SigningCredentialOCSPSkipped, "no trust list"},
	}
	for _, carrier := range []string{"rVals", "c2pa.certificate-status"} {
		for _, tt := range tests {
			testOCSPCase(t, signer, anchors, carrier, tt)
		}
	}
}

type ocspCase struct {
	name      string
	ocsp      *c2patest.OCSP
	timeStamp bool          // a sigTst2 time-stamp at fixtureTime
	now       time.Duration // validation time after fixtureTime
	untrusted bool          // the test CA is not a trust anchor
	state     string
	code      string // the OCSP status code
	reason    string // in the code's explanation
}

// testOCSPCase signs one fixture with the response in the given carrier
// and checks the status code it earns.
func testOCSPCase(t *testing.T, signer *c2patest.Signer, anchors *trust.Store, carrier string, tt ocspCase) {
	t.Run(carrier+"/"+tt.name, func(t *testing.T) {
		o := c2patest.Options{Format: "jpeg", OCSP: tt.ocsp, OCSPInAssertion: carrier != "rVals"}
		if tt.timeStamp {
			o.TimeStamp = fixtureTime
		}
		fx, err := signer.Make(o)
		if err != nil {
			t.Fatal(err)
		}
		opts := c2pa.Options{Trust: anchors, Now: func() time.Time { return fixtureTime.Add(tt.now) }}
		if tt.untrusted {
			opts.Trust = trust.Empty()
		}
		r := c2pa.Check(t.Context(), "", fx.Data, opts).Result
		if r.State != tt.state {
			t.Errorf("state %s, want %s; failures %v", r.State, tt.state, r.Codes.FailureCodes())
		}
		var found *c2pa.Status
		for _, g := range [][]c2pa.Status{r.Codes.Success, r.Codes.Informational, r.Codes.Failure} {
			for i := range g {
				if strings.HasPrefix(g[i].Code, "signingCredential.ocsp.") {
					if found != nil {
						t.Errorf("two OCSP codes: %s and %s", found.Code, g[i].Code)
					}
					found = &g[i]
				}
			}
		}
		if found == nil || found.Code != tt.code || !strings.Contains(found.Explanation, tt.reason) {
			t.Fatalf("OCSP status %+v, want %s saying %q", found, tt.code, tt.reason)
		}
		if from := map[bool]string{true: "stapled", false: "certificate-status"}[carrier == "rVals"]; !strings.Contains(found.Explanation, from) {
			t.Errorf("OCSP status %q does not say it came from the %s", found.Explanation, carrier)
		}
		revokedCode := slices.Contains(r.Codes.FailureCodes(), c2pa.SigningCredentialRevoked)
		if trusted := r.Codes.Has(c2pa.SigningCredentialTrusted); revokedCode && trusted {
			t.Errorf("a revoked signer is also reported trusted")
		}
		// Revocation never reads as a change after signing.
		for _, f := range r.Codes.FailureCodes() {
			if c2pa.Tampering(f) {
				t.Errorf("tampering code %s on an intact file", f)
			}
		}
	})
}
