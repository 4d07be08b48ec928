package container

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"
)

func TestWalkPNG(t *testing.T) {
	xmp := `<x:xmpmeta xmlns:x="adobe:ns:meta/"/>`
	store := jumbfStore("c2pa", 120)
	icc := bytes.Repeat([]byte("profile."), 30)
	idat := pngChunkBytes("IDAT", []byte{1, 2, 3})
	workflow := `{"last_node_id":9,"nodes":[]}`

	full := pngFile(
		pngIHDR(640, 480, 8, 6),
		pngChunkBytes("iCCP", append([]byte("sRGB IEC\x00\x00"), rasterZlib(t, icc)...)),
		pngChunkBytes("caBX", store),
		pngChunkBytes("iTXt", []byte("XML:com.adobe.xmp\x00\x00\x00\x00\x00"+xmp)),
		idat, idat, idat,
		pngChunkBytes("tEXt", []byte("parameters\x00a cat\nSteps: 20")),
		pngChunkBytes("zTXt", append([]byte("prompt\x00\x00"), rasterZlib(t, []byte(`{"3":{}}`))...)),
		pngChunkBytes("iTXt", append([]byte("Description\x00\x01\x00de\x00Beschreibung\x00"), rasterZlib(t, []byte("Grüße"))...)),
		pngChunkBytes("eXIf", append([]byte("Exif\x00\x00"), rasterTIFFStub...)),
		pngChunkBytes("comf", []byte("workflow\x00"+workflow)),
		pngChunkBytes("prVt", []byte("private")),
		pngIEND(),
	)

	tests := []struct {
		name  string
		data  []byte
		lim   Limits
		check func(t *testing.T, inv *Inventory, data []byte)
	}{{
		name: "every kind of chunk, text after IDAT",
		data: full,
		check: func(t *testing.T, inv *Inventory, data []byte) {
			want := []string{"signature", "IHDR", "iCCP", "caBX", "iTXt", "IDAT", "tEXt", "zTXt", "iTXt", "eXIf", "comf", "prVt", "IEND"}
			if got := rasterSegmentTypes(inv); !slices.Equal(got, want) {
				t.Errorf("segments %v, want %v", got, want)
			}
			if s := inv.Segments[5]; s.Length != 3*int64(len(idat)) {
				t.Errorf("merged IDAT length %d, want %d", s.Length, 3*len(idat))
			}
			if inv.Width != 640 || inv.Height != 480 || inv.Components != 4 || !inv.HasAlpha || inv.BitDepth != 8 {
				t.Errorf("IHDR read as %dx%d c=%d alpha=%v depth=%d", inv.Width, inv.Height, inv.Components, inv.HasAlpha, inv.BitDepth)
			}
			texts := map[string]TextEntry{}
			for _, x := range inv.Text {
				texts[x.Source+":"+x.Key] = x
			}
			for key, want := range map[string]string{
				"tEXt:parameters":        "a cat\nSteps: 20",
				"zTXt:prompt":            `{"3":{}}`,
				"iTXt:Description":       "Grüße",
				"iTXt:XML:com.adobe.xmp": xmp,
				"comf:workflow":          workflow,
			} {
				if got := texts[key].Value; got != want {
					t.Errorf("%s = %q, want %q", key, got, want)
				}
			}
			if d := texts["iTXt:Description"]; d.Language != "de" || d.TranslatedKey != "Beschreibung" {
				t.Errorf("iTXt language %q translated %q", d.Language, d.TranslatedKey)
			}
			if len(inv.XMP) != 1 || string(inv.XMP[0].Data) != xmp || inv.XMP[0].Source != "iTXt" {
				t.Errorf("XMP %+v", inv.XMP)
			}
			if len(inv.C2PA) != 1 || !bytes.Equal(inv.C2PA[0].Data, store) || inv.C2PA[0].Offset != inv.Segments[3].Offset {
				t.Errorf("C2PA %+v", inv.C2PA)
			}
			if len(inv.EXIF) != 1 || !bytes.Equal(inv.EXIF[0].Data, rasterTIFFStub) {
				t.Errorf("EXIF %+v", inv.EXIF)
			}
			if len(inv.ICC) != 1 || !bytes.Equal(inv.ICC[0].Data, icc) || inv.ICC[0].Key != "sRGB IEC" {
				t.Errorf("ICC %+v", inv.ICC)
			}
			if len(inv.Other) != 1 || inv.Other[0].Source != "prVt" || string(inv.Other[0].Data) != "private" {
				t.Errorf("Other %+v", inv.Other)
			}
			if len(inv.Warnings) != 0 || inv.Trailer.Length != 0 {
				t.Errorf("warnings %v trailer %+v", inv.Warnings, inv.Trailer)
			}
		},
	}, {
		name: "bad CRC warns and goes on",
		data: func() []byte {
			c := pngChunkBytes("tEXt", []byte("Title\x00x"))
			c[len(c)-1] ^= 0xFF
			return pngFile(pngIHDR(1, 1, 8, 2), c, pngChunkBytes("tEXt", []byte("Software\x00y")), pngIEND())
		}(),
		check: func(t *testing.T, inv *Inventory, data []byte) {
			if got := rasterWarnings(inv); !slices.Equal(got, []string{"crc"}) {
				t.Errorf("warnings %v", got)
			}
			if len(inv.Text) != 2 {
				t.Errorf("%d text entries, want 2", len(inv.Text))
			}
		},
	}, {
		name: "truncated inside a chunk",
		data: pngFile(pngIHDR(2, 3, 8, 0), pngChunkBytes("tEXt", []byte("Comment\x00"+strings.Repeat("x", 100))))[:70],
		check: func(t *testing.T, inv *Inventory, data []byte) {
			if got := rasterWarnings(inv); !slices.Equal(got, []string{"truncated"}) {
				t.Errorf("warnings %v", got)
			}
			if inv.Width != 2 || inv.Height != 3 || inv.Components != 1 || inv.HasAlpha {
				t.Errorf("IHDR lost: %dx%d", inv.Width, inv.Height)
			}
			if len(inv.Text) != 0 {
				t.Errorf("a cut chunk was read: %+v", inv.Text)
			}
		},
	}, {
		name: "no IEND",
		data: pngFile(pngIHDR(1, 1, 8, 2), idat),
		check: func(t *testing.T, inv *Inventory, data []byte) {
			if got := rasterWarnings(inv); !slices.Equal(got, []string{"truncated"}) {
				t.Errorf("warnings %v", got)
			}
		},
	}, {
		name: "trailer after IEND",
		data: append(pngFile(pngIHDR(1, 1, 8, 2), idat, pngIEND()), "appended"...),
		check: func(t *testing.T, inv *Inventory, data []byte) {
			if inv.Trailer.Offset != int64(len(data)-8) || inv.Trailer.Length != 8 {
				t.Errorf("trailer %+v", inv.Trailer)
			}
			if got := rasterWarnings(inv); !slices.Equal(got, []string{"trailing-data"}) {
				t.Errorf("warnings %v", got)
			}
		},
	}, {
		name: "zTXt inflated past the limit is cut",
		data: pngFile(pngIHDR(1, 1, 8, 2),
			pngChunkBytes("zTXt", append([]byte("bomb\x00\x00"), rasterZlib(t, make([]byte, 1<<20))...)),
			pngIEND()),
		lim: Limits{MaxInflate: 100},
		check: func(t *testing.T, inv *Inventory, data []byte) {
			if len(inv.Text) != 1 || !inv.Text[0].Truncated || len(inv.Text[0].Value) != 100 {
				t.Fatalf("text %+v", inv.Text)
			}
			if got := rasterWarnings(inv); !slices.Equal(got, []string{"limit"}) {
				t.Errorf("warnings %v", got)
			}
		},
	}, {
		name: "corrupt zTXt keeps the entry and warns",
		data: pngFile(pngIHDR(1, 1, 8, 2), pngChunkBytes("zTXt", []byte("k\x00\x00\x78\x9c\xff\xff")), pngIEND()),
		check: func(t *testing.T, inv *Inventory, data []byte) {
			if len(inv.Text) != 1 || !slices.Contains(rasterWarnings(inv), "malformed") {
				t.Errorf("text %+v warnings %v", inv.Text, inv.Warnings)
			}
		},
	}, {
		name: "latin-1 tEXt becomes UTF-8",
		data: pngFile(pngIHDR(1, 1, 8, 2), pngChunkBytes("tEXt", []byte("Author\x00Jos\xe9")), pngIEND()),
		check: func(t *testing.T, inv *Inventory, data []byte) {
			if v, ok := inv.TextValue("Author"); !ok || v.Value != "José" {
				t.Errorf("Author = %q", v.Value)
			}
		},
	}, {
		name: "APNG",
		data: pngFile(pngIHDR(1, 1, 8, 3), pngChunkBytes("acTL", []byte{0, 0, 0, 12, 0, 0, 0, 0}), idat, pngIEND()),
		check: func(t *testing.T, inv *Inventory, data []byte) {
			if !inv.Animated || inv.Frames != 12 || inv.HasAlpha || inv.Components != 3 {
				t.Errorf("animated %v frames %d alpha %v components %d", inv.Animated, inv.Frames, inv.HasAlpha, inv.Components)
			}
		},
	}, {
		name: "text without keyword terminator",
		data: pngFile(pngIHDR(1, 1, 8, 2), pngChunkBytes("tEXt", []byte("nokeyword")), pngIEND()),
		check: func(t *testing.T, inv *Inventory, data []byte) {
			if len(inv.Text) != 0 || !slices.Equal(rasterWarnings(inv), []string{"malformed"}) {
				t.Errorf("text %+v warnings %v", inv.Text, inv.Warnings)
			}
		},
	}, {
		name: "chunk type that is not letters stops the walk",
		data: pngFile(pngIHDR(1, 1, 8, 2), pngChunkBytes("t3Xt", []byte("a\x00b")), pngIEND()),
		check: func(t *testing.T, inv *Inventory, data []byte) {
			if got := rasterSegmentTypes(inv); !slices.Equal(got, []string{"signature", "IHDR"}) {
				t.Errorf("segments %v", got)
			}
			if !slices.Equal(rasterWarnings(inv), []string{"malformed"}) {
				t.Errorf("warnings %v", inv.Warnings)
			}
		},
	}, {
		name: "text limit",
		data: pngFile(pngIHDR(1, 1, 8, 2),
			pngChunkBytes("tEXt", []byte("a\x001")), pngChunkBytes("tEXt", []byte("b\x002")), pngChunkBytes("tEXt", []byte("c\x003")),
			pngIEND()),
		lim: Limits{MaxBlocks: 2},
		check: func(t *testing.T, inv *Inventory, data []byte) {
			if len(inv.Text) != 2 || len(inv.Segments) != 2 {
				t.Errorf("%d texts %d segments, want 2 and 2", len(inv.Text), len(inv.Segments))
			}
			// One limit warning per kind of record cut: segments, text.
			if !slices.Equal(rasterWarnings(inv), []string{"limit", "limit"}) {
				t.Errorf("warnings %v, want two limit warnings", inv.Warnings)
			}
		},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inv := &Inventory{Format: "png"}
			if err := walkPNG(t.Context(), inv, tt.data, tt.lim); err != nil {
				t.Fatalf("walkPNG: %v", err)
			}
			rasterCheckBounds(t, inv, len(tt.data))
			tt.check(t, inv, tt.data)
		})
	}
}

