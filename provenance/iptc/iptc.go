// Package iptc decodes IPTC-IIM datasets (the Photoshop 0x0404 resource).
package iptc

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// ErrMalformed is wrapped by the error Parse returns when it stops at bytes
// that are not a dataset.
var ErrMalformed = errors.New("iptc: malformed")

// Limits on hostile input. The block is already in memory, so a value
// can be no longer than the block; the dataset cap stops a block of
// millions of empty datasets from growing the result.
const (
	MaxDatasets = 10_000
	// maxLengthBytes is the longest extended length field read (IIM allows
	// any; four bytes already exceed every block).
	maxLengthBytes = 4
)

// Dataset is one IIM dataset.
type Dataset struct {
	Record uint8
	ID     uint8
	Name   string // "ObjectName", "By-line", "Caption-Abstract", "OriginatingProgram"...
	Value  string
	Offset int // within the block
}

const tagMarker = 0x1C

// Parse decodes IIM datasets from data. It stops at the first bytes that
// are not a dataset and returns what it read with an error wrapping
// ErrMalformed; zero padding at the end is not an error.
func Parse(data []byte) ([]Dataset, error) {
	var (
		out  []Dataset
		raws [][]byte
		err  error
	)
	for off := 0; off < len(data); {
		if data[off] != tagMarker {
			if !allZero(data[off:]) {
				err = fmt.Errorf("%w: byte 0x%02x at %d is not a dataset marker", ErrMalformed, data[off], off)
			}
			break
		}
		if len(out) == MaxDatasets {
			err = fmt.Errorf("%w: more than %d datasets", ErrMalformed, MaxDatasets)
			break
		}
		if off+5 > len(data) {
			err = fmt.Errorf("%w: dataset header at %d truncated", ErrMalformed, off)
			break
		}
		rec, id := data[off+1], data[off+2]
		n := int(data[off+3])<<8 | int(data[off+4])
		start := off + 5
		if n&0x8000 != 0 {
			// Extended dataset: the low 15 bits count the bytes of the
			// real length that follows.
			k := n & 0x7FFF
			if k == 0 || k > maxLengthBytes || start+k > len(data) {
				err = fmt.Errorf("%w: dataset %d:%d at %d: bad extended length of %d bytes", ErrMalformed, rec, id, off, k)
				break
			}
			n = 0
			for _, c := range data[start : start+k] {
				n = n<<8 | int(c)
			}
			start += k
		}
		if n > len(data)-start {
			err = fmt.Errorf("%w: dataset %d:%d at %d: %d-byte value overruns the %d-byte block", ErrMalformed, rec, id, off, n, len(data))
			break
		}
		out = append(out, Dataset{Record: rec, ID: id, Name: datasetName(rec, id), Offset: off})
		raws = append(raws, data[start:start+n])
		off = start + n
	}
	utf8Declared := false
	for i, d := range out {
		if d.Record == 1 && d.ID == 90 {
			utf8Declared = isUTF8Escape(raws[i])
		}
	}
	for i := range out {
		out[i].Value = value(out[i].Record, out[i].ID, raws[i], utf8Declared)
	}
	return out, err
}

func allZero(b []byte) bool {
	for _, c := range b {
		if c != 0 {
			return false
		}
	}
	return true
}

// isUTF8Escape reports whether a 1:90 CodedCharacterSet value is the ISO
// 2022 escape for UTF-8, ESC % G.
func isUTF8Escape(b []byte) bool {
	return bytes.Equal(bytes.TrimRight(b, "\x00"), []byte{0x1B, '%', 'G'})
}

// value renders a dataset value. The few binary datasets are numbers; the
// character set escape is named; text is UTF-8 when declared or valid, and
// Latin-1 otherwise (the IIM default for Western writers).
func value(rec, id uint8, raw []byte, utf8Declared bool) string {
	if binaryDataset(rec, id) && len(raw) <= 4 {
		n := 0
		for _, c := range raw {
			n = n<<8 | int(c)
		}
		return strconv.Itoa(n)
	}
	if rec == 1 && id == 90 {
		if isUTF8Escape(raw) {
			return "UTF-8"
		}
		return strings.ReplaceAll(fmt.Sprintf("%q", raw), `\x1b`, "ESC ")
	}
	s := strings.TrimRight(string(raw), "\x00")
	if utf8Declared {
		return strings.ToValidUTF8(s, "\uFFFD")
	}
	if utf8.ValidString(s) {
		return s
	}
	r := make([]rune, len(s))
	for i := range len(s) {
		r[i] = rune(s[i])
	}
	return string(r)
}

// binaryDataset lists the datasets IIM defines as binary numbers.
func binaryDataset(rec, id uint8) bool {
	switch {
	case rec == 1 && (id == 0 || id == 20 || id == 22):
		return true
	case rec == 2 && (id == 0 || id == 200 || id == 201):
		return true
	}
	return false
}
