// Package text is the first-pass text detector: deterministic findings in
// the decoded body of a text file. It reports hidden and control Unicode
// (zero-width characters, bidirectional controls, tag characters and the
// ASCII they spell, variation-selector runs and the bytes they carry,
// including C2PA text manifest wrappers, soft hyphens, other format
// characters, control characters, unusual spaces), words that mix Latin
// letters with Cyrillic or Greek look-alikes, and curated chatbot phrases
// and template placeholders. Each signal's evidence also carries reveal
// excerpts (reports.RevealKey): bounded stretches of the text around its
// findings, cut into segments, from which the HTML report and the web page
// draw the text with every hidden character made visible. Reveal renders a
// whole text that way, as markers in a string.
//
// Deliberately absent: stylometry and any per-document "% AI". On the
// project's measurements (reference/text-detection.md §3, §6) those flag
// one human text in five at useful operating points and misfire on
// non-native writers; the separate stylometry detector reports a clearly
// labelled resemblance that can only raise review.
//
// The body is the decoded text of a text file, the visible text of an
// HTML page, or the text extracted from a DOCX or PDF; offsets are into
// that text.
//
// Directions. Hidden characters are not AI evidence: they come from tools
// and copy and paste, and human texts carry them too. Tag-character text,
// variation-selector payloads and bidi overrides in left-to-right text are
// integrity/moderate: the text carries content a reader cannot see or
// displays differently from what software reads, which a reviewer must
// check. Chatbot phrases are ai evidence, strong at most, never declared:
// a human article about chatbots can quote any of them.
//
// Offsets in evidence are byte offsets into Inventory.Body, the decoded
// UTF-8 text (equal to file offsets for UTF-8 files without BOM), with
// line:column where the column counts code points from 1.
package text

import (
	"context"

	"github.com/provcheck/provcheck/detectors"
)

// Detector is the text detector.
var Detector = &detectors.Detector{
	Name: "text",
	Doc: "Deterministic findings in text files: hidden and control Unicode (zero-width, bidi controls, tag characters " +
		"with the hidden ASCII they spell, variation-selector runs with the bytes they carry and C2PA text manifest wrappers, " +
		"soft hyphens, format and control characters, unusual spaces), Latin words with Cyrillic or Greek look-alike letters " +
		"(text.mixed-script, integrity/weak) and curated chatbot phrases (self-identification, " +
		"interface leftovers, refusals, template placeholders, stock openers), and instructions aimed at AI readers " +
		"(text.ai-instructions: \"ignore previous instructions\", \"if you are an AI\"; in the text, hidden in invisible " +
		"characters, or in an HTML page's comments, alt texts and invisible elements; integrity, asks for review). Hidden characters are integrity or info " +
		"findings, never AI evidence; chatbot phrases are heuristic AI evidence, strong at most. Offsets are byte offsets " +
		"into the decoded UTF-8 text, with line:column; each signal's evidence carries short excerpts around its findings " +
		"with every hidden character named, for the reveal view.",
	Version: 3,
	Media:   []string{"text/*", "application/pdf", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
	Run:     run,
}

func run(ctx context.Context, p *detectors.Pass) error {
	if p.Inv == nil || p.Inv.Body == "" {
		return nil
	}
	sigs, err := analyze(ctx, p.Inv.Body)
	if err != nil {
		return err
	}
	var htmlSource []byte
	if p.Inv.MediaType == "text/html" && p.File != nil {
		htmlSource = p.File.Data
	}
	inj, err := scanInstructions(ctx, p.Inv.Body, htmlSource)
	if err != nil {
		return err
	}
	sigs = append(sigs, inj...)
	for _, s := range sigs {
		if p.Inv.Encoding != "" {
			s.Evidence["encoding"] = p.Inv.Encoding
		}
		p.Report(s)
	}
	return nil
}
