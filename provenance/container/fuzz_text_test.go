package container

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

func FuzzText(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join("testdata", "text_*"))
	for _, p := range seeds {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte{0xFF, 0xFE, 0x00, 0xD8})
	f.Add([]byte{0x00, 0x00, 0xFE, 0xFF, 0x00, 0x11, 0x00, 0x00})
	f.Add([]byte("# h\n- l\n[x](y)\n```\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		sniffed := looksLikeText(data)
		inv := &Inventory{Format: "text", MediaType: "text/plain"}
		if err := walkText(t.Context(), inv, data, DefaultLimits); err != nil {
			t.Fatalf("walkText: %v", err)
		}
		if !utf8.ValidString(inv.Body) {
			t.Fatalf("Body is not valid UTF-8: %q", inv.Body)
		}
		// Decoding grows text by at most 3 bytes per input byte (a
		// Windows-1252 byte to a three-byte rune).
		if len(inv.Body) > 3*len(data) {
			t.Fatalf("Body %d bytes from %d input bytes", len(inv.Body), len(data))
		}
		if !strings.HasPrefix(inv.MediaType, "text/") {
			t.Fatalf("MediaType = %q", inv.MediaType)
		}
		for _, s := range inv.Segments {
			if s.Offset < 0 || s.Length < 0 || s.Offset+s.Length > int64(len(data)) {
				t.Fatalf("segment %+v outside %d bytes", s, len(data))
			}
		}
		if sniffed {
			if f, _ := Sniff(data); f == "unknown" {
				t.Fatal("looksLikeText accepted but Sniff says unknown")
			}
		}
	})
}
