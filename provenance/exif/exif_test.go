package exif

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/provcheck/provcheck/internal/corpus"
)

func utf16Bytes(s string, order byteOrder) []byte {
	var b []byte
	for _, u := range utf16.Encode([]rune(s)) {
		b = order.AppendUint16(b, u)
	}
	return b
}

func cameraIFD0(order byteOrder) []tiffEntry {
	return []tiffEntry{
		asciiEntry(0x010F, "Canon"),
		asciiEntry(0x0110, "Canon EOS 5D"),
		asciiEntry(0x0131, "GIMP 2.10.32"),
		shortEntry(order, 0x0112, 1),
	}
}

const infotext = "a cat\nNegative prompt: dog\nSteps: 20, Sampler: Euler a, Seed: 123"

func TestDecode(t *testing.T) {
	le, be := binary.LittleEndian, binary.BigEndian
	bigJSON := "workflow:{\"nodes\":[" + strings.Repeat(`{"id":1,"type":"KSampler"},`, 800) + `{"id":2}]}`

	truncated := buildTIFF(tiffSpec{order: be, ifd0: cameraIFD0(be), exif: []tiffEntry{asciiEntry(0x9003, "2024:01:02 03:04:05")}})
	truncated = truncated[:len(truncated)-10]

	tests := []struct {
		name  string
		block []byte
		want  map[string]string // field name -> IFD + "=" + Value
		// thumb and partial are the expected Data flags.
		thumb, partial bool
	}{{
		name: "little-endian camera with UNICODE big-endian UserComment",
		block: buildTIFF(tiffSpec{order: le, ifd0: cameraIFD0(le), exif: []tiffEntry{
			asciiEntry(0x9003, "2024:01:02 03:04:05"),
			undefEntry(0x9286, append([]byte("UNICODE\x00"), utf16Bytes(infotext, be)...)),
		}}),
		want: map[string]string{
			"Make":             "IFD0=Canon",
			"Model":            "IFD0=Canon EOS 5D",
			"Software":         "IFD0=GIMP 2.10.32",
			"Orientation":      "IFD0=1",
			"DateTimeOriginal": "Exif=2024:01:02 03:04:05",
			"UserComment":      "Exif=" + infotext,
		},
	}, {
		name: "big-endian piexif-style block with ASCII UserComment",
		block: buildTIFF(tiffSpec{order: be, ifd0: cameraIFD0(be), exif: []tiffEntry{
			undefEntry(0x9286, []byte("ASCII\x00\x00\x00Screenshot\x00")),
		}}),
		want: map[string]string{
			"Make":        "IFD0=Canon",
			"Orientation": "IFD0=1",
			"UserComment": "Exif=Screenshot",
		},
	}, {
		name: "Fooocus-style UserComment without prefix",
		block: buildTIFF(tiffSpec{order: le, ifd0: []tiffEntry{asciiEntry(0x0131, "Fooocus v2.5.5")}, exif: []tiffEntry{
			undefEntry(0x9286, []byte(`{"prompt": "a cat", "version": "Fooocus v2.5.5"}`)),
			undefEntry(0x927C, []byte("fooocus")),
		}}),
		want: map[string]string{
			"Software":    "IFD0=Fooocus v2.5.5",
			"UserComment": `Exif={"prompt": "a cat", "version": "Fooocus v2.5.5"}`,
			"MakerNote":   "Exif=fooocus",
		},
	}, {
		name: "many-KB JSON in Make and tags outside goexif's maps",
		block: buildTIFF(tiffSpec{order: be, ifd0: []tiffEntry{
			asciiEntry(0x010F, bigJSON),
			asciiEntry(0x010D, "Title: AI generated image"),
		}, exif: []tiffEntry{
			asciiEntry(0xA431, "SN-0042"),
			asciiEntry(0xA434, "EF 50mm f/1.8"),
		}}),
		want: map[string]string{
			"Make":             "IFD0=" + bigJSON,
			"DocumentName":     "IFD0=Title: AI generated image",
			"BodySerialNumber": "Exif=SN-0042",
			"LensModel":        "Exif=EF 50mm f/1.8",
		},
	}, {
		name: "IFD1 JPEG thumbnail",
		block: buildTIFF(tiffSpec{order: le, ifd0: cameraIFD0(le),
			ifd1: []tiffEntry{shortEntry(le, 0x0103, 6)}, thumb: []byte{0xFF, 0xD8, 0xFF, 0xD9}}),
		want: map[string]string{
			"Make":        "IFD0=Canon",
			"Compression": "IFD1=6",
		},
		thumb: true,
	}, {
		name:  "leftover Exif header",
		block: append([]byte("Exif\x00\x00"), buildTIFF(tiffSpec{order: le, ifd0: cameraIFD0(le)})...),
		want:  map[string]string{"Model": "IFD0=Canon EOS 5D"},
	}, {
		// goexif refuses a whole IFD for one entry of an unknown type; the
		// structure is sound, so the fallback's answer is complete.
		name: "unknown entry type read by the fallback",
		block: buildTIFF(tiffSpec{order: le, ifd0: append(cameraIFD0(le),
			tiffEntry{tag: 0xABCD, typ: 99, count: 1, val: []byte{1}})}),
		want: map[string]string{"Make": "IFD0=Canon", "Software": "IFD0=GIMP 2.10.32", "UnknownTag_abcd": "IFD0="},
	}, {
		name: "value count that overflows 32 bits",
		block: buildTIFF(tiffSpec{order: le, ifd0: append(cameraIFD0(le),
			tiffEntry{tag: 0x0100, typ: 3, count: 0x80000001, val: []byte{1, 0}})}),
		want:    map[string]string{"Make": "IFD0=Canon"},
		partial: true,
	}, {
		name:    "truncated block keeps the values before the cut",
		block:   truncated,
		want:    map[string]string{"Make": "IFD0=Canon", "Model": "IFD0=Canon EOS 5D"},
		partial: true,
	}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d, err := Decode(tc.block)
			if err != nil {
				t.Fatalf("Decode: %v", err)
			}
			for name, want := range tc.want {
				f, ok := d.Get(name)
				if !ok {
					t.Errorf("no field %s; have %v", name, fieldNames(d))
					continue
				}
				if got := f.IFD + "=" + f.Value; got != want {
					t.Errorf("%s = %.200q, want %.200q", name, got, want)
				}
			}
			if d.HasThumbnail != tc.thumb {
				t.Errorf("HasThumbnail = %v, want %v", d.HasThumbnail, tc.thumb)
			}
			if d.Partial != tc.partial || (d.Err != nil) != tc.partial {
				t.Errorf("Partial = %v, Err = %v; want partial %v", d.Partial, d.Err, tc.partial)
			}
		})
	}
}

