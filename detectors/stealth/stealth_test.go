package stealth

import (
	"bytes"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"errors"
	"image"
	"image/draw"
	"image/png"
	"strings"
	"testing"

	"github.com/provcheck/provcheck/detectors"
	"github.com/provcheck/provcheck/detectors/detectortest"
	"github.com/provcheck/provcheck/provenance/container"
	"github.com/provcheck/provcheck/reports"
)

// comment is NovelAI's generation parameters as Python's json.dumps writes
// them: the bytes NovelAI signs, after the pixels.
const comment = `{"prompt": "a lighthouse at dusk, \u00e9t\u00e9", "steps": 28, "height": 832, "width": 1216, ` +
	`"scale": 5.0, "seed": 1234567890, "sampler": "k_euler_ancestral", "dynamic_thresholding_percentile": 0.999, ` +
	`"tiny": 1e-05, "legacy": false, "controlnet_model": null, "v4_prompt": {"caption": {"base_caption": "a lighthouse", ` +
	`"char_captions": []}, "use_coords": false}, "uc": "lowres", "request_type": "PromptGenerateRequest"}`

// withKey makes the package trust a fresh test key while the test runs.
func withKey(t *testing.T) ed25519.PrivateKey {
	t.Helper()
	pub, priv, err := ed25519.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	old := novelAIKey
	novelAIKey = pub
	t.Cleanup(func() { novelAIKey = old })
	return priv
}

// novelAIImage hides NovelAI metadata in img's alpha; with priv, the
// comment carries a signature over the pixels as they are now.
func novelAIImage(t *testing.T, img *image.NRGBA, priv ed25519.PrivateKey) {
	t.Helper()
	c := comment
	if priv != nil {
		rgb, ok := rgbBytes(img)
		if !ok {
			t.Fatal("no RGB bytes")
		}
		sig := ed25519.Sign(priv, append(rgb, comment...))
		c = strings.TrimSuffix(comment, "}") + `, "signed_hash": "` + base64.StdEncoding.EncodeToString(sig) + `"}`
	}
	meta, err := json.Marshal(map[string]string{
		"Description": "a lighthouse at dusk", "Software": "NovelAI", "Source": "NovelAI Diffusion V4.5 1229B44F",
		"Generation time": "2.2", "Comment": c,
	})
	if err != nil {
		t.Fatal(err)
	}
	hideAlpha(img, framed(magicAlphaComp, gz(meta)))
}

func encodePNG(t *testing.T, img image.Image) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// runPass runs the detector on a decoded image through a hand-built Pass.
func runPass(t *testing.T, img image.Image) ([]reports.Signal, []string) {
	t.Helper()
	var sigs []reports.Signal
	var warns []string
	p := &detectors.Pass{
		Image:    func() (image.Image, error) { return img, nil },
		Settings: &detectors.Settings{},
		Report:   func(s reports.Signal) { sigs = append(sigs, s) },
		Warn:     func(code, msg string) { warns = append(warns, code+": "+msg) },
	}
	if err := run(t.Context(), p); err != nil {
		t.Fatal(err)
	}
	return sigs, warns
}

func TestNovelAISignature(t *testing.T) {
	priv := withKey(t)
	tests := []struct {
		name   string
		sign   bool
		tamper bool
		want   string
	}{
		{"signed", true, false, sigValid},
		{"unsigned", false, false, sigAbsent},
		{"pixels changed after signing", true, true, sigInvalid},
	}
	for _, tc := range tests {
		img := picture(211, 157, 1)
		var key ed25519.PrivateKey
		if tc.sign {
			key = priv
		}
		novelAIImage(t, img, key)
		if tc.tamper {
			img.Pix[img.PixOffset(100, 100)] ^= 0x10
		}
		// Through the real engine: PNG bytes, the shared decode.
		fr := detectortest.Run(t, encodePNG(t, img), "", Detector)
		s := detectortest.Find(fr, "stealth.novelai")
		if s == nil || len(fr.Signals) != 1 {
			t.Fatalf("%s: signals %v, errors %v", tc.name, detectortest.IDs(fr), fr.Errors)
		}
		ev := s.Evidence
		if ev["signature"] != tc.want {
			t.Errorf("%s: signature %v (%v), want %s", tc.name, ev["signature"], ev["signatureNote"], tc.want)
		}
		if ev["software"] != "NovelAI" || ev["seed"] != "1234567890" || ev["prompt"] != "a lighthouse at dusk, été" ||
			ev["channel"] != "alpha" || ev["steps"] != "28" || ev["source"] != "NovelAI Diffusion V4.5 1229B44F" {
			t.Errorf("%s: evidence %v", tc.name, ev)
		}
		if s.Direction != reports.DirAI || s.Strength != reports.StrengthDeclared || s.Verified || fr.Verdict != reports.VerdictAIDeclared {
			t.Errorf("%s: %s/%s verified=%v verdict %s", tc.name, s.Direction, s.Strength, s.Verified, fr.Verdict)
		}
	}
}

