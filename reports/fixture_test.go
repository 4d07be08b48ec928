package reports

import (
	"bytes"
	"flag"
	"html/template"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite golden files")

// hostileName is a file name an attacker chose: markup, a formula, quotes
// and a terminal escape.
const hostileName = "uploads/<script>alert(1)</script>\"'=cmd|' /C calc'!A0\x1b[31m.png"

// fixture is a report with every part a writer renders: C2PA with an
// ingredient tree and status codes, suppressed signals, errors, a
// baseline and an ignore summary, and hostile strings.
func fixture() *Report {
	r := &Report{
		SchemaVersion: SchemaVersion,
		Tool:          Tool{Name: "provcheck", Version: "9.9.9-test"},
		CreatedAt:     time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC),
		Files:         []FileResult{},
	}
	files := []FileResult{
		{
			Path: "photos/c2pa_ai.jpg", SHA256: sha('a'), Size: 2048, MediaType: "image/jpeg",
			Verdict: VerdictAIVerified, Review: false, Score: 0.9975,
			Signals: []Signal{{
				ID: "c2pa.ai-generated", Detector: "c2pa", Direction: DirAI, Strength: StrengthDeclared, Weight: 8, Verified: true,
				Message:     "a valid C2PA manifest declares trainedAlgorithmicMedia",
				Evidence:    map[string]any{"manifest": "urn:c2pa:1234", "assertion": "c2pa.actions.v2", "nested": map[string]any{"b": 2, "a": []int{1}}},
				Explanation: "The signer states that generative AI made the image.",
			}},
			Provenance: Provenance{C2PA: C2PA{
				State: C2PAValid, Source: "embedded", ActiveManifest: "urn:c2pa:1234", ClaimGenerator: "Example Image Maker/1.0",
				Signer: "Example Corp", Issuer: "Example CA", SigningTime: "2026-11-01T10:00:00Z",
				DigitalSourceTypes: []string{"http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"},
				Actions:            []C2PAAction{{Action: "c2pa.created", SoftwareAgent: "Example Image Maker", DigitalSourceType: "trainedAlgorithmicMedia"}},
				Ingredients: []C2PAIngred{{Title: "parent.jpg", Relationship: "parentOf", State: "valid", Ingredients: []C2PAIngred{
					{Title: "<b>grandparent</b>.png", Relationship: "componentOf", State: "invalid"},
				}}},
				Status: &C2PAStatus{
					Success:       []C2PAStatusCode{{Code: "claimSignature.validated", Explanation: "signature valid"}},
					Informational: []C2PAStatusCode{},
					Failure:       []C2PAStatusCode{},
				},
				Identities: []C2PAIdentity{
					{Assertion: "cawg.identity", SigType: "cawg.identity_claims_aggregation", State: IdentityValid, Verified: true,
						Reason: "the credential's issuer is a bare key (did:jwk) that anyone can make", Name: "Jane <Example>", Organization: "Example News",
						Issuer:         "did:jwk:eyJrdHkiOiJPS1AifQ",
						SocialAccounts: []C2PASocialAccount{{Provider: "Example Social", Username: "janeexample", URI: "https://social.example/janeexample"}},
						VerifiedIdentities: []C2PAVerifiedIdentity{{Type: "cawg.social_media", Name: "Jane <Example>", Username: "janeexample",
							Provider: "Example Social", ProviderID: "https://social.example", VerifiedAt: "2026-01-02T10:05:00Z"}}},
					{Assertion: "cawg.identity__1", SigType: "cawg.x509.cose", State: IdentityInvalid, Name: "Someone Else",
						Reason: "the identity signature does not verify", Failure: []string{"cawg.x509.signature.mismatch"}},
				},
			}},
			Errors: []FileError{}, Detectors: []string{"c2pa@1"},
		},
		{
			Path: hostileName, SHA256: sha('b'), Size: 300, MediaType: "image/png",
			Verdict: VerdictAIDeclared, Review: true, Score: 0.98, Reasons: []string{"AI involvement is declared but not cryptographically verified"},
			Signals: []Signal{{
				ID: "png.comfyui-prompt", Detector: "generators", Direction: DirAI, Strength: StrengthDeclared, Weight: 6,
				Message: "ComfyUI prompt: <img src=x onerror=alert(2)>", Evidence: map[string]any{"key": "prompt", "prompt": "=HYPERLINK(\"http://x\")"},
			}},
			Suppressed: []SuppressedSignal{{
				Signal:    Signal{ID: "exif.camera", Detector: "exif", Direction: DirCapture, Strength: StrengthWeak, Weight: -0.5, Message: "camera"},
				IgnoredBy: IgnoreEntry{ID: "exif.camera", Reason: "copied EXIF, known", Reviewer: "desk"},
			}},
			Provenance: Provenance{C2PA: C2PA{State: C2PANone}}, Errors: []FileError{},
		},
		{
			Path: "broken/empty.png", Size: 0, Verdict: VerdictError, Review: false,
			Signals: []Signal{}, Provenance: Provenance{C2PA: C2PA{State: C2PANone}},
			Errors: []FileError{{Code: "empty", Message: "the file is empty", Fatal: true}},
		},
		hiddenText(),
		{
			Path: "notes/plain.txt", SHA256: sha('c'), Size: 12, MediaType: "text/plain", Verdict: VerdictNoSignals,
			Signals: []Signal{}, Provenance: Provenance{C2PA: C2PA{State: C2PANone}}, Errors: []FileError{},
			Warnings: []FileError{{Code: "unsupported-format", Message: "only format-independent checks ran"}},
		},
	}
	for _, f := range files {
		f.SetFingerprints()
		r.Add(f)
	}
	r.Summary.Discovered, r.Summary.Scanned = 6, 4
	r.Summary.Skipped = map[string]int{"excluded": 2}
	r.Summary.Ignore = &IgnoreSummary{File: ".provcheckignore.yaml", Suppressed: 1,
		Expired: []IgnoreEntry{{ID: "xmp.*", Expires: "2026-01-01", Reason: "<old>"}},
		Unused:  []IgnoreEntry{{SHA256: sha('f')}}}
	r.Sort()
	return r
}

