package generators_test

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"testing"

	"github.com/provcheck/provcheck/detectors/detectortest"
	"github.com/provcheck/provcheck/detectors/generators"
	"github.com/provcheck/provcheck/internal/corpus"
	"github.com/provcheck/provcheck/reports"
)

// TestCorpus runs the detector over the labelled sample images: every AI
// file whose generator wrote metadata gets a declaration, no camera,
// edited or other file gets an AI signal, and the C2PA samples do not
// crash it.
func TestCorpus(t *testing.T) {
	labels := readLabels(t)
	wantDeclared := map[string]string{
		"ai_comfyui_sdxl_simple_example.png":           "png.comfyui-prompt",
		"ai_comfyui_flux_schnell_example.png":          "png.comfyui-workflow",
		"ai_comfyui_sd3.5_simple_example.png":          "png.comfyui-prompt",
		"ai_comfyui_stable_cascade__text_to_image.png": "png.comfyui-prompt",
		"ai_comfyui_hunyuan_dit_1.2_example.png":       "png.comfyui-prompt",
		"ai_comfyui_lumina2_basic_example.png":         "png.comfyui-workflow",
		"ai_comfyui_image_to_video_wan_example.webp":   "exif.comfyui-workflow",
		"ai_sdparsers_automatic1111_cropped.png":       "png.a1111-parameters",
		"ai_sdparsers_img2img_cropped.png":             "png.comfyui-prompt",
		"ai_sdparsers_invokeai_imeta1.png":             "png.invokeai-metadata",
		"ai_sdparsers_novelai1_cropped.png":            "png.novelai",
	}
	for file, label := range labels {
		t.Run(file, func(t *testing.T) {
			fr := detectortest.RunFile(t, corpus.Path(t, "images", file), generators.Detector)
			if want, ok := wantDeclared[file]; ok {
				s := detectortest.Find(fr, want)
				if s == nil {
					t.Fatalf("no %s signal; got %v", want, detectortest.IDs(fr))
				}
				if s.Direction != reports.DirAI || s.Strength != reports.StrengthDeclared {
					t.Errorf("%s: got %s/%s, want ai/declared", want, s.Direction, s.Strength)
				}
				return
			}
			if label != "ai" {
				for _, s := range fr.Signals {
					if s.Direction == reports.DirAI {
						t.Errorf("%s file got AI signal %s: %v", label, s.ID, s.Evidence)
					}
				}
			}
		})
	}
	files, _ := filepath.Glob(filepath.Join(corpus.Path(t, "c2pa"), "*"))
	for _, f := range files {
		t.Run("c2pa/"+filepath.Base(f), func(t *testing.T) {
			fr := detectortest.RunFile(t, f, generators.Detector)
			for _, e := range fr.Errors {
				if e.Code == "detector" {
					t.Errorf("detector error: %s", e.Message)
				}
			}
		})
	}
}

func readLabels(t *testing.T) map[string]string {
	t.Helper()
	f, err := os.Open(corpus.Path(t, "images", "labels.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, r := range rows[1:] {
		if _, err := os.Stat(filepath.Join(corpus.Path(t, "images"), r[0])); err == nil {
			out[r[0]] = r[1]
		}
	}
	return out
}
