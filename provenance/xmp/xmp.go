// Package xmp parses XMP packets (RDF/XML) into a flat list of properties
// keyed by namespace URI and local name.
package xmp

import "errors"

// ErrNotImplemented is returned until the parser lands.
var ErrNotImplemented = errors.New("xmp: not implemented")

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
)

// Property is one simple value. Values of rdf:Seq/Bag/Alt items appear as one
// Property each, with the same NS and Name; struct fields appear with Path
// naming their parent ("xmpMM:History[3]/stEvt:softwareAgent").
type Property struct {
	NS    string
	Name  string
	Value string
	Path  string
}

// Packet is one parsed XMP packet.
type Packet struct {
	Props []Property
}

// Parse parses one XMP packet. A packet that is not well-formed XML returns
// the properties read before the error, and the error.
func Parse(data []byte) (*Packet, error) { return &Packet{}, ErrNotImplemented }

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
