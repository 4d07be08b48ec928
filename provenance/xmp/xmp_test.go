package xmp

import (
	"context"
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"
)

func readTestdata(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

const rdfOpen = `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">`
const rdfClose = `</rdf:RDF></x:xmpmeta>`

func wrap(desc string) []byte { return []byte(rdfOpen + desc + rdfClose) }

func utf16LE(s string) []byte {
	b := []byte{0xFF, 0xFE}
	for _, u := range utf16.Encode([]rune(s)) {
		b = binary.LittleEndian.AppendUint16(b, u)
	}
	return b
}

// prop is an expected property: the value at Path, with NS and Name when
// given.
type prop struct {
	path, value, ns, name, lang string
}

func TestParse(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		want []prop
		// n is the expected number of properties, or -1 to not check.
		n int
	}{{
		name: "attribute form (Gemini-style)",
		data: readTestdata(t, "gemini_style.xmp"),
		want: []prop{
			{path: "Iptc4xmpExt:DigitalSourceType", value: "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia", ns: NSIptc4xmpExt, name: "DigitalSourceType"},
			{path: "photoshop:Credit", value: "Made with Google AI", ns: NSPhotoshop, name: "Credit"},
			{path: "exif:DateTimeOriginal", value: "2025-03-01T10:00:00", ns: NSEXIF},
		},
		n: 5,
	}, {
		name: "element form, resource, Alt with languages (Draw Things-style)",
		data: readTestdata(t, "element_form.xmp"),
		want: []prop{
			{path: "Iptc4xmpExt:DigitalSourceType", value: "http://cv.iptc.org/newscodes/digitalsourcetype/compositeWithTrainedAlgorithmicMedia", ns: NSIptc4xmpExt, name: "DigitalSourceType"},
			{path: "Iptc4xmpExt:DigImageGUID", value: "a7421d2f-b262-44f9-977c-ac23e9c7d3e3", ns: NSIptc4xmpExt},
			{path: "plus:DataMining", value: "http://ns.useplus.org/ldf/vocab/DMI-PROHIBITED-AIMLTRAINING", ns: NSPlus, name: "DataMining"},
			{path: "xmp:CreatorTool", value: "Draw Things", ns: NSXMP},
			{path: "exif:UserComment[1]", value: `{"c":"a lighthouse at dusk","seed":42,"steps":30,"model":"sd_xl_base_1.0_f16.ckpt"}`, ns: NSEXIF, name: "UserComment", lang: "x-default"},
			{path: "dc:description[1]", value: "a lighthouse", ns: NSDC, name: "description", lang: "x-default"},
			{path: "dc:description[2]", value: "ein Leuchtturm", lang: "de"},
			{path: "tiff:Make", value: "Apple", ns: NSTIFF},
			{path: "tiff:Model", value: "iPhone 15", ns: NSTIFF},
			{path: "photoshop:History", value: "2024-01-01 Cropped", ns: NSPhotoshop},
		},
		n: 10,
	}, {
		name: "History as structs in elements, parseType and nested Description",
		data: readTestdata(t, "history_elements.xmp"),
		want: []prop{
			{path: "xmpMM:History[1]/stEvt:action", value: "created", ns: NSStEvt, name: "action"},
			{path: "xmpMM:History[1]/stEvt:softwareAgent", value: "Adobe Photoshop 25.0", ns: NSStEvt, name: "softwareAgent"},
			{path: "xmpMM:History[2]/stEvt:action", value: "derived"},
			{path: "xmpMM:History[2]/stEvt:parameters", value: "converted from image/png to image/jpeg"},
			{path: "xmpMM:History[2]/stEvt:softwareAgent", value: "Adobe Firefly"},
			{path: "dc:subject[1]", value: "sea", ns: NSDC, name: "subject"},
			{path: "dc:subject[2]", value: "sky", ns: NSDC, name: "subject"},
		},
		n: 7,
	}, {
		name: "History as struct attributes on rdf:li",
		data: readTestdata(t, "history_attrs.xmp"),
		want: []prop{
			{path: "dcterms:provenance", value: "https://cai-manifests.example.org/manifests/urn-uuid-0001", ns: NSDCTerms, name: "provenance"},
			{path: "xmp:CreatorTool", value: "Adobe Photoshop 25.5 (Windows)", ns: NSXMP},
			{path: "xmpMM:History[1]/stEvt:action", value: "created", ns: NSStEvt, name: "action"},
			{path: "xmpMM:History[2]/stEvt:softwareAgent", value: "Adobe Photoshop 25.5 (Windows)", ns: NSStEvt, name: "softwareAgent"},
			{path: "xmpMM:History[2]/stEvt:changed", value: "/"},
		},
		n: 14,
	}, {
		name: "dcterms:provenance to an embedded manifest (C2PA test file)",
		data: readTestdata(t, "c2pa_adobe_ca.xmp"),
		want: []prop{
			{path: "dcterms:provenance", value: "self#jumbf=/c2pa/contentauth:urn:uuid:04cdf4ec-f713-4e47-a8d6-7af56501ce4b/c2pa.claim", ns: NSDCTerms},
		},
		n: 1,
	}, {
		name: "UTF-16BE packet without BOM (ExifTool test image)",
		data: readTestdata(t, "exiftool_xmp.xmp"),
		want: []prop{
			{path: "photoshop:Credit", value: "My Credit", ns: NSPhotoshop},
			{path: "dc:description[1]", value: "UTF-16 (big-endian) encoded XMP", lang: "x-default"},
			{path: "dc:subject[3]", value: "XMP"},
			{path: "xapBJ:JobRef[1]/stJob:name", value: "My Job"},
		},
		n: 27,
	}, {
		name: "UTF-16LE with BOM",
		data: utf16LE(string(readTestdata(t, "gemini_style.xmp"))),
		want: []prop{{path: "photoshop:Credit", value: "Made with Google AI"}},
		n:    5,
	}, {
		name: "UTF-8 BOM and leading blanks",
		data: append([]byte("\xEF\xBB\xBF \n\x00"), wrap(`<rdf:Description xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmp:CreatorTool="GIMP 2.10"/>`)...),
		want: []prop{{path: "xmp:CreatorTool", value: "GIMP 2.10"}},
		n:    1,
	}, {
		name: "Latin-1 declared",
		data: append([]byte(`<?xml version="1.0" encoding="ISO-8859-1"?>`), wrap(`<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>Bj`+"\xf6"+`rk</dc:creator></rdf:Description>`)...),
		want: []prop{{path: "dc:creator", value: "Björk"}},
		n:    1,
	}, {
		name: "struct as property attributes, parseType struct, qualified value",
		data: wrap(`<rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/" xmlns:stRef="http://ns.adobe.com/xap/1.0/sType/ResourceRef#" xmlns:dc="http://purl.org/dc/elements/1.1/">
			<exif:Flash exif:Fired="False" exif:Mode="2"/>
			<xmpMM:DerivedFrom rdf:parseType="Resource"><stRef:documentID>doc-1</stRef:documentID></xmpMM:DerivedFrom>
			<dc:source><rdf:value>camera roll</rdf:value></dc:source>
			<dc:format/>
			</rdf:Description>`),
		want: []prop{
			{path: "exif:Flash/exif:Fired", value: "False", ns: NSEXIF, name: "Fired"},
			{path: "exif:Flash/exif:Mode", value: "2"},
			{path: "xmpMM:DerivedFrom/stRef:documentID", value: "doc-1", name: "documentID"},
			{path: "dc:source", value: "camera roll", ns: NSDC, name: "source"},
			{path: "dc:format", value: "", ns: NSDC, name: "format"},
		},
		n: 5,
	}, {
		name: "legacy bare about attribute is not a property",
		data: wrap(`<rdf:Description about="uuid:1" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmp:Rating="3"/>`),
		want: []prop{{path: "xmp:Rating", value: "3"}},
		n:    1,
	}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			pk, err := Parse(tc.data)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			checkProps(t, pk, tc.want)
			if tc.n >= 0 && len(pk.Props) != tc.n {
				t.Errorf("got %d properties, want %d: %+v", len(pk.Props), tc.n, pk.Props)
			}
		})
	}
}

