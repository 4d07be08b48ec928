package container

import (
	"bytes"
	"encoding/binary"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

func TestWalkJPEG(t *testing.T) {
	xmpMain := []byte(`<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF/></x:xmpmeta>`)
	extWhole := bytes.Repeat([]byte("extended-xmp-"), 40)
	guid := "0123456789ABCDEF0123456789ABCDEF"
	extChunk := func(at int, chunk []byte) []byte {
		p := []byte("http://ns.adobe.com/xmp/extension/\x00" + guid)
		p = binary.BigEndian.AppendUint32(p, uint32(len(extWhole)))
		p = binary.BigEndian.AppendUint32(p, uint32(at))
		return append(p, chunk...)
	}
	store := jumbfStore("c2pa", 300)
	iptc := []byte("\x1c\x02\x00\x00\x02\x00\x04\x1c\x02\x78\x00\x05hello")
	icc := bytes.Repeat([]byte("icc!"), 50)

	tests := []struct {
		name  string
		data  []byte
		lim   Limits
		check func(t *testing.T, inv *Inventory, data []byte)
	}{{
		name: "baseline",
		data: jpegMinimal(),
		check: func(t *testing.T, inv *Inventory, data []byte) {
			want := []string{"SOI", "APP0", "DQT", "SOF0", "DHT", "SOS", "EOI"}
			if got := rasterSegmentTypes(inv); !slices.Equal(got, want) {
				t.Errorf("segments %v, want %v", got, want)
			}
			if last := inv.Segments[len(inv.Segments)-1]; last.Offset != int64(len(data)-2) {
				t.Errorf("EOI at %d, want %d: the scan was not skipped correctly", last.Offset, len(data)-2)
			}
			if inv.Width != 16 || inv.Height != 8 || inv.Components != 3 || inv.BitDepth != 8 {
				t.Errorf("frame %dx%d c=%d d=%d, want 16x8 c=3 d=8", inv.Width, inv.Height, inv.Components, inv.BitDepth)
			}
			if inv.Subsampling != "4:2:0" || inv.Progressive {
				t.Errorf("subsampling %q progressive %v", inv.Subsampling, inv.Progressive)
			}
			if len(inv.Other) != 2 || inv.Other[0].Source != "DQT" || len(inv.Other[0].Data) != 65 || inv.Other[1].Source != "DHT" {
				t.Errorf("tables in Other: %+v", inv.Other)
			}
			if len(inv.Warnings) != 0 || inv.Trailer.Length != 0 {
				t.Errorf("warnings %v trailer %+v", inv.Warnings, inv.Trailer)
			}
		},
	}, {
		name: "exif and xmp",
		data: newJPEGBuild().
			seg(jpegAPP1, []byte("Exif\x00\x00"), rasterTIFFStub).
			seg(jpegAPP1, []byte("http://ns.adobe.com/xap/1.0/\x00"), xmpMain).
			sof(jpegSOF0, 1, 1, 0x11, 0x11).scan().eoi(),
		check: func(t *testing.T, inv *Inventory, data []byte) {
			if len(inv.EXIF) != 1 || !bytes.Equal(inv.EXIF[0].Data, rasterTIFFStub) || inv.EXIF[0].Source != "APP1" || inv.EXIF[0].Offset != 2 {
				t.Errorf("EXIF %+v", inv.EXIF)
			}
			if len(inv.XMP) != 1 || !bytes.Equal(inv.XMP[0].Data, xmpMain) {
				t.Errorf("XMP %+v", inv.XMP)
			}
			if inv.Subsampling != "4:4:4" {
				t.Errorf("subsampling %q", inv.Subsampling)
			}
		},
	}, {
		name: "extended xmp in two chunks, out of order",
		data: newJPEGBuild().
			seg(jpegAPP1, []byte("http://ns.adobe.com/xap/1.0/\x00"), xmpMain).
			seg(jpegAPP1, extChunk(300, extWhole[300:])).
			seg(jpegAPP1, extChunk(0, extWhole[:300])).
			scan().eoi(),
		check: func(t *testing.T, inv *Inventory, data []byte) {
			if len(inv.XMP) != 2 {
				t.Fatalf("%d XMP blocks, want 2", len(inv.XMP))
			}
			x := inv.XMP[1]
			if x.Source != "APP1:extended" || x.Key != guid || !bytes.Equal(x.Data, extWhole) {
				t.Errorf("extended XMP %s %s %q", x.Source, x.Key, x.Data)
			}
			if x.Offset != inv.Segments[2].Offset || x.Offset+x.Length != inv.Segments[3].Offset+inv.Segments[3].Length {
				t.Errorf("extended XMP span %d+%d does not cover segments 2..3", x.Offset, x.Length)
			}
			if len(inv.Warnings) != 0 {
				t.Errorf("warnings %v", inv.Warnings)
			}
		},
	}, {
		name: "extended xmp with a missing chunk",
		data: newJPEGBuild().seg(jpegAPP1, extChunk(0, extWhole[:300])).seg(jpegCOM, make([]byte, 400)).scan().eoi(),
		check: func(t *testing.T, inv *Inventory, data []byte) {
			if len(inv.XMP) != 1 || !slices.Contains(rasterWarnings(inv), "malformed") {
				t.Errorf("XMP %d, warnings %v: want the partial packet and a malformed warning", len(inv.XMP), inv.Warnings)
			}
		},
	}, {
		name: "extended xmp larger than the inflate limit",
		data: newJPEGBuild().seg(jpegAPP1, extChunk(0, extWhole[:300])).scan().eoi(),
		lim:  Limits{MaxInflate: 100},
		check: func(t *testing.T, inv *Inventory, data []byte) {
			if len(inv.XMP) != 0 || !slices.Contains(rasterWarnings(inv), "limit") {
				t.Errorf("XMP %d, warnings %v: want none and a limit warning", len(inv.XMP), inv.Warnings)
			}
		},
	}, {
		name: "photoshop irb with iptc",
		data: newJPEGBuild().
			seg(jpegAPP13, photoshopIRB(
				irbResource{id: 0x03ED, name: "odd", data: []byte{1, 2, 3}},
				irbResource{id: 0x0404, data: iptc},
			)).scan().eoi(),
		check: func(t *testing.T, inv *Inventory, data []byte) {
			if len(inv.IPTC) != 1 || !bytes.Equal(inv.IPTC[0].Data, iptc) || inv.IPTC[0].Source != "APP13" {
				t.Errorf("IPTC %+v", inv.IPTC)
			}
			if len(inv.Other) != 1 || inv.Other[0].Source != "APP13" || !bytes.HasPrefix(inv.Other[0].Data, []byte("8BIM")) {
				t.Errorf("IRB in Other: %+v", inv.Other)
			}
			if len(inv.Warnings) != 0 {
				t.Errorf("warnings %v", inv.Warnings)
			}
		},
	}, {
		name: "photoshop irb cut short",
		data: newJPEGBuild().
			seg(jpegAPP13, photoshopIRB(irbResource{id: 0x0404, data: iptc})[:30]).scan().eoi(),
		check: func(t *testing.T, inv *Inventory, data []byte) {
			if len(inv.IPTC) != 0 || !slices.Contains(rasterWarnings(inv), "malformed") {
				t.Errorf("IPTC %d warnings %v", len(inv.IPTC), inv.Warnings)
			}
		},
	}, {
		name: "c2pa store across three APP11 segments",
		data: func() []byte {
			j := newJPEGBuild().seg(jpegAPP0, []byte("JFIF\x00"))
			for _, p := range app11Segments(store, 0x0211, 110) {
				j.seg(jpegAPP11, p)
			}
			return j.scan().eoi()
		}(),
		check: func(t *testing.T, inv *Inventory, data []byte) {
			if len(inv.C2PA) != 1 {
				t.Fatalf("%d C2PA blocks, want 1 (warnings %v)", len(inv.C2PA), inv.Warnings)
			}
			c := inv.C2PA[0]
			if !bytes.Equal(c.Data, store) {
				t.Errorf("reassembled store differs: %d bytes, want %d", len(c.Data), len(store))
			}
			if string(c.Data[4:8]) != "jumb" || c.Source != "APP11" {
				t.Errorf("store %q source %s", c.Data[:8], c.Source)
			}
			var app11 []Segment
			for _, s := range inv.Segments {
				if s.Type == "APP11" {
					app11 = append(app11, s)
				}
			}
			if len(app11) != 3 {
				t.Fatalf("%d APP11 segments, want 3", len(app11))
			}
			if c.Offset != app11[0].Offset || c.Offset+c.Length != app11[2].Offset+app11[2].Length {
				t.Errorf("store span %d+%d, segments %+v", c.Offset, c.Length, app11)
			}
			if len(inv.Warnings) != 0 {
				t.Errorf("warnings %v", inv.Warnings)
			}
		},
	}, {
		name: "two stores with different box instances",
		data: func() []byte {
			j := newJPEGBuild()
			for _, p := range app11Segments(store, 1, 200) {
				j.seg(jpegAPP11, p)
			}
			for _, p := range app11Segments(jumbfStore("c2pa", 50), 2, 200) {
				j.seg(jpegAPP11, p)
			}
			return j.scan().eoi()
		}(),
		check: func(t *testing.T, inv *Inventory, data []byte) {
			if len(inv.C2PA) != 2 || !bytes.Equal(inv.C2PA[0].Data, store) || len(inv.C2PA[1].Data) != 50 {
				t.Errorf("%d stores, want 2 (warnings %v)", len(inv.C2PA), inv.Warnings)
			}
		},
	}, {
		name: "missing APP11 packet",
		data: func() []byte {
			segs := app11Segments(store, 1, 100)
			return newJPEGBuild().seg(jpegAPP11, segs[0]).seg(jpegAPP11, segs[2]).scan().eoi()
		}(),
		check: func(t *testing.T, inv *Inventory, data []byte) {
			if len(inv.C2PA) != 1 || !slices.Equal(rasterWarnings(inv), []string{"malformed", "malformed"}) {
				t.Errorf("%d stores, warnings %v: want one store, a sequence and a length warning", len(inv.C2PA), inv.Warnings)
			}
		},
	}, {
		name: "APP11 pieces bounded by MaxBlocks",
		data: func() []byte {
			j := newJPEGBuild()
			for _, p := range app11Segments(store, 1, 20) {
				j.seg(jpegAPP11, p)
			}
			return j.scan().eoi()
		}(),
		lim: Limits{MaxBlocks: 4},
		check: func(t *testing.T, inv *Inventory, data []byte) {
			if len(inv.C2PA) != 1 || len(inv.C2PA[0].Data) != 4*20 {
				t.Errorf("%d stores, want one of 4 pieces", len(inv.C2PA))
			}
			if got := rasterWarnings(inv); !slices.Equal(got, []string{"limit", "limit", "malformed"}) {
				t.Errorf("warnings %v", got)
			}
		},
	}, {
		name: "jumbf that is not c2pa goes to Other",
		data: newJPEGBuild().seg(jpegAPP11, app11Segments(jumbfStore("xxxx", 60), 1, 100)[0]).scan().eoi(),
		check: func(t *testing.T, inv *Inventory, data []byte) {
			if len(inv.C2PA) != 0 || len(inv.Other) != 1 || inv.Other[0].Key != "JUMBF" {
				t.Errorf("C2PA %d Other %+v", len(inv.C2PA), inv.Other)
			}
		},
	}, {
		name: "icc in two chunks, out of order",
		data: newJPEGBuild().
			seg(jpegAPP2, []byte("ICC_PROFILE\x00\x02\x02"), icc[100:]).
			seg(jpegAPP2, []byte("ICC_PROFILE\x00\x01\x02"), icc[:100]).
			scan().eoi(),
		check: func(t *testing.T, inv *Inventory, data []byte) {
			if len(inv.ICC) != 1 || !bytes.Equal(inv.ICC[0].Data, icc) || len(inv.Warnings) != 0 {
				t.Errorf("ICC %d warnings %v", len(inv.ICC), inv.Warnings)
			}
		},
	}, {
		name: "comment in latin-1",
		data: newJPEGBuild().seg(jpegCOM, []byte("caf\xe9\x00")).scan().eoi(),
		check: func(t *testing.T, inv *Inventory, data []byte) {
			if len(inv.Text) != 1 || inv.Text[0].Value != "café" || inv.Text[0].Source != "COM" || inv.Text[0].Offset != 2 {
				t.Errorf("text %+v", inv.Text)
			}
		},
	}, {
		name: "progressive with tables between scans",
		data: newJPEGBuild().
			sof(0xC2, 8, 8, 0x21, 0x11).scan().
			seg(jpegDHT, make([]byte, 29)).scan().
			seg(jpegDHT, make([]byte, 29)).scan().eoi(),
		check: func(t *testing.T, inv *Inventory, data []byte) {
			want := []string{"SOI", "SOF2", "SOS", "DHT", "SOS", "DHT", "SOS", "EOI"}
			if got := rasterSegmentTypes(inv); !slices.Equal(got, want) {
				t.Errorf("segments %v, want %v", got, want)
			}
			if !inv.Progressive || inv.Subsampling != "4:2:2" {
				t.Errorf("progressive %v subsampling %q", inv.Progressive, inv.Subsampling)
			}
		},
	}, {
		name: "trailing data",
		data: append(jpegMinimal(), "samsung trailer"...),
		check: func(t *testing.T, inv *Inventory, data []byte) {
			if inv.Trailer.Offset != int64(len(data)-15) || inv.Trailer.Length != 15 {
				t.Errorf("trailer %+v", inv.Trailer)
			}
			if got := rasterWarnings(inv); !slices.Equal(got, []string{"trailing-data"}) {
				t.Errorf("warnings %v", got)
			}
		},
	}, {
		name: "zero padding after EOI is recorded without a warning",
		data: append(jpegMinimal(), 0, 0, 0, 0),
		check: func(t *testing.T, inv *Inventory, data []byte) {
			if inv.Trailer.Length != 4 || len(inv.Warnings) != 0 {
				t.Errorf("trailer %+v warnings %v", inv.Trailer, inv.Warnings)
			}
		},
	}, {
		name: "truncated mid-segment",
		data: newJPEGBuild().seg(jpegAPP1, []byte("Exif\x00\x00"), rasterTIFFStub).seg(jpegCOM, []byte("a comment"+strings.Repeat(".", 40))).b[:40],
		check: func(t *testing.T, inv *Inventory, data []byte) {
			if len(inv.EXIF) != 1 || !slices.Contains(rasterWarnings(inv), "truncated") {
				t.Errorf("EXIF %d warnings %v: want the EXIF kept and a truncated warning", len(inv.EXIF), inv.Warnings)
			}
			if got := rasterSegmentTypes(inv); !slices.Equal(got, []string{"SOI", "APP1", "COM"}) {
				t.Errorf("segments %v", got)
			}
			if len(inv.Text) != 0 {
				t.Errorf("a cut COM segment was read: %+v", inv.Text)
			}
		},
	}, {
		name: "truncated inside the scan",
		data: newJPEGBuild().sof(jpegSOF0, 8, 8, 0x11, 0x11).scan().b,
		check: func(t *testing.T, inv *Inventory, data []byte) {
			if got := rasterWarnings(inv); !slices.Equal(got, []string{"truncated"}) {
				t.Errorf("warnings %v", got)
			}
			if inv.Width != 8 {
				t.Errorf("frame header lost: width %d", inv.Width)
			}
		},
	}, {
		name: "fill bytes and junk between segments",
		data: newJPEGBuild().raw(0xFF, 0xFF).seg(jpegCOM, []byte("x")).raw('j', 'u', 'n', 'k').scan().eoi(),
		check: func(t *testing.T, inv *Inventory, data []byte) {
			if got := rasterSegmentTypes(inv); !slices.Equal(got, []string{"SOI", "COM", "SOS", "EOI"}) {
				t.Errorf("segments %v", got)
			}
			if got := rasterWarnings(inv); !slices.Equal(got, []string{"malformed"}) {
				t.Errorf("warnings %v", got)
			}
		},
	}, {
		name: "repeated damage is reported a bounded number of times",
		data: newJPEGBuild().raw(bytes.Repeat([]byte{0xFF, 0x00}, 500)...).scan().eoi(),
		check: func(t *testing.T, inv *Inventory, data []byte) {
			got := rasterWarnings(inv)
			if len(got) != maxWarnings+1 || got[len(got)-1] != "limit" {
				t.Errorf("%d warnings ending in %q, want %d ending in limit", len(got), got[len(got)-1], maxWarnings+1)
			}
			if inv.Segments[len(inv.Segments)-1].Type != "EOI" {
				t.Errorf("walk stopped early: %v", rasterSegmentTypes(inv))
			}
		},
	}, {
		name: "segment limit",
		data: newJPEGBuild().seg(jpegCOM, []byte("1")).seg(jpegCOM, []byte("2")).seg(jpegCOM, []byte("3")).scan().eoi(),
		lim:  Limits{MaxBlocks: 3},
		check: func(t *testing.T, inv *Inventory, data []byte) {
			if len(inv.Segments) != 3 || len(inv.Text) != 3 {
				t.Errorf("%d segments %d texts, want 3 and 3", len(inv.Segments), len(inv.Text))
			}
			if got := rasterWarnings(inv); !slices.Equal(got, []string{"limit"}) {
				t.Errorf("warnings %v, want one limit warning", got)
			}
		},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inv := &Inventory{Format: "jpeg"}
			if err := walkJPEG(t.Context(), inv, tt.data, tt.lim); err != nil {
				t.Fatalf("walkJPEG: %v", err)
			}
			rasterCheckBounds(t, inv, len(tt.data))
			tt.check(t, inv, tt.data)
		})
	}
}

