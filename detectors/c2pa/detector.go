// Package c2pa is the C2PA Content Credentials detector: it reads the
// result of the engine's C2PA stage (the file's manifest store, embedded
// or a NAME.c2pa sidecar, validated once per file), fills the report's
// provenance.c2pa section and reports what the manifests declare (AI generation, capture, edits) and whether the
// credentials hold (invalid, untrusted signer, remote manifest).
package c2pa

import (
	"context"
	"strings"

	"github.com/provcheck/provcheck/detectors"
	prov "github.com/provcheck/provcheck/provenance/c2pa"
	"github.com/provcheck/provcheck/provenance/xmp"
)

// Detector validates C2PA Content Credentials.
var Detector = &detectors.Detector{
	Name: "c2pa",
	Doc: "Finds the C2PA manifest store (JPEG APP11, PNG caBX, RIFF C2PA, BMFF uuid, TIFF tag 0xCD41, " +
		"GIF, SVG, MP3 GEOB, JPEG XL, a text manifest wrapper at the end of plain text, or a NAME.c2pa sidecar), verifies claim signatures, certificate " +
		"chains against the C2PA and interim trust lists, time-stamps, hashed URIs and the hard binding " +
		"over the file's bytes, walks ingredients, and reports AI, capture and edit declarations " +
		"(c2pa.ai-generated, c2pa.capture, c2pa.edited), changes after signing (c2pa.invalid) and " +
		"credential problems (c2pa.untrusted-signer, c2pa.credential-expired, c2pa.credential-revoked, " +
		"c2pa.credential-damaged), and c2pa.remote-manifest, and validates creator identities (CAWG identity " +
		"assertions: c2pa.identity-verified, c2pa.identity-invalid, c2pa.identity-unchecked). The " +
		"provenance.c2pa section carries the state none/valid/trusted/invalid, the status codes and the identities.",
	// Version 3: verified needs a trusted signer; credential problems
	// are their own signals (c2pa.credential-*, c2pa.untrusted-signer).
	// Version 4: creator identities are validated (their failures make a
	// manifest invalid).
	// Version 5: stapled OCSP responses count only from a trusted
	// responder; a capture app's signed EXIF is a capture record.
	Version:   5,
	ReadsC2PA: true,
	Run:       run,
}

func run(ctx context.Context, p *detectors.Pass) error {
	ck := p.C2PA
	if ck == nil {
		// The engine runs the C2PA stage for every file this detector
		// applies to; a Pass built without it has nothing to report.
		return nil
	}
	if p.Warn != nil && ck.Location != nil {
		for _, w := range ck.Location.Warnings {
			p.Warn("c2pa", w)
		}
	}
	remote := remoteManifest(p)
	f := readFacts(ck)
	if p.Provenance != nil {
		p.Provenance.C2PA = summarize(ck, remote, f)
	}
	for _, s := range signals(ck, remote, f) {
		p.Report(s)
	}
	return nil
}

// remoteManifest returns the remote manifest URI of XMP dcterms:provenance.
func remoteManifest(p *detectors.Pass) string {
	if p.XMP == nil {
		return ""
	}
	for _, pk := range p.XMP() {
		for _, v := range pk.Get(xmp.NSDCTerms, "provenance") {
			if v = strings.TrimSpace(v); v != "" {
				return v
			}
		}
	}
	return ""
}

// facts are the declarations of every manifest, decoded once per file.
type facts struct {
	dsts []prov.SourceTypeInfo
	acts []prov.ActionInfo
}

func readFacts(ck *prov.Checked) facts {
	if ck.Store == nil {
		return facts{}
	}
	lim := prov.Limits{}
	return facts{dsts: ck.Store.SourceTypes(lim), acts: ck.Store.Actions(lim)}
}
