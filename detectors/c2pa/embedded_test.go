package c2pa

import (
	"bytes"
	"image"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	prov "github.com/provcheck/provcheck/provenance/c2pa"
	"github.com/provcheck/provcheck/provenance/c2pa/c2patest"
	"github.com/provcheck/provcheck/provenance/container"
)

func encoded(t testing.TB, format string) []byte {
	t.Helper()
	img := image.NewGray(image.Rect(0, 0, 8, 8))
	var b bytes.Buffer
	var err error
	if format == "png" {
		err = png.Encode(&b, img)
	} else {
		err = jpeg.Encode(&b, img, nil)
	}
	if err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// afterSOI inserts segment bytes right after a JPEG's SOI marker.
func afterSOI(jpg []byte, seg ...byte) []byte {
	return append(append(append([]byte{}, jpg[:2]...), seg...), jpg[2:]...)
}

// locatorFindsStore is what the walker's answer must agree with.
func locatorFindsStore(data []byte) bool {
	loc, _ := prov.Locate(data, prov.Limits{})
	return loc != nil && loc.Store != nil
}

func walk(t testing.TB, data []byte) *container.Inventory {
	t.Helper()
	inv, err := container.Walk(t.Context(), data, container.Limits{})
	if err != nil {
		return nil
	}
	return inv
}

func TestWalkShowsNoStore(t *testing.T) {
	signer, err := c2patest.NewSigner(time.Now())
	if err != nil {
		t.Fatal(err)
	}
	fixture := func(format string) []byte {
		fx, err := signer.Make(c2patest.Options{Format: format})
		if err != nil {
			t.Fatal(err)
		}
		return fx.Data
	}
	jpg, pngData := encoded(t, "jpeg"), encoded(t, "png")
	jpegXT := []byte{0xFF, 0xEB, 0x00, 0x14, 'J', 'P', 0, 1, 0, 0, 0, 1, 0, 0, 0, 8, 'j', 'u', 'm', 'b', 0, 0}
	tests := []struct {
		name string
		data []byte
		want bool
	}{
		{"plain JPEG", jpg, true},
		{"plain PNG", pngData, true},
		{"JPEG with zeros after EOI", append(append([]byte{}, jpg...), 0, 0, 0), true},
		{"JPEG with bytes after EOI", append(append([]byte{}, jpg...), "tail"...), true},
		{"JPEG store", fixture("jpeg"), false},
		{"PNG store", fixture("png"), false},
		{"WebP store", fixture("webp"), false},
		{"BMFF store: not a format the rule covers", fixture("bmff"), false},
		{"JPEG with a JUMBF box that is not C2PA", afterSOI(jpg, jpegXT...), false},
		{"JPEG with a second SOI", afterSOI(jpg, 0xFF, 0xD8), false},
		{"JPEG cut inside the scan", jpg[:len(jpg)-8], false},
		{"PNG with a bad CRC", append(append([]byte{}, pngData[:29]...), append([]byte{pngData[29] ^ 1}, pngData[30:]...)...), false},
		{"text", []byte("plain words\n"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inv := walk(t, tt.data)
			got := walkShowsNoStore(inv)
			if got != tt.want {
				t.Fatalf("walkShowsNoStore = %v, want %v (format %q, warnings %v)", got, tt.want, inv.Format, inv.Warnings)
			}
			if got && locatorFindsStore(tt.data) {
				t.Fatal("the walk shows no store, but the locator finds one")
			}
		})
	}
	if walkShowsNoStore(nil) {
		t.Error("no inventory must not prove anything")
	}
}

// TestWalkShowsNoStoreCorpus checks on every corpus file that the
// detector's answer with the walker's inventory is the locator's answer.
func TestWalkShowsNoStoreCorpus(t *testing.T) {
	var files []string
	for _, dir := range []string{corpusDir, "../../../shared/corpus/images"} {
		m, _ := filepath.Glob(filepath.Join(dir, "*"))
		files = append(files, m...)
	}
	if len(files) == 0 {
		t.Skip("shared corpus not available")
	}
	skipped := 0
	for _, path := range files {
		data, err := os.ReadFile(path)
		if err != nil || filepath.Ext(path) == ".csv" {
			continue
		}
		inv := walk(t, data)
		if !walkShowsNoStore(inv) {
			continue
		}
		skipped++
		if locatorFindsStore(data) {
			t.Errorf("%s: the walk shows no store, but the locator finds one", filepath.Base(path))
		}
		gotC, gotS := runFileWith(t, path, data, inv)
		wantC, wantS := runFile(t, path, data)
		if !reflect.DeepEqual(gotC, wantC) || !reflect.DeepEqual(gotS, wantS) {
			t.Errorf("%s: the detector's result depends on the inventory:\n%+v %v\n%+v %v", filepath.Base(path), gotC, gotS, wantC, wantS)
		}
	}
	t.Logf("the walk spared the locator on %d of %d files", skipped, len(files))
	if skipped == 0 {
		t.Error("the walk never spared the locator on the corpus")
	}
}

// FuzzWalkShowsNoStore checks on arbitrary bytes that whenever the walk
// says a file embeds no store, the locator finds none.
func FuzzWalkShowsNoStore(f *testing.F) {
	signer, err := c2patest.NewSigner(time.Now())
	if err != nil {
		f.Fatal(err)
	}
	for _, format := range []string{"jpeg", "png", "webp"} {
		fx, err := signer.Make(c2patest.Options{Format: format})
		if err != nil {
			f.Fatal(err)
		}
		f.Add(fx.Data)
	}
	f.Add(encoded(f, "jpeg"))
	f.Add(encoded(f, "png"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if walkShowsNoStore(walk(t, data)) && locatorFindsStore(data) {
			t.Fatal("the walk shows no store, but the locator finds one")
		}
	})
}
