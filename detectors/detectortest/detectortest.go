// Package detectortest runs one detector over bytes or a file through the
// real engine, for detector tests.
package detectortest

import (
	"os"
	"slices"
	"testing"

	"github.com/provcheck/provcheck/detectors"
	"github.com/provcheck/provcheck/detectors/engine"
	"github.com/provcheck/provcheck/reports"
)

// Run scans data with the given detectors and returns the file result.
// path may be "" or a real path (for detectors that look beside the file).
func Run(t testing.TB, data []byte, path string, ds ...*detectors.Detector) reports.FileResult {
	t.Helper()
	e := engine.New(engine.Config{}, ds, nil)
	name := path
	if name == "" {
		name = "input"
	}
	return e.ScanBytes(t.Context(), path, name, data)
}

// RunFile reads path and scans it with the given detectors.
func RunFile(t testing.TB, path string, ds ...*detectors.Detector) reports.FileResult {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return Run(t, data, path, ds...)
}

// IDs returns the sorted, de-duplicated signal IDs of a result.
func IDs(fr reports.FileResult) []string {
	var ids []string
	for _, s := range fr.Signals {
		ids = append(ids, s.ID)
	}
	slices.Sort(ids)
	return slices.Compact(ids)
}

// Find returns the first signal with the given ID, or nil.
func Find(fr reports.FileResult, id string) *reports.Signal {
	for i := range fr.Signals {
		if fr.Signals[i].ID == id {
			return &fr.Signals[i]
		}
	}
	return nil
}
