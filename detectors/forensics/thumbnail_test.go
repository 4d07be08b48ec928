package forensics

import (
	"testing"

	"github.com/disintegration/imaging"
	"github.com/provcheck/provcheck/detectors/detectortest"
	"github.com/provcheck/provcheck/reports"
)

func TestThumbnail(t *testing.T) {
	a := halves(480, 360)
	wide := halves(540, 360)
	tests := []struct {
		name    string
		data    []byte
		want    string // signal ID, "" for none
		verdict reports.Verdict
	}{
		{"same picture", photo(t, a, imaging.Resize(a, 160, 120, imaging.Box)), "", reports.VerdictNoSignals},
		// Alone, a different thumbnail is information: some cameras store
		// one of another rendering.
		{"different picture", photo(t, a, imaging.Resize(quadrants(480, 360), 160, 120, imaging.Box)), "exif.thumbnail-mismatch", reports.VerdictNoSignals},
		{"different picture, editor named", withEXIF(encodeJPEG(t, a, 92), exifWithThumbTags([]asciiTag{{0x010F, "Canon"}, {0x0131, "GIMP 2.10"}},
			encodeJPEG(t, imaging.Resize(quadrants(480, 360), 160, 120, imaging.Box), 75), 0)), "exif.thumbnail-mismatch", reports.VerdictEdited},
		{"different picture, firmware named", withEXIF(encodeJPEG(t, a, 92), exifWithThumbTags([]asciiTag{{0x010F, "Canon"}, {0x0131, "Ver.1.02"}},
			encodeJPEG(t, imaging.Resize(quadrants(480, 360), 160, 120, imaging.Box), 75), 0)), "exif.thumbnail-mismatch", reports.VerdictNoSignals},
		{"different picture, modified later", withEXIF(encodeJPEG(t, a, 92), exifWithThumbTags([]asciiTag{{0x010F, "Canon"}, {0x0132, "2024:05:01 10:00:00"}},
			encodeJPEG(t, imaging.Resize(quadrants(480, 360), 160, 120, imaging.Box), 75), 0)), "exif.thumbnail-mismatch", reports.VerdictNoSignals},
		{"rotated main", photo(t, imaging.Rotate90(a), imaging.Resize(a, 160, 120, imaging.Box)), "exif.thumbnail-rotated", reports.VerdictEdited},
		{"letterboxed thumbnail", photo(t, wide, letterbox(wide, 160, 120)), "", reports.VerdictNoSignals},
		{"thumbnail past the block", withEXIF(encodeJPEG(t, a, 90), exifWithThumb("Canon", encodeJPEG(t, a, 75), 60000)), "", reports.VerdictNoSignals},
		{"no thumbnail", encodeJPEG(t, a, 90), "", reports.VerdictNoSignals},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fr := detectortest.Run(t, tc.data, "", Detector)
			ids := detectortest.IDs(fr)
			switch {
			case tc.want == "" && len(ids) != 0:
				t.Errorf("signals %v", ids)
			case tc.want != "" && (len(ids) != 1 || ids[0] != tc.want):
				t.Errorf("signals %v, want [%s]", ids, tc.want)
			}
			if fr.Verdict != tc.verdict {
				t.Errorf("verdict %s, want %s", fr.Verdict, tc.verdict)
			}
			if s := detectortest.Find(fr, "exif.thumbnail-mismatch"); s != nil {
				if d := s.Evidence["meanAbsDifference"].(float64); d < differentMAD {
					t.Errorf("mismatch with difference %v", d)
				}
				wantStrength := reports.StrengthInfo
				if tc.verdict == reports.VerdictEdited {
					wantStrength = reports.StrengthStrong
					if by, _ := s.Evidence["corroboratedBy"].([]string); len(by) == 0 {
						t.Errorf("edit evidence without corroboration: %v", s.Evidence)
					}
				}
				if s.Strength != wantStrength || s.Evidence["thumbnailSize"] != "160×120" {
					t.Errorf("mismatch signal %+v", s)
				}
			}
			if s := detectortest.Find(fr, "exif.thumbnail-rotated"); s != nil && s.Evidence["rotation"] != 90 {
				t.Errorf("rotation %v", s.Evidence["rotation"])
			}
		})
	}
}