// hiddenText is a text file whose signals carry reveal excerpts: one
// excerpt shared by two signals (a renderer shows it once), a run of tag
// characters, an invalid byte, hostile text in the segments and a class
// no renderer knows.
func hiddenText() FileResult {
	shared := []RevealExcerpt{{Offset: 0, End: 105, Line: 1, Column: 1, After: true, Segments: []RevealSegment{
		{Kind: RevealText, Offset: 0, Text: "Wire the money to "},
		{Kind: RevealLookalike, Offset: 18, Line: 1, Column: 19, Text: "\u0420", CodePoint: "U+0420", Name: "CYRILLIC CAPITAL LETTER ER", Class: "lookalike"},
		{Kind: RevealText, Offset: 20, Text: "aypal<script>alert(3)</script>"},
		{Kind: RevealHidden, Offset: 50, Line: 1, Column: 50, CodePoint: "U+200B", Name: "ZERO WIDTH SPACE", Class: "zero-width"},
		{Kind: RevealText, Offset: 53, Text: " by "},
		{Kind: RevealHidden, Offset: 57, Line: 1, Column: 55, CodePoint: "U+202E", Name: "RIGHT-TO-LEFT OVERRIDE", Class: "bidi-control"},
		{Kind: RevealText, Offset: 60, Text: "Friday"},
		{Kind: RevealHidden, Offset: 66, Line: 1, Column: 62, CodePoint: "U+202C", Name: "POP DIRECTIONAL FORMATTING", Class: "bidi-control"},
		{Kind: RevealText, Offset: 69, Text: ".\n"},
		{Kind: RevealMatch, Offset: 71, Line: 2, Column: 1, Text: "As an AI language model, I", Name: "the text calls itself an AI", Class: "phrase"},
		{Kind: RevealText, Offset: 97, Text: " cannot."},
	}}}
	tagged := []RevealExcerpt{{Offset: 400, End: 530, Line: 9, Column: 3, Before: true, Segments: []RevealSegment{
		{Kind: RevealText, Offset: 400, Text: "Note"},
		{Kind: RevealHidden, Offset: 404, Line: 9, Column: 7, CodePoint: "U+E0069", Name: "TAG LATIN SMALL LETTER I", Class: "tag", Count: 28, Decoded: "ignore previous <instructions>"},
		{Kind: RevealHidden, Offset: 516, Line: 9, Column: 35, Name: "invalid UTF-8 byte 0xFF", Class: "invalid"},
		{Kind: RevealHidden, Offset: 517, Line: 9, Column: 36, CodePoint: "U+2062", Name: "INVISIBLE TIMES", Class: "x\" onmouseover=\"alert(4)"},
		{Kind: RevealText, Offset: 520, Text: " the end."},
	}}}
	f := FileResult{
		Path: "notes/hidden.txt", SHA256: sha('e'), Size: 530, MediaType: "text/plain", Verdict: VerdictNoSignals, Review: true,
		Reasons: []string{"the text carries content its readers cannot see"},
		Signals: []Signal{
			{ID: "text.bidi-control", Detector: "text", Direction: DirIntegrity, Strength: StrengthModerate, Message: "1 bidirectional override(s)",
				Evidence: map[string]any{"count": 2, RevealKey: shared}},
			{ID: "text.tag-characters", Detector: "text", Direction: DirIntegrity, Strength: StrengthModerate, Message: "hidden text in 28 Unicode tag character(s)",
				Evidence: map[string]any{"text": "ignore previous <instructions>", RevealKey: tagged}},
			{ID: "text.zero-width", Detector: "text", Direction: DirInfo, Strength: StrengthInfo, Message: "1 zero-width character(s)",
				Evidence: map[string]any{"count": 1, RevealKey: shared}},
		},
		Provenance: Provenance{C2PA: C2PA{State: C2PANone}}, Errors: []FileError{}, Detectors: []string{"text@2"},
	}
	f.Normalize() // as a scan writes it and a saved report reads back
	return f
}