func fieldNames(d *Data) []string {
	var out []string
	for _, f := range d.Fields {
		out = append(out, f.IFD+":"+f.Name)
	}
	return out
}

func TestDecodeRawKept(t *testing.T) {
	uc := append([]byte("UNICODE\x00"), utf16Bytes("hi", binary.BigEndian)...)
	d, err := Decode(buildTIFF(tiffSpec{order: binary.LittleEndian, exif: []tiffEntry{undefEntry(0x9286, uc)}}))
	if err != nil {
		t.Fatal(err)
	}
	f, ok := d.Get("UserComment")
	if !ok || !bytes.Equal(f.Raw, uc) || f.Tag != 0x9286 {
		t.Fatalf("UserComment = %+v, want Raw %q", f, uc)
	}
}

// TestDecodeHostileStructure covers inputs goexif cannot be trusted with:
// they must come back quickly, bounded, with what is readable.
func TestDecodeHostileStructure(t *testing.T) {
	le := binary.LittleEndian
	// IFD0 -> IFD1 -> IFD0: a two-step loop.
	loop := buildTIFF(tiffSpec{order: le, ifd0: cameraIFD0(le), ifd1: []tiffEntry{shortEntry(le, 0x0103, 6)}})
	ifd1At := 8 + 2 + 12*len(cameraIFD0(le)) + 4
	le.PutUint32(loop[ifd1At+2+12:], 8)

	// IFD1 with a count goexif reads as negative, followed by a link back
	// to IFD0: goexif would read no entries and loop between the two.
	negative := buildTIFF(tiffSpec{order: le, ifd0: cameraIFD0(le), ifd1: []tiffEntry{shortEntry(le, 0x0103, 6)}})
	le.PutUint16(negative[ifd1At:], 0xFFFF)
	le.PutUint32(negative[ifd1At+2:], 8)

	// Many entries sharing one 4 KiB value: a small block that would
	// expand to megabytes.
	const n = 300
	amp := []byte("II*\x00\x08\x00\x00\x00")
	amp = le.AppendUint16(amp, n+1)
	valAt := uint32(8 + 2 + 12*(n+1) + 4)
	amp = append(amp, 0x0F, 0x01, 2, 0, 4, 0, 0, 0, 'J', 'V', 'C', 0) // Make "JVC", inline
	for range n {
		amp = le.AppendUint16(amp, 0x0100)
		amp = le.AppendUint16(amp, 4)
		amp = le.AppendUint32(amp, 1024)
		amp = le.AppendUint32(amp, valAt)
	}
	amp = append(amp, make([]byte, 4+4096)...)

	// IFD0 cut inside its second entry: the first, with an inline value,
	// stands.
	cut := buildTIFF(tiffSpec{order: le, ifd0: []tiffEntry{asciiEntry(0x010F, "JVC"), asciiEntry(0x0110, "GR-DV500")}})[:8+2+12+6]

	tests := []struct {
		name  string
		block []byte
		make  string
	}{
		{"IFD chain loop", loop, "Canon"},
		{"entries sharing one value", amp, "JVC"},
		{"IFD count read as negative by goexif", negative, "Canon"},
		{"IFD0 cut mid-entry", cut, "JVC"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d, err := Decode(tc.block)
			if err != nil {
				t.Fatalf("Decode: %v", err)
			}
			if !d.Partial || d.Err == nil {
				t.Errorf("Partial = %v, Err = %v; want damage reported", d.Partial, d.Err)
			}
			if f, ok := d.Get("Make"); !ok || f.Value != tc.make {
				t.Errorf("Make = %+v, want %s", f, tc.make)
			}
			var raw int
			for _, f := range d.Fields {
				raw += len(f.Raw)
			}
			if raw > 2*len(tc.block)+64<<10 {
				t.Errorf("fields hold %d raw bytes from a %d-byte block", raw, len(tc.block))
			}
		})
	}
}

