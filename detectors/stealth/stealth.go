// Package stealth reads generation metadata hidden in the least
// significant bits of the pixels: NovelAI's stealth_pngcomp (gzip JSON in
// the alpha channel, signed with NovelAI's published Ed25519 key) and the
// Stable Diffusion web UI stealth_pnginfo extension (infotext in the alpha
// or the RGB bits, plain or gzip).
//
// The payload is a declaration by the tool that wrote it. It survives
// metadata stripping but not flattening, resizing or lossy re-encoding, so
// its absence is never evidence of anything.
package stealth

import (
	"context"
	"fmt"
	"unicode/utf8"

	"github.com/provcheck/provcheck/detectors"
	"github.com/provcheck/provcheck/provenance/genrecord"
	"github.com/provcheck/provcheck/reports"
)

// Detector is the LSB stealth-metadata reader.
var Detector = &detectors.Detector{
	Name:   "stealth",
	Pixels: true,
	Doc: "Reads generation metadata hidden in the pixels' least significant bits: NovelAI's stealth_pngcomp " +
		"(alpha channel, gzip JSON, Ed25519 signature checked) and the A1111 stealth_pnginfo extension " +
		"(alpha or RGB, plain or gzip); stealth.novelai and stealth.a1111 are declarations by the generator.",
	Version: 2,
	// Only lossless formats keep the low bits.
	Media: []string{"image/png", "image/webp"},
	Run:   run,
}

// maxEvidenceText is how much of a prompt the evidence keeps.
const maxEvidenceText = 300

func run(ctx context.Context, p *detectors.Pass) error {
	if p.Image == nil {
		return nil
	}
	img, err := p.Image()
	if err != nil || img == nil {
		return nil // no pixels, no evidence either way
	}
	maxInflate := int64(0)
	if p.Settings != nil {
		maxInflate = p.Settings.Limits.MaxInflate
	}
	if maxInflate <= 0 {
		maxInflate = 16 << 20
	}
	for _, s := range []*stream{alphaStream(img), rgbStream(img)} {
		if s == nil || ctx.Err() != nil {
			continue
		}
		f := readStealth(ctx, s, maxInflate)
		if f == nil {
			continue
		}
		if f.err != nil {
			p.Warn("stealth", fmt.Sprintf("%s LSB payload after %q: %v", f.stream, f.magic, f.err))
		}
		if f.truncated {
			p.Warn("limit", fmt.Sprintf("%s LSB payload inflates past %d bytes; read up to the limit", f.stream, maxInflate))
		}
		switch {
		case f.magic == magicAlphaComp && f.text == nil:
			// Unreadable: NovelAI is the usual writer of this magic.
			p.Report(novelAISignal(f, &novelAI{sig: sigUnchecked, sigNote: "the payload could not be read"}))
			continue
		case f.magic == magicAlphaComp:
			if n, ok := parseNovelAI(f.text); ok {
				n.verify(img)
				p.Report(novelAISignal(f, n))
				continue
			}
		}
		p.Report(a1111Signal(f))
	}
	return nil
}

// common is the evidence every stealth signal carries.
func common(f *found) map[string]any {
	ev := map[string]any{
		"channel":     f.stream,
		"magic":       f.magic,
		"compressed":  f.compressed,
		"payloadBits": f.lengthBits,
		"bitOrder":    "column-major (x outer, y inner)",
	}
	if f.err != nil {
		ev["damaged"] = true
		ev["error"] = f.err.Error()
	}
	if f.truncated {
		ev["inflateTruncated"] = true
	}
	return ev
}

// putText adds a text value to the evidence, cut to maxEvidenceText
// characters with a flag saying so.
func putText(ev map[string]any, key, val string) {
	if val == "" {
		return
	}
	if utf8.RuneCountInString(val) > maxEvidenceText {
		r := []rune(val)
		val = string(r[:maxEvidenceText])
		ev[key+"Truncated"] = true
	}
	ev[key] = val
}

func novelAISignal(f *found, n *novelAI) reports.Signal {
	ev := common(f)
	for _, k := range []struct{ json, ev string }{
		{"Software", "software"}, {"Source", "source"}, {"Generation time", "generationTime"}, {"Description", "description"},
	} {
		if v, ok := n.field(k.json); ok {
			putText(ev, k.ev, v)
		}
	}
	for _, k := range []struct{ json, ev string }{
		{"prompt", "prompt"}, {"uc", "negativePrompt"}, {"seed", "seed"}, {"steps", "steps"},
		{"sampler", "sampler"}, {"scale", "scale"}, {"width", "width"}, {"height", "height"},
		{"request_type", "requestType"},
	} {
		if v, ok := n.param(k.json); ok {
			putText(ev, k.ev, v)
		}
	}
	ev["signature"] = n.sig
	if n.sigNote != "" {
		ev["signatureNote"] = n.sigNote
	}
	msg := "NovelAI generation metadata hidden in the alpha channel's low bits (stealth_pngcomp)"
	switch {
	case n.top == nil:
		msg = "a stealth_pngcomp payload (NovelAI's format, also used by the A1111 extension) in the alpha channel's low bits, unreadable"
	case n.sig == sigValid:
		msg += "; NovelAI's signature over the pixels and parameters is valid"
	case n.sig == sigInvalid:
		msg += "; its signature does NOT verify"
	case n.sig == sigAbsent:
		msg += "; no signature present"
	default:
		msg += "; signature present, not verified"
	}
	return reports.Signal{
		ID:        "stealth.novelai",
		Direction: reports.DirAI,
		Strength:  reports.StrengthDeclared,
		Message:   msg,
		Evidence:  ev,
		Explanation: "NovelAI writes its generation parameters into the least significant bits of the alpha channel as well as into " +
			"text chunks, so they survive metadata stripping but not flattening, resizing or lossy re-encoding. The format is public: " +
			"anyone can write these bits. A valid signature by NovelAI's published Ed25519 key covers the RGB pixels and the " +
			"parameters, so it shows NovelAI's service produced exactly these pixels; an invalid one means the pixels or parameters " +
			"changed after signing, or the signature is forged. Check the decoded parameters against any visible metadata.",
	}
}

func a1111Signal(f *found) reports.Signal {
	ev := common(f)
	if f.text != nil {
		it := genrecord.ReadInfotext(string(f.text))
		putText(ev, "prompt", it.Prompt)
		putText(ev, "negativePrompt", it.Negative)
		for _, k := range []struct{ info, ev string }{
			{"Steps", "steps"}, {"Sampler", "sampler"}, {"Seed", "seed"}, {"Model", "model"},
			{"Model hash", "modelHash"}, {"Size", "size"}, {"Version", "version"}, {"CFG scale", "cfgScale"},
		} {
			if v := it.Get(k.info); v != "" {
				putText(ev, k.ev, v)
			}
		}
	}
	return reports.Signal{
		ID:        "stealth.a1111",
		Direction: reports.DirAI,
		Strength:  reports.StrengthDeclared,
		Message:   fmt.Sprintf("Stable Diffusion web UI generation parameters hidden in the %s channels' low bits (%s)", f.stream, f.magic),
		Evidence:  ev,
		Explanation: "The stealth_pnginfo extension of the Stable Diffusion web UI writes the generation parameters into the least " +
			"significant bits of the pixels, so they survive metadata stripping but not flattening, resizing or lossy re-encoding. " +
			"The format is public and unsigned: anyone can write these bits, so they declare a tool, they prove nothing. Compare the " +
			"parameters with the picture and any visible metadata.",
	}
}
