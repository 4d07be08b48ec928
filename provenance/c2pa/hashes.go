package c2pa

import (
	"crypto/sha256"
	"crypto/sha512"
	"encoding/binary"
	"fmt"
	"hash"
	"slices"
	"strings"
)

// newHash returns the hash named by a C2PA alg string.
func newHash(alg string) (hash.Hash, error) {
	switch alg {
	case "sha256":
		return sha256.New(), nil
	case "sha384":
		return sha512.New384(), nil
	case "sha512":
		return sha512.New(), nil
	}
	return nil, fmt.Errorf("hash algorithm %q: %w", alg, errAlgUnsupported)
}

func digest(alg string, parts ...[]byte) ([]byte, error) {
	h, err := newHash(alg)
	if err != nil {
		return nil, err
	}
	for _, p := range parts {
		h.Write(p)
	}
	return h.Sum(nil), nil
}

// hashChunk is how much of an asset one hash call takes. The hashes run
// in assembly the scheduler cannot interrupt: one call over a whole large
// file would hold up the collector's stop-the-world phases, and with them
// every other goroutine, for milliseconds.
const hashChunk = 128 << 10

// writeChunked writes b to h in pieces of hashChunk.
func writeChunked(h hash.Hash, b []byte) {
	for len(b) > 0 {
		n := min(len(b), hashChunk)
		h.Write(b[:n])
		b = b[n:]
	}
}

// Exclusion is a byte range a data hash leaves out.
type Exclusion struct {
	Start  int64 `cbor:"start" json:"start"`
	Length int64 `cbor:"length" json:"length"`
}

// DataHash is a c2pa.hash.data assertion.
type DataHash struct {
	Exclusions []Exclusion `cbor:"exclusions,omitempty" json:"exclusions,omitempty"`
	Alg        string      `cbor:"alg,omitempty" json:"alg,omitempty"`
	Hash       []byte      `cbor:"hash" json:"hash"`
	Name       string      `cbor:"name,omitempty" json:"name,omitempty"`
}

// hashWithExclusions hashes data leaving out the exclusions, which must be
// inside data; overlapping or unsorted exclusions are merged.
func hashWithExclusions(alg string, data []byte, excl []Exclusion) ([]byte, error) {
	h, err := newHash(alg)
	if err != nil {
		return nil, err
	}
	ex := slices.Clone(excl)
	slices.SortFunc(ex, func(a, b Exclusion) int { return int(min(max(a.Start-b.Start, -1), 1)) })
	pos := int64(0)
	for _, e := range ex {
		if e.Start < 0 || e.Length < 0 || e.Start > int64(len(data)) || e.Length > int64(len(data))-e.Start {
			return nil, fmt.Errorf("exclusion %d+%d outside the %d-byte asset: %w", e.Start, e.Length, len(data), ErrMalformed)
		}
		if e.Start > pos {
			writeChunked(h, data[pos:e.Start])
		}
		pos = max(pos, e.Start+e.Length)
	}
	writeChunked(h, data[pos:])
	return h.Sum(nil), nil
}

// BoxHash is a c2pa.hash.boxes assertion.
type BoxHash struct {
	Boxes []BoxMap `cbor:"boxes" json:"boxes"`
	Alg   string   `cbor:"alg,omitempty" json:"alg,omitempty"`
}

// BoxMap names consecutive layout units hashed together.
type BoxMap struct {
	Names    []string `cbor:"names" json:"names"`
	Alg      string   `cbor:"alg,omitempty" json:"alg,omitempty"`
	Hash     []byte   `cbor:"hash" json:"hash"`
	Excluded bool     `cbor:"excluded,omitempty" json:"excluded,omitempty"`
}

