package editors

import (
	"regexp"
	"strings"

	"github.com/provcheck/provcheck/detectors/generators"
)

// editorName is one editing program a software field may name. This is a
// whitelist on purpose: camera firmware ("Ver.1.02", "v981-79", "HDR+
// 1.0…", "14.4.2", Android build strings) and vendor import tools ("Nikon
// Transfer", "OLYMPUS CAMEDIA Master") also live in EXIF Software and are
// not editing.
type editorName struct {
	name string
	re   *regexp.Regexp
}

var knownEditors = []editorName{
	// More specific Adobe products first, so Elements and Lightroom are
	// named as such.
	{"Adobe Photoshop Elements", regexp.MustCompile(`(?i)\bphotoshop elements\b`)},
	{"Adobe Photoshop Lightroom", regexp.MustCompile(`(?i)\blightroom\b`)},
	{"Adobe Camera Raw", regexp.MustCompile(`(?i)\bcamera raw\b`)},
	{"Adobe Photoshop Express", regexp.MustCompile(`(?i)\bphotoshop express\b`)},
	{"Adobe Photoshop", regexp.MustCompile(`(?i)\bphotoshop\b`)},
	{"Adobe Express", regexp.MustCompile(`(?i)\badobe express\b`)},
	{"Adobe Illustrator", regexp.MustCompile(`(?i)\badobe illustrator\b`)},
	{"Adobe ImageReady", regexp.MustCompile(`(?i)\bimageready\b`)},
	{"GIMP", regexp.MustCompile(`(?i)\bgimp\b`)},
	{"Capture One", regexp.MustCompile(`(?i)\bcapture ?one\b`)},
	{"Affinity Photo", regexp.MustCompile(`(?i)\baffinity (?:photo|designer)\b`)},
	{"Pixelmator", regexp.MustCompile(`(?i)\bpixelmator\b`)},
	{"Paint.NET", regexp.MustCompile(`(?i)\bpaint\.net\b`)},
	{"Snapseed", regexp.MustCompile(`(?i)\bsnapseed\b`)},
	{"ImageMagick", regexp.MustCompile(`(?i)\bimagemagick\b`)},
	{"GraphicsMagick", regexp.MustCompile(`(?i)\bgraphicsmagick\b`)},
	{"darktable", regexp.MustCompile(`(?i)\bdarktable\b`)},
	{"RawTherapee", regexp.MustCompile(`(?i)\brawtherapee\b`)},
	// Luminar Neo has AI tools, but the name alone says only "edited".
	{"Luminar", regexp.MustCompile(`(?i)\bluminar\b`)},
	{"Picasa", regexp.MustCompile(`(?i)\bpicasa\b`)},
	{"Windows Photo Editor", regexp.MustCompile(`(?i)\bwindows photo (?:editor|gallery)\b|\bwindows live photo gallery\b|\bmicrosoft photo editor\b`)},
	// Apple Photos writes a bare "Photos 7.0"; Preview a bare "Preview".
	{"Apple Photos", regexp.MustCompile(`^Photos [0-9]+(?:\.[0-9]+)*$`)},
	{"Apple Preview", regexp.MustCompile(`^Preview(?: [0-9]+(?:\.[0-9]+)*)?$`)},
	{"Apple Aperture", regexp.MustCompile(`(?i)^aperture [0-9]`)},
	{"iPhoto", regexp.MustCompile(`(?i)\biphoto\b`)},
	{"Canva", regexp.MustCompile(`(?i)^canva\b|\bcanva (?:editor|pro)\b`)},
	{"ACDSee", regexp.MustCompile(`(?i)\bacdsee\b`)},
	{"Corel PaintShop", regexp.MustCompile(`(?i)\bpaint ?shop\b|\bcorel photo-?paint\b`)},
	{"PhotoScape", regexp.MustCompile(`(?i)\bphotoscape\b`)},
	{"XnView", regexp.MustCompile(`(?i)\bxnview\b|\bxnconvert\b`)},
	{"IrfanView", regexp.MustCompile(`(?i)\birfanview\b`)},
	{"Krita", regexp.MustCompile(`(?i)\bkrita\b`)},
	{"Photopea", regexp.MustCompile(`(?i)\bphotopea\b`)},
	{"Fotor", regexp.MustCompile(`(?i)\bfotor\b`)},
	{"PicsArt", regexp.MustCompile(`(?i)\bpicsart\b`)},
	{"VSCO", regexp.MustCompile(`(?i)\bvsco\b`)},
	{"Facetune", regexp.MustCompile(`(?i)\bfacetune\b`)},
	{"DxO PhotoLab", regexp.MustCompile(`(?i)\bdxo (?:photolab|opticspro|pureraw)\b`)},
	{"ON1 Photo", regexp.MustCompile(`(?i)\bon1 photo\b`)},
	{"Nikon Capture NX", regexp.MustCompile(`(?i)\bcapture nx\b`)},
	{"FastStone", regexp.MustCompile(`(?i)\bfaststone\b`)},
	{"digiKam", regexp.MustCompile(`(?i)\bdigikam\b`)},
	{"Shotwell", regexp.MustCompile(`(?i)\bshotwell\b`)},
	{"Inkscape", regexp.MustCompile(`(?i)\binkscape\b`)},
}

const maxNameField = 512

// KnownEditor reports whether s, the value of a software field, names a
// known non-AI editing program, and which. A value that names an AI
// generator is not an editor: the generators detector reports it.
func KnownEditor(s string) (name string, ok bool) {
	s = strings.TrimSpace(s)
	if len(s) > maxNameField {
		s = s[:maxNameField]
	}
	if _, ok := generators.KnownGenerator(s); ok {
		return "", false
	}
	for _, e := range knownEditors {
		if e.re.MatchString(s) {
			return e.name, true
		}
	}
	return "", false
}
