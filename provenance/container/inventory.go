// Package container walks file containers (JPEG, PNG, RIFF/WebP, GIF, TIFF,
// ISO BMFF, text) once and records what they hold in an Inventory: metadata
// blocks with their byte ranges, dimensions, and the structure itself.
//
// Walkers never search a file's bytes for keywords: every block they report
// comes from its structural home (a segment, a chunk, a box, a tag). A
// damaged structure keeps what was read and adds a Warning; nothing reads
// past a bound.
package container

import (
	"errors"
	"fmt"
)

// Sentinel errors; walkers wrap them with the place they were met.
var (
	ErrTruncated   = errors.New("truncated")
	ErrTooLarge    = errors.New("exceeds limit")
	ErrMalformed   = errors.New("malformed")
	ErrUnsupported = errors.New("unsupported format")
)

// Limits bound every allocation a walker makes from sizes read in the input.
type Limits struct {
	// MaxInflate caps the output of one decompression (zTXt, iTXt, XMP).
	MaxInflate int64
	// MaxInflateFile caps the sum of every decompression from one file
	// (every chunk, stream and entry, the C2PA store included), checked as
	// bytes are produced; see Allowance.
	MaxInflateFile int64
	// MaxBlocks caps the number of segments, chunks, boxes or IFD entries
	// recorded, so a file of a million empty chunks cannot grow the inventory.
	MaxBlocks int
	// MaxDepth caps nesting (BMFF boxes, TIFF sub-IFDs).
	MaxDepth int
	// MaxPixels refuses dimensions above it before any pixel decode.
	MaxPixels int64
	// MaxText caps Inventory.Body: a longer text is read as its first
	// MaxText bytes (a warning says which bytes were left out), so the
	// text detectors work on a bounded window whatever the file's size.
	MaxText int
}

// DefaultLimits are safe for hostile input on a laptop.
var DefaultLimits = Limits{
	MaxInflate:     16 << 20,
	MaxInflateFile: 128 << 20,
	MaxBlocks:      100_000,
	MaxDepth:       32,
	MaxPixels:      64_000_000,
	MaxText:        4 << 20,
}

func (l Limits) withDefaults() Limits {
	if l.MaxInflate <= 0 {
		l.MaxInflate = DefaultLimits.MaxInflate
	}
	if l.MaxInflateFile <= 0 {
		l.MaxInflateFile = DefaultLimits.MaxInflateFile
	}
	if l.MaxBlocks <= 0 {
		l.MaxBlocks = DefaultLimits.MaxBlocks
	}
	if l.MaxDepth <= 0 {
		l.MaxDepth = DefaultLimits.MaxDepth
	}
	if l.MaxPixels <= 0 {
		l.MaxPixels = DefaultLimits.MaxPixels
	}
	if l.MaxText <= 0 {
		l.MaxText = DefaultLimits.MaxText
	}
	return l
}

// Block is one metadata payload and where it sits in the file.
type Block struct {
	// Source names the structural home: "APP1", "APP13", "APP11", "COM",
	// "tEXt", "zTXt", "iTXt", "eXIf", "caBX", "EXIF" (RIFF), "XMP " (RIFF),
	// "iloc:Exif" (BMFF), "tag:700" (TIFF), "gif:comment"...
	Source string
	// Key is the text key (PNG keyword, GIF application identifier), if any.
	Key string
	// Offset and Length locate the whole structure (segment, chunk, box)
	// that holds the payload, from its first marker or header byte.
	Offset int64
	Length int64
	// Data is the payload: for EXIF a TIFF header onwards ("Exif\0\0"
	// stripped), for XMP the packet, for text the decoded value bytes, for
	// C2PA the JUMBF bytes. It may alias the file's bytes: never modify it.
	Data []byte
}

// TextEntry is one key/value text field: PNG text chunks, GIF comments,
// JPEG COM segments.
type TextEntry struct {
	Source string // "tEXt", "zTXt", "iTXt", "comf", "COM", "gif:comment", "html:meta", "docx:core", "docx:app", "docx:custom", "pdf:info"
	Key    string // keyword; empty for comments
	Value  string // decoded to UTF-8 (Latin-1 converted, compressed inflated)
	Offset int64  // offset of the chunk or segment
	// Language and TranslatedKey are set for iTXt.
	Language, TranslatedKey string
	// Truncated is true when the value was cut at Limits.MaxInflate.
	Truncated bool
}

// Segment is one structural unit in file order, kept so later detectors
// (hard bindings, quantisation tables, appended data) can look at the layout
// without walking again.
type Segment struct {
	Type   string // "SOI", "APP0", "DQT", "IHDR", "IDAT", "VP8X", "ftyp", "meta"...
	Offset int64
	Length int64 // whole unit including its header
}

// Warning is a problem met while walking that did not stop the walk.
type Warning struct {
	Code    string // "truncated", "malformed", "limit", "trailing-data", "crc"
	Offset  int64
	Message string
}

func (w Warning) String() string {
	return fmt.Sprintf("%s at %d: %s", w.Code, w.Offset, w.Message)
}

// Inventory is what one container walk found.
type Inventory struct {
	// Format is the sniffed container: "jpeg", "png", "webp", "gif", "tiff",
	// "bmff", "text", "html", "docx", "pdf", or "unknown".
	Format    string
	MediaType string // "image/jpeg", "image/heic", "text/plain"...
	// Brands holds ISO BMFF ftyp major and compatible brands.
	Brands []string

	Width, Height int
	Components    int    // colour components (JPEG SOF, PNG colour type)
	BitDepth      int    // bits per sample, when known
	Subsampling   string // "4:2:0", "4:4:4"... (JPEG)
	Progressive   bool
	Animated      bool
	Frames        int
	HasAlpha      bool

	EXIF []Block // TIFF-structured EXIF, "Exif\0\0" header stripped
	XMP  []Block // XMP packets, in file order; extended XMP reassembled
	IPTC []Block // IPTC-IIM datasets (the 0x0404 Photoshop resource payload)
	ICC  []Block // ICC profiles (JPEG APP2 reassembled, PNG iCCP inflated)
	C2PA []Block // C2PA manifest store bytes (JUMBF), in file order
	// Carrier is the C2PA carrier record of formats that can hold a store:
	// the one store C2PA validates, its parts and the box-hash layout. Nil
	// for formats that carry none (and for an unknown container).
	Carrier *C2PACarrier
	Text    []TextEntry
	Other   []Block // other payloads worth keeping: DQT, DHT, Photoshop IRB, unknown chunks

	Segments []Segment
	// Trailer is the byte range after the container's logical end (after
	// JPEG EOI, PNG IEND); Length 0 when there is none.
	Trailer Segment

	// Body is the decoded content of a text file (UTF-8); for HTML its
	// visible text, for DOCX the text of word/document.xml, for PDF the
	// text layer where it could be extracted.
	Body string
	// Encoding is the text file's original encoding: "utf-8", "utf-16le"...
	Encoding string

	Warnings []Warning
}

// Warn records a warning.
func (inv *Inventory) Warn(code string, off int64, format string, args ...any) {
	inv.Warnings = append(inv.Warnings, Warning{Code: code, Offset: off, Message: fmt.Sprintf(format, args...)})
}

// TextValue returns the first text entry with the given key (exact match),
// and whether one was found.
func (inv *Inventory) TextValue(key string) (TextEntry, bool) {
	for _, t := range inv.Text {
		if t.Key == key {
			return t, true
		}
	}
	return TextEntry{}, false
}
