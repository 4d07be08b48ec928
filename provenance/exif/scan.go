package exif

import (
	"encoding/binary"
	"fmt"
)

// IFD names as reported in Field.IFD.
const (
	ifd0       = "IFD0"
	ifd1       = "IFD1"
	ifdExif    = "Exif"
	ifdGPS     = "GPS"
	ifdInterop = "Interop"
)

// Pointer tags that link IFD0 and the Exif IFD to their sub-IFDs.
const (
	tagExifPointer    = 0x8769
	tagGPSPointer     = 0x8825
	tagInteropPointer = 0xA005
	tagThumbOffset    = 0x0201
	tagThumbLength    = 0x0202
)

// Bounds of the structural scan. Real EXIF blocks have two chained IFDs and
// a few hundred entries in all.
const (
	maxChainedIFDs = 8
	maxIFDs        = 16
	maxEntries     = 4096
)

// typeSize is the byte size of one value of each TIFF type; zero for a type
// TIFF does not define.
func typeSize(typ uint16) uint64 {
	switch typ {
	case 1, 2, 6, 7: // BYTE, ASCII, SBYTE, UNDEFINED
		return 1
	case 3, 8: // SHORT, SSHORT
		return 2
	case 4, 9, 11, 13: // LONG, SLONG, FLOAT, IFD
		return 4
	case 5, 10, 12: // RATIONAL, SRATIONAL, DOUBLE
		return 8
	}
	return 0
}

// entry is one IFD entry as the scan read it. val aliases the block and is
// nil when the value lies outside it or its type is unknown.
type entry struct {
	ifd   string
	tag   uint16
	typ   uint16
	count uint32
	val   []byte
}

// scanResult is the structure of one block as far as it could be read.
type scanResult struct {
	order   binary.ByteOrder
	entries []entry
	// err is the first damage met after IFD0's header was read.
	err error
	// unsafe says why the block must not reach goexif: it has no bound on
	// the allocations a value count asks for and follows IFD chains without
	// loop detection beyond a self-link.
	unsafe string
}

// scan reads the IFD0 chain and the Exif, GPS and Interop sub-IFDs, never
// past the block and never twice the same IFD. It fails only when not one
// entry of IFD0 can be read.
func scan(b []byte) (*scanResult, error) {
	if len(b) < 8 {
		return nil, fmt.Errorf("%w: %d-byte block", ErrNotTIFF, len(b))
	}
	sc := &scanResult{}
	switch string(b[:4]) {
	case "II*\x00":
		sc.order = binary.LittleEndian
	case "MM\x00*":
		sc.order = binary.BigEndian
	default:
		return nil, fmt.Errorf("%w: starts % x", ErrNotTIFF, b[:4])
	}
	s := scanner{b: b, sc: sc, visited: map[uint32]bool{}}
	off := sc.order.Uint32(b[4:8])
	for i := 0; off != 0; i++ {
		if i == maxChainedIFDs {
			// goexif would read the whole chain, however long.
			s.markUnsafe(fmt.Sprintf("more than %d chained IFDs", maxChainedIFDs))
			s.damage(fmt.Errorf("exif: more than %d chained IFDs", maxChainedIFDs))
			break
		}
		if s.visited[off] {
			// goexif only notices an IFD linking to itself; a longer loop
			// would keep it reading forever.
			s.markUnsafe(fmt.Sprintf("IFD chain loops back to %d", off))
			s.damage(fmt.Errorf("exif: IFD chain loops back to %d", off))
			break
		}
		name := ifd0
		if i == 1 {
			name = ifd1
		} else if i > 1 {
			name = fmt.Sprintf("IFD%d", i)
		}
		next, err := s.readIFD(off, name)
		if err != nil {
			if i == 0 && len(sc.entries) == 0 {
				return nil, err
			}
			s.damage(err)
			break
		}
		off = next
	}
	// Sub-IFD pointers are followed from IFD0 and the Exif IFD only, which
	// is also where goexif looks for them.
	for i := 0; i < len(sc.entries); i++ {
		e := sc.entries[i]
		if e.ifd != ifd0 && e.ifd != ifdExif {
			continue
		}
		var name string
		switch e.tag {
		case tagExifPointer:
			name = ifdExif
		case tagGPSPointer:
			name = ifdGPS
		case tagInteropPointer:
			name = ifdInterop
		default:
			continue
		}
		sub, ok := e.firstUint(sc.order)
		if !ok || s.visited[sub] {
			continue
		}
		if _, err := s.readIFD(sub, name); err != nil {
			s.damage(err)
		}
	}
	if s.alloc > valueBudget(len(b)) {
		s.markUnsafe(fmt.Sprintf("values add up to %d bytes in a %d-byte block", s.alloc, len(b)))
	}
	return sc, nil
}

