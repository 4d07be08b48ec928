package editors

import (
	"slices"
	"strings"
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

func swField(v string) []*exif.Data {
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
			in:   input{exif: swField("GIMP 2.4.5")},
			want: map[string]map[string]any{"exif.software-editor": {"editor": "GIMP", "value": "GIMP 2.4.5", "field": "Software"}},
		},
		{
			name: "exif and xmp name two editors",
			in: input{exif: swField("GIMP 2.4.5"), xmp: []*xmp.Packet{{Props: []xmp.Property{
				{NS: xmp.NSXMP, Name: "CreatorTool", Value: "Adobe Photoshop Elements 5.0 Windows"}}}}},
			want: map[string]map[string]any{
				"exif.software-editor":    {"editor": "GIMP"},
				"xmp.creator-tool-editor": {"editor": "Adobe Photoshop Elements"},
			},
		},
		{
			name: "one signal per editor",
			in: input{exif: swField("Adobe Photoshop CC (Macintosh)"), xmp: []*xmp.Packet{{Props: []xmp.Property{
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
			name: "imagemagick date keys say re-saved",
			in: input{text: []container.TextEntry{{Source: "tEXt", Key: "date:create", Value: "2021-12-21T18:39:12+01:00"},
				{Source: "tEXt", Key: "date:modify", Value: "2021-12-21T13:50:17+01:00"}}},
			want: map[string]map[string]any{"png.imagemagick-text": {"editor": "ImageMagick", "family": "converter"}},
		},
		{
			name: "fireworks creator tool",
			in: input{xmp: []*xmp.Packet{{Props: []xmp.Property{
				{NS: xmp.NSXMP, Name: "CreatorTool", Value: "Adobe Fireworks CS5 11.0.0.484 Windows"}}}}},
			want: map[string]map[string]any{"xmp.creator-tool-editor": {"editor": "Adobe Fireworks", "family": "editor"}},
		},
		{
			name: "graphicconverter software",
			in:   input{exif: swField("GraphicConverter")},
			want: map[string]map[string]any{"exif.software-editor": {"editor": "GraphicConverter"}},
		},
		{
			name: "phone app",
			in:   input{exif: swField("Snapseed 2.0")},
			want: map[string]map[string]any{"exif.software-editor": {"editor": "Snapseed", "family": "phone-app"}},
		},
		{
			name: "converter in software",
			in:   input{exif: swField("ImageMagick 7.1.0-4 Q16")},
			want: map[string]map[string]any{"exif.software-converter": {"editor": "ImageMagick", "family": "converter"}},
		},
		{
			name: "gd-jpeg comment",
			in:   input{text: []container.TextEntry{{Source: "COM", Value: "CREATOR: gd-jpeg v1.0 (using IJG JPEG v62), quality = 90\n", Offset: 20}}},
			want: map[string]map[string]any{"comment.signature-converter": {"editor": "GD", "offset": int64(20)}},
		},
		{
			name: "free comment mentioning GIMP",
			in:   input{text: []container.TextEntry{{Source: "COM", Value: "comment in GIMP 2.4.5"}}},
		},
		{
			name: "renderer",
			in:   input{text: []container.TextEntry{{Source: "tEXt", Key: "Software", Value: "Blender 4.1"}}},
			want: map[string]map[string]any{"png.software-rendered": {"editor": "Blender", "family": "3d-renderer"}},
		},
		{
			name: "game studio in Make",
			in: input{exif: []*exif.Data{{Fields: []exif.Field{
				{IFD: "IFD0", Tag: 0x010F, Name: "Make", Value: "Polyphony Digital Inc."},
				{IFD: "IFD0", Tag: 0x0110, Name: "Model", Value: "Gran Turismo 5"},
				{IFD: "IFD0", Tag: 0x0131, Name: "Software", Value: "PMB Service Uploader"}}}}},
			want: map[string]map[string]any{"exif.make-rendered": {"family": "game", "field": "Make"}},
		},
		{name: "camera firmware", in: input{exif: swField("Ver.1.02")}},
		{name: "camera firmware letters", in: input{exif: swField("v981-79")}},
		{name: "pixel hdr", in: input{exif: swField("HDR+ 1.0.570503588zd")}},
		{name: "ios", in: input{exif: swField("14.4.2")}},
		{name: "nikon transfer", in: input{exif: swField("Nikon Transfer 1.1 W")}},
		{name: "olympus camedia master", in: input{exif: swField("OLYMPUS CAMEDIA Master")}},
		{name: "fuji firmware", in: input{exif: swField("Digital Camera FinePix40i Ver1.39")}},
		{name: "android build", in: input{exif: swField("clark_retus-user 5.1.1 LPH23.116-18 18 release-keys")}},
		{name: "generator is not an editor", in: input{exif: swField("Fooocus v2.5.5")}},
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
				switch {
				case s.ID == "png.imagemagick-text" || strings.HasSuffix(s.ID, "-converter"):
					wantDir, wantStr = reports.DirEdit, reports.StrengthWeak
				case strings.HasSuffix(s.ID, "-rendered"):
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
	got := runOn(t, input{exif: swField("GIMP 2.10.32"), xmp: []*xmp.Packet{{Props: []xmp.Property{
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
		{"Affinity Photo 2", "Affinity"},
		{"Pixelmator Pro 3.5", "Pixelmator"},
		{"Paint.NET v3.36", "Paint.NET"},
		{"Snapseed 2.0", "Snapseed"},
		{"ImageMagick 7.1.1-15", ""},
		{"GraphicsMagick 1.3", ""},
		{"Blender 4.1", ""},
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

// TestICCProfileCreator: a Little CMS profile says software wrote the file;
// camera makers' and standard profiles say nothing.
func TestICCProfileCreator(t *testing.T) {
	profile := func(creator, desc string) []byte {
		d := make([]byte, 132+12)
		copy(d[36:], "acsp")
		copy(d[80:], creator)
		d[131] = 1 // one tag
		tag := []byte("desc")
		copy(d[132:], tag)
		body := append([]byte("desc\x00\x00\x00\x00\x00\x00\x00"), byte(len(desc)+1))
		body = append(body, desc...)
		body = append(body, 0)
		off := len(d)
		d = append(d, body...)
		d[136], d[137], d[138], d[139] = 0, 0, byte(off>>8), byte(off)
		d[143] = byte(len(body))
		return d
	}
	run := func(b []byte) []reports.Signal {
		var got []reports.Signal
		p := &detectors.Pass{
			File:   &detectors.File{Path: "test", MediaType: "image/jpeg"},
			Inv:    &container.Inventory{ICC: []container.Block{{Source: "APP2", Offset: 100, Data: b}}},
			Report: func(s reports.Signal) { got = append(got, s) },
			Warn:   func(string, string) {},
		}
		if err := Detector.Run(t.Context(), p); err != nil {
			t.Fatal(err)
		}
		return got
	}
	got := run(profile("lcms", "c2"))
	if len(got) != 1 || got[0].ID != "icc.profile-creator-converter" || got[0].Evidence["description"] != "c2" ||
		got[0].Evidence["offset"] != int64(100) {
		t.Fatalf("lcms profile: %+v", got)
	}
	for _, c := range []string{"HP  ", "appl", "ADBE", "\x00\x00\x00\x00"} {
		if got := run(profile(c, "sRGB IEC61966-2.1")); len(got) != 0 {
			t.Errorf("creator %q: %v", c, got)
		}
	}
	if got := run([]byte("short")); len(got) != 0 {
		t.Errorf("short profile: %v", got)
	}
}
