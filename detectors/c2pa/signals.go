package c2pa

import (
	"fmt"
	"strings"

	prov "github.com/provcheck/provcheck/provenance/c2pa"
	"github.com/provcheck/provcheck/reports"
)

// Signal IDs.
const (
	SigAIGenerated      = "c2pa.ai-generated"
	SigAlgorithmic      = "c2pa.algorithmic-media"
	SigCapture          = "c2pa.capture"
	SigEdited           = "c2pa.edited"
	SigInvalid          = "c2pa.invalid"
	SigUntrustedSigner  = "c2pa.untrusted-signer"
	SigExpired          = "c2pa.credential-expired"
	SigRevoked          = "c2pa.credential-revoked"
	SigDamaged          = "c2pa.credential-damaged"
	SigRemoteManifest   = "c2pa.remote-manifest"
	explainCheckSigner  = "Check who signed it (signer and issuer) and whether that organisation is one you trust; a valid signature proves the manifest was not changed since signing, not that its statements are true."
	explainInvalidCheck = "The file or its Content Credentials changed after they were signed. Compare with the original from the publisher; the declarations the manifest makes cannot be relied on."
)

// signals derives the detector's signals from a validation.
func signals(ck *prov.Checked, remote string, f facts) []reports.Signal {
	var out []reports.Signal
	r := ck.Result
	if remote != "" {
		msg := "XMP dcterms:provenance points to a remote C2PA manifest: " + remote
		// provcheck fetches nothing: the user downloads the manifest and
		// provcheck validates it offline as a sidecar.
		expl := "The file says its Content Credentials live at a URL. provcheck fetches nothing; download the manifest yourself, save it beside this file as NAME.c2pa (the file's name with .c2pa) and scan again: provcheck validates it as a sidecar."
		out = append(out, reports.Signal{ID: SigRemoteManifest, Direction: reports.DirInfo, Strength: reports.StrengthInfo,
			Message: msg, Evidence: map[string]any{"xmp": "dcterms:provenance", "url": remote}, Explanation: expl})
	}
	if r.State == prov.StateNone {
		return out
	}
	// "Verified" needs both halves: a signature that validates and a
	// signer on a trust list (DESIGN.md). A valid signature from an
	// unknown party proves only that the file did not change since that
	// party signed it.
	valid := r.State == prov.StateValid || r.State == prov.StateTrusted
	trusted := r.State == prov.StateTrusted
	base := map[string]any{"manifest": r.ActiveManifest, "source": r.Source, "state": r.State}
	for _, st := range r.Codes.Success {
		if st.Code == prov.AssertionDataHashAdditionalExclusions {
			// Reviewers should know which bytes the signature leaves open.
			base["unprotected"] = st.Explanation
		}
	}
	out = append(out, credentialSignals(r, base)...)
	out = append(out, identitySignals(r)...)
	if ck.Store == nil {
		return out
	}
	out = append(out, declarations(ck, f, base, valid, trusted)...)
	return out
}

