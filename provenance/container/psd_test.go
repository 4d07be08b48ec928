package container

import (
	"bytes"
	"encoding/binary"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/provcheck/provcheck/internal/corpus"
)

var psdUpdate = flag.Bool("update-psd", false, "rewrite the generated psd_ fixtures in testdata")

// psdBuild assembles a Photoshop document: header, colour-mode data, image
// resources (without the APP13 "Photoshop 3.0" prefix), layer section and
// image data. version 2 is PSB (8-byte layer section length).
func psdBuild(version uint16, w, h uint32, res []byte) []byte {
	be := binary.BigEndian
	b := []byte("8BPS")
	b = be.AppendUint16(b, version)
	b = append(b, 0, 0, 0, 0, 0, 0)
	b = be.AppendUint16(b, 3) // channels
	b = be.AppendUint32(b, h)
	b = be.AppendUint32(b, w)
	b = be.AppendUint16(b, 8) // depth
	b = be.AppendUint16(b, 3) // RGB
	b = be.AppendUint32(b, 0) // colour-mode data
	b = be.AppendUint32(b, uint32(len(res)))
	b = append(b, res...)
	layer := []byte{0, 0, 0, 0}
	if version == 2 {
		b = be.AppendUint64(b, uint64(len(layer)))
	} else {
		b = be.AppendUint32(b, uint32(len(layer)))
	}
	b = append(b, layer...)
	return append(b, 0, 0, 1, 2, 3) // compression 0, raw pixels
}

// psdResourcesBytes is a resource section: photoshopIRB without its prefix.
func psdResourcesBytes(res ...irbResource) []byte {
	return bytes.TrimPrefix(photoshopIRB(res...), jpegPhotoshop)
}

func psdThumb(jfif []byte) []byte {
	h := make([]byte, psdThumbHeader)
	binary.BigEndian.PutUint32(h, 1)
	return append(h, jfif...)
}

var (
	psdXMPPacket = `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmp:CreatorTool="Adobe Photoshop 25.0 (Windows)"/></rdf:RDF></x:xmpmeta>`
	psdIIM       = []byte("\x1c\x02\x00\x00\x02\x00\x04\x1c\x02\x41\x00\x09Photoshop")
	psdJFIF      = []byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9")
)

func psdSample(version uint16) []byte {
	return psdBuild(version, 640, 480, psdResourcesBytes(
		irbResource{id: 0x03ED, data: make([]byte, 16)}, // resolution info: not metadata
		irbResource{id: psdIPTC, data: psdIIM},
		irbResource{id: psdThumbnail, data: psdThumb(psdJFIF)},
		irbResource{id: psdICC, data: []byte("icc profile bytes")},
		irbResource{id: psdEXIF, name: "x", data: rasterTIFFStub},
		irbResource{id: psdXMP, data: []byte(psdXMPPacket)},
	))
}

// psdFixtures are the generated fuzz seeds and fixtures.
var psdFixtures = map[string]func() []byte{
	"psd_resources.psd": func() []byte { return psdSample(1) },
	"psd_resources.psb": func() []byte { return psdSample(2) },
}

func TestPSDFixtures(t *testing.T) {
	for name, build := range psdFixtures {
		path := filepath.Join("testdata", name)
		want := build()
		if *psdUpdate {
			if err := os.WriteFile(path, want, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run with -update-psd)", err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from its builder (run with -update-psd)", name)
		}
	}
}

