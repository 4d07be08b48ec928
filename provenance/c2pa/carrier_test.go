package c2pa_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/provcheck/provcheck/internal/corpus"
	"github.com/provcheck/provcheck/provenance/container"
)

// carrierDirs are the folders whose every file the container walker's C2PA
// carrier record is checked on.
var carrierDirs = []string{
	corpusDir("c2pa"),
	corpusDir("c2pa-conformance"),
	corpusDir("images"),
	"../../testdata",
	"../container/testdata",
}

// corpusDir is a folder of the shared corpus; the test uses whichever of
// these folders exist.
func corpusDir(sub string) string {
	p, _ := corpus.Has(sub)
	return p
}

// sdkEmbedded reads which corpus files the official SDK found an embedded
// store in (reference.jsonl), by path.
func sdkEmbedded(t *testing.T) map[string]bool {
	out := map[string]bool{}
	for _, dir := range carrierDirs[:2] {
		f, err := os.Open(filepath.Join(dir, "reference.jsonl"))
		if err != nil {
			continue
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(nil, 1<<24)
		for sc.Scan() {
			var r struct {
				File           string  `json:"file"`
				HasManifest    bool    `json:"has_manifest"`
				ManifestSource *string `json:"manifest_source"`
			}
			if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
				t.Fatal(err)
			}
			out[filepath.Join(dir, r.File)] = r.HasManifest && r.ManifestSource != nil && *r.ManifestSource == "embedded"
		}
		f.Close()
	}
	return out
}

// TestCarrierRecords walks every corpus and testdata file and checks the
// carrier the container walk records, format by format: the store is found
// exactly where the official SDK finds an embedded one (reference.jsonl),
// every part and layout unit lies inside the file in order, a store kept
// as stored lies inside its part.
// (It replaced the agreement test against the retired per-format locators,
// which every format passed on every one of these files before they went.)
func TestCarrierRecords(t *testing.T) {
	sdk := sdkEmbedded(t)
	type tally struct{ files, stores, sdk, sdkAgree int }
	per := map[string]*tally{}
	for _, dir := range carrierDirs {
		if _, err := os.Stat(dir); err != nil {
			continue
		}
		err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || strings.HasSuffix(path, ".csv") || strings.HasSuffix(path, ".jsonl") {
				return err
			}
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			inv, _ := container.Walk(context.Background(), data, container.Limits{})
			c := inv.Carrier
			want, known := sdk[path]
			if c == nil {
				if known && want {
					t.Errorf("%s (%s): the SDK reads an embedded store; the walk records no carrier", path, inv.Format)
				}
				return nil
			}
			tl := per[c.Format]
			if tl == nil {
				tl = &tally{}
				per[c.Format] = tl
			}
			tl.files++
			has := len(c.Store) > 0
			if has {
				tl.stores++
			}
			if known {
				tl.sdk++
				if has == want {
					tl.sdkAgree++
				} else if want {
					t.Errorf("%s (%s): the SDK reads an embedded store; the carrier has none (%v)", path, c.Format, c.Problems)
				} else {
					t.Logf("%s (%s): a store the SDK does not read (%d bytes)", path, c.Format, len(c.Store))
				}
			}
			if msg := carrierProblem(c, data); msg != "" {
				t.Errorf("%s (%s): %s", path, c.Format, msg)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if len(per) == 0 {
		t.Skip("no corpus available")
	}
	formats := make([]string, 0, len(per))
	for f := range per {
		formats = append(formats, f)
	}
	sort.Strings(formats)
	for _, f := range formats {
		tl := per[f]
		t.Logf("%-5s %3d files, %3d with a store; SDK reference on %d, agreeing on %d", f, tl.files, tl.stores, tl.sdk, tl.sdkAgree)
	}
}

// storedAsIs are the formats whose store bytes are the file's bytes, not
// reassembled (JPEG APP11, GIF sub-blocks) or decoded (SVG base64, PDF
// streams).
var storedAsIs = map[string]bool{"png": true, "riff": true, "bmff": true, "tiff": true, "jxl": true, "mp3": true, "c2pa": true}

func carrierProblem(c *container.C2PACarrier, data []byte) string {
	size := int64(len(data))
	prev := int64(0)
	for _, u := range c.Layout {
		if u.Offset < prev || u.Length < 0 || u.Offset+u.Length > size {
			return fmt.Sprintf("layout unit %s@%d+%d out of order or outside the %d-byte file", u.Type, u.Offset, u.Length, size)
		}
		prev = u.Offset + u.Length
	}
	if len(c.Store) == 0 {
		return ""
	}
	if len(c.Parts) == 0 {
		return "a store without parts"
	}
	for _, p := range c.Parts {
		if p.Offset < 0 || p.Length <= 0 || p.Offset+p.Length > size {
			return fmt.Sprintf("part %d+%d outside the %d-byte file", p.Offset, p.Length, size)
		}
	}
	if storedAsIs[c.Format] {
		p := c.Parts[0]
		if !strings.Contains(string(data[p.Offset:p.Offset+p.Length]), string(c.Store)) {
			return "the store is not inside its part"
		}
	}
	return ""
}
