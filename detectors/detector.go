// Package detectors defines the detector contract: a Detector is a value
// with a name, a doc string, a version and a Run function that reports
// signals through a Pass. The registry (detectors/all) is an explicit,
// sorted list; the engine (detectors/engine) runs it per file.
package detectors

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"image"
	"log/slog"
	"path"
	"regexp"
	"slices"
	"time"

	"github.com/provcheck/provcheck/provenance/c2pa"
	"github.com/provcheck/provcheck/provenance/container"
	"github.com/provcheck/provcheck/provenance/exif"
	"github.com/provcheck/provcheck/provenance/iptc"
	"github.com/provcheck/provcheck/provenance/trust"
	"github.com/provcheck/provcheck/provenance/xmp"
	"github.com/provcheck/provcheck/reports"
)

// Detector is one family of evidence, in the style of go/analysis analyzers.
type Detector struct {
	// Name is short, lower-case and unique; signals it emits are namespaced
	// by what they concern ("png.", "exif."), not necessarily by Name.
	Name string
	// Doc says what the detector looks at and what its signals mean.
	Doc string
	// Version goes into the report and any cache key; bump it whenever the
	// detector's output for the same input can change.
	Version int
	// Media lists the media types it applies to, as path.Match patterns
	// ("image/*", "text/plain"); empty means every file.
	Media []string
	// Pixels marks a detector that reads decoded pixels (Pass.Image). The
	// engine runs these after every metadata detector, and under the
	// default pixel policy skips them when the file already declares AI
	// (their evidence could not change the verdict, and decoding is most
	// of a scan's cost).
	Pixels bool
	// AfterPixels marks a detector that runs after the pixel detectors,
	// whether they ran or were skipped, so that it can use the pixels they
	// decoded (Pass.Decoded) instead of decoding any itself.
	AfterPixels bool
	// CacheKey is anything besides Name and Version that changes the
	// detector's output (an outside classifier's program and settings); the
	// engine's cache key holds it.
	CacheKey string
	// ReadsC2PA marks a detector that reads Pass.C2PA: the engine runs the
	// C2PA stage (validation) for a file only when one applies.
	ReadsC2PA bool
	// Run reports signals through p.Report. An error means the detector
	// failed, not that it found nothing.
	Run func(ctx context.Context, p *Pass) error
}

// String is name@version, as recorded in the report.
func (d *Detector) String() string { return fmt.Sprintf("%s@%d", d.Name, d.Version) }

// Applies reports whether the detector wants files of mediaType.
func (d *Detector) Applies(mediaType string) bool {
	if len(d.Media) == 0 {
		return true
	}
	for _, m := range d.Media {
		if ok, _ := path.Match(m, mediaType); ok {
			return true
		}
	}
	return false
}

// File is the file under scan. Data holds its bytes, read once and capped by
// the size limit; detectors must not modify it.
type File struct {
	Path      string
	Size      int64
	SHA256    string
	MediaType string
	Data      []byte
}

// Pass is what a detector sees of one file. Parsed forms (EXIF, XMP, IPTC,
// pixels) are computed at most once per file, on first use, and shared by
// every detector.
type Pass struct {
	File *File
	Inv  *container.Inventory
	// EXIF returns every EXIF block of the inventory, decoded: one entry per
	// Inv.EXIF block, in the same order (a block that failed to decode gives
	// an entry with Err set), so evidence can name the block's offset.
	EXIF func() []*exif.Data
	// XMP returns every XMP packet of the inventory, parsed: one entry per
	// Inv.XMP block, in the same order (possibly empty).
	XMP func() []*xmp.Packet
	// IPTC returns the IPTC-IIM datasets of every Inv.IPTC block, in order.
	IPTC func() [][]iptc.Dataset
	// Image decodes the pixels once, after checking the dimensions against
	// the pixel limit; an error says why pixels are not available.
	Image func() (image.Image, error)
	// Decoded reports whether Image has been called, and its pixels (nil
	// when the decode failed): for a detector that wants pixels only when
	// they come at no cost.
	Decoded func() (image.Image, bool)
	// C2PA is the file's C2PA result, read and validated once by the
	// engine's C2PA stage before any detector runs (nil when no detector
	// that applies reads it). Detectors must not modify it.
	C2PA *c2pa.Checked
	// Provenance is the file's provenance section; the C2PA detector fills it.
	Provenance *reports.Provenance
	// Settings are the scan-wide settings a detector may read.
	Settings *Settings
	// Report records a signal; the engine fills Detector and Weight.
	Report func(reports.Signal)
	// Warn records a non-fatal problem on the file.
	Warn func(code, message string)
	Log  *slog.Logger
}

