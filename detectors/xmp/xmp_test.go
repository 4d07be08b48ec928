package xmp

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/provcheck/provcheck/detectors"
	"github.com/provcheck/provcheck/provenance/container"
	xmpmeta "github.com/provcheck/provcheck/provenance/xmp"
	"github.com/provcheck/provcheck/reports"
)

const iptcURI = "http://cv.iptc.org/newscodes/digitalsourcetype/"

func newPass(inv []container.Block, packets ...*xmpmeta.Packet) (*detectors.Pass, *[]reports.Signal) {
	var got []reports.Signal
	return &detectors.Pass{
		Inv:    &container.Inventory{Format: "png", MediaType: "image/png", XMP: inv},
		XMP:    func() []*xmpmeta.Packet { return packets },
		Report: func(s reports.Signal) { got = append(got, s) },
		Warn:   func(string, string) {},
	}, &got
}

func dst(value string) xmpmeta.Property {
	return xmpmeta.Property{NS: xmpmeta.NSIptc4xmpExt, Name: "DigitalSourceType", Value: value}
}

func packetOf(props ...xmpmeta.Property) *xmpmeta.Packet { return &xmpmeta.Packet{Props: props} }

func itxt(off int64) container.Block {
	return container.Block{Source: "iTXt", Key: "XML:com.adobe.xmp", Offset: off}
}

func runOne(t *testing.T, props ...xmpmeta.Property) []reports.Signal {
	t.Helper()
	p, got := newPass([]container.Block{itxt(41)}, packetOf(props...))
	if err := run(t.Context(), p); err != nil {
		t.Fatal(err)
	}
	return *got
}

