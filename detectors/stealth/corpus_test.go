package stealth

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/provcheck/provcheck/detectors/detectortest"
	"github.com/provcheck/provcheck/internal/corpus"
)

// No corpus image carries a stealth payload (the sd-parsers NovelAI crop
// is 1×1 RGB and keeps only its text chunks): nothing may be reported, and
// no file may make the detector fail.
func TestCorpusNoStealth(t *testing.T) {
	dir := corpus.Path(t, "images")
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range entries {
		name := e.Name()
		if !strings.HasSuffix(name, ".png") && !strings.HasSuffix(name, ".webp") && !strings.HasPrefix(name, "other_") {
			continue
		}
		n++
		fr := detectortest.RunFile(t, filepath.Join(dir, name), Detector)
		if len(fr.Signals) != 0 {
			t.Errorf("%s: signals %v", name, detectortest.IDs(fr))
		}
		for _, fe := range fr.Errors {
			if fe.Source == Detector.Name {
				t.Errorf("%s: %v", name, fe)
			}
		}
	}
	if n == 0 {
		t.Error("no PNG or WebP file in the corpus")
	}
}
