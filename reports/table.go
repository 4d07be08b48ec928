package reports

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"iter"
	"maps"
	"sort"
	"strings"
)

// TableWriter writes a report for people at a terminal: one row per file
// (verdict, review mark, score, file, lead evidence), then every file that
// needs review with its evidence in the ranking's order (rank.go), then
// the totals. Lines fit Width columns: advice and evidence wrap, never cut;
// the file column shortens from the left. Color adds ANSI colours (the
// caller decides: a terminal, and NO_COLOR unset).
type TableWriter struct {
	Width int  // columns; 0 means DefaultWidth
	Color bool // ANSI colours
}

var _ Writer = TableWriter{}

// verdictColor is the ANSI colour of each verdict on a terminal.
var verdictColor = map[Verdict]string{
	VerdictError:           "\x1b[35m",
	VerdictAIVerified:      "\x1b[1;31m",
	VerdictAIDeclared:      "\x1b[31m",
	VerdictManipulated:     "\x1b[1;35m",
	VerdictAISuspected:     "\x1b[33m",
	VerdictCaptureVerified: "\x1b[32m",
	VerdictEdited:          "\x1b[36m",
}

const (
	ansiReset = "\x1b[0m"
	ansiBold  = "\x1b[1m"
	ansiDim   = "\x1b[2m"
)

type tableLayout struct {
	width int
	color bool
	w     *errWriter
}

func (t *tableLayout) paint(code, s string) string {
	if !t.color || code == "" || s == "" {
		return s
	}
	return code + s + ansiReset
}

func (t *tableLayout) line(s string) { fmt.Fprintln(t.w, s) }

// wrap writes text wrapped with hanging indents; the label after the
// indent is painted.
func (t *tableLayout) wrap(indent, label, code, text string) {
	first := indent + label
	rest := indent + strings.Repeat(" ", min(Width(label), t.width/3))
	for i, l := range Wrap(text, t.width, first, rest) {
		if i == 0 && label != "" && t.color {
			l = indent + t.paint(code, label) + strings.TrimPrefix(l, first)
		}
		t.line(l)
	}
}

func (tw TableWriter) Write(_ context.Context, w io.Writer, r *Report) error {
	return tw.write(w, r, filesOf(r.Files))
}

// write renders the table from files, which it ranges over up to four
// times (column widths, rows, creator identities, review), holding one
// file at a time: a merge of millions of entries reads them back from
// its spill file for each pass instead of keeping them. r gives the
// summary only.
func (tw TableWriter) write(w io.Writer, r *Report, files iter.Seq[*FileResult]) error {
	t := &tableLayout{width: tw.Width, color: tw.Color, w: &errWriter{w: w}}
	if t.width <= 0 {
		t.width = DefaultWidth
	}
	t.width = max(t.width, minWidth)
	seen := t.files(files)
	if seen.identities {
		t.identities(files)
	}
	if seen.review > 0 {
		t.review(files, seen.review)
	}
	t.totals(r)
	return t.w.err
}

// filesOf yields each file of a report in place.
func filesOf(files []FileResult) iter.Seq[*FileResult] {
	return func(yield func(*FileResult) bool) {
		for i := range files {
			if !yield(&files[i]) {
				return
			}
		}
	}
}

// tableSeen is what the first pass over the files found, so the later
// sections pass over the files only when they have something to show.
type tableSeen struct {
	review     int  // files that need review
	identities bool // any file names creator identities
}

