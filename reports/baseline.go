package reports

import (
	"fmt"
	"os"
)

// Baseline states of a signal.
const (
	BaselineNew       = "new"
	BaselineUnchanged = "unchanged"
)

// BaselineSummary says what comparing with a baseline report left out.
type BaselineSummary struct {
	// Report is the baseline report's path.
	Report string `json:"report"`
	// Unchanged counts findings already in the baseline.
	Unchanged int `json:"unchanged"`
	// HiddenFiles counts files left out of this report because they had
	// nothing new: no new finding and no error.
	HiddenFiles int `json:"hiddenFiles"`
}

// Baseline is the set of fingerprints of an earlier report. A scan
// compared with it keeps only files with something new.
type Baseline struct {
	path string
	fps  map[string]struct{}
}

// LoadBaseline reads a JSON or NDJSON report written by provcheck.
func LoadBaseline(path string) (*Baseline, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("baseline: %w", err)
	}
	defer f.Close()
	r, err := Read(f)
	if err != nil {
		return nil, fmt.Errorf("baseline %s: %w", path, err)
	}
	return NewBaseline(path, r), nil
}

// NewBaseline indexes the findings of r, including suppressed ones, so an
// ignore entry that expires does not make an old finding look new.
func NewBaseline(path string, r *Report) *Baseline {
	b := &Baseline{path: path, fps: map[string]struct{}{}}
	for i := range r.Files {
		f := &r.Files[i]
		for _, s := range f.Signals {
			b.fps[Fingerprint(f.SHA256, s.ID)] = struct{}{}
		}
		for _, s := range f.Suppressed {
			b.fps[Fingerprint(f.SHA256, s.ID)] = struct{}{}
		}
	}
	return b
}

// Len is the number of findings in the baseline.
func (b *Baseline) Len() int { return len(b.fps) }

// Compare marks each signal of f new or unchanged, counts into sum, and
// says whether f belongs in the report: it has a new finding or an error.
func (b *Baseline) Compare(f *FileResult, sum *BaselineSummary) bool {
	sum.Report = b.path
	fresh := false
	for i := range f.Signals {
		s := &f.Signals[i]
		if _, ok := b.fps[Fingerprint(f.SHA256, s.ID)]; ok && f.SHA256 != "" {
			s.BaselineState = BaselineUnchanged
			sum.Unchanged++
			continue
		}
		s.BaselineState = BaselineNew
		fresh = true
	}
	if fresh || len(f.Errors) > 0 {
		return true
	}
	sum.HiddenFiles++
	return false
}
