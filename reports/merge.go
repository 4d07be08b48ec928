package reports

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
)

// Dropped is a line of an NDJSON report that could not be kept.
type Dropped struct {
	Line   int    `json:"line"`
	Bytes  int    `json:"bytes"`
	Reason string `json:"reason"`
}

// maxRecord bounds one NDJSON record: a file entry is a few KB, and even a
// C2PA tree with many ingredients stays far below this.
const maxRecord = 64 << 20

// ReadLenient reads a JSON or NDJSON report like Read, but keeps going
// over damage in an NDJSON stream: every whole line that parses is kept,
// and each line that does not (the half line a killed job leaves at the
// end, or a damaged line) is returned in dropped, with where it was and
// why. Whole is the number of bytes up to the end of the last good file
// record, so that a writer resuming the stream can cut off what follows
// (the summary, a half line) and append. A JSON report is all or nothing,
// as in Read, and its whole is -1: it cannot be appended to.
func ReadLenient(r io.Reader) (rep *Report, dropped []Dropped, whole int64, err error) {
	br := bufio.NewReaderSize(r, 1<<16)
	if !isNDJSON(br) {
		// A JSON report, or not a report at all, which Read says.
		rep, err := Read(br)
		return rep, nil, -1, err
	}
	files := []FileResult{}
	rep, dropped, whole, err = readNDJSONLenient(br, func(_ []byte, f *FileResult) error {
		files = append(files, *f)
		return nil
	})
	if err != nil {
		return nil, nil, 0, err
	}
	rep.Files = files
	return rep, dropped, whole, nil
}

// ReadLenientFunc reads a report as ReadLenient does, without holding its
// files: each file record is handed to file as it is read, and the report
// returned has none. A resumed scan needs only each file's path and
// verdict, so a report of millions of files costs little memory. A JSON
// report is read through (so a damaged one is still an error) and its
// whole is -1.
func ReadLenientFunc(r io.Reader, file func(f *FileResult) error) (head *Report, dropped []Dropped, whole int64, err error) {
	br := bufio.NewReaderSize(r, 1<<16)
	each := func(_ []byte, f *FileResult) error { return file(f) }
	if !isNDJSON(br) {
		head, err := readJSONStream(br, each)
		return head, nil, -1, err
	}
	return readNDJSONLenient(br, each)
}

// isNDJSON says whether a buffered report is NDJSON. The NDJSON writer
// starts every record with its type; a JSON report starts with its schema
// version. Looking at the prefix only, a stream cut inside its first line
// is still known as NDJSON.
func isNDJSON(br *bufio.Reader) bool {
	head, _ := br.Peek(1 << 16)
	return bytes.HasPrefix(bytes.TrimLeft(head, " \t\r\n"), []byte(`{"type":`))
}

// readNDJSONLenient reads an NDJSON report as ReadLenient does, handing
// each file record to file (its JSON text and what it decodes to) instead
// of keeping it. The report returned has no files; its summary is the
// stream's, or, when the stream has none, counted over the files given.
func readNDJSONLenient(br *bufio.Reader, file func(text []byte, f *FileResult) error) (rep *Report, dropped []Dropped, whole int64, err error) {
	rep = &Report{}
	var (
		offset     int64
		sawSummary bool
		counted    Report
	)
	for line := 1; ; line++ {
		b, rerr := readLine(br, maxRecord)
		n := int64(len(b))
		complete := len(b) > 0 && b[len(b)-1] == '\n'
		if rerr != nil && !errors.Is(rerr, io.EOF) && !errors.Is(rerr, errLongLine) {
			return nil, nil, 0, fmt.Errorf("reading line %d: %w", line, rerr)
		}
		if len(b) == 0 && errors.Is(rerr, io.EOF) {
			break
		}
		drop := func(reason string) {
			dropped = append(dropped, Dropped{Line: line, Bytes: len(b), Reason: reason})
		}
		text := bytes.TrimSpace(b)
		switch {
		case errors.Is(rerr, errLongLine):
			drop(fmt.Sprintf("longer than %d bytes", maxRecord))
		case len(text) == 0:
			// A blank line holds nothing.
		case !complete:
			drop("the last line is cut short (no newline): a write that did not finish")
		default:
			f, err := rep.addRecord(text, &sawSummary)
			if err != nil {
				drop(err.Error())
			} else if f != nil {
				counted.Count(f)
				if err := file(text, f); err != nil {
					return nil, nil, 0, err
				}
				whole = offset + n
			}
		}
		offset += n
		if rerr != nil {
			break
		}
	}
	if !sawSummary {
		rep.SchemaVersion = SchemaVersion
		rep.Summary = counted.Summary
		rep.Summary.Partial = true
		if rep.Summary.Verdicts == nil {
			rep.Summary.Verdicts = map[Verdict]int{}
		}
	}
	return rep, dropped, whole, nil
}