// declarations reports what the manifests say about origin: AI, capture,
// algorithmic media, edits.
func declarations(ck *prov.Checked, f facts, base map[string]any, valid, trusted bool) []reports.Signal {
	var out []reports.Signal
	dsts, acts := f.dsts, f.acts

	// AI: a generative digitalSourceType anywhere in the chain, or an AI
	// generator named by an action.
	var aiEv []map[string]any
	for _, d := range dsts {
		if prov.IsAISourceType(d.Value) {
			aiEv = append(aiEv, map[string]any{"manifest": d.Manifest, "assertion": d.Assertion, "digitalSourceType": d.Term})
		}
	}
	for _, a := range acts {
		for _, text := range []string{a.SoftwareAgent, a.Description} {
			if g := prov.AIGeneratorIn(text); g != "" {
				aiEv = append(aiEv, map[string]any{"manifest": a.Manifest, "assertion": a.Assertion, "action": a.Action, "text": text, "generator": g})
				break
			}
		}
	}
	if len(aiEv) > 0 {
		ev := clone(base)
		ev["declarations"] = aiEv
		msg := "C2PA manifest declares AI generation or AI editing"
		expl := "A verified C2PA manifest (valid signature, signer on a trust list) in this file's history declares that generative AI made or changed the content. " + explainCheckSigner
		switch {
		case !valid:
			msg += " (credentials do not validate)"
			expl = "A C2PA manifest declares generative AI, but the credentials do not validate, so the declaration is unsigned evidence: the statement may still be true; check the failure codes."
		case !trusted:
			msg += " (signer on no trust list)"
			expl = "A C2PA manifest declares generative AI with a valid signature, but the signer is on no trust list, so the declaration is not verified: anyone can make such a certificate. The statement may still be true."
		}
		out = append(out, reports.Signal{ID: SigAIGenerated, Direction: reports.DirAI, Strength: reports.StrengthDeclared,
			Verified: trusted, Message: msg, Evidence: ev, Explanation: expl})
	}
	for _, d := range dsts {
		if d.Term == "algorithmicMedia" {
			ev := clone(base)
			ev["manifest"], ev["assertion"], ev["digitalSourceType"] = d.Manifest, d.Assertion, d.Term
			out = append(out, reports.Signal{ID: SigAlgorithmic, Direction: reports.DirInfo, Strength: reports.StrengthInfo,
				Message:     "C2PA manifest declares algorithmicMedia: synthetic content made by an algorithm without trained models",
				Evidence:    ev,
				Explanation: "algorithmicMedia (IPTC) means computer-generated without a model trained on sampled content (procedural graphics, renderings). It is synthetic but not generative AI; check what the generator was."})
			break
		}
	}
	if len(aiEv) == 0 {
		if s, ok := capture(ck, dsts, acts, base, valid, trusted); ok {
			out = append(out, s)
		}
	}
	if s, ok := edited(acts, base, trusted); ok {
		out = append(out, s)
	}
	return out
}

func capture(ck *prov.Checked, dsts []prov.SourceTypeInfo, acts []prov.ActionInfo, base map[string]any, valid, trusted bool) (reports.Signal, bool) {
	var ev []map[string]any
	for _, d := range dsts {
		if prov.IsCaptureSourceType(d.Value) {
			ev = append(ev, map[string]any{"manifest": d.Manifest, "assertion": d.Assertion, "digitalSourceType": d.Term})
		}
	}
	if len(ev) == 0 {
		gen := ""
		if act := ck.Store.Active(); act != nil && act.Claim != nil {
			gen = act.Claim.Generator()
		}
		for _, a := range acts {
			if a.Action != "c2pa.created" || a.DigitalSourceType != "" {
				continue
			}
			if cam := prov.CameraIn(a.SoftwareAgent + " " + gen); cam != "" {
				ev = append(ev, map[string]any{"manifest": a.Manifest, "assertion": a.Assertion, "action": a.Action, "device": cam})
			}
		}
	}
	if act := ck.Store.Active(); len(ev) == 0 && act != nil && act.Claim != nil {
		// A manifest without actions or ingredients, made by a capture
		// app, whose signed EXIF names the camera: the capture record
		// of C2PA 1.x capture apps.
		if app := prov.CameraIn(act.Claim.Generator()); app != "" {
			if cam, label := act.SignedCamera(prov.Limits{}); cam != "" {
				ev = append(ev, map[string]any{"manifest": act.Label, "assertion": label, "device": cam, "captureApp": act.Claim.Generator()})
			}
		}
	}
	if len(ev) == 0 {
		return reports.Signal{}, false
	}
	e := clone(base)
	e["declarations"] = ev
	msg := "C2PA manifest records a capture from a camera or recorder"
	expl := "A verified C2PA manifest (valid signature, signer on a trust list) records that the content was captured by a camera or recorder and nothing in its history declares AI. " + explainCheckSigner
	// Only a verified record is declared evidence: an unverified one is a
	// claim anyone can write onto any file, so it weighs as little as
	// unsigned camera metadata and cannot give capture-verified.
	strength := reports.StrengthDeclared
	switch {
	case !valid:
		msg += " (credentials do not validate)"
		expl = "A C2PA manifest records a capture, but the credentials do not validate, so the record cannot be relied on."
		strength = reports.StrengthWeak
	case !trusted:
		msg += " (signer on no trust list)"
		expl = "A C2PA manifest records a capture with a valid signature, but the signer is on no trust list: anyone can make such a certificate and sign any file as a camera capture. Treat it as unverified until you know the signer."
		strength = reports.StrengthWeak
	}
	return reports.Signal{ID: SigCapture, Direction: reports.DirCapture, Strength: strength, Verified: trusted,
		Message: msg, Evidence: e, Explanation: expl}, true
}

