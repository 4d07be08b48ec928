package c2pa

import (
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
	if at.Before(leaf.NotBefore) || at.After(leaf.NotAfter) {
		c.add(SigningCredentialExpired, sigURI, fmt.Sprintf("signing certificate valid %s to %s, not at %s",
			leaf.NotBefore.UTC().Format(timeFormat), leaf.NotAfter.UTC().Format(timeFormat), at.UTC().Format(timeFormat)))
	} else {
		c.add(ClaimSignatureInsideValidity, sigURI, "signing certificate valid at the time of signing")
	}
	if len(sig.OCSP) > 0 {
		switch st, _ := stapledStatus(sig.OCSP, leaf, sig.Chain, at); {
		case st == nil:
			c.add(SigningCredentialOCSPSkipped, sigURI, "no stapled OCSP response for the signing certificate verified")
		case st.Revoked && !st.RevokedAt.After(at):
			c.add(SigningCredentialRevoked, sigURI, "the signing certificate was revoked on "+st.RevokedAt.UTC().Format(timeFormat))
		case st.Good || st.Revoked:
			c.add(SigningCredentialNotRevoked, sigURI, "stapled OCSP response: not revoked at signing")
		}
	}
	if err := checkSignerProfile(leaf); err != nil {
		c.add(SigningCredentialInvalid, sigURI, fmt.Sprintf("signing certificate profile: %v", err))
		return
	}
	list, err := v.opts.Trust.Verify(sig.Chain, at)
	if err != nil {
		c.add(SigningCredentialUntrusted, sigURI, "the signing certificate does not chain to a configured trust anchor")
		return
	}
	info.TrustList = list
	c.add(SigningCredentialTrusted, sigURI, "signing certificate trusted via the "+list+" list")
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
