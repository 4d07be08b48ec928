package container

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/provcheck/provcheck/internal/corpus"
)

func rasterCorpusDir(t *testing.T, sub string) string {
	t.Helper()
	return corpus.Path(t, sub)
}

// TestCorpusJPEGPNGGIF walks every JPEG, PNG and GIF of the sample corpus.
func TestCorpusJPEGPNGGIF(t *testing.T) {
	for _, sub := range []string{"images", "c2pa"} {
		dir := rasterCorpusDir(t, sub)
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		walked := 0
		for _, e := range entries {
			data, err := os.ReadFile(filepath.Join(dir, e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			switch format, _ := Sniff(data); format {
			case "jpeg", "png", "gif":
			default:
				continue
			}
			walked++
			t.Run(sub+"/"+e.Name(), func(t *testing.T) {
				inv, err := Walk(t.Context(), data, Limits{})
				if err != nil {
					t.Fatalf("Walk: %v", err)
				}
				rasterCheckBounds(t, inv, len(data))
				if inv.Width <= 0 || inv.Height <= 0 {
					t.Errorf("dimensions %dx%d", inv.Width, inv.Height)
				}
				for _, w := range inv.Warnings {
					if w.Code != "trailing-data" {
						t.Errorf("unexpected warning on a real file: %v", w)
					}
				}
			})
		}
		if walked < 10 {
			t.Errorf("%s: only %d JPEG/PNG/GIF files walked", sub, walked)
		}
	}
}

func TestCorpusComfyUIText(t *testing.T) {
	dir := rasterCorpusDir(t, "images")
	data, err := os.ReadFile(filepath.Join(dir, "ai_comfyui_sdxl_simple_example.png"))
	if err != nil {
		t.Fatal(err)
	}
	inv, err := Walk(t.Context(), data, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"prompt", "workflow"} {
		v, ok := inv.TextValue(key)
		if !ok || !strings.HasPrefix(v.Value, "{") {
			t.Errorf("text %q missing or not JSON: %.40q", key, v.Value)
		}
	}
}

func TestCorpusLyingExtension(t *testing.T) {
	dir := rasterCorpusDir(t, "images")
	data, err := os.ReadFile(filepath.Join(dir, "other_screenshot_macos_named_jpg.jpg"))
	if err != nil {
		t.Fatal(err)
	}
	inv, err := Walk(t.Context(), data, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if inv.Format != "png" || len(inv.Segments) == 0 || inv.Segments[1].Type != "IHDR" {
		t.Errorf("format %q, segments %v: want a walked PNG", inv.Format, rasterSegmentTypes(inv))
	}
}

// TestCorpusC2PAStores checks the embedded manifest stores against the
// reference validator's record of which files carry one.
func TestCorpusC2PAStores(t *testing.T) {
	dir := rasterCorpusDir(t, "c2pa")
	f, err := os.Open(filepath.Join(dir, "reference.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	checked := 0
	for sc.Scan() {
		var ref struct {
			File           string  `json:"file"`
			HasManifest    bool    `json:"has_manifest"`
			ManifestSource *string `json:"manifest_source"`
		}
		if err := json.Unmarshal(sc.Bytes(), &ref); err != nil {
			t.Fatal(err)
		}
		data, err := os.ReadFile(filepath.Join(dir, ref.File))
		if err != nil {
			t.Fatal(err)
		}
		if format, _ := Sniff(data); format != "jpeg" && format != "png" && format != "gif" {
			continue
		}
		embedded := ref.HasManifest && (ref.ManifestSource == nil || !strings.HasPrefix(*ref.ManifestSource, "sidecar"))
		inv, err := Walk(t.Context(), data, Limits{})
		if err != nil {
			t.Fatalf("%s: %v", ref.File, err)
		}
		checked++
		switch {
		case embedded && len(inv.C2PA) == 0:
			t.Errorf("%s: no C2PA store found, the reference validator read one", ref.File)
		case embedded && (len(inv.C2PA[0].Data) < 8 || string(inv.C2PA[0].Data[4:8]) != "jumb"):
			t.Errorf("%s: C2PA store does not start with a jumb superbox: %.8q", ref.File, inv.C2PA[0].Data)
		case !embedded && len(inv.C2PA) != 0:
			t.Errorf("%s: %d C2PA stores found, the reference validator read none", ref.File, len(inv.C2PA))
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if checked < 20 {
		t.Errorf("only %d files checked", checked)
	}
}
