package container

import (
	"os"
	"path/filepath"
	"testing"
)

// rasterFuzzLimits are small so the fuzzer reaches the limit paths quickly.
var rasterFuzzLimits = Limits{MaxInflate: 1 << 16, MaxBlocks: 64, MaxDepth: 8, MaxPixels: 1 << 24}

// addRasterSeeds adds testdata files whose names start with prefix, plus
// generated ones.
func addRasterSeeds(f *testing.F, prefix string, generated ...[]byte) {
	files, err := filepath.Glob(filepath.Join("testdata", prefix+"*"))
	if err != nil {
		f.Fatal(err)
	}
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	for _, g := range generated {
		f.Add(g)
	}
}

// rasterFuzzWalk runs a walker and checks the invariants detectors rely on: no
// panic, and every recorded range inside the input.
func rasterFuzzWalk(t *testing.T, w walker, format string, data []byte) {
	inv := &Inventory{Format: format}
	if err := w(t.Context(), inv, data, rasterFuzzLimits); err != nil {
		return
	}
	rasterCheckBounds(t, inv, len(data))
	if n := len(inv.Segments); n > rasterFuzzLimits.MaxBlocks {
		t.Fatalf("%d segments recorded, limit %d", n, rasterFuzzLimits.MaxBlocks)
	}
	if n := len(inv.Warnings); n > maxWarnings+1 {
		t.Fatalf("%d warnings recorded", n)
	}
	for _, x := range inv.Text {
		// Latin-1 to UTF-8 may double a value, never more.
		if x.Truncated && int64(len(x.Value)) > 2*rasterFuzzLimits.MaxInflate {
			t.Fatalf("text value of %d bytes past the inflate limit", len(x.Value))
		}
	}
}

func FuzzJPEG(f *testing.F) {
	store := jumbfStore("c2pa", 300)
	j := newJPEGBuild().seg(jpegAPP1, []byte("Exif\x00\x00"), rasterTIFFStub)
	for _, p := range app11Segments(store, 0x0211, 110) {
		j.seg(jpegAPP11, p)
	}
	j.seg(jpegAPP13, photoshopIRB(irbResource{id: 0x0404, data: []byte("\x1c\x02\x00\x00\x02\x00\x04")}))
	j.seg(jpegAPP2, []byte("ICC_PROFILE\x00\x01\x01icc"))
	j.seg(jpegCOM, []byte("comment"))
	addRasterSeeds(f, "jpeg_", jpegMinimal(), j.sof(0xC2, 8, 8, 0x22, 0x11).scan().seg(jpegDHT, make([]byte, 10)).scan().eoi())
	f.Fuzz(func(t *testing.T, data []byte) { rasterFuzzWalk(t, walkJPEG, "jpeg", data) })
}

func FuzzPNG(f *testing.F) {
	addRasterSeeds(f, "png_",
		pngFile(pngIHDR(1, 1, 8, 6),
			pngChunkBytes("zTXt", append([]byte("k\x00\x00"), rasterZlib(f, []byte("value value value"))...)),
			pngChunkBytes("iTXt", append([]byte("XML:com.adobe.xmp\x00\x01\x00en\x00\x00"), rasterZlib(f, []byte("<x/>"))...)),
			pngChunkBytes("iCCP", append([]byte("p\x00\x00"), rasterZlib(f, []byte("icc"))...)),
			pngChunkBytes("caBX", jumbfStore("c2pa", 40)),
			pngChunkBytes("acTL", []byte{0, 0, 0, 2, 0, 0, 0, 0}),
			pngChunkBytes("IDAT", []byte{1}),
			pngChunkBytes("comf", []byte("workflow\x00{}")),
			pngChunkBytes("eXIf", rasterTIFFStub),
			pngIEND()),
		pngFile(pngIHDR(1, 1, 8, 2),
			pngChunkBytes("tEXt", []byte("Raw profile type exif\x00"+rawProfileText("exif", append([]byte("Exif\x00\x00"), rasterTIFFStub...)))),
			pngChunkBytes("tEXt", []byte("Raw profile type 8bim\x00"+rawProfileText("8bim", photoshopIRB(irbResource{id: 0x0424, data: []byte("<x/>")})))),
			pngChunkBytes("tEXt", []byte("Raw profile type xmp\x00"+rawProfileText("xmp", []byte("<x:xmpmeta/>")))),
			pngIEND()),
	)
	f.Fuzz(func(t *testing.T, data []byte) { rasterFuzzWalk(t, walkPNG, "png", data) })
}

func FuzzGIF(f *testing.F) {
	addRasterSeeds(f, "gif_",
		newGIFBuild(2, 2).app("C2PA_GIF\x01\x00\x00", jumbfStore("c2pa", 300)).loop().
			xmp("<x:xmpmeta/>").comment("hello").app("ICCRGBG1012", []byte("icc")).frame().frame().end(),
		newGIFBuild(1, 1).frame().end(),
	)
	f.Fuzz(func(t *testing.T, data []byte) { rasterFuzzWalk(t, walkGIF, "gif", data) })
}
