package exif

import "encoding/binary"

// byteOrder is what the builder needs of binary.LittleEndian/BigEndian.
type byteOrder interface {
	binary.ByteOrder
	binary.AppendByteOrder
}

// tiffEntry is one IFD entry for buildTIFF; val holds the value bytes in
// the block's byte order.
type tiffEntry struct {
	tag   uint16
	typ   uint16
	count uint32
	val   []byte
}

func asciiEntry(tag uint16, s string) tiffEntry {
	return tiffEntry{tag: tag, typ: 2, count: uint32(len(s) + 1), val: append([]byte(s), 0)}
}

func undefEntry(tag uint16, b []byte) tiffEntry {
	return tiffEntry{tag: tag, typ: 7, count: uint32(len(b)), val: b}
}

func shortEntry(order byteOrder, tag uint16, v uint16) tiffEntry {
	return tiffEntry{tag: tag, typ: 3, count: 1, val: order.AppendUint16(nil, v)}
}

func longEntry(order byteOrder, tag uint16, v uint32) tiffEntry {
	return tiffEntry{tag: tag, typ: 4, count: 1, val: order.AppendUint32(nil, v)}
}

// tiffSpec describes a block: IFD0, an optional Exif IFD (linked from IFD0)
// and an optional IFD1 with an optional thumbnail.
type tiffSpec struct {
	order byteOrder
	ifd0  []tiffEntry
	exif  []tiffEntry
	ifd1  []tiffEntry
	thumb []byte
}

// buildTIFF lays out header, IFDs, then values. Pointer and thumbnail
// entries are added here because their values are offsets.
func buildTIFF(s tiffSpec) []byte {
	o := s.order
	ifd0 := append([]tiffEntry(nil), s.ifd0...)
	if s.exif != nil {
		ifd0 = append(ifd0, longEntry(o, tagExifPointer, 0))
	}
	ifd1 := append([]tiffEntry(nil), s.ifd1...)
	if s.thumb != nil {
		ifd1 = append(ifd1, longEntry(o, tagThumbOffset, 0), longEntry(o, tagThumbLength, uint32(len(s.thumb))))
	}
	ifdSize := func(es []tiffEntry) int { return 2 + 12*len(es) + 4 }
	off0 := 8
	offExif := off0 + ifdSize(ifd0)
	off1 := offExif
	if s.exif != nil {
		off1 += ifdSize(s.exif)
	}
	data := off1
	if ifd1 != nil {
		data += ifdSize(ifd1)
	}
	thumbOff := data
	data += len(s.thumb)
	if s.exif != nil {
		ifd0[len(ifd0)-1].val = o.AppendUint32(nil, uint32(offExif))
	}
	if s.thumb != nil {
		ifd1[len(ifd1)-2].val = o.AppendUint32(nil, uint32(thumbOff))
	}

	var b, tail []byte
	if o == binary.LittleEndian {
		b = append(b, "II*\x00"...)
	} else {
		b = append(b, "MM\x00*"...)
	}
	b = o.AppendUint32(b, uint32(off0))
	writeIFD := func(es []tiffEntry, next int) {
		b = o.AppendUint16(b, uint16(len(es)))
		for _, e := range es {
			b = o.AppendUint16(b, e.tag)
			b = o.AppendUint16(b, e.typ)
			b = o.AppendUint32(b, e.count)
			if len(e.val) <= 4 {
				v := append(append([]byte(nil), e.val...), make([]byte, 4-len(e.val))...)
				b = append(b, v...)
				continue
			}
			b = o.AppendUint32(b, uint32(data+len(tail)))
			tail = append(tail, e.val...)
			if len(tail)%2 == 1 {
				tail = append(tail, 0)
			}
		}
		b = o.AppendUint32(b, uint32(next))
	}
	next0 := 0
	if ifd1 != nil {
		next0 = off1
	}
	writeIFD(ifd0, next0)
	if s.exif != nil {
		writeIFD(s.exif, 0)
	}
	if ifd1 != nil {
		writeIFD(ifd1, 0)
	}
	b = append(b, s.thumb...)
	return append(b, tail...)
}
