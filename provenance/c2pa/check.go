package c2pa

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// Checked is a store found for a file and its validation result.
type Checked struct {
	Location *Location // nil for a sidecar
	Store    *Store    // nil when no store was found or it did not parse
	Result   *Result
	// SidecarPath is set when the store came from NAME.c2pa.
	SidecarPath string
}

// Check finds the manifest store of a file (embedded, or a NAME.c2pa
// sidecar beside path when nothing is embedded), reads and validates it.
// A file without a store yields State none; a store that does not parse
// yields State invalid with Result.Err set.
func Check(ctx context.Context, path string, data []byte, opts Options) *Checked {
	loc, err := Locate(data, opts.Limits.withDefaults())
	switch {
	case err == nil:
		return CheckStore(ctx, loc.Store, data, loc, SourceEmbedded, opts)
	case loc != nil && loc.Store != nil:
		// A store was found but cannot be used (over the size limit).
		out := &Checked{Location: loc, Result: &Result{State: StateInvalid, Source: SourceEmbedded, Err: err}}
		out.Result.Codes.add(ManifestInaccessible, "", err.Error())
		return out
	}
	// No store, or a container too damaged to hold one: look for a
	// sidecar.
	ck := CheckSidecar(ctx, path, data, opts)
	ck.Location = loc
	return ck
}

// CheckSidecar is Check for a file already known to embed no manifest
// store: it only looks for a NAME.c2pa sidecar beside path, and yields
// State none without one. A caller whose container reader has read every
// structure a store can live in uses it to spare the locator's pass over
// the file (for a JPEG, a scan of all its entropy-coded data).
func CheckSidecar(ctx context.Context, path string, data []byte, opts Options) *Checked {
	sc, p := readSidecar(path, opts.Limits.withDefaults())
	if sc == nil {
		return &Checked{Result: &Result{State: StateNone}}
	}
	ck := CheckStore(ctx, sc, data, nil, SourceSidecar, opts)
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

// CheckStore validates store bytes found by another reader (a container
// walker) against the file's bytes. loc may be nil; box hashes then derive
// the layout from data.
func CheckStore(ctx context.Context, store, data []byte, loc *Location, source string, opts Options) *Checked {
	lim := opts.Limits.withDefaults()
	out := &Checked{Location: loc}
	if source == "" {
		source = SourceEmbedded
	}
	s, err := ReadStore(store, lim)
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
