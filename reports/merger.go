package reports

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"os"
	"slices"
	"strings"
)

// Merger joins reports into one without holding their files in memory:
// each kept file record goes, as its JSON text, into a spill file, and
// only its path and where its text lies stay in memory (some tens of
// bytes a file, against tens of KB for a decoded result). The merged
// summary is known once every report is added, before a file is written,
// so even formats whose summary comes first stream their files.
type Merger struct {
	spill   *os.File
	size    int64
	kept    []spilled
	first   map[string]int // path -> the report its kept entry came from
	dupAt   map[string]int // path -> index in dups, +1
	dups    []Duplicate
	reports int
	counts  Report // the kept files, counted
	sum     Summary
	err     error
}

type spilled struct {
	path string
	off  int64
	n    int
}

// NewMerger starts a merge whose spill file lives in dir ("" for the
// system's temporary folder).
func NewMerger(dir string) (*Merger, error) {
	f, err := os.CreateTemp(dir, "provcheck-merge-*")
	if err != nil {
		return nil, fmt.Errorf("merge spill file: %w", err)
	}
	return &Merger{spill: f, first: map[string]int{}, dupAt: map[string]int{}}, nil
}

// Close removes the spill file.
func (m *Merger) Close() error {
	name := m.spill.Name()
	err := m.spill.Close()
	if rerr := os.Remove(name); err == nil {
		err = rerr
	}
	return err
}

// Add reads one report (JSON, or NDJSON read leniently as ReadLenient
// does) and keeps each of its files whose path no earlier report had. It
// returns the report's head (schema version, tool, summary; no files) and
// the NDJSON lines dropped. A report that cannot be read may leave some
// of its files added: the caller abandons the merge.
func (m *Merger) Add(r io.Reader) (head *Report, dropped []Dropped, err error) {
	br := bufio.NewReaderSize(r, 1<<16)
	idx := m.reports
	m.reports++
	file := func(text []byte, f *FileResult) error { return m.file(idx, text, f) }
	if isNDJSON(br) {
		head, dropped, _, err = readNDJSONLenient(br, file)
	} else {
		head, err = readJSONStream(br, file)
	}
	if err != nil {
		return nil, nil, err
	}
	if len(dropped) > 0 {
		head.Summary.Partial = true
	}
	m.sum.addRun(head.Summary)
	return head, dropped, nil
}

func (m *Merger) file(idx int, text []byte, f *FileResult) error {
	if j, ok := m.first[f.Path]; ok {
		if d := m.dupAt[f.Path]; d > 0 {
			m.dups[d-1].Reports = append(m.dups[d-1].Reports, idx)
		} else {
			m.dups = append(m.dups, Duplicate{Path: f.Path, Reports: []int{j, idx}})
			m.dupAt[f.Path] = len(m.dups)
		}
		return nil
	}
	if _, err := m.spill.Write(text); err != nil {
		return fmt.Errorf("merge spill file: %w", err)
	}
	m.first[f.Path] = idx
	m.kept = append(m.kept, spilled{path: f.Path, off: m.size, n: len(text)})
	m.size += int64(len(text))
	m.counts.Count(f)
	return nil
}

// Summary is the merged summary: file counts over the kept files, the
// per-run counts (discovered, scanned, skipped, baseline, ignore) summed.
func (m *Merger) Summary() Summary {
	s := m.sum
	s.Files, s.Verdicts, s.Review, s.Errors = m.counts.Summary.Files, m.counts.Summary.Verdicts, m.counts.Summary.Review, m.counts.Summary.Errors
	if s.Verdicts == nil {
		s.Verdicts = map[Verdict]int{}
	}
	return s
}

// Duplicates lists the paths found in more than one report, sorted; each
// is kept from the first report that had it.
func (m *Merger) Duplicates() []Duplicate {
	dups := slices.Clone(m.dups)
	slices.SortFunc(dups, func(a, b Duplicate) int { return strings.Compare(a.Path, b.Path) })
	return dups
}

// Len is the number of files kept.
func (m *Merger) Len() int { return len(m.kept) }

// Files yields the kept files sorted by path, each read back from the
// spill file as it is needed. Err says whether reading one failed.
func (m *Merger) Files() iter.Seq2[int, FileResult] {
	slices.SortStableFunc(m.kept, func(a, b spilled) int { return strings.Compare(a.path, b.path) })
	return func(yield func(int, FileResult) bool) {
		var buf []byte
		for i, k := range m.kept {
			buf = slices.Grow(buf[:0], k.n)[:k.n]
			if _, err := m.spill.ReadAt(buf, k.off); err != nil {
				m.err = fmt.Errorf("merge spill file: %w", err)
				return
			}
			var f FileResult
			if err := decodeNumbers(buf, &f); err != nil {
				m.err = fmt.Errorf("merge spill file: %w", err)
				return
			}
			if !yield(i, f) {
				return
			}
		}
	}
}

