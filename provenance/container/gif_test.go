package container

import (
	"bytes"
	"slices"
	"testing"
)

func TestWalkGIF(t *testing.T) {
	infotext := "a cat\nSteps: 20, Sampler: Euler a"
	xmp := `<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"/><?xpacket end="w"?>`
	store := jumbfStore("c2pa", 600) // more than two sub-blocks

	tests := []struct {
		name  string
		data  []byte
		lim   Limits
		check func(t *testing.T, inv *Inventory, data []byte)
	}{{
		name: "comment, xmp, c2pa, loop, two frames",
		data: newGIFBuild(320, 200).
			app("C2PA_GIF\x01\x00\x00", store).
			loop().
			xmp(xmp).
			comment(infotext).
			frame().frame().
			end(),
		check: func(t *testing.T, inv *Inventory, data []byte) {
			want := []string{"header", "global-colour-table", "application", "application", "application", "comment",
				"graphic-control", "image", "graphic-control", "image", "end"}
			if got := rasterSegmentTypes(inv); !slices.Equal(got, want) {
				t.Errorf("segments %v, want %v", got, want)
			}
			if inv.Width != 320 || inv.Height != 200 || inv.Frames != 2 || !inv.Animated {
				t.Errorf("%dx%d frames %d animated %v", inv.Width, inv.Height, inv.Frames, inv.Animated)
			}
			if len(inv.Text) != 1 || inv.Text[0].Value != infotext || inv.Text[0].Source != "gif:comment" {
				t.Errorf("text %+v", inv.Text)
			}
			if len(inv.XMP) != 1 || string(inv.XMP[0].Data) != xmp || inv.XMP[0].Key != "XMP DataXMP" {
				t.Errorf("XMP %+v", inv.XMP)
			}
			if len(inv.C2PA) != 1 || !bytes.Equal(inv.C2PA[0].Data, store) || inv.C2PA[0].Offset != inv.Segments[2].Offset {
				t.Errorf("C2PA %d blocks", len(inv.C2PA))
			}
			if len(inv.Other) != 0 || len(inv.Warnings) != 0 {
				t.Errorf("other %+v warnings %v", inv.Other, inv.Warnings)
			}
		},
	}, {
		name: "one frame, no loop, trailer",
		data: append(newGIFBuild(1, 1).frame().end(), "extra"...),
		check: func(t *testing.T, inv *Inventory, data []byte) {
			if inv.Frames != 1 || inv.Animated {
				t.Errorf("frames %d animated %v", inv.Frames, inv.Animated)
			}
			if inv.Trailer.Offset != int64(len(data)-5) || inv.Trailer.Length != 5 {
				t.Errorf("trailer %+v", inv.Trailer)
			}
			if !slices.Equal(rasterWarnings(inv), []string{"trailing-data"}) {
				t.Errorf("warnings %v", inv.Warnings)
			}
		},
	}, {
		name: "loop extension alone makes it animated",
		data: newGIFBuild(1, 1).loop().frame().end(),
		check: func(t *testing.T, inv *Inventory, data []byte) {
			if !inv.Animated || inv.Frames != 1 {
				t.Errorf("animated %v frames %d", inv.Animated, inv.Frames)
			}
		},
	}, {
		name: "unknown application extension goes to Other",
		data: newGIFBuild(1, 1).app("MGK8BIM0000", []byte("irb")).frame().end(),
		check: func(t *testing.T, inv *Inventory, data []byte) {
			if len(inv.Other) != 1 || inv.Other[0].Key != "MGK8BIM0000" || string(inv.Other[0].Data) != "irb" {
				t.Errorf("other %+v", inv.Other)
			}
		},
	}, {
		name: "xmp without magic trailer",
		data: func() []byte {
			g := newGIFBuild(1, 1)
			g.b = append(g.b, 0x21, 0xFF, 11)
			g.b = append(g.b, "XMP DataXMP"...)
			g.b = append(g.b, 3, 'a', 'b', 'c', 0)
			return g.frame().end()
		}(),
		check: func(t *testing.T, inv *Inventory, data []byte) {
			if len(inv.XMP) != 1 || !slices.Equal(rasterWarnings(inv), []string{"malformed"}) {
				t.Errorf("XMP %d warnings %v", len(inv.XMP), inv.Warnings)
			}
		},
	}, {
		name: "truncated inside image data",
		data: newGIFBuild(1, 1).comment("hi").frame().b[:45],
		check: func(t *testing.T, inv *Inventory, data []byte) {
			if len(inv.Text) != 1 || !slices.Equal(rasterWarnings(inv), []string{"truncated"}) {
				t.Errorf("text %+v warnings %v", inv.Text, inv.Warnings)
			}
		},
	}, {
		name: "no trailer byte",
		data: newGIFBuild(1, 1).frame().b,
		check: func(t *testing.T, inv *Inventory, data []byte) {
			if inv.Frames != 1 || !slices.Equal(rasterWarnings(inv), []string{"truncated"}) {
				t.Errorf("frames %d warnings %v", inv.Frames, inv.Warnings)
			}
		},
	}, {
		name: "unknown block introducer",
		data: append(newGIFBuild(1, 1).frame().b, 0x99, 0x3B),
		check: func(t *testing.T, inv *Inventory, data []byte) {
			if inv.Frames != 1 || !slices.Equal(rasterWarnings(inv), []string{"malformed"}) {
				t.Errorf("frames %d warnings %v", inv.Frames, inv.Warnings)
			}
		},
	}, {
		name: "comment cut at the inflate limit",
		data: newGIFBuild(1, 1).comment(string(bytes.Repeat([]byte("x"), 600))).frame().end(),
		lim:  Limits{MaxInflate: 300},
		check: func(t *testing.T, inv *Inventory, data []byte) {
			if len(inv.Text) != 1 || len(inv.Text[0].Value) != 300 || !inv.Text[0].Truncated {
				t.Errorf("text %d bytes truncated %v", len(inv.Text[0].Value), inv.Text[0].Truncated)
			}
		},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inv := &Inventory{Format: "gif"}
			if err := walkGIF(t.Context(), inv, tt.data, tt.lim); err != nil {
				t.Fatalf("walkGIF: %v", err)
			}
			rasterCheckBounds(t, inv, len(tt.data))
			tt.check(t, inv, tt.data)
		})
	}
}

func TestWalkGIFRejectsNonGIF(t *testing.T) {
	for _, data := range [][]byte{nil, []byte("GIF89a\x01\x00"), []byte("GIF90a\x01\x00\x01\x00\x00\x00\x00")} {
		if err := walkGIF(t.Context(), &Inventory{}, data, Limits{}); err == nil {
			t.Errorf("walkGIF(%q) = nil, want an error", data)
		}
	}
}