var errLongLine = errors.New("line too long")

// readLine reads one line, newline included. A line longer than max is
// consumed to its end and returned as errLongLine, holding at most max
// bytes in memory.
func readLine(br *bufio.Reader, max int) ([]byte, error) {
	var out []byte
	for {
		chunk, err := br.ReadSlice('\n')
		if len(out)+len(chunk) > max {
			// Skip to the end of the line without keeping it.
			for errors.Is(err, bufio.ErrBufferFull) {
				_, err = br.ReadSlice('\n')
			}
			return []byte{'\n'}, errLongLine
		}
		out = append(out, chunk...)
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		return out, err
	}
}

// addRecord reads one NDJSON record: a file record is returned, a
// summary record goes into r.
func (r *Report) addRecord(text []byte, sawSummary *bool) (*FileResult, error) {
	var typed struct {
		Type string `json:"type"`
	}
	if err := json.Unmarshal(text, &typed); err != nil {
		return nil, fmt.Errorf("not JSON: %w", err)
	}
	switch typed.Type {
	case ndjsonFile:
		var f FileResult
		if err := decodeNumbers(text, &f); err != nil {
			return nil, err
		}
		return &f, nil
	case ndjsonSummary:
		var s ndjsonSummaryLine
		if err := decodeNumbers(text, &s); err != nil {
			return nil, err
		}
		if err := checkVersion(s.SchemaVersion); err != nil {
			return nil, err
		}
		r.SchemaVersion, r.Tool, r.CreatedAt, r.Summary = s.SchemaVersion, s.Tool, s.CreatedAt, s.Summary
		*sawSummary = true
	case "":
		return nil, errors.New("no record type")
	}
	// Other record types may be added within a schema version.
	return nil, nil
}

// Duplicate is a path found in more than one merged report.
type Duplicate struct {
	Path    string
	Reports []int // indexes of the reports it is in, in order; the first is kept
}

// Merge joins reports into one: files sorted by path, the summary
// recomputed from the files, and the per-run counts (discovered, scanned,
// skipped, baseline, ignore) summed. A path in several reports is kept
// once, from the first report that has it, and listed in dups. The tool
// and schema version are the first report's; the caller checks they
// agree.
func Merge(reps []*Report) (merged *Report, dups []Duplicate) {
	merged = &Report{SchemaVersion: SchemaVersion, Files: []FileResult{}}
	if len(reps) > 0 {
		merged.Tool = reps[0].Tool
	}
	seen := map[string]int{} // path -> index in dups+1, or -1 when seen once
	firstIn := map[string]int{}
	var sum Summary
	for i, r := range reps {
		for _, f := range r.Files {
			if j, ok := firstIn[f.Path]; ok {
				if d := seen[f.Path]; d > 0 {
					dups[d-1].Reports = append(dups[d-1].Reports, i)
				} else {
					dups = append(dups, Duplicate{Path: f.Path, Reports: []int{j, i}})
					seen[f.Path] = len(dups)
				}
				continue
			}
			firstIn[f.Path] = i
			merged.Add(f)
		}
		sum.addRun(r.Summary)
	}
	sum.Files, sum.Verdicts, sum.Review, sum.Errors = merged.Summary.Files, merged.Summary.Verdicts, merged.Summary.Review, merged.Summary.Errors
	merged.Summary = sum
	merged.Sort()
	slices.SortFunc(dups, func(a, b Duplicate) int { return strings.Compare(a.Path, b.Path) })
	return merged, dups
}

func sameEntry(a, b IgnoreEntry) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return bytes.Equal(x, y)
}