func checkProps(t *testing.T, pk *Packet, want []prop) {
	t.Helper()
	byPath := map[string]Property{}
	for _, p := range pk.Props {
		if _, dup := byPath[p.Path]; !dup {
			byPath[p.Path] = p
		}
	}
	for _, w := range want {
		got, ok := byPath[w.path]
		if !ok {
			t.Errorf("no property at %s", w.path)
			continue
		}
		if got.Value != w.value {
			t.Errorf("%s = %q, want %q", w.path, got.Value, w.value)
		}
		if w.ns != "" && got.NS != w.ns {
			t.Errorf("%s NS = %q, want %q", w.path, got.NS, w.ns)
		}
		if w.name != "" && got.Name != w.name {
			t.Errorf("%s Name = %q, want %q", w.path, got.Name, w.name)
		}
		if w.lang != "" && got.Lang != w.lang {
			t.Errorf("%s Lang = %q, want %q", w.path, got.Lang, w.lang)
		}
	}
}

func TestGet(t *testing.T) {
	pk, err := Parse(readTestdata(t, "history_elements.xmp"))
	if err != nil {
		t.Fatal(err)
	}
	got := pk.Get(NSStEvt, "softwareAgent")
	if len(got) != 2 || got[0] != "Adobe Photoshop 25.0" || got[1] != "Adobe Firefly" {
		t.Errorf("Get(softwareAgent) = %q", got)
	}
	if v, ok := pk.First(NSDC, "subject"); !ok || v != "sea" {
		t.Errorf("First(dc:subject) = %q, %v", v, ok)
	}
	var nilPk *Packet
	if nilPk.Get(NSDC, "subject") != nil {
		t.Error("Get on nil Packet returned values")
	}
}

