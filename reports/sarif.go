package reports

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"io"
	"iter"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
)

// SARIFWriter writes SARIF 2.1.0 for code-scanning dashboards: one run, a
// rule per signal ID seen, a result per signal and per unreadable file.
// Every result has an artifact location and a partial fingerprint, and
// "results" is present even when empty, as GitHub code scanning requires.
type SARIFWriter struct{}

var _ Writer = SARIFWriter{}

const (
	sarifSchema  = "https://json.schemastore.org/sarif-2.1.0.json"
	sarifVersion = "2.1.0"
	// sarifFingerprintKey names our fingerprint among partialFingerprints.
	sarifFingerprintKey = "provcheck/v1"
	ruleFileError       = "provcheck.file-error"
	toolURI             = "https://github.com/provcheck/provcheck"
)

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool       sarifTool         `json:"tool"`
	Results    []sarifResult     `json:"results"`
	Properties map[string]any    `json:"properties,omitempty"`
	Invocation []sarifInvocation `json:"invocations,omitempty"`
}

type sarifInvocation struct {
	ExecutionSuccessful bool `json:"executionSuccessful"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	Version        string      `json:"version,omitempty"`
	InformationURI string      `json:"informationUri"`
	Rules          []sarifRule `json:"rules"`
}

type sarifText struct {
	Text string `json:"text"`
}

type sarifRule struct {
	ID                   string          `json:"id"`
	Name                 string          `json:"name"`
	ShortDescription     sarifText       `json:"shortDescription"`
	FullDescription      *sarifText      `json:"fullDescription,omitempty"`
	Help                 *sarifText      `json:"help,omitempty"`
	HelpURI              string          `json:"helpUri,omitempty"`
	DefaultConfiguration sarifRuleConfig `json:"defaultConfiguration"`
	Properties           sarifRuleProps  `json:"properties"`
}

type sarifRuleConfig struct {
	Level string `json:"level"`
}

type sarifRuleProps struct {
	Tags []string `json:"tags"`
}

type sarifResult struct {
	RuleID              string            `json:"ruleId"`
	RuleIndex           int               `json:"ruleIndex"`
	Level               string            `json:"level"`
	Message             sarifText         `json:"message"`
	Locations           []sarifLocation   `json:"locations"`
	PartialFingerprints map[string]string `json:"partialFingerprints"`
	BaselineState       string            `json:"baselineState,omitempty"`
	Properties          map[string]any    `json:"properties,omitempty"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysical `json:"physicalLocation"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifact `json:"artifactLocation"`
}

type sarifArtifact struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId,omitempty"`
}

// sarifLevel maps a signal to a SARIF level: error for AI declared or
// verified, warning for what needs a reviewer, note for the rest.
func sarifLevel(s *Signal) string {
	switch {
	case s.Direction == DirAI && (s.Verified || s.Strength == StrengthDeclared):
		return "error"
	case s.Direction == DirAI, s.Direction == DirIntegrity:
		return "warning"
	}
	return "note"
}

func (sw SARIFWriter) Write(_ context.Context, w io.Writer, r *Report) error {
	return sw.write(w, r, filesOf(r.Files))
}

// sarifResultsMark stands for the results array in the rendered log, so
// the log around it is written by the JSON encoder and the results, one
// at a time, between.
const sarifResultsMark = `"provcheck:results"`

