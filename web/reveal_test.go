package web

import (
	"bytes"
	"encoding/json"
	"io"
	"strings"
	"testing"

	"github.com/provcheck/provcheck/reports"
)

// TestPastedTextReveal: pasted text with hidden characters comes back with
// reveal excerpts that name them, the HTML download draws them, and the
// page carries the legend the script reads.
func TestPastedTextReveal(t *testing.T) {
	_, ts := newTestServer(t, nil)
	text := "Transfer the deposit to account 4471\u200b9023 before \u202eFriday\u202c, said the email.\n"
	body, ct := multipartBody(t, nil, map[string]string{"text": text})
	resp := post(t, ts.URL+"/api/v1/scan?view=1", ct, body, nil)
	raw, _ := io.ReadAll(resp.Body)
	var sr scanResponse
	if err := json.Unmarshal(raw, &sr); err != nil || sr.Report == nil || len(sr.Files) != 1 {
		t.Fatalf("answer: %v\n%s", err, raw)
	}
	ex := sr.Files[0].Reveal()
	if len(ex) != 1 {
		t.Fatalf("%d excerpts, want 1", len(ex))
	}
	found := map[string]int{}
	for _, s := range ex[0].Segments {
		if s.Kind == reports.RevealHidden {
			found[s.CodePoint+" "+s.Name] = s.Offset
		}
	}
	for label, off := range map[string]int{
		"U+200B ZERO WIDTH SPACE":       strings.Index(text, "\u200b"),
		"U+202E RIGHT-TO-LEFT OVERRIDE": strings.Index(text, "\u202e"),
	} {
		if got, ok := found[label]; !ok || got != off {
			t.Errorf("%s at %d (found %v), want %d", label, got, ok, off)
		}
	}

	// Drop the page's view, as the page does before asking for a download.
	var answer map[string]any
	if err := json.Unmarshal(raw, &answer); err != nil {
		t.Fatal(err)
	}
	delete(answer, "view")
	report, _ := json.Marshal(answer)
	html, _ := io.ReadAll(post(t, ts.URL+"/api/v1/report?format=html", "application/json", bytes.NewReader(report), nil).Body)
	for _, want := range []string{"Revealed text", "⟨U&#43;200B ZERO WIDTH SPACE⟩", "⟨U&#43;202E RIGHT-TO-LEFT OVERRIDE⟩"} {
		if !bytes.Contains(html, []byte(want)) {
			t.Errorf("HTML download lacks %s", want)
		}
	}

	page, _ := io.ReadAll(get(t, ts.URL+"/").Body)
	for _, c := range reports.RevealClasses {
		if !bytes.Contains(page, []byte(`<dt data-class="`+c.Class+`">`)) || !bytes.Contains(page, []byte(`<dd data-class="`+c.Class+`">`)) {
			t.Errorf("page legend lacks the class %s", c.Class)
		}
	}
}
