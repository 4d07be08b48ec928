package reports

import (
	"context"
	"encoding/csv"
	"io"
	"strconv"
	"strings"
)

// CSVWriter writes one row per file for spreadsheets: the verdict, the
// review flag, the score, the C2PA state and the signal IDs, with the
// strongest signal spelled out.
type CSVWriter struct{}

var _ Writer = CSVWriter{}

var csvHeader = []string{
	"path", "sha256", "size", "media_type", "verdict", "review", "score", "c2pa_state",
	"signals", "strongest_signal", "strongest_message", "reasons", "errors", "suppressed", "baseline_new",
}

func (c CSVWriter) Write(_ context.Context, w io.Writer, r *Report) error {
	s := c.stream(w)
	for i := range r.Files {
		if err := s.WriteFile(&r.Files[i]); err != nil {
			return err
		}
	}
	return s.Finish(r)
}

// stream writes the header now and a row per file as it comes.
func (CSVWriter) stream(w io.Writer) *csvStream {
	cw := csv.NewWriter(w)
	s := &csvStream{cw: cw}
	s.err = cw.Write(csvHeader)
	return s
}

type csvStream struct {
	cw  *csv.Writer
	err error
}

func (s *csvStream) WriteFile(f *FileResult) error {
	if s.err != nil {
		return s.err
	}
	ids := make([]string, len(f.Signals))
	newCount := 0
	for i, sig := range f.Signals {
		ids[i] = sig.ID
		if sig.BaselineState == BaselineNew {
			newCount++
		}
	}
	var strongID, strongMsg string
	if st := f.Strongest(); st != nil {
		strongID, strongMsg = st.ID, st.Message
	}
	errs := make([]string, len(f.Errors))
	for i, e := range f.Errors {
		errs[i] = e.Code + ": " + e.Message
	}
	sup := make([]string, len(f.Suppressed))
	for i, sg := range f.Suppressed {
		sup[i] = sg.ID
	}
	row := []string{
		f.Path, f.SHA256, strconv.FormatInt(f.Size, 10), f.MediaType, string(f.Verdict),
		strconv.FormatBool(f.Review), strconv.FormatFloat(f.Score, 'f', -1, 64), f.Provenance.C2PA.State,
		strings.Join(ids, ";"), strongID, strongMsg, strings.Join(f.Reasons, "; "), strings.Join(errs, "; "),
		strings.Join(sup, ";"), strconv.Itoa(newCount),
	}
	for i := range row {
		row[i] = csvCell(row[i])
	}
	s.err = s.cw.Write(row)
	return s.err
}

func (s *csvStream) Finish(*Report) error {
	if s.err != nil {
		return s.err
	}
	s.cw.Flush()
	return s.cw.Error()
}

// csvCell defuses spreadsheet formulas: a file name or a metadata value is
// attacker-chosen, and a cell starting with = + - @ (or a tab or carriage
// return) would be run as a formula by the spreadsheet that opens the file.
// Control characters are flattened for the same reason.
func csvCell(s string) string {
	s = strings.Map(func(r rune) rune {
		if r < 0x20 && r != '\t' || r == 0x7f {
			return ' '
		}
		return r
	}, s)
	if s == "" || s == "-" {
		return s
	}
	if _, err := strconv.ParseFloat(s, 64); err == nil {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}
