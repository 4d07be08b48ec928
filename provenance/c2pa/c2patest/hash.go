package c2patest

import (
	"crypto/sha256"
	"encoding/binary"
	"hash/crc32"

	"github.com/fxamacker/cbor/v2"

	"github.com/provcheck/provcheck/provenance/c2pa"
)

func crc32png(b []byte) uint32 { return crc32.ChecksumIEEE(b) }

// bindingHash computes the hard-binding hash of a fixture: the file minus
// the excluded range, or for BMFF the v2 hash of the top-level boxes other
// than ftyp and the C2PA uuid box, each preceded by its offset.
func bindingHash(format string, file []byte, excl [2]int64) ([]byte, error) {
	h := sha256.New()
	if format != "bmff" {
		h.Write(file[:excl[0]])
		h.Write(file[excl[0]+excl[1]:])
		return h.Sum(nil), nil
	}
	for pos := 0; pos+8 <= len(file); {
		n := int(binary.BigEndian.Uint32(file[pos:]))
		typ := string(file[pos+4 : pos+8])
		excluded := typ == "ftyp" || (typ == "uuid" && string(file[pos+8:pos+24]) == string(bmffUUID)) || typ == "mfra"
		if !excluded {
			var off [8]byte
			binary.BigEndian.PutUint64(off[:], uint64(pos))
			h.Write(off[:])
			h.Write(file[pos : pos+n])
		}
		pos += n
	}
	return h.Sum(nil), nil
}

// boxHashes returns the CBOR box maps of a box hash over file, one per
// layout unit, the C2PA store left unhashed. The store's size is fixed
// before this runs, so the units and their bytes do not change when the
// real store replaces the sizing one.
func boxHashes(file []byte) ([]byte, error) {
	loc, err := c2pa.Locate(file, c2pa.Limits{})
	if err != nil {
		return nil, err
	}
	var boxes []any
	for _, u := range loc.Layout {
		h := []byte{}
		if u.Name != "C2PA" {
			s := sha256.Sum256(file[u.Offset : u.Offset+u.Length])
			h = s[:]
		}
		boxes = append(boxes, map[string]any{"names": []string{u.Name}, "hash": h})
	}
	return cbor.Marshal(boxes)
}
