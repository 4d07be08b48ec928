package reports

import (
	"context"
	"fmt"
	"io"
	"iter"
	"path/filepath"
	"slices"
	"sort"
	"strings"
)

// Writer renders a whole report in one format.
type Writer interface {
	Write(ctx context.Context, w io.Writer, r *Report) error
}

// Streamer is a Writer that can also write files one by one as they
// finish, so a batch never has to be held in memory.
type Streamer interface {
	Writer
	// Stream starts a report on w; meta carries the schema version, tool
	// and clock (its Files are ignored).
	Stream(w io.Writer, meta *Report) FileStream
}

// FileStream receives files in the order they finish, then the summary.
type FileStream interface {
	WriteFile(f *FileResult) error
	// Finish writes the end of the report; r.Summary is final.
	Finish(r *Report) error
}

// Formats lists the report formats by name. The template writer needs a
// template: use NewTemplateWriter for it.
var Formats = map[string]Writer{
	"json":     JSONWriter{},
	"ndjson":   NDJSONWriter{},
	"table":    TableWriter{},
	"csv":      CSVWriter{},
	"sarif":    SARIFWriter{},
	"html":     HTMLWriter{},
	"template": TemplateWriter{},
}

// FormatNames returns the format names, sorted.
func FormatNames() []string {
	var names []string
	for k := range Formats {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}

// ForFormat returns the writer for a format name.
func ForFormat(name string) (Writer, error) {
	w, ok := Formats[strings.ToLower(name)]
	if !ok {
		return nil, fmt.Errorf("unknown report format %q (want one of %s)", name, strings.Join(FormatNames(), ", "))
	}
	return w, nil
}

// formatByExt maps output file extensions to formats.
var formatByExt = map[string]string{
	".json":   "json",
	".ndjson": "ndjson",
	".jsonl":  "ndjson",
	".csv":    "csv",
	".sarif":  "sarif",
	".html":   "html",
	".htm":    "html",
	".txt":    "table",
}

// FormatForPath infers a format from an output file name ("report.sarif",
// "out.sarif.json" is json); ok is false when the extension says nothing.
func FormatForPath(path string) (format string, ok bool) {
	format, ok = formatByExt[strings.ToLower(filepath.Ext(path))]
	return format, ok
}

// Sort orders files by path, so output is deterministic whatever order the
// workers finished in.
func (r *Report) Sort() {
	slices.SortStableFunc(r.Files, func(a, b FileResult) int { return strings.Compare(a.Path, b.Path) })
}

// WriteSeq writes a report whose summary, in head, is final and whose
// files come from files, in the order given. Every format holds one file
// at a time, so memory does not grow with the report (`provcheck merge`
// of a whole archive): JSON, NDJSON, CSV and HTML write each file as it
// comes; table and SARIF range over files more than once (column widths
// or rules first), so files must yield the same files each time it is
// ranged over, as Merger.Files does; a template streams when it uses the
// files only through {{range .Files}} (TemplateWriter.streams says when
// and why not), and otherwise collects them first.
func WriteSeq(ctx context.Context, w Writer, out io.Writer, head *Report, files iter.Seq2[int, FileResult]) error {
	var s FileStream
	switch wr := w.(type) {
	case JSONWriter:
		return writeJSONSeq(out, head, files)
	case HTMLWriter:
		return wr.write(out, head, files)
	case TableWriter:
		return wr.write(out, head, pointers(files))
	case SARIFWriter:
		return wr.write(out, head, pointers(files))
	case TemplateWriter:
		if wr.streams() {
			return wr.writeStream(out, head, pointers(files))
		}
		return collect(ctx, w, out, head, files)
	case NDJSONWriter:
		s = wr.Stream(out, head)
	case CSVWriter:
		s = wr.stream(out)
	default:
		return collect(ctx, w, out, head, files)
	}
	for _, f := range files {
		if err := s.WriteFile(&f); err != nil {
			return err
		}
	}
	return s.Finish(head)
}

// collect writes a report from files held in memory, for a writer that
// cannot stream.
func collect(ctx context.Context, w Writer, out io.Writer, head *Report, files iter.Seq2[int, FileResult]) error {
	full := *head
	full.Files = []FileResult{}
	for _, f := range files {
		full.Files = append(full.Files, f)
	}
	return w.Write(ctx, out, &full)
}

// pointers yields each file of files by pointer.
func pointers(files iter.Seq2[int, FileResult]) iter.Seq[*FileResult] {
	return func(yield func(*FileResult) bool) {
		for _, f := range files {
			if !yield(&f) {
				return
			}
		}
	}
}
