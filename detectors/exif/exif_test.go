package exif

import (
	"reflect"
	"testing"

	"github.com/provcheck/provcheck/detectors"
	"github.com/provcheck/provcheck/provenance/container"
	exifmeta "github.com/provcheck/provcheck/provenance/exif"
	"github.com/provcheck/provcheck/reports"
)

// newPass builds a Pass over hand-made decoded blocks; inv may list more or
// fewer blocks than decoded, as when a block failed to decode.
func newPass(inv []container.Block, decoded ...*exifmeta.Data) (*detectors.Pass, *[]reports.Signal) {
	var got []reports.Signal
	return &detectors.Pass{
		Inv:    &container.Inventory{Format: "jpeg", MediaType: "image/jpeg", EXIF: inv},
		EXIF:   func() []*exifmeta.Data { return decoded },
		Report: func(s reports.Signal) { got = append(got, s) },
		Warn:   func(string, string) {},
	}, &got
}

func app1(off int64) container.Block { return container.Block{Source: "APP1", Offset: off} }

func f(ifd string, id uint16, value string) exifmeta.Field {
	return exifmeta.Field{IFD: ifd, Tag: id, Value: value}
}

func data(fields ...exifmeta.Field) *exifmeta.Data { return &exifmeta.Data{Fields: fields} }

func find(sigs []reports.Signal, id string) *reports.Signal {
	for i := range sigs {
		if sigs[i].ID == id {
			return &sigs[i]
		}
	}
	return nil
}

func ids(sigs []reports.Signal) []string {
	var out []string
	for _, s := range sigs {
		out = append(out, s.ID)
	}
	return out
}

func TestCamera(t *testing.T) {
	tests := []struct {
		name     string
		fields   []exifmeta.Field
		wantMsg  string // "" means no exif.camera
		evidence map[string]any
	}{
		{
			name: "full camera block",
			fields: []exifmeta.Field{
				f(ifd0, 0x010F, "Canon"),
				f(ifd0, 0x0110, "Canon EOS 40D"),
				f(ifd0, 0x0131, "Firmware Version 1.0.3"),
				f(ifdExif, 0x9003, "2008:05:30 15:56:01"),
				f(ifdExif, 0xA431, "0620310143"),
				f(ifdExif, 0xA434, "EF-S18-55mm f/3.5-5.6 IS"),
			},
			wantMsg: "EXIF names the camera Canon EOS 40D",
			evidence: map[string]any{
				"block": "APP1", "offset": int64(2), "make": "Canon", "model": "Canon EOS 40D",
				"lens": "EF-S18-55mm f/3.5-5.6 IS", "serial": "0620310143",
				"dateTimeOriginal": "2008:05:30 15:56:01", "software": "Firmware Version 1.0.3",
			},
		},
		{
			name: "editor software is left out of camera evidence",
			fields: []exifmeta.Field{
				f(ifd0, 0x010F, "PENTAX Corporation"),
				f(ifd0, 0x0110, "PENTAX K10D"),
				f(ifd0, 0x0131, "GIMP 2.4.5"),
			},
			wantMsg: "EXIF names the camera PENTAX Corporation PENTAX K10D",
			evidence: map[string]any{
				"block": "APP1", "offset": int64(2), "make": "PENTAX Corporation", "model": "PENTAX K10D",
			},
		},
		{
			name: "lens alone is camera equipment",
			fields: []exifmeta.Field{
				f(ifdExif, 0xA434, "XF23mmF1.4 R"),
			},
			wantMsg:  "EXIF names camera equipment (lens or body serial) but no make or model",
			evidence: map[string]any{"block": "APP1", "offset": int64(2), "lens": "XF23mmF1.4 R"},
		},
		{
			name: "ComfyUI workflow JSON in Make and Model is no camera",
			fields: []exifmeta.Field{
				f(ifd0, 0x010F, `workflow:{"last_node_id":9,"nodes":[]}`),
				f(ifd0, 0x0110, `prompt:{"3":{"class_type":"KSampler"}}`),
			},
		},
		{
			name: "a make in the wrong IFD does not count",
			fields: []exifmeta.Field{
				f(ifd1, 0x010F, "Canon"),
			},
		},
		{name: "no fields"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, got := newPass([]container.Block{app1(2)}, data(tt.fields...))
			if err := run(t.Context(), p); err != nil {
				t.Fatal(err)
			}
			s := find(*got, "exif.camera")
			if tt.wantMsg == "" {
				if s != nil {
					t.Fatalf("unexpected exif.camera: %+v", s)
				}
				return
			}
			if s == nil {
				t.Fatalf("no exif.camera in %v", ids(*got))
			}
			if s.Direction != reports.DirCapture || s.Strength != reports.StrengthWeak {
				t.Errorf("class = %s.%s, want capture.weak", s.Direction, s.Strength)
			}
			if s.Message != tt.wantMsg {
				t.Errorf("message = %q, want %q", s.Message, tt.wantMsg)
			}
			if !reflect.DeepEqual(s.Evidence, tt.evidence) {
				t.Errorf("evidence = %v\nwant       %v", s.Evidence, tt.evidence)
			}
			if s.Explanation == "" {
				t.Error("no explanation")
			}
		})
	}
}