// Err is the error that ended Files early, if any.
func (m *Merger) Err() error { return m.err }

// addRun adds the per-run counts of one report's summary to s: the file
// counts are recounted over the merged files by the caller.
func (s *Summary) addRun(o Summary) {
	s.Discovered += o.Discovered
	s.Scanned += o.Scanned
	s.Partial = s.Partial || o.Partial
	for k, v := range o.Skipped {
		if s.Skipped == nil {
			s.Skipped = map[string]int{}
		}
		s.Skipped[k] += v
	}
	if b := o.Baseline; b != nil {
		if s.Baseline == nil {
			s.Baseline = &BaselineSummary{Report: b.Report}
		}
		s.Baseline.Unchanged += b.Unchanged
		s.Baseline.HiddenFiles += b.HiddenFiles
	}
	if ig := o.Ignore; ig != nil {
		if s.Ignore == nil {
			// An entry is unused only when no report used it.
			s.Ignore = &IgnoreSummary{File: ig.File, Unused: ig.Unused}
		} else {
			s.Ignore.Unused = slices.DeleteFunc(s.Ignore.Unused, func(e IgnoreEntry) bool {
				return !slices.ContainsFunc(ig.Unused, func(o IgnoreEntry) bool { return sameEntry(e, o) })
			})
		}
		s.Ignore.Suppressed += ig.Suppressed
		for _, e := range ig.Expired {
			if !slices.ContainsFunc(s.Ignore.Expired, func(o IgnoreEntry) bool { return sameEntry(e, o) }) {
				s.Ignore.Expired = append(s.Ignore.Expired, e)
			}
		}
	}
}

// readJSONStream reads a JSON report as Read does, handing each element
// of "files" to file as it is decoded instead of keeping it. The report
// returned has no files.
func readJSONStream(r io.Reader, file func(text []byte, f *FileResult) error) (*Report, error) {
	dec := json.NewDecoder(r)
	dec.UseNumber()
	notReport := func(err error) error { return fmt.Errorf("not a provcheck report: %w", err) }
	if t, err := dec.Token(); err != nil {
		return nil, notReport(err)
	} else if t != json.Delim('{') {
		return nil, notReport(errors.New("not a JSON object"))
	}
	fields := map[string]json.RawMessage{}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return nil, notReport(err)
		}
		key, _ := t.(string)
		if key != "files" {
			var v json.RawMessage
			if err := dec.Decode(&v); err != nil {
				return nil, notReport(err)
			}
			fields[key] = v
			continue
		}
		if _, ok := fields["type"]; ok {
			return nil, notReport(errors.New("an NDJSON record, not a report"))
		}
		// The schema version comes before the files in a report; check it
		// before reading them, when it is there.
		if v, ok := fields["schemaVersion"]; ok {
			var n int
			if err := json.Unmarshal(v, &n); err != nil {
				return nil, notReport(err)
			}
			if err := checkVersion(n); err != nil {
				return nil, err
			}
		}
		if t, err := dec.Token(); err != nil {
			return nil, notReport(err)
		} else if t == nil {
			continue // "files": null
		} else if t != json.Delim('[') {
			return nil, notReport(errors.New(`"files" is not an array`))
		}
		for n := 0; dec.More(); n++ {
			var text json.RawMessage
			if err := dec.Decode(&text); err != nil {
				return nil, notReport(fmt.Errorf("file %d: %w", n, err))
			}
			var f FileResult
			if err := decodeNumbers(text, &f); err != nil {
				return nil, notReport(fmt.Errorf("file %d: %w", n, err))
			}
			if err := file(compact(text), &f); err != nil {
				return nil, err
			}
		}
		if _, err := dec.Token(); err != nil {
			return nil, notReport(err)
		}
	}
	if _, err := dec.Token(); err != nil {
		return nil, notReport(err)
	}
	var rep Report
	if err := remarshal(fields, &rep); err != nil {
		return nil, notReport(err)
	}
	return &rep, checkVersion(rep.SchemaVersion)
}

// compact drops the indentation of a JSON text (a JSON report's file
// entries are indented): the spill file holds less.
func compact(text []byte) []byte {
	var b bytes.Buffer
	if err := json.Compact(&b, text); err != nil {
		return text
	}
	return b.Bytes()
}
