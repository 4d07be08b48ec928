package c2pa_test

import (
	"context"
	"encoding/binary"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/provcheck/provcheck/provenance/c2pa"
	"github.com/provcheck/provcheck/provenance/container"
)

// carrierDirs are the folders whose every file the container walker's C2PA
// carrier record is held to the old locator on.
var carrierDirs = []string{
	"../../../shared/corpus/c2pa",
	"../../../shared/corpus/c2pa-conformance",
	"../../../shared/corpus/images",
	"../../testdata",
	"../container/testdata",
}

// TestCarrierAgreesWithLocator walks every corpus file and checks that the
// carrier the container walk records (store bytes, the parts that hold
// them, the box-hash layout) is what the locator finds, format by format.
// The locator is kept only as this oracle while formats move over.
func TestCarrierAgreesWithLocator(t *testing.T) {
	type tally struct{ files, stores, agree int }
	per := map[string]*tally{}
	seen := 0
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
			loc, lerr := c2pa.Locate(data, c2pa.Limits{})
			if loc == nil || inv.Carrier == nil {
				// Not a container both read.
				return nil
			}
			seen++
			tl := per[loc.Format]
			if tl == nil {
				tl = &tally{}
				per[loc.Format] = tl
			}
			tl.files++
			if lerr == nil {
				tl.stores++
			}
			if loc.Format == "pdf" && lerr != nil && len(inv.Carrier.Store) > 0 {
				// The associated-file path (/AF, a file specification
				// with /AFRelationship /C2PA_Manifest and no /Subtype)
				// finds stores the locator, which wants the subtype,
				// misses.
				t.Logf("%s: store found through /AF only", path)
				tl.agree++
				return nil
			}
			if diff := carrierDiff(inv.Carrier, loc, lerr); diff != "" {
				t.Errorf("%s (%s): carrier and locator disagree: %s", path, loc.Format, diff)
				return nil
			}
			tl.agree++
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if seen == 0 {
		t.Skip("no corpus available")
	}
	formats := make([]string, 0, len(per))
	for f := range per {
		formats = append(formats, f)
	}
	sort.Strings(formats)
	for _, f := range formats {
		tl := per[f]
		t.Logf("%-5s %3d files (%d with a store): %d agree", f, tl.files, tl.stores, tl.agree)
	}
}

// paddedBMFF accepts a BMFF store the walker cut at its JUMBF length where
// the locator kept the uuid box's padding after it.
func paddedBMFF(c *container.C2PACarrier, loc *c2pa.Location) bool {
	n := len(c.Store)
	return c.Format == "bmff" && n >= 8 && n < len(loc.Store) && slices.Equal(c.Store, loc.Store[:n]) &&
		int(binary.BigEndian.Uint32(c.Store)) == n
}

func carrierDiff(c *container.C2PACarrier, loc *c2pa.Location, lerr error) string {
	if c.Format != loc.Format {
		return fmt.Sprintf("format %q, locator %q", c.Format, loc.Format)
	}
	if lerr != nil {
		if len(c.Store) > 0 {
			return fmt.Sprintf("carrier holds a store of %d bytes, locator none (%v)", len(c.Store), lerr)
		}
	} else if !slices.Equal(c.Store, loc.Store) && !paddedBMFF(c, loc) {
		return fmt.Sprintf("store of %d bytes, locator %d", len(c.Store), len(loc.Store))
	}
	var parts []c2pa.Range
	for _, p := range c.Parts {
		parts = append(parts, c2pa.Range{Offset: p.Offset, Length: p.Length})
	}
	if lerr == nil && !slices.Equal(parts, loc.Parts) {
		return fmt.Sprintf("parts %v, locator %v", parts, loc.Parts)
	}
	n := max(len(c.Layout), len(loc.Layout))
	for i := range n {
		var a, b string
		if i < len(c.Layout) {
			u := c.Layout[i]
			a = fmt.Sprintf("%s@%d+%d", u.Type, u.Offset, u.Length)
		}
		if i < len(loc.Layout) {
			u := loc.Layout[i]
			b = fmt.Sprintf("%s@%d+%d", u.Name, u.Offset, u.Length)
		}
		if a != b {
			return fmt.Sprintf("layout unit %d: %q, locator %q", i, a, b)
		}
	}
	return ""
}
