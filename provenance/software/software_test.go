package software

import (
	"strings"
	"testing"
)

func TestTableParses(t *testing.T) {
	if len(entries()) < 100 {
		t.Fatalf("table has %d rows", len(entries()))
	}
	seen := map[string]bool{}
	for _, e := range entries() {
		k := string(e.Where) + "/" + e.Name + "/" + e.re().String()
		if seen[k] {
			t.Errorf("duplicate row %s", k)
		}
		seen[k] = true
		if e.Meaning == "" {
			t.Errorf("%s: no meaning", e.Name)
		}
	}
	for _, bad := range []string{
		"software\teditor\tX",
		"software\tbogus\tX\tx",
		"field\teditor\tX\tx",
		"software\teditor\tX\t(",
	} {
		if _, err := parse(bad); err == nil {
			t.Errorf("parse(%q): no error", bad)
		}
	}
}

// TestFamilies is the table's contract, one block of cases per family, with
// the values ExifTool shows for these programs.
func TestFamilies(t *testing.T) {
	tests := []struct {
		where  Where
		in     string
		family Family
		name   string
	}{
		// editors
		{SoftwareField, "Adobe Photoshop 7.0", Editor, "Adobe Photoshop"},
		{SoftwareField, "Adobe Photoshop CC 2019 (Macintosh)", Editor, "Adobe Photoshop"},
		{SoftwareField, "Adobe Photoshop Elements 5.0 Windows", Editor, "Adobe Photoshop Elements"},
		{SoftwareField, "Adobe Photoshop Lightroom Classic 12.0 (Windows)", Editor, "Adobe Photoshop Lightroom"},
		{SoftwareField, "Adobe Lightroom 5.3 (Macintosh)", Editor, "Adobe Photoshop Lightroom"},
		{SoftwareField, "Adobe Photoshop Camera Raw 15.1", Editor, "Adobe Camera Raw"},
		{SoftwareField, "Adobe Fireworks CS4", Editor, "Adobe Fireworks"},
		{SoftwareField, "Adobe Fireworks CS5 11.0.0.484 Windows", Editor, "Adobe Fireworks"},
		{SoftwareField, "Macromedia Fireworks MX 2004", Editor, "Adobe Fireworks"},
		{SoftwareField, "Adobe InDesign 3.0", Editor, "Adobe InDesign"},
		{SoftwareField, "GIMP 2.10.14", Editor, "GIMP"},
		{SoftwareField, "GraphicConverter", Editor, "GraphicConverter"},
		{SoftwareField, "GraphicConverter 11.6.1", Editor, "GraphicConverter"},
		{SoftwareField, "Affinity Photo 2.1.1", Editor, "Affinity"},
		{SoftwareField, "Pixelmator Pro 3.3", Editor, "Pixelmator"},
		{SoftwareField, "Capture One 23 Macintosh", Editor, "Capture One"},
		{SoftwareField, "darktable 4.4.2", Editor, "darktable"},
		{SoftwareField, "RawTherapee 5.9", Editor, "RawTherapee"},
		{SoftwareField, "Luminar Neo", Editor, "Luminar"},
		{SoftwareField, "DxO PhotoLab 6", Editor, "DxO"},
		{SoftwareField, "DxO PureRAW 3.2", Editor, "DxO"},
		{SoftwareField, "ON1 Photo RAW 2023", Editor, "ON1 Photo"},
		{SoftwareField, "Photopea", Editor, "Photopea"},
		{SoftwareField, "Paint.NET v3.36", Editor, "Paint.NET"},
		{SoftwareField, "paint.net 5.0.9", Editor, "Paint.NET"},
		{SoftwareField, "Krita", Editor, "Krita"},
		{SoftwareField, "Nikon Capture Editor 4.3.1 W", Editor, "Nikon Capture NX"},
		{SoftwareField, "SIGMA PhotoPro 2.0.0.1586", Editor, "SIGMA Photo Pro"},
		{SoftwareField, "Photos 7.0", Editor, "Apple Photos"},
		{SoftwareField, "Microsoft Windows Photo Viewer 6.1.7600.16385", Editor, "Windows Photo Editor"},
		{CommentField, "Created with GIMP", Editor, "GIMP"},
		// phone and web apps
		{SoftwareField, "Snapseed 2.0", PhoneApp, "Snapseed"},
		{SoftwareField, "VSCO", PhoneApp, "VSCO"},
		{SoftwareField, "PicsArt", PhoneApp, "Picsart"},
		{SoftwareField, "Meitu", PhoneApp, "Meitu"},
		{SoftwareField, "MeituPic", PhoneApp, "Meitu"},
		{SoftwareField, "Canva", PhoneApp, "Canva"},
		{SoftwareField, "Adobe Photoshop Express", PhoneApp, "Adobe Photoshop Express"},
		{SoftwareField, "Adobe Express", PhoneApp, "Adobe Express"},
		{SoftwareField, "Lightroom Mobile", PhoneApp, "Adobe Lightroom mobile"},
		{SoftwareField, "Facetune", PhoneApp, "Facetune"},
		// converters
		{SoftwareField, "ImageMagick 7.1.0-4 Q16 x86_64", Converter, "ImageMagick"},
		{SoftwareField, "GraphicsMagick 1.3.40", Converter, "GraphicsMagick"},
		{SoftwareField, "libvips 8.14.2", Converter, "libvips"},
		{SoftwareField, "Pillow", Converter, "Pillow"},
		{SoftwareField, "Lavc58.134.100", Converter, "FFmpeg"},
		{SoftwareField, "ffmpeg", Converter, "FFmpeg"},
		{CommentField, "CREATOR: gd-jpeg v1.0 (using IJG JPEG v62), quality = 90", Converter, "GD"},
		{CommentField, "Lavc60.3.100", Converter, "FFmpeg"},
		{CommentField, "LEAD Technologies Inc. V1.01", Converter, "LEADTOOLS"},
		{CommentField, "GIF converted with https://ezgif.com/webp-to-gif", Converter, "Online converter"},
		// 3D renderers
		{SoftwareField, "Blender 3.6.0", Renderer, "Blender"},
		{SoftwareField, "RADIANCE 3.1.8 lastmod Thu Sep 17 20:49:56 PDT 1998", Renderer, "Radiance"},
		{SoftwareField, "KeyShot 11", Renderer, "KeyShot"},
		{SoftwareField, "Unreal Engine 5.3", Renderer, "Unreal Engine"},
		// games
		{MakeField, "Polyphony Digital Inc.", Game, "Polyphony Digital (Gran Turismo)"},
		{SoftwareField, "PlayStation 4", Game, "PlayStation"},
		{SoftwareField, "Nintendo Switch", Game, "Nintendo Switch"},
		// AI generators stay generators
		{SoftwareField, "NovelAI", Generator, "NovelAI"},
		{SoftwareField, "Adobe Firefly", Generator, "Adobe Firefly"},
		{SoftwareField, "Fooocus v2.5.5", Generator, "Fooocus"},
	}
	for _, tt := range tests {
		e, ok := Lookup(tt.where, tt.in)
		if !ok || e.Family != tt.family || e.Name != tt.name {
			t.Errorf("Lookup(%s, %q) = %s/%s, %v; want %s/%s", tt.where, tt.in, e.Family, e.Name, ok, tt.family, tt.name)
		}
	}
}

