package reports

import (
	"context"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
)

// Writer renders a whole report in one format.
type Writer interface {
	Write(ctx context.Context, w io.Writer, r *Report) error
}

// Formats lists the report formats by name.
var Formats = map[string]Writer{
	"json":  JSONWriter{},
	"table": TableWriter{},
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

// Sort orders files by path, so output is deterministic whatever order the
// workers finished in.
func (r *Report) Sort() {
	slices.SortStableFunc(r.Files, func(a, b FileResult) int { return strings.Compare(a.Path, b.Path) })
}
