package container

import (
	"bytes"
	"encoding/binary"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func TestWalkBMFF(t *testing.T) {
	exifTIFF := []byte("MM\x00*\x00\x00\x00\x08\x00\x00\x00\x00\x00\x00")
	xmp := []byte("<x:xmpmeta>heic</x:xmpmeta>")
	store := jumbfTestStore()
	heic := bmffHEIC(exifTIFF, xmp, store)

	tests := []struct {
		name  string
		data  []byte
		lim   Limits
		check func(t *testing.T, inv *Inventory)
		warns []string
	}{
		{
			name: "HEIC items, properties and C2PA",
			data: heic,
			check: func(t *testing.T, inv *Inventory) {
				if inv.MediaType != "image/heic" || !slices.Equal(inv.Brands, []string{"heic", "mif1", "heic"}) {
					t.Errorf("media type %s brands %q", inv.MediaType, inv.Brands)
				}
				if inv.Width != 640 || inv.Height != 480 {
					t.Errorf("size %dx%d, want the primary item's 640x480", inv.Width, inv.Height)
				}
				if inv.Animated {
					t.Errorf("a still HEIC is not animated")
				}
				rtbWantBlock(t, "EXIF", inv.EXIF, "iloc:Exif", exifTIFF)
				rtbWantBlock(t, "XMP", inv.XMP, "iloc:mime", xmp)
				rtbWantBlock(t, "C2PA", inv.C2PA, "uuid:c2pa", store)
				if c := inv.C2PA[0]; c.Offset != inv.Segments[1].Offset || c.Length != inv.Segments[1].Length {
					t.Errorf("C2PA block [%d,+%d), want the whole uuid box %+v", c.Offset, c.Length, inv.Segments[1])
				}
				rtbWantTypes(t, inv, "ftyp", "uuid", "meta", "mdat")
			},
		},
		{
			name: "no primary item: largest ispe",
			data: bytes.Replace(heic, []byte("pitm\x00\x00\x00\x00\x00\x01"), []byte("pitm\x00\x00\x00\x00\x00\x09"), 1),
			check: func(t *testing.T, inv *Inventory) {
				if inv.Width != 640 || inv.Height != 480 {
					t.Errorf("size %dx%d, want the largest ispe 640x480", inv.Width, inv.Height)
				}
			},
		},
		{
			name: "largesize and size 0",
			data: slices.Concat(
				bmffFtyp("avif", "avif", "mif1"),
				[]byte{0, 0, 0, 1}, []byte("free"), binary.BigEndian.AppendUint64(nil, 16+5), []byte("12345"),
				bmffC2PABox("manifest", store),
				[]byte{0, 0, 0, 0}, []byte("mdat"), make([]byte, 100)),
			check: func(t *testing.T, inv *Inventory) {
				if inv.MediaType != "image/avif" {
					t.Errorf("media type %s", inv.MediaType)
				}
				rtbWantTypes(t, inv, "ftyp", "free", "uuid", "mdat")
				if s := inv.Segments[1]; s.Length != 21 {
					t.Errorf("largesize box length %d, want 21", s.Length)
				}
				if s := inv.Segments[3]; s.Length != 108 {
					t.Errorf("size-0 box length %d, want 108 (to the end)", s.Length)
				}
				rtbWantBlock(t, "C2PA", inv.C2PA, "uuid:c2pa", store)
			},
		},
		{
			name: "C2PA uuid box with another purpose",
			data: slices.Concat(bmffFtyp("heic", "mif1"), bmffC2PABox("merkle", []byte{1, 2, 3})),
			check: func(t *testing.T, inv *Inventory) {
				if len(inv.C2PA) != 0 || len(inv.Other) != 1 || inv.Other[0].Source != "uuid:c2pa:merkle" {
					t.Errorf("C2PA %d Other %+v, want the merkle box in Other only", len(inv.C2PA), inv.Other)
				}
			},
		},
		{
			name: "MP4 track and ilst",
			data: bmffMP4(1280, 720, 42),
			check: func(t *testing.T, inv *Inventory) {
				if inv.Width != 1280 || inv.Height != 720 || !inv.Animated || inv.Frames != 42 {
					t.Errorf("got %dx%d animated %v frames %d, want 1280x720 true 42", inv.Width, inv.Height, inv.Animated, inv.Frames)
				}
				if e, ok := inv.TextValue("\xa9too"); !ok || e.Value != "Lavf61.1.100" {
					t.Errorf("©too = %+v %v, want Lavf61.1.100", e, ok)
				}
				rtbWantTypes(t, inv, "ftyp", "moov", "mdat")
			},
		},
		{
			name: "image sequence brand is animated",
			data: bmffFtyp("msf1", "msf1", "mif1"),
			check: func(t *testing.T, inv *Inventory) {
				if !inv.Animated {
					t.Errorf("msf1 brand: Animated false")
				}
			},
		},
		{
			name: "truncated last box",
			data: heic[:len(heic)-3],
			check: func(t *testing.T, inv *Inventory) {
				rtbWantBlock(t, "EXIF", inv.EXIF, "iloc:Exif", exifTIFF)
			},
			warns: []string{"truncated"},
		},
		{
			name: "garbage after the last box",
			data: append(slices.Clone(heic), 1, 2, 3),
			check: func(t *testing.T, inv *Inventory) {
				if inv.Trailer.Length != 3 {
					t.Errorf("trailer %+v, want 3 bytes", inv.Trailer)
				}
			},
			warns: []string{"trailing-data"},
		},
		{
			name: "Exif extent outside the file",
			data: func() []byte {
				d := slices.Clone(heic)
				i := bytes.Index(d, []byte("iloc"))
				// First extent offset of item 3 (after item 1's 16 bytes).
				binary.BigEndian.PutUint32(d[i+4+4+2+2+16+8:], 1<<30)
				return d
			}(),
			check: func(t *testing.T, inv *Inventory) {
				if len(inv.EXIF) != 0 || len(inv.XMP) != 1 {
					t.Errorf("EXIF %d XMP %d, want no EXIF and the XMP still read", len(inv.EXIF), len(inv.XMP))
				}
			},
			warns: []string{"malformed"},
		},
		{
			name: "depth limit",
			data: slices.Concat(bmffFtyp("isom"), nestedBoxes("moov", "udta", "meta", "ilst", "abcd", "data")),
			lim:  Limits{MaxDepth: 3},
			check: func(t *testing.T, inv *Inventory) {
				if len(inv.Text) != 0 {
					t.Errorf("text below the depth limit was read: %+v", inv.Text)
				}
			},
			warns: []string{"limit"},
		},
		{
			name: "segment limit",
			data: slices.Concat(bmffFtyp("heic"), bmffBoxBytes("free"), bmffBoxBytes("free"), bmffBoxBytes("free"), bmffC2PABox("manifest", store)),
			lim:  Limits{MaxBlocks: 2},
			check: func(t *testing.T, inv *Inventory) {
				if len(inv.Segments) != 2 {
					t.Errorf("%d segments, want 2", len(inv.Segments))
				}
			},
			warns: []string{"limit"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inv, err := Walk(t.Context(), tt.data, tt.lim)
			if err != nil {
				t.Fatalf("Walk: %v", err)
			}
			if inv.Format != "bmff" {
				t.Fatalf("format %q, want bmff", inv.Format)
			}
			if got := rtbWarnings(inv); !slices.Equal(got, tt.warns) {
				t.Errorf("warnings %v (%v), want %v", got, inv.Warnings, tt.warns)
			}
			rtbCheckBounds(t, inv, len(tt.data))
			tt.check(t, inv)
		})
	}
}

func TestWalkBMFFErrors(t *testing.T) {
	for _, data := range [][]byte{
		[]byte("\x00\x00\x00\x04ftypheic"), // size smaller than the header
		[]byte("\x00\x00\x00"),
	} {
		if err := walkBMFF(t.Context(), &Inventory{}, data, Limits{}); err == nil {
			t.Errorf("walkBMFF(%q) = nil error, want one", data)
		}
	}
}

// TestBMFFExifOffset checks the Exif item header: a 4-byte offset to the
// TIFF header, with or without "Exif\0\0" in between.
func TestBMFFExifOffset(t *testing.T) {
	tiff := []byte("II*\x00\x08\x00\x00\x00")
	for _, tt := range []struct {
		name    string
		payload []byte
		want    []byte
	}{
		{"offset 6 past Exif header", slices.Concat([]byte{0, 0, 0, 6}, []byte("Exif\x00\x00"), tiff), tiff},
		{"offset 0 then Exif header", slices.Concat([]byte{0, 0, 0, 0}, []byte("Exif\x00\x00"), tiff), tiff},
		{"offset 0 bare TIFF", slices.Concat([]byte{0, 0, 0, 0}, tiff), tiff},
		{"offset past the end", slices.Concat([]byte{0, 0, 1, 0}, tiff), nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			w := &bmffWalker{inv: &Inventory{}, lim: DefaultLimits, data: tt.payload, items: map[uint32]*bmffItem{
				7: {typ: "Exif", located: true, extents: []bmffExtent{{0, uint64(len(tt.payload))}}},
			}}
			w.recorder = newRecorder(w.inv, w.lim)
			w.items2blocks()
			if tt.want == nil {
				if len(w.inv.EXIF) != 0 || len(w.inv.Warnings) != 1 {
					t.Errorf("EXIF %d warnings %v, want none and one warning", len(w.inv.EXIF), w.inv.Warnings)
				}
				return
			}
			rtbWantBlock(t, "EXIF", w.inv.EXIF, "iloc:Exif", tt.want)
		})
	}
}

