package c2pa_test

import (
	"testing"
	"time"

	"github.com/provcheck/provcheck/provenance/c2pa"
	"github.com/provcheck/provcheck/provenance/c2pa/c2patest"
	"github.com/provcheck/provcheck/provenance/trust"
)

// TestIdentityFixtures validates identity assertions made at test time,
// intact and broken each way, for both credential types.
func TestIdentityFixtures(t *testing.T) {
	signer := newSigner(t)
	idSigner, err := c2patest.NewIdentitySigner(fixtureTime, 365*24*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	// Valid for one day, ten days before the clock.
	expiredSigner, err := c2patest.NewIdentitySigner(fixtureTime.AddDate(0, 0, -10), 24*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	issuer, err := c2patest.NewIssuer()
	if err != nil {
		t.Fatal(err)
	}
	x509 := func(brk string) *c2patest.Identity {
		return &c2patest.Identity{SigType: c2patest.SigTypeX509, X509: idSigner, Break: brk}
	}
	ica := func(brk string) *c2patest.Identity {
		return &c2patest.Identity{SigType: c2patest.SigTypeICA, Issuer: issuer, ValidFrom: fixtureTime.AddDate(0, -1, 0), Break: brk}
	}
	idTrust := trust.Empty()
	if err := idTrust.AddAnchorsPEM("newsroom identities", idSigner.CAPEM); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		id       *c2patest.Identity
		opts     c2pa.Options
		state    string // the asset's
		idState  string
		code     string // a code the identity must carry
		noFailID bool   // the identity adds no failure but untrusted
	}{
		{"x509/valid", x509(""), c2pa.Options{}, c2pa.StateValid, c2pa.IdentityValid, c2pa.CAWGIdentityWellFormed, true},
		{"x509/trusted", x509(""), c2pa.Options{IdentityTrust: idTrust}, c2pa.StateValid, c2pa.IdentityTrusted, c2pa.SigningCredentialTrusted, true},
		{"x509/bad-signature", x509(c2patest.IdentityBadSig), c2pa.Options{}, c2pa.StateInvalid, c2pa.IdentityInvalid, c2pa.CAWGX509SignatureMismatch, false},
		{"x509/reference", x509(c2patest.IdentityRefHash), c2pa.Options{}, c2pa.StateInvalid, c2pa.IdentityInvalid, c2pa.CAWGIdentityAssertionMismatch, false},
		{"x509/expired", &c2patest.Identity{SigType: c2patest.SigTypeX509, X509: expiredSigner}, c2pa.Options{}, c2pa.StateInvalid, c2pa.IdentityInvalid, c2pa.SigningCredentialExpired, false},
		{"x509/wrong-sig-type", x509(c2patest.IdentityWrongType), c2pa.Options{}, c2pa.StateInvalid, c2pa.IdentityInvalid, c2pa.CAWGICAInvalidAlg, false},
		{"x509/unknown-sig-type", x509(c2patest.IdentityUnknown), c2pa.Options{}, c2pa.StateValid, c2pa.IdentityUnverified, "", true},
		{"ica/valid", ica(""), c2pa.Options{}, c2pa.StateValid, c2pa.IdentityValid, c2pa.CAWGICACredentialValid, true},
		{"ica/trusted-issuer", ica(""), c2pa.Options{IdentityIssuers: []string{issuer.DID}}, c2pa.StateValid, c2pa.IdentityTrusted, c2pa.CAWGICACredentialValid, true},
		{"ica/bad-signature", ica(c2patest.IdentityBadSig), c2pa.Options{}, c2pa.StateInvalid, c2pa.IdentityInvalid, c2pa.CAWGICASignatureMismatch, false},
		{"ica/reference", ica(c2patest.IdentityRefHash), c2pa.Options{}, c2pa.StateInvalid, c2pa.IdentityInvalid, c2pa.CAWGIdentityAssertionMismatch, false},
		{"ica/expired", &c2patest.Identity{SigType: c2patest.SigTypeICA, Issuer: issuer, ValidFrom: fixtureTime.AddDate(-1, 0, 0), ValidUntil: fixtureTime.AddDate(0, 0, -1)},
			c2pa.Options{}, c2pa.StateInvalid, c2pa.IdentityInvalid, c2pa.CAWGICAValidUntilInvalid, false},
		{"ica/not-yet-valid", &c2patest.Identity{SigType: c2patest.SigTypeICA, Issuer: issuer, ValidFrom: fixtureTime.AddDate(0, 0, 1)},
			c2pa.Options{}, c2pa.StateInvalid, c2pa.IdentityInvalid, c2pa.CAWGICAValidFromInvalid, false},
		{"ica/wrong-sig-type", ica(c2patest.IdentityWrongType), c2pa.Options{}, c2pa.StateInvalid, c2pa.IdentityInvalid, c2pa.CAWGX509SignatureMismatch, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fx, err := signer.Make(c2patest.Options{Format: "jpeg", Identity: tt.id})
			if err != nil {
				t.Fatal(err)
			}
			opts := tt.opts
			opts.Now = func() time.Time { return fixtureTime }
			r := c2pa.Check(t.Context(), "", fx.Data, opts).Result
			if r.State != tt.state {
				t.Errorf("asset state %s, want %s; failures %v", r.State, tt.state, r.Codes.Failure)
			}
			// The claim itself must be sound: only the identity varies.
			if !r.Codes.Has(c2pa.ClaimSignatureValidated) || !r.Codes.Has(c2pa.AssertionDataHashMatch) {
				t.Fatalf("fixture's claim does not validate: %+v", r.Codes)
			}
			am := r.Active()
			if len(am.Identities) != 1 {
				t.Fatalf("%d identities, want 1", len(am.Identities))
			}
			id := am.Identities[0]
			if id.State != tt.idState {
				t.Errorf("identity state %s (%s), want %s; codes %+v", id.State, id.Reason, tt.idState, id.Codes)
			}
			if tt.code != "" && !id.Codes.Has(tt.code) {
				t.Errorf("identity lacks %s; codes %+v", tt.code, id.Codes)
			}
			for _, f := range id.Codes.Failure {
				if tt.noFailID && f.Code != c2pa.SigningCredentialUntrusted {
					t.Errorf("unexpected identity failure %s: %s", f.Code, f.Explanation)
				}
				if !r.Codes.Has(f.Code) {
					t.Errorf("identity failure %s missing from the manifest's status", f.Code)
				}
			}
			if id.State != c2pa.IdentityTrusted && id.Reason == "" {
				t.Error("an identity that is not trusted must say why")
			}
			if id.SigType == c2pa.SigTypeICA && id.State == c2pa.IdentityValid {
				c := id.Credential
				if c == nil || c.Issuer != issuer.DID || len(c.VerifiedIdentities) != 3 || c.VerifiedIdentities[1].Username != "janeexample" {
					t.Errorf("credential summary %+v", c)
				}
			}
			if id.SigType == c2pa.SigTypeX509 && id.State != c2pa.IdentityInvalid {
				if id.X509 == nil || id.X509.CommonName != "Jane Example" || id.X509.Issuer != "Example News" {
					t.Errorf("X.509 summary %+v", id.X509)
				}
			}
		})
	}
}

