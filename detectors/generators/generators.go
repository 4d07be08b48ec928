// Package generators reports AI image generators' own declarations: the
// generation parameters AUTOMATIC1111, ComfyUI, InvokeAI, Fooocus, SwarmUI,
// Easy Diffusion, NovelAI, Midjourney and Draw Things write into PNG text
// chunks, EXIF fields and XMP, and known generator names in software
// fields. Each is read from its structural home only and checked for the
// generator's structure before it counts.
package generators

import (
	"context"

	"github.com/provcheck/provcheck/detectors"
	"github.com/provcheck/provcheck/reports"
)

// Detector is the generators detector.
var Detector = &detectors.Detector{
	Name: "generators",
	Doc: "AI generator declarations: generation parameters written by AUTOMATIC1111/Forge, ComfyUI, InvokeAI, " +
		"Fooocus, SwarmUI, Easy Diffusion, NovelAI, Midjourney and Draw Things (PNG text, EXIF UserComment and IFD0 " +
		"fields, XMP), and known AI generator names in EXIF Software, xmp:CreatorTool, IPTC OriginatingProgram and PNG " +
		"Software. These are unsigned: they say what the generator wrote, and anyone can write or strip them.",
	Version: 1,
	Media:   []string{"image/*"},
	Run:     run,
}

func run(ctx context.Context, p *detectors.Pass) error {
	if p.Inv == nil {
		return nil
	}
	r := &reporter{p: p}
	fromText(r, p.Inv.Text)
	if err := ctx.Err(); err != nil {
		return err
	}
	if p.EXIF != nil {
		fromEXIF(r, p.EXIF())
	}
	if p.XMP != nil {
		fromXMP(r, p.XMP())
	}
	if p.IPTC != nil {
		fromIPTC(r, p.IPTC())
	}
	return nil
}

// reporter emits signals and remembers which generators were already
// declared, so a generator name in a software field does not repeat a
// richer declaration of the same tool.
type reporter struct {
	p        *detectors.Pass
	declared map[string]bool
}

const unsignedNote = " The record is unsigned metadata: it shows the file passed through the tool, " +
	"but anyone can add, copy or strip it."

// declare reports an unsigned generator declaration.
func (r *reporter) declare(id, generator, msg, explanation string, ev map[string]any, pr Params) {
	r.emit(id, generator, reports.StrengthDeclared, msg, explanation+unsignedNote, ev, pr)
}

func (r *reporter) emit(id, generator string, s reports.Strength, msg, explanation string, ev map[string]any, pr Params) {
	if r.declared == nil {
		r.declared = map[string]bool{}
	}
	if generator != "" {
		r.declared[generator] = true
		ev["generator"] = generator
	}
	pr.addTo(ev)
	r.p.Report(reports.Signal{
		ID:          id,
		Direction:   reports.DirAI,
		Strength:    s,
		Message:     msg,
		Evidence:    ev,
		Explanation: explanation,
	})
}