func TestFirmwareLike(t *testing.T) {
	tests := []struct {
		sw, make, model string
		want            bool
	}{
		{"K10D Ver 1.30", "PENTAX Corporation", "PENTAX K10D", true},
		{"v951p-80", "OLYMPUS OPTICAL CO.,LTD", "C2000Z", true},
		{"Digital Camera FinePix2400Zoom Ver1.70", "FUJIFILM", "FinePix2400Zoom", true},
		{"14.4.2", "Apple", "iPhone 11 Pro Max", true},
		{"HD6.01.01.51.00", "GoPro", "HERO6 Black", true},
		{"GIMP 2.4.5", "PENTAX Corporation", "PENTAX K10D", false},
		{"Adobe Photoshop 7.0", "FUJIFILM", "FinePix2400Zoom", false},
		{"Fooocus v2.5.5", "", "", false},
		{"Canon EOS Utility", "Canon", "Canon EOS 40D", false},
		{"Digital Photo Professional", "Canon", "Canon EOS 40D", false},
		{"", "Canon", "Canon EOS 40D", false},
	}
	for _, tt := range tests {
		if got := firmwareLike(tt.sw, camera{make: tt.make, model: tt.model}); got != tt.want {
			t.Errorf("firmwareLike(%q, %q %q) = %v, want %v", tt.sw, tt.make, tt.model, got, tt.want)
		}
	}
}

func TestConflictingCameras(t *testing.T) {
	fuji := data(f(ifd0, 0x010F, "FUJIFILM"), f(ifd0, 0x0110, "FinePix2400Zoom"))
	canon := data(f(ifd0, 0x010F, "Canon"), f(ifd0, 0x0110, "Canon PowerShot A5"))
	fujiAgain := data(f(ifd0, 0x010F, "fujifilm "), f(ifd0, 0x0110, "FinePix2400Zoom"))
	makeOnly := data(f(ifd0, 0x010F, "FUJIFILM"))

	tests := []struct {
		name   string
		blocks []*exifmeta.Data
		want   bool
	}{
		{"different cameras", []*exifmeta.Data{fuji, canon}, true},
		{"same camera, case and space differ", []*exifmeta.Data{fuji, fujiAgain}, false},
		{"one block lacks a model", []*exifmeta.Data{fuji, makeOnly}, false},
		{"one block", []*exifmeta.Data{fuji}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inv := make([]container.Block, len(tt.blocks))
			for i := range inv {
				inv[i] = app1(int64(2 + 1000*i))
			}
			p, got := newPass(inv, tt.blocks...)
			if err := run(t.Context(), p); err != nil {
				t.Fatal(err)
			}
			s := find(*got, "exif.conflicting-cameras")
			if (s != nil) != tt.want {
				t.Fatalf("conflicting-cameras = %v, want %v (%v)", s != nil, tt.want, ids(*got))
			}
			if s == nil {
				return
			}
			if s.Direction != reports.DirIntegrity || s.Strength != reports.StrengthWeak {
				t.Errorf("class = %s.%s, want integrity.weak", s.Direction, s.Strength)
			}
			blocks, _ := s.Evidence["blocks"].([]map[string]any)
			if len(blocks) != 2 || blocks[1]["make"] != "Canon" || blocks[1]["offset"] != int64(1002) {
				t.Errorf("evidence blocks = %v", s.Evidence["blocks"])
			}
			if cam := find(*got, "exif.camera"); cam == nil || cam.Evidence["make"] != "FUJIFILM" {
				t.Errorf("exif.camera should name the first block's camera: %+v", cam)
			}
		})
	}
}

