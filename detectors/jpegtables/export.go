package jpegtables

import "github.com/provcheck/provcheck/provenance/container"

// LumaTable returns the quantisation table the first frame's first
// component (luma) is dequantised with, read from the DQT segments before
// the first scan, and whether there is one. Pixel checks that work on the
// decoded luminance (the double-compression test of detectors/forensics)
// need the steps of the last save; data is the file, as for the detector.
func LumaTable(inv *container.Inventory, data []byte) (Table, bool) {
	if inv == nil || inv.Format != "jpeg" {
		return Table{}, false
	}
	a := analyse(inv, data)
	if a.luma == nil {
		return Table{}, false
	}
	return *a.luma, true
}

// IJGLuma returns the luma table libjpeg writes at quality q (clamped to
// 1..100), in natural order.
func IJGLuma(q int) [64]uint16 {
	return ijg[min(max(q, 1), 100)-1][0]
}