// nonEdits are actions that do not change what the content shows.
var nonEdits = map[string]bool{
	"c2pa.created": true, "c2pa.opened": true, "c2pa.published": true, "c2pa.edited.metadata": true,
	"c2pa.repackaged": true, "c2pa.transcoded": true, "c2pa.converted": true, "c2pa.watermarked": true,
	"c2pa.unknown": true,
}

func edited(acts []prov.ActionInfo, base map[string]any, trusted bool) (reports.Signal, bool) {
	var ev []map[string]any
	for _, a := range acts {
		if nonEdits[a.Action] {
			continue
		}
		ev = append(ev, map[string]any{"manifest": a.Manifest, "assertion": a.Assertion, "action": a.Action, "softwareAgent": a.SoftwareAgent})
	}
	if len(ev) == 0 {
		return reports.Signal{}, false
	}
	e := clone(base)
	e["actions"] = ev
	return reports.Signal{ID: SigEdited, Direction: reports.DirEdit, Strength: reports.StrengthDeclared, Verified: trusted,
		Message:     fmt.Sprintf("C2PA manifests record %d editing action(s)", len(ev)),
		Evidence:    e,
		Explanation: "The manifests list edits made to the content (crop, colour, composition...). Look at the actions and the ingredient thumbnails to see what changed."}, true
}

func clone(m map[string]any) map[string]any {
	out := make(map[string]any, len(m)+2)
	for k, v := range m {
		out[k] = v
	}
	return out
}

