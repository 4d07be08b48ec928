package c2pa

import (
	"fmt"
	"strings"

	prov "github.com/provcheck/provcheck/provenance/c2pa"
	"github.com/provcheck/provcheck/reports"
)

// Creator identity (CAWG identity assertion) signals.
const (
	SigIdentityVerified  = "c2pa.identity-verified"
	SigIdentityInvalid   = "c2pa.identity-invalid"
	SigIdentityUnchecked = "c2pa.identity-unchecked"
)

// identityResults lists the identity results of every validated manifest,
// the active manifest's first.
func identityResults(r *prov.Result) []*prov.IdentityResult {
	var out []*prov.IdentityResult
	for _, m := range r.Manifests {
		out = append(out, m.Identities...)
	}
	return out
}

// identities maps identity results to the report.
func identities(r *prov.Result) []reports.C2PAIdentity {
	var out []reports.C2PAIdentity
	for _, id := range identityResults(r) {
		out = append(out, reportIdentity(id))
	}
	return out
}

func reportIdentity(id *prov.IdentityResult) reports.C2PAIdentity {
	ri := reports.C2PAIdentity{
		Manifest: id.Manifest, Assertion: id.Assertion, SigType: id.SigType, State: id.State,
		Verified: id.State == prov.IdentityTrusted || id.State == prov.IdentityValid,
		Reason:   id.Reason, Roles: id.Roles, Failure: id.Codes.FailureCodes(),
	}
	if x := id.X509; x != nil {
		ri.Name, ri.Organization, ri.TrustList = x.CommonName, x.Issuer, x.TrustList
		if len(x.Chain) > 0 {
			ri.Issuer = x.Chain[0].Issuer
		}
	}
	if c := id.Credential; c != nil {
		ri.Issuer = c.Issuer
		for _, v := range c.VerifiedIdentities {
			ri.VerifiedIdentities = append(ri.VerifiedIdentities, reports.C2PAVerifiedIdentity{
				Type: v.Type, Name: v.Name, Username: v.Username, Address: v.Address, URI: v.URI,
				Provider: v.Provider.Name, ProviderID: v.Provider.ID, VerifiedAt: v.VerifiedAt,
			})
			switch v.Type {
			case "cawg.document_verification":
				if ri.Name == "" {
					ri.Name = v.Name
				}
			case "cawg.affiliation":
				if ri.Organization == "" {
					ri.Organization = v.Provider.Name
				}
			case "cawg.social_media":
				ri.SocialAccounts = append(ri.SocialAccounts, reports.C2PASocialAccount{Provider: v.Provider.Name, Username: firstNonEmpty(v.Username, v.Name), URI: v.URI})
			}
		}
		if ri.Name == "" {
			for _, v := range c.VerifiedIdentities {
				if v.Name != "" {
					ri.Name = v.Name
					break
				}
			}
		}
	}
	return ri
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}

// who describes an identity in a few words: name, organisation, accounts.
func who(id reports.C2PAIdentity) string {
	var parts []string
	if id.Name != "" {
		parts = append(parts, id.Name)
	}
	if id.Organization != "" {
		parts = append(parts, "("+id.Organization+")")
	}
	for _, a := range id.SocialAccounts {
		parts = append(parts, fmt.Sprintf("%s on %s", a.Username, a.Provider))
	}
	if len(parts) == 0 {
		return "an unnamed identity"
	}
	return strings.Join(parts, " ")
}

// identitySignals reports each creator identity: verified (info), failed
// (integrity, asks for review) or of a kind provcheck cannot check (info).
func identitySignals(r *prov.Result) []reports.Signal {
	var out []reports.Signal
	for _, res := range identityResults(r) {
		id := reportIdentity(res)
		ev := map[string]any{"manifest": id.Manifest, "assertion": id.Assertion, "url": res.URL, "sigType": id.SigType, "state": id.State}
		if id.Issuer != "" {
			ev["issuer"] = id.Issuer
		}
		switch id.State {
		case reports.IdentityTrusted:
			ev["trustList"] = id.TrustList
			out = append(out, reports.Signal{ID: SigIdentityVerified, Direction: reports.DirInfo, Strength: reports.StrengthInfo, Verified: true,
				Message:     "Creator identity verified: " + who(id) + ", vouched for by " + id.Issuer,
				Evidence:    ev,
				Explanation: "The Content Credentials name who made or published the file, and the credential chains to an identity issuer you trust. It says who signed, not that the content is true."})
		case reports.IdentityValid:
			out = append(out, reports.Signal{ID: SigIdentityVerified, Direction: reports.DirInfo, Strength: reports.StrengthInfo,
				Message:     "Creator identity credential checks out, but its issuer is not on a trust list: " + who(id) + ", issued by " + id.Issuer,
				Evidence:    ev,
				Explanation: "The identity's signature and bindings verify, so it was issued for this file's credentials; " + id.Reason + ". Check who the issuer is before repeating the name."})
		case reports.IdentityInvalid:
			ev["failure"] = id.Failure
			msg := "Creator identity does not check out (" + strings.Join(id.Failure, ", ") + "); the name it gives is claimed, not verified: " + who(id)
			// The reviewer reads the reason in the file's review list, so
			// it says what to distrust, not which code failed.
			ev[reports.EvidenceReviewReason] = "the creator identity in the C2PA credentials failed its check: do not attribute the file to the name it gives"
			if len(id.Failure) == 1 && id.Failure[0] == prov.CAWGICADIDUnavailable {
				msg = "Creator identity could not be checked offline (its issuer " + id.Issuer + " must be looked up on the web); the name it gives is claimed, not verified: " + who(id)
				ev[reports.EvidenceReviewReason] = "the creator identity in the C2PA credentials could not be checked offline: the name it gives is unverified"
			}
			out = append(out, reports.Signal{ID: SigIdentityInvalid, Direction: reports.DirIntegrity, Strength: reports.StrengthModerate,
				Message:     msg,
				Evidence:    ev,
				Explanation: "The Content Credentials carry an identity (who made or published the file) that failed validation: " + id.Reason + ". Do not attribute the file to this person or organisation on the strength of it; ask the publisher."})
		case reports.IdentityUnverified:
			out = append(out, reports.Signal{ID: SigIdentityUnchecked, Direction: reports.DirInfo, Strength: reports.StrengthInfo,
				Message:     "Creator identity claimed, not verified: " + who(id),
				Evidence:    ev,
				Explanation: id.Reason + ". Treat the name as the file's own claim."})
		}
	}
	return out
}