func TestParseRefused(t *testing.T) {
	deep := rdfOpen + `<rdf:Description xmlns:a="urn:a">` + strings.Repeat("<a:x>", MaxDepth) + "v" + strings.Repeat("</a:x>", MaxDepth) + `</rdf:Description>` + rdfClose
	var many strings.Builder
	many.WriteString(rdfOpen + `<rdf:Description xmlns:a="urn:a">`)
	for range MaxProps + 1 {
		many.WriteString("<a:p>v</a:p>")
	}
	many.WriteString(`</rdf:Description>` + rdfClose)

	tests := []struct {
		name    string
		data    []byte
		wantErr error // nil: any error
		// props is how many properties must survive the error.
		props int
	}{
		{"DOCTYPE", []byte(`<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "boom">]>` + string(wrap(""))), ErrDirective, 0},
		{"undefined entity", wrap(`<rdf:Description xmlns:xmp="http://ns.adobe.com/xap/1.0/"><xmp:Label>&e;</xmp:Label></rdf:Description>`), nil, 0},
		{"deep nesting", []byte(deep), ErrTooDeep, 0},
		{"too many properties", []byte(many.String()), ErrTooMany, MaxProps},
		{"too large", make([]byte, MaxPacketSize+1), ErrTooLarge, 0},
		{"malformed after good properties", []byte(rdfOpen + `<rdf:Description xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmp:CreatorTool="GIMP"><xmp:Label>red</xmp:Label><xmp:Rating>3</xmp:Ratin>`), nil, 2},
		{"truncated packet", []byte(rdfOpen + `<rdf:Description xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmp:CreatorTool="GIMP"><xmp:Label>red</xmp:Label><xmp:Rat`), nil, 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			pk, err := Parse(tc.data)
			if err == nil {
				t.Fatal("Parse succeeded")
			}
			if tc.wantErr != nil && !errors.Is(err, tc.wantErr) {
				t.Errorf("err = %v, want %v", err, tc.wantErr)
			}
			if pk == nil || len(pk.Props) != tc.props {
				t.Errorf("kept %d properties, want %d", len(pk.Props), tc.props)
			}
		})
	}
}

func BenchmarkParseXMP(b *testing.B) {
	data := readTestdata(b, "history_attrs.xmp")
	for b.Loop() {
		if _, err := Parse(data); err != nil {
			b.Fatal(err)
		}
	}
}

// Parsing stops when the file's time is up, keeping what was read.
func TestParseContext(t *testing.T) {
	var b strings.Builder
	b.WriteString(`<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/">`)
	for range 5000 {
		b.WriteString(`<dc:title>t</dc:title>`)
	}
	b.WriteString(`</rdf:Description></rdf:RDF></x:xmpmeta>`)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := ParseContext(ctx, []byte(b.String())); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want the context's", err)
	}
	if _, err := ParseContext(t.Context(), []byte(b.String())); err != nil && !errors.Is(err, ErrTooMany) {
		t.Fatalf("err = %v", err)
	}
}
