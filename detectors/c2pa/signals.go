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
	SigRemoteManifest   = "c2pa.remote-manifest"
	explainCheckSigner  = "Check who signed it (signer and issuer) and whether that organisation is one you trust; a valid signature proves the manifest was not changed since signing, not that its statements are true."
	explainInvalidCheck = "The manifest's cryptographic checks failed: the file or its credentials were changed after signing, or the credentials were damaged. Compare with the original from the publisher; the declarations it makes cannot be relied on."
)

// signals derives the detector's signals from a validation.
func signals(ck *prov.Checked, remote string, fetch bool, f facts) []reports.Signal {
	var out []reports.Signal
	r := ck.Result
	if remote != "" {
		msg := "XMP dcterms:provenance points to a remote C2PA manifest: " + remote
		expl := "The file says its Content Credentials live at a URL. provcheck fetches nothing unless asked; open the URL yourself (or rerun with remote fetching allowed) to validate them."
		if fetch {
			expl = "The file says its Content Credentials live at a URL; remote fetching is not implemented in this version, so they were not validated."
		}
		out = append(out, reports.Signal{ID: SigRemoteManifest, Direction: reports.DirInfo, Strength: reports.StrengthInfo,
			Message: msg, Evidence: map[string]any{"xmp": "dcterms:provenance", "url": remote}, Explanation: expl})
	}
	if r.State == prov.StateNone {
		return out
	}
	valid := r.State == prov.StateValid || r.State == prov.StateTrusted
	base := map[string]any{"manifest": r.ActiveManifest, "source": r.Source, "state": r.State}
	for _, st := range r.Codes.Success {
		if st.Code == prov.AssertionDataHashAdditionalExclusions {
			// Reviewers should know which bytes the signature leaves open.
			base["unprotected"] = st.Explanation
		}
	}
	switch r.State {
	case prov.StateInvalid:
		codes := r.Codes.FailureCodes()
		if r.Err != nil && len(codes) == 0 {
			codes = []string{prov.GeneralError}
		}
		ev := clone(base)
		ev["failure"] = codes
		if r.Err != nil {
			ev["error"] = r.Err.Error()
		}
		out = append(out, reports.Signal{ID: SigInvalid, Direction: reports.DirIntegrity, Strength: reports.StrengthStrong,
			Message:     "C2PA Content Credentials are present but do not validate: " + strings.Join(codes, ", "),
			Evidence:    ev,
			Explanation: explainInvalidCheck + failureHint(codes)})
	case prov.StateValid:
		ev := clone(base)
		if am := r.Active(); am != nil && am.Signer != nil {
			ev["signer"], ev["issuer"] = am.Signer.CommonName, am.Signer.Issuer
		}
		ev["status"] = prov.SigningCredentialUntrusted
		out = append(out, reports.Signal{ID: SigUntrustedSigner, Direction: reports.DirInfo, Strength: reports.StrengthInfo,
			Message:     "C2PA signature and bindings verify, but the signer is on no configured trust list",
			Evidence:    ev,
			Explanation: "Anyone can create a certificate and sign Content Credentials. " + explainCheckSigner + " Add the publisher's certificate with --trust-anchors or --allowed-list if you know it."})
	}
	out = append(out, identitySignals(r)...)
	if ck.Store == nil {
		return out
	}
	out = append(out, declarations(ck, f, base, valid)...)
	return out
}

// declarations reports what the manifests say about origin: AI, capture,
// algorithmic media, edits.
func declarations(ck *prov.Checked, f facts, base map[string]any, valid bool) []reports.Signal {
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
		expl := "A valid C2PA manifest in this file's history declares that generative AI made or changed the content. " + explainCheckSigner
		if !valid {
			msg += " (credentials do not validate)"
			expl = "A C2PA manifest declares generative AI, but the credentials do not validate, so the declaration is unsigned evidence: the statement may still be true; check the failure codes."
		}
		out = append(out, reports.Signal{ID: SigAIGenerated, Direction: reports.DirAI, Strength: reports.StrengthDeclared,
			Verified: valid, Message: msg, Evidence: ev, Explanation: expl})
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
		if s, ok := capture(ck, dsts, acts, base, valid); ok {
			out = append(out, s)
		}
	}
	if s, ok := edited(acts, base, valid); ok {
		out = append(out, s)
	}
	return out
}

func capture(ck *prov.Checked, dsts []prov.SourceTypeInfo, acts []prov.ActionInfo, base map[string]any, valid bool) (reports.Signal, bool) {
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
	if len(ev) == 0 {
		return reports.Signal{}, false
	}
	e := clone(base)
	e["declarations"] = ev
	expl := "A valid C2PA manifest records that the content was captured by a camera or recorder and nothing in its history declares AI. " + explainCheckSigner
	if !valid {
		expl = "A C2PA manifest records a capture, but the credentials do not validate, so the record cannot be relied on."
	}
	return reports.Signal{ID: SigCapture, Direction: reports.DirCapture, Strength: reports.StrengthDeclared, Verified: valid,
		Message: "C2PA manifest records a capture from a camera or recorder", Evidence: e, Explanation: expl}, true
}

// nonEdits are actions that do not change what the content shows.
var nonEdits = map[string]bool{
	"c2pa.created": true, "c2pa.opened": true, "c2pa.published": true, "c2pa.edited.metadata": true,
	"c2pa.repackaged": true, "c2pa.transcoded": true, "c2pa.converted": true, "c2pa.watermarked": true,
	"c2pa.unknown": true,
}

func edited(acts []prov.ActionInfo, base map[string]any, valid bool) (reports.Signal, bool) {
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
	return reports.Signal{ID: SigEdited, Direction: reports.DirEdit, Strength: reports.StrengthDeclared, Verified: valid,
		Message:     fmt.Sprintf("C2PA manifests record %d editing action(s)", len(ev)),
		Evidence:    e,
		Explanation: "The manifests list edits made to the content (crop, colour, composition...). Look at the actions and the ingredient thumbnails to see what changed."}, true
}

func failureHint(codes []string) string {
	for _, c := range codes {
		switch {
		case strings.Contains(c, "dataHash") || strings.Contains(c, "bmffHash") || strings.Contains(c, "boxesHash"):
			return " Here the file's bytes no longer match the hash the signer recorded: the content was modified after signing."
		case strings.HasPrefix(c, "claimSignature"):
			return " Here the claim signature does not verify: the manifest was altered or forged."
		case strings.HasPrefix(c, "assertion.hashedURI"):
			return " Here an assertion was changed after signing."
		case strings.HasPrefix(c, "signingCredential"):
			return " Here the signing certificate is unusable (expired, revoked or malformed)."
		}
	}
	return ""
}

func clone(m map[string]any) map[string]any {
	out := make(map[string]any, len(m)+2)
	for k, v := range m {
		out[k] = v
	}
	return out
}