// checkBoxHash compares each box map with the file's layout, in order.
func checkBoxHash(bh *BoxHash, defAlg string, data []byte, layout []Unit) (code, explanation string) {
	if len(layout) == 0 {
		return AssertionBoxesHashMalformed, "the file's layout could not be read"
	}
	i := 0
	for _, bm := range bh.Boxes {
		if len(bm.Names) == 0 {
			return AssertionBoxesHashMalformed, "box map without names"
		}
		start := i
		for _, name := range bm.Names {
			if i >= len(layout) {
				return AssertionBoxesHashMismatch, fmt.Sprintf("box %q is missing from the file", name)
			}
			if layout[i].Name != name {
				return AssertionBoxesHashUnknownBox, fmt.Sprintf("expected box %q at %d, found %q", name, layout[i].Offset, layout[i].Name)
			}
			i++
		}
		if bm.Excluded || (len(bm.Names) == 1 && bm.Names[0] == "C2PA") {
			continue
		}
		alg := firstNonEmpty(bm.Alg, bh.Alg, defAlg)
		h, err := newHash(alg)
		if err != nil {
			return AlgorithmUnsupported, err.Error()
		}
		for _, u := range layout[start:i] {
			writeChunked(h, data[u.Offset:u.Offset+u.Length])
		}
		if got := h.Sum(nil); !slices.Equal(got, bm.Hash) {
			return AssertionBoxesHashMismatch, fmt.Sprintf("boxes %v at %d do not match their hash", bm.Names, layout[start].Offset)
		}
	}
	if i < len(layout) {
		return AssertionBoxesHashMismatch, fmt.Sprintf("box %q at %d and after are not covered by the box hash", layout[i].Name, layout[i].Offset)
	}
	return AssertionBoxesHashMatch, ""
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}

// BMFFHash is a c2pa.hash.bmff.v2/.v3 assertion (and the removed v1).
type BMFFHash struct {
	Exclusions []BMFFExclusion `cbor:"exclusions,omitempty" json:"exclusions,omitempty"`
	Alg        string          `cbor:"alg,omitempty" json:"alg,omitempty"`
	Hash       []byte          `cbor:"hash,omitempty" json:"hash,omitempty"`
	Merkle     []any           `cbor:"merkle,omitempty" json:"-"`
	Name       string          `cbor:"name,omitempty" json:"name,omitempty"`
}

// BMFFExclusion selects boxes by path, with optional constraints.
type BMFFExclusion struct {
	XPath   string       `cbor:"xpath" json:"xpath"`
	Length  *int64       `cbor:"length,omitempty" json:"length,omitempty"`
	Data    []BMFFData   `cbor:"data,omitempty" json:"data,omitempty"`
	Subset  []BMFFSubset `cbor:"subset,omitempty" json:"subset,omitempty"`
	Version *int64       `cbor:"version,omitempty" json:"version,omitempty"`
	Flags   []byte       `cbor:"flags,omitempty" json:"flags,omitempty"`
	Exact   *bool        `cbor:"exact,omitempty" json:"exact,omitempty"`
}

// BMFFData requires bytes at an offset of a box.
type BMFFData struct {
	Offset int64  `cbor:"offset" json:"offset"`
	Value  []byte `cbor:"value" json:"value"`
}

// BMFFSubset excludes part of a box; Length 0 means to its end.
type BMFFSubset struct {
	Offset int64 `cbor:"offset" json:"offset"`
	Length int64 `cbor:"length" json:"length"`
}

const maxBMFFExclusions = 1024

// bmffContainers are the boxes whose children an exclusion path may name;
// meta is a FullBox, its children start after version and flags.
var bmffContainers = map[string]int64{
	"moov": 0, "trak": 0, "mdia": 0, "minf": 0, "stbl": 0, "moof": 0, "traf": 0,
	"mfra": 0, "edts": 0, "dinf": 0, "udta": 0, "mvex": 0, "iprp": 0, "ipco": 0,
	"meta": 4,
}

// bmffMatches returns the boxes under [start,end) whose path is path.
func bmffMatches(data []byte, start, end int64, path []string, depth int, lim Limits, out *[]bmffBox) error {
	if depth > lim.MaxJUMBFDepth || len(*out) > lim.MaxSegments {
		return fmt.Errorf("bmff: %w", ErrLimit)
	}
	for pos := start; pos < end; {
		b, err := readBMFFBox(data, pos, end)
		if err != nil {
			return err
		}
		if b.Type == path[0] {
			if len(path) == 1 {
				*out = append(*out, b)
			} else if skip, ok := bmffContainers[b.Type]; ok {
				if err := bmffMatches(data, pos+b.Header+skip, pos+b.Size, path[1:], depth+1, lim, out); err != nil {
					return err
				}
			}
		}
		pos += b.Size
	}
	return nil
}