func TestDecodeNotTIFF(t *testing.T) {
	for _, b := range [][]byte{[]byte("GIF89a\x00\x00\x00"), []byte("II*"), []byte("II*\x00\xff\xff\x00\x00")} {
		if d, err := Decode(b); err == nil {
			t.Errorf("Decode(%q) = %+v, want error", b, d)
		}
	}
	if _, err := Decode([]byte("JFIF....")); !errors.Is(err, ErrNotTIFF) {
		t.Errorf("Decode(JFIF) error = %v, want ErrNotTIFF", err)
	}
	d, err := Decode(nil)
	if err != nil || len(d.Fields) != 0 {
		t.Errorf("Decode(nil) = %+v, %v; want empty, nil", d, err)
	}
}

func TestUserComment(t *testing.T) {
	be, le := binary.BigEndian, binary.LittleEndian
	tests := []struct {
		name          string
		raw           []byte
		text, charset string
	}{
		{"ASCII", []byte("ASCII\x00\x00\x00Screenshot\x00\x00"), "Screenshot", "ASCII"},
		{"ASCII padded with spaces", []byte("ASCII\x00\x00\x00hello     "), "hello", "ASCII"},
		{"UNICODE big-endian (piexif)", append([]byte("UNICODE\x00"), utf16Bytes(infotext, be)...), infotext, "UNICODE"},
		{"UNICODE little-endian", append([]byte("UNICODE\x00"), utf16Bytes("Steps: 20", le)...), "Steps: 20", "UNICODE"},
		{"UNICODE with LE BOM", append([]byte("UNICODE\x00\xff\xfe"), utf16Bytes("日本", le)...), "日本", "UNICODE"},
		{"UNICODE with BE BOM", append([]byte("UNICODE\x00\xfe\xff"), utf16Bytes("ok", be)...), "ok", "UNICODE"},
		{"UNICODE odd length", append(append([]byte("UNICODE\x00"), utf16Bytes("ab", be)...), 'x'), "ab", "UNICODE"},
		{"JIS", []byte("JIS\x00\x00\x00\x00\x00abc\x00"), "abc", "JIS"},
		{"undefined prefix, camera padding", make([]byte, 264), "", "undefined"},
		{"undefined prefix with text", append(make([]byte, 8), "note"...), "note", "undefined"},
		{"no prefix (Fooocus)", []byte(`{"prompt": "a cat"}`), `{"prompt": "a cat"}`, ""},
		{"no prefix, short", []byte("hi"), "hi", ""},
		{"no prefix, not UTF-8", []byte{0xff, 0xfe, 0x00, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86}, "", ""},
		{"empty", nil, "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			text, cs := UserComment(tc.raw)
			if text != tc.text || cs != tc.charset {
				t.Errorf("UserComment = %q, %q; want %q, %q", text, cs, tc.text, tc.charset)
			}
		})
	}
}

