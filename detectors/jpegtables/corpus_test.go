package jpegtables

import (
	"bufio"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/provcheck/provcheck/detectors/detectortest"
	"github.com/provcheck/provcheck/internal/corpus"
	"github.com/provcheck/provcheck/reports"
)

func corpusDir(t *testing.T) string {
	t.Helper()
	return corpus.Path(t)
}

// The quality estimate agrees with ImageMagick's identify -format %Q
// (testdata/imagemagick-quality.txt, made with ImageMagick 6.9.11) within
// ±2 on every corpus JPEG; the headline quality, which is exact for IJG
// tables, may differ where a file defines tables it does not use.
func TestCorpusQualityAgreesWithImageMagick(t *testing.T) {
	dir := corpusDir(t)
	f, err := os.Open("testdata/imagemagick-quality.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	n, hashAgree, headAgree := 0, 0, 0
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") || line == "" {
			continue
		}
		name, qs, _ := strings.Cut(line, " ")
		want, err := strconv.Atoi(qs)
		if err != nil {
			t.Fatalf("bad line %q", line)
		}
		path := filepath.Join(dir, "images", name)
		if _, err := os.Stat(path); err != nil {
			path = filepath.Join(dir, "c2pa", name)
		}
		fr := detectortest.RunFile(t, path, Detector)
		s := detectortest.Find(fr, "jpeg.quality")
		if s == nil {
			if fr.MediaType == "image/jpeg" {
				t.Errorf("%s: no jpeg.quality", name)
			}
			continue // PNG bytes under a .jpg name
		}
		n++
		if d := s.Evidence["hashSumQuality"].(int) - want; d >= -2 && d <= 2 {
			hashAgree++
		} else {
			t.Errorf("%s: hashSumQuality %v, ImageMagick %d", name, s.Evidence["hashSumQuality"], want)
		}
		if d := s.Evidence["quality"].(int) - want; d >= -2 && d <= 2 {
			headAgree++
		} else {
			t.Logf("%s: quality %v (exact %v), ImageMagick %d", name, s.Evidence["quality"], s.Evidence["exact"], want)
		}
	}
	if n < 50 {
		t.Errorf("only %d JPEGs compared", n)
	}
	t.Logf("within ±2 of ImageMagick: hashSumQuality %d/%d, quality %d/%d", hashAgree, n, headAgree, n)
}

// Every jpeg.* signal is a fact (info): none turns a camera file edited or
// any file AI.
func TestCorpusSignalsAreInfo(t *testing.T) {
	dir := filepath.Join(corpusDir(t), "images")
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	jpegs := 0
	for _, e := range es {
		fr := detectortest.RunFile(t, filepath.Join(dir, e.Name()), Detector)
		if len(fr.Signals) > 0 {
			jpegs++
		}
		for _, s := range fr.Signals {
			if s.Direction != reports.DirInfo || s.Strength != reports.StrengthInfo {
				t.Errorf("%s: %s is %s/%s", e.Name(), s.ID, s.Direction, s.Strength)
			}
		}
		if fr.Verdict != reports.VerdictNoSignals {
			t.Errorf("%s: verdict %s from jpeg tables alone", e.Name(), fr.Verdict)
		}
	}
	if jpegs < 30 {
		t.Errorf("signals on only %d files", jpegs)
	}
}