// nestedBoxes returns boxes nested in the given order, the last holding an
// ilst-style UTF-8 data payload.
func nestedBoxes(types ...string) []byte {
	b := []byte{0, 0, 0, 1, 0, 0, 0, 0, 'x'}
	for _, typ := range slices.Backward(types) {
		b = bmffBoxBytes(typ, b)
	}
	return b
}

// TestBMFFTestdataHEIC reads the two real HEIC files kept in testdata: the
// same icon before and after signing.
func TestBMFFTestdataHEIC(t *testing.T) {
	for _, tt := range []struct {
		file string
		c2pa bool
	}{
		{"bmff_trustnxt-icon.heic", false},
		{"bmff_trustnxt-icon-signed-v2-bmff.heic", true},
	} {
		t.Run(tt.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			inv, err := Walk(t.Context(), data, Limits{})
			if err != nil {
				t.Fatalf("Walk: %v", err)
			}
			if inv.MediaType != "image/heic" || inv.Width != 1056 || inv.Height != 1056 || len(inv.Warnings) != 0 {
				t.Errorf("%s %dx%d warnings %v, want image/heic 1056x1056 and no warnings", inv.MediaType, inv.Width, inv.Height, inv.Warnings)
			}
			if got := len(inv.C2PA) == 1 && rtbIsJUMBF(inv.C2PA[0].Data); got != tt.c2pa {
				t.Errorf("C2PA store found %v (%d blocks), want %v", got, len(inv.C2PA), tt.c2pa)
			}
			rtbCheckBounds(t, inv, len(data))
		})
	}
}

