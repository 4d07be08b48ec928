// Package xmp parses XMP packets (RDF/XML) into a flat list of properties
// keyed by namespace URI and local name.
package xmp

import (
	"context"
	"errors"
)

// Errors for packets refused on sight.
var (
	ErrTooLarge  = errors.New("xmp: packet too large")
	ErrDirective = errors.New("xmp: DTD or other directive")
	ErrTooDeep   = errors.New("xmp: nesting too deep")
	ErrTooMany   = errors.New("xmp: too many properties")
)

// Limits on hostile input. Real packets are a few KB (Photoshop pads to
// tens of KB) and nest below ten levels.
const (
	MaxPacketSize = 16 << 20
	MaxDepth      = 64
	MaxProps      = 50_000
)

// Namespace URIs used by detectors.
const (
	NSIptc4xmpExt = "http://iptc.org/std/Iptc4xmpExt/2008-02-29/"
	NSXMP         = "http://ns.adobe.com/xap/1.0/"
	NSXMPMM       = "http://ns.adobe.com/xap/1.0/mm/"
	NSPhotoshop   = "http://ns.adobe.com/photoshop/1.0/"
	NSDC          = "http://purl.org/dc/elements/1.1/"
	NSDCTerms     = "http://purl.org/dc/terms/"
	NSEXIF        = "http://ns.adobe.com/exif/1.0/"
	NSTIFF        = "http://ns.adobe.com/tiff/1.0/"
	NSPlus        = "http://ns.useplus.org/ldf/xmp/1.0/"
	NSStEvt       = "http://ns.adobe.com/xap/1.0/sType/ResourceEvent#"
	NSRDF         = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
)

// Property is one simple value. Values of rdf:Seq/Bag/Alt items appear as one
// Property each, with the same NS and Name; struct fields appear with Path
// naming their parent ("xmpMM:History[3]/stEvt:softwareAgent").
//
// Path is the full path of the value with the packet's own prefixes:
// "xmp:CreatorTool" for a top-level property, "dc:subject[2]" for an array
// item, "xmpMM:History[3]/stEvt:softwareAgent" for a struct field.
type Property struct {
	NS    string
	Name  string
	Value string
	Path  string
	Lang  string // xml:lang of the value, as on rdf:Alt items ("x-default")
}

// Packet is one parsed XMP packet.
type Packet struct {
	Props []Property
}

// Parse parses one XMP packet. A packet that is not well-formed XML returns
// the properties read before the error, and the error.
func Parse(data []byte) (*Packet, error) {
	return ParseContext(context.Background(), data)
}

// ParseContext is Parse under ctx: parsing stops with ctx's error, keeping
// the properties read, once the file's time is up.
func ParseContext(ctx context.Context, data []byte) (*Packet, error) {
	p := &Packet{}
	if len(data) > MaxPacketSize {
		return p, ErrTooLarge
	}
	err := parseRDF(ctx, p, toUTF8(data))
	return p, err
}

// Get returns every value of ns:name, in document order.
func (p *Packet) Get(ns, name string) []string {
	if p == nil {
		return nil
	}
	var out []string
	for _, pr := range p.Props {
		if pr.NS == ns && pr.Name == name {
			out = append(out, pr.Value)
		}
	}
	return out
}

// First returns the first value of ns:name.
func (p *Packet) First(ns, name string) (string, bool) {
	if p == nil {
		return "", false
	}
	for _, pr := range p.Props {
		if pr.NS == ns && pr.Name == name {
			return pr.Value, true
		}
	}
	return "", false
}
