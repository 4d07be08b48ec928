package container

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
)

// The ZIP central directory is read here, bounded, before archive/zip sees
// the archive. archive/zip reads every directory record into memory (a
// *zip.File of a few hundred bytes for each 46-byte record), so an archive
// of ten million empty entries would cost gigabytes before a single part
// was read. Walking the records in place costs no memory at all: the walk
// counts every entry, records the layout of the first docxMaxEntries, and
// finds the few parts provcheck reads wherever they sit; archive/zip then
// opens those parts through a view of the file whose directory lists
// nothing else.

const (
	zipLocalSig   = 0x04034b50
	zipCentralSig = 0x02014b50
	zipEndSig     = 0x06054b50
	zip64EndSig   = 0x06064b50
	zip64LocSig   = 0x07064b50
	zipEndLen     = 22
	zipCentralLen = 46
	zipLocalLen   = 30
)

// zipDirectory locates the central directory of an archive.
type zipDirectory struct {
	start int64 // file offset of the first record
	size  int64 // the directory's size as the end record gives it
	base  int64 // bytes before the archive (a self-extracting stub)
}

// zipEntry is one central directory record, as it sits in the file.
type zipEntry struct {
	name       []byte // aliases the record
	rec        []byte // the whole record: fixed part, name, extra, comment
	localOff   int64  // file offset of the local header
	compressed uint64
}

// findZipDirectory reads the end-of-central-directory record (and the
// ZIP64 one when the sizes overflow), as archive/zip does: the last
// signature whose comment fits in the file.
func findZipDirectory(data []byte) (zipDirectory, error) {
	n := len(data)
	if n < zipEndLen {
		return zipDirectory{}, fmt.Errorf("%d bytes are too few for a ZIP archive: %w", n, ErrTruncated)
	}
	end := -1
	for i := n - zipEndLen; i >= 0 && i >= n-zipEndLen-65535; i-- {
		if binary.LittleEndian.Uint32(data[i:]) == zipEndSig &&
			i+zipEndLen+int(binary.LittleEndian.Uint16(data[i+20:])) <= n {
			end = i
			break
		}
	}
	if end < 0 {
		return zipDirectory{}, fmt.Errorf("no end of central directory record (the archive is cut short or is not one): %w", ErrMalformed)
	}
	e := data[end:]
	size, off := int64(binary.LittleEndian.Uint32(e[12:])), int64(binary.LittleEndian.Uint32(e[16:]))
	endOff := int64(end)
	if binary.LittleEndian.Uint16(e[10:]) == 0xFFFF || size == 0xFFFFFFFF || off == 0xFFFFFFFF {
		// ZIP64: a locator just before the end record points at the
		// ZIP64 end record, which holds the real sizes.
		if loc := end - 20; loc >= 0 && binary.LittleEndian.Uint32(data[loc:]) == zip64LocSig {
			p := binary.LittleEndian.Uint64(data[loc+8:])
			if p <= uint64(n-56) && binary.LittleEndian.Uint32(data[p:]) == zip64EndSig {
				size = int64(min(binary.LittleEndian.Uint64(data[p+40:]), uint64(n)))
				off = int64(min(binary.LittleEndian.Uint64(data[p+48:]), uint64(n)))
				endOff = int64(p)
			}
		}
	}
	d := zipDirectory{size: size, base: endOff - size - off}
	// As archive/zip: a stub before the archive shifts every offset,
	// unless the directory is where the offsets say without one.
	if d.base > 0 && off+4 <= int64(n) && binary.LittleEndian.Uint32(data[off:]) == zipCentralSig {
		d.base = 0
	}
	d.start = d.base + off
	if d.start < 0 || d.start >= int64(n) {
		return zipDirectory{}, fmt.Errorf("central directory offset %d is outside the file: %w", off, ErrMalformed)
	}
	return d, nil
}

// entries calls fn for every central directory record, in order, until fn
// returns false or the records end (at the first that is not one, as
// archive/zip reads them). It allocates nothing; rec aliases data.
func (d zipDirectory) entries(data []byte, fn func(e zipEntry) bool) {
	pos := d.start
	for pos+zipCentralLen <= int64(len(data)) {
		r := data[pos:]
		if binary.LittleEndian.Uint32(r) != zipCentralSig {
			return
		}
		nameLen := int64(binary.LittleEndian.Uint16(r[28:]))
		extraLen := int64(binary.LittleEndian.Uint16(r[30:]))
		commentLen := int64(binary.LittleEndian.Uint16(r[32:]))
		total := zipCentralLen + nameLen + extraLen + commentLen
		if pos+total > int64(len(data)) {
			return
		}
		e := zipEntry{
			rec:        r[:total:total],
			localOff:   d.base + int64(binary.LittleEndian.Uint32(r[42:])),
			compressed: uint64(binary.LittleEndian.Uint32(r[20:])),
		}
		e.name = e.rec[zipCentralLen : zipCentralLen+nameLen]
		zip64Sizes(&e, r[zipCentralLen+nameLen:zipCentralLen+nameLen+extraLen], d.base)
		if !fn(e) {
			return
		}
		pos += total
	}
}