// credentialSignals reports what the status codes say about the
// credentials. Only a change after signing (Tampering) is integrity
// evidence strong enough for "manipulated"; an expired, revoked or
// untrusted signer and damaged structures are credential problems in
// their own words, each asking for review, because nothing shows the
// content changed.
func credentialSignals(r *prov.Result, base map[string]any) []reports.Signal {
	type finding struct {
		code, url, ingredient string
	}
	// Creator identity (CAWG) failures are reported by identitySignals,
	// in their own words: an identity certificate that expired is not the
	// claim signer's.
	identity := map[string]bool{}
	for _, id := range identityResults(r) {
		identity[id.URL] = true
	}
	var all []finding
	for _, st := range r.Codes.Failure {
		if strings.HasPrefix(st.Code, "cawg.") || (st.URL != "" && identity[st.URL]) {
			continue
		}
		all = append(all, finding{st.Code, st.URL, ""})
	}
	for _, d := range r.IngredientDeltas {
		for _, st := range d.Failure {
			all = append(all, finding{st.Code, st.URL, d.Assertion})
		}
	}
	if r.Err != nil && len(all) == 0 {
		all = append(all, finding{prov.GeneralError, "", ""})
	}
	var tamper, expired, revoked, damaged []map[string]any
	var tamperCodes, damagedCodes []string
	// The claim signer, not a creator identity, is the one this signal
	// speaks of.
	am := r.Active()
	untrusted := am != nil && am.Signer != nil && !am.Trusted()
	for _, f := range all {
		e := map[string]any{"code": f.code}
		if f.url != "" {
			e["url"] = f.url
		}
		if f.ingredient != "" {
			e["ingredient"] = f.ingredient
		}
		switch {
		case prov.Tampering(f.code):
			tamper = append(tamper, e)
			tamperCodes = appendUnique(tamperCodes, f.code)
		case f.code == prov.SigningCredentialExpired:
			expired = append(expired, e)
		case f.code == prov.SigningCredentialRevoked:
			revoked = append(revoked, e)
		case f.code == prov.SigningCredentialUntrusted:
			// Said once, below, for the active manifest's signer; an
			// ingredient's untrusted signer leaves the asset valid.
		default:
			damaged = append(damaged, e)
			damagedCodes = appendUnique(damagedCodes, f.code)
		}
	}
	var out []reports.Signal
	add := func(id string, strength reports.Strength, msg, reason, expl string, findings []map[string]any) {
		ev := clone(base)
		ev["failure"] = findings
		if r.Err != nil {
			ev["error"] = r.Err.Error()
		}
		if reason != "" {
			ev[reports.EvidenceReviewReason] = reason
		}
		out = append(out, reports.Signal{ID: id, Direction: reports.DirIntegrity, Strength: strength,
			Message: msg, Evidence: ev, Explanation: expl})
	}
	if len(tamper) > 0 {
		where := "the file or its credentials"
		if inIngredient(tamper) {
			where = "an ingredient's credentials"
		}
		add(SigInvalid, reports.StrengthStrong,
			"C2PA Content Credentials show a change after signing in "+where+": "+strings.Join(tamperCodes, ", "),
			"", explainInvalidCheck+tamperHint(tamperCodes), tamper)
	}
	if len(expired) > 0 {
		add(SigExpired, reports.StrengthModerate,
			"The C2PA signing certificate had expired when the file was signed (no trusted time-stamp shows otherwise)",
			"the C2PA certificate had expired when the file was signed",
			"An expired certificate does not mean the file changed: the bindings may be intact. It means the signature cannot be trusted as of its signing: the key may have been retired or leaked. Check the signing date and ask the publisher for a re-signed copy.", expired)
	}
	if len(revoked) > 0 {
		add(SigRevoked, reports.StrengthModerate,
			"The C2PA signing certificate was revoked by its issuer",
			"the C2PA certificate was revoked by its issuer",
			"The issuer withdrew the certificate (its key may be compromised, or the holder no longer entitled to it). Anyone holding the key could have signed; do not rely on the declarations.", revoked)
	}
	if len(damaged) > 0 {
		add(SigDamaged, reports.StrengthModerate,
			"C2PA Content Credentials are damaged or do not follow the specification: "+strings.Join(damagedCodes, ", "),
			"the C2PA credentials are damaged or malformed ("+strings.Join(damagedCodes, ", ")+")",
			"The manifest store could not be fully validated. This alone does not show the content was changed; the declarations cannot be relied on until a validator accepts them. Check the failure codes.", damaged)
	}
	if untrusted {
		ev := clone(base)
		ev["signer"], ev["issuer"] = am.Signer.CommonName, am.Signer.Issuer
		ev["status"] = prov.SigningCredentialUntrusted
		ev[reports.EvidenceReviewReason] = "the C2PA signer is on no trust list: anyone can make such a certificate"
		out = append(out, reports.Signal{ID: SigUntrustedSigner, Direction: reports.DirIntegrity, Strength: reports.StrengthModerate,
			Message:     "The C2PA signer is on no trust list: anyone can make such a certificate",
			Evidence:    ev,
			Explanation: "A valid signature proves only that the file did not change since this unknown party signed it. " + explainCheckSigner + " Add the publisher's certificate with --trust-anchors or --allowed-list if you know it."})
	}
	return out
}

func inIngredient(fs []map[string]any) bool {
	for _, f := range fs {
		if _, ok := f["ingredient"]; !ok {
			return false
		}
	}
	return true
}

func tamperHint(codes []string) string {
	for _, c := range codes {
		switch {
		case strings.Contains(c, "dataHash") || strings.Contains(c, "bmffHash") || strings.Contains(c, "boxesHash") || strings.Contains(c, "collectionHash"):
			return " Here the file's bytes no longer match the hash the signer recorded: the content was modified after signing."
		case strings.Contains(c, "claimSignature"):
			return " Here a claim signature does not verify: the manifest was altered or forged."
		case strings.Contains(c, "hashedURI") || strings.HasPrefix(c, "ingredient.manifest"):
			return " Here an assertion or an ingredient's manifest was changed after signing."
		}
	}
	return ""
}

func appendUnique(s []string, v string) []string {
	for _, x := range s {
		if x == v {
			return s
		}
	}
	return append(s, v)
}
