package container

import "fmt"

// C2PACarrier is where a file carries its C2PA manifest store, recorded by
// the container walk so that the C2PA validator needs no reader of its own:
// the store bytes, the file ranges of the structures that hold them (a data
// hash must exclude exactly these), and the file's top-level units under
// the names box hashes (c2pa.hash.boxes) give them.
type C2PACarrier struct {
	// Format names the container as C2PA knows it: "jpeg", "png", "riff",
	// "gif", "tiff", "bmff", "jxl", "mp3", "svg", "pdf", "c2pa" (a bare
	// store, as in a sidecar).
	Format string
	// Store is the JUMBF manifest store, reassembled when the container
	// splits it (JPEG APP11 segments, GIF sub-blocks) and decoded when it
	// encodes it (SVG base64, PDF streams). Nil when the file carries no
	// store. It may alias the file's bytes: never modify it.
	Store []byte
	// Parts are the file ranges of the structures that carry the store,
	// from their first header byte (each APP11 segment from its FF EB
	// marker, the caBX chunk from its length field, the BMFF uuid box...).
	Parts []Segment
	// Layout lists the file's structural units in file order under their
	// box-hash names ("SOI", "APP0", "C2PA", "SOS" with its entropy-coded
	// data; PNG "PNGh" and chunk types; GIF "Header", "Extension", "Image",
	// "Trailer"; RIFF chunk ids; BMFF and JPEG XL top-level boxes). A store
	// spread over consecutive units is one "C2PA" unit. Formats whose hard
	// binding is not a box hash (TIFF, PDF, SVG) leave it empty.
	Layout []Segment
	// Problems are what kept a store from being used or made the reader
	// choose (a second store ignored, an encrypted PDF, a store that does
	// not decode); the C2PA stage reports them.
	Problems []string
	// Broken is set when the file carries a store that could not be
	// taken: the file ends inside the structure that holds it (a caBX
	// chunk, a C2PA APP11 segment, RIFF chunk or TIFF tag) or its encoding
	// does not decode (SVG base64). The file had credentials and they were
	// damaged, which is not the same as having none.
	Broken bool

	max int // Limits.MaxBlocks for Layout
}

func newC2PACarrier(format string, lim Limits) *C2PACarrier {
	return &C2PACarrier{Format: format, max: lim.withDefaults().MaxBlocks}
}

// unit appends a layout unit; it reports false once the layout is full,
// so a walker can stop describing a layout no box hash could match.
func (c *C2PACarrier) unit(name string, off, length int64) bool {
	if c.max < 0 {
		return false
	}
	if len(c.Layout) >= c.max {
		if len(c.Layout) == c.max {
			c.problem("more than %d layout units; layout truncated", c.max)
			c.max = -1
		}
		return false
	}
	c.Layout = append(c.Layout, Segment{Type: name, Offset: off, Length: length})
	return true
}

// storeUnit appends a unit of the store, merged with the previous unit
// when that one is also the store and ends where this one starts: a box
// hash names the whole store one box, however many segments carry it.
func (c *C2PACarrier) storeUnit(off, length int64) {
	if n := len(c.Layout); n > 0 {
		if last := &c.Layout[n-1]; last.Type == "C2PA" && last.Offset+last.Length == off {
			last.Length += length
			return
		}
	}
	c.unit("C2PA", off, length)
}

// stop ends the layout where the walk could no longer follow the
// structure: units past damage cannot be named, and a box hash must not
// pass over bytes nobody read.
func (c *C2PACarrier) stop() { c.max = -1 }

// extend grows the last layout unit to end (JPEG SOS with its scan).
func (c *C2PACarrier) extend(end int64) {
	if n := len(c.Layout); n > 0 {
		c.Layout[n-1].Length = end - c.Layout[n-1].Offset
	}
}

func (c *C2PACarrier) part(off, length int64) {
	if len(c.Parts) < maxWarnings {
		c.Parts = append(c.Parts, Segment{Type: "C2PA", Offset: off, Length: length})
	}
}

// take records the store when none was taken yet; a later one is a
// problem, as C2PA allows one store per file.
func (c *C2PACarrier) take(store []byte, off, length int64) bool {
	if c.Store != nil || len(c.Parts) > 0 {
		c.problem("%s: second C2PA store at %d ignored", c.Format, off)
		return false
	}
	c.Store = store[:len(store):len(store)]
	c.part(off, length)
	return true
}

// cut records that the file ends inside the structure carrying the store.
func (c *C2PACarrier) cut(off int64, what string) {
	c.broken("%s: the file ends inside the C2PA manifest store (%s at %d)", c.Format, what, off)
}

// broken records a store the file carries that cannot be taken.
func (c *C2PACarrier) broken(format string, args ...any) {
	c.Broken = true
	c.problem(format, args...)
}

func (c *C2PACarrier) problem(format string, args ...any) {
	if len(c.Problems) < maxWarnings {
		c.Problems = append(c.Problems, fmt.Sprintf(format, args...))
	}
}