// TestDigitalSourceTypeVocabulary covers every code of the vocabulary and
// the value shapes writers use.
func TestDigitalSourceTypeVocabulary(t *testing.T) {
	tests := []struct {
		value    string
		id       string
		dir      reports.Direction
		strength reports.Strength
		code     string
	}{
		{iptcURI + "trainedAlgorithmicMedia", "xmp.digital-source-type", reports.DirAI, reports.StrengthDeclared, "trainedAlgorithmicMedia"},
		{iptcURI + "compositeSynthetic", "xmp.digital-source-type", reports.DirAI, reports.StrengthDeclared, "compositeSynthetic"},
		{iptcURI + "compositeWithTrainedAlgorithmicMedia", "xmp.digital-source-type", reports.DirAI, reports.StrengthDeclared, "compositeWithTrainedAlgorithmicMedia"},
		{iptcURI + "digitalCapture", "xmp.digital-source-type-capture", reports.DirCapture, reports.StrengthWeak, "digitalCapture"},
		{iptcURI + "computationalCapture", "xmp.digital-source-type-capture", reports.DirCapture, reports.StrengthWeak, "computationalCapture"},
		{iptcURI + "compositeCapture", "xmp.digital-source-type-capture", reports.DirCapture, reports.StrengthWeak, "compositeCapture"},
		{iptcURI + "negativeFilm", "xmp.digital-source-type-capture", reports.DirCapture, reports.StrengthWeak, "negativeFilm"},
		{iptcURI + "positiveFilm", "xmp.digital-source-type-capture", reports.DirCapture, reports.StrengthWeak, "positiveFilm"},
		{iptcURI + "print", "xmp.digital-source-type-capture", reports.DirCapture, reports.StrengthWeak, "print"},
		{iptcURI + "humanEdits", "xmp.digital-source-type-edit", reports.DirEdit, reports.StrengthModerate, "humanEdits"},
		{iptcURI + "minorHumanEdits", "xmp.digital-source-type-edit", reports.DirEdit, reports.StrengthModerate, "minorHumanEdits"},
		{iptcURI + "algorithmicallyEnhanced", "xmp.digital-source-type-edit", reports.DirEdit, reports.StrengthModerate, "algorithmicallyEnhanced"},
		{iptcURI + "algorithmicMedia", "xmp.digital-source-type-info", reports.DirInfo, reports.StrengthInfo, "algorithmicMedia"},
		{iptcURI + "screenCapture", "xmp.digital-source-type-info", reports.DirInfo, reports.StrengthInfo, "screenCapture"},
		{iptcURI + "digitalCreation", "xmp.digital-source-type-info", reports.DirInfo, reports.StrengthInfo, "digitalCreation"},
		{iptcURI + "digitalArt", "xmp.digital-source-type-info", reports.DirInfo, reports.StrengthInfo, "digitalArt"},
		{iptcURI + "softwareImage", "xmp.digital-source-type-info", reports.DirInfo, reports.StrengthInfo, "softwareImage"},
		{iptcURI + "dataDrivenMedia", "xmp.digital-source-type-info", reports.DirInfo, reports.StrengthInfo, "dataDrivenMedia"},
		{iptcURI + "composite", "xmp.digital-source-type-info", reports.DirInfo, reports.StrengthInfo, "composite"},
		{iptcURI + "virtualRecording", "xmp.digital-source-type-info", reports.DirInfo, reports.StrengthInfo, "virtualRecording"},
		{"http://c2pa.org/digitalsourcetype/trainedAlgorithmicData", "xmp.digital-source-type-info", reports.DirInfo, reports.StrengthInfo, "trainedAlgorithmicData"},
		// Value shapes.
		{"https://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia/", "xmp.digital-source-type", reports.DirAI, reports.StrengthDeclared, "trainedAlgorithmicMedia"},
		{"  trainedAlgorithmicMedia ", "xmp.digital-source-type", reports.DirAI, reports.StrengthDeclared, "trainedAlgorithmicMedia"},
		{iptcURI + "TrainedAlgorithmicMedia", "xmp.digital-source-type", reports.DirAI, reports.StrengthDeclared, "trainedAlgorithmicMedia"},
		{"https://schema.org/TrainedAlgorithmicMediaDigitalSource", "xmp.digital-source-type", reports.DirAI, reports.StrengthDeclared, "trainedAlgorithmicMedia"},
		{"https://schema.org/MultiFrameComputationalCaptureDigitalSource", "xmp.digital-source-type-capture", reports.DirCapture, reports.StrengthWeak, "computationalCapture"},
		{"schema:CompositeWithTrainedAlgorithmicMediaDigitalSource", "xmp.digital-source-type", reports.DirAI, reports.StrengthDeclared, "compositeWithTrainedAlgorithmicMedia"},
		// Unknown codes are information carrying the raw value.
		{iptcURI + "holographicCapture", "xmp.digital-source-type-info", reports.DirInfo, reports.StrengthInfo, "holographicCapture"},
	}
	for _, tt := range tests {
		t.Run(tt.value, func(t *testing.T) {
			got := runOne(t, dst(tt.value))
			if len(got) != 1 {
				t.Fatalf("got %d signals, want 1: %+v", len(got), got)
			}
			s := got[0]
			if s.ID != tt.id || s.Direction != tt.dir || s.Strength != tt.strength {
				t.Errorf("got %s %s.%s, want %s %s.%s", s.ID, s.Direction, s.Strength, tt.id, tt.dir, tt.strength)
			}
			if s.Evidence["code"] != tt.code {
				t.Errorf("code = %v, want %s", s.Evidence["code"], tt.code)
			}
			if s.Evidence["value"] != tt.value || s.Evidence["property"] != "Iptc4xmpExt:DigitalSourceType" ||
				s.Evidence["block"] != "iTXt" || s.Evidence["offset"] != int64(41) || s.Evidence["packet"] != 0 {
				t.Errorf("evidence = %v", s.Evidence)
			}
			if s.Message == "" || s.Explanation == "" {
				t.Error("message or explanation missing")
			}
		})
	}
}

func TestSourceTypeMessages(t *testing.T) {
	tests := []struct {
		code, want string
	}{
		{"compositeWithTrainedAlgorithmicMedia", "AI-edited"},
		{"trainedAlgorithmicMedia", "AI-generated"},
		{"algorithmicMedia", "not AI-trained"},
		{"composite", "may include generative AI"},
	}
	for _, tt := range tests {
		got := runOne(t, dst(iptcURI+tt.code))
		if len(got) != 1 || !strings.Contains(got[0].Message, tt.want) {
			t.Errorf("%s: message %q does not say %q", tt.code, got[0].Message, tt.want)
		}
	}
	got := runOne(t, dst(iptcURI+"virtualRecording"))
	if !strings.Contains(got[0].Explanation, "may contain generative elements") {
		t.Errorf("virtualRecording explanation = %q", got[0].Explanation)
	}
}

