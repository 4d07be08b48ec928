package exif

import (
	"encoding/binary"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func FuzzEXIF(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.tiff"))
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	le, be := binary.LittleEndian, binary.BigEndian
	f.Add(buildTIFF(tiffSpec{order: le, ifd0: cameraIFD0(le), exif: []tiffEntry{
		undefEntry(0x9286, append([]byte("UNICODE\x00"), utf16Bytes(infotext, be)...)),
	}, ifd1: []tiffEntry{shortEntry(le, 0x0103, 6)}, thumb: []byte{0xFF, 0xD8, 0xFF, 0xD9}}))
	f.Add(buildTIFF(tiffSpec{order: be, ifd0: cameraIFD0(be), exif: []tiffEntry{
		undefEntry(0x9286, []byte("ASCII\x00\x00\x00Screenshot")),
	}}))

	f.Fuzz(func(t *testing.T, block []byte) {
		// Decode must return: goexif follows IFD links without loop
		// detection, so a link the scan failed to vet would hang here.
		var (
			d    *Data
			err  error
			done = make(chan struct{})
		)
		go func() {
			defer close(done)
			d, err = Decode(block)
		}()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Fatalf("Decode of %d bytes did not return", len(block))
		}
		if err != nil {
			if d != nil {
				t.Fatalf("Decode returned data and error %v", err)
			}
			return
		}
		if d.Partial != (d.Err != nil) {
			t.Fatalf("Partial = %v but Err = %v", d.Partial, d.Err)
		}
		var raw int
		for _, fl := range d.Fields {
			raw += len(fl.Raw)
			if fl.Name == "" || fl.IFD == "" {
				t.Fatalf("field without name or IFD: %+v", fl)
			}
			UserComment(fl.Raw)
		}
		if limit := 2*len(block) + 64<<10 + 4*len(d.Fields); raw > limit {
			t.Fatalf("fields hold %d raw bytes from a %d-byte block", raw, len(block))
		}
	})
}
