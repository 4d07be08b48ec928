package web

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	"image/png"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/provcheck/provcheck/detectors"
	"github.com/provcheck/provcheck/detectors/engine"
	"github.com/provcheck/provcheck/provenance/container"
	"github.com/provcheck/provcheck/provenance/exif"
)

func TestViewThumbnailAndMetadata(t *testing.T) {
	_, ts := newTestServer(t, nil)
	files := []upload{
		{"camera.jpg", readSample(t, "camera_canon_eos.jpg")},
		{"comfy.png", readSample(t, "ai_comfyui_workflow.png")},
		{"note.txt", []byte("plain words\n")},
	}
	body, ct := multipartBody(t, files, nil)
	sr := decodeReport(t, post(t, ts.URL+"/api/v1/scan?view=1", ct, body, nil))
	if len(sr.View) != len(sr.Files) {
		t.Fatalf("%d views for %d files", len(sr.View), len(sr.Files))
	}
	views := map[string]FileView{}
	for i, f := range sr.Files {
		views[f.Path] = sr.View[i]
	}

	for _, name := range []string{"camera.jpg", "comfy.png"} {
		v := views[name]
		img := decodeDataURI(t, v.Thumbnail)
		b := img.Bounds()
		if b.Dx() > thumbSize || b.Dy() > thumbSize || b.Dx() == 0 {
			t.Errorf("%s: thumbnail %v, want within %d", name, b, thumbSize)
		}
	}
	if v := views["note.txt"]; v.Thumbnail != "" {
		t.Errorf("text file got a thumbnail")
	}

	table := func(name, title string) MetaTable {
		for _, mt := range views[name].Metadata {
			if mt.Title == title {
				return mt
			}
		}
		t.Fatalf("%s: no %s table in %+v", name, title, views[name].Metadata)
		return MetaTable{}
	}
	if !hasRow(table("camera.jpg", "EXIF"), "Make") {
		t.Errorf("camera.jpg: EXIF table lacks Make")
	}
	if !hasRow(table("comfy.png", "Text fields"), "workflow") {
		t.Errorf("comfy.png: text table lacks the workflow chunk")
	}
	if !hasRow(table("camera.jpg", "File"), "container") {
		t.Errorf("camera.jpg: file table lacks the container")
	}
}

func hasRow(mt MetaTable, cell string) bool {
	for _, r := range mt.Rows {
		for _, c := range r {
			if c == cell {
				return true
			}
		}
	}
	return false
}

func decodeDataURI(t *testing.T, uri string) image.Image {
	t.Helper()
	var payload string
	var ok bool
	for _, prefix := range []string{"data:image/jpeg;base64,", "data:image/png;base64,"} {
		if payload, ok = strings.CutPrefix(uri, prefix); ok {
			break
		}
	}
	if !ok {
		t.Fatalf("thumbnail %.40q is not a JPEG or PNG data URI", uri)
	}
	raw, err := base64.StdEncoding.DecodeString(payload)
	if err != nil {
		t.Fatal(err)
	}
	img, _, err := image.Decode(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// TestThumbnailPixelCap: a PNG declaring a canvas over the pixel cap gets
// no thumbnail and no decode, with a note.
func TestThumbnailPixelCap(t *testing.T) {
	var buf bytes.Buffer
	png.Encode(&buf, image.NewGray(image.Rect(0, 0, 8, 8)))
	small := buf.Bytes()
	// Rewrite IHDR to claim 50000 x 50000 and fix its CRC.
	huge := bytes.Clone(small)
	binary.BigEndian.PutUint32(huge[16:], 50000)
	binary.BigEndian.PutUint32(huge[20:], 50000)
	binary.BigEndian.PutUint32(huge[29:], crc32.ChecksumIEEE(huge[12:29]))

	if _, err := thumbnailOf(huge, 1_000_000); err == nil || !strings.Contains(err.Error(), "pixel limit") {
		t.Fatalf("huge canvas: %v", err)
	}
	if _, err := thumbnailOf(small, 1_000_000); err != nil {
		t.Fatalf("small image: %v", err)
	}
	if _, err := thumbnailOf([]byte("not an image"), 1_000_000); err == nil {
		t.Fatal("garbage decoded")
	}
}

func TestThumbnailKeepsTransparency(t *testing.T) {
	img := image.NewNRGBA(image.Rect(0, 0, 40, 20))
	img.Set(1, 1, color.NRGBA{255, 0, 0, 128})
	var buf bytes.Buffer
	png.Encode(&buf, img)
	uri, err := thumbnailOf(buf.Bytes(), 1_000_000)
	if err != nil || !strings.HasPrefix(uri, "data:image/png;") {
		t.Fatalf("%v %.30q", err, uri)
	}
}

func TestTablesBounded(t *testing.T) {
	b := newTable("T", "k", "v")
	for i := range maxTableRows + 10 {
		b.add("k", strings.Repeat("é", maxCellRunes+i))
	}
	mt := b.done()
	if len(mt.Rows) != maxTableRows || !mt.Truncated {
		t.Fatalf("%d rows, truncated %v", len(mt.Rows), mt.Truncated)
	}
	if n := len([]rune(mt.Rows[0][1])); n > maxCellRunes+2 {
		t.Fatalf("cell of %d runes", n)
	}
}

// TestServeShutsDown: Serve answers until its context ends, then returns
// nil after a graceful shutdown.
func TestServeShutsDown(t *testing.T) {
	s, _ := newTestServer(t, nil)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx, ln) }()
	resp, err := http.Get("http://" + ln.Addr().String() + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("healthz %d", resp.StatusCode)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("Serve: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Serve did not return after cancel")
	}
	if _, err := http.Get("http://" + ln.Addr().String() + "/healthz"); err == nil {
		t.Fatal("still answering after shutdown")
	}
}

