package iptc

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// ds encodes one dataset, with an extended length when the value needs it
// or when ext asks for it.
func ds(rec, id uint8, v string, ext bool) []byte {
	b := []byte{tagMarker, rec, id}
	if len(v) < 0x8000 && !ext {
		return append(append(b, byte(len(v)>>8), byte(len(v))), v...)
	}
	n := len(v)
	b = append(b, 0x80, 4, byte(n>>24), byte(n>>16), byte(n>>8), byte(n))
	return append(b, v...)
}

func cat(parts ...[]byte) []byte {
	var out []byte
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

type want struct {
	name, value string
}

func TestParse(t *testing.T) {
	long := string(make([]byte, 40000))
	tests := []struct {
		name    string
		data    []byte
		want    []want
		wantErr bool
	}{{
		name: "common record 2 datasets",
		data: cat(ds(2, 0, "\x00\x04", false), ds(2, 5, "Sunset", false), ds(2, 25, "beach", false), ds(2, 25, "sea", false),
			ds(2, 80, "Jane Doe", false), ds(2, 110, "Made with Google AI", false), ds(2, 65, "Photoshop", false), ds(2, 70, "25.0", false),
			ds(2, 120, "A caption", false), ds(2, 101, "Canada", false)),
		want: []want{{"RecordVersion", "4"}, {"ObjectName", "Sunset"}, {"Keywords", "beach"}, {"Keywords", "sea"},
			{"By-line", "Jane Doe"}, {"Credit", "Made with Google AI"}, {"OriginatingProgram", "Photoshop"},
			{"ProgramVersion", "25.0"}, {"Caption-Abstract", "A caption"}, {"Country-PrimaryLocationName", "Canada"}},
	}, {
		name: "UTF-8 declared",
		data: cat(ds(1, 90, "\x1b%G", false), ds(2, 80, "Zoë", false)),
		want: []want{{"CodedCharacterSet", "UTF-8"}, {"By-line", "Zoë"}},
	}, {
		name: "Latin-1 when not valid UTF-8",
		data: ds(2, 90, "K\xf6ln", false),
		want: []want{{"City", "Köln"}},
	}, {
		name: "extended length",
		data: cat(ds(2, 120, "short", true), ds(2, 5, "x", false)),
		want: []want{{"Caption-Abstract", "short"}, {"ObjectName", "x"}},
	}, {
		name: "value over 32 KiB",
		data: ds(2, 120, long, false),
		want: []want{{"Caption-Abstract", ""}}, // all NULs, trimmed
	}, {
		name: "trailing zero padding",
		data: cat(ds(2, 5, "x", false), []byte{0, 0, 0}),
		want: []want{{"ObjectName", "x"}},
	}, {
		name: "unknown dataset named by number",
		data: ds(3, 7, "v", false),
		want: []want{{"3:7", "v"}},
	}, {
		name:    "garbage after a dataset",
		data:    cat(ds(2, 5, "x", false), []byte("junk")),
		want:    []want{{"ObjectName", "x"}},
		wantErr: true,
	}, {
		name:    "value overruns the block",
		data:    cat(ds(2, 5, "x", false), []byte{tagMarker, 2, 120, 0x10, 0x00, 'a'}),
		want:    []want{{"ObjectName", "x"}},
		wantErr: true,
	}, {
		name:    "extended length of too many bytes",
		data:    cat(ds(2, 5, "x", false), []byte{tagMarker, 2, 120, 0x80, 9, 0, 0, 0, 0, 0, 0, 0, 0, 1, 'a'}),
		want:    []want{{"ObjectName", "x"}},
		wantErr: true,
	}, {
		name:    "truncated header",
		data:    cat(ds(2, 5, "x", false), []byte{tagMarker, 2}),
		want:    []want{{"ObjectName", "x"}},
		wantErr: true,
	}, {
		name: "empty",
	}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Parse(tc.data)
			if (err != nil) != tc.wantErr {
				t.Fatalf("err = %v, want error %v", err, tc.wantErr)
			}
			if err != nil && !errors.Is(err, ErrMalformed) {
				t.Errorf("err = %v, want ErrMalformed", err)
			}
			if len(got) != len(tc.want) {
				t.Fatalf("got %d datasets %+v, want %d", len(got), got, len(tc.want))
			}
			for i, w := range tc.want {
				if got[i].Name != w.name || got[i].Value != w.value {
					t.Errorf("dataset %d = %s %q, want %s %q", i, got[i].Name, got[i].Value, w.name, w.value)
				}
			}
		})
	}
}

func TestParseOffsets(t *testing.T) {
	got, err := Parse(cat(ds(2, 5, "abc", false), ds(2, 25, "k", true)))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Offset != 0 || got[1].Offset != 8 || got[1].Record != 2 || got[1].ID != 25 {
		t.Errorf("got %+v", got)
	}
}

func TestParseDatasetCap(t *testing.T) {
	var b []byte
	for range MaxDatasets + 5 {
		b = append(b, ds(2, 25, "", false)...)
	}
	got, err := Parse(b)
	if !errors.Is(err, ErrMalformed) || len(got) != MaxDatasets {
		t.Errorf("got %d datasets, err %v; want %d and ErrMalformed", len(got), err, MaxDatasets)
	}
}

// TestParseTestdata reads IIM blocks taken from ExifTool's test images
// (values as exiftool prints them).
func TestParseTestdata(t *testing.T) {
	tests := []struct {
		file string
		n    int
		want map[string]string // first value per name
	}{
		{"exiftool_exiftool.iim", 22, map[string]string{
			"Caption-Abstract": "A witty caption", "By-line": "Phil Harvey", "Credit": "My Credit",
			"ObjectName": "Test IPTC picture", "City": "Kingston", "SupplementalCategories": "amazing", "Keywords": "jambalaya",
			"CopyrightNotice": "Copyright 2004 Phil Harvey", "Source": "I'm the source", "RecordVersion": "2",
		}},
		{"exiftool_gps.iim", -1, map[string]string{"By-line": "Ian Britton"}},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join("testdata", tc.file))
			if err != nil {
				t.Fatal(err)
			}
			got, err := Parse(b)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if tc.n >= 0 && len(got) != tc.n {
				t.Errorf("got %d datasets, want %d", len(got), tc.n)
			}
			first := map[string]string{}
			for _, d := range got {
				if _, ok := first[d.Name]; !ok {
					first[d.Name] = d.Value
				}
			}
			for name, v := range tc.want {
				if first[name] != v {
					t.Errorf("%s = %q, want %q", name, first[name], v)
				}
			}
		})
	}
}

func FuzzIPTC(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.iim"))
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add(cat(ds(1, 90, "\x1b%G", false), ds(2, 120, "caption", true), ds(2, 0, "\x00\x04", false)))
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := Parse(data)
		if len(got) > MaxDatasets {
			t.Fatalf("%d datasets", len(got))
		}
		prev := -1
		for _, d := range got {
			if d.Offset <= prev || d.Offset >= len(data) || data[d.Offset] != tagMarker {
				t.Fatalf("bad offset %d (prev %d)", d.Offset, prev)
			}
			prev = d.Offset
		}
		if err != nil && !errors.Is(err, ErrMalformed) {
			t.Fatalf("error %v does not wrap ErrMalformed", err)
		}
	})
}