func TestWalkJPEGRejectsNonJPEG(t *testing.T) {
	for _, data := range [][]byte{nil, {0xFF}, []byte("\x89PNG\r\n\x1a\n")} {
		if err := walkJPEG(t.Context(), &Inventory{}, data, Limits{}); err == nil {
			t.Errorf("walkJPEG(%q) = nil, want an error", data)
		}
	}
}

func TestJPEGSubsampling(t *testing.T) {
	tests := []struct {
		luma, chroma byte
		want         string
	}{
		{0x11, 0x11, "4:4:4"},
		{0x21, 0x11, "4:2:2"},
		{0x22, 0x11, "4:2:0"},
		{0x41, 0x11, "4:1:1"},
		{0x12, 0x11, "4:4:0"},
		{0x22, 0x22, "4:4:4"},
		{0x31, 0x11, ""},
		{0x22, 0x00, ""},
	}
	for _, tt := range tests {
		if got := jpegSubsampling(tt.luma, tt.chroma); got != tt.want {
			t.Errorf("jpegSubsampling(%#x, %#x) = %q, want %q", tt.luma, tt.chroma, got, tt.want)
		}
	}
}

func BenchmarkWalkJPEG(b *testing.B) {
	data := newJPEGBuild().seg(jpegAPP1, []byte("Exif\x00\x00"), rasterTIFFStub).sof(jpegSOF0, 8, 8, 0x22, 0x11).scan().b
	// Entropy-coded data looks random; every 0xFF is stuffed with 0x00.
	rng := rand.New(rand.NewChaCha8([32]byte{}))
	for range 1 << 20 {
		c := byte(rng.Uint32())
		data = append(data, c)
		if c == 0xFF {
			data = append(data, 0)
		}
	}
	data = append(data, 0xFF, 0xD9)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		inv := &Inventory{Format: "jpeg"}
		if err := walkJPEG(b.Context(), inv, data, Limits{}); err != nil {
			b.Fatal(err)
		}
	}
}