// TestNotSoftware lists what must never match: camera firmware, vendor
// import tools and the like, all seen in real camera originals, and free
// text that merely mentions a program.
func TestNotSoftware(t *testing.T) {
	for _, v := range []string{
		"Ver.1.02", "v981-79", "HDR+ 1.0.570503588zd", "14.4.2", "10.0.2", "00WW_3_380_SP02",
		"Nikon Transfer 1.1 W", "OLYMPUS CAMEDIA Master", "Digital Camera FinePix2400Zoom Ver1.70",
		"K10D Ver 1.30", "clark_retus-user 5.1.1 LPH23.116-18 18 release-keys", "Camera back, Firmware: 1.01.4",
		"HD6.01.01.51.00", "Common_dll v8.0.6b1", "PMB Service Uploader", "Version 1.0", "E775v1.3u",
		"RO-dk4010 Ver 1.00", "Jolla", "1.00", "V612P-75", "CanonMVI01", "Mac OS X 10.5.7 (9J61)",
		"Microsoft PowerPoint", "ExifTool", "Stable", "Gemini", "f.lux", "Imagen", "",
	} {
		if e, ok := Software(v); ok {
			t.Errorf("Software(%q) = %s/%s; want no match", v, e.Family, e.Name)
		}
	}
	for _, v := range []string{"comment in GIMP 2.4.5", "Lovely smoke effect here", "ImageMagick is great"} {
		if e, ok := Lookup(CommentField, v); ok {
			t.Errorf("comment %q = %s/%s; free text must not match", v, e.Family, e.Name)
		}
	}
	for _, v := range []string{"Canon", "NIKON CORPORATION", "Nintendo", "SONY", "Apple"} {
		if e, ok := Lookup(MakeField, v); ok {
			t.Errorf("Make %q = %s/%s; camera makers are not games", v, e.Family, e.Name)
		}
	}
}

func TestKnownGenerator(t *testing.T) {
	if n, ok := KnownGenerator("Midjourney v6"); !ok || n != "Midjourney" {
		t.Errorf("KnownGenerator(Midjourney v6) = %q, %v", n, ok)
	}
	if _, ok := KnownGenerator("GIMP 2.10"); ok {
		t.Error("GIMP is not a generator")
	}
	if _, ok := KnownGenerator(strings.Repeat("x", 10000) + "Midjourney"); ok {
		t.Error("match beyond the field bound")
	}
}

