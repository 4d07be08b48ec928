package reports

import (
	"context"
	"encoding/json"
	"io"
	"time"
)

// NDJSONWriter writes one JSON object per line: a "file" record per file, as
// each file finishes, then one "summary" record. A consumer can act on each
// line as it comes, and a stream cut short keeps every finished file.
type NDJSONWriter struct{}

var (
	_ Writer   = NDJSONWriter{}
	_ Streamer = NDJSONWriter{}
)

// Record types of the ndjson format.
const (
	ndjsonFile    = "file"
	ndjsonSummary = "summary"
)

type ndjsonFileLine struct {
	Type string `json:"type"`
	*FileResult
}

type ndjsonSummaryLine struct {
	Type          string    `json:"type"`
	SchemaVersion int       `json:"schemaVersion"`
	Tool          Tool      `json:"tool"`
	CreatedAt     time.Time `json:"createdAt"`
	Summary       Summary   `json:"summary"`
}

func (n NDJSONWriter) Write(ctx context.Context, w io.Writer, r *Report) error {
	s := n.Stream(w, r)
	for i := range r.Files {
		if err := s.WriteFile(&r.Files[i]); err != nil {
			return err
		}
	}
	return s.Finish(r)
}

// Stream starts an ndjson stream on w.
func (NDJSONWriter) Stream(w io.Writer, _ *Report) FileStream {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return ndjsonStream{enc}
}

type ndjsonStream struct{ enc *json.Encoder }

func (s ndjsonStream) WriteFile(f *FileResult) error {
	return s.enc.Encode(ndjsonFileLine{Type: ndjsonFile, FileResult: f})
}

func (s ndjsonStream) Finish(r *Report) error {
	return s.enc.Encode(ndjsonSummaryLine{
		Type: ndjsonSummary, SchemaVersion: r.SchemaVersion, Tool: r.Tool, CreatedAt: r.CreatedAt, Summary: r.Summary,
	})
}