// With NovelAI's real key, a signature made by anyone else is invalid.
func TestNovelAIForeignSignature(t *testing.T) {
	_, priv, _ := ed25519.GenerateKey(nil)
	img := picture(64, 64, 2)
	novelAIImage(t, img, priv)
	sigs, _ := runPass(t, img)
	if len(sigs) != 1 || sigs[0].Evidence["signature"] != sigInvalid {
		t.Fatalf("got %v", sigs)
	}
}

func TestA1111Variants(t *testing.T) {
	info := "masterpiece, a fox in snow\nNegative prompt: blurry\nSteps: 30, Sampler: Euler a, CFG scale: 6.5, Seed: 987654321, Size: 512x512, Model hash: 6ce0161689, Model: v1-5-pruned-emaonly"
	tests := []struct {
		name, magic string
		payload     []byte
		rgb         bool
	}{
		{"alpha plain", magicAlphaPlain, []byte(info), false},
		{"alpha gzip", magicAlphaComp, gz([]byte(info)), false},
		{"rgb plain", magicRGBPlain, []byte(info), true},
		{"rgb gzip", magicRGBComp, gz([]byte(info)), true},
	}
	for _, tc := range tests {
		// Odd sizes, so the stream wraps columns at odd places.
		for _, sz := range [][2]int{{47, 41}, {7, 301}, {400, 5}} {
			img := picture(sz[0], sz[1], 4)
			data := framed(tc.magic, tc.payload)
			if tc.rgb {
				hideRGB(img, data)
			} else {
				hideAlpha(img, data)
			}
			sigs, warns := runPass(t, img)
			if len(sigs) != 1 || sigs[0].ID != "stealth.a1111" || len(warns) != 0 {
				t.Errorf("%s %v: signals %v warnings %v", tc.name, sz, sigs, warns)
				continue
			}
			ev := sigs[0].Evidence
			wantChan := "alpha"
			if tc.rgb {
				wantChan = "rgb"
			}
			if ev["channel"] != wantChan || ev["magic"] != tc.magic || ev["seed"] != "987654321" ||
				ev["prompt"] != "masterpiece, a fox in snow" || ev["negativePrompt"] != "blurry" || ev["model"] != "v1-5-pruned-emaonly" {
				t.Errorf("%s %v: evidence %v", tc.name, sz, ev)
			}
		}
	}
}

// The same payload read through every pixel layout a decoder returns,
// including bounds that do not start at the origin.
func TestAlphaLayouts(t *testing.T) {
	src := picture(40, 33, 5)
	hideAlpha(src, framed(magicAlphaPlain, []byte("a prompt\nSteps: 1, Seed: 7")))
	b := src.Bounds()
	n64 := image.NewNRGBA64(b)
	draw.Draw(n64, b, src, b.Min, draw.Src)
	ycc := image.NewNYCbCrA(b, image.YCbCrSubsampleRatio420)
	for y := range b.Dy() {
		for x := range b.Dx() {
			ycc.A[ycc.AOffset(x, y)] = src.NRGBAAt(x, y).A
		}
	}
	big := image.NewNRGBA(image.Rect(0, 0, 60, 50))
	draw.Draw(big, image.Rect(11, 7, 51, 40), src, b.Min, draw.Src)
	sub := big.SubImage(image.Rect(11, 7, 51, 40))
	for _, tc := range []struct {
		name string
		img  image.Image
	}{{"NRGBA", src}, {"NRGBA64", n64}, {"NYCbCrA", ycc}, {"sub-image", sub}} {
		sigs, _ := runPass(t, tc.img)
		if len(sigs) != 1 || sigs[0].Evidence["seed"] != "7" {
			t.Errorf("%s: got %v", tc.name, sigs)
		}
	}
}

