package container

import (
	"bytes"
	"context"
	"fmt"
)

// walker reads one container format into inv. It returns an error only when
// nothing usable could be read; damage after a good start is a Warning.
type walker func(ctx context.Context, inv *Inventory, data []byte, lim Limits) error

var walkers = map[string]walker{
	"jpeg": walkJPEG,
	"png":  walkPNG,
	"gif":  walkGIF,
	"webp": walkRIFF,
	"riff": walkRIFF,
	"tiff": walkTIFF,
	"bmff": walkBMFF,
	"text": walkText,
	"html": walkHTML,
	"docx": walkDOCX,
	"pdf":  walkPDF,
	"psd":  walkPSD,
	"jxl":  walkJXL,
	"mp3":  walkID3,
	"c2pa": walkStore,
}

// Sniff names the container of data by its magic bytes, never by a file
// name: an extension can lie.
func Sniff(data []byte) (format, mediaType string) {
	switch {
	case bytes.HasPrefix(data, []byte{0xFF, 0xD8, 0xFF}):
		return "jpeg", "image/jpeg"
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		return "png", "image/png"
	case bytes.HasPrefix(data, []byte("GIF87a")), bytes.HasPrefix(data, []byte("GIF89a")):
		return "gif", "image/gif"
	case len(data) >= 12 && string(data[0:4]) == "RIFF" && string(data[8:12]) == "WEBP":
		return "webp", "image/webp"
	case len(data) >= 12 && string(data[0:4]) == "RIFF":
		switch string(data[8:12]) {
		case "WAVE":
			return "riff", "audio/wav"
		case "AVI ":
			return "riff", "video/x-msvideo"
		}
		return "riff", "application/octet-stream"
	case bytes.HasPrefix(data, []byte("II*\x00")), bytes.HasPrefix(data, []byte("MM\x00*")):
		return "tiff", "image/tiff"
	case len(data) >= 12 && string(data[4:8]) == "ftyp":
		return "bmff", bmffMediaType(data)
	case len(data) >= 6 && string(data[:4]) == "8BPS" && (data[5] == 1 || data[5] == 2) && data[4] == 0:
		return "psd", "image/vnd.adobe.photoshop"
	case bytes.HasPrefix(data, jxlSignature):
		return "jxl", "image/jxl"
	case len(data) >= 12 && string(data[4:8]) == "jumb":
		// A bare JUMBF box: a C2PA manifest store, as in a sidecar.
		return "c2pa", "application/c2pa"
	case bytes.HasPrefix(data, id3Signature) && len(data) >= 10:
		return "mp3", "audio/mpeg"
	case bytes.HasPrefix(data, []byte("%PDF-")):
		return "pdf", "application/pdf"
	case bytes.HasPrefix(data, []byte("PK\x03\x04")) && isDOCX(data):
		return "docx", mediaDOCX
	}
	if looksLikeText(data) {
		if looksLikeHTML(data) {
			return "html", "text/html"
		}
		return "text", "text/plain"
	}
	return "unknown", "application/octet-stream"
}

// bmffMediaType maps the ftyp major brand (and, failing that, compatible
// brands) to a media type.
func bmffMediaType(data []byte) string {
	size := int(be32(data[0:4]))
	if size < 16 || size > len(data) {
		size = min(len(data), 64)
	}
	brands := []string{string(data[8:12])}
	for i := 16; i+4 <= size; i += 4 {
		brands = append(brands, string(data[i:i+4]))
	}
	for _, b := range brands {
		switch b {
		case "heic", "heix", "heim", "heis", "hevc", "hevx":
			return "image/heic"
		case "avif", "avis":
			return "image/avif"
		case "mif1", "msf1":
			return "image/heif"
		case "qt  ":
			return "video/quicktime"
		case "M4A ", "M4B ":
			return "audio/mp4"
		case "isom", "iso2", "mp41", "mp42", "avc1", "dash", "iso6", "mp71":
			return "video/mp4"
		}
	}
	return "video/mp4"
}