// TestGoogleStyle is the shape Google writes: the same code in the current
// and the deprecated property, a credit line, and a GUID.
func TestGoogleStyle(t *testing.T) {
	got := runOne(t,
		dst(iptcURI+"trainedAlgorithmicMedia"),
		xmpmeta.Property{NS: xmpmeta.NSIptc4xmpExt, Name: "DigitalSourceFileType", Value: iptcURI + "trainedAlgorithmicMedia"},
		xmpmeta.Property{NS: xmpmeta.NSIptc4xmpExt, Name: "DigImageGUID", Value: "a7421d2f-b262-44f9-977c-ac23e9c7d3e3"},
		xmpmeta.Property{NS: xmpmeta.NSPhotoshop, Name: "Credit", Value: "Made with Google AI"},
	)
	var ids []string
	for _, s := range got {
		ids = append(ids, s.ID)
	}
	if want := []string{"xmp.digital-source-type", "xmp.credit-ai"}; !reflect.DeepEqual(ids, want) {
		t.Fatalf("signals = %v, want %v", ids, want)
	}
	d := got[0]
	if want := []string{"Iptc4xmpExt:DigitalSourceType", "Iptc4xmpExt:DigitalSourceFileType"}; !reflect.DeepEqual(d.Evidence["properties"], want) {
		t.Errorf("properties = %v, want %v", d.Evidence["properties"], want)
	}
	if d.Evidence["digImageGUID"] != "a7421d2f-b262-44f9-977c-ac23e9c7d3e3" {
		t.Errorf("digImageGUID = %v", d.Evidence["digImageGUID"])
	}
	c := got[1]
	if c.Direction != reports.DirAI || c.Strength != reports.StrengthDeclared || c.Evidence["property"] != "photoshop:Credit" {
		t.Errorf("credit signal = %+v", c)
	}
}

func TestDeprecatedSpellingAlone(t *testing.T) {
	for _, name := range []string{"DigitalSourceFileType", "DigitalSourcefileType"} {
		got := runOne(t, xmpmeta.Property{NS: xmpmeta.NSIptc4xmpExt, Name: name, Value: iptcURI + "trainedAlgorithmicMedia"})
		if len(got) != 1 || got[0].ID != "xmp.digital-source-type" || got[0].Evidence["property"] != "Iptc4xmpExt:"+name {
			t.Errorf("%s: %+v", name, got)
		}
	}
}

func TestIgnoredProperties(t *testing.T) {
	got := runOne(t,
		// Right name, wrong namespace.
		xmpmeta.Property{NS: "http://example.com/ns/", Name: "DigitalSourceType", Value: iptcURI + "trainedAlgorithmicMedia"},
		// Left to the editors, generators and C2PA detectors.
		xmpmeta.Property{NS: xmpmeta.NSXMP, Name: "CreatorTool", Value: "Midjourney"},
		xmpmeta.Property{NS: xmpmeta.NSDCTerms, Name: "provenance", Value: "https://example.com/manifest.c2pa"},
		xmpmeta.Property{NS: xmpmeta.NSPhotoshop, Name: "Credit", Value: "My Credit"},
		xmpmeta.Property{NS: xmpmeta.NSIptc4xmpExt, Name: "DigitalSourceType", Value: ""},
	)
	if len(got) != 0 {
		t.Errorf("unexpected signals: %+v", got)
	}
}

