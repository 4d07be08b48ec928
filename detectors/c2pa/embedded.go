package c2pa

import (
	"github.com/provcheck/provcheck/provenance/container"
)

// storeCarriers names, per container format, the structure the C2PA
// locator takes an embedded store from: a JPEG APP11 segment, a PNG caBX
// chunk, a RIFF C2PA chunk. The container walker lists every such
// structure it reads among the Inventory's Segments.
var storeCarriers = map[string]string{
	"jpeg": "APP11",
	"png":  "caBX",
	"webp": "C2PA",
	"riff": "C2PA",
}

// walkShowsNoStore reports whether the container walk already proves that
// the file embeds no manifest store, so the locator's own pass over the
// bytes (for a JPEG, a scan of all the entropy-coded data, which costs more
// than the rest of the detector on a file without credentials) can be
// skipped. It holds only where the walker and the locator read the same
// structures in the same order and the walk met no damage: the walker then
// read every unit the locator would, and a store lives only in a carrier.
// Anything else (another format, a warning other than bytes after the
// logical end, a carrier of any kind, a second JPEG SOI, where the two
// readers part ways) is left to the locator.
func walkShowsNoStore(inv *container.Inventory) bool {
	if inv == nil || len(inv.C2PA) > 0 {
		return false
	}
	carrier, ok := storeCarriers[inv.Format]
	if !ok {
		return false
	}
	for _, w := range inv.Warnings {
		if w.Code != "trailing-data" {
			return false
		}
	}
	sois := 0
	for _, s := range inv.Segments {
		switch s.Type {
		case carrier:
			return false
		case "SOI":
			// The walker reads a stray SOI as a bare marker, the locator
			// as a segment with a length: past one they disagree.
			if sois++; sois > 1 {
				return false
			}
		}
	}
	return true
}
