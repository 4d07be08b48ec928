package jpegtables

import (
	"bytes"
	"strconv"
	"strings"

	"github.com/provcheck/provcheck/provenance/container"
)

// Encoder families, from the tables and the segments that name a writer.
const (
	familyIJG       = "ijg"       // the libjpeg tables scaled by quality
	familyPhotoshop = "photoshop" // Adobe's segments with tables of their own
	familyCamera    = "camera"    // own tables and a maker in EXIF
	familyCustom    = "custom"    // own tables, no maker named
)

// Huffman table kinds.
const (
	huffStandard  = "standard"  // every table is an Annex K example table
	huffOptimised = "optimised" // every table is built for this image
	huffMixed     = "mixed"
	huffAbsent    = "absent" // no DHT: the decoder's defaults (Motion JPEG)
)

// analysis is what the tables and the layout of one JPEG say, before the
// first scan (later DQT/DHT segments belong to later scans or frames).
type analysis struct {
	tables    []tableAt
	slots     [4]*Table
	luma      *Table
	chroma    *Table   // the first chroma table; nil for a greyscale frame
	chromas   []*Table // every table a chroma component uses
	huff      []huffTable
	huffKind  string
	ijgQ      int // exact IJG quality, 0 when the tables are not IJG
	nearestQ  int
	deviation float64
	hashSumQ  int
	adobe     bool // APP14 "Adobe"
	photoshop bool // APP13 "Photoshop 3.0" resources
	jfif      bool // APP0 "JFIF"
	layout    []string
	anomalies []string
	problems  []string // damaged tables, for warnings
}

type tableAt struct {
	Table
	offset int64
}

// analyse reads the tables from the inventory; data is the file (may be
// nil, then segment payloads the inventory does not keep are not read).
func analyse(inv *container.Inventory, data []byte) *analysis {
	a := &analysis{}
	firstScan := int64(-1)
	for _, s := range inv.Segments {
		if s.Type == "SOS" {
			firstScan = s.Offset
			break
		}
	}
	before := func(off int64) bool { return firstScan < 0 || off < firstScan }
	for _, b := range inv.Other {
		if !before(b.Offset) {
			continue
		}
		switch b.Source {
		case "DQT":
			ts, err := parseDQT(b.Data)
			if err != nil {
				a.problems = append(a.problems, "DQT at "+strconv.FormatInt(b.Offset, 10)+": "+err.Error())
			}
			for _, t := range ts {
				a.tables = append(a.tables, tableAt{t, b.Offset})
			}
		case "DHT":
			hs, err := parseDHT(b.Data)
			if err != nil {
				a.problems = append(a.problems, "DHT at "+strconv.FormatInt(b.Offset, 10)+": "+err.Error())
			}
			a.huff = append(a.huff, hs...)
		case "APP13":
			a.photoshop = a.photoshop || b.Key == "Photoshop"
		}
	}
	for i := range a.tables {
		a.slots[a.tables[i].Slot] = &a.tables[i].Table // a later table replaces an earlier one
	}
	sel := frameSelectors(inv, data)
	if len(sel) == 0 { // no readable frame header: the usual assignment
		sel = []int{0}
		if inv.Components != 1 {
			sel = append(sel, 1)
		}
	}
	a.luma = a.slots[sel[0]]
	shared, missing := false, false
	for _, s := range sel[1:] {
		switch t := a.slots[s]; {
		case s == sel[0]:
			shared = true
		case t == nil:
			missing = true // a damaged or cut file: no exact claim
		default:
			a.chromas = append(a.chromas, t)
		}
	}
	if len(a.chromas) > 0 {
		a.chroma = a.chromas[0]
	}
	if a.luma != nil {
		if shared {
			// Colour with one table for luma and chroma: not IJG, which
			// always writes a chroma table; the nearest figure compares
			// the luma table alone.
			a.nearestQ, a.deviation = nearestIJG(a.luma, nil)
		} else {
			if !missing {
				a.ijgQ, _ = exactIJG(a.luma, a.chromas)
			}
			a.nearestQ, a.deviation = nearestIJG(a.luma, a.chroma)
		}
	}
	a.hashSumQ = hashSumQuality(a.slots)
	a.huffKind = huffmanKind(a.huff)
	a.readLayout(inv, data)
	return a
}

