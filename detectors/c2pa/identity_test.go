package c2pa

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/provcheck/provcheck/detectors/scoring"
	"github.com/provcheck/provcheck/provenance/c2pa/c2patest"
	"github.com/provcheck/provcheck/reports"
)

func TestIdentitySignals(t *testing.T) {
	now := time.Now()
	signer, err := c2patest.NewSigner(now)
	if err != nil {
		t.Fatal(err)
	}
	issuer, err := c2patest.NewIssuer()
	if err != nil {
		t.Fatal(err)
	}
	idSigner, err := c2patest.NewIdentitySigner(now, 24*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		id      *c2patest.Identity
		state   string // the identity's
		signal  string
		absent  string
		c2pa    string
		account bool // the report lists the social account
	}{
		{"ica", &c2patest.Identity{SigType: c2patest.SigTypeICA, Issuer: issuer, ValidFrom: now.AddDate(0, -1, 0)},
			reports.IdentityValid, SigIdentityVerified, SigIdentityInvalid, reports.C2PAValid, true},
		{"ica-bad-signature", &c2patest.Identity{SigType: c2patest.SigTypeICA, Issuer: issuer, ValidFrom: now.AddDate(0, -1, 0), Break: c2patest.IdentityBadSig},
			reports.IdentityInvalid, SigIdentityInvalid, SigIdentityVerified, reports.C2PAInvalid, true},
		{"x509", &c2patest.Identity{SigType: c2patest.SigTypeX509, X509: idSigner},
			reports.IdentityValid, SigIdentityVerified, SigIdentityInvalid, reports.C2PAValid, false},
		{"unknown-type", &c2patest.Identity{SigType: c2patest.SigTypeX509, X509: idSigner, Break: c2patest.IdentityUnknown},
			reports.IdentityUnverified, SigIdentityUnchecked, SigIdentityVerified, reports.C2PAValid, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fx, err := signer.Make(c2patest.Options{Format: "jpeg", Identity: tt.id})
			if err != nil {
				t.Fatal(err)
			}
			c, sigs := runFile(t, "", fx.Data)
			if c.State != tt.c2pa {
				t.Errorf("c2pa state %s, want %s", c.State, tt.c2pa)
			}
			if len(c.Identities) != 1 {
				t.Fatalf("%d identities in the report, want 1", len(c.Identities))
			}
			id := c.Identities[0]
			if id.State != tt.state || id.Verified != (tt.state == reports.IdentityValid || tt.state == reports.IdentityTrusted) {
				t.Errorf("identity state %s verified %v, want %s", id.State, id.Verified, tt.state)
			}
			if tt.state != reports.IdentityUnverified && id.Name != "Jane Example" {
				t.Errorf("identity name %q", id.Name)
			}
			if tt.account != (len(id.SocialAccounts) == 1 && id.SocialAccounts[0].Username == "janeexample") {
				t.Errorf("social accounts %+v", id.SocialAccounts)
			}
			s := has(sigs, tt.signal)
			if s == nil {
				t.Fatalf("no %s in %v", tt.signal, ids(sigs))
			}
			if has(sigs, tt.absent) != nil {
				t.Errorf("unexpected %s", tt.absent)
			}
			if s.Evidence["assertion"] != "cawg.identity" || s.Explanation == "" {
				t.Errorf("%s evidence %v explanation %q", s.ID, s.Evidence, s.Explanation)
			}
			if s.ID == SigIdentityInvalid {
				if s.Direction != reports.DirIntegrity || !strings.Contains(s.Message, "claimed, not verified") {
					t.Errorf("%s: %s %s", s.ID, s.Direction, s.Message)
				}
				// A failed identity asks for review in its own words,
				// which scoring lists among the file's reasons.
				reason := reports.ReviewReason(*s)
				if !strings.Contains(reason, "creator identity") || strings.Contains(reason, "cawg.") {
					t.Errorf("%s: review reason %q, want plain words about the creator identity", s.ID, reason)
				}
				f := &reports.FileResult{Signals: sigs}
				scoring.Apply(scoring.Default(), f)
				if !f.Review || !slices.Contains(f.Reasons, reason) {
					t.Errorf("%s: review %v, reasons %q; want review with %q", s.ID, f.Review, f.Reasons, reason)
				}
			} else if reports.ReviewReason(*s) != "" {
				t.Errorf("%s gives a review reason %q", s.ID, reports.ReviewReason(*s))
			} else if s.Direction != reports.DirInfo {
				t.Errorf("%s direction %s", s.ID, s.Direction)
			}
		})
	}
}
