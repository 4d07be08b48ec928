package c2pa

import (
	"encoding/csv"
	"os"
	"strings"
	"testing"

	"github.com/provcheck/provcheck/detectors"
	"github.com/provcheck/provcheck/detectors/engine"
	"github.com/provcheck/provcheck/internal/corpus"
	"github.com/provcheck/provcheck/provenance/container"
	"github.com/provcheck/provcheck/reports"
)

// runFile runs the detector on one file the way the engine does: walk,
// C2PA stage, detector.
func runFile(t *testing.T, path string, data []byte) (reports.C2PA, []reports.Signal) {
	t.Helper()
	inv, _ := container.Walk(t.Context(), data, container.Limits{})
	return runFileWith(t, path, data, inv)
}

// stage runs the engine's C2PA stage for p, as the engine does before any
// detector, walking the file when p has no inventory.
func stage(t *testing.T, p *detectors.Pass) {
	t.Helper()
	if p.Inv == nil {
		p.Inv, _ = container.Walk(t.Context(), p.File.Data, container.Limits{})
	}
	p.C2PA = engine.CheckC2PA(t.Context(), p.Settings, p.File.Path, p.File.Data, p.Inv)
}

// runFileWith runs the detector with the inventory of a container walk.
func runFileWith(t *testing.T, path string, data []byte, inv *container.Inventory) (reports.C2PA, []reports.Signal) {
	t.Helper()
	return runFileSettings(t, path, data, inv, &detectors.Settings{})
}

// runFileSettings runs the detector with the given settings.
func runFileSettings(t *testing.T, path string, data []byte, inv *container.Inventory, set *detectors.Settings) (reports.C2PA, []reports.Signal) {
	t.Helper()
	var sigs []reports.Signal
	prov := &reports.Provenance{}
	p := &detectors.Pass{
		File:       &detectors.File{Path: path, Size: int64(len(data)), Data: data},
		Inv:        inv,
		Provenance: prov,
		Settings:   set,
		Report:     func(s reports.Signal) { sigs = append(sigs, s) },
		Warn:       func(code, msg string) { t.Logf("warn %s: %s", code, msg) },
	}
	stage(t, p)
	if err := Detector.Run(t.Context(), p); err != nil {
		t.Fatal(err)
	}
	return prov.C2PA, sigs
}

func has(sigs []reports.Signal, id string) *reports.Signal {
	for i := range sigs {
		if sigs[i].ID == id {
			return &sigs[i]
		}
	}
	return nil
}

// TestCorpusSignals checks on the shared corpus that every manifest that
// declares AI gives a verified AI signal when valid (declared when
// invalid) and that no other file is called AI.
func TestCorpusSignals(t *testing.T) {
	f, err := os.Open(corpus.Path(t, "c2pa", "labels.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	// Files whose manifests declare AI (trainedAlgorithmicMedia or
	// compositeWithTrainedAlgorithmicMedia in some manifest).
	ai := map[string]bool{
		"gen_ai.jpg": true, "gen_ai.png": true, "gen_ai.webp": true, "gen_ai_tampered.jpg": true,
		"gen_edit_of_ai.jpg": true, "rs_ocsp.jpg": true, "ts_amazon-titan-g1.png": true,
	}
	for _, row := range rows[1:] {
		name, expected := row[0], row[4]
		path := corpus.Path(t, "c2pa", name)
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		c, sigs := runFile(t, path, data)
		state := c.State
		if state == reports.C2PATrusted {
			state = reports.C2PAValid
		}
		if state != expected {
			t.Errorf("%s: state %s, labels say %s", name, c.State, expected)
		}
		s := has(sigs, SigAIGenerated)
		switch {
		case ai[name] && s == nil:
			t.Errorf("%s: no %s signal; DSTs %v", name, SigAIGenerated, c.DigitalSourceTypes)
		case ai[name] && s.Verified != (c.State == reports.C2PATrusted):
			t.Errorf("%s: %s verified=%v with state %s", name, SigAIGenerated, s.Verified, c.State)
		case !ai[name] && s != nil:
			t.Errorf("%s: unexpected %s: %v", name, SigAIGenerated, s.Evidence)
		}
		if (state == reports.C2PAInvalid) != (has(sigs, SigInvalid) != nil || has(sigs, SigDamaged) != nil || has(sigs, SigExpired) != nil || has(sigs, SigRevoked) != nil) {
			t.Errorf("%s: state %s but the presence of failure signals disagrees", name, c.State)
		}
		var ids []string
		for _, s := range sigs {
			ids = append(ids, s.ID)
		}
		t.Logf("%-40s %-8s %-10s %s", name, c.State, c.TrustList, strings.Join(ids, ","))
	}
}