// TestBMFFIlocVersions decodes the iloc field layouts of versions 0 and 2:
// base offsets, 8-byte offsets and 32-bit item IDs.
func TestBMFFIlocVersions(t *testing.T) {
	be := binary.BigEndian
	// Version 0: offset 4, length 4, base 4; one item with one extent.
	v0 := []byte{0x44, 0x40}
	v0 = be.AppendUint16(v0, 1)
	v0 = be.AppendUint16(v0, 9)    // item ID
	v0 = be.AppendUint16(v0, 0)    // data reference index
	v0 = be.AppendUint32(v0, 1000) // base offset
	v0 = be.AppendUint16(v0, 1)    // extent count
	v0 = be.AppendUint32(v0, 24)   // extent offset
	v0 = be.AppendUint32(v0, 100)  // extent length
	// Version 2: offset 8, length 4, no base, index 4; 32-bit item ID, idat.
	v2 := []byte{0x84, 0x04}
	v2 = be.AppendUint32(v2, 1)
	v2 = be.AppendUint32(v2, 70000) // item ID
	v2 = be.AppendUint16(v2, 1)     // construction method 1
	v2 = be.AppendUint16(v2, 0)     // data reference index
	v2 = be.AppendUint16(v2, 2)     // extent count
	v2 = be.AppendUint32(v2, 0)     // extent index
	v2 = be.AppendUint64(v2, 1<<33) // extent offset
	v2 = be.AppendUint32(v2, 5)     // extent length
	v2 = be.AppendUint32(v2, 0)
	v2 = be.AppendUint64(v2, 7)
	v2 = be.AppendUint32(v2, 6)
	for _, tt := range []struct {
		name string
		box  []byte
		id   uint32
		want bmffItem
	}{
		{"v0 base offset", bmffFull("iloc", 0, 0, v0), 9, bmffItem{located: true, base: 1000, extents: []bmffExtent{{24, 100}}}},
		{"v2 wide fields", bmffFull("iloc", 2, 0, v2), 70000, bmffItem{located: true, method: 1, extents: []bmffExtent{{1 << 33, 5}, {7, 6}}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			w := &bmffWalker{inv: &Inventory{}, lim: DefaultLimits, data: tt.box, items: map[uint32]*bmffItem{}}
			w.recorder = newRecorder(w.inv, w.lim)
			w.iloc(bmffBox{typ: "iloc", body: 8, end: int64(len(tt.box))}, tt.box[8:])
			it := w.items[tt.id]
			if it == nil {
				t.Fatalf("item %d not read; warnings %v", tt.id, w.inv.Warnings)
			}
			if it.located != tt.want.located || it.method != tt.want.method || it.base != tt.want.base || !slices.Equal(it.extents, tt.want.extents) {
				t.Errorf("item %+v, want %+v", *it, tt.want)
			}
			if len(w.inv.Warnings) != 0 {
				t.Errorf("warnings %v", w.inv.Warnings)
			}
		})
	}
}