// leadText is the one-line view of a file's evidence.
func leadText(f *FileResult, rk *Ranking) string {
	if s := rk.Lead(); s != nil {
		return s.ID + ": " + s.Message
	}
	if len(f.Errors) > 0 {
		return "error: " + f.Errors[0].Message
	}
	if n := len(rk.Technical); n > 0 {
		return fmt.Sprintf("technical %s only (%d)", plural(n, "detail", "details"), n)
	}
	return "-"
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// files writes the one-row-per-file table: a first pass over the files
// sizes the columns, a second writes the rows.
func (t *tableLayout) files(files iter.Seq[*FileResult]) tableSeen {
	const gap = "  "
	vw, pathW, leadNeed := len("VERDICT"), len("FILE"), len("LEAD EVIDENCE")
	var seen tableSeen
	for f := range files {
		rk := Rank(f)
		vw = max(vw, Width(string(f.Verdict)))
		pathW = max(pathW, Width(Clean(f.Path)))
		leadNeed = max(leadNeed, Width(Clean(leadText(f, &rk))))
		if f.Review {
			seen.review++
		}
		seen.identities = seen.identities || len(f.Provenance.C2PA.Identities) > 0
	}
	rw := 0
	if seen.review > 0 {
		rw = len("REVIEW")
	}
	fixed := vw + len(gap) + len("SCORE") + len(gap)
	if rw > 0 {
		fixed += rw + len(gap)
	}
	rest := t.width - fixed
	// The file column takes what it needs, leaving the lead evidence what
	// it needs, but never less than half of what is left; the lead
	// evidence wraps in the rest. Too narrow for both, the evidence goes on
	// lines of its own below the row.
	fileW := min(pathW, max(rest-len(gap)-leadNeed, rest/2, 12))
	leadW := rest - fileW - len(gap)
	stacked := leadW < 24
	if stacked {
		fileW = max(rest, 8)
	}
	head := pad("VERDICT", vw) + gap
	if rw > 0 {
		head += pad("REVIEW", rw) + gap
	}
	head += "SCORE" + gap + pad("FILE", fileW)
	if !stacked {
		head += gap + "LEAD EVIDENCE"
	}
	t.line(t.paint(ansiBold, strings.TrimRight(head, " ")))
	for f := range files {
		ranking := Rank(f)
		rk := &ranking
		row := t.paint(verdictColor[f.Verdict], pad(string(f.Verdict), vw)) + gap
		if rw > 0 {
			mark := ""
			if f.Review {
				mark = "REVIEW"
			}
			row += t.paint(ansiBold, pad(mark, rw)) + gap
		}
		row += fmt.Sprintf("%.2f", f.Score) + " " + gap + pad(ShortenLeft(f.Path, fileW), fileW)
		lead := leadText(f, rk)
		indent := strings.Repeat(" ", fixed)
		if stacked {
			t.line(strings.TrimRight(row, " "))
			for _, l := range Wrap(lead, t.width, indent+"  ", indent+"  ") {
				t.line(l)
			}
		} else {
			indent += strings.Repeat(" ", fileW) + gap
			for j, l := range Wrap(lead, t.width, indent, indent) {
				if j == 0 {
					l = row + gap + strings.TrimLeft(l, " ")
				}
				t.line(l)
			}
		}
		if f.Decision != nil {
			t.wrap(strings.Repeat(" ", min(fixed, t.width/3)), "", "", f.Decision.Line())
		}
	}
	return seen
}

// review writes every file that needs review (n of them) with its
// evidence.
func (t *tableLayout) review(files iter.Seq[*FileResult], n int) {
	if n == 0 {
		return
	}
	t.line("")
	t.line(t.paint(ansiBold, fmt.Sprintf("Needs review (%d):", n)))
	for f := range files {
		if !f.Review {
			continue
		}
		t.line("")
		t.wrap("", "", "", Clean(f.Path)+fmt.Sprintf("  [%s, score %.2f]", f.Verdict, f.Score))
		if f.Decision != nil {
			t.wrap("  ", "", "", f.Decision.Line())
		}
		for _, reason := range f.Reasons {
			t.wrap("  ", "why: ", ansiBold, reason)
		}
		if c := f.Provenance.C2PA; c.State != "" && c.State != C2PANone {
			text := c.State
			if c.Signer != "" {
				text += ", signed by " + c.Signer
			}
			t.wrap("  ", "c2pa: ", ansiBold, text)
		}
		rk := Rank(f)
		if len(rk.Generator) > 0 {
			t.line("  " + t.paint(ansiBold, "generator record:"))
			for _, g := range rk.Generator {
				t.wrap("    ", g.Label+": ", "", g.Value)
			}
		}
		shown := map[string]bool{}
		for _, g := range rk.Generator {
			shown[g.Key] = true
		}
		for _, s := range rk.Main() {
			t.signal(&s, shown)
		}
		if n := len(rk.Technical); n > 0 {
			ids := make([]string, n)
			for i, s := range rk.Technical {
				ids[i] = s.ID
			}
			t.wrap("  ", fmt.Sprintf("technical details (%d): ", n), ansiDim, strings.Join(ids, ", "))
		}
		for _, e := range f.Errors {
			t.wrap("  ", "error ("+e.Code+"): ", verdictColor[VerdictError], e.Message)
		}
	}
}

// signal writes one signal: its line, where it was found, the plain advice
// and, apart, the statistics behind it.
// Evidence keys already shown in the generator record are not repeated
// on an AI signal's "where" line.
func (t *tableLayout) signal(s *Signal, shown map[string]bool) {
	head := fmt.Sprintf("%-9s %-8s %+5.1f  ", s.Direction, s.Strength, s.Weight)
	code := ""
	if SignalTier(s) == TierDecisive {
		code = ansiBold
	}
	t.wrap("  ", head, code, s.ID+": "+s.Message)
	ev := s.Evidence
	if s.Direction == DirAI && len(shown) > 0 {
		ev = maps.Clone(ev)
		maps.DeleteFunc(ev, func(k string, _ any) bool { return shown[k] })
	}
	if line := evidenceLine(ev); line != "" {
		t.wrap("      ", "where: ", "", line)
	}
	plain, stats := SplitExplanation(s.Explanation)
	if plain != "" {
		t.wrap("      ", "check: ", "", plain)
	}
	if stats != "" {
		t.wrap("      ", "stats: ", ansiDim, stats)
	}
}

// totals writes the closing counts.
func (t *tableLayout) totals(r *Report) {
	t.line("")
	text := fmt.Sprintf("%d files, %d need review, %d could not be read.", r.Summary.Files, r.Summary.Review, r.Summary.Errors)
	var counts []string
	for _, v := range Verdicts {
		if n := r.Summary.Verdicts[v]; n > 0 {
			counts = append(counts, fmt.Sprintf("%s %d", v, n))
		}
	}
	if len(counts) > 0 {
		text += " Verdicts: " + strings.Join(counts, ", ") + "."
	}
	t.wrap("", "", "", text)
	if r.Summary.Verdicts[VerdictNoSignals] > 0 {
		t.wrap("", "", "", "no-signals means nothing was found, not that a file is authentic: metadata is easily stripped.")
	}
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
