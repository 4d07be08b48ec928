package c2pa

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/provcheck/provcheck/detectors"
	"github.com/provcheck/provcheck/provenance/c2pa/c2patest"
	"github.com/provcheck/provcheck/provenance/container"
	"github.com/provcheck/provcheck/reports"
)

// TestDetectorTextWrapper runs the detector on plain text signed with a
// C2PA text manifest wrapper, as the container walker decodes it.
func TestDetectorTextWrapper(t *testing.T) {
	signer, err := c2patest.NewSigner(time.Now())
	if err != nil {
		t.Fatal(err)
	}
	const text = "Statement from the press office, 3 March.\nThe minister did not attend the meeting.\n"
	fx, err := signer.Make(c2patest.Options{Format: "text", Text: text, DigitalSourceType: "trainedAlgorithmicMedia"})
	if err != nil {
		t.Fatal(err)
	}
	signed := string(fx.Data)
	tests := []struct {
		name    string
		data    string
		state   string
		want    string // signal that must be present
		failure string // failure status that must be present
	}{
		{"valid", signed, reports.C2PAValid, SigAIGenerated, ""},
		{"utf-8 bom", "\uFEFF" + signed, reports.C2PAValid, SigAIGenerated, ""},
		{"one word changed", strings.Replace(signed, "did not attend", "did attend", 1), reports.C2PAInvalid, SigInvalid, "assertion.dataHash.mismatch"},
		{"two wrappers", signed + signed[len(text):], reports.C2PAInvalid, SigDamaged, "manifest.text.multipleWrappers"},
		{"corrupted", signed[:len(text)+3+4*8] + "\U000E0101" + signed[len(text)+3+4*8+3:], reports.C2PAInvalid, SigDamaged, "manifest.text.corruptedWrapper"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := []byte(tt.data)
			inv, err := container.Walk(t.Context(), data, container.Limits{})
			if err != nil || inv.Format != "text" {
				t.Fatalf("walk: format %q, err %v", inv.Format, err)
			}
			var sigs []reports.Signal
			prov := &reports.Provenance{}
			p := &detectors.Pass{
				File:       &detectors.File{Data: data},
				Inv:        inv,
				Provenance: prov,
				Settings:   &detectors.Settings{},
				Report:     func(s reports.Signal) { sigs = append(sigs, s) },
			}
			stage(t, p)
			if err := Detector.Run(t.Context(), p); err != nil {
				t.Fatal(err)
			}
			if prov.C2PA.State != tt.state {
				t.Fatalf("state %s, want %s; status %+v", prov.C2PA.State, tt.state, prov.C2PA.Status)
			}
			if has(sigs, tt.want) == nil {
				t.Errorf("missing %s in %v", tt.want, ids(sigs))
			}
			if tt.failure != "" && !slices.ContainsFunc(prov.C2PA.Status.Failure, func(s reports.C2PAStatusCode) bool { return s.Code == tt.failure }) {
				t.Errorf("failures %+v lack %s", prov.C2PA.Status.Failure, tt.failure)
			}
		})
	}
}
