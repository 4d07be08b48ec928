package xmp

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func FuzzXMP(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.xmp"))
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add(wrap(`<rdf:Description xmlns:a="urn:a"><a:s><rdf:Seq><rdf:li><rdf:Seq><rdf:li>x</rdf:li></rdf:Seq></rdf:li></rdf:Seq></a:s></rdf:Description>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		pk, err := Parse(data)
		if pk == nil {
			t.Fatalf("nil packet (err %v)", err)
		}
		if len(pk.Props) > MaxProps {
			t.Fatalf("%d properties", len(pk.Props))
		}
		for _, p := range pk.Props {
			if p.Path == "" || (p.Name != "" && !strings.Contains(p.Path, p.Name) && !strings.Contains(p.Path, "[")) {
				t.Fatalf("property %+v has a path that does not name it", p)
			}
		}
		if errors.Is(err, ErrTooLarge) && len(data) <= MaxPacketSize {
			t.Fatalf("ErrTooLarge for %d bytes", len(data))
		}
	})
}
