package container

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"testing"

	"github.com/provcheck/provcheck/internal/corpus"
)

func rtbReadCorpus(t testing.TB, name string) []byte {
	t.Helper()
	return corpus.Read(t, name)
}

// rtbIsJUMBF reports whether b starts with a JUMBF superbox header.
func rtbIsJUMBF(b []byte) bool { return len(b) >= 8 && string(b[4:8]) == "jumb" }

func TestCorpusRIFFTIFFBMFF(t *testing.T) {
	tiffHeader := func(b []byte) bool {
		return bytes.HasPrefix(b, []byte("MM\x00*")) || bytes.HasPrefix(b, []byte("II*\x00"))
	}
	tests := []struct {
		file  string
		check func(t *testing.T, inv *Inventory)
	}{
		{"images/camera_heic_IMG_5195.HEIC", func(t *testing.T, inv *Inventory) {
			if inv.Width <= 0 || inv.Height <= 0 {
				t.Errorf("size %dx%d", inv.Width, inv.Height)
			}
			if len(inv.EXIF) != 1 || !tiffHeader(inv.EXIF[0].Data) {
				t.Errorf("want one EXIF block starting with a TIFF header, got %d", len(inv.EXIF))
			}
			if len(inv.XMP) != 1 || !bytes.HasPrefix(inv.XMP[0].Data, []byte("<?xpacket")) {
				t.Errorf("want one XMP packet, got %d", len(inv.XMP))
			}
		}},
		{"images/ai_comfyui_image_to_video_wan_example.webp", func(t *testing.T, inv *Inventory) {
			if !inv.Animated || inv.Frames < 2 {
				t.Errorf("animated %v frames %d", inv.Animated, inv.Frames)
			}
			if len(inv.EXIF) != 1 || !tiffHeader(inv.EXIF[0].Data) {
				t.Errorf("want one EXIF block starting with a TIFF header, got %d", len(inv.EXIF))
			}
		}},
		{"c2pa/rs_test.tiff", func(t *testing.T, inv *Inventory) {
			if inv.Width != 375 || inv.Height != 375 || len(inv.XMP) != 1 || len(inv.ICC) != 1 {
				t.Errorf("size %dx%d XMP %d ICC %d, want 375x375 with XMP and ICC", inv.Width, inv.Height, len(inv.XMP), len(inv.ICC))
			}
		}},
		{"c2pa/rs_video1.mp4", func(t *testing.T, inv *Inventory) {
			if !inv.Animated || inv.Width == 0 || inv.Frames == 0 {
				t.Errorf("animated %v size %dx%d frames %d", inv.Animated, inv.Width, inv.Height, inv.Frames)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			data := rtbReadCorpus(t, tt.file)
			inv, err := Walk(t.Context(), data, Limits{})
			if err != nil {
				t.Fatalf("Walk: %v", err)
			}
			if len(inv.Warnings) != 0 {
				t.Errorf("warnings on a sound file: %v", inv.Warnings)
			}
			rtbCheckBounds(t, inv, len(data))
			tt.check(t, inv)
		})
	}
}

// TestCorpusC2PALabels checks, for every RIFF, TIFF and BMFF file of the
// C2PA corpus, that a manifest store is found exactly when labels.csv
// expects one, and that it starts with a JUMBF superbox.
func TestCorpusC2PALabels(t *testing.T) {
	f, err := os.Open(corpus.Path(t, "c2pa", "labels.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	seen := 0
	for _, row := range rows[1:] {
		file, format, expected := row[0], row[1], row[4]
		switch format {
		case "webp", "tiff", "heic", "avif", "mp4":
		default:
			continue
		}
		seen++
		t.Run(file, func(t *testing.T) {
			data := rtbReadCorpus(t, filepath.Join("c2pa", file))
			inv, err := Walk(t.Context(), data, Limits{})
			if err != nil {
				t.Fatalf("Walk: %v", err)
			}
			rtbCheckBounds(t, inv, len(data))
			if expected == "none" {
				if len(inv.C2PA) != 0 {
					t.Errorf("labelled none, found %d C2PA blocks", len(inv.C2PA))
				}
				return
			}
			if len(inv.C2PA) != 1 || !rtbIsJUMBF(inv.C2PA[0].Data) {
				t.Errorf("labelled %s, want one C2PA block starting with a jumb box; got %d", expected, len(inv.C2PA))
			}
		})
	}
	if seen < 5 {
		t.Errorf("only %d RIFF/TIFF/BMFF rows in labels.csv", seen)
	}
}

func BenchmarkWalkRIFFTIFFBMFF(b *testing.B) {
	for _, name := range []string{
		"images/camera_heic_IMG_5195.HEIC",
		"images/ai_comfyui_image_to_video_wan_example.webp",
		"c2pa/rs_test.tiff",
		"c2pa/rs_video1.mp4",
	} {
		data := rtbReadCorpus(b, name)
		b.Run(filepath.Base(name), func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				if _, err := Walk(b.Context(), data, Limits{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