// valueBudget bounds the bytes of values read from a block of n bytes.
// Values of a sound block do not overlap, so they fit in n; entries that
// share one value to multiply it do not.
func valueBudget(n int) uint64 { return 2*uint64(n) + 64<<10 }

type scanner struct {
	b       []byte
	sc      *scanResult
	visited map[uint32]bool
	ifds    int
	// alloc sums the value sizes goexif would copy and expand.
	alloc uint64
}

func (s *scanner) damage(err error) {
	if s.sc.err == nil {
		s.sc.err = err
	}
}

func (s *scanner) markUnsafe(why string) {
	if s.sc.unsafe == "" {
		s.sc.unsafe = why
	}
}

// readIFD appends the entries of the IFD at off and returns the offset of
// the next IFD in its chain.
func (s *scanner) readIFD(off uint32, name string) (uint32, error) {
	if s.ifds == maxIFDs {
		s.markUnsafe(fmt.Sprintf("more than %d IFDs", maxIFDs))
		return 0, fmt.Errorf("exif: %s IFD: more than %d IFDs", name, maxIFDs)
	}
	s.visited[off] = true
	s.ifds++
	b, order := s.b, s.sc.order
	if uint64(off)+2 > uint64(len(b)) {
		return 0, fmt.Errorf("exif: %s IFD offset %d beyond %d-byte block", name, off, len(b))
	}
	n := int(order.Uint16(b[off:]))
	if n > 0x7FFF {
		// goexif reads the count as signed: it would see no entries and
		// follow a next-IFD link this scan never checks.
		s.markUnsafe(fmt.Sprintf("%s IFD at %d has %d entries", name, off, n))
	}
	p := int(off) + 2
	for i := range n {
		if len(s.sc.entries) == maxEntries {
			s.markUnsafe(fmt.Sprintf("more than %d IFD entries", maxEntries))
			return 0, fmt.Errorf("exif: %s IFD at %d: more than %d entries in all", name, off, maxEntries)
		}
		if p+12 > len(b) {
			return 0, fmt.Errorf("exif: %s IFD at %d: entry %d of %d truncated", name, off, i, n)
		}
		e := entry{
			ifd:   name,
			tag:   order.Uint16(b[p:]),
			typ:   order.Uint16(b[p+2:]),
			count: order.Uint32(b[p+4:]),
		}
		size := typeSize(e.typ) * uint64(e.count)
		if size != uint64(uint32(size)) {
			s.markUnsafe(fmt.Sprintf("tag 0x%04x count %d overflows", e.tag, e.count))
		}
		switch {
		case size == 0:
		case size <= 4:
			e.val = b[p+8 : p+8+int(size)]
		default:
			voff := uint64(order.Uint32(b[p+8:]))
			if voff+size <= uint64(len(b)) {
				e.val = b[voff : voff+size]
				s.alloc += size
			} else {
				s.damage(fmt.Errorf("exif: %s tag 0x%04x: %d-byte value at %d beyond %d-byte block", name, e.tag, size, voff, len(b)))
			}
		}
		s.sc.entries = append(s.sc.entries, e)
		p += 12
	}
	if p+4 > len(b) {
		// A missing next-IFD link at the very end is common and harmless.
		return 0, nil
	}
	return order.Uint32(b[p:]), nil
}

// firstUint reads the first value of an integer entry, as a sub-IFD offset.
func (e entry) firstUint(order binary.ByteOrder) (uint32, bool) {
	switch {
	case e.typ == 4 || e.typ == 13 || e.typ == 9:
		if len(e.val) >= 4 {
			v := order.Uint32(e.val)
			return v, e.typ != 9 || int32(v) >= 0
		}
	case e.typ == 3:
		if len(e.val) >= 2 {
			return uint32(order.Uint16(e.val)), true
		}
	}
	return 0, false
}

// hasThumbnail reports whether IFD1 points at bytes that start like a JPEG.
func (sc *scanResult) hasThumbnail(b []byte) bool {
	var off, n uint32
	var haveOff, haveLen bool
	for _, e := range sc.entries {
		if e.ifd != ifd1 {
			continue
		}
		switch e.tag {
		case tagThumbOffset:
			off, haveOff = e.firstUint(sc.order)
		case tagThumbLength:
			n, haveLen = e.firstUint(sc.order)
		}
	}
	return haveOff && haveLen && n >= 2 && uint64(off)+uint64(n) <= uint64(len(b)) &&
		b[off] == 0xFF && b[off+1] == 0xD8
}

// field turns a scanned entry into a Field, copying its value.
func (e entry) field(order binary.ByteOrder) Field {
	f := Field{Name: tagName(e.ifd, e.tag), IFD: e.ifd, Tag: e.tag}
	if e.val != nil {
		f.Raw = append([]byte(nil), e.val...)
		f.Value = formatValue(e.tag, e.typ, e.count, f.Raw, order)
	}
	return f
}