// Images without a payload give nothing and read only the magic's bits.
func TestNoPayload(t *testing.T) {
	opaque := picture(64, 64, 6)
	rgba := image.NewRGBA(image.Rect(0, 0, 50, 50))
	gray := image.NewGray(image.Rect(0, 0, 50, 50))
	tiny := picture(1, 1, 7)
	hideAlpha(tiny, []byte("st")) // a magic that does not fit
	// A magic-like prefix that is not one.
	near := picture(30, 30, 8)
	hideAlpha(near, framed("stealth_pngcomq", []byte("x")))
	for name, img := range map[string]image.Image{
		"random opaque": opaque, "RGBA": rgba, "gray": gray, "1x1": tiny, "near magic": near,
	} {
		if sigs, warns := runPass(t, img); len(sigs) != 0 || len(warns) != 0 {
			t.Errorf("%s: signals %v warnings %v", name, sigs, warns)
		}
	}
	s := alphaStream(opaque)
	if readStealth(t.Context(), s, 1<<20) != nil || s.pos != 8*magicLen {
		t.Errorf("read %d bits of an image without a payload, want %d", s.pos, 8*magicLen)
	}
}

// A magic followed by a damaged payload is still reported, marked damaged,
// with a warning; nothing reads past the image.
func TestDamaged(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		id   string
	}{
		{"length beyond the image", append([]byte(magicAlphaPlain), 0x7f, 0xff, 0xff, 0xff, 'x'), "stealth.a1111"},
		{"zero length", append([]byte(magicAlphaPlain), 0, 0, 0, 0), "stealth.a1111"},
		{"length cut off", append([]byte(magicAlphaPlain), 0), "stealth.a1111"},
		{"not gzip", framed(magicAlphaComp, []byte("plain text, not gzip")), "stealth.novelai"},
		{"gzip cut short", framed(magicAlphaComp, gz([]byte(strings.Repeat("long text ", 500)))[:40]), "stealth.a1111"},
	}
	for _, tc := range tests {
		img := picture(24, 24, 9)
		hideAlpha(img, tc.data)
		sigs, warns := runPass(t, img)
		if len(sigs) != 1 || sigs[0].ID != tc.id || sigs[0].Evidence["damaged"] != true || len(warns) != 1 {
			t.Errorf("%s: signals %v warnings %v", tc.name, sigs, warns)
		}
	}
}

func TestInflateLimit(t *testing.T) {
	img := picture(100, 100, 10)
	hideAlpha(img, framed(magicAlphaComp, gz(bytes.Repeat([]byte("a"), 5000))))
	f := readStealth(t.Context(), alphaStream(img), 1000)
	if f == nil || !f.truncated || len(f.text) != 1000 || f.err != nil {
		t.Fatalf("got %+v", f)
	}
}

// A compressed payload draws on the file's decompression allowance: a
// payload under the per-block cap stops where the file's allowance ends.
func TestInflateAllowance(t *testing.T) {
	img := picture(300, 300, 10)
	hideAlpha(img, framed(magicAlphaComp, gz(bytes.Repeat([]byte("a"), 1<<20))))
	allow := container.NewAllowance(100 << 10)
	f := readStealth(container.WithAllowance(t.Context(), allow), alphaStream(img), 16<<20)
	if f == nil || !errors.Is(f.err, container.ErrAllowance) || f.truncated {
		t.Fatalf("got %+v, want the allowance spent", f)
	}
	if len(f.text) > 100<<10+64<<10 || allow.Used() > 100<<10+64<<10 {
		t.Errorf("read %d bytes, charged %d, on an allowance of %d", len(f.text), allow.Used(), 100<<10)
	}
	// Within it, the payload is read whole and charged.
	allow = container.NewAllowance(4 << 20)
	f = readStealth(container.WithAllowance(t.Context(), allow), alphaStream(img), 16<<20)
	if f == nil || f.err != nil || len(f.text) != 1<<20 || allow.Used() != 1<<20 {
		t.Fatalf("got err %v, %d bytes, charged %d", f.err, len(f.text), allow.Used())
	}
}

func TestPromptTruncated(t *testing.T) {
	img := picture(200, 200, 11)
	long := strings.Repeat("é", 400)
	hideAlpha(img, framed(magicAlphaPlain, []byte(long+"\nSteps: 1")))
	sigs, _ := runPass(t, img)
	if len(sigs) != 1 || sigs[0].Evidence["promptTruncated"] != true || len([]rune(sigs[0].Evidence["prompt"].(string))) != maxEvidenceText {
		t.Fatalf("got %v", sigs)
	}
}
