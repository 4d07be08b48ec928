// Package xmp is the XMP detector: the IPTC digital source type (the
// whole vocabulary, including the deprecated DigitalSourceFileType), AI
// credit lines in photoshop:Credit, and the PLUS data-mining statement.
//
// Tool names (xmp:CreatorTool, the History entries) are judged by the
// editors and generators detectors, and dcterms:provenance by the C2PA
// detector; this one does not repeat them.
package xmp

import (
	"context"
	"unicode/utf8"

	"github.com/provcheck/provcheck/detectors"
	"github.com/provcheck/provcheck/provenance/container"
	xmpmeta "github.com/provcheck/provcheck/provenance/xmp"
)

// Detector reports what XMP declares about the image's source.
var Detector = &detectors.Detector{
	Name: "xmp",
	Doc: "XMP declarations: IPTC DigitalSourceType (AI-generated and AI-edited codes are declared AI, " +
		"capture codes weak capture claims, edit codes edits, the rest information), AI credit lines " +
		"in photoshop:Credit, and plus:DataMining (a rights statement, never scored).",
	Version: 1,
	Media:   []string{"image/*"},
	Run:     run,
}

// packet is one parsed packet, its index among the parsed packets, and
// where it came from when known.
type packet struct {
	index int
	data  *xmpmeta.Packet
	src   *container.Block // nil when parsed packets cannot be paired with the inventory
}

func run(ctx context.Context, p *detectors.Pass) error {
	packets := pair(p)
	if len(packets) == 0 {
		return nil
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	reportSourceTypes(p, packets)
	reportCredits(p, packets)
	reportDataMining(p, packets)
	return nil
}

// pair matches parsed packets with the inventory's blocks. The engine
// drops packets that failed to parse, so the lists line up only when their
// lengths agree; otherwise offsets are left out rather than guessed.
func pair(p *detectors.Pass) []packet {
	if p.XMP == nil {
		return nil
	}
	parsed := p.XMP()
	paired := p.Inv != nil && len(p.Inv.XMP) == len(parsed)
	out := make([]packet, 0, len(parsed))
	for i, pk := range parsed {
		if pk == nil {
			continue
		}
		k := packet{index: i, data: pk}
		if paired {
			k.src = &p.Inv.XMP[i]
		}
		out = append(out, k)
	}
	return out
}

// evidence locates one property value.
func (k packet) evidence(pr xmpmeta.Property) map[string]any {
	ev := map[string]any{
		"packet":   k.index,
		"property": qualified(pr),
		"value":    truncate(pr.Value),
	}
	if k.src != nil {
		ev["block"] = k.src.Source
		ev["offset"] = k.src.Offset
	}
	if pr.Path != "" && pr.Path != qualified(pr) {
		ev["path"] = pr.Path
	}
	if len(pr.Value) > maxEvidence {
		ev["truncated"] = true
	}
	return ev
}

var prefixes = map[string]string{
	xmpmeta.NSIptc4xmpExt: "Iptc4xmpExt",
	xmpmeta.NSPhotoshop:   "photoshop",
	xmpmeta.NSPlus:        "plus",
}

// qualified names a property the way XMP writers spell it.
func qualified(pr xmpmeta.Property) string {
	if pfx, ok := prefixes[pr.NS]; ok {
		return pfx + ":" + pr.Name
	}
	return pr.NS + pr.Name
}

// maxEvidence bounds a value copied into evidence.
const maxEvidence = 300

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