// Settings are the knobs detectors may read. The CLI fills them from the
// configuration.
type Settings struct {
	Limits container.Limits
	// C2PA bounds the C2PA reader (JUMBF and CBOR nesting, element counts,
	// ingredient depth, store size); zero fields take the defaults.
	C2PA c2pa.Limits
	// Trust is the C2PA trust store, built once per process from the
	// configuration (trust.Build); nil means the embedded lists alone.
	Trust *trust.Store
	// TrustAnchors and AllowedList are the extra PEM files Trust was built
	// from; they are kept for the results cache key.
	TrustAnchors []string
	AllowedList  []string
	// IdentityTrust holds the anchors of CAWG X.509 creator identities,
	// built from IdentityTrustAnchors (kept for the cache key); nil trusts
	// none. IdentityIssuers are the identity claims aggregation issuers
	// (DIDs) trusted to vouch for identities.
	IdentityTrust        *trust.Store
	IdentityTrustAnchors []string
	IdentityIssuers      []string
	// Now is the clock for certificate validity when no time-stamp dates a
	// signature; nil means time.Now. Tests set it so reports stay stable.
	Now func() time.Time
	// Pixels is when the engine runs the pixel detectors.
	Pixels PixelPolicy
}

// PixelPolicy says when detectors that decode pixels run.
type PixelPolicy string

const (
	// PixelsAuto, the default (also the zero value), runs them unless the
	// file's metadata already declares AI: a watermark or a pixel
	// heuristic can then only repeat the verdict, and decoding costs more
	// than everything else in a scan together.
	PixelsAuto PixelPolicy = "auto"
	// PixelsAlways runs them on every image, for corroboration.
	PixelsAlways PixelPolicy = "always"
	// PixelsNever runs no pixel detector: a metadata-only sweep.
	PixelsNever PixelPolicy = "never"
)

// ParsePixelPolicy reads a policy name; "" is auto.
func ParsePixelPolicy(s string) (PixelPolicy, error) {
	switch p := PixelPolicy(s); p {
	case "", PixelsAuto:
		return PixelsAuto, nil
	case PixelsAlways, PixelsNever:
		return p, nil
	}
	return "", fmt.Errorf("pixel policy %q: want auto, always or never", s)
}

var nameRE = regexp.MustCompile(`^[a-z][a-z0-9]*(-[a-z0-9]+)*$`)

// Validate checks a registry: unique, well-formed names, docs present,
// versions positive, Run set, and the list sorted by name.
func Validate(list []*Detector) error {
	var errs []error
	seen := map[string]bool{}
	for i, d := range list {
		switch {
		case d == nil:
			errs = append(errs, fmt.Errorf("detector %d is nil", i))
			continue
		case !nameRE.MatchString(d.Name):
			errs = append(errs, fmt.Errorf("detector %q: name must be lower-case kebab-case", d.Name))
		case seen[d.Name]:
			errs = append(errs, fmt.Errorf("detector %q: duplicate name", d.Name))
		}
		seen[d.Name] = true
		if d.Doc == "" {
			errs = append(errs, fmt.Errorf("detector %q: missing Doc", d.Name))
		}
		if d.Version <= 0 {
			errs = append(errs, fmt.Errorf("detector %q: Version must be positive", d.Name))
		}
		if d.Run == nil {
			errs = append(errs, fmt.Errorf("detector %q: Run is nil", d.Name))
		}
	}
	if !slices.IsSortedFunc(list, func(a, b *Detector) int {
		if a == nil || b == nil {
			return 0
		}
		return cmp.Compare(a.Name, b.Name)
	}) {
		errs = append(errs, errors.New("registry is not sorted by name"))
	}
	return errors.Join(errs...)
}
