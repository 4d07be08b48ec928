package forensics

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/jpeg"
	"path/filepath"
	"slices"

	"github.com/disintegration/imaging"

	"github.com/provcheck/provcheck/detectors"
)

// Visual aids for a reviewer. They are not scored: both show where the
// picture's compression or noise differs from its surroundings, which a
// trained eye can read and an automatic threshold cannot (forensics.md
// §3.4-3.6).
const (
	// aidSide bounds the aids: detail beyond it is seldom needed to see a
	// region stand out, and it keeps the cost fixed for huge images.
	aidSide = 2048
	// elaQuality is the re-save quality of the error-level image.
	elaQuality = 90
)

// WriteAids writes two PNG files into dir for img (at most aidSide pixels
// on the longer side) and returns their paths; base is a plain file name
// (no directory), typically the scanned file's name:
//
//   - base+"-ela.png", the error-level image: the absolute difference
//     between the picture and a re-save of it at JPEG quality 90,
//     stretched so the largest difference is white. Regions saved fewer
//     times, or pasted from another source, often stand out.
//   - base+"-noise.png", the noise residual: the luminance minus its 3×3
//     median, stretched the same way. Regions with a different noise
//     texture (retouching, a different camera, generated fill) often
//     stand out.
func WriteAids(img image.Image, dir, base string) ([]string, error) {
	if base == "" || base != filepath.Base(base) {
		return nil, fmt.Errorf("aids: %q is not a plain file name", base)
	}
	ela, noise, err := Aids(img)
	if err != nil {
		return nil, err
	}
	var paths []string
	for _, a := range []struct {
		suffix string
		img    image.Image
	}{{"-ela.png", ela}, {"-noise.png", noise}} {
		p := filepath.Join(dir, base+a.suffix)
		if err := imaging.Save(a.img, p); err != nil {
			return paths, fmt.Errorf("aids: %w", err)
		}
		paths = append(paths, p)
	}
	return paths, nil
}

// Aids returns the error-level image and the noise residual of img (see
// WriteAids), in memory, for callers that must not write files (the web
// page).
func Aids(img image.Image) (ela, noise image.Image, err error) {
	if img == nil {
		return nil, nil, errors.New("aids: no image")
	}
	b := img.Bounds()
	if b.Dx() == 0 || b.Dy() == 0 {
		return nil, nil, errors.New("aids: empty image")
	}
	var src *image.NRGBA
	if max(b.Dx(), b.Dy()) > aidSide {
		src = imaging.Fit(img, aidSide, aidSide, imaging.Box) // reads img once, never copies it whole
	} else {
		src = imaging.Clone(img)
	}
	e, err := errorLevel(src)
	if err != nil {
		return nil, nil, err
	}
	return e, noiseResidual(src), nil
}

// errorLevel re-saves src at elaQuality and returns the stretched absolute
// difference per channel.
func errorLevel(src *image.NRGBA) (*image.NRGBA, error) {
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, src, &jpeg.Options{Quality: elaQuality}); err != nil {
		return nil, fmt.Errorf("aids: re-save: %w", err)
	}
	re, err := jpeg.Decode(&buf)
	if err != nil {
		return nil, fmt.Errorf("aids: re-save: %w", err)
	}
	rs := imaging.Clone(re)
	out := image.NewNRGBA(src.Bounds())
	peak := 1
	for i := 0; i < len(src.Pix); i += 4 {
		for c := range 3 {
			d := int(src.Pix[i+c]) - int(rs.Pix[i+c])
			if d < 0 {
				d = -d
			}
			out.Pix[i+c] = uint8(d)
			peak = max(peak, d)
		}
		out.Pix[i+3] = 0xff
	}
	stretch(out.Pix, peak, true)
	return out, nil
}

// noiseResidual returns |Y − median3×3(Y)|, stretched, as a grey image.
func noiseResidual(src *image.NRGBA) *image.Gray {
	w, h := src.Bounds().Dx(), src.Bounds().Dy()
	y := make([]uint8, w*h)
	for i := range y {
		p := src.Pix[4*i : 4*i+3 : 4*i+3]
		y[i] = uint8((19595*uint32(p[0]) + 38470*uint32(p[1]) + 7471*uint32(p[2]) + 1<<15) >> 16)
	}
	out := image.NewGray(image.Rect(0, 0, w, h))
	var win [9]uint8
	peak := 1
	for r := range h {
		for c := range w {
			n := 0
			for dy := -1; dy <= 1; dy++ {
				for dx := -1; dx <= 1; dx++ {
					yy, xx := min(max(r+dy, 0), h-1), min(max(c+dx, 0), w-1)
					win[n] = y[yy*w+xx]
					n++
				}
			}
			s := win
			slices.Sort(s[:])
			d := int(y[r*w+c]) - int(s[4])
			if d < 0 {
				d = -d
			}
			out.Pix[r*w+c] = uint8(d)
			peak = max(peak, d)
		}
	}
	stretch(out.Pix, peak, false)
	return out
}

// stretch scales samples so that peak becomes 255; with rgba set, every
// fourth sample (alpha) is left alone.
func stretch(pix []byte, peak int, rgba bool) {
	for i := range pix {
		if rgba && i%4 == 3 {
			continue
		}
		pix[i] = uint8(min(int(pix[i])*255/peak, 255))
	}
}

// AidsDetector returns a detector that writes the visual aids of every
// image it sees into dir, named after the file and the start of its hash
// so two files of the same name do not collide. It reports no signals: the
// aids are for a reviewer's eyes, never scored. It is not in the registry;
// the CLI adds it when the user asks for aids, and it shares the file's one
// pixel decode with the other detectors.
func AidsDetector(dir string) *detectors.Detector {
	return &detectors.Detector{
		Name:    "aids",
		Doc:     "Writes an error-level image and a noise-residual map of each image into the aids folder (visual aids, not scored).",
		Version: 1,
		Media:   []string{"image/*"},
		Run: func(ctx context.Context, p *detectors.Pass) error {
			img, err := p.Image()
			if err != nil {
				p.Warn("aids", "no visual aids: "+err.Error())
				return nil
			}
			base := filepath.Base(p.File.Path)
			if base == "." || base == string(filepath.Separator) || base == "" {
				base = "input"
			}
			if len(p.File.SHA256) >= 12 {
				base += "-" + p.File.SHA256[:12]
			}
			if _, err := WriteAids(img, dir, base); err != nil {
				return err
			}
			return nil
		},
	}
}
