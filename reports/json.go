package reports

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"iter"
	"slices"
	"strings"
)

// JSONWriter writes the report contract (schema version 1), indented.
type JSONWriter struct{}

var (
	_ Writer   = JSONWriter{}
	_ Streamer = JSONWriter{}
)

func (JSONWriter) Write(_ context.Context, w io.Writer, r *Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(r)
}

// Stream encodes each file as it finishes, while the scan goes on, and
// writes the report sorted by path at the end, byte for byte what Write
// gives: encoding a whole batch at the end left every other core idle
// for a tenth of a metadata scan. Only the encoded files are kept.
func (JSONWriter) Stream(w io.Writer, _ *Report) FileStream { return &jsonStream{w: w} }

type jsonStream struct {
	w     io.Writer
	buf   bytes.Buffer
	enc   *json.Encoder
	files []encodedFile
}

type encodedFile struct {
	path string
	json []byte
}

// fileIndent is the indentation of an element of "files" in Write's
// output: two levels deep.
const fileIndent = "    "

func (s *jsonStream) WriteFile(f *FileResult) error {
	if s.enc == nil {
		s.enc = json.NewEncoder(&s.buf)
		s.enc.SetIndent(fileIndent, "  ")
		s.enc.SetEscapeHTML(false)
	}
	s.buf.Reset()
	if err := s.enc.Encode(f); err != nil {
		return err
	}
	b := bytes.TrimSuffix(s.buf.Bytes(), []byte("\n"))
	s.files = append(s.files, encodedFile{f.Path, bytes.Clone(b)})
	return nil
}

func (s *jsonStream) Finish(r *Report) error {
	slices.SortStableFunc(s.files, func(a, b encodedFile) int { return strings.Compare(a.path, b.path) })
	head := *r
	head.Files = []FileResult{}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(&head); err != nil {
		return err
	}
	out := buf.Bytes()
	// "files" is the last field of a report: its empty array closes it.
	const emptyTail = "[]\n}\n"
	if len(s.files) == 0 || !bytes.HasSuffix(out, []byte(emptyTail)) {
		if len(s.files) > 0 { // the layout changed: fall back to one encode
			head.Files = make([]FileResult, 0, len(s.files))
			for _, f := range s.files {
				var fr FileResult
				if err := json.Unmarshal(f.json, &fr); err != nil {
					return err
				}
				head.Files = append(head.Files, fr)
			}
			return JSONWriter{}.Write(context.Background(), s.w, &head)
		}
		_, err := s.w.Write(out)
		return err
	}
	bw := &errWriter{w: s.w}
	bw.Write(out[:len(out)-len(emptyTail)])
	bw.Write([]byte("[\n" + fileIndent))
	for i, f := range s.files {
		if i > 0 {
			bw.Write([]byte(",\n" + fileIndent))
		}
		bw.Write(f.json)
	}
	bw.Write([]byte("\n  ]\n}\n"))
	return bw.err
}

// writeJSONSeq writes what Write would for head with files as its Files,
// encoding one file at a time.
func writeJSONSeq(w io.Writer, head *Report, files iter.Seq2[int, FileResult]) error {
	h := *head
	h.Files = []FileResult{}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(&h); err != nil {
		return err
	}
	const emptyTail = "[]\n}\n"
	out := buf.Bytes()
	if !bytes.HasSuffix(out, []byte(emptyTail)) {
		return errors.New("json report: files are not the last field")
	}
	bw := &errWriter{w: w}
	bw.Write(out[:len(out)-len(emptyTail)])
	fenc := json.NewEncoder(&buf)
	fenc.SetIndent(fileIndent, "  ")
	fenc.SetEscapeHTML(false)
	n := 0
	for _, f := range files {
		buf.Reset()
		if err := fenc.Encode(&f); err != nil {
			return err
		}
		if n == 0 {
			bw.Write([]byte("[\n" + fileIndent))
		} else {
			bw.Write([]byte(",\n" + fileIndent))
		}
		bw.Write(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
		if bw.err != nil {
			return bw.err
		}
		n++
	}
	if n == 0 {
		bw.Write([]byte(emptyTail))
	} else {
		bw.Write([]byte("\n  ]\n}\n"))
	}
	return bw.err
}
