package container

import (
	"bytes"
	"context"
	"encoding/binary"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

// rtbUpdate rewrites the generated riff_, tiff_ and bmff_ fixtures in
// testdata: go test -run TestRIFFTIFFBMFFFixtures -update-rtb
var rtbUpdate = flag.Bool("update-rtb", false, "rewrite the generated riff_/tiff_/bmff_ fixtures in testdata")

// rtbFixtures are the generated fixtures, by file name.
func rtbFixtures() map[string][]byte {
	store := jumbfTestStore()
	exifTIFF := tiffBuild(binary.BigEndian, [][]tiffTestEntry{{tiffBytes(0x010F, 2, []byte("workflow:{}\x00")), tiffBytes(0x0110, 2, []byte("prompt:{}\x00"))}}).data
	bo := binary.LittleEndian
	return map[string][]byte{
		"riff_vp8x_exif_xmp_c2pa.webp": riffFile("WEBP",
			riffChunk("VP8X", riffVP8X(0x3c, 64, 48)),
			riffChunk("ICCP", make([]byte, 9)),
			riffChunk("VP8 ", riffVP8(64, 48)),
			riffChunk("EXIF", append([]byte("Exif\x00\x00"), exifTIFF...)),
			riffChunk("XMP ", []byte("<x:xmpmeta/>")),
			riffChunk("C2PA", store)),
		"riff_animated.webp": riffFile("WEBP",
			riffChunk("VP8X", riffVP8X(0x0a, 16, 16)),
			riffChunk("ANIM", make([]byte, 6)),
			riffChunk("ANMF", append(make([]byte, 16), riffChunk("VP8L", riffVP8L(16, 16, true))...)),
			riffChunk("ANMF", append(make([]byte, 16), riffChunk("VP8L", riffVP8L(16, 16, true))...)),
			riffChunk("EXIF", exifTIFF)),
		"riff_info_c2pa.wav": riffFile("WAVE",
			riffChunk("fmt ", make([]byte, 16)),
			riffChunk("LIST", append([]byte("INFO"), riffChunk("ISFT", []byte("Lavf60.3.100\x00"))...)),
			riffChunk("data", make([]byte, 7)),
			riffChunk("C2PA", store)),
		"tiff_tags.tif": tiffBuild(bo, [][]tiffTestEntry{{
			tiffShort(bo, tiffImageWidth, 2), tiffShort(bo, tiffImageLength, 2),
			tiffBytes(tiffXMP, 1, []byte("<x:xmpmeta>tiff</x:xmpmeta>")),
			tiffBytes(tiffIPTC, 7, []byte{0x1c, 0x02, 0x78, 0x00, 0x02, 'h', 'i'}),
			tiffBytes(tiffPhotoshop, 7, []byte("8BIM\x04\x04\x00\x00\x00\x00\x00\x02\x1c\x02")),
			tiffSub(tiffExifIFD, 0), tiffSub(tiffSubIFDs, 1),
			tiffBytes(tiffC2PA, 7, store),
		}, {tiffShort(bo, tiffImageWidth, 1)}}, []tiffTestEntry{tiffSub(tiffInteropIFD, 2)},
			[]tiffTestEntry{tiffLong(bo, tiffImageWidth, 8)}, []tiffTestEntry{}).data,
		"tiff_loop_be.tif": func() []byte {
			l := tiffBuild(binary.BigEndian, [][]tiffTestEntry{{tiffShort(binary.BigEndian, tiffImageWidth, 3)}, {}})
			binary.BigEndian.PutUint32(l.data[l.chain[1]+2:], 8)
			return l.data
		}(),
		"bmff_heic_items.heic": bmffHEIC(exifTIFF, []byte("<x:xmpmeta>heic</x:xmpmeta>"), store),
		"bmff_mp4_track.mp4":   bmffMP4(320, 240, 5),
	}
}

// TestRIFFTIFFBMFFFixtures keeps the checked-in fixtures equal to what the
// builders make, so fuzz seeds follow the builders.
func TestRIFFTIFFBMFFFixtures(t *testing.T) {
	for name, want := range rtbFixtures() {
		path := filepath.Join("testdata", name)
		if *rtbUpdate {
			if err := os.WriteFile(path, want, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run with -update-rtb)", err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from its builder (run with -update-rtb)", path)
		}
	}
}

// rtbSeed adds every testdata file matching pattern to f.
func rtbSeed(f *testing.F, pattern string) {
	paths, err := filepath.Glob(filepath.Join("testdata", pattern))
	if err != nil {
		f.Fatal(err)
	}
	if len(paths) == 0 {
		f.Fatalf("no seeds match testdata/%s", pattern)
	}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
}

// rtbFuzzLimits are small so the fuzzer reaches the limit paths.
var rtbFuzzLimits = Limits{MaxInflate: 1 << 16, MaxBlocks: 64, MaxDepth: 6, MaxPixels: 1 << 20}

// rtbFuzz runs a walker and checks the invariants every walk must keep.
func rtbFuzz(t *testing.T, walk walker, data []byte) {
	inv := &Inventory{}
	if err := walk(context.Background(), inv, data, rtbFuzzLimits); err != nil {
		return
	}
	rtbCheckBounds(t, inv, len(data))
	if n := len(inv.Segments); n > rtbFuzzLimits.MaxBlocks {
		t.Errorf("%d segments, limit %d", n, rtbFuzzLimits.MaxBlocks)
	}
	if n := len(inv.Other) + len(inv.Text); n > rtbFuzzLimits.MaxBlocks {
		t.Errorf("%d other blocks and text entries, limit %d", n, rtbFuzzLimits.MaxBlocks)
	}
	if n := len(inv.EXIF) + len(inv.XMP) + len(inv.IPTC) + len(inv.ICC) + len(inv.C2PA); n > rtbFuzzLimits.MaxBlocks {
		t.Errorf("%d metadata blocks, limit %d", n, rtbFuzzLimits.MaxBlocks)
	}
	if n := len(inv.Warnings); n > maxWarnings+2 {
		t.Errorf("%d warnings", n)
	}
	for _, list := range [][]Block{inv.EXIF, inv.XMP, inv.IPTC, inv.ICC, inv.C2PA, inv.Other} {
		for _, b := range list {
			if int64(len(b.Data)) > max(int64(len(data)), rtbFuzzLimits.MaxInflate) {
				t.Errorf("%s block of %d bytes from a %d-byte input", b.Source, len(b.Data), len(data))
			}
		}
	}
}

func FuzzRIFF(f *testing.F) {
	rtbSeed(f, "riff_*")
	f.Fuzz(func(t *testing.T, data []byte) { rtbFuzz(t, walkRIFF, data) })
}

func FuzzTIFF(f *testing.F) {
	rtbSeed(f, "tiff_*")
	f.Fuzz(func(t *testing.T, data []byte) { rtbFuzz(t, walkTIFF, data) })
}

func FuzzBMFF(f *testing.F) {
	rtbSeed(f, "bmff_*")
	f.Fuzz(func(t *testing.T, data []byte) { rtbFuzz(t, walkBMFF, data) })
}
