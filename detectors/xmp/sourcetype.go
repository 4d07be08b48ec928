package xmp

import (
	"strings"

	"github.com/provcheck/provcheck/reports"
)

// class is how the checker reads a digital source type.
type class int

const (
	classUnknown     class = iota
	classAI                // AI-generated
	classAIComposite       // a composite with AI-generated elements
	classAIEdited          // edited with generative AI
	classCapture           // claimed camera or scanner origin
	classEdit              // non-generative editing
	classOther             // made some other way; says nothing about AI
	classReview            // may contain generative elements
)

// sourceType is one code of the IPTC digital source type vocabulary (and
// the two C2PA additions), with the reading provcheck gives it.
type sourceType struct {
	class   class
	meaning string
}

// sourceTypes is the whole IPTC vocabulary, keyed by the code that ends its
// URI (http://cv.iptc.org/newscodes/digitalsourcetype/<code>).
var sourceTypes = map[string]sourceType{
	"trainedAlgorithmicMedia":              {classAI, "created by an AI model trained on sampled content"},
	"compositeSynthetic":                   {classAIComposite, "a composite that includes at least one generative-AI element"},
	"compositeWithTrainedAlgorithmicMedia": {classAIEdited, "edited with generative AI (inpainting, outpainting, generative fill)"},
	"digitalCapture":                       {classCapture, "captured from real life with a digital camera or recorder"},
	"computationalCapture":                 {classCapture, "captured from real life, several frames merged by the device (HDR, night mode)"},
	"compositeCapture":                     {classCapture, "a composite of real-life captures only"},
	"negativeFilm":                         {classCapture, "digitised from a film negative"},
	"positiveFilm":                         {classCapture, "digitised from a positive film or transparency"},
	"print":                                {classCapture, "digitised from a print"},
	"humanEdits":                           {classEdit, "edited by a person with non-generative tools"},
	"minorHumanEdits":                      {classEdit, "minor human edits (deprecated code)"},
	"algorithmicallyEnhanced":              {classEdit, "enhanced by algorithms that do not change the content (sharpening, denoising)"},
	"algorithmicMedia":                     {classOther, "created purely by an algorithm without training data: synthetic, procedural, not AI-trained"},
	"screenCapture":                        {classOther, "a screenshot"},
	"digitalCreation":                      {classOther, "made by a person with non-generative digital tools"},
	"digitalArt":                           {classOther, "digital art made by a person"},
	"softwareImage":                        {classOther, "an image created by software (deprecated code)"},
	"dataDrivenMedia":                      {classOther, "rendered from data by a human-written program"},
	"composite":                            {classReview, "a mix of elements, any of which may be generative AI"},
	"virtualRecording":                     {classReview, "a live recording of a virtual event, which may include generative AI"},
	// C2PA additions (http://c2pa.org/digitalsourcetype/...): not media codes.
	"empty":                  {classOther, "a blank canvas (C2PA code)"},
	"trainedAlgorithmicData": {classOther, "data, not media, produced by an AI model (C2PA code)"},
}

// schemaOrgCodes maps schema.org's IPTCDigitalSourceEnumeration members to
// the IPTC codes they mirror.
var schemaOrgCodes = map[string]string{
	"TrainedAlgorithmicMediaDigitalSource":              "trainedAlgorithmicMedia",
	"CompositeSyntheticDigitalSource":                   "compositeSynthetic",
	"CompositeWithTrainedAlgorithmicMediaDigitalSource": "compositeWithTrainedAlgorithmicMedia",
	"DigitalCaptureDigitalSource":                       "digitalCapture",
	"MultiFrameComputationalCaptureDigitalSource":       "computationalCapture",
	"CompositeCaptureDigitalSource":                     "compositeCapture",
	"NegativeFilmDigitalSource":                         "negativeFilm",
	"PositiveFilmDigitalSource":                         "positiveFilm",
	"PrintDigitalSource":                                "print",
	"HumanEditsDigitalSource":                           "humanEdits",
	"MinorHumanEditsDigitalSource":                      "minorHumanEdits",
	"AlgorithmicallyEnhancedDigitalSource":              "algorithmicallyEnhanced",
	"AlgorithmicMediaDigitalSource":                     "algorithmicMedia",
	"ScreenCaptureDigitalSource":                        "screenCapture",
	"DigitalArtDigitalSource":                           "digitalArt",
	"DataDrivenMediaDigitalSource":                      "dataDrivenMedia",
	"CompositeDigitalSource":                            "composite",
	"VirtualRecordingDigitalSource":                     "virtualRecording",
}

