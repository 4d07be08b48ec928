package c2pa

import (
	"crypto/x509"
	"errors"
	"fmt"
	"time"
)

// signature verifies the claim signature, its chain, time-stamp and trust.
func (v *validator) signature(m *Manifest, r *ManifestResult) {
	c := &r.Codes
	sigURI := "self#jumbf=/c2pa/" + m.Label + "/c2pa.signature"
	if m.SigCOSE == nil {
		c.add(ClaimSignatureMissing, sigURI, "the manifest has no claim signature")
		return
	}
	sig, err := ParseSignature(m.SigCOSE, v.opts.Limits)
	if sig == nil {
		c.add(ClaimSignatureMismatch, sigURI, err.Error())
		return
	}
	info := &SignerInfo{Alg: sig.AlgName()}
	r.Signer = info
	for _, cert := range sig.Chain {
		info.Chain = append(info.Chain, certInfo(cert))
	}
	if len(sig.Chain) > 0 {
		leaf := sig.Chain[0]
		info.CommonName = leaf.Subject.CommonName
		if len(leaf.Subject.Organization) > 0 {
			info.Issuer = leaf.Subject.Organization[0]
		}
	}
	if err != nil {
		if errors.Is(err, errAlgUnsupported) {
			c.add(AlgorithmUnsupported, sigURI, err.Error())
		} else {
			c.add(ClaimSignatureMismatch, sigURI, err.Error())
		}
		return
	}
	if sig.ChainErr != nil || len(sig.Chain) == 0 {
		c.add(SigningCredentialInvalid, sigURI, fmt.Sprintf("certificate chain: %v", sig.ChainErr))
		return
	}
	leaf := sig.Chain[0]

	// A verified time-stamp dates the signature; otherwise the clock does.
	at := v.opts.now()
	if len(sig.TimeStamps) > 0 {
		if t, ok := v.timestamp(sig, m, c, sigURI); ok {
			at = t
			info.Time = t.UTC().Format(timeFormat)
			info.TimeSource = map[int]string{1: "sigTst", 2: "sigTst2"}[sig.TimeStampVersion]
		}
	}

	if err := sig.Verify(m.ClaimCBOR); err != nil {
		c.add(ClaimSignatureMismatch, sigURI, err.Error())
	} else {
		c.add(ClaimSignatureValidated, sigURI, "claim signature valid")
	}
	if !namesOrganization(leaf) {
		// The SDK takes the signer's organisation from the subject and
		// refuses the signature without one (its claimSignature.mismatch).
		// Nothing was changed after signing, so it is a credential fault
		// here, not a mismatch: a reviewer reads "manipulated" otherwise.
		c.add(SigningCredentialInvalid, sigURI, "the signing certificate's subject names no organisation (O); C2PA validators refuse such a signer")
	}
	if at.Before(leaf.NotBefore) || at.After(leaf.NotAfter) {
		c.add(SigningCredentialExpired, sigURI, fmt.Sprintf("signing certificate valid %s to %s, not at %s",
			leaf.NotBefore.UTC().Format(timeFormat), leaf.NotAfter.UTC().Format(timeFormat), at.UTC().Format(timeFormat)))
	} else {
		c.add(ClaimSignatureInsideValidity, sigURI, "signing certificate valid at the time of signing")
	}
	if err := checkSignerProfile(leaf); err != nil {
		c.add(SigningCredentialInvalid, sigURI, fmt.Sprintf("signing certificate profile: %v", err))
		return
	}
	ocspDERs, ocspFrom := sig.OCSP, "stapled OCSP response"
	if len(ocspDERs) == 0 {
		// As the SDK: responses in c2pa.certificate-status assertions are
		// read when the signature staples none.
		ocspDERs, ocspFrom = certificateStatus(m, v.opts.Limits), "OCSP response of the c2pa.certificate-status assertion"
	}
	list, err := v.opts.Trust.Verify(sig.Chain, at)
	if err != nil {
		if len(ocspDERs) > 0 {
			// As the SDK: a responder is heard only when it chains to a
			// trust anchor, and it is the signer's own CA that answers.
			c.add(SigningCredentialOCSPSkipped, sigURI, ocspFrom+" not used: its responder, like the signer, is on no trust list")
		}
		c.add(SigningCredentialUntrusted, sigURI, "the signing certificate does not chain to a configured trust anchor")
		return
	}
	if len(ocspDERs) > 0 && !v.revocation(ocspDERs, ocspFrom, sig, c, sigURI, at, info.Time != "") {
		return
	}
	info.TrustList = list
	c.add(SigningCredentialTrusted, sigURI, "signing certificate trusted via the "+list+" list")
}

