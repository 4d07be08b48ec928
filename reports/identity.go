package reports

import (
	"fmt"
	"iter"
	"strings"
)

// IdentityLabel is how reports head a creator identity: verified ones by
// how far they are vouched for, the rest as claims.
func (id C2PAIdentity) IdentityLabel() string {
	switch id.State {
	case IdentityTrusted:
		return "verified identity"
	case IdentityValid:
		return "verified credential, issuer on no trust list"
	case IdentityInvalid:
		return "claimed, not verified (check failed)"
	}
	return "claimed, not verified"
}

// Who names the identity: name, organisation and social accounts.
func (id C2PAIdentity) Who() string {
	var parts []string
	if id.Name != "" {
		parts = append(parts, id.Name)
	}
	if id.Organization != "" {
		parts = append(parts, "("+id.Organization+")")
	}
	for _, a := range id.SocialAccounts {
		acct := a.Username
		if acct == "" {
			acct = a.URI
		}
		parts = append(parts, fmt.Sprintf("%s on %s", acct, a.Provider))
	}
	if len(parts) == 0 {
		return "unnamed"
	}
	return strings.Join(parts, " ")
}

// identities lists the creator identities of every file that has any,
// verified and claimed ones told apart.
func (t *tableLayout) identities(files iter.Seq[*FileResult]) {
	first := true
	for f := range files {
		if len(f.Provenance.C2PA.Identities) == 0 {
			continue
		}
		if first {
			t.line("")
			t.line(t.paint(ansiBold, "Creator identities:"))
			first = false
		}
		t.wrap("", "", "", Clean(f.Path))
		for _, id := range f.Provenance.C2PA.Identities {
			text := id.Who()
			if id.Issuer != "" {
				text += ", issued by " + id.Issuer
			}
			t.wrap("  ", "", "", id.IdentityLabel()+": "+text)
			if id.Reason != "" && id.State != IdentityTrusted {
				t.wrap("    ", "why: ", "", id.Reason)
			}
		}
	}
}
