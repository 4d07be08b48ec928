// Package c2pa is the C2PA Content Credentials detector: it finds and
// validates the file's manifest store (embedded, or a NAME.c2pa sidecar),
// fills the report's provenance.c2pa section and reports what the
// manifests declare (AI generation, capture, edits) and whether the
// credentials hold (invalid, untrusted signer, remote manifest).
package c2pa

import (
	"context"
	"strings"
	"sync"

	"github.com/provcheck/provcheck/detectors"
	prov "github.com/provcheck/provcheck/provenance/c2pa"
	"github.com/provcheck/provcheck/provenance/trust"
	"github.com/provcheck/provcheck/provenance/xmp"
)

// Detector validates C2PA Content Credentials.
var Detector = &detectors.Detector{
	Name: "c2pa",
	Doc: "Finds the C2PA manifest store (JPEG APP11, PNG caBX, RIFF C2PA, BMFF uuid, TIFF tag 0xCD41, " +
		"GIF, SVG, MP3 GEOB, JPEG XL, a text manifest wrapper at the end of plain text, or a NAME.c2pa sidecar), verifies claim signatures, certificate " +
		"chains against the C2PA and interim trust lists, time-stamps, hashed URIs and the hard binding " +
		"over the file's bytes, walks ingredients, and reports AI, capture and edit declarations " +
		"(c2pa.ai-generated, c2pa.capture, c2pa.edited) and integrity problems (c2pa.invalid, " +
		"c2pa.untrusted-signer, c2pa.remote-manifest), and validates creator identities (CAWG identity " +
		"assertions: c2pa.identity-verified, c2pa.identity-invalid, c2pa.identity-unchecked). The " +
		"provenance.c2pa section carries the state none/valid/trusted/invalid, the status codes and the identities.",
	// 2: creator identities are validated (their failures make a manifest invalid).
	Version: 2,
	Run:     run,
}

func run(ctx context.Context, p *detectors.Pass) error {
	opts := prov.Options{}
	if p.Settings != nil {
		ts, err := trustStore(p.Settings.TrustAnchors, p.Settings.AllowedList)
		if err != nil && p.Warn != nil {
			p.Warn("c2pa-trust", err.Error())
		}
		opts.Trust = ts
		opts.Now = p.Settings.Now
	}
	path := ""
	if p.File != nil {
		path = p.File.Path
	}
	data := fileData(p)
	var ck *prov.Checked
	if walkShowsNoStore(p.Inv) {
		ck = prov.CheckSidecar(ctx, path, data, opts)
	} else {
		ck = prov.Check(ctx, path, data, opts)
	}
	if ck.Result.State == prov.StateNone && p.Inv != nil && len(p.Inv.C2PA) > 0 {
		// A container this package does not locate stores in, but the
		// walker did.
		ck = prov.CheckStore(ctx, p.Inv.C2PA[0].Data, data, nil, prov.SourceEmbedded, opts)
	}
	if ck.Result.State == prov.StateNone && p.Inv != nil && p.Inv.Format == "text" && p.Inv.Body != "" {
		// Plain text carries its store in a wrapper of invisible
		// characters, bound to the decoded, NFC-normalised text.
		if tk := prov.CheckText(ctx, p.Inv.Body, opts); tk.Result.State != prov.StateNone {
			ck = tk
		}
	}
	remote := remoteManifest(p)
	f := readFacts(ck)
	if p.Provenance != nil {
		p.Provenance.C2PA = summarize(ck, remote, f)
	}
	for _, s := range signals(ck, remote, fetchRemote(p), f) {
		p.Report(s)
	}
	return nil
}

func fileData(p *detectors.Pass) []byte {
	if p.File == nil {
		return nil
	}
	return p.File.Data
}

func fetchRemote(p *detectors.Pass) bool { return p.Settings != nil && p.Settings.FetchRemote }

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

// trustStores caches one trust store per set of user PEM files: reading and
// parsing them per file would dominate a batch scan.
var trustStores sync.Map // string -> *trustEntry

type trustEntry struct {
	once  sync.Once
	store *trust.Store
	err   error
}

func trustStore(anchors, allowed []string) (*trust.Store, error) {
	if len(anchors) == 0 && len(allowed) == 0 {
		return trust.Default(), nil
	}
	key := strings.Join(anchors, "\x00") + "\x01" + strings.Join(allowed, "\x00")
	e, _ := trustStores.LoadOrStore(key, &trustEntry{})
	te := e.(*trustEntry)
	te.once.Do(func() {
		s := trust.Default().Clone()
		var errs []string
		for _, f := range anchors {
			if err := s.AddAnchorsFile(f); err != nil {
				errs = append(errs, err.Error())
			}
		}
		for _, f := range allowed {
			if err := s.AddAllowedFile(f); err != nil {
				errs = append(errs, err.Error())
			}
		}
		te.store = s
		if len(errs) > 0 {
			te.err = &trustError{msg: strings.Join(errs, "; ")}
		}
	})
	return te.store, te.err
}

type trustError struct{ msg string }

func (e *trustError) Error() string { return "c2pa trust: " + e.msg }