// write renders the log from files, which it ranges over twice, holding
// one file at a time: the first pass collects the rules (they come before
// the results, and each result names its rule's index in the sorted
// list), the second writes each result as it is made. The bytes are those
// of one json.Encoder over the whole log.
func (SARIFWriter) write(w io.Writer, r *Report, files iter.Seq[*FileResult]) error {
	rules := map[string]*sarifRule{}
	addRule := func(id string, mk func() sarifRule) {
		if _, ok := rules[id]; !ok {
			rule := mk()
			rules[id] = &rule
		}
	}
	for f := range files {
		for j := range f.Signals {
			s := &f.Signals[j]
			addRule(s.ID, func() sarifRule {
				rule := sarifRule{
					ID: s.ID, Name: ruleName(s.ID),
					ShortDescription:     sarifText{s.Message},
					HelpURI:              toolURI + "#verdicts",
					DefaultConfiguration: sarifRuleConfig{Level: sarifLevel(s)},
					Properties:           sarifRuleProps{Tags: uniqueTags("provenance", string(s.Direction), string(s.Strength), s.Detector)},
				}
				if s.Explanation != "" {
					rule.FullDescription = &sarifText{s.Explanation}
					rule.Help = &sarifText{s.Explanation}
				}
				return rule
			})
		}
		if f.Verdict == VerdictError {
			addRule(ruleFileError, func() sarifRule {
				return sarifRule{
					ID: ruleFileError, Name: "FileError",
					ShortDescription:     sarifText{"The file could not be read or parsed"},
					FullDescription:      &sarifText{"provcheck could not read or parse this file, so nothing is known about its origin."},
					HelpURI:              toolURI + "#exit-codes",
					DefaultConfiguration: sarifRuleConfig{Level: "warning"},
					Properties:           sarifRuleProps{Tags: []string{"provenance", "error"}},
				}
			})
		}
	}
	ids := make([]string, 0, len(rules))
	for id := range rules {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	index := map[string]int{}
	driver := sarifDriver{Name: r.Tool.Name, Version: r.Tool.Version, InformationURI: toolURI, Rules: []sarifRule{}}
	for i, id := range ids {
		index[id] = i
		driver.Rules = append(driver.Rules, *rules[id])
	}
	run := sarifRunHead{
		Tool:       sarifTool{Driver: driver},
		Results:    json.RawMessage(sarifResultsMark),
		Invocation: []sarifInvocation{{ExecutionSuccessful: !r.Summary.Partial}},
		Properties: map[string]any{"schemaVersion": r.SchemaVersion, "summary": r.Summary},
	}
	var frame bytes.Buffer
	enc := json.NewEncoder(&frame)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(sarifLogHead{Schema: sarifSchema, Version: sarifVersion, Runs: []sarifRunHead{run}}); err != nil {
		return err
	}
	before, after, ok := bytes.Cut(frame.Bytes(), []byte(sarifResultsMark))
	if !ok {
		return errors.New("sarif: results mark not found")
	}
	ew := &errWriter{w: w}
	ew.Write(before)
	// The results array sits at depth 4 (log, runs, run, results): the
	// encoder indents its elements by 8 spaces and its closing bracket by 6.
	const inner, outer = "        ", "      "
	var res bytes.Buffer
	renc := json.NewEncoder(&res)
	renc.SetIndent(inner, "  ")
	renc.SetEscapeHTML(false)
	n := 0
	emit := func(sr sarifResult) {
		res.Reset()
		if err := renc.Encode(sr); err != nil {
			ew.err = cmp.Or(ew.err, err)
			return
		}
		sep := ",\n" + inner
		if n == 0 {
			sep = "[\n" + inner
		}
		n++
		io.WriteString(ew, sep)
		ew.Write(bytes.TrimSuffix(res.Bytes(), []byte("\n")))
	}
	for f := range files {
		if ew.err != nil {
			break
		}
		loc := []sarifLocation{{PhysicalLocation: sarifPhysical{ArtifactLocation: sarifURI(f.Path)}}}
		for j := range f.Signals {
			s := &f.Signals[j]
			msg := f.Path + ": " + s.Message + " [verdict " + string(f.Verdict) + "]"
			emit(sarifResult{
				RuleID: s.ID, RuleIndex: index[s.ID], Level: sarifLevel(s), Message: sarifText{msg}, Locations: loc,
				PartialFingerprints: map[string]string{sarifFingerprintKey: cmp.Or(s.Fingerprint, Fingerprint(f.SHA256, s.ID), f.Path+":"+s.ID)},
				BaselineState:       s.BaselineState,
				Properties: map[string]any{
					"verdict": f.Verdict, "review": f.Review, "score": f.Score, "sha256": f.SHA256,
					"direction": s.Direction, "strength": s.Strength, "verified": s.Verified,
				},
			})
		}
		if f.Verdict == VerdictError {
			msg := f.Path + ": could not be scanned"
			if len(f.Errors) > 0 {
				msg += ": " + f.Errors[0].Message
			}
			emit(sarifResult{
				RuleID: ruleFileError, RuleIndex: index[ruleFileError], Level: "warning", Message: sarifText{msg}, Locations: loc,
				PartialFingerprints: map[string]string{sarifFingerprintKey: cmp.Or(f.SHA256, f.Path) + ":error"},
			})
		}
	}
	if n == 0 {
		io.WriteString(ew, "[]")
	} else {
		io.WriteString(ew, "\n"+outer+"]")
	}
	ew.Write(after)
	return ew.err
}

// sarifLogHead and sarifRunHead are sarifLog and sarifRun with the
// results left as a mark for write to fill in.
type sarifLogHead struct {
	Schema  string         `json:"$schema"`
	Version string         `json:"version"`
	Runs    []sarifRunHead `json:"runs"`
}

type sarifRunHead struct {
	Tool       sarifTool         `json:"tool"`
	Results    json.RawMessage   `json:"results"`
	Properties map[string]any    `json:"properties,omitempty"`
	Invocation []sarifInvocation `json:"invocations,omitempty"`
}

// sarifURI makes a file path an artifact location: relative paths stay
// relative to the source root (what code scanning expects), absolute ones
// become file URIs. Every result needs one, even stdin.
func sarifURI(p string) sarifArtifact {
	if p == "-" {
		return sarifArtifact{URI: "stdin"}
	}
	slash := filepath.ToSlash(p)
	if filepath.IsAbs(p) {
		u := url.URL{Scheme: "file", Path: slash}
		return sarifArtifact{URI: u.String()}
	}
	slash = strings.TrimPrefix(slash, "./")
	u := url.URL{Path: slash}
	return sarifArtifact{URI: u.String(), URIBaseID: "%SRCROOT%"}
}

// ruleName turns "png.comfyui-workflow" into "PngComfyuiWorkflow", the
// PascalCase name SARIF viewers show.
func ruleName(id string) string {
	var b strings.Builder
	up := true
	for _, r := range id {
		if r == '.' || r == '-' || r == '_' {
			up = true
			continue
		}
		if up && r >= 'a' && r <= 'z' {
			r -= 'a' - 'A'
		}
		up = false
		b.WriteRune(r)
	}
	return b.String()
}

// uniqueTags drops repeated tags (an info signal's direction and strength
// are both "info"): SARIF wants each tag once.
func uniqueTags(tags ...string) []string {
	out := tags[:0]
	for _, t := range tags {
		if t != "" && !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	return out
}
