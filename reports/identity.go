package reports

import (
	"fmt"
	"io"
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

// writeIdentities lists the creator identities of every file that has
// any, verified and claimed ones told apart.
func writeIdentities(w io.Writer, r *Report) {
	first := true
	for i := range r.Files {
		f := &r.Files[i]
		if len(f.Provenance.C2PA.Identities) == 0 {
			continue
		}
		if first {
			fmt.Fprintln(w, "\nCreator identities (Content Credentials):")
			first = false
		}
		fmt.Fprintf(w, "%s\n", oneLine(f.Path, maxCell))
		for _, id := range f.Provenance.C2PA.Identities {
			fmt.Fprintf(w, "  %s: %s", id.IdentityLabel(), oneLine(id.Who(), 100))
			if id.Issuer != "" {
				fmt.Fprintf(w, ", issued by %s", oneLine(id.Issuer, 80))
			}
			fmt.Fprintln(w)
			if id.Reason != "" && id.State != IdentityTrusted {
				fmt.Fprintf(w, "      why: %s\n", oneLine(id.Reason, 140))
			}
		}
	}
}
