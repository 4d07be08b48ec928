package c2pa

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/provcheck/provcheck/provenance/container"
)

// Checked is a store found for a file and its validation result.
type Checked struct {
	Location *Location // nil for a sidecar
	Store    *Store    // nil when no store was found or it did not parse
	Result   *Result
	// SidecarPath is set when the store came from NAME.c2pa.
	SidecarPath string
}

// Check walks the file's container and validates the manifest store it
// carries (CheckCarrier). It is for callers that hold only the bytes; the
// scan engine, which has walked the file already, calls CheckCarrier.
func Check(ctx context.Context, path string, data []byte, opts Options) *Checked {
	inv, _ := container.Walk(ctx, data, container.Limits{})
	return CheckCarrier(ctx, path, data, inv.Carrier, opts)
}

// CheckCarrier reads and validates the manifest store the container walk
// recorded (c may be nil: a format that carries none), or, when nothing is
// embedded, a NAME.c2pa sidecar beside path. A file without a store yields
// State none; a store that does not parse yields State invalid with
// Result.Err set.
func CheckCarrier(ctx context.Context, path string, data []byte, c *container.C2PACarrier, opts Options) *Checked {
	lim := opts.Limits.withDefaults()
	loc := locationOf(c)
	if loc != nil && len(loc.Store) > 0 {
		if len(loc.Store) > lim.MaxStoreSize {
			err := fmt.Errorf("c2pa: %s store of %d bytes: %w", loc.Format, len(loc.Store), ErrLimit)
			out := &Checked{Location: loc, Result: &Result{State: StateInvalid, Source: SourceEmbedded, Err: err}}
			out.Result.Codes.add(ManifestInaccessible, "", err.Error())
			return out
		}
		return CheckStore(ctx, loc.Store, data, loc, SourceEmbedded, opts)
	}
	if c != nil && c.Broken {
		// The file carried credentials that no longer read (cut inside the
		// store, an encoding that does not decode): "none" would tell a
		// reader it never had any.
		why := "its C2PA manifest store cannot be read"
		if len(c.Problems) > 0 {
			why = c.Problems[len(c.Problems)-1]
		}
		err := fmt.Errorf("c2pa: %s: %w", why, ErrMalformed)
		out := &Checked{Location: loc, Result: &Result{State: StateInvalid, Source: SourceEmbedded, Err: err}}
		out.Result.Codes.add(GeneralError, "", err.Error())
		return out
	}
	if opts.NoSidecar {
		return &Checked{Location: loc, Result: &Result{State: StateNone}}
	}
	sc, p := readSidecar(path, lim)
	if sc == nil {
		return &Checked{Location: loc, Result: &Result{State: StateNone}}
	}
	// The sidecar's box hash still describes the asset's layout.
	ck := CheckStore(ctx, sc, data, loc, SourceSidecar, opts)
	ck.SidecarPath = p
	return ck
}

// SidecarPath returns NAME.c2pa for an asset path NAME.ext, or "" when the
// asset is itself a .c2pa file.
func SidecarPath(path string) string {
	if path == "" || strings.EqualFold(filepath.Ext(path), ".c2pa") {
		return ""
	}
	return strings.TrimSuffix(path, filepath.Ext(path)) + ".c2pa"
}

func readSidecar(path string, lim Limits) ([]byte, string) {
	p := SidecarPath(path)
	if p == "" {
		return nil, ""
	}
	f, err := os.Open(p)
	if err != nil {
		return nil, ""
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, int64(lim.MaxStoreSize)+1))
	if err != nil || len(b) > lim.MaxStoreSize {
		return nil, ""
	}
	return b, p
}

// CheckStore validates store bytes against the file's bytes. loc, where
// the store sits and the file's layout, may be nil; box hashes then walk
// data for the layout.
func CheckStore(ctx context.Context, store, data []byte, loc *Location, source string, opts Options) *Checked {
	lim := opts.Limits.withDefaults()
	out := &Checked{Location: loc}
	if source == "" {
		source = SourceEmbedded
	}
	s, err := ReadStoreContext(ctx, store, lim)
	if s == nil || len(s.Manifests) == 0 || errors.Is(err, ErrLimit) {
		if err == nil {
			err = fmt.Errorf("c2pa: store has no manifest: %w", ErrMalformed)
		}
		out.Result = &Result{State: StateInvalid, Source: source, Err: err}
		out.Result.Codes.add(GeneralError, "", err.Error())
		return out
	}
	out.Store = s
	out.Result = Validate(ctx, s, Asset{Data: data, Location: loc, Source: source}, opts)
	return out
}

// CheckExternal validates a manifest store that came apart from the asset
// (a remote manifest the user downloaded, given as `inspect --manifest`)
// against the asset's bytes, exactly as a NAME.c2pa sidecar is: the store
// the asset may embed is not read, and the carrier c (may be nil) only
// describes the asset's layout for box hashes. storePath names the store
// in the result.
func CheckExternal(ctx context.Context, storePath string, store, data []byte, c *container.C2PACarrier, opts Options) *Checked {
	lim := opts.Limits.withDefaults()
	loc := locationOf(c)
	if len(store) > lim.MaxStoreSize {
		err := fmt.Errorf("c2pa: %s: store of %d bytes: %w", storePath, len(store), ErrLimit)
		out := &Checked{Location: loc, SidecarPath: storePath, Result: &Result{State: StateInvalid, Source: SourceSidecar, Err: err}}
		out.Result.Codes.add(ManifestInaccessible, "", err.Error())
		return out
	}
	ck := CheckStore(ctx, store, data, loc, SourceSidecar, opts)
	ck.SidecarPath = storePath
	return ck
}