func TestKnownGeneratorNames(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"NovelAI", "NovelAI"},
		{"NovelAI Diffusion V4 5AB81C23", "NovelAI"},
		{"Midjourney", "Midjourney"},
		{"DALL·E 3", "DALL·E"},
		{"DALL-E", "DALL·E"},
		{"OpenAI API", "OpenAI"},
		{"Stable Diffusion XL", "Stable Diffusion"},
		{"ComfyUI", "ComfyUI"},
		{"Fooocus v2.5.5", "Fooocus"},
		{"FooocusPlus 1.0", "Fooocus"},
		{"InvokeAI 4.2", "InvokeAI"},
		{"Draw Things", "Draw Things"},
		{"Adobe Firefly", "Adobe Firefly"},
		{"Leonardo.Ai", "Leonardo.Ai"},
		{"Ideogram", "Ideogram"},
		{"Google Imagen", "Google Imagen"},
		{"Imagen 3", "Google Imagen"},
		{"Google Gemini", "Google Gemini"},
		{"Bing Image Creator", "Bing Image Creator"},
		{"Microsoft Designer", "Microsoft Designer"},
		{"Kandinsky 3.1", "Kandinsky"},
		{"DreamStudio", "Stability AI"},
		{"Craiyon", "Craiyon"},
		{"NightCafe Studio", "NightCafe"},
		{"RunwayML", "Runway"},
		{"FLUX.1 [dev]", "FLUX (Black Forest Labs)"},
		{"flux-schnell", "FLUX (Black Forest Labs)"},
		{"Stable", ""},
		{"Adobe Photoshop 25.0", ""},
		{"Adobe Photoshop 2024 (Generative Fill)", ""},
		{"GIMP 2.10", ""},
		{"Editor de imagen", ""},
		{"f.lux", ""},
		{"Gemini", ""},
		{"Runway Photo Studio 2", ""},
		{"HDR+ 1.0.570503588zd", ""},
		{"v981-79", ""},
		{"ComfyUIX", ""},
		{"", ""},
	}
	for _, tt := range tests {
		got, ok := KnownGenerator(tt.in)
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("KnownGenerator(%q) = %q, %v; want %q", tt.in, got, ok, tt.want)
		}
	}
}

// TestLookupMemo asks every row's own pattern text and some names twice:
// the remembered answer is the table's.
func TestLookupMemo(t *testing.T) {
	values := []string{"Adobe Photoshop 25.0 (Windows)", "GIMP 2.10.14", "Midjourney", "not a program", "  padded GIMP 2.10  "}
	for _, e := range entries() {
		values = append(values, e.Name)
	}
	for pass := range 2 {
		for _, w := range []Where{SoftwareField, CommentField, MakeField} {
			for _, v := range values {
				var want Entry
				found := false
				for _, e := range entries() {
					if tv := strings.TrimSpace(v); e.Where == w && e.re().MatchString(tv) {
						want, found = e, true
						break
					}
				}
				got, ok := Lookup(w, v)
				if ok != found || got.Name != want.Name || got.Family != want.Family {
					t.Errorf("pass %d: Lookup(%s, %q) = %q %v, table says %q %v", pass, w, v, got.Name, ok, want.Name, found)
				}
			}
		}
	}
	lookups.Reset()
	t.Cleanup(lookups.Reset)
	for i := range maxMemo + 10 {
		lookups.Put(lookupKey{SoftwareField, strings.Repeat("x", i)}, lookupResult{})
	}
	if n := lookups.Len(); n != maxMemo {
		t.Errorf("memo holds %d answers, bound %d", n, maxMemo)
	}
}

func BenchmarkLookup(b *testing.B) {
	b.Run("table", func(b *testing.B) {
		for b.Loop() {
			for _, e := range entries() {
				if e.Where == SoftwareField && e.re().MatchString("Canon EOS R5 Firmware Version 1.8.1") {
					b.Fatal("matched")
				}
			}
		}
	})
	// A value seen for the first time: the needles turn most rows away
	// before their pattern runs.
	b.Run("first-sight", func(b *testing.B) {
		values := []string{"Canon EOS R5 Firmware Version 1.8.1", "Adobe Photoshop 25.0 (Windows)", "GIMP 2.10.34", "Ver.1.00", "ComfyUI"}
		for b.Loop() {
			lookups.Reset()
			for _, v := range values {
				Lookup(SoftwareField, v)
			}
		}
	})
	b.Run("remembered", func(b *testing.B) {
		for b.Loop() {
			Lookup(SoftwareField, "Canon EOS R5 Firmware Version 1.8.1")
		}
	})
}
