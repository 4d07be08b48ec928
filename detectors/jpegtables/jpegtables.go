// Package jpegtables reads a JPEG's encoder traces: the quantisation tables
// (and the quality they stand for), the Huffman tables, the chroma
// subsampling and the order of the marker segments. Together they say which
// kind of writer saved the file last — a library with the standard tables,
// a camera's firmware, Adobe's encoder — which a reviewer can hold against
// what the metadata claims.
//
// These are facts about the last save, not about the picture: a camera
// photo re-saved by any web pipeline carries library tables, and an AI image
// saved as JPEG looks like any other library output.
package jpegtables

import (
	"context"

	"github.com/provcheck/provcheck/detectors"
)

// Detector reads the JPEG tables and layout.
var Detector = &detectors.Detector{
	Name: "jpegtables",
	Doc: "Reads a JPEG's quantisation and Huffman tables, chroma subsampling and marker layout: the quality " +
		"of the last save (exact for libjpeg tables, estimated otherwise), the encoder family (libjpeg, camera, " +
		"Adobe) and layout anomalies. jpeg.* signals are facts about the last save (info): library tables under " +
		"a camera's EXIF often mean a re-save, but many cameras write those tables too.",
	Version: 1,
	Media:   []string{"image/jpeg"},
	Run:     run,
}

func run(ctx context.Context, p *detectors.Pass) error {
	if p.Inv == nil || p.Inv.Format != "jpeg" {
		return nil
	}
	var data []byte
	if p.File != nil {
		data = p.File.Data
	}
	a := analyse(p.Inv, data)
	for _, msg := range a.problems {
		p.Warn("malformed", "jpegtables: "+msg)
	}
	if a.luma == nil {
		return nil // no tables before the first scan: nothing to read
	}
	for _, s := range signals(a, p) {
		p.Report(s)
	}
	return nil
}
