package reports

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"
)

// TableWriter writes a report for people: one line per file (verdict, review
// mark, score, path, strongest signal), then the signals of every file that
// needs review, then the totals.
type TableWriter struct{}

var _ Writer = TableWriter{}

const maxCell = 90

func (TableWriter) Write(_ context.Context, w io.Writer, r *Report) error {
	ew := &errWriter{w: w}
	tw := tabwriter.NewWriter(ew, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "VERDICT\tREVIEW\tSCORE\tFILE\tSTRONGEST SIGNAL")
	for i := range r.Files {
		f := &r.Files[i]
		mark := ""
		if f.Review {
			mark = "REVIEW"
		}
		strongest := "-"
		if s := f.Strongest(); s != nil {
			strongest = s.ID + ": " + s.Message
		} else if len(f.Errors) > 0 {
			strongest = "error: " + f.Errors[0].Message
		}
		fmt.Fprintf(tw, "%s\t%s\t%.2f\t%s\t%s\n", f.Verdict, mark, f.Score, oneLine(f.Path, maxCell), oneLine(strongest, maxCell))
	}
	tw.Flush()
	writeIdentities(ew, r)

	var review []*FileResult
	for i := range r.Files {
		if r.Files[i].Review {
			review = append(review, &r.Files[i])
		}
	}
	if len(review) > 0 {
		fmt.Fprintf(ew, "\nNeeds review (%d):\n", len(review))
	}
	for _, f := range review {
		fmt.Fprintf(ew, "\n%s  [%s, score %.2f]\n", f.Path, f.Verdict, f.Score)
		for _, reason := range f.Reasons {
			fmt.Fprintf(ew, "  why: %s\n", reason)
		}
		if f.Provenance.C2PA.State != "" && f.Provenance.C2PA.State != C2PANone {
			fmt.Fprintf(ew, "  c2pa: %s", f.Provenance.C2PA.State)
			if f.Provenance.C2PA.Signer != "" {
				fmt.Fprintf(ew, ", signed by %s", f.Provenance.C2PA.Signer)
			}
			fmt.Fprintln(ew)
		}
		for _, s := range f.Signals {
			fmt.Fprintf(ew, "  %-9s %-8s %+5.1f  %s: %s\n", s.Direction, s.Strength, s.Weight, s.ID, oneLine(s.Message, 120))
			if ev := evidenceLine(s.Evidence); ev != "" {
				fmt.Fprintf(ew, "      where: %s\n", oneLine(ev, 140))
			}
			if s.Explanation != "" {
				fmt.Fprintf(ew, "      check: %s\n", oneLine(s.Explanation, 140))
			}
		}
		for _, e := range f.Errors {
			fmt.Fprintf(ew, "  error (%s): %s\n", e.Code, oneLine(e.Message, 140))
		}
	}

	fmt.Fprintf(ew, "\n%d files, %d need review, %d could not be read.", r.Summary.Files, r.Summary.Review, r.Summary.Errors)
	var counts []string
	for _, v := range Verdicts {
		if n := r.Summary.Verdicts[v]; n > 0 {
			counts = append(counts, fmt.Sprintf("%s %d", v, n))
		}
	}
	if len(counts) > 0 {
		fmt.Fprintf(ew, " Verdicts: %s.", strings.Join(counts, ", "))
	}
	fmt.Fprintln(ew)
	if r.Summary.Verdicts[VerdictNoSignals] > 0 {
		fmt.Fprintln(ew, "no-signals means nothing was found, not that a file is authentic: metadata is easily stripped.")
	}
	return ew.err
}

// EvidenceValue renders one evidence value for people: scalars as they are,
// lists and records as compact JSON. A result read back from a cache or a
// saved report holds maps where a fresh one may hold structs; going through
// JSON renders both the same.
func EvidenceValue(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case nil:
		return ""
	case bool, int, int64, float64, uint8, uint16, uint32, uint64, int8, int16, int32, float32:
		return fmt.Sprint(v)
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	var norm any
	if json.Unmarshal(b, &norm) == nil {
		if b2, err := json.Marshal(norm); err == nil {
			return string(b2)
		}
	}
	return string(b)
}

// evidenceLine renders evidence as sorted key=value pairs.
func evidenceLine(ev map[string]any) string {
	if len(ev) == 0 {
		return ""
	}
	keys := make([]string, 0, len(ev))
	for k := range ev {
		if k != RevealKey { // excerpts are for the reveal view, not a line
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	parts := make([]string, 0, len(keys))
	for _, k := range keys {
		parts = append(parts, k+"="+EvidenceValue(ev[k]))
	}
	return strings.Join(parts, " ")
}

// oneLine flattens control characters (a file name or a prompt could carry
// terminal escapes) and cuts to n runes.
func oneLine(s string, n int) string {
	var b strings.Builder
	count := 0
	for _, r := range s {
		if count >= n {
			b.WriteString("…")
			break
		}
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			r = ' '
		}
		b.WriteRune(r)
		count++
	}
	return b.String()
}

type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(p)
	e.err = err
	return n, err
}
