package editors

import (
	"slices"
	"testing"

	"github.com/provcheck/provcheck/detectors"
	"github.com/provcheck/provcheck/provenance/container"
	"github.com/provcheck/provcheck/provenance/exif"
	"github.com/provcheck/provcheck/provenance/iptc"
	"github.com/provcheck/provcheck/provenance/xmp"
	"github.com/provcheck/provcheck/reports"
)

type input struct {
	text []container.TextEntry
	exif []*exif.Data
	xmp  []*xmp.Packet
	iptc [][]iptc.Dataset
}

func runOn(t *testing.T, in input) []reports.Signal {
	t.Helper()
	var got []reports.Signal
	p := &detectors.Pass{
		File:   &detectors.File{Path: "test", MediaType: "image/jpeg"},
		Inv:    &container.Inventory{Text: in.text},
		EXIF:   func() []*exif.Data { return in.exif },
		XMP:    func() []*xmp.Packet { return in.xmp },
		IPTC:   func() [][]iptc.Dataset { return in.iptc },
		Report: func(s reports.Signal) { got = append(got, s) },
		Warn:   func(string, string) {},
	}
	if err := Detector.Run(t.Context(), p); err != nil {
		t.Fatal(err)
	}
	return got
}

func software(v string) []*exif.Data {
	return []*exif.Data{{Fields: []exif.Field{
		{IFD: "IFD0", Tag: 0x010F, Name: "Make", Value: "Canon"},
		{IFD: "IFD0", Tag: 0x0131, Name: "Software", Value: v},
	}}}
}