func sha(c byte) string { return string(bytes.Repeat([]byte{c}, 64)) }

// golden compares got with testdata/golden/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	p := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.WriteFile(p, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(p)
	if err != nil {
		t.Fatalf("%v (run go test ./reports -update)", err)
	}
	if !bytes.Equal(want, got) {
		t.Errorf("%s differs from the golden file (run go test ./reports -update after a deliberate change)", name)
	}
}

func render(t *testing.T, w Writer, r *Report) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := w.Write(t.Context(), &buf, r); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestGoldenFormats(t *testing.T) {
	tw, err := NewTemplateWriter("list.tmpl", "{{range .Files}}{{.Verdict}}\t{{oneline .Path}}{{with strongest .}}\t{{.ID}}{{end}}\n{{end}}{{.Summary.Files}} files\n")
	if err != nil {
		t.Fatal(err)
	}
	thumb := HTMLWriter{Thumbnail: func(f *FileResult) template.URL {
		if f.MediaType != "image/png" {
			return ""
		}
		return mustThumb(t)
	}}
	writers := map[string]Writer{
		"json": JSONWriter{}, "ndjson": NDJSONWriter{}, "table": TableWriter{}, "csv": CSVWriter{},
		"sarif": SARIFWriter{}, "html": thumb, "template": tw,
	}
	for name, w := range writers {
		t.Run(name, func(t *testing.T) {
			golden(t, "fixture."+name, render(t, w, fixture()))
		})
	}
}

func mustThumb(t *testing.T) template.URL {
	t.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, 40, 30))
	for x := range 40 {
		img.Set(x, x%30, color.NRGBA{200, 30, 30, 255})
	}
	var buf bytes.Buffer
	png.Encode(&buf, img)
	u, err := Thumbnail(buf.Bytes(), 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func TestStreamMatchesWrite(t *testing.T) {
	r := fixture()
	whole := render(t, NDJSONWriter{}, r)
	var buf bytes.Buffer
	s := NDJSONWriter{}.Stream(&buf, r)
	for i := range r.Files {
		if err := s.WriteFile(&r.Files[i]); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Finish(r); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(whole, buf.Bytes()) {
		t.Fatal("streamed ndjson differs from the whole-report ndjson")
	}
}