// TestIdentityTrustedClaim checks that, as in the SDK, an untrusted X.509
// identity keeps a trusted claim signer's asset at valid, and a trusted
// one leaves it trusted.
func TestIdentityTrustedClaim(t *testing.T) {
	signer := newSigner(t)
	idSigner, err := c2patest.NewIdentitySigner(fixtureTime, 365*24*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	fx, err := signer.Make(c2patest.Options{Format: "png", Identity: &c2patest.Identity{SigType: c2patest.SigTypeX509, X509: idSigner}})
	if err != nil {
		t.Fatal(err)
	}
	claimTrust := trust.Empty()
	if err := claimTrust.AddAnchorsPEM("test", signer.CAPEM); err != nil {
		t.Fatal(err)
	}
	idTrust := trust.Empty()
	if err := idTrust.AddAnchorsPEM("ids", idSigner.CAPEM); err != nil {
		t.Fatal(err)
	}
	now := func() time.Time { return fixtureTime }
	for _, tt := range []struct {
		ids  *trust.Store
		want string
	}{{nil, c2pa.StateValid}, {idTrust, c2pa.StateTrusted}} {
		r := c2pa.Check(t.Context(), "", fx.Data, c2pa.Options{Trust: claimTrust, IdentityTrust: tt.ids, Now: now}).Result
		if r.State != tt.want {
			t.Errorf("identity anchors %v: state %s, want %s; failures %v", tt.ids != nil, r.State, tt.want, r.Codes.Failure)
		}
	}
}
