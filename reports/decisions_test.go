package reports

import (
	"strings"
	"testing"
	"time"
)

func TestParseDecisions(t *testing.T) {
	sha := strings.Repeat("ab", 32)
	tests := []struct {
		name, json, err string
	}{
		{"ok", `{"format":"provcheck-decisions","version":1,"decisions":[{"sha256":"` + sha + `","decision":"authentic","date":"2026-12-07"}]}`, ""},
		{"rfc3339 date", `{"format":"provcheck-decisions","version":1,"decisions":[{"sha256":"` + strings.ToUpper(sha) + `","decision":"unresolved","date":"2026-12-07T10:00:00Z"}]}`, ""},
		{"wrong format", `{"format":"other","version":1,"decisions":[]}`, "format"},
		{"newer version", `{"format":"provcheck-decisions","version":2,"decisions":[]}`, "version 2"},
		{"unknown field", `{"format":"provcheck-decisions","version":1,"decisions":[{"sha256":"` + sha + `","decision":"authentic","date":"2026-12-07","verdict":"x"}]}`, "unknown field"},
		{"bad decision", `{"format":"provcheck-decisions","version":1,"decisions":[{"sha256":"` + sha + `","decision":"fake","date":"2026-12-07"}]}`, "decision 1"},
		{"bad hash", `{"format":"provcheck-decisions","version":1,"decisions":[{"sha256":"12","decision":"authentic","date":"2026-12-07"}]}`, "sha256"},
		{"bad date", `{"format":"provcheck-decisions","version":1,"decisions":[{"sha256":"` + sha + `","decision":"authentic","date":"07/12/2026"}]}`, "date"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := ParseDecisions([]byte(tt.json))
			if tt.err == "" {
				if err != nil {
					t.Fatal(err)
				}
				f := FileResult{SHA256: sha}
				if !d.Apply(&f) || f.Decision.Date != "2026-12-07" {
					t.Errorf("decision %+v", f.Decision)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("error %v, want one mentioning %q", err, tt.err)
			}
		})
	}
}

// TestDecisionIgnoreRoundTrip: the ignore file written from decisions is
// one the ignore reader accepts, with an entry for the authentic file only.
func TestDecisionIgnoreRoundTrip(t *testing.T) {
	ds := []Decision{
		{SHA256: strings.Repeat("a", 64), Decision: DecisionAuthentic, Note: "original obtained", Reviewer: "AB", Date: "2026-12-07"},
		{SHA256: strings.Repeat("b", 64), Decision: DecisionConfirmedAI, Date: "2026-12-07"},
		{SHA256: strings.Repeat("c", 64), Decision: DecisionUnresolved, Date: "2026-12-07"},
	}
	y, err := WriteDecisionIgnore(ds)
	if err != nil {
		t.Fatal(err)
	}
	l, err := ParseIgnore("decisions.yaml", y, time.Date(2026, 12, 8, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatalf("%v\n%s", err, y)
	}
	if len(l.entries) != 1 || l.entries[0].SHA256 != ds[0].SHA256 || !strings.Contains(l.entries[0].Reason, "original obtained") {
		t.Errorf("entries %+v", l.entries)
	}
}
