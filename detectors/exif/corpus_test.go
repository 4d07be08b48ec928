package exif

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/provcheck/provcheck/detectors/detectortest"
	sharedcorpus "github.com/provcheck/provcheck/internal/corpus"
	"github.com/provcheck/provcheck/reports"
)

// corpusDir is the shared sample corpus, beside the checkout. Tests that
// need it skip when it is absent (sharedcorpus.Path).
var corpusDir, _ = sharedcorpus.Has("images")

type labelled struct {
	file, label, expected string
}

func corpus(t *testing.T) []labelled {
	t.Helper()
	f, err := os.Open(sharedcorpus.Path(t, "images", "labels.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var out []labelled
	for _, r := range rows[1:] {
		if len(r) < 6 {
			continue
		}
		if _, err := os.Stat(filepath.Join(corpusDir, r[0])); err != nil {
			continue // labels.csv lists the whole corpus; this folder holds part of it
		}
		out = append(out, labelled{file: r[0], label: r[1], expected: r[5]})
	}
	return out
}

func TestCorpus(t *testing.T) {
	files := corpus(t)
	if len(files) == 0 {
		t.Skip("corpus is empty")
	}
	cameras := 0
	for _, c := range files {
		fr := detectortest.RunFile(t, filepath.Join(corpusDir, c.file), Detector)
		for _, s := range fr.Signals {
			if s.Direction == reports.DirAI {
				t.Errorf("%s: the exif detector never reports AI, got %s", c.file, s.ID)
			}
		}
		for _, e := range fr.Errors {
			if e.Code == "detector" {
				t.Errorf("%s: detector error: %s", c.file, e.Message)
			}
		}
		cam := detectortest.Find(fr, "exif.camera")
		hasMake := strings.Contains(c.expected, "exif:Make=") || strings.Contains(c.expected, "exif:Model=")
		if hasMake && c.label == "camera" {
			cameras++
			if cam == nil {
				t.Errorf("%s: camera file with Make/Model but no exif.camera (signals %v)", c.file, detectortest.IDs(fr))
			}
		}
		if strings.HasPrefix(c.label, "ai") && cam != nil {
			t.Logf("%s: AI file names a camera: %s", c.file, cam.Message)
		}
	}
	if cameras == 0 {
		t.Error("no camera file with Make/Model in the corpus folder: labels changed?")
	}
}

// TestCorpusSpecialFiles pins the traps of ai-metadata.md §5.
func TestCorpusSpecialFiles(t *testing.T) {
	tests := []struct {
		file    string
		want    []string
		info    string // this signal must be info only
		message string // a substring of exif.camera's message
	}{
		{file: "camera_heic_IMG_5195.HEIC", want: []string{"exif.camera", "exif.composite-image"}, info: "exif.composite-image", message: "iPhone 11 Pro Max"},
		{file: "other_screenshot_macos_named_jpg.jpg", want: []string{"exif.screenshot"}, info: "exif.screenshot"},
		{file: "edited_gimp_Pentax_K10D.jpg", want: []string{"exif.camera"}, message: "PENTAX K10D"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			path := sharedcorpus.Path(t, "images", tt.file)
			fr := detectortest.RunFile(t, path, Detector)
			for _, id := range tt.want {
				if detectortest.Find(fr, id) == nil {
					t.Errorf("no %s in %v", id, detectortest.IDs(fr))
				}
			}
			if s := detectortest.Find(fr, tt.info); s != nil && (s.Direction != reports.DirInfo || s.Weight != 0) {
				t.Errorf("%s is %s with weight %v, want info with weight 0", tt.info, s.Direction, s.Weight)
			}
			if tt.message != "" {
				if s := detectortest.Find(fr, "exif.camera"); s != nil && !strings.Contains(s.Message, tt.message) {
					t.Errorf("exif.camera message %q does not name %q", s.Message, tt.message)
				}
			}
			if cam := detectortest.Find(fr, "exif.camera"); cam != nil && strings.Contains(tt.file, "gimp") {
				if _, ok := cam.Evidence["software"]; ok {
					t.Errorf("GIMP named as camera software: %v", cam.Evidence)
				}
			}
		})
	}
}
