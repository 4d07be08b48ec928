package xmp

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

const nsXML = "http://www.w3.org/XML/1998/namespace"

// maxValue caps the text kept for one value; longer text is cut, not
// refused, since generators store whole workflows in one property.
const maxValue = 4 << 20

// Prefixes for paths when a packet binds a namespace without one (default
// namespace) or the binding was not seen.
var knownPrefixes = map[string]string{
	NSIptc4xmpExt: "Iptc4xmpExt",
	NSXMP:         "xmp",
	NSXMPMM:       "xmpMM",
	NSPhotoshop:   "photoshop",
	NSDC:          "dc",
	NSDCTerms:     "dcterms",
	NSEXIF:        "exif",
	NSTIFF:        "tiff",
	NSPlus:        "plus",
	NSStEvt:       "stEvt",
	NSRDF:         "rdf",
}

// parser walks RDF/XML with encoding/xml's namespace-resolving tokenizer.
// It recurses once per element level, and the depth limit bounds that.
type parser struct {
	ctx      context.Context // the file's time limit, checked every ctxEvery tokens
	tokens   int
	d        *xml.Decoder
	pk       *Packet
	depth    int
	prefixes map[string]string // namespace URI -> prefix first bound to it
}

// ctxEvery is how many tokens are read between checks of the time limit.
const ctxEvery = 1024

func parseRDF(ctx context.Context, pk *Packet, data []byte) error {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	d.CharsetReader = charsetReader
	p := &parser{ctx: ctx, d: d, pk: pk, prefixes: map[string]string{}}
	err := p.top()
	if errors.Is(err, io.EOF) {
		return nil
	}
	return err
}

// next returns the next token, keeping the depth and refusing directives
// (XMP never needs a DTD, and refusing it closes off entity tricks).
func (p *parser) next() (xml.Token, error) {
	if p.tokens++; p.tokens%ctxEvery == 0 {
		if err := p.ctx.Err(); err != nil {
			return nil, fmt.Errorf("xmp: line %d: %w", p.line(), err)
		}
	}
	tok, err := p.d.Token()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return nil, err
		}
		return nil, fmt.Errorf("xmp: line %d: %w", p.line(), err)
	}
	switch t := tok.(type) {
	case xml.StartElement:
		p.depth++
		if p.depth > MaxDepth {
			return nil, fmt.Errorf("%w: more than %d levels at line %d", ErrTooDeep, MaxDepth, p.line())
		}
		for _, a := range t.Attr {
			if a.Name.Space == "xmlns" {
				if _, ok := p.prefixes[a.Value]; !ok {
					p.prefixes[a.Value] = a.Name.Local
				}
			}
		}
	case xml.EndElement:
		p.depth--
	case xml.Directive:
		return nil, fmt.Errorf("%w at line %d", ErrDirective, p.line())
	}
	return tok, nil
}

func (p *parser) line() int {
	l, _ := p.d.InputPos()
	return l
}

// top looks for rdf:Description elements through whatever wraps them
// (xpacket, x:xmpmeta, rdf:RDF).
func (p *parser) top() error {
	for {
		tok, err := p.next()
		if err != nil {
			return err
		}
		if el, ok := tok.(xml.StartElement); ok && isRDF(el.Name, "Description") {
			if err := p.description(el, ""); err != nil {
				return err
			}
		}
	}
}

func isRDF(n xml.Name, local string) bool { return n.Space == NSRDF && n.Local == local }

// qname writes a name with the packet's prefix for its namespace.
func (p *parser) qname(n xml.Name) string {
	if n.Space == "" {
		return n.Local
	}
	if pre, ok := p.prefixes[n.Space]; ok {
		return pre + ":" + n.Local
	}
	if pre, ok := knownPrefixes[n.Space]; ok {
		return pre + ":" + n.Local
	}
	return n.Space + n.Local
}

func join(parent, name string) string {
	if parent == "" {
		return name
	}
	return parent + "/" + name
}

func (p *parser) emit(pr Property) error {
	if len(p.pk.Props) == MaxProps {
		return fmt.Errorf("%w: more than %d", ErrTooMany, MaxProps)
	}
	p.pk.Props = append(p.pk.Props, pr)
	return nil
}