// TestBMFFQuickTimeKeys reads a QuickTime moov/meta (not a full box) whose
// ilst items are 1-based indexes into its keys box.
func TestBMFFQuickTimeKeys(t *testing.T) {
	be := binary.BigEndian
	key := "com.apple.quicktime.software"
	keys := be.AppendUint32(make([]byte, 4), 1)
	keys = be.AppendUint32(keys, uint32(8+len(key)))
	keys = append(append(keys, "mdta"...), key...)
	item := bmffBoxBytes("\x00\x00\x00\x01", bmffBoxBytes("data", []byte{0, 0, 0, 1, 0, 0, 0, 0}, []byte("Example 1.0")))
	meta := bmffBoxBytes("meta", // QuickTime: no version and flags
		bmffFull("hdlr", 0, 0, []byte{0, 0, 0, 0}, []byte("mdta"), make([]byte, 13)),
		bmffBoxBytes("keys", keys),
		bmffBoxBytes("ilst", item))
	data := slices.Concat(bmffFtyp("qt  ", "qt  "), bmffBoxBytes("moov", meta))
	inv, err := Walk(t.Context(), data, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if inv.MediaType != "video/quicktime" {
		t.Errorf("media type %s", inv.MediaType)
	}
	if e, ok := inv.TextValue(key); !ok || e.Value != "Example 1.0" || e.Source != "ilst" {
		t.Errorf("%s = %+v %v, want Example 1.0", key, e, ok)
	}
	if len(inv.Warnings) != 0 {
		t.Errorf("warnings %v", inv.Warnings)
	}
}

// TestBMFFInfeVersions reads item infos of versions 0 (no type: content
// type only), 2 and 3 (32-bit item IDs).
func TestBMFFInfeVersions(t *testing.T) {
	be := binary.BigEndian
	v3 := be.AppendUint32(nil, 1<<20)
	v3 = append(append(v3, 0, 0), "Exif\x00"...)
	v0 := be.AppendUint16(nil, 5)
	v0 = append(append(v0, 0, 0), "name\x00application/rdf+xml\x00"...)
	for _, tt := range []struct {
		name       string
		box        []byte
		id         uint32
		typ, ctype string
	}{
		{"v0", bmffFull("infe", 0, 0, v0), 5, "mime", "application/rdf+xml"},
		{"v2 mime", bmffInfe(7, "mime", "application/rdf+xml"), 7, "mime", "application/rdf+xml"},
		{"v3", bmffFull("infe", 3, 0, v3), 1 << 20, "Exif", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			w := &bmffWalker{inv: &Inventory{}, lim: DefaultLimits, data: tt.box, items: map[uint32]*bmffItem{}}
			w.recorder = newRecorder(w.inv, w.lim)
			w.infe(bmffBox{typ: "infe", body: 8, end: int64(len(tt.box))}, tt.box[8:])
			it := w.items[tt.id]
			if it == nil || it.typ != tt.typ || it.contentType != tt.ctype {
				t.Errorf("item %d = %+v, want type %q content type %q", tt.id, it, tt.typ, tt.ctype)
			}
		})
	}
}
