package text

import (
	"encoding/csv"
	"os"
	"testing"

	"github.com/provcheck/provcheck/detectors/detectortest"
	"github.com/provcheck/provcheck/internal/corpus"
	"github.com/provcheck/provcheck/reports"
)

// TestCorpus runs the real engine over the labelled sample and holds the
// false-positive line: no human text may carry AI evidence of moderate
// strength or more, or end up ai-suspected. It logs how many texts of each
// label carry any AI signal, which is the recall the report can promise.
func TestCorpus(t *testing.T) {
	f, err := os.Open(corpus.Path(t, "text", "labels.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	type tally struct{ files, anyAI, moderateAI, hidden int }
	counts := map[string]*tally{}
	for _, row := range rows[1:] {
		file, label := row[0], row[1]
		c := counts[label]
		if c == nil {
			c = &tally{}
			counts[label] = c
		}
		c.files++
		fr := detectortest.RunFile(t, corpus.Path(t, "text", file), Detector)
		if fr.Verdict == reports.VerdictError || len(fr.Errors) > 0 {
			t.Errorf("%s: %s %v", file, fr.Verdict, fr.Errors)
			continue
		}
		if fr.MediaType != "text/plain" && fr.MediaType != "text/markdown" {
			t.Errorf("%s: media type %q, want text", file, fr.MediaType)
		}
		var ai, moderate, hidden bool
		for _, s := range fr.Signals {
			switch {
			case s.Direction == reports.DirAI:
				ai = true
				moderate = moderate || s.Strength.Rank() >= reports.StrengthModerate.Rank()
				t.Logf("%s (%s): %s %s: %s", file, label, s.ID, s.Strength, s.Message)
			default:
				hidden = true
				t.Logf("%s (%s): %s %s/%s: %s", file, label, s.ID, s.Direction, s.Strength, s.Message)
			}
		}
		if ai {
			c.anyAI++
		}
		if moderate {
			c.moderateAI++
		}
		if hidden {
			c.hidden++
		}
		if label == "human" && (moderate || fr.Verdict == reports.VerdictAISuspected) {
			t.Errorf("%s: human text flagged (%s, signals %v)", file, fr.Verdict, detectortest.IDs(fr))
		}
	}
	for label, c := range counts {
		t.Logf("%s: %d files, %d with any ai signal, %d with ai ≥ moderate, %d with other (hidden-character) signals",
			label, c.files, c.anyAI, c.moderateAI, c.hidden)
	}
	if len(counts) == 0 {
		t.Error("labels.csv lists no files")
	}
}
