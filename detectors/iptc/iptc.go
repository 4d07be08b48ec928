// Package iptc is the IPTC-IIM detector (the Photoshop APP13 record):
// explicit AI declarations in Credit, Source and By-line, and the program
// that wrote the record.
//
// Whether that program is an editor or a generator is for the editors and
// generators detectors to say; an IIM record by itself is no evidence.
package iptc

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/provcheck/provcheck/detectors"
	xmpdet "github.com/provcheck/provcheck/detectors/xmp"
	"github.com/provcheck/provcheck/provenance/container"
	iimmeta "github.com/provcheck/provcheck/provenance/iptc"
	"github.com/provcheck/provcheck/reports"
)

// Detector reports what IPTC-IIM declares.
var Detector = &detectors.Detector{
	Name: "iptc",
	Doc: "IPTC-IIM (APP13): explicit AI declarations in Credit, Source or By-line (\"Made with Google AI\") " +
		"as declared AI; OriginatingProgram and ProgramVersion as information.",
	Version: 1,
	Media:   []string{"image/*"},
	Run:     run,
}

// Application record (2) datasets read here.
const (
	recApplication    = 2
	dsOriginatingProg = 65
	dsProgramVersion  = 70
	dsByline          = 80
	dsCredit          = 110
	dsSource          = 115
	maxEvidence       = 300
)

// creditDatasets are where a credit line or its like may declare AI.
var creditDatasets = map[uint8]string{dsByline: "By-line", dsCredit: "Credit", dsSource: "Source"}

// record is one IIM block's datasets and where the block sits, when known.
type record struct {
	datasets []iimmeta.Dataset
	src      *container.Block
}

func run(ctx context.Context, p *detectors.Pass) error {
	if p.IPTC == nil {
		return nil
	}
	parsed := p.IPTC()
	paired := p.Inv != nil && len(p.Inv.IPTC) == len(parsed)
	recs := make([]record, 0, len(parsed))
	for i, ds := range parsed {
		r := record{datasets: ds}
		if paired {
			r.src = &p.Inv.IPTC[i]
		}
		recs = append(recs, r)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	reportCredit(p, recs)
	reportProgram(p, recs)
	return nil
}

func (r record) evidence(d iimmeta.Dataset, name string) map[string]any {
	ev := map[string]any{
		"dataset":       fmt.Sprintf("%d:%d", d.Record, d.ID),
		"name":          name,
		"value":         truncate(d.Value),
		"datasetOffset": d.Offset,
	}
	if r.src != nil {
		ev["block"] = r.src.Source
		ev["offset"] = r.src.Offset
	}
	if len(d.Value) > maxEvidence {
		ev["truncated"] = true
	}
	return ev
}

// reportCredit reports the first credit-like dataset that declares AI.
func reportCredit(p *detectors.Pass, recs []record) {
	for _, r := range recs {
		for _, d := range r.datasets {
			name, ok := creditDatasets[d.ID]
			if d.Record != recApplication || !ok {
				continue
			}
			clause, ok := xmpdet.DeclaresAI(d.Value)
			if !ok {
				continue
			}
			ev := r.evidence(d, name)
			ev["phrase"] = truncate(clause)
			p.Report(reports.Signal{
				ID:        "iptc.credit-ai",
				Direction: reports.DirAI,
				Strength:  reports.StrengthDeclared,
				Message:   fmt.Sprintf("IPTC-IIM %s declares AI: %q", name, truncate(d.Value)),
				Evidence:  ev,
				Explanation: "The IPTC " + name + " says the image was made or edited with AI. It is unsigned " +
					"text: anyone can write or remove it. Check the XMP digital source type and any C2PA " +
					"manifest for the same claim.",
			})
			return
		}
	}
}

// reportProgram reports the first OriginatingProgram, with its version.
func reportProgram(p *detectors.Pass, recs []record) {
	for _, r := range recs {
		for _, d := range r.datasets {
			if d.Record != recApplication || d.ID != dsOriginatingProg || strings.TrimSpace(d.Value) == "" {
				continue
			}
			ev := r.evidence(d, "OriginatingProgram")
			name := strings.TrimSpace(d.Value)
			if v := version(r.datasets); v != "" {
				ev["programVersion"] = truncate(v)
				name += " " + v
			}
			p.Report(reports.Signal{
				ID:        "iptc.originating-program",
				Direction: reports.DirInfo,
				Strength:  reports.StrengthInfo,
				Message:   fmt.Sprintf("IPTC-IIM was written by %q", truncate(name)),
				Evidence:  ev,
				Explanation: "The program that wrote the IPTC record. It names a tool, not the origin of " +
					"the pixels; editors and generators are judged by their own detectors.",
			})
			return
		}
	}
}

func version(ds []iimmeta.Dataset) string {
	for _, d := range ds {
		if d.Record == recApplication && d.ID == dsProgramVersion {
			return strings.TrimSpace(d.Value)
		}
	}
	return ""
}

func truncate(s string) string {
	if len(s) <= maxEvidence {
		return s
	}
	cut := maxEvidence
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut]
}
