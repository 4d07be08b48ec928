package engine

import (
	"context"

	"github.com/provcheck/provcheck/detectors"
	"github.com/provcheck/provcheck/provenance/c2pa"
	"github.com/provcheck/provcheck/provenance/container"
)

// CheckC2PA is the pipeline's C2PA stage: it validates the manifest store
// the container walk recorded in inv (or, when nothing is embedded, a
// NAME.c2pa sidecar beside path, or a text manifest wrapper in a plain
// text body) with the settings' trust store, clock and limits. scan, serve
// and inspect all come through here, so the same bytes and configuration
// give the same C2PA state everywhere.
func CheckC2PA(ctx context.Context, s *detectors.Settings, path string, data []byte, inv *container.Inventory) *c2pa.Checked {
	opts := c2paOptions(s)
	opts.NoSidecar = !mayHaveSidecar(ctx)
	var carrier *container.C2PACarrier
	if inv != nil {
		carrier = inv.Carrier
	}
	ck := c2pa.CheckCarrier(ctx, path, data, carrier, opts)
	if ck.Result.State == c2pa.StateNone && inv != nil && inv.Format == "text" && inv.Body != "" {
		// Plain text carries its store in a wrapper of invisible
		// characters, bound to the decoded, NFC-normalised text.
		if tk := c2pa.CheckText(ctx, inv.Body, opts); tk.Result.State != c2pa.StateNone {
			ck = tk
		}
	}
	return ck
}

// CheckC2PAStore validates a manifest store kept apart from the asset (a
// downloaded remote manifest) against the asset's bytes, with the same
// settings as CheckC2PA and the same path as a NAME.c2pa sidecar.
func CheckC2PAStore(ctx context.Context, s *detectors.Settings, storePath string, store, data []byte, inv *container.Inventory) *c2pa.Checked {
	var carrier *container.C2PACarrier
	if inv != nil {
		carrier = inv.Carrier
	}
	return c2pa.CheckExternal(ctx, storePath, store, data, carrier, c2paOptions(s))
}

// c2paOptions are the C2PA validation options of the settings.
func c2paOptions(s *detectors.Settings) c2pa.Options {
	return c2pa.Options{Trust: s.Trust, Now: s.Now, Limits: s.C2PA, IdentityTrust: s.IdentityTrust, IdentityIssuers: s.IdentityIssuers}
}

// readsC2PA reports whether any detector that applies to mediaType reads
// the C2PA result, so that the stage runs only when someone uses it.
func (e *Engine) readsC2PA(mediaType string) bool {
	for _, d := range e.detectors {
		if d.ReadsC2PA && d.Applies(mediaType) {
			return true
		}
	}
	return false
}

// noSidecarKey marks a context whose file discovery found no NAME.c2pa
// beside: the stage then opens none (a failed open per file otherwise).
type noSidecarKey struct{}

func withoutSidecar(ctx context.Context) context.Context {
	return context.WithValue(ctx, noSidecarKey{}, true)
}

func mayHaveSidecar(ctx context.Context) bool { return ctx.Value(noSidecarKey{}) == nil }
