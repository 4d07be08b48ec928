package reports

import (
	"context"
	"encoding/json"
	"io"
)

// JSONWriter writes the report contract (schema version 1), indented.
type JSONWriter struct{}

var _ Writer = JSONWriter{}

func (JSONWriter) Write(_ context.Context, w io.Writer, r *Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(r)
}