// revocation applies OCSP responses (stapled, or from the manifest's
// c2pa.certificate-status assertions; from names them); it returns false when the
// signing certificate was revoked at the time of signing (the SDK then
// stops: the signer is not trusted).
func (v *validator) revocation(ders [][]byte, from string, sig *Signature, c *Codes, uri string, at time.Time, dated bool) bool {
	st, err := stapledStatus(ders, sig.Chain, at, dated)
	switch {
	case st == nil:
		c.add(SigningCredentialOCSPSkipped, uri, fmt.Sprintf("%s not used: %v", from, err))
	case st.Unknown:
		c.add(SigningCredentialOCSPSkipped, uri, from+": the responder does not know the signing certificate")
	case st.Revoked && (!dated || !st.RevokedAt.After(at)):
		// Without a time-stamp nothing shows the signature came before
		// the revocation.
		c.add(SigningCredentialRevoked, uri, from+": the signing certificate was revoked on "+st.RevokedAt.UTC().Format(timeFormat)+
			map[bool]string{true: ", before the time-stamp", false: "; no time-stamp shows the file was signed before"}[dated])
		return false
	case st.Revoked:
		c.add(SigningCredentialNotRevoked, uri, from+": revoked on "+st.RevokedAt.UTC().Format(timeFormat)+", after the time-stamp")
	default:
		c.add(SigningCredentialNotRevoked, uri, from+" of "+st.ThisUpdate.UTC().Format(timeFormat)+": not revoked")
	}
	return true
}

// timestamp checks the first time-stamp token; it returns the time when the
// token verifies and covers this signature.
func (v *validator) timestamp(sig *Signature, m *Manifest, c *Codes, uri string) (time.Time, bool) {
	ts, err := ParseTimeStamp(sig.TimeStamps[0])
	if err != nil {
		c.add(TimeStampMalformed, uri, err.Error())
		return time.Time{}, false
	}
	p, err := sig.timestampPayload(m.ClaimCBOR)
	covered := err == nil && ts.Covers(p)
	if !covered {
		c.add(TimeStampMismatch, uri, "the time-stamp does not cover this claim signature")
		return time.Time{}, false
	}
	if err := ts.VerifySignature(); err != nil {
		c.add(TimeStampMismatch, uri, err.Error())
		return time.Time{}, false
	}
	tsa := ts.Chain[0]
	if ts.Time.Before(tsa.NotBefore) || ts.Time.After(tsa.NotAfter) {
		c.add(TimeStampOutsideValidity, uri, "the time-stamping certificate was not valid at the time-stamp")
		return time.Time{}, false
	}
	c.add(TimeStampValidated, uri, "time-stamp "+ts.Time.Format(timeFormat))
	if err := v.opts.Trust.VerifyTSA(ts.Chain, ts.Time); err == nil {
		c.add(TimeStampTrusted, uri, "time-stamping authority on the TSA trust list")
	} else {
		c.add(TimeStampUntrusted, uri, "time-stamping authority not on the TSA trust list")
	}
	return ts.Time, true
}

// namesOrganization reports whether a certificate's subject holds an
// organizationName (O), which C2PA validators show as the
// signer's issuer and require of a claim signer.
func namesOrganization(c *x509.Certificate) bool {
	return len(c.Subject.Organization) > 0
}
