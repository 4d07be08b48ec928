package container

import (
	"bytes"
	"encoding/binary"
	"slices"
	"testing"
)

func TestWalkRIFF(t *testing.T) {
	store := jumbfTestStore()
	xmp := []byte("<x:xmpmeta/>")
	exifTIFF := []byte("MM\x00*\x00\x00\x00\x08\x00\x00")
	icc := bytes.Repeat([]byte{7}, 9) // odd: exercises the pad byte

	tests := []struct {
		name   string
		data   []byte
		lim    Limits
		check  func(t *testing.T, inv *Inventory)
		warns  []string
		format string
	}{
		{
			name: "VP8X with ICC EXIF XMP C2PA",
			data: riffFile("WEBP",
				riffChunk("VP8X", riffVP8X(0x20|0x10|0x08|0x04, 1050, 700)),
				riffChunk("ICCP", icc),
				riffChunk("VP8 ", riffVP8(16, 16)),
				riffChunk("EXIF", append([]byte("Exif\x00\x00"), exifTIFF...)),
				riffChunk("XMP ", xmp),
				riffChunk("C2PA", store)),
			check: func(t *testing.T, inv *Inventory) {
				if inv.Width != 1050 || inv.Height != 700 {
					t.Errorf("size %dx%d, want the VP8X canvas 1050x700", inv.Width, inv.Height)
				}
				if !inv.HasAlpha || inv.Animated || inv.Frames != 1 {
					t.Errorf("alpha %v animated %v frames %d, want true false 1", inv.HasAlpha, inv.Animated, inv.Frames)
				}
				rtbWantBlock(t, "ICC", inv.ICC, "ICCP", icc)
				rtbWantBlock(t, "EXIF", inv.EXIF, "EXIF", exifTIFF)
				rtbWantBlock(t, "XMP", inv.XMP, "XMP ", xmp)
				rtbWantBlock(t, "C2PA", inv.C2PA, "C2PA", store)
				// ICCP is 9 bytes: 8 header + 9 + 1 pad = 18, after RIFF(12) and VP8X(18).
				if got := inv.Segments[2]; got.Type != "ICCP" || got.Offset != 30 || got.Length != 18 {
					t.Errorf("ICCP segment %+v, want offset 30 length 18", got)
				}
				// The C2PA block locates its whole chunk, the last segment.
				last := inv.Segments[len(inv.Segments)-1]
				if c := inv.C2PA[0]; c.Offset != last.Offset || c.Length != int64(8+len(store)) {
					t.Errorf("C2PA block at %d length %d, want %d length %d", c.Offset, c.Length, last.Offset, 8+len(store))
				}
				rtbWantTypes(t, inv, "RIFF", "VP8X", "ICCP", "VP8 ", "EXIF", "XMP ", "C2PA")
			},
		},
		{
			name: "VP8 lossy size",
			data: riffFile("WEBP", riffChunk("VP8 ", riffVP8(320, 241))),
			check: func(t *testing.T, inv *Inventory) {
				if inv.Width != 320 || inv.Height != 241 || inv.BitDepth != 8 {
					t.Errorf("got %dx%d depth %d, want 320x241 depth 8", inv.Width, inv.Height, inv.BitDepth)
				}
			},
		},
		{
			name: "VP8L lossless size and alpha",
			data: riffFile("WEBP", riffChunk("VP8L", riffVP8L(1000, 16383, true))),
			check: func(t *testing.T, inv *Inventory) {
				if inv.Width != 1000 || inv.Height != 16383 || !inv.HasAlpha {
					t.Errorf("got %dx%d alpha %v, want 1000x16383 alpha", inv.Width, inv.Height, inv.HasAlpha)
				}
			},
		},
		{
			name: "animated frames",
			data: riffFile("WEBP",
				riffChunk("VP8X", riffVP8X(0x02, 64, 32)),
				riffChunk("ANIM", make([]byte, 6)),
				riffChunk("ANMF", make([]byte, 17)),
				riffChunk("ANMF", make([]byte, 16)),
				riffChunk("ANMF", make([]byte, 16)),
				riffChunk("EXIF", exifTIFF)),
			check: func(t *testing.T, inv *Inventory) {
				if !inv.Animated || inv.Frames != 3 || inv.Width != 64 || inv.Height != 32 {
					t.Errorf("animated %v frames %d size %dx%d, want true 3 64x32", inv.Animated, inv.Frames, inv.Width, inv.Height)
				}
				rtbWantBlock(t, "EXIF", inv.EXIF, "EXIF", exifTIFF)
			},
		},
		{
			name: "odd-sized unknown chunk is padded and kept",
			data: riffFile("WEBP",
				riffChunk("VP8 ", riffVP8(8, 8)),
				riffChunk("abcd", []byte{1, 2, 3}),
				riffChunk("C2PA", store)),
			check: func(t *testing.T, inv *Inventory) {
				rtbWantBlock(t, "Other", inv.Other, "abcd", []byte{1, 2, 3})
				rtbWantBlock(t, "C2PA", inv.C2PA, "C2PA", store)
			},
		},
		{
			name: "truncated chunk keeps what came before",
			data: riffFile("WEBP", riffChunk("VP8 ", riffVP8(8, 8)), riffChunk("XMP ", xmp))[:12+8+14+8+4],
			check: func(t *testing.T, inv *Inventory) {
				if inv.Width != 8 {
					t.Errorf("width %d, want 8 from the chunk before the damage", inv.Width)
				}
				rtbWantBlock(t, "XMP", inv.XMP, "XMP ", xmp[:4])
			},
			warns: []string{"truncated", "truncated"},
		},
		{
			name: "trailing data after the RIFF end",
			data: append(riffFile("WEBP", riffChunk("VP8 ", riffVP8(8, 8))), "JUNKJUNK"...),
			check: func(t *testing.T, inv *Inventory) {
				if inv.Trailer.Offset != 34 || inv.Trailer.Length != 8 {
					t.Errorf("trailer %+v, want offset 34 length 8", inv.Trailer)
				}
			},
			warns: []string{"trailing-data"},
		},
		{
			name: "WAV with LIST INFO and C2PA",
			data: riffFile("WAVE",
				riffChunk("fmt ", make([]byte, 16)),
				riffChunk("LIST", append([]byte("INFO"), riffChunk("ISFT", []byte("Lavf60.3.100\x00"))...)),
				riffChunk("data", make([]byte, 10)),
				riffChunk("C2PA", store)),
			format: "riff",
			check: func(t *testing.T, inv *Inventory) {
				if e, ok := inv.TextValue("ISFT"); !ok || e.Value != "Lavf60.3.100" || e.Source != "LIST:INFO" {
					t.Errorf("ISFT text %+v %v, want Lavf60.3.100 from LIST:INFO", e, ok)
				}
				rtbWantBlock(t, "C2PA", inv.C2PA, "C2PA", store)
				if len(inv.Other) != 0 {
					t.Errorf("Other = %d blocks, want none: fmt and data are media", len(inv.Other))
				}
				rtbWantTypes(t, inv, "RIFF", "fmt ", "LIST", "ISFT", "data", "C2PA")
			},
		},
		{
			name: "C2PA and XMP count only at the top level",
			data: riffFile("WAVE",
				riffChunk("LIST", slices.Concat([]byte("abcd"), riffChunk("C2PA", store), riffChunk("_PMX", xmp))),
				riffChunk("_PMX", xmp)),
			format: "riff",
			check: func(t *testing.T, inv *Inventory) {
				if len(inv.C2PA) != 0 {
					t.Errorf("C2PA inside a LIST was taken as a manifest store")
				}
				rtbWantBlock(t, "XMP", inv.XMP, "_PMX", xmp)
				if len(inv.Other) != 2 {
					t.Errorf("Other = %d blocks, want the 2 chunks of the LIST", len(inv.Other))
				}
			},
		},
		{
			name: "AVI header size",
			data: riffFile("AVI ",
				riffChunk("LIST", slices.Concat([]byte("hdrl"), riffChunk("avih", riffAVIHeader(1920, 1080, 250)))),
				riffChunk("LIST", slices.Concat([]byte("movi"), riffChunk("00dc", make([]byte, 4))))),
			format: "riff",
			check: func(t *testing.T, inv *Inventory) {
				if inv.Width != 1920 || inv.Height != 1080 || inv.Frames != 250 || !inv.Animated {
					t.Errorf("got %dx%d frames %d animated %v, want 1920x1080 250 true", inv.Width, inv.Height, inv.Frames, inv.Animated)
				}
				rtbWantTypes(t, inv, "RIFF", "LIST", "avih", "LIST") // movi is not walked
			},
		},
		{
			name: "segment limit still finds C2PA at the end",
			data: riffFile("WEBP",
				riffChunk("VP8 ", riffVP8(8, 8)),
				riffChunk("JUNK", nil), riffChunk("JUNK", nil), riffChunk("JUNK", nil), riffChunk("JUNK", nil),
				riffChunk("C2PA", store)),
			lim: Limits{MaxBlocks: 3},
			check: func(t *testing.T, inv *Inventory) {
				if len(inv.Segments) != 3 {
					t.Errorf("%d segments, want 3 (the limit)", len(inv.Segments))
				}
				if len(inv.C2PA) != 1 {
					t.Errorf("C2PA blocks %d, want 1", len(inv.C2PA))
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
			want := tt.format
			if want == "" {
				want = "webp"
			}
			if inv.Format != want {
				t.Fatalf("format %q, want %q", inv.Format, want)
			}
			if got := rtbWarnings(inv); !slices.Equal(got, tt.warns) {
				t.Errorf("warnings %v (%v), want %v", got, inv.Warnings, tt.warns)
			}
			rtbCheckBounds(t, inv, len(tt.data))
			tt.check(t, inv)
		})
	}
}

func TestWalkRIFFErrors(t *testing.T) {
	for _, data := range [][]byte{[]byte("RIFF\x00\x00"), []byte("RIFX\x04\x00\x00\x00WEBPxxxx")} {
		inv := &Inventory{}
		if err := walkRIFF(t.Context(), inv, data, Limits{}); err == nil {
			t.Errorf("walkRIFF(%q) = nil error, want one", data)
		}
	}
}

// riffAVIHeader returns an avih payload.
func riffAVIHeader(w, h, frames uint32) []byte {
	p := make([]byte, 56)
	binary.LittleEndian.PutUint32(p[16:], frames)
	binary.LittleEndian.PutUint32(p[32:], w)
	binary.LittleEndian.PutUint32(p[36:], h)
	return p
}

// rtbWantBlock checks that blocks holds exactly one block from source whose
// data is want.
func rtbWantBlock(t *testing.T, what string, blocks []Block, source string, want []byte) {
	t.Helper()
	if len(blocks) != 1 {
		t.Errorf("%s: %d blocks, want 1", what, len(blocks))
		return
	}
	if b := blocks[0]; b.Source != source || !bytes.Equal(b.Data, want) {
		t.Errorf("%s: block %q data %q, want %q data %q", what, b.Source, b.Data, source, want)
	}
}

// rtbWantTypes checks the segment types in order.
func rtbWantTypes(t *testing.T, inv *Inventory, types ...string) {
	t.Helper()
	if got := rtbSegments(inv); !slices.Equal(got, types) {
		t.Errorf("segments %q, want %q", got, types)
	}
}
