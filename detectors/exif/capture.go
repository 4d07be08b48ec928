package exif

import (
	"fmt"
	"slices"
	"strings"

	"github.com/provcheck/provcheck/detectors"
	"github.com/provcheck/provcheck/reports"
)

// reportCaptureTime reports the first block's original capture time: what
// a fact-checker compares with the claimed date of an event.
func reportCaptureTime(p *detectors.Pass, blocks []block) {
	for _, b := range blocks {
		t := text(b.data, tagDateTimeOriginal)
		if t == "" {
			continue
		}
		ev := b.where()
		ev["field"] = "DateTimeOriginal"
		ev["dateTimeOriginal"] = t
		setIf(ev, "offsetTimeOriginal", text(b.data, tagOffsetTimeOriginal))
		setIf(ev, "subSecTimeOriginal", text(b.data, tagSubSecTimeOriginal))
		p.Report(reports.Signal{
			ID:        "exif.capture-time",
			Direction: reports.DirInfo,
			Strength:  reports.StrengthInfo,
			Message:   "EXIF capture time " + t,
			Evidence:  ev,
			Explanation: "The time comes from the device clock, which is often wrong or set to local time " +
				"without a zone, and like all EXIF it is easy to edit. Compare it with the claimed date of " +
				"the event, not as proof of it.",
		})
		return
	}
}

// reportThumbnail notes an embedded thumbnail: editors often leave the
// original's thumbnail behind, so it can show what the picture looked like
// before it was changed.
func reportThumbnail(p *detectors.Pass, b block) {
	if !b.data.HasThumbnail {
		return
	}
	ev := b.where()
	ev["ifd"] = ifd1
	setIf(ev, "thumbnailOffset", text(b.data, tagThumbnailOffset))
	setIf(ev, "thumbnailLength", text(b.data, tagThumbnailLength))
	p.Report(reports.Signal{
		ID:        "exif.thumbnail",
		Direction: reports.DirInfo,
		Strength:  reports.StrengthInfo,
		Message:   "EXIF carries an embedded thumbnail (IFD1)",
		Evidence:  ev,
		Explanation: "Editors often keep the original thumbnail: compare it with the image. A thumbnail " +
			"that shows different content or framing means the image was changed after capture.",
	})
}

// computational describes one camera field that records multi-frame or
// in-camera processing. These are capture features, never generative AI.
type computational struct {
	id, field string
	tag       tag
	// skip lists the values that say nothing happened.
	skip    []int
	meaning map[int]string
	explain string
}

var computationalFields = []computational{
	{
		id: "exif.composite-image", field: "CompositeImage", tag: tagCompositeImage,
		skip: []int{0, 1},
		meaning: map[int]string{
			2: "general composite image",
			3: "composite image captured while shooting",
		},
		explain: "The camera merged several frames (HDR, night mode, panorama, burst). This is " +
			"computational capture, not generative AI.",
	},
	{
		id: "exif.custom-rendered", field: "CustomRendered", tag: tagCustomRendered,
		skip: []int{0},
		meaning: map[int]string{
			1: "custom process",
			2: "HDR (original not saved)",
			3: "HDR (original saved)",
			4: "original (for HDR)",
			6: "panorama",
			7: "portrait HDR",
			8: "portrait",
		},
		explain: "The camera processed the picture in a special way (HDR, portrait, panorama). This is " +
			"in-camera processing, not generative AI.",
	},
	{
		id: "exif.scene-capture-type", field: "SceneCaptureType", tag: tagSceneCaptureType,
		skip: []int{0},
		meaning: map[int]string{
			1: "landscape",
			2: "portrait",
			3: "night scene",
		},
		explain: "A scene mode chosen by the photographer or the camera's scene detection (including " +
			"phone \"AI scene\" modes). It is a capture setting, not generative AI.",
	},
}

func reportComputational(p *detectors.Pass, b block) {
	for _, c := range computationalFields {
		n, ok := number(b.data, c.tag)
		if !ok || slices.Contains(c.skip, n) {
			continue
		}
		meaning := c.meaning[n]
		if meaning == "" {
			meaning = "unknown value"
		}
		ev := b.where()
		ev["field"] = c.field
		ev["value"] = n
		ev["meaning"] = meaning
		p.Report(reports.Signal{
			ID:          c.id,
			Direction:   reports.DirInfo,
			Strength:    reports.StrengthInfo,
			Message:     fmt.Sprintf("EXIF %s = %d (%s)", c.field, n, meaning),
			Evidence:    ev,
			Explanation: c.explain,
		})
	}
}

// reportScreenshot reports the UserComment macOS writes on screenshots.
func reportScreenshot(p *detectors.Pass, blocks []block) {
	for _, b := range blocks {
		v, charset, ok := userComment(b.data)
		if !ok || !strings.EqualFold(v, "Screenshot") {
			continue
		}
		ev := b.where()
		ev["field"] = "UserComment"
		ev["value"] = v
		setIf(ev, "charset", charset)
		p.Report(reports.Signal{
			ID:        "exif.screenshot",
			Direction: reports.DirInfo,
			Strength:  reports.StrengthInfo,
			Message:   "EXIF UserComment says the image is a screenshot",
			Evidence:  ev,
			Explanation: "A screenshot records a screen: it says nothing about where the content shown on it " +
				"came from, and a screenshot of an AI image carries none of that image's metadata. Look for " +
				"the original of what is shown.",
		})
		return
	}
}