// TestDecodeTestdata checks real blocks against what exiftool reports for
// the same files (corpus labels).
func TestDecodeTestdata(t *testing.T) {
	tests := []struct {
		file string
		want map[string]string
	}{
		{"exiftool_canon.tiff", map[string]string{"Make": "Canon", "Model": "Canon EOS DIGITAL REBEL", "DateTimeOriginal": "2003:12:04 06:46:52", "InteroperabilityIndex": "THM"}},
		{"exiftool_pentax.tiff", map[string]string{"Make": "PENTAX Corporation", "Model": "PENTAX K10D", "Software": "K10D Ver 1.30"}},
		{"exiftool_olympus.tiff", map[string]string{"Make": "OLYMPUS OPTICAL CO.,LTD", "Software": "v951p-80", "ImageDescription": "OLYMPUS DIGITAL CAMERA"}},
		{"exiftool_xmp.tiff", map[string]string{"Make": "FUJIFILM", "Model": "FinePix2400Zoom", "Software": "Adobe Photoshop 7.0"}},
		{"exiftool_gps.tiff", map[string]string{"Model": "FinePixS1Pro", "Artist": "Ian Britton", "GPSLatitudeRef": "N", "GPSMapDatum": "WGS84", "ThumbJPEGInterchangeFormatLength": "28"}},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join("testdata", tc.file))
			if err != nil {
				t.Fatal(err)
			}
			d, err := Decode(b)
			if err != nil {
				t.Fatalf("Decode: %v", err)
			}
			if d.Partial {
				t.Errorf("Partial, Err = %v", d.Err)
			}
			for name, want := range tc.want {
				if f, ok := d.Get(name); !ok || f.Value != want {
					t.Errorf("%s = %q (present %v), want %q", name, f.Value, ok, want)
				}
			}
		})
	}
}

// checkComfyUI asserts the ComfyUI WebP convention: IFD0 Make holds
// "workflow:" + JSON and Model "prompt:" + JSON, whole.
func checkComfyUI(t *testing.T, block []byte) {
	t.Helper()
	d, err := Decode(block)
	if err != nil {
		t.Fatalf("Decode: %v", err)
	}
	for name, prefix := range map[string]string{"Make": "workflow:", "Model": "prompt:"} {
		f, ok := d.Get(name)
		if !ok || f.IFD != "IFD0" {
			t.Fatalf("%s missing or not in IFD0: %+v", name, f)
		}
		js, ok := strings.CutPrefix(f.Value, prefix)
		if !ok || !json.Valid([]byte(js)) {
			t.Errorf("%s = %.80q…, want %q + valid JSON (%d bytes)", name, f.Value, prefix, len(f.Value))
		}
		if len(f.Value) < 3000 {
			t.Errorf("%s is %d bytes: cut short", name, len(f.Value))
		}
	}
	if f, _ := d.Get("Model"); !strings.Contains(f.Value, `"class_type"`) {
		t.Errorf("Model lacks class_type")
	}
}

func TestDecodeComfyUIWebPTestdata(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", "comfyui_wan_webp.tiff"))
	if err != nil {
		t.Fatal(err)
	}
	checkComfyUI(t, b)
}

// TestDecodeComfyUIWebPCorpus reads the EXIF chunk straight from the corpus
// file, so the test also covers the chunk as stored (with its header).
func TestDecodeComfyUIWebPCorpus(t *testing.T) {
	file := corpus.Read(t, "images", "ai_comfyui_image_to_video_wan_example.webp")
	chunk := riffChunk(file, "EXIF")
	if chunk == nil {
		t.Fatal("no EXIF chunk in the WebP")
	}
	checkComfyUI(t, chunk)
}

// riffChunk returns the payload of the first top-level RIFF chunk of the
// given type.
func riffChunk(b []byte, typ string) []byte {
	for p := 12; p+8 <= len(b); {
		n := int(binary.LittleEndian.Uint32(b[p+4:]))
		if n < 0 || p+8+n > len(b) {
			return nil
		}
		if string(b[p:p+4]) == typ {
			return b[p+8 : p+8+n]
		}
		p += 8 + n + n&1
	}
	return nil
}

func TestGetNil(t *testing.T) {
	var d *Data
	if _, ok := d.Get("Make"); ok {
		t.Error("Get on nil Data found a field")
	}
}

func BenchmarkDecodeEXIF(b *testing.B) {
	block, err := os.ReadFile(filepath.Join("testdata", "exiftool_canon.tiff"))
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := Decode(block); err != nil {
			b.Fatal(err)
		}
	}
}

// Rationals print as fmt's %d/%d did, for both byte orders and the
// extremes of each type.
func TestRationalText(t *testing.T) {
	for _, order := range []binary.ByteOrder{binary.BigEndian, binary.LittleEndian} {
		for _, pair := range [][2]uint32{{0, 1}, {1, 0}, {72, 1}, {4294967295, 4294967295}, {2147483648, 2147483647}, {10, 4294967286}} {
			v := make([]byte, 8)
			order.PutUint32(v, pair[0])
			order.PutUint32(v[4:], pair[1])
			if got, want := number(5, v, order), fmt.Sprintf("%d/%d", pair[0], pair[1]); got != want {
				t.Errorf("RATIONAL %v: %q, want %q", pair, got, want)
			}
			if got, want := number(10, v, order), fmt.Sprintf("%d/%d", int32(pair[0]), int32(pair[1])); got != want {
				t.Errorf("SRATIONAL %v: %q, want %q", pair, got, want)
			}
		}
	}
}
