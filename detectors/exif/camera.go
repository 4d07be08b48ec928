package exif

import (
	"strings"
	"unicode"

	"github.com/provcheck/provcheck/detectors"
	"github.com/provcheck/provcheck/reports"
)

const cameraExplanation = "Camera metadata is easy to copy or forge: anyone can write a make and model " +
	"into any image. Check it against the pixels and the embedded thumbnail, and look for other copies of " +
	"the image (an earlier upload, the photographer's original)."

// camera is what one block says about the device that took the picture.
type camera struct {
	make, model, lens, serial string
}

func (c camera) empty() bool { return c == camera{} }

// name is make and model for people, without the make twice ("Canon Canon
// EOS 40D" is how Canon writes it).
func (c camera) name() string {
	switch {
	case c.model == "":
		return c.make
	case c.make == "" || strings.HasPrefix(strings.ToLower(c.model), strings.ToLower(c.make)):
		return c.model
	}
	return c.make + " " + c.model
}

// cameraOf reads a block's camera fields. Generators abuse Make and Model
// for their own payloads (ComfyUI writes "workflow:{…}" and "prompt:{…}"),
// so a block whose Make or Model cannot be a device name gives no camera.
func cameraOf(b block) camera {
	c := camera{
		make:  text(b.data, tagMake),
		model: text(b.data, tagModel),
	}
	if !plausibleName(c.make) || !plausibleName(c.model) {
		return camera{}
	}
	c.lens = text(b.data, tagLensModel)
	if !plausibleName(c.lens) {
		c.lens = ""
	}
	c.serial = text(b.data, tagBodySerialNumber)
	if !plausibleName(c.serial) {
		c.serial = ""
	}
	return c
}

// maxNameLen is longer than any make, model, lens or serial seen in camera
// files and far shorter than the JSON or prompts generators put there.
const maxNameLen = 64

func plausibleName(s string) bool {
	if len(s) > maxNameLen || strings.ContainsAny(s, "{}") {
		return false
	}
	return !strings.ContainsFunc(s, func(r rune) bool { return unicode.IsControl(r) || r == unicode.ReplacementChar })
}

func reportCamera(p *detectors.Pass, blocks []block) {
	first := -1
	var c camera
	for i, b := range blocks {
		if c = cameraOf(b); !c.empty() {
			first = i
			break
		}
	}
	if first < 0 {
		return
	}
	b := blocks[first]
	ev := b.where()
	setIf(ev, "make", c.make)
	setIf(ev, "model", c.model)
	setIf(ev, "lens", c.lens)
	setIf(ev, "serial", c.serial)
	setIf(ev, "lensMake", text(b.data, tagLensMake))
	setIf(ev, "dateTimeOriginal", text(b.data, tagDateTimeOriginal))
	if sw := text(b.data, tagSoftware); firmwareLike(sw, c) {
		ev["software"] = sw
	}
	msg := "EXIF names the camera " + c.name()
	if c.name() == "" {
		msg = "EXIF names camera equipment (lens or body serial) but no make or model"
	}
	p.Report(reports.Signal{
		ID:          "exif.camera",
		Direction:   reports.DirCapture,
		Strength:    reports.StrengthWeak,
		Message:     msg,
		Evidence:    ev,
		Explanation: cameraExplanation,
	})
	reportConflicts(p, blocks)
}

// reportConflicts flags blocks that name different cameras: one file, two
// devices means metadata from different sources was combined.
func reportConflicts(p *detectors.Pass, blocks []block) {
	var seen []map[string]any
	var cams []camera
	for _, b := range blocks {
		c := cameraOf(b)
		if c.make == "" && c.model == "" {
			continue
		}
		ev := b.where()
		setIf(ev, "make", c.make)
		setIf(ev, "model", c.model)
		seen = append(seen, ev)
		cams = append(cams, c)
	}
	conflict := false
	for i := 1; i < len(cams) && !conflict; i++ {
		conflict = differ(cams[0].make, cams[i].make) || differ(cams[0].model, cams[i].model)
	}
	if !conflict {
		return
	}
	p.Report(reports.Signal{
		ID:        "exif.conflicting-cameras",
		Direction: reports.DirIntegrity,
		Strength:  reports.StrengthWeak,
		Message:   "EXIF blocks in this file name different cameras",
		Evidence:  map[string]any{"blocks": seen},
		Explanation: "Each EXIF block names a different device. Metadata from more than one source was " +
			"combined, by an editor keeping an old block or by hand; the camera claim is weaker than usual. " +
			"Some tools legitimately keep an original's EXIF next to their own, so this alone proves nothing.",
	})
}

// differ is true when both values are known and not the same name.
func differ(a, b string) bool {
	return a != "" && b != "" && !strings.EqualFold(a, b)
}

// firmwareLike reports whether Software reads as a camera firmware version
// ("K10D Ver 1.30", "v951p-80", "14.4.2") rather than an application name
// ("GIMP 2.4.5", "Adobe Photoshop 7.0"): every word carries a digit, is a
// version word, or repeats the make or model. Applications are judged by the
// editors and generators detectors, not here.
func firmwareLike(sw string, c camera) bool {
	if sw == "" || !plausibleName(sw) {
		return false
	}
	known := map[string]bool{"ver": true, "ver.": true, "version": true, "firmware": true, "fw": true,
		"rev": true, "digital": true, "camera": true}
	for _, w := range strings.Fields(strings.ToLower(c.make + " " + c.model)) {
		known[w] = true
	}
	for _, w := range strings.Fields(strings.ToLower(sw)) {
		if !known[w] && !strings.ContainsFunc(w, unicode.IsDigit) {
			return false
		}
	}
	return true
}

func setIf(ev map[string]any, key, value string) {
	if value != "" {
		ev[key] = value
	}
}