func TestDeclaresAI(t *testing.T) {
	tests := []struct {
		value string
		want  bool
	}{
		{"Made with Google AI", true},
		{"made with AI", true},
		{"Generated by AI.", true},
		{"AI-generated image", true},
		{"AI generated", true},
		{"Image created using Meta AI", true},
		{"Edited with Google AI", true},
		{"Imagined with AI", true},
		{"Jane Doe / Made with Google's AI", true},
		{"Photo: Jane Doe, AI—generated", true},
		{"Not made with AI", false},
		{"Made with no AI", false},
		{"Non-AI generated photo", false},
		{"No AI-generated content", false},
		{"Photo by Ai Weiwei", false},
		{"Made with love by AI Studios Ltd", false},
		{"Google AI", false},
		{"AI Weiwei Studio", false},
		{"Reuters", false},
		{"My Credit", false},
		{"", false},
	}
	for _, tt := range tests {
		if _, got := DeclaresAI(tt.value); got != tt.want {
			t.Errorf("DeclaresAI(%q) = %v, want %v", tt.value, got, tt.want)
		}
	}
}

func TestDataMining(t *testing.T) {
	got := runOne(t, xmpmeta.Property{NS: xmpmeta.NSPlus, Name: "DataMining", Value: "http://ns.useplus.org/ldf/vocab/DMI-PROHIBITED-AIMLTRAINING"})
	if len(got) != 1 {
		t.Fatalf("signals = %+v", got)
	}
	s := got[0]
	if s.ID != "xmp.data-mining" || s.Direction != reports.DirInfo || s.Strength != reports.StrengthInfo {
		t.Errorf("signal = %+v", s)
	}
	if s.Evidence["meaning"] != "prohibited for AI/ML training" {
		t.Errorf("meaning = %v", s.Evidence["meaning"])
	}
}

// TestPairing checks packet indices and offsets across packets, and that
// offsets are left out when a packet failed to parse.
func TestPairing(t *testing.T) {
	p, got := newPass([]container.Block{itxt(10), itxt(500)},
		packetOf(dst(iptcURI+"digitalCapture")),
		packetOf(dst(iptcURI+"humanEdits")))
	if err := run(t.Context(), p); err != nil {
		t.Fatal(err)
	}
	if len(*got) != 2 || (*got)[1].Evidence["packet"] != 1 || (*got)[1].Evidence["offset"] != int64(500) {
		t.Fatalf("signals = %+v", *got)
	}

	p, got = newPass([]container.Block{itxt(10), itxt(500)}, packetOf(dst(iptcURI+"humanEdits")))
	if err := run(t.Context(), p); err != nil {
		t.Fatal(err)
	}
	if len(*got) != 1 {
		t.Fatalf("signals = %+v", *got)
	}
	if _, ok := (*got)[0].Evidence["offset"]; ok {
		t.Errorf("offset guessed for an unpaired packet: %v", (*got)[0].Evidence)
	}
}

func TestLongValueTruncated(t *testing.T) {
	long := iptcURI + strings.Repeat("x", 1000)
	got := runOne(t, dst(long))
	if len(got) != 1 {
		t.Fatalf("signals = %+v", got)
	}
	if v, _ := got[0].Evidence["value"].(string); len(v) > maxEvidence || got[0].Evidence["truncated"] != true {
		t.Errorf("value not truncated: %d bytes, truncated=%v", len(v), got[0].Evidence["truncated"])
	}
}

func TestNestedIgnored(t *testing.T) {
	pr := dst(iptcURI + "trainedAlgorithmicMedia")
	pr.Path = "xmpMM:Ingredients[1]/Iptc4xmpExt:DigitalSourceType"
	credit := xmpmeta.Property{NS: xmpmeta.NSPhotoshop, Name: "Credit", Value: "Made with AI", Path: "xmpMM:History[2]/photoshop:Credit"}
	if got := runOne(t, pr, credit); len(got) != 0 {
		t.Errorf("struct fields reported as the image's own: %+v", got)
	}
}

func TestManySourceTypesBounded(t *testing.T) {
	var props []xmpmeta.Property
	for i := range 1000 {
		props = append(props, dst(fmt.Sprintf("%sunknown%d", iptcURI, i)))
	}
	var warned int
	p, got := newPass([]container.Block{itxt(41)}, packetOf(props...))
	p.Warn = func(string, string) { warned++ }
	if err := run(t.Context(), p); err != nil {
		t.Fatal(err)
	}
	if len(*got) != maxSourceTypes || warned == 0 {
		t.Errorf("%d signals, %d warnings; want %d signals and a warning", len(*got), warned, maxSourceTypes)
	}
}
