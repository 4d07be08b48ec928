package reports

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/bmatcuk/doublestar/v4"
	"go.yaml.in/yaml/v3"
)

// DefaultIgnoreFile is read from the working folder when present.
const DefaultIgnoreFile = ".provcheckignore.yaml"

// IgnoreEntry is one reviewed decision: "this finding is known and fine".
// It matches a signal when every field given matches: ID (a signal ID,
// or a pattern such as "exif.*"), SHA256 (the file's content), Paths
// (doublestar globs against the report path or the base name) and
// Fingerprint ("<sha256>:<signal id>"). At least one must be given.
// An entry past its Expires date no longer applies.
type IgnoreEntry struct {
	ID          string   `yaml:"id,omitempty" json:"id,omitempty"`
	SHA256      string   `yaml:"sha256,omitempty" json:"sha256,omitempty"`
	Fingerprint string   `yaml:"fingerprint,omitempty" json:"fingerprint,omitempty"`
	Paths       []string `yaml:"paths,omitempty" json:"paths,omitempty"`
	Expires     string   `yaml:"expires,omitempty" json:"expires,omitempty"` // YYYY-MM-DD, inclusive
	Reason      string   `yaml:"reason,omitempty" json:"reason,omitempty"`
	Reviewer    string   `yaml:"reviewer,omitempty" json:"reviewer,omitempty"`
}

// SuppressedSignal is a signal an ignore entry set aside.
type SuppressedSignal struct {
	Signal
	IgnoredBy IgnoreEntry `json:"ignoredBy"`
}

// IgnoreSummary reports what an ignore file did in one scan: how many
// findings it suppressed, and which entries are stale (never used) or
// expired, so that old decisions get reviewed again.
type IgnoreSummary struct {
	File       string        `json:"file"`
	Suppressed int           `json:"suppressed"`
	Unused     []IgnoreEntry `json:"unused,omitempty"`
	Expired    []IgnoreEntry `json:"expired,omitempty"`
}

// IgnoreList is a parsed ignore file. It is safe for concurrent use.
type IgnoreList struct {
	file    string
	entries []IgnoreEntry
	expired []bool
	mu      sync.Mutex
	used    []bool
	count   int
}

type ignoreFile struct {
	Ignore []IgnoreEntry `yaml:"ignore"`
}

// LoadIgnore reads an ignore file; today decides which entries expired.
func LoadIgnore(file string, today time.Time) (*IgnoreList, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("ignore file: %w", err)
	}
	l, err := ParseIgnore(file, data, today)
	if err != nil {
		return nil, fmt.Errorf("ignore file %s: %w", file, err)
	}
	return l, nil
}

// ParseIgnore parses ignore-file YAML:
//
//	ignore:
//	  - id: png.comfyui-workflow
//	    paths: ["archive/**"]
//	    expires: 2027-06-30
//	    reason: our own renders, published with a caption
//	    reviewer: desk@example.org
func ParseIgnore(name string, data []byte, today time.Time) (*IgnoreList, error) {
	var f ignoreFile
	dec := yaml.NewDecoder(strings.NewReader(string(data)))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil && !errors.Is(err, io.EOF) { // an empty file ignores nothing
		return nil, err
	}
	l := &IgnoreList{file: name, entries: f.Ignore, expired: make([]bool, len(f.Ignore)), used: make([]bool, len(f.Ignore))}
	day := today.UTC().Format(time.DateOnly)
	var errs []error
	for i, e := range f.Ignore {
		if e.ID == "" && e.SHA256 == "" && e.Fingerprint == "" && len(e.Paths) == 0 {
			errs = append(errs, fmt.Errorf("entry %d: give at least one of id, sha256, fingerprint, paths", i+1))
		}
		if e.ID != "" {
			if _, err := path.Match(e.ID, ""); err != nil {
				errs = append(errs, fmt.Errorf("entry %d: id pattern %q: %w", i+1, e.ID, err))
			}
		}
		for _, p := range e.Paths {
			if !doublestar.ValidatePattern(p) {
				errs = append(errs, fmt.Errorf("entry %d: invalid glob %q", i+1, p))
			}
		}
		if e.Expires != "" {
			if _, err := time.Parse(time.DateOnly, e.Expires); err != nil {
				errs = append(errs, fmt.Errorf("entry %d: expires %q: want YYYY-MM-DD", i+1, e.Expires))
			}
			l.expired[i] = e.Expires < day
		}
	}
	return l, errors.Join(errs...)
}

func (e *IgnoreEntry) matches(f *FileResult, s *Signal) bool {
	if e.ID != "" {
		if ok, _ := path.Match(e.ID, s.ID); !ok {
			return false
		}
	}
	if e.SHA256 != "" && !strings.EqualFold(e.SHA256, f.SHA256) {
		return false
	}
	if e.Fingerprint != "" && e.Fingerprint != Fingerprint(f.SHA256, s.ID) {
		return false
	}
	if len(e.Paths) > 0 {
		p := filepath.ToSlash(f.Path)
		hit := false
		for _, g := range e.Paths {
			if ok, _ := doublestar.Match(g, p); ok {
				hit = true
				break
			}
			if ok, _ := doublestar.Match(g, path.Base(p)); ok {
				hit = true
				break
			}
		}
		if !hit {
			return false
		}
	}
	return true
}

// Apply moves the signals of f that a live entry matches into
// f.Suppressed. It reports whether anything moved: the caller then scores
// the file again, since suppressed signals no longer count.
func (l *IgnoreList) Apply(f *FileResult) bool {
	kept := f.Signals[:0:0]
	changed := false
	for i := range f.Signals {
		s := &f.Signals[i]
		hit := -1
		for j := range l.entries {
			if !l.expired[j] && l.entries[j].matches(f, s) {
				hit = j
				break
			}
		}
		if hit < 0 {
			kept = append(kept, *s)
			continue
		}
		changed = true
		l.mu.Lock()
		l.used[hit] = true
		l.count++
		l.mu.Unlock()
		f.Suppressed = append(f.Suppressed, SuppressedSignal{Signal: *s, IgnoredBy: l.entries[hit]})
	}
	if changed {
		f.Signals = kept
	}
	return changed
}

// Summary lists the suppressed count and the unused and expired entries.
func (l *IgnoreList) Summary() *IgnoreSummary {
	l.mu.Lock()
	defer l.mu.Unlock()
	s := &IgnoreSummary{File: l.file, Suppressed: l.count}
	for i, e := range l.entries {
		switch {
		case l.expired[i]:
			s.Expired = append(s.Expired, e)
		case !l.used[i]:
			s.Unused = append(s.Unused, e)
		}
	}
	return s
}
