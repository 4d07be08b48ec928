package container

import (
	"encoding/binary"
	"slices"
	"testing"
)

func TestWalkTIFF(t *testing.T) {
	xmp := []byte("<x:xmpmeta>tiff</x:xmpmeta>")
	iptc := []byte{0x1c, 0x02, 0x78, 0x00, 0x05, 'h', 'e', 'l', 'l', 'o'}
	icc := make([]byte, 132)
	store := jumbfTestStore()
	irb := slices.Concat([]byte("8BIM\x04\x04\x00\x00"), []byte{0, 0, 0, 4}, []byte{0x1c, 0x02, 0x05, 0x00})

	tagged := func(bo tiffOrder) [][]tiffTestEntry {
		return [][]tiffTestEntry{{
			tiffLong(bo, tiffImageWidth, 4000),
			tiffShort(bo, tiffImageLength, 3000),
			tiffShort(bo, tiffBitsPerSample, 8),
			tiffShort(bo, tiffSamplesPerPixel, 3),
			tiffBytes(tiffXMP, 1, xmp),
			tiffBytes(tiffIPTC, 7, iptc),
			tiffBytes(tiffPhotoshop, 7, irb),
			tiffSub(tiffExifIFD, 0),
			tiffBytes(tiffICC, 7, icc),
			tiffSub(tiffGPSIFD, 1),
			tiffBytes(tiffC2PA, 7, store),
		}}
	}
	exifIFD := []tiffTestEntry{tiffBytes(0x9003, 2, []byte("2024:01:01 10:00:00\x00"))}
	gpsIFD := []tiffTestEntry{tiffBytes(0x0000, 1, []byte{2, 3, 0, 0})}

	tests := []struct {
		name  string
		data  func() []byte
		lim   Limits
		check func(t *testing.T, inv *Inventory, data []byte)
		warns []string
	}{
		{
			name: "little-endian tags",
			data: func() []byte {
				return tiffBuild(binary.LittleEndian, tagged(binary.LittleEndian), exifIFD, gpsIFD).data
			},
			check: func(t *testing.T, inv *Inventory, data []byte) {
				if inv.Width != 4000 || inv.Height != 3000 || inv.BitDepth != 8 || inv.Components != 3 || inv.Frames != 1 {
					t.Errorf("got %dx%d depth %d comps %d frames %d", inv.Width, inv.Height, inv.BitDepth, inv.Components, inv.Frames)
				}
				rtbWantBlock(t, "XMP", inv.XMP, "tag:700", xmp)
				rtbWantBlock(t, "ICC", inv.ICC, "tag:34675", icc)
				rtbWantBlock(t, "C2PA", inv.C2PA, "tag:CD41", store)
				rtbWantBlock(t, "Other", inv.Other, "tag:34377", irb)
				if len(inv.IPTC) != 2 || inv.IPTC[0].Source != "tag:33723" || inv.IPTC[1].Source != "irb:0404" || string(inv.IPTC[1].Data) != "\x1c\x02\x05\x00" {
					t.Errorf("IPTC blocks %+v, want tag:33723 then irb:0404", inv.IPTC)
				}
				if len(inv.EXIF) != 1 || inv.EXIF[0].Source != "tiff" || len(inv.EXIF[0].Data) != len(data) {
					t.Errorf("EXIF blocks %+v, want the whole file once", inv.EXIF)
				}
				rtbWantTypes(t, inv, "header", "IFD0", "ExifIFD", "GPSIFD")
				if s := inv.Segments[1]; s.Offset != 8 || s.Length != 2+12*11+4 {
					t.Errorf("IFD0 segment %+v, want offset 8 length %d", s, 2+12*11+4)
				}
			},
		},
		{
			name: "big-endian tags",
			data: func() []byte { return tiffBuild(binary.BigEndian, tagged(binary.BigEndian), exifIFD, gpsIFD).data },
			check: func(t *testing.T, inv *Inventory, _ []byte) {
				if inv.Width != 4000 || inv.Height != 3000 {
					t.Errorf("got %dx%d, want 4000x3000", inv.Width, inv.Height)
				}
				rtbWantBlock(t, "C2PA", inv.C2PA, "tag:CD41", store)
				rtbWantBlock(t, "XMP", inv.XMP, "tag:700", xmp)
			},
		},
		{
			name: "pages",
			data: func() []byte {
				bo := binary.LittleEndian
				return tiffBuild(bo, [][]tiffTestEntry{
					{tiffShort(bo, tiffImageWidth, 10), tiffShort(bo, tiffImageLength, 10)},
					{tiffShort(bo, tiffImageWidth, 20), tiffShort(bo, tiffImageLength, 20)},
					{tiffShort(bo, tiffImageWidth, 5), tiffShort(bo, tiffImageLength, 5)},
				}).data
			},
			check: func(t *testing.T, inv *Inventory, _ []byte) {
				if inv.Frames != 3 || inv.Width != 20 {
					t.Errorf("frames %d width %d, want 3 pages and the largest width 20", inv.Frames, inv.Width)
				}
				rtbWantTypes(t, inv, "header", "IFD0", "IFD1", "IFD2")
			},
		},
		{
			name: "IFD loop",
			data: func() []byte {
				bo := binary.LittleEndian
				l := tiffBuild(bo, [][]tiffTestEntry{
					{tiffShort(bo, tiffImageWidth, 10)},
					{tiffShort(bo, tiffImageWidth, 20), tiffBytes(tiffC2PA, 7, store)},
				})
				// IFD1's next pointer goes back to IFD0.
				bo.PutUint32(l.data[l.chain[1]+2+12*2:], uint32(l.chain[0]))
				return l.data
			},
			check: func(t *testing.T, inv *Inventory, _ []byte) {
				if inv.Frames != 2 {
					t.Errorf("frames %d, want 2", inv.Frames)
				}
				rtbWantBlock(t, "C2PA", inv.C2PA, "tag:CD41", store)
			},
			warns: []string{"malformed"},
		},
		{
			name: "sub-IFD pointing at itself",
			data: func() []byte {
				bo := binary.BigEndian
				return tiffBuild(bo, [][]tiffTestEntry{{tiffSub(tiffExifIFD, 0)}}, []tiffTestEntry{tiffSub(tiffExifIFD, 0)}).data
			},
			check: func(t *testing.T, inv *Inventory, _ []byte) {
				rtbWantTypes(t, inv, "header", "IFD0", "ExifIFD")
			},
			warns: []string{"malformed"},
		},
		{
			name: "value offset outside the file",
			data: func() []byte {
				bo := binary.LittleEndian
				l := tiffBuild(bo, [][]tiffTestEntry{{tiffBytes(tiffXMP, 1, xmp), tiffShort(bo, tiffImageWidth, 77)}})
				bo.PutUint32(l.data[8+2+8:], 1<<31)
				return l.data
			},
			check: func(t *testing.T, inv *Inventory, _ []byte) {
				if len(inv.XMP) != 0 || inv.Width != 77 {
					t.Errorf("XMP %d blocks width %d, want no XMP and width 77 from the next entry", len(inv.XMP), inv.Width)
				}
			},
			warns: []string{"malformed"},
		},
		{
			name: "IFD0 offset outside the file",
			data: func() []byte { return []byte("II*\x00\xff\xff\x00\x00") },
			check: func(t *testing.T, inv *Inventory, _ []byte) {
				if inv.Frames != 0 || len(inv.EXIF) != 1 {
					t.Errorf("frames %d EXIF %d, want 0 and the file as EXIF", inv.Frames, len(inv.EXIF))
				}
			},
			warns: []string{"malformed", "malformed"},
		},
		{
			name: "truncated IFD keeps whole entries",
			data: func() []byte {
				bo := binary.LittleEndian
				l := tiffBuild(bo, [][]tiffTestEntry{{tiffShort(bo, tiffImageWidth, 640), tiffShort(bo, tiffImageLength, 480), tiffShort(bo, tiffSamplesPerPixel, 3)}})
				return l.data[:8+2+12*2+5]
			},
			check: func(t *testing.T, inv *Inventory, _ []byte) {
				if inv.Width != 640 || inv.Height != 480 || inv.Components != 0 {
					t.Errorf("got %dx%d comps %d, want 640x480 and the cut entry ignored", inv.Width, inv.Height, inv.Components)
				}
			},
			warns: []string{"truncated"},
		},
		{
			name: "DNG raw in a SubIFD",
			data: func() []byte {
				bo := binary.LittleEndian
				return tiffBuild(bo, [][]tiffTestEntry{{
					tiffLong(bo, tiffNewSubfileType, 1),
					tiffShort(bo, tiffImageWidth, 256), tiffShort(bo, tiffImageLength, 171),
					tiffSub(tiffSubIFDs, 0),
					tiffBytes(tiffDNGVersion, 1, []byte{1, 4, 0, 0}),
				}}, []tiffTestEntry{
					tiffLong(bo, tiffNewSubfileType, 0),
					tiffLong(bo, tiffImageWidth, 6000), tiffLong(bo, tiffImageLength, 4000),
					tiffShort(bo, tiffBitsPerSample, 14), tiffShort(bo, tiffSamplesPerPixel, 1),
				}).data
			},
			check: func(t *testing.T, inv *Inventory, _ []byte) {
				if inv.Width != 6000 || inv.Height != 4000 || inv.BitDepth != 14 || inv.MediaType != "image/x-adobe-dng" {
					t.Errorf("got %dx%d depth %d %s, want the 6000x4000 raw of a DNG", inv.Width, inv.Height, inv.BitDepth, inv.MediaType)
				}
				rtbWantTypes(t, inv, "header", "IFD0", "IFD0.SubIFD")
			},
		},
		{
			name: "depth limit",
			data: func() []byte {
				bo := binary.BigEndian
				return tiffBuild(bo, [][]tiffTestEntry{{tiffSub(tiffExifIFD, 0)}},
					[]tiffTestEntry{tiffSub(tiffInteropIFD, 1)}, []tiffTestEntry{tiffSub(tiffGPSIFD, 2)}, []tiffTestEntry{}).data
			},
			lim: Limits{MaxDepth: 2},
			check: func(t *testing.T, inv *Inventory, _ []byte) {
				rtbWantTypes(t, inv, "header", "IFD0", "ExifIFD", "InteropIFD")
			},
			warns: []string{"limit"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := tt.data()
			inv, err := Walk(t.Context(), data, tt.lim)
			if err != nil {
				t.Fatalf("Walk: %v", err)
			}
			if inv.Format != "tiff" {
				t.Fatalf("format %q, want tiff", inv.Format)
			}
			if got := rtbWarnings(inv); !slices.Equal(got, tt.warns) {
				t.Errorf("warnings %v (%v), want %v", got, inv.Warnings, tt.warns)
			}
			rtbCheckBounds(t, inv, len(data))
			tt.check(t, inv, data)
		})
	}
}

func TestWalkTIFFErrors(t *testing.T) {
	for _, data := range [][]byte{[]byte("II*\x00"), []byte("XX*\x00\x08\x00\x00\x00")} {
		if err := walkTIFF(t.Context(), &Inventory{}, data, Limits{}); err == nil {
			t.Errorf("walkTIFF(%q) = nil error, want one", data)
		}
	}
}