// zip64Sizes reads the ZIP64 extra field (id 1) for the values the record
// marks as overflowing: uncompressed size, compressed size, local offset,
// in that order, each present only when its 32-bit field is all ones.
func zip64Sizes(e *zipEntry, extra []byte, base int64) {
	uncompressed32 := binary.LittleEndian.Uint32(e.rec[24:]) == 0xFFFFFFFF
	compressed32 := binary.LittleEndian.Uint32(e.rec[20:]) == 0xFFFFFFFF
	local32 := binary.LittleEndian.Uint32(e.rec[42:]) == 0xFFFFFFFF
	if !uncompressed32 && !compressed32 && !local32 {
		return
	}
	for len(extra) >= 4 {
		id, size := binary.LittleEndian.Uint16(extra), int(binary.LittleEndian.Uint16(extra[2:]))
		if 4+size > len(extra) {
			return
		}
		f := extra[4 : 4+size]
		extra = extra[4+size:]
		if id != 1 {
			continue
		}
		next := func() (uint64, bool) {
			if len(f) < 8 {
				return 0, false
			}
			v := binary.LittleEndian.Uint64(f)
			f = f[8:]
			return v, true
		}
		if uncompressed32 {
			next()
		}
		if compressed32 {
			if v, ok := next(); ok {
				e.compressed = v
			}
		}
		if local32 {
			if v, ok := next(); ok && v < 1<<62 {
				e.localOff = base + int64(v)
			}
		}
		return
	}
}

// dataOffset is where an entry's stored bytes start: after its local
// header, whose name and extra lengths may differ from the directory's.
func (e zipEntry) dataOffset(data []byte) (int64, bool) {
	p := e.localOff
	if p < 0 || p+zipLocalLen > int64(len(data)) || binary.LittleEndian.Uint32(data[p:]) != zipLocalSig {
		return 0, false
	}
	return p + zipLocalLen + int64(binary.LittleEndian.Uint16(data[p+26:])) + int64(binary.LittleEndian.Uint16(data[p+28:])), true
}

// zipHasEntry reports whether the archive's directory names an entry
// called name, reading the directory in place.
func zipHasEntry(data []byte, name string) bool {
	d, err := findZipDirectory(data)
	if err != nil {
		return false
	}
	found := false
	d.entries(data, func(e zipEntry) bool {
		found = string(e.name) == name
		return !found
	})
	return found
}

// zipOpen returns an archive/zip reader over a view of data whose central
// directory holds only the given records: the file's bytes up to its
// directory, the records, and a fresh end record. The entries' offsets
// are unchanged, so archive/zip reads each from its place in the file.
func zipOpen(data []byte, d zipDirectory, recs []zipEntry) (*zip.Reader, error) {
	var dir bytes.Buffer
	for _, e := range recs {
		dir.Write(e.rec)
	}
	off := d.start - d.base
	if off < 0 || off > 0xFFFFFFFE || dir.Len() > 0xFFFFFFFE || len(recs) > 0xFFFE {
		return nil, fmt.Errorf("archive offsets past 4 GiB: %w", ErrUnsupported)
	}
	end := make([]byte, zipEndLen)
	binary.LittleEndian.PutUint32(end, zipEndSig)
	binary.LittleEndian.PutUint16(end[8:], uint16(len(recs)))
	binary.LittleEndian.PutUint16(end[10:], uint16(len(recs)))
	binary.LittleEndian.PutUint32(end[12:], uint32(dir.Len()))
	binary.LittleEndian.PutUint32(end[16:], uint32(off))
	view := &joinedReaderAt{parts: [][]byte{data[:d.start], dir.Bytes(), end}}
	return zip.NewReader(view, view.size())
}

// joinedReaderAt reads several byte slices as one.
type joinedReaderAt struct{ parts [][]byte }

func (j *joinedReaderAt) size() int64 {
	var n int64
	for _, p := range j.parts {
		n += int64(len(p))
	}
	return n
}

func (j *joinedReaderAt) ReadAt(b []byte, off int64) (int, error) {
	if off < 0 {
		return 0, fmt.Errorf("negative offset %d", off)
	}
	n := 0
	for _, p := range j.parts {
		if len(b) == 0 {
			break
		}
		if off >= int64(len(p)) {
			off -= int64(len(p))
			continue
		}
		k := copy(b, p[off:])
		b, n, off = b[k:], n+k, 0
	}
	if len(b) > 0 {
		return n, io.EOF
	}
	return n, nil
}