// Walk sniffs data and walks its container once. An unknown format is not an
// error: the Inventory says "unknown" and detectors that need a container
// skip the file.
func Walk(ctx context.Context, data []byte, lim Limits) (*Inventory, error) {
	lim = lim.withDefaults()
	format, mt := Sniff(data)
	inv := &Inventory{Format: format, MediaType: mt}
	if err := ctx.Err(); err != nil {
		return inv, err
	}
	w, ok := walkers[format]
	if !ok {
		if err := unreadableUnknown(data); err != nil {
			return inv, err
		}
		return inv, nil
	}
	if AllowanceFrom(ctx) == nil {
		ctx = WithAllowance(ctx, NewAllowance(lim.MaxInflateFile))
	}
	if err := w(ctx, inv, data, lim); err != nil {
		return inv, fmt.Errorf("%s: %w", format, err)
	}
	if err := inv.nothingRead(); err != nil {
		return inv, fmt.Errorf("%s: %w", format, err)
	}
	capBody(inv, lim)
	if inv.Width > 0 && inv.Height > 0 && int64(inv.Width)*int64(inv.Height) > lim.MaxPixels {
		inv.Warn("limit", 0, "dimensions %dx%d exceed the pixel limit %d; pixels will not be decoded", inv.Width, inv.Height, lim.MaxPixels)
	}
	return inv, nil
}

// nothingRead returns an error when a walk that went on past damage still
// read nothing from the file: no dimensions, no metadata block, no text, no
// frame, no other payload, and no whole structural unit past the signature
// or header. Such a file is unreadable, not "a file without signals": a
// report that called it no-signals would count it among the files that
// were looked at. A walk that read anything keeps it, and its damage stays
// a warning. Only damage makes a file unreadable: a valid file that holds
// nothing provcheck records has no truncated or malformed warning. The
// document walkers (PDF, DOCX) and the text walkers decide for themselves
// (a PDF without objects, a DOCX without its document part).
func (inv *Inventory) nothingRead() error {
	switch inv.Format {
	case "pdf", "docx", "text", "html":
		return nil
	}
	if inv.Width > 0 || inv.Height > 0 || inv.Frames > 0 || inv.Body != "" ||
		len(inv.EXIF)+len(inv.XMP)+len(inv.IPTC)+len(inv.ICC)+len(inv.C2PA)+len(inv.Text)+len(inv.Other) > 0 {
		return nil
	}
	var first *Warning
	damaged := map[int64]bool{} // offsets of the units the damage is in
	for i, w := range inv.Warnings {
		if w.Code == "truncated" || w.Code == "malformed" {
			damaged[w.Offset] = true
			if first == nil {
				first = &inv.Warnings[i]
			}
		}
	}
	if first == nil {
		return nil
	}
	for i, s := range inv.Segments {
		if i > 0 && !damaged[s.Offset] {
			return nil // a whole unit was read
		}
	}
	sentinel := ErrMalformed
	if first.Code == "truncated" {
		sentinel = ErrTruncated
	}
	return fmt.Errorf("nothing could be read before the damage (%s): %w", first, sentinel)
}

// knownSignatures are the magic bytes Sniff recognises that are long
// enough for a file to end inside them.
var knownSignatures = []struct{ name, sig string }{
	{"PNG", "\x89PNG\r\n\x1a\n"},
	{"JPEG", "\xFF\xD8\xFF"},
	{"GIF", "GIF89a"},
	{"GIF", "GIF87a"},
	{"TIFF", "II*\x00"},
	{"TIFF", "MM\x00*"},
	{"PDF", "%PDF-"},
	{"ZIP", "PK\x03\x04"},
	{"RIFF", "RIFF"},
	{"JPEG XL", string(jxlSignature)},
}

// unreadableUnknown says why a file no walker took cannot be read at all,
// or returns nil for a file that is simply of a format provcheck does not
// know: a file that ends inside a known signature was cut short, and a
// ZIP archive whose central directory cannot be found is no archive at
// all (a readable ZIP that is not a DOCX is just another format).
func unreadableUnknown(data []byte) error {
	for _, k := range knownSignatures {
		if len(data) < len(k.sig) && bytes.HasPrefix([]byte(k.sig), data) {
			return fmt.Errorf("the file ends after %d bytes, inside the %s signature: %w", len(data), k.name, ErrTruncated)
		}
	}
	if bytes.HasPrefix(data, []byte("PK\x03\x04")) {
		if _, err := findZipDirectory(data); err != nil {
			return fmt.Errorf("zip: %w", err)
		}
	}
	return nil
}

func be32(b []byte) uint32 {
	return uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3])
}
func be16(b []byte) uint16 { return uint16(b[0])<<8 | uint16(b[1]) }
func le32(b []byte) uint32 {
	return uint32(b[3])<<24 | uint32(b[2])<<16 | uint32(b[1])<<8 | uint32(b[0])
}
func le16(b []byte) uint16 { return uint16(b[1])<<8 | uint16(b[0]) }
