package reports

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"regexp"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// Decisions: what a reviewer concluded about a file, kept by the desk and
// read back by the next scan (scan --decisions FILE), which shows the
// decision beside the file it names, matched by content (SHA-256).
//
// The decisions file is JSON, version 1:
//
//	{
//	  "format": "provcheck-decisions",
//	  "version": 1,
//	  "decisions": [
//	    {
//	      "sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
//	      "decision": "authentic",
//	      "note": "original obtained from the photographer",
//	      "reviewer": "AB",
//	      "date": "2026-12-07",
//	      "path": "photos/harbour.jpg"
//	    }
//	  ]
//	}
//
// sha256 (64 hex digits), decision (confirmed-ai, authentic or unresolved)
// and date (YYYY-MM-DD, or an RFC 3339 time whose date is used) are
// required; note, reviewer (initials or a name) and path (where the file
// was when it was reviewed, for people: matching is by sha256 only) are
// optional. Unknown fields are refused, so a typo is not silently lost.
// When one file has several decisions, the latest date wins, and on the
// same date the later entry. The HTML report and the web page export this
// format; nothing is stored server-side.
const (
	DecisionsFormat  = "provcheck-decisions"
	DecisionsVersion = 1
)

// Decision values.
const (
	DecisionConfirmedAI = "confirmed-ai"
	DecisionAuthentic   = "authentic"
	DecisionUnresolved  = "unresolved"
)

// DecisionValues lists the decisions a reviewer can record, with their
// labels for people.
var DecisionValues = []struct{ Value, Label string }{
	{DecisionConfirmedAI, "confirmed AI"},
	{DecisionAuthentic, "authentic"},
	{DecisionUnresolved, "unresolved"},
}

// Decision is one reviewer's conclusion about one file's content. In a
// report it is FileResult.Decision.
type Decision struct {
	SHA256   string `json:"sha256"`
	Decision string `json:"decision"`
	Note     string `json:"note,omitempty"`
	Reviewer string `json:"reviewer,omitempty"`
	Date     string `json:"date"`
	Path     string `json:"path,omitempty"`
}

// DecisionsFile is the decisions file.
type DecisionsFile struct {
	Format    string     `json:"format"`
	Version   int        `json:"version"`
	Decisions []Decision `json:"decisions"`
}

// Label is the decision for people: "confirmed AI", "authentic".
func (d *Decision) Label() string {
	for _, v := range DecisionValues {
		if v.Value == d.Decision {
			return v.Label
		}
	}
	return d.Decision
}

// Line is the decision as a report shows it beside the file:
// "reviewed on 2026-12-07 by AB: authentic (original obtained)".
func (d *Decision) Line() string {
	s := "reviewed on " + d.Date
	if d.Reviewer != "" {
		s += " by " + d.Reviewer
	}
	s += ": " + d.Label()
	if d.Note != "" {
		s += " (" + d.Note + ")"
	}
	return s
}

// Decisions maps content hashes to the decision that applies.
type Decisions struct {
	bySHA map[string]Decision
}

// LoadDecisions reads a decisions file.
func LoadDecisions(file string) (*Decisions, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("decisions: %w", err)
	}
	d, err := ParseDecisions(data)
	if err != nil {
		return nil, fmt.Errorf("decisions file %s: %w", file, err)
	}
	return d, nil
}

// maxDecisionsFile bounds what ParseDecisions reads: a desk's log of a
// million files is well under it.
const maxDecisionsFile = 256 << 20

var hexSHA256 = regexp.MustCompile(`^[0-9a-f]{64}$`)

// ParseDecisions parses and checks a decisions file.
func ParseDecisions(data []byte) (*Decisions, error) {
	if len(data) > maxDecisionsFile {
		return nil, fmt.Errorf("larger than %d bytes", maxDecisionsFile)
	}
	var f DecisionsFile
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return nil, err
	}
	if f.Format != DecisionsFormat {
		return nil, fmt.Errorf("format %q: want %q", f.Format, DecisionsFormat)
	}
	if f.Version != DecisionsVersion {
		return nil, fmt.Errorf("version %d: this provcheck reads version %d", f.Version, DecisionsVersion)
	}
	out := &Decisions{bySHA: map[string]Decision{}}
	var errs []error
	for i, d := range f.Decisions {
		d.SHA256 = strings.ToLower(strings.TrimSpace(d.SHA256))
		if err := d.check(); err != nil {
			errs = append(errs, fmt.Errorf("decision %d: %w", i+1, err))
			continue
		}
		if old, ok := out.bySHA[d.SHA256]; !ok || d.Date >= old.Date {
			out.bySHA[d.SHA256] = d
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return out, nil
}

// check validates one decision and normalises its date to YYYY-MM-DD.
func (d *Decision) check() error {
	if !hexSHA256.MatchString(d.SHA256) {
		return fmt.Errorf("sha256 %q: want 64 hex digits", d.SHA256)
	}
	switch d.Decision {
	case DecisionConfirmedAI, DecisionAuthentic, DecisionUnresolved:
	default:
		return fmt.Errorf("decision %q: want confirmed-ai, authentic or unresolved", d.Decision)
	}
	if _, err := time.Parse(time.DateOnly, d.Date); err != nil {
		t, err2 := time.Parse(time.RFC3339, d.Date)
		if err2 != nil {
			return fmt.Errorf("date %q: want YYYY-MM-DD", d.Date)
		}
		d.Date = t.UTC().Format(time.DateOnly)
	}
	return nil
}

// Len is the number of files with a decision.
func (d *Decisions) Len() int { return len(d.bySHA) }

// Apply sets a file's Decision when one names its content.
func (d *Decisions) Apply(f *FileResult) bool {
	if d == nil || f.SHA256 == "" {
		return false
	}
	dec, ok := d.bySHA[strings.ToLower(f.SHA256)]
	if !ok {
		return false
	}
	f.Decision = &dec
	return true
}

// DecisionIgnoreEntries turns decisions into ignore-file entries: a file
// found authentic is "reviewed, set aside", so its findings are suppressed
// by content hash in later scans (with the decision as the reason, so the
// report still says why). Confirmed-AI and unresolved files are not: their
// findings must keep showing.
func DecisionIgnoreEntries(ds []Decision) []IgnoreEntry {
	var out []IgnoreEntry
	for _, d := range ds {
		if d.Decision != DecisionAuthentic {
			continue
		}
		reason := "reviewed on " + d.Date + ": authentic"
		if d.Note != "" {
			reason += " (" + d.Note + ")"
		}
		e := IgnoreEntry{SHA256: d.SHA256, Reason: reason, Reviewer: d.Reviewer}
		out = append(out, e)
	}
	return out
}

// WriteDecisionIgnore renders entries as a .provcheckignore.yaml file.
func WriteDecisionIgnore(ds []Decision) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString("# Written from provcheck review decisions: files found authentic, set aside by content.\n")
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(ignoreFile{Ignore: DecisionIgnoreEntries(ds)}); err != nil {
		return nil, err
	}
	return buf.Bytes(), enc.Close()
}
