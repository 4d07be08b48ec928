package reports_test

import (
	"slices"
	"testing"

	"github.com/provcheck/provcheck/reports"
)

// TestRankFailureBeforeDeclarations ranks the signals of a file whose
// Content Credentials declare AI and editing but changed after signing:
// the failure is the decisive signal shown first, then the credential
// problem, then the declarations, then what supports them.
func TestRankFailureBeforeDeclarations(t *testing.T) {
	sig := func(id string, d reports.Direction, s reports.Strength, w float64) reports.Signal {
		return reports.Signal{ID: id, Detector: "c2pa", Direction: d, Strength: s, Weight: w}
	}
	f := &reports.FileResult{Verdict: reports.VerdictAIDeclared, Signals: []reports.Signal{
		sig("c2pa.ai-generated", reports.DirAI, reports.StrengthDeclared, 6),
		sig("c2pa.edited", reports.DirEdit, reports.StrengthDeclared, -0.5),
		sig("c2pa.invalid", reports.DirIntegrity, reports.StrengthStrong, 0),
		sig("c2pa.untrusted-signer", reports.DirIntegrity, reports.StrengthModerate, 0),
		sig("exif.software", reports.DirEdit, reports.StrengthWeak, -0.2),
		sig("jpeg.quality", reports.DirInfo, reports.StrengthInfo, 0),
	}}
	f.Signals[4].Detector, f.Signals[5].Detector = "exif", "jpeg"
	r := reports.Rank(f)
	var got []string
	for _, s := range r.Decisive {
		got = append(got, s.ID)
	}
	want := []string{"c2pa.invalid", "c2pa.untrusted-signer", "c2pa.ai-generated", "c2pa.edited"}
	if !slices.Equal(got, want) {
		t.Errorf("decisive order %v, want %v", got, want)
	}
	if len(r.Supporting) != 1 || r.Supporting[0].ID != "exif.software" || len(r.Technical) != 1 {
		t.Errorf("supporting %v, technical %v", r.Supporting, r.Technical)
	}
	if lead := r.Lead(); lead == nil || lead.ID != "c2pa.invalid" {
		t.Errorf("lead %+v, want c2pa.invalid", lead)
	}
}
