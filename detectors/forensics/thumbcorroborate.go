package forensics

import (
	"fmt"
	"strings"
	"time"

	"github.com/provcheck/provcheck/detectors"
	"github.com/provcheck/provcheck/provenance/software"
	"github.com/provcheck/provcheck/provenance/xmp"
)

// thumbnailCorroboration lists what else in the file says it was changed
// after capture. A thumbnail that differs from the main image is not edit
// evidence on its own: some cameras (Ricoh RDC, FLIR thermal cameras, early
// Casio and Kodak models) store a thumbnail of another rendering, crop or
// exposure. It counts when the software fields name an editor or converter,
// or the file's DateTime is later than its DateTimeOriginal. (Evidence other
// detectors find, such as re-quantised JPEG tables, makes the file edited
// by itself.)
func thumbnailCorroboration(p *detectors.Pass) []string {
	var out []string
	seen := map[string]bool{}
	add := func(s string) {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	named := func(where, v string) {
		e, ok := software.Software(v)
		if !ok {
			return
		}
		switch e.Family {
		case software.Editor, software.PhoneApp, software.Converter:
			add(fmt.Sprintf("%s names %s (%s)", where, e.Name, e.Family))
		}
	}
	if p.EXIF != nil {
		for _, d := range p.EXIF() {
			if d == nil {
				continue
			}
			var modified, original string
			for _, f := range d.Fields {
				switch {
				case f.IFD == "IFD0" && (f.Tag == 0x0131 || f.Tag == 0x000B):
					named("EXIF "+f.Name, f.Value)
				case f.IFD == "IFD0" && f.Tag == 0x0132:
					modified = f.Value
				case f.IFD == "Exif" && f.Tag == 0x9003:
					original = f.Value
				}
			}
			if later(modified, original) {
				add(fmt.Sprintf("EXIF DateTime %s is later than DateTimeOriginal %s", clip(modified), clip(original)))
			}
		}
	}
	if p.XMP != nil {
		for _, pk := range p.XMP() {
			if pk == nil {
				continue
			}
			for _, v := range pk.Get(xmp.NSXMP, "CreatorTool") {
				named("xmp:CreatorTool", v)
			}
			for _, pr := range pk.Props {
				if pr.NS == xmp.NSStEvt && pr.Name == "softwareAgent" {
					named("XMP history", pr.Value)
				}
			}
		}
	}
	return out
}

// later reports whether EXIF time a is more than a minute after b. Camera
// clocks write both at once; a program that re-saves the file rewrites
// DateTime only. Vendor import tools do so too, which is why this counts
// only beside a thumbnail mismatch.
func later(a, b string) bool {
	const layout = "2006:01:02 15:04:05"
	ta, err1 := time.Parse(layout, clip(a))
	tb, err2 := time.Parse(layout, clip(b))
	return err1 == nil && err2 == nil && ta.Sub(tb) > time.Minute
}

func clip(s string) string {
	s = strings.TrimRight(strings.TrimSpace(s), "\x00")
	if len(s) > 19 {
		s = s[:19]
	}
	return s
}