// bmffExclusions resolves the exclusion list against the file into byte
// ranges.
func bmffExclusions(bh *BMFFHash, data []byte, lim Limits) ([]Exclusion, error) {
	// Each exclusion walks the box tree; real signers list fewer than ten.
	if len(bh.Exclusions) > maxBMFFExclusions {
		return nil, fmt.Errorf("bmff: %d exclusions: %w", len(bh.Exclusions), ErrLimit)
	}
	var ex []Exclusion
	for _, e := range bh.Exclusions {
		path := splitXPath(e.XPath)
		if len(path) == 0 {
			return nil, fmt.Errorf("bmff: exclusion xpath %q: %w", e.XPath, ErrMalformed)
		}
		var boxes []bmffBox
		if err := bmffMatches(data, 0, int64(len(data)), path, 0, lim, &boxes); err != nil {
			return nil, err
		}
		for _, b := range boxes {
			if !bmffConstraintsHold(e, b, data) {
				continue
			}
			if len(e.Subset) == 0 {
				ex = append(ex, Exclusion{b.Offset, b.Size})
				continue
			}
			for _, s := range e.Subset {
				if s.Offset < 0 || s.Offset > b.Size {
					continue
				}
				n := s.Length
				if n == 0 || s.Offset+n > b.Size {
					n = b.Size - s.Offset
				}
				ex = append(ex, Exclusion{b.Offset + s.Offset, n})
			}
		}
	}
	return ex, nil
}

func splitXPath(x string) []string {
	var out []string
	for _, p := range strings.Split(x, "/") {
		if p == "" {
			continue
		}
		// An index ("trak[1]") is not used by current signers; match the
		// type alone.
		if i := strings.IndexByte(p, '['); i >= 0 {
			p = p[:i]
		}
		out = append(out, p)
	}
	return out
}

func bmffConstraintsHold(e BMFFExclusion, b bmffBox, data []byte) bool {
	if e.Length != nil && *e.Length != b.Size {
		return false
	}
	for _, d := range e.Data {
		at := b.Offset + d.Offset
		if d.Offset < 0 || at+int64(len(d.Value)) > b.Offset+b.Size {
			return false
		}
		if !slices.Equal(data[at:at+int64(len(d.Value))], d.Value) {
			return false
		}
	}
	hdrEnd := b.Offset + b.Header
	if e.Version != nil {
		if hdrEnd >= b.Offset+b.Size || int64(data[hdrEnd]) != *e.Version {
			return false
		}
	}
	if len(e.Flags) > 0 {
		if hdrEnd+4 > b.Offset+b.Size {
			return false
		}
		got := data[hdrEnd+1 : hdrEnd+4]
		exact := e.Exact == nil || *e.Exact
		for i := range min(len(e.Flags), 3) {
			if exact && got[i] != e.Flags[i] {
				return false
			}
			if !exact && got[i]&e.Flags[i] != e.Flags[i] {
				return false
			}
		}
	}
	return true
}

// hashBMFF hashes the file with BMFF exclusions. From v2 on, the offset of
// every top-level box that is not wholly excluded is hashed (8 bytes, big
// endian) before its bytes, so moving boxes breaks the hash.
func hashBMFF(bh *BMFFHash, v2 bool, data []byte, lim Limits) ([]byte, error) {
	alg := bh.Alg
	ex, err := bmffExclusions(bh, data, lim)
	if err != nil {
		return nil, err
	}
	h, err := newHash(alg)
	if err != nil {
		return nil, err
	}
	slices.SortFunc(ex, func(a, b Exclusion) int { return int(min(max(a.Start-b.Start, -1), 1)) })
	// included returns the sub-ranges of [from,to) outside the exclusions.
	included := func(from, to int64) [][2]int64 {
		var out [][2]int64
		pos := from
		for _, e := range ex {
			if e.Start+e.Length <= pos || e.Start >= to {
				continue
			}
			if e.Start > pos {
				out = append(out, [2]int64{pos, e.Start})
			}
			pos = max(pos, e.Start+e.Length)
		}
		if pos < to {
			out = append(out, [2]int64{pos, to})
		}
		return out
	}
	var off [8]byte
	for pos, n := int64(0), 0; pos < int64(len(data)); n++ {
		if n > lim.MaxSegments {
			return nil, fmt.Errorf("bmff: %w", ErrLimit)
		}
		b, err := readBMFFBox(data, pos, int64(len(data)))
		if err != nil {
			return nil, err
		}
		parts := included(pos, pos+b.Size)
		if v2 && len(parts) > 0 {
			binary.BigEndian.PutUint64(off[:], uint64(pos))
			h.Write(off[:])
		}
		for _, r := range parts {
			writeChunked(h, data[r[0]:r[1]])
		}
		pos += b.Size
	}
	return h.Sum(nil), nil
}
