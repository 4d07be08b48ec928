// Package iptc decodes IPTC-IIM datasets (the Photoshop 0x0404 resource).
package iptc

import "errors"

// ErrNotImplemented is returned until the decoder lands.
var ErrNotImplemented = errors.New("iptc: not implemented")

// Dataset is one IIM dataset.
type Dataset struct {
	Record uint8
	ID     uint8
	Name   string // "ObjectName", "By-line", "Caption-Abstract", "OriginatingProgram"...
	Value  string
	Offset int // within the block
}

// Parse decodes IIM datasets from data.
func Parse(data []byte) ([]Dataset, error) { return nil, ErrNotImplemented }
