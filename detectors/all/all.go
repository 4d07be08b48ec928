// Package all is the detector registry: an explicit list, sorted by name,
// of every detector provcheck runs.
package all

import (
	"github.com/provcheck/provcheck/detectors"
	"github.com/provcheck/provcheck/detectors/c2pa"
	"github.com/provcheck/provcheck/detectors/document"
	"github.com/provcheck/provcheck/detectors/editors"
	"github.com/provcheck/provcheck/detectors/exif"
	"github.com/provcheck/provcheck/detectors/forensics"
	"github.com/provcheck/provcheck/detectors/generators"
	"github.com/provcheck/provcheck/detectors/iptc"
	"github.com/provcheck/provcheck/detectors/jpegtables"
	"github.com/provcheck/provcheck/detectors/stealth"
	"github.com/provcheck/provcheck/detectors/stylometry"
	"github.com/provcheck/provcheck/detectors/text"
	"github.com/provcheck/provcheck/detectors/watermark"
	"github.com/provcheck/provcheck/detectors/xmp"
)

// Detectors returns the registry, sorted by name.
func Detectors() []*detectors.Detector {
	return []*detectors.Detector{
		c2pa.Detector,
		document.Detector,
		editors.Detector,
		exif.Detector,
		forensics.Detector,
		generators.Detector,
		iptc.Detector,
		jpegtables.Detector,
		stealth.Detector,
		stylometry.Detector,
		text.Detector,
		watermark.Detector,
		xmp.Detector,
	}
}