func TestWalkPSD(t *testing.T) {
	for _, version := range []uint16{1, 2} {
		data := psdSample(version)
		inv, err := Walk(t.Context(), data, Limits{})
		if err != nil {
			t.Fatal(err)
		}
		if inv.Format != "psd" || inv.MediaType != "image/vnd.adobe.photoshop" || inv.Width != 640 || inv.Height != 480 ||
			inv.Components != 3 || inv.BitDepth != 8 {
			t.Errorf("v%d header read as %+v", version, inv)
		}
		if got, want := rasterSegmentTypes(inv), []string{"header", "colorModeData", "imageResources", "layerAndMask", "imageData"}; !slices.Equal(got, want) {
			t.Errorf("v%d segments %v, want %v", version, got, want)
		}
		one := func(what string, bs []Block, want []byte, source string) {
			t.Helper()
			if len(bs) != 1 || !bytes.Equal(bs[0].Data, want) || bs[0].Source != source {
				t.Fatalf("v%d %s %+v", version, what, bs)
			}
			b := bs[0]
			if b.Offset < 0 || b.Offset+b.Length > int64(len(data)) || string(data[b.Offset:b.Offset+4]) != "8BIM" {
				t.Errorf("v%d %s located at %d+%d, not at its resource", version, what, b.Offset, b.Length)
			}
			if !bytes.HasSuffix(data[b.Offset:b.Offset+b.Length], want) {
				t.Errorf("v%d %s range does not end with its data", version, what)
			}
		}
		one("EXIF", inv.EXIF, rasterTIFFStub, "psd:0x0422")
		one("XMP", inv.XMP, []byte(psdXMPPacket), "psd:0x0424")
		one("IPTC", inv.IPTC, psdIIM, "psd:0x0404")
		one("ICC", inv.ICC, []byte("icc profile bytes"), "psd:0x040F")
		var thumb []Block
		for _, o := range inv.Other {
			if o.Key == "thumbnail" {
				thumb = append(thumb, o)
			}
		}
		one("thumbnail", thumb, psdJFIF, "psd:0x040C")
		if len(inv.Warnings) != 0 {
			t.Errorf("v%d warnings %v", version, inv.Warnings)
		}
	}
}

func TestWalkPSDDamage(t *testing.T) {
	good := psdSample(1)
	resStart := psdHeaderSize + 4 + 4
	tests := []struct {
		name string
		data []byte
		warn string // a warning code the walk must give; "" = an error
		exif int
	}{
		{"header only", good[:psdHeaderSize], "truncated", 0},
		{"resources cut", good[:resStart+40], "truncated", 0},
		{"no layer section", good[:len(good)-5-4], "truncated", 1},
		{"bad resource signature", psdBuild(1, 1, 1, append([]byte("XXXX"), psdResourcesBytes(irbResource{id: psdEXIF, data: rasterTIFFStub})...)), "malformed", 0},
		{"thumbnail not JFIF", psdBuild(1, 1, 1, psdResourcesBytes(irbResource{id: psdThumbnail, data: []byte("tiny")})), "malformed", 0},
		{"version 3", append([]byte("8BPS\x00\x03"), good[6:]...), "", 0},
		{"short", []byte("8BPS\x00\x01"), "", 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			inv := &Inventory{Format: "psd"}
			err := walkPSD(t.Context(), inv, tc.data, Limits{})
			if tc.warn == "" {
				if err == nil {
					t.Fatal("no error")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var codes []string
			for _, w := range inv.Warnings {
				codes = append(codes, w.Code)
			}
			if !slices.Contains(codes, tc.warn) {
				t.Errorf("warnings %v, want %s", inv.Warnings, tc.warn)
			}
			if len(inv.EXIF) != tc.exif {
				t.Errorf("%d EXIF blocks, want %d", len(inv.EXIF), tc.exif)
			}
			rasterCheckBounds(t, inv, len(tc.data))
		})
	}
}

func TestWalkPSDCorpus(t *testing.T) {
	data := corpus.Read(t, "c2pa-conformance", "rs_Purple_Square.psd")
	inv, err := Walk(t.Context(), data, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if inv.Format != "psd" || len(inv.EXIF) != 1 || len(inv.XMP) != 1 || len(inv.ICC) != 1 {
		t.Errorf("format %s, %d EXIF, %d XMP, %d ICC blocks; warnings %v", inv.Format, len(inv.EXIF), len(inv.XMP), len(inv.ICC), inv.Warnings)
	}
}

func FuzzPSD(f *testing.F) {
	addRasterSeeds(f, "psd_", psdBuild(1, 1, 1, nil))
	f.Fuzz(func(t *testing.T, data []byte) { rasterFuzzWalk(t, walkPSD, "psd", data) })
}