func TestWalkPNGRejectsNonPNG(t *testing.T) {
	for _, data := range [][]byte{nil, []byte("\x89PNG"), jpegMinimal()} {
		if err := walkPNG(t.Context(), &Inventory{}, data, Limits{}); err == nil {
			t.Errorf("walkPNG(%q) = nil, want an error", data)
		}
	}
}

func BenchmarkWalkPNG(b *testing.B) {
	chunks := [][]byte{pngIHDR(1024, 1024, 8, 2), pngChunkBytes("tEXt", []byte("parameters\x00a cat"))}
	for range 64 {
		chunks = append(chunks, pngChunkBytes("IDAT", make([]byte, 32<<10)))
	}
	data := pngFile(append(chunks, pngIEND())...)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if err := walkPNG(b.Context(), &Inventory{Format: "png"}, data, Limits{}); err != nil {
			b.Fatal(err)
		}
	}
}

// rawProfileText builds an ImageMagick-style "Raw profile type" value.
func rawProfileText(name string, data []byte) string {
	var b strings.Builder
	b.WriteString("\n" + name + "\n" + fmt.Sprintf("%8d", len(data)) + "\n")
	const digits = "0123456789abcdef"
	for i, c := range data {
		b.WriteByte(digits[c>>4])
		b.WriteByte(digits[c&15])
		if i%36 == 35 {
			b.WriteByte('\n')
		}
	}
	b.WriteByte('\n')
	return b.String()
}

