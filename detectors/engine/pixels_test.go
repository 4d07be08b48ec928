package engine

import (
	"context"
	"slices"
	"testing"

	"github.com/provcheck/provcheck/detectors"
	"github.com/provcheck/provcheck/reports"
)

func TestPixelPolicy(t *testing.T) {
	declares := func(dir reports.Direction, st reports.Strength) *detectors.Detector {
		return &detectors.Detector{Name: "meta", Doc: "metadata", Version: 1,
			Run: func(_ context.Context, p *detectors.Pass) error {
				p.Report(reports.Signal{ID: "meta.finding", Direction: dir, Strength: st})
				return nil
			}}
	}
	var order []string
	pixels := &detectors.Detector{Name: "pix", Doc: "pixels", Version: 1, Pixels: true,
		Run: func(_ context.Context, p *detectors.Pass) error {
			order = append(order, "pix")
			return nil
		}}
	// Registered first, run last: the metadata decides whether it runs.
	list := func(meta *detectors.Detector) []*detectors.Detector {
		wrapped := *meta
		run := meta.Run
		wrapped.Run = func(ctx context.Context, p *detectors.Pass) error {
			order = append(order, "meta")
			return run(ctx, p)
		}
		return []*detectors.Detector{pixels, &wrapped}
	}
	tests := []struct {
		name    string
		policy  detectors.PixelPolicy
		meta    *detectors.Detector
		wantRun bool
	}{
		{"auto, nothing declared", "", declares(reports.DirCapture, reports.StrengthWeak), true},
		{"auto, heuristic AI only", detectors.PixelsAuto, declares(reports.DirAI, reports.StrengthWeak), true},
		{"auto, AI declared", detectors.PixelsAuto, declares(reports.DirAI, reports.StrengthDeclared), false},
		{"always, AI declared", detectors.PixelsAlways, declares(reports.DirAI, reports.StrengthDeclared), true},
		{"never", detectors.PixelsNever, declares(reports.DirInfo, reports.StrengthInfo), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			order = nil
			e := New(Config{Settings: detectors.Settings{Pixels: tt.policy}}, list(tt.meta), nil)
			fr := e.ScanBytes(t.Context(), "", "x.png", minimalPNG)
			ran := slices.Contains(order, "pix")
			if ran != tt.wantRun {
				t.Fatalf("pixel detector ran = %v, want %v (order %v)", ran, tt.wantRun, order)
			}
			if ran {
				if !slices.Equal(order, []string{"meta", "pix"}) {
					t.Errorf("order %v: the pixel detector must run after the metadata", order)
				}
				if len(fr.Skipped) != 0 {
					t.Errorf("skipped %+v on a run detector", fr.Skipped)
				}
				return
			}
			if len(fr.Skipped) != 1 || fr.Skipped[0].Detector != "pix@1" || fr.Skipped[0].Reason == "" {
				t.Errorf("skipped = %+v, want pix@1 with a reason", fr.Skipped)
			}
			if slices.Contains(fr.Detectors, "pix@1") {
				t.Errorf("detectors %v lists a detector that did not run", fr.Detectors)
			}
		})
	}
}

func TestParsePixelPolicy(t *testing.T) {
	for in, want := range map[string]detectors.PixelPolicy{"": detectors.PixelsAuto, "auto": detectors.PixelsAuto, "always": detectors.PixelsAlways, "never": detectors.PixelsNever} {
		if got, err := detectors.ParsePixelPolicy(in); err != nil || got != want {
			t.Errorf("ParsePixelPolicy(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := detectors.ParsePixelPolicy("sometimes"); err == nil {
		t.Error("ParsePixelPolicy accepted an unknown policy")
	}
}