// parseSourceType reads a DigitalSourceType value: the code is the last path
// segment of the URI, with http or https and a trailing slash accepted.
// Case is ignored because no two codes differ only by case and a writer's
// capitalisation slip does not change what it declares.
func parseSourceType(value string) (code, vocabulary string, st sourceType, ok bool) {
	vocabulary = vocabularyOf(strings.TrimSpace(value))
	v := lastSegment(value)
	for name, c := range schemaOrgCodes {
		if strings.EqualFold(v, name) {
			v = c
			break
		}
	}
	for name, t := range sourceTypes {
		if strings.EqualFold(v, name) {
			return name, vocabulary, t, true
		}
	}
	return v, vocabulary, sourceType{}, false
}

// lastSegment returns the part of a URI value after its last '/', '#' or
// ':' (the compact "schema:Name" form), ignoring a trailing slash.
func lastSegment(value string) string {
	v := strings.TrimRight(strings.TrimSpace(value), "/")
	if i := strings.LastIndexAny(v, "/#:"); i >= 0 {
		v = v[i+1:]
	}
	return v
}

// vocabularyOf names the vocabulary a value's URI belongs to, "" for a bare
// code or an unknown host.
func vocabularyOf(v string) string {
	l := strings.ToLower(v)
	l = strings.TrimPrefix(strings.TrimPrefix(l, "https://"), "http://")
	switch {
	case strings.HasPrefix(l, "cv.iptc.org/newscodes/digitalsourcetype/"):
		return "iptc"
	case strings.HasPrefix(l, "schema.org/"), strings.HasPrefix(l, "schema:"):
		return "schema.org"
	case strings.HasPrefix(l, "c2pa.org/digitalsourcetype/"):
		return "c2pa"
	}
	return ""
}

// reading is the signal a class gives: its ID, direction, strength, the
// message lead and what a reviewer should check.
type reading struct {
	id        string
	dir       reports.Direction
	strength  reports.Strength
	lead      string
	explained string
}

const unsigned = " The declaration is unsigned XMP: anyone can write or remove it. A C2PA manifest " +
	"carrying the same digital source type would sign it."

func readingOf(c class) reading {
	switch c {
	case classAI:
		return reading{"xmp.digital-source-type", reports.DirAI, reports.StrengthDeclared,
			"XMP declares the image AI-generated",
			"The file's XMP states, in the IPTC digital source type vocabulary, that generative AI made it." + unsigned}
	case classAIComposite:
		return reading{"xmp.digital-source-type", reports.DirAI, reports.StrengthDeclared,
			"XMP declares AI-generated elements in a composite",
			"The file's XMP states that the image combines several elements, at least one of them made by " +
				"generative AI." + unsigned}
	case classAIEdited:
		return reading{"xmp.digital-source-type", reports.DirAI, reports.StrengthDeclared,
			"XMP declares the image AI-edited",
			"The file's XMP states that a captured or made image was edited with generative AI: parts of " +
				"it may be synthetic. Look for the unedited original." + unsigned}
	case classCapture:
		return reading{"xmp.digital-source-type-capture", reports.DirCapture, reports.StrengthWeak,
			"XMP claims a captured image",
			"An unsigned claim of camera or scanner origin, as easy to write as any XMP. Compare it with the " +
				"EXIF and look for signed provenance (C2PA)."}
	case classEdit:
		return reading{"xmp.digital-source-type-edit", reports.DirEdit, reports.StrengthModerate,
			"XMP declares a non-generative edit",
			"The creator says the image was edited without generative AI. The claim is unsigned; it says " +
				"nothing about where the edited image came from."}
	case classReview:
		return reading{"xmp.digital-source-type-info", reports.DirInfo, reports.StrengthInfo,
			"XMP declares a source type that may include generative AI",
			"This code does not say AI was used, only that it may have been: the image may contain " +
				"generative elements. Review the content and any C2PA history."}
	case classOther:
		return reading{"xmp.digital-source-type-info", reports.DirInfo, reports.StrengthInfo,
			"XMP declares a digital source type",
			"This code describes an image made without a camera and without trained AI. It is information " +
				"about the creator's claim, not evidence either way."}
	}
	return reading{"xmp.digital-source-type-info", reports.DirInfo, reports.StrengthInfo,
		"XMP carries an unrecognised digital source type",
		"The value is not in the IPTC digital source type vocabulary provcheck knows: read the raw value."}
}