func TestPNGRawProfiles(t *testing.T) {
	xmp := `<x:xmpmeta xmlns:x="adobe:ns:meta/"/>`
	iim := []byte("\x1c\x02\x00\x00\x02\x00\x04\x1c\x02\x41\x00\x04GIMP")
	exifChunk := pngChunkBytes("zTXt", append([]byte("Raw profile type exif\x00\x00"),
		rasterZlib(t, []byte(rawProfileText("exif", append([]byte("Exif\x00\x00"), rasterTIFFStub...))))...))
	data := pngFile(
		pngIHDR(4, 4, 8, 2),
		exifChunk,
		pngChunkBytes("tEXt", []byte("Raw profile type xmp\x00"+rawProfileText("xmp", []byte(xmp)))),
		pngChunkBytes("tEXt", []byte("Raw profile type iptc\x00"+rawProfileText("iptc", iim))),
		pngChunkBytes("tEXt", []byte("Raw profile type 8bim\x00"+rawProfileText("8bim", photoshopIRB(irbResource{id: 0x0404, data: iim})))),
		pngChunkBytes("tEXt", []byte("Raw profile type exif\x00\nexif\n   3\n0011zz\n")),
		pngChunkBytes("tEXt", []byte("Raw profile type exif\x00\nexif\n   999999999\n00\n")),
		pngChunkBytes("tEXt", []byte("Raw profile type exif\x00\nexif\n  2\n0011\n")),
		pngChunkBytes("tEXt", []byte("Raw profile type icc\x00\nicc\n  2\n0011\n")),
		pngChunkBytes("IDAT", []byte{1}),
		pngIEND(),
	)
	inv, err := Walk(t.Context(), data, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	exifOff := int64(8 + 25)
	if len(inv.EXIF) != 1 || !bytes.Equal(inv.EXIF[0].Data, rasterTIFFStub) || inv.EXIF[0].Source != "zTXt" ||
		inv.EXIF[0].Key != "Raw profile type exif" || inv.EXIF[0].Offset != exifOff || inv.EXIF[0].Length != int64(len(exifChunk)) {
		t.Errorf("EXIF %+v", inv.EXIF)
	}
	if len(inv.XMP) != 1 || string(inv.XMP[0].Data) != xmp || inv.XMP[0].Key != "Raw profile type xmp" {
		t.Errorf("XMP %+v", inv.XMP)
	}
	if len(inv.IPTC) != 2 || !bytes.Equal(inv.IPTC[0].Data, iim) || !bytes.Equal(inv.IPTC[1].Data, iim) ||
		inv.IPTC[1].Key != "Raw profile type 8bim" {
		t.Errorf("IPTC %+v", inv.IPTC)
	}
	var warns []string
	for _, w := range inv.Warnings {
		warns = append(warns, w.Message)
	}
	want := []string{"non-hex character", "exceeds the limit", "neither EXIF nor XMP"}
	if len(warns) != len(want) {
		t.Fatalf("warnings %q", warns)
	}
	for i, w := range want {
		if !strings.Contains(warns[i], w) {
			t.Errorf("warning %d = %q, want %q", i, warns[i], w)
		}
	}
}

func TestDecodeRawProfile(t *testing.T) {
	tests := []struct {
		in   string
		want string
		err  string
	}{
		{"\nexif\n 3\n616263\n", "abc", ""},
		{"\nexif\n 3\n61 62\n63\n", "abc", ""},
		{"\nexif\n 2\n616263\n", "ab", ""},
		{"\nexif\n 4\n616263\n", "", "shorter"},
		{"\nexif\n -1\n61\n", "", "bad length"},
		{"\nexif\n x\n61\n", "", "bad length"},
		{"\nexif\n", "", "cut short"},
		{"\nexif\n 1\n6g\n", "", "non-hex"},
	}
	for _, tc := range tests {
		got, err := decodeRawProfile([]byte(tc.in), 1<<20)
		if string(got) != tc.want || !strings.Contains(err, tc.err) || (tc.err == "") != (err == "") {
			t.Errorf("decodeRawProfile(%q) = %q, %q; want %q, %q", tc.in, got, err, tc.want, tc.err)
		}
	}
}