func huffmanKind(hs []huffTable) string {
	if len(hs) == 0 {
		return huffAbsent
	}
	std := 0
	for _, h := range hs {
		if h.isStandard() {
			std++
		}
	}
	switch std {
	case len(hs):
		return huffStandard
	case 0:
		return huffOptimised
	}
	return huffMixed
}

// frameSelectors returns the quantisation table selector of each component
// of the first frame header, read from its segment.
func frameSelectors(inv *container.Inventory, data []byte) []int {
	for _, s := range inv.Segments {
		if !isSOF(s.Type) {
			continue
		}
		p := payload(data, s)
		if len(p) < 6 {
			return nil
		}
		n := int(p[5])
		var out []int
		for i := 0; i < n && 6+3*i+2 < len(p); i++ {
			sel := int(p[6+3*i+2])
			if sel > 3 {
				return nil // not a valid selector: fall back to the usual assignment
			}
			out = append(out, sel)
		}
		return out
	}
	return nil
}

func isSOF(t string) bool {
	switch t {
	case "SOF0", "SOF1", "SOF2", "SOF3", "SOF5", "SOF6", "SOF7", "SOF9", "SOF10", "SOF11", "SOF13", "SOF14", "SOF15":
		return true
	}
	return false
}

// payload returns a segment's bytes after its marker and length, or nil.
func payload(data []byte, s container.Segment) []byte {
	if s.Offset < 0 || s.Length < 4 || s.Offset+s.Length > int64(len(data)) {
		return nil
	}
	return data[s.Offset+4 : s.Offset+s.Length]
}

// maxLayout caps the recorded layout: the head of a file is what tells
// writers apart, and a file of thousands of segments must not fill a report.
const maxLayout = 40

// readLayout records the marker sequence up to the first scan, and what in
// it no single writer would produce.
func (a *analysis) readLayout(inv *container.Inventory, data []byte) {
	seenFrame, seenTables, scans := false, false, 0
	var exifAt, jfifAt = -1, -1
	for i, s := range inv.Segments {
		if len(a.layout) < maxLayout && scans == 0 {
			a.layout = append(a.layout, s.Type)
		}
		p := payload(data, s)
		switch {
		case s.Type == "APP14" && bytes.HasPrefix(p, []byte("Adobe")):
			a.adobe = true
		case s.Type == "APP0" && bytes.HasPrefix(p, []byte("JFIF\x00")):
			a.jfif = true
			if jfifAt < 0 {
				jfifAt = i
			}
		case s.Type == "APP1" && bytes.HasPrefix(p, []byte("Exif\x00")):
			if exifAt < 0 {
				exifAt = i
			}
		}
		switch {
		case s.Type == "SOS":
			scans++
		case isSOF(s.Type):
			if seenFrame {
				a.note("a second frame header")
			}
			seenFrame = true
		case s.Type == "DQT" || s.Type == "DHT":
			seenTables = true
		case strings.HasPrefix(s.Type, "APP") && scans == 0 && (seenFrame || seenTables):
			a.note("application segment after the tables or frame header")
		case strings.HasPrefix(s.Type, "APP") && scans > 0:
			a.note("application segment after the first scan")
		}
	}
	if jfifAt > 1 {
		a.note("JFIF segment not directly after SOI")
	}
	if exifAt > 1 && !(jfifAt == 1 && exifAt == 2) {
		a.note("EXIF segment not at the start of the file")
	}
	if inv.Trailer.Length > 0 {
		a.note("data after the end-of-image marker")
	}
}

// note records an anomaly once.
func (a *analysis) note(s string) {
	for _, x := range a.anomalies {
		if x == s {
			return
		}
	}
	a.anomalies = append(a.anomalies, s)
}
