package xmp

import (
	"fmt"
	"slices"
	"strings"

	"github.com/provcheck/provcheck/detectors"
	xmpmeta "github.com/provcheck/provcheck/provenance/xmp"
	"github.com/provcheck/provcheck/reports"
)

// sourceTypeNames are the properties that carry a digital source type: the
// current one and the deprecated one in both spellings seen in files.
var sourceTypeNames = []string{"DigitalSourceType", "DigitalSourceFileType", "DigitalSourcefileType"}

// maxSourceTypes bounds the distinct codes reported: a file declares one,
// and a hostile packet could list thousands.
const maxSourceTypes = 16

// reportSourceTypes reports each distinct code once, with every property
// that carries it: Google writes the same code into DigitalSourceType and
// DigitalSourceFileType, which is one declaration, not two.
func reportSourceTypes(p *detectors.Pass, packets []packet) {
	type found struct {
		sig   reports.Signal
		props []string
	}
	var order []string
	byCode := map[string]*found{}
scan:
	for _, k := range packets {
		guid := first(k.data, xmpmeta.NSIptc4xmpExt, "DigImageGUID")
		for _, pr := range k.data.Props {
			if pr.NS != xmpmeta.NSIptc4xmpExt || !slices.Contains(sourceTypeNames, pr.Name) || nested(pr) {
				continue
			}
			code, vocab, st, known := parseSourceType(pr.Value)
			if code == "" {
				continue
			}
			key := code
			if !known {
				key = "?" + pr.Value
			}
			if f := byCode[key]; f != nil {
				if len(f.props) < maxSourceTypes {
					f.props = append(f.props, qualified(pr))
				}
				continue
			}
			if len(order) == maxSourceTypes {
				p.Warn("limit", fmt.Sprintf("more than %d digital source types in XMP; the rest are not reported", maxSourceTypes))
				break scan
			}
			r := readingOf(st.class)
			ev := k.evidence(pr)
			ev["code"] = code
			if vocab != "" {
				ev["vocabulary"] = vocab
			}
			if guid != "" {
				ev["digImageGUID"] = truncate(guid)
			}
			msg := fmt.Sprintf("%s: %s %s (%s)", r.lead, qualified(pr), code, st.meaning)
			if !known {
				msg = fmt.Sprintf("%s: %s = %q", r.lead, qualified(pr), truncate(pr.Value))
			}
			byCode[key] = &found{sig: reports.Signal{
				ID:          r.id,
				Direction:   r.dir,
				Strength:    r.strength,
				Message:     msg,
				Evidence:    ev,
				Explanation: r.explained,
			}, props: []string{qualified(pr)}}
			order = append(order, key)
		}
	}
	for _, key := range order {
		f := byCode[key]
		if len(f.props) > 1 {
			f.sig.Evidence["properties"] = f.props
		}
		p.Report(f.sig)
	}
}

// nested reports whether a property is a field of a struct (an ingredient,
// a history entry) rather than a statement about the image itself.
func nested(pr xmpmeta.Property) bool { return strings.Contains(pr.Path, "/") }

func first(pk *xmpmeta.Packet, ns, name string) string {
	if v := pk.Get(ns, name); len(v) > 0 {
		return v[0]
	}
	return ""
}

// reportCredits reports credit lines that declare AI ("Made with Google AI").
func reportCredits(p *detectors.Pass, packets []packet) {
	for _, k := range packets {
		for _, pr := range k.data.Props {
			if pr.NS != xmpmeta.NSPhotoshop || pr.Name != "Credit" || nested(pr) {
				continue
			}
			clause, ok := DeclaresAI(pr.Value)
			if !ok {
				continue
			}
			ev := k.evidence(pr)
			ev["phrase"] = truncate(clause)
			p.Report(reports.Signal{
				ID:        "xmp.credit-ai",
				Direction: reports.DirAI,
				Strength:  reports.StrengthDeclared,
				Message:   fmt.Sprintf("XMP credit line declares AI: %q", truncate(pr.Value)),
				Evidence:  ev,
				Explanation: "The credit line says the image was made or edited with AI (Google writes \"Made " +
					"with Google AI\"). It is unsigned text: anyone can write or remove it. Check for a digital " +
					"source type or a C2PA manifest saying the same.",
			})
			return
		}
	}
}

// dataMining explains the PLUS data-mining values.
var dataMining = map[string]string{
	"DMI-UNSPECIFIED":                           "no statement about data mining",
	"DMI-ALLOWED":                               "data mining allowed",
	"DMI-PROHIBITED-AIMLTRAINING":               "prohibited for AI/ML training",
	"DMI-PROHIBITED-GENAIMLTRAINING":            "prohibited for generative AI/ML training",
	"DMI-PROHIBITED-EXCEPTSEARCHENGINEINDEXING": "prohibited except for search engine indexing",
	"DMI-PROHIBITED":                            "prohibited",
	"DMI-PROHIBITED-SEECONSTRAINT":              "prohibited, see plus:OtherConstraints",
	"DMI-PROHIBITED-SEEEMBEDDEDRIGHTSEXPR":      "prohibited, see the embedded rights expression",
	"DMI-PROHIBITED-SEELINKEDRIGHTSEXPR":        "prohibited, see the linked rights expression",
}

// reportDataMining reports the PLUS data-mining statement. It is about
// rights to train on the image, not about how the image was made.
func reportDataMining(p *detectors.Pass, packets []packet) {
	for _, k := range packets {
		for _, pr := range k.data.Props {
			if pr.NS != xmpmeta.NSPlus || pr.Name != "DataMining" {
				continue
			}
			meaning := dataMining[strings.ToUpper(lastSegment(pr.Value))]
			if meaning == "" {
				meaning = "unrecognised value"
			}
			ev := k.evidence(pr)
			ev["meaning"] = meaning
			p.Report(reports.Signal{
				ID:        "xmp.data-mining",
				Direction: reports.DirInfo,
				Strength:  reports.StrengthInfo,
				Message:   fmt.Sprintf("XMP data-mining statement: %s", meaning),
				Evidence:  ev,
				Explanation: "plus:DataMining states whether the image may be used to train AI. It is a rights " +
					"statement, not a record of how the image was made, and is never scored.",
			})
			return
		}
	}
}
