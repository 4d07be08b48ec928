package c2pa

import (
	"context"
	"errors"
	"fmt"

	"github.com/provcheck/provcheck/provenance/container"
)

// ErrNoStore means the file carries no embedded manifest store.
var ErrNoStore = errors.New("no manifest store")

// Range is a byte range of the file.
type Range struct {
	Offset int64 `json:"offset"`
	Length int64 `json:"length"`
}

// End returns the offset just past the range.
func (r Range) End() int64 { return r.Offset + r.Length }

// Unit is one structural unit of the file's layout (JPEG segment, PNG
// chunk, GIF block, BMFF top-level box), as box-hash assertions name them.
type Unit struct {
	Name   string
	Offset int64
	Length int64
}

// Location is where a manifest store sits in a file, as the container walk
// recorded it (container.C2PACarrier).
type Location struct {
	// Format names the container: "jpeg", "png", "riff", "bmff", "tiff",
	// "gif", "svg", "mp3", "jxl", "pdf", "text", "c2pa" (a bare store).
	Format string
	// Store is the JUMBF manifest store. It may alias the file.
	Store []byte
	// Parts are the file ranges of the structures that carry the store; a
	// data-hash exclusion must cover them.
	Parts []Range
	// Layout lists the file's structural units, for box hashes.
	Layout []Unit
	// Warnings are problems met while reading the carrier (a second store,
	// an encrypted PDF, a store that does not decode).
	Warnings []string
}

// Locate walks data's container, once, and returns where it carries its
// manifest store. It returns ErrNoStore when the container holds none (the
// Location still describes the layout when the container could be read).
// It is for callers that hold only bytes; the scan engine reads the
// carrier from the walk it already made.
func Locate(data []byte, lim Limits) (*Location, error) {
	lim = lim.withDefaults()
	inv, _ := container.Walk(context.Background(), data, container.Limits{})
	loc := locationOf(inv.Carrier)
	switch {
	case loc == nil:
		return nil, fmt.Errorf("c2pa: %s carries no manifest store: %w", inv.Format, ErrNoStore)
	case len(loc.Store) == 0:
		return loc, ErrNoStore
	case len(loc.Store) > lim.MaxStoreSize:
		return loc, fmt.Errorf("c2pa: %s store of %d bytes: %w", loc.Format, len(loc.Store), ErrLimit)
	}
	return loc, nil
}

// locationOf turns the walker's carrier record into the Location the
// validator reads.
func locationOf(c *container.C2PACarrier) *Location {
	if c == nil {
		return nil
	}
	loc := &Location{Format: c.Format, Warnings: c.Problems}
	if len(c.Store) > 0 {
		loc.Store = c.Store
	}
	loc.Parts = make([]Range, len(c.Parts))
	for i, p := range c.Parts {
		loc.Parts[i] = Range{Offset: p.Offset, Length: p.Length}
	}
	loc.Layout = make([]Unit, len(c.Layout))
	for i, u := range c.Layout {
		loc.Layout[i] = Unit{Name: u.Type, Offset: u.Offset, Length: u.Length}
	}
	return loc
}