// thumbnailOf is the view's path from bytes to a preview: the engine's
// pass, with the pixel cap given.
func thumbnailOf(data []byte, maxPixels int64) (string, error) {
	lim := container.DefaultLimits
	lim.MaxPixels = maxPixels
	s := &Server{opts: Options{Engine: engine.New(engine.Config{Settings: detectors.Settings{Limits: lim}}, nil, nil)}}
	_, v := s.scanFile(context.Background(), "x", data, true)
	if v.Thumbnail == "" {
		return "", errors.New(v.ThumbnailNote)
	}
	return v.Thumbnail, nil
}

func TestVisualAidsOnlyWhenAsked(t *testing.T) {
	img := image.NewNRGBA(image.Rect(0, 0, 64, 48))
	for i := range img.Pix {
		img.Pix[i] = byte(i * 13)
	}
	var buf bytes.Buffer
	png.Encode(&buf, img)
	eng := engine.New(engine.Config{}, nil, nil)
	_, off := (&Server{opts: Options{Engine: eng}}).scanFile(t.Context(), "x.png", buf.Bytes(), true)
	if len(off.Aids) != 0 {
		t.Fatalf("aids without --visual-aids: %d", len(off.Aids))
	}
	_, on := (&Server{opts: Options{Engine: eng, VisualAids: true}}).scanFile(t.Context(), "x.png", buf.Bytes(), true)
	if len(on.Aids) != 2 {
		t.Fatalf("aids: %d, want 2", len(on.Aids))
	}
	for _, a := range on.Aids {
		if !strings.HasPrefix(a.Image, "data:image/png;base64,") || a.Explain == "" {
			t.Errorf("aid %q: %.40q", a.Title, a.Image)
		}
	}
}

func TestGPSDecimalDegrees(t *testing.T) {
	gps := func(lat, latRef, lon, lonRef string) *exif.Data {
		return &exif.Data{Fields: []exif.Field{
			{IFD: "GPS", Name: "GPSLatitudeRef", Value: latRef},
			{IFD: "GPS", Name: "GPSLatitude", Value: lat},
			{IFD: "GPS", Name: "GPSLongitudeRef", Value: lonRef},
			{IFD: "GPS", Name: "GPSLongitude", Value: lon},
		}}
	}
	tests := []struct {
		name     string
		d        *exif.Data
		lat, lon float64
		ok       bool
	}{
		{"north east", gps("52/1 31/1 1234/100", "N", "13/1 24/1 0/1", "E"), 52.520094, 13.4, true},
		{"south west", gps("33/1 52/1 4/1", "S", "151/1 12/1 36/1", "W"), -33.867778, -151.21, true},
		{"zero denominator", gps("52/0 31/1 0/1", "N", "13/1 0/1 0/1", "E"), 0, 0, false},
		{"missing reference", gps("52/1 0/1 0/1", "", "13/1 0/1 0/1", "E"), 0, 0, false},
		{"out of range", gps("95/1 0/1 0/1", "N", "13/1 0/1 0/1", "E"), 0, 0, false},
		{"two parts", gps("52/1 31/1", "N", "13/1 0/1 0/1", "E"), 0, 0, false},
		{"not GPS IFD", &exif.Data{Fields: []exif.Field{{IFD: "IFD0", Name: "GPSLatitude", Value: "1/1 0/1 0/1"}}}, 0, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := gpsOf(tt.d)
			if (g != nil) != tt.ok {
				t.Fatalf("gpsOf = %+v, want ok %v", g, tt.ok)
			}
			if g != nil && (g.Lat != tt.lat || g.Lon != tt.lon || !strings.Contains(g.Raw, "GPSLatitude")) {
				t.Errorf("got %+v, want %v, %v", g, tt.lat, tt.lon)
			}
		})
	}
}
