// Package document reports the metadata of documents: the PDF document
// information dictionary, DOCX core, app and custom properties, and HTML
// meta tags. Who and what made a document (creating application,
// producer, author, last editor, times) is reported as info: it tells a
// reviewer where to ask, and proves nothing, since anyone can edit it.
// A field that names an AI writing tool is reported as AI evidence:
// declared when it is the field meant for the software that made the file
// (PDF Creator and Producer, DOCX Application, HTML generator), moderate
// when it is another field (author, a custom property), where a name can
// also be a person's or a topic.
package document

import (
	"context"

	"github.com/provcheck/provcheck/detectors"
	"github.com/provcheck/provcheck/provenance/container"
	"github.com/provcheck/provcheck/provenance/xmp"
)

// Detector is the document metadata detector.
var Detector = &detectors.Detector{
	Name: "document",
	Doc: "Document metadata: PDF Info dictionary (Creator, Producer, Author, CreationDate, ModDate...) and XMP " +
		"xmp:CreatorTool and pdf:Producer, DOCX " +
		"properties (docProps/core.xml creator and times, app.xml Application and AppVersion, custom.xml) and HTML " +
		"meta tags (generator, author). Reported as info (pdf.info, docx.properties, html.meta); a software field " +
		"naming an AI writing or image tool gives pdf.ai-tool, docx.ai-tool or html.ai-generator (ai, declared: " +
		"unsigned, anyone can write or strip it); an AI tool named in an author or custom field is moderate.",
	Version: 1,
	Media:   []string{"application/pdf", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "text/html"},
	Run:     run,
}

func run(ctx context.Context, p *detectors.Pass) error {
	if p.Inv == nil {
		return nil
	}
	entries := p.Inv.Text
	if p.Inv.Format == "pdf" && p.XMP != nil {
		entries = append(entries[:len(entries):len(entries)], xmpEntries(p.Inv, p.XMP())...)
	}
	for _, s := range analyze(p.Inv.Format, entries) {
		p.Report(s)
	}
	return ctx.Err()
}

// nsPDF is the XMP namespace of the PDF properties (pdf:Producer).
const nsPDF = "http://ns.adobe.com/pdf/1.3/"

// xmpEntries turns the software fields of a PDF's XMP metadata into text
// entries with Source "pdf:xmp", so they are read like the Info
// dictionary's.
func xmpEntries(inv *container.Inventory, packets []*xmp.Packet) []container.TextEntry {
	var out []container.TextEntry
	for i, pk := range packets {
		if pk == nil || i >= len(inv.XMP) {
			continue
		}
		off := inv.XMP[i].Offset
		if v, ok := pk.First(xmp.NSXMP, "CreatorTool"); ok {
			out = append(out, container.TextEntry{Source: "pdf:xmp", Key: "xmp:CreatorTool", Value: v, Offset: off})
		}
		if v, ok := pk.First(nsPDF, "Producer"); ok {
			out = append(out, container.TextEntry{Source: "pdf:xmp", Key: "pdf:Producer", Value: v, Offset: off})
		}
	}
	return out
}
