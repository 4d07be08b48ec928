package c2pa

import (
	"bytes"
	"errors"
	"fmt"
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

// Location is where a manifest store sits in a file.
type Location struct {
	// Format names the container: "jpeg", "png", "riff", "bmff", "tiff",
	// "gif", "svg", "mp3", "jxl", "pdf", "c2pa" (a bare store, as in a
	// sidecar).
	Format string
	// Store is the JUMBF manifest store, reassembled when the container
	// splits it (JPEG APP11, GIF sub-blocks). It may alias the file.
	Store []byte
	// Parts are the file ranges of the structures that carry the store, from
	// their first header byte (APP11 segments from the FF EB marker, the
	// caBX chunk from its length field, the BMFF uuid box, ...). A data-hash
	// exclusion must cover them.
	Parts []Range
	// Layout lists the file's structural units, for box hashes.
	Layout []Unit
	// Warnings are problems met while locating (a second store, damage).
	Warnings []string
}

// Locate finds the manifest store embedded in data. The container is
// recognised by its magic bytes. It returns ErrNoStore when the container
// holds none, and a Location with the layout in every case where the
// container could be read.
func Locate(data []byte, lim Limits) (*Location, error) {
	lim = lim.withDefaults()
	var (
		loc *Location
		err error
	)
	switch {
	case bytes.HasPrefix(data, []byte{0xFF, 0xD8}):
		loc, err = locateJPEG(data, lim)
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		loc, err = locatePNG(data, lim)
	case len(data) >= 12 && (string(data[0:4]) == "RIFF"):
		loc, err = locateRIFF(data, lim)
	case bytes.HasPrefix(data, []byte("GIF8")):
		loc, err = locateGIF(data, lim)
	case bytes.HasPrefix(data, []byte("II*\x00")), bytes.HasPrefix(data, []byte("MM\x00*")):
		loc, err = locateTIFF(data, lim)
	case bytes.HasPrefix(data, []byte("\x00\x00\x00\x0cJXL \r\n\x87\n")):
		loc, err = locateJXL(data, lim)
	case len(data) >= 12 && string(data[4:8]) == "ftyp":
		loc, err = locateBMFF(data, lim)
	case len(data) >= 12 && string(data[4:8]) == "jumb":
		loc = &Location{Format: "c2pa", Store: data, Parts: []Range{{0, int64(len(data))}}}
	case bytes.HasPrefix(data, []byte("%PDF-")):
		loc, err = locatePDF(data, lim)
	case bytes.HasPrefix(data, []byte("ID3")):
		loc, err = locateMP3(data, lim)
	case looksLikeSVG(data):
		loc, err = locateSVG(data, lim)
	default:
		return nil, fmt.Errorf("c2pa: unrecognised container: %w", ErrNoStore)
	}
	if err != nil {
		return loc, err
	}
	if len(loc.Store) == 0 {
		// An empty C2PA carrier holds nothing to validate.
		loc.Store = nil
		return loc, ErrNoStore
	}
	if len(loc.Store) > lim.MaxStoreSize {
		return loc, fmt.Errorf("c2pa: %s store of %d bytes: %w", loc.Format, len(loc.Store), ErrLimit)
	}
	return loc, nil
}

// addUnit records a layout unit, bounded by lim.MaxSegments.
func (l *Location) addUnit(lim Limits, name string, off, n int) bool {
	if len(l.Layout) >= lim.MaxSegments {
		l.Warnings = append(l.Warnings, fmt.Sprintf("more than %d layout units; layout truncated", lim.MaxSegments))
		return false
	}
	l.Layout = append(l.Layout, Unit{Name: name, Offset: int64(off), Length: int64(n)})
	return true
}

func be16(b []byte) int { return int(b[0])<<8 | int(b[1]) }
func be32(b []byte) uint32 {
	return uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3])
}
func le32(b []byte) uint32 {
	return uint32(b[3])<<24 | uint32(b[2])<<16 | uint32(b[1])<<8 | uint32(b[0])
}