func TestInfoSignals(t *testing.T) {
	screenshot := exifmeta.Field{IFD: ifdExif, Tag: 0x9286, Value: "Screenshot", Raw: []byte("ASCII\x00\x00\x00Screenshot")}
	tests := []struct {
		name  string
		data  *exifmeta.Data
		id    string // "" means no info signal at all
		value any
	}{
		{"HEIC composite", data(f(ifdExif, 0xA460, "2")), "exif.composite-image", 2},
		{"composite while shooting", data(f(ifdExif, 0xA460, "[3]")), "exif.composite-image", 3},
		{"not a composite", data(f(ifdExif, 0xA460, "1")), "", nil},
		{"custom rendered panorama", data(f(ifdExif, 0xA401, "6")), "exif.custom-rendered", 6},
		{"normal rendering", data(f(ifdExif, 0xA401, "0")), "", nil},
		{"night scene", data(f(ifdExif, 0xA406, "3")), "exif.scene-capture-type", 3},
		{"standard scene", data(f(ifdExif, 0xA406, "0")), "", nil},
		{"unparsable value", data(f(ifdExif, 0xA460, "n/a")), "", nil},
		{"macOS screenshot", data(screenshot), "exif.screenshot", "Screenshot"},
		{"other comment", data(exifmeta.Field{IFD: ifdExif, Tag: 0x9286, Value: "holiday"}), "", nil},
		{"thumbnail", &exifmeta.Data{HasThumbnail: true, Fields: []exifmeta.Field{f(ifd1, 0x0202, "4000")}}, "exif.thumbnail", nil},
		{"capture time", data(f(ifdExif, 0x9003, "2021:03:04 10:11:12"), f(ifdExif, 0x9011, "+01:00")), "exif.capture-time", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, got := newPass([]container.Block{{Source: "eXIf", Offset: 33}}, tt.data)
			if err := run(t.Context(), p); err != nil {
				t.Fatal(err)
			}
			if tt.id == "" {
				if len(*got) != 0 {
					t.Fatalf("unexpected signals %v", ids(*got))
				}
				return
			}
			if len(*got) != 1 || (*got)[0].ID != tt.id {
				t.Fatalf("signals = %v, want just %s", ids(*got), tt.id)
			}
			s := (*got)[0]
			if s.Direction != reports.DirInfo || s.Strength != reports.StrengthInfo {
				t.Errorf("class = %s.%s, want info.info", s.Direction, s.Strength)
			}
			if s.Evidence["block"] != "eXIf" || s.Evidence["offset"] != int64(33) {
				t.Errorf("evidence does not locate the block: %v", s.Evidence)
			}
			if tt.value != nil && s.Evidence["value"] != tt.value {
				t.Errorf("value = %v, want %v", s.Evidence["value"], tt.value)
			}
			if s.Explanation == "" {
				t.Error("no explanation")
			}
		})
	}
}

// TestUnpairedBlocks checks that offsets are left out, not guessed, when a
// block failed to decode and the lists no longer line up.
func TestUnpairedBlocks(t *testing.T) {
	p, got := newPass([]container.Block{app1(2), app1(900)}, data(f(ifd0, 0x010F, "NIKON"), f(ifd0, 0x0110, "E950")))
	if err := run(t.Context(), p); err != nil {
		t.Fatal(err)
	}
	s := find(*got, "exif.camera")
	if s == nil {
		t.Fatal("no exif.camera")
	}
	if _, ok := s.Evidence["offset"]; ok {
		t.Errorf("offset guessed for an unpaired block: %v", s.Evidence)
	}
}

func TestNoEXIF(t *testing.T) {
	p, got := newPass(nil)
	if err := run(t.Context(), p); err != nil {
		t.Fatal(err)
	}
	if len(*got) != 0 {
		t.Errorf("signals without EXIF: %v", ids(*got))
	}
}