// skipAttr reports attributes that are RDF or XML syntax, not properties.
// A bare "about" is the pre-2001 form of rdf:about some writers still use.
func skipAttr(a xml.Attr) bool {
	switch a.Name.Space {
	case "xmlns", nsXML, NSRDF:
		return true
	case "":
		return a.Name.Local == "xmlns" || a.Name.Local == "about"
	}
	return false
}

// fieldAttrs emits the attributes of el that are properties (the
// shorthand for simple properties and struct fields) under path.
func (p *parser) fieldAttrs(el xml.StartElement, path string) (n int, err error) {
	for _, a := range el.Attr {
		if skipAttr(a) {
			continue
		}
		n++
		err := p.emit(Property{NS: a.Name.Space, Name: a.Name.Local, Value: a.Value, Path: join(path, p.qname(a.Name))})
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

// description reads an rdf:Description: its attributes and child elements
// are properties (or struct fields when path names the struct).
func (p *parser) description(el xml.StartElement, path string) error {
	if _, err := p.fieldAttrs(el, path); err != nil {
		return err
	}
	for {
		tok, err := p.next()
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if err := p.value(t, join(path, p.qname(t.Name)), t.Name); err != nil {
				return err
			}
		case xml.EndElement:
			return nil
		}
	}
}

// value reads the element el holding the value of property name at path:
// simple text, a resource, a struct (parseType="Resource", a nested
// Description, attributes or child elements) or an array.
func (p *parser) value(el xml.StartElement, path string, name xml.Name) error {
	var lang, resource string
	var hasResource, isStruct bool
	for _, a := range el.Attr {
		switch {
		case a.Name.Space == nsXML && a.Name.Local == "lang":
			lang = a.Value
		case a.Name.Space == NSRDF && a.Name.Local == "resource":
			resource, hasResource = a.Value, true
		case a.Name.Space == NSRDF && a.Name.Local == "parseType" && a.Value == "Resource":
			isStruct = true
		}
	}
	if hasResource {
		if err := p.emit(Property{NS: name.Space, Name: name.Local, Value: resource, Path: path, Lang: lang}); err != nil {
			return err
		}
	}
	n, err := p.fieldAttrs(el, path)
	if err != nil {
		return err
	}
	if n > 0 {
		isStruct = true
	}
	var text strings.Builder
	hasChild := false
	for {
		tok, err := p.next()
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.CharData:
			if text.Len()+len(t) <= maxValue {
				text.Write(t)
			}
		case xml.StartElement:
			hasChild = true
			var err error
			switch {
			case isRDF(t.Name, "Seq"), isRDF(t.Name, "Bag"), isRDF(t.Name, "Alt"):
				err = p.array(path, name)
			case isRDF(t.Name, "Description"):
				err = p.description(t, path)
			case isRDF(t.Name, "value"):
				// Qualified value: rdf:value holds the value itself.
				err = p.value(t, path, name)
			default:
				err = p.value(t, join(path, p.qname(t.Name)), t.Name)
			}
			if err != nil {
				return err
			}
		case xml.EndElement:
			if !hasChild && !hasResource && !isStruct {
				return p.emit(Property{NS: name.Space, Name: name.Local, Value: text.String(), Path: path, Lang: lang})
			}
			return nil
		}
	}
}

// array reads the items of an rdf:Seq, rdf:Bag or rdf:Alt; each rdf:li is
// a value of the array's property, numbered from 1 in the path.
func (p *parser) array(path string, name xml.Name) error {
	i := 0
	for {
		tok, err := p.next()
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if !isRDF(t.Name, "li") {
				if err := p.skip(); err != nil {
					return err
				}
				continue
			}
			i++
			if err := p.value(t, path+"["+strconv.Itoa(i)+"]", name); err != nil {
				return err
			}
		case xml.EndElement:
			return nil
		}
	}
}

// skip consumes the rest of the current element.
func (p *parser) skip() error {
	for level := 1; level > 0; {
		tok, err := p.next()
		if err != nil {
			return err
		}
		switch tok.(type) {
		case xml.StartElement:
			level++
		case xml.EndElement:
			level--
		}
	}
	return nil
}
