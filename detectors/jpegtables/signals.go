package jpegtables

import (
	"fmt"
	"strings"

	"github.com/provcheck/provcheck/detectors"
	"github.com/provcheck/provcheck/reports"
)

// maker is the camera the EXIF names, from IFD0 Make and Model.
type maker struct{ make, model string }

func (m maker) String() string { return strings.TrimSpace(m.make + " " + m.model) }

func exifMaker(p *detectors.Pass) maker {
	if p.EXIF == nil {
		return maker{}
	}
	for _, d := range p.EXIF() {
		if d == nil {
			continue
		}
		var m maker
		for _, f := range d.Fields {
			if f.IFD != "IFD0" {
				continue
			}
			switch f.Name {
			case "Make":
				m.make = strings.TrimSpace(f.Value)
			case "Model":
				m.model = strings.TrimSpace(f.Value)
			}
		}
		if plausibleName(m.make) {
			if !plausibleName(m.model) {
				m.model = ""
			}
			return m
		}
	}
	return maker{}
}

// plausibleName reports whether an EXIF Make or Model value looks like a
// device name: short, one line, no structured data (some generators write
// JSON there).
func plausibleName(v string) bool {
	return v != "" && len(v) <= 64 && !strings.ContainsAny(v, "{}\n")
}

func (a *analysis) family(m maker) string {
	switch {
	case a.ijgQ > 0:
		return familyIJG
	case a.adobe || a.photoshop:
		return familyPhotoshop
	case m.make != "":
		return familyCamera
	}
	return familyCustom
}

func signals(a *analysis, p *detectors.Pass) []reports.Signal {
	m := exifMaker(p)
	fam := a.family(m)
	out := []reports.Signal{a.qualitySignal(), a.encoderSignal(p, fam, m)}
	if fam == familyIJG && m.make != "" {
		out = append(out, reports.Signal{
			ID:        "jpeg.library-tables-with-camera-exif",
			Direction: reports.DirInfo,
			Strength:  reports.StrengthInfo,
			Message:   fmt.Sprintf("EXIF names a camera (%s) but the JPEG carries the standard libjpeg tables at quality %d", m, a.ijgQ),
			Evidence:  map[string]any{"exifCamera": m.String(), "quality": a.ijgQ, "huffman": a.huffKind},
			Explanation: "Most current cameras write tables of their own, so library tables under a camera's EXIF " +
				"often mean a program re-saved the photo and kept its metadata. It is not counted as editing: many " +
				"cameras and phones use the libjpeg tables themselves (8 of the 24 camera originals in the project's " +
				"sample corpus do). Compare the quality with what this camera model writes.",
		})
	}
	if len(a.anomalies) > 0 {
		out = append(out, reports.Signal{
			ID:        "jpeg.layout-anomaly",
			Direction: reports.DirInfo,
			Strength:  reports.StrengthInfo,
			Message:   "unusual JPEG segment layout: " + strings.Join(a.anomalies, "; "),
			Evidence:  map[string]any{"anomalies": a.anomalies, "layout": strings.Join(a.layout, " ")},
			Explanation: "Each writer lays out its segments in a fixed order; metadata segments placed after the " +
				"tables, a second frame, or bytes after the end of the image mean more than one program wrote the " +
				"file, or that it carries something appended (phones append previews and depth maps). Compare the " +
				"layout with what the device or program named in the metadata writes.",
		})
	}
	return out
}

func (a *analysis) qualitySignal() reports.Signal {
	ev := map[string]any{
		"tables":         len(a.tables),
		"nearestIJG":     a.nearestQ,
		"deviation":      round2(a.deviation),
		"hashSumQuality": a.hashSumQ,
		"precision":      a.luma.Precision,
	}
	if len(a.tables) > 0 {
		ev["offset"] = a.tables[0].offset
	}
	var msg string
	if a.ijgQ > 0 {
		ev["quality"] = a.ijgQ
		ev["exact"] = true
		msg = fmt.Sprintf("JPEG quality %d (standard libjpeg tables, exact)", a.ijgQ)
	} else {
		q := a.hashSumQ
		if q == 0 {
			q = a.nearestQ
		}
		ev["quality"] = q
		ev["exact"] = false
		msg = fmt.Sprintf("JPEG quality about %d (non-standard tables, estimated; nearest libjpeg quality %d)", q, a.nearestQ)
	}
	return reports.Signal{
		ID:        "jpeg.quality",
		Direction: reports.DirInfo,
		Strength:  reports.StrengthInfo,
		Message:   msg,
		Evidence:  ev,
		Explanation: "The quality is read from the quantisation tables of the last save. For the standard libjpeg " +
			"tables it is exact; otherwise it is the libjpeg quality with the closest tables (hashSumQuality is " +
			"the estimate common image tools print, nearestIJG the closest table by mean difference), good to " +
			"about ±5. It describes the last save only.",
	}
}

func (a *analysis) encoderSignal(p *detectors.Pass, fam string, m maker) reports.Signal {
	ev := map[string]any{
		"family":      fam,
		"huffman":     a.huffKind,
		"progressive": p.Inv.Progressive,
		"layout":      strings.Join(a.layout, " "),
	}
	if p.Inv.Subsampling != "" {
		ev["subsampling"] = p.Inv.Subsampling
	}
	if m.make != "" {
		ev["exifCamera"] = m.String()
	}
	if a.adobe {
		ev["adobeSegment"] = "APP14"
	}
	if a.photoshop {
		ev["photoshopResources"] = "APP13"
	}
	var what string
	switch fam {
	case familyIJG:
		what = "standard libjpeg tables (a software library: libjpeg, Pillow, OpenCV, browsers, Go)"
	case familyPhotoshop:
		what = "Adobe encoder (Adobe segments with non-libjpeg tables)"
	case familyCamera:
		what = "non-libjpeg tables, with a camera named in EXIF (" + m.String() + ")"
	default:
		what = "non-libjpeg tables, no camera named"
	}
	sub := p.Inv.Subsampling
	if sub == "" {
		sub = "unknown subsampling"
	}
	return reports.Signal{
		ID:        "jpeg.encoder",
		Direction: reports.DirInfo,
		Strength:  reports.StrengthInfo,
		Message:   fmt.Sprintf("JPEG written with %s; %s, %s Huffman tables", what, sub, a.huffKind),
		Evidence:  ev,
		Explanation: "The table family says which kind of encoder wrote the last save. Camera firmware mostly " +
			"uses its own tables and the standard Huffman tables; libraries use the libjpeg tables; web " +
			"pipelines often optimise the Huffman tables or write progressive files. A mismatch with the device " +
			"named in the metadata suggests the file was re-saved after capture; it says nothing about what the " +
			"picture shows.",
	}
}

func round2(x float64) float64 { return float64(int(x*100+0.5)) / 100 }