func TestDetector(t *testing.T) {
	tests := []struct {
		name string
		in   input
		// want maps signal IDs to evidence entries they must carry.
		want map[string]map[string]any
	}{
		{
			name: "gimp in exif",
			in:   input{exif: software("GIMP 2.4.5")},
			want: map[string]map[string]any{"exif.software-editor": {"editor": "GIMP", "value": "GIMP 2.4.5", "field": "Software"}},
		},
		{
			name: "exif and xmp name two editors",
			in: input{exif: software("GIMP 2.4.5"), xmp: []*xmp.Packet{{Props: []xmp.Property{
				{NS: xmp.NSXMP, Name: "CreatorTool", Value: "Adobe Photoshop Elements 5.0 Windows"}}}}},
			want: map[string]map[string]any{
				"exif.software-editor":    {"editor": "GIMP"},
				"xmp.creator-tool-editor": {"editor": "Adobe Photoshop Elements"},
			},
		},
		{
			name: "one signal per editor",
			in: input{exif: software("Adobe Photoshop CC (Macintosh)"), xmp: []*xmp.Packet{{Props: []xmp.Property{
				{NS: xmp.NSXMP, Name: "CreatorTool", Value: "Adobe Photoshop CC (Macintosh)"}}}}},
			want: map[string]map[string]any{"exif.software-editor": {"editor": "Adobe Photoshop"}},
		},
		{
			name: "xmp history with action",
			in: input{xmp: []*xmp.Packet{{Props: []xmp.Property{
				{NS: xmp.NSStEvt, Name: "action", Value: "saved", Path: "xmpMM:History[2]/stEvt:action"},
				{NS: xmp.NSStEvt, Name: "softwareAgent", Value: "Adobe Lightroom 5.3 (Macintosh)", Path: "xmpMM:History[2]/stEvt:softwareAgent"},
				{NS: xmp.NSStEvt, Name: "softwareAgent", Value: "Adobe Firefly", Path: "xmpMM:History[3]/stEvt:softwareAgent"},
			}}}},
			want: map[string]map[string]any{"xmp.history-editor": {"editor": "Adobe Photoshop Lightroom", "action": "saved",
				"property": "xmpMM:History[2]/stEvt:softwareAgent"}},
		},
		{
			name: "photoshop history",
			in: input{xmp: []*xmp.Packet{{Props: []xmp.Property{
				{NS: xmp.NSPhotoshop, Name: "History", Value: ""},
				{NS: xmp.NSPhotoshop, Name: "History", Value: "2024-01-02T10:00:00: File IMG_1.jpg opened"},
			}}}},
			want: map[string]map[string]any{"xmp.photoshop-history": {"editor": "Adobe Photoshop"}},
		},
		{
			name: "iptc originating program",
			in:   input{iptc: [][]iptc.Dataset{{{Record: 2, ID: 65, Value: "Capture One 23"}, {Record: 2, ID: 65, Value: "NovelAI"}}}},
			want: map[string]map[string]any{"iptc.originating-program-editor": {"editor": "Capture One"}},
		},
		{
			name: "png software",
			in:   input{text: []container.TextEntry{{Source: "tEXt", Key: "Software", Value: "Paint.NET 5.0"}}},
			want: map[string]map[string]any{"png.software-editor": {"editor": "Paint.NET"}},
		},
		{
			name: "imagemagick date keys are information only",
			in: input{text: []container.TextEntry{{Source: "tEXt", Key: "date:create", Value: "2021-12-21T18:39:12+01:00"},
				{Source: "tEXt", Key: "date:modify", Value: "2021-12-21T13:50:17+01:00"}}},
			want: map[string]map[string]any{"png.imagemagick-text": {"editor": "ImageMagick"}},
		},
		{name: "camera firmware", in: input{exif: software("Ver.1.02")}},
		{name: "camera firmware letters", in: input{exif: software("v981-79")}},
		{name: "pixel hdr", in: input{exif: software("HDR+ 1.0.570503588zd")}},
		{name: "ios", in: input{exif: software("14.4.2")}},
		{name: "nikon transfer", in: input{exif: software("Nikon Transfer 1.1 W")}},
		{name: "olympus camedia master", in: input{exif: software("OLYMPUS CAMEDIA Master")}},
		{name: "fuji firmware", in: input{exif: software("Digital Camera FinePix40i Ver1.39")}},
		{name: "android build", in: input{exif: software("clark_retus-user 5.1.1 LPH23.116-18 18 release-keys")}},
		{name: "generator is not an editor", in: input{exif: software("Fooocus v2.5.5")}},
		{name: "software in ImageDescription is not looked at", in: input{exif: []*exif.Data{{Fields: []exif.Field{
			{IFD: "IFD0", Tag: 0x010E, Name: "ImageDescription", Value: "edited in GIMP"}}}}}},
		{name: "Software in IFD1 is not looked at", in: input{exif: []*exif.Data{{Fields: []exif.Field{
			{IFD: "IFD1", Tag: 0x0131, Name: "Software", Value: "GIMP"}}}}}},
		{name: "C2PA_SEAL key", in: input{text: []container.TextEntry{{Source: "tEXt", Key: "C2PA_SEAL", Value: "GIMP"}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := runOn(t, tt.in)
			var ids, wantIDs []string
			for _, s := range got {
				ids = append(ids, s.ID)
			}
			for id := range tt.want {
				wantIDs = append(wantIDs, id)
			}
			slices.Sort(ids)
			slices.Sort(wantIDs)
			if !slices.Equal(ids, wantIDs) {
				t.Fatalf("signals %v, want %v", ids, wantIDs)
			}
			for _, s := range got {
				wantDir, wantStr := reports.DirEdit, reports.StrengthModerate
				if s.ID == "png.imagemagick-text" {
					wantDir, wantStr = reports.DirInfo, reports.StrengthInfo
				}
				if s.Direction != wantDir || s.Strength != wantStr {
					t.Errorf("%s: %s/%s, want %s/%s", s.ID, s.Direction, s.Strength, wantDir, wantStr)
				}
				for k, v := range tt.want[s.ID] {
					if s.Evidence[k] != v {
						t.Errorf("%s: evidence[%q] = %#v, want %#v", s.ID, k, s.Evidence[k], v)
					}
				}
			}
		})
	}
}

func TestDuplicateEditorListsOtherPlaces(t *testing.T) {
	got := runOn(t, input{exif: software("GIMP 2.10.32"), xmp: []*xmp.Packet{{Props: []xmp.Property{
		{NS: xmp.NSXMP, Name: "CreatorTool", Value: "GIMP 2.10"}}}}})
	if len(got) != 1 {
		t.Fatalf("got %d signals, want 1", len(got))
	}
	also, _ := got[0].Evidence["alsoIn"].([]string)
	if !slices.Equal(also, []string{"XMP xmp:CreatorTool"}) {
		t.Errorf("alsoIn = %v", got[0].Evidence["alsoIn"])
	}
}

func TestKnownEditor(t *testing.T) {
	tests := []struct{ in, want string }{
		{"GIMP 2.4.5", "GIMP"},
		{"GIMP 2.10.32", "GIMP"},
		{"Adobe Photoshop 7.0", "Adobe Photoshop"},
		{"Adobe Photoshop CS2 Macintosh", "Adobe Photoshop"},
		{"Adobe Photoshop CC (Macintosh)", "Adobe Photoshop"},
		{"Adobe Photoshop 25.0 (Windows)", "Adobe Photoshop"},
		{"Adobe Photoshop Elements 5.0 Windows", "Adobe Photoshop Elements"},
		{"Adobe Lightroom 5.3 (Macintosh)", "Adobe Photoshop Lightroom"},
		{"Adobe Photoshop Lightroom Classic 13.0 (Windows)", "Adobe Photoshop Lightroom"},
		{"Adobe Photoshop Camera Raw 16.0", "Adobe Camera Raw"},
		{"Capture One 23 Macintosh", "Capture One"},
		{"Affinity Photo 2", "Affinity Photo"},
		{"Pixelmator Pro 3.5", "Pixelmator"},
		{"Paint.NET v3.36", "Paint.NET"},
		{"Snapseed 2.0", "Snapseed"},
		{"ImageMagick 7.1.1-15", "ImageMagick"},
		{"GraphicsMagick 1.3", "GraphicsMagick"},
		{"darktable 4.6.1", "darktable"},
		{"RawTherapee 5.9", "RawTherapee"},
		{"Luminar Neo", "Luminar"},
		{"Picasa", "Picasa"},
		{"Windows Photo Editor 10.0.10011.16384", "Windows Photo Editor"},
		{"Photos 7.0", "Apple Photos"},
		{"Preview", "Apple Preview"},
		{"Canva", "Canva"},
		{"ACDSee Pro 9", "ACDSee"},
		{"Corel PaintShop Pro", "Corel PaintShop"},
		{"PhotoScape", "PhotoScape"},
		{"XnView", "XnView"},
		{"IrfanView", "IrfanView"},
		{"Ver.1.02", ""},
		{"v981-79", ""},
		{"HDR+ 1.0.570503588zd", ""},
		{"14.4.2", ""},
		{"00WW_3_380_SP02", ""},
		{"Nikon Transfer 1.1 W", ""},
		{"Digital Camera FinePix40i Ver1.39", ""},
		{"OLYMPUS CAMEDIA Master", ""},
		{"K10D Ver 1.30", ""},
		{"Photos of my holiday", ""},
		{"Stable", ""},
		{"Adobe Firefly", ""},
		{"Canvas 3", ""},
		{"", ""},
	}
	for _, tt := range tests {
		got, ok := KnownEditor(tt.in)
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("KnownEditor(%q) = %q, %v; want %q", tt.in, got, ok, tt.want)
		}
	}
}