func TestThumbnailBytes(t *testing.T) {
	thumb := encodeJPEG(t, halves(32, 24), 75)
	good := exifWithThumb("Canon", thumb, 0)
	tests := []struct {
		name  string
		block []byte
		ok    bool
	}{
		{"good", good, true},
		{"with Exif header", append([]byte("Exif\x00\x00"), good...), true},
		{"offset past the end", exifWithThumb("Canon", thumb, uint32(len(good))), false},
		{"not a JPEG", exifWithThumb("Canon", []byte("not a jpeg at all"), 0), false},
		{"truncated", good[:len(good)-10], false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d, err := decodeEXIF(tc.block)
			if err != nil {
				t.Fatal(err)
			}
			got, _, err := thumbnailBytes(tc.block, d)
			if (err == nil) != tc.ok {
				t.Fatalf("err %v", err)
			}
			if tc.ok && len(got) != len(thumb) {
				t.Errorf("%d bytes, want %d", len(got), len(thumb))
			}
		})
	}
}

func TestCanvas(t *testing.T) {
	tests := []struct {
		w, h   int
		camera bool
		want   bool
	}{
		{1024, 1024, false, true},
		{832, 1216, false, true},
		{1216, 832, false, true},
		{1024, 1024, true, false},
		{1000, 1000, false, false},
		{8, 8, false, false},
	}
	for _, tc := range tests {
		s, ok := canvasSignal(tc.w, tc.h, tc.camera)
		if ok != tc.want {
			t.Errorf("%d×%d camera=%v: signal %v, want %v", tc.w, tc.h, tc.camera, ok, tc.want)
		}
		if ok && (s.Direction != reports.DirAI || s.Strength != reports.StrengthWeak) {
			t.Errorf("%d×%d: %s/%s", tc.w, tc.h, s.Direction, s.Strength)
		}
	}
}

// A generator-sized PNG with no camera gets the weak prior, which alone
// stays below ai-suspected; the same size with camera EXIF gets nothing.
func TestCanvasThroughEngine(t *testing.T) {
	img := halves(1024, 1024)
	fr := detectortest.Run(t, encodeJPEG(t, img, 90), "", Detector)
	if ids := detectortest.IDs(fr); len(ids) != 1 || ids[0] != "image.generator-canvas" {
		t.Fatalf("signals %v", ids)
	}
	if fr.Verdict == reports.VerdictAISuspected || fr.Verdict == reports.VerdictAIDeclared {
		t.Errorf("verdict %s from a size alone", fr.Verdict)
	}
	fr = detectortest.Run(t, withEXIF(encodeJPEG(t, img, 90), exifWithThumb("Canon", encodeJPEG(t, imaging.Resize(img, 160, 160, imaging.Box), 75), 0)), "", Detector)
	if ids := detectortest.IDs(fr); len(ids) != 0 {
		t.Errorf("signals with a camera named: %v", ids)
	}
}

func TestLaterModification(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"2008:11:01 21:15:07", "2008:10:22 16:28:39", true},
		{"2012:02:11 14:17:08", "2012:02:11 14:17:08", false},
		{"2012:02:11 14:17:30", "2012:02:11 14:17:08", false}, // within a minute: one camera write
		{"2001:01:01 00:00:00", "2008:10:22 16:28:39", false},
		{"", "2008:10:22 16:28:39", false},
		{"0000:00:00 00:00:00", "2008:10:22 16:28:39", false},
		{"2008:11:01 21:15:07\x00", "2008:10:22 16:28:39.253+01:00", true},
	}
	for _, tc := range tests {
		if got := later(tc.a, tc.b); got != tc.want {
			t.Errorf("later(%q, %q) = %v", tc.a, tc.b, got)
		}
	}
}
