package reports

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// Read parses a report written by the json or the ndjson writer, for
// `provcheck convert` and for baselines. It refuses a newer schema version:
// its fields might not mean what this version thinks.
func Read(r io.Reader) (*Report, error) {
	dec := json.NewDecoder(r)
	dec.UseNumber()
	var first map[string]json.RawMessage
	if err := dec.Decode(&first); err != nil {
		return nil, fmt.Errorf("not a provcheck report: %w", err)
	}
	if _, ok := first["type"]; !ok {
		var rep Report
		if err := remarshal(first, &rep); err != nil {
			return nil, fmt.Errorf("not a provcheck report: %w", err)
		}
		return &rep, checkVersion(rep.SchemaVersion)
	}
	rep := &Report{Files: []FileResult{}}
	sawSummary := false
	for line := 1; ; line++ {
		var typ string
		if err := json.Unmarshal(first["type"], &typ); err != nil {
			return nil, fmt.Errorf("ndjson record %d: type: %w", line, err)
		}
		switch typ {
		case ndjsonFile:
			var f FileResult
			if err := remarshal(first, &f); err != nil {
				return nil, fmt.Errorf("ndjson record %d: %w", line, err)
			}
			rep.Files = append(rep.Files, f)
		case ndjsonSummary:
			var s ndjsonSummaryLine
			if err := remarshal(first, &s); err != nil {
				return nil, fmt.Errorf("ndjson record %d: %w", line, err)
			}
			if err := checkVersion(s.SchemaVersion); err != nil {
				return nil, err
			}
			rep.SchemaVersion, rep.Tool, rep.CreatedAt, rep.Summary = s.SchemaVersion, s.Tool, s.CreatedAt, s.Summary
			sawSummary = true
		default:
			// Record types may be added within a schema version.
		}
		first = nil
		err := dec.Decode(&first)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("ndjson record %d: %w", line+1, err)
		}
		if _, ok := first["type"]; !ok {
			return nil, fmt.Errorf("ndjson record %d: no type", line+1)
		}
	}
	if !sawSummary {
		// A stream cut short (a killed job) still has its files; say so.
		rep.SchemaVersion = SchemaVersion
		rep.Summary.Partial = true
		rep.recount()
	}
	return rep, nil
}

func checkVersion(v int) error {
	switch {
	case v == 0:
		return errors.New("not a provcheck report: no schemaVersion")
	case v > SchemaVersion:
		return fmt.Errorf("report schema version %d is newer than this provcheck understands (%d)", v, SchemaVersion)
	}
	return nil
}

func remarshal(m map[string]json.RawMessage, v any) error {
	b, err := json.Marshal(m)
	if err != nil {
		return err
	}
	return decodeNumbers(b, v)
}

// recount rebuilds the file counts of the summary from Files.
func (r *Report) recount() {
	r.Summary.Files, r.Summary.Review, r.Summary.Errors = 0, 0, 0
	r.Summary.Verdicts = map[Verdict]int{}
	files := r.Files
	r.Files = nil
	for _, f := range files {
		r.Add(f)
	}
}
