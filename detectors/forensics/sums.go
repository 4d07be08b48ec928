package forensics

import (
	"encoding/binary"
	"math/bits"
)

// Block means for the shrink: the sampled rows of a block row are summed
// column by column, and the sums of blocks of f columns divided by their
// sample counts, a row of blocks at a time.

// planeMeans sets means to the block means of one plane: blocks of f
// samples across, from rows (samples at cols, when given), sum being room
// for the running totals. Two rows with an even f, the usual case, are
// read a word at a time.
func planeMeans(means []uint8, sum []uint32, rows [][]uint8, cols []int, f int, d divider) {
	n := len(means) * f // samples across
	if cols == nil && len(rows) == 2 && (f == 2 || f == 4) {
		narrowMeans(means, rows[0][:n], rows[1][:n], f)
		return
	}
	if cols == nil && len(rows) == 2 && f%2 == 0 {
		pairRunningSums(sum[:n/2+1], rows[0][:n], rows[1][:n])
		blockMeans(means, sum, f/2, d)
		return
	}
	runningSums(sum[:n+1], rows, cols)
	blockMeans(means, sum, f, d)
}

// narrowMeans is planeMeans for two rows and blocks of f = 2 or 4
// samples, whose counts (4 or 8) are powers of two: eight columns at a
// time, summed in 16-bit lanes of a word. A small image has such narrow
// blocks, and then the shrink reads a large share of its rows.
func narrowMeans(means []uint8, r0, r1 []uint8, f int) {
	const even = 0x00ff00ff00ff00ff
	r1 = r1[:len(r0)]
	pairs := func(r0, r1 []uint8) uint64 { // column pairs of both rows, in 16-bit lanes
		a, b := binary.LittleEndian.Uint64(r0), binary.LittleEndian.Uint64(r1)
		return a&even + a>>8&even + b&even + b>>8&even
	}
	if f == 2 {
		for len(r0) >= 8 && len(means) >= 4 {
			p := (pairs(r0, r1) + 0x0002000200020002) >> 2 // four means of 4 samples
			m := (*[4]uint8)(means)
			m[0], m[1], m[2], m[3] = uint8(p), uint8(p>>16), uint8(p>>32), uint8(p>>48)
			r0, r1, means = r0[8:], r1[8:], means[4:]
		}
	} else {
		for len(r0) >= 8 && len(means) >= 2 {
			p := pairs(r0, r1)
			p = (p + p>>16 + 0x0000000400000004) >> 3 // two means of 8, in lanes 0 and 2
			m := (*[2]uint8)(means)
			m[0], m[1] = uint8(p), uint8(p>>32)
			r0, r1, means = r0[8:], r1[8:], means[2:]
		}
	}
	for i := range means {
		var s uint32
		for x := i * f; x < (i+1)*f; x++ {
			s += uint32(r0[x]) + uint32(r1[x])
		}
		means[i] = uint8((s + uint32(f)) / uint32(2*f))
	}
}

// pairRunningSums is runningSums of two rows a column pair at a time:
// sum[i+1] is sum[i] plus columns 2i and 2i+1 of both rows. Eight columns
// are summed at once, as four 16-bit lanes of a word (at most 4·255 in a
// lane, so none carries into the next).
func pairRunningSums(sum []uint32, r0, r1 []uint8) {
	const even = 0x00ff00ff00ff00ff
	s := sum[1:]
	r1 = r1[:len(r0)]
	var t uint32
	for len(r0) >= 8 && len(s) >= 4 {
		a, b := binary.LittleEndian.Uint64(r0), binary.LittleEndian.Uint64(r1)
		p := a&even + a>>8&even + b&even + b>>8&even
		t += uint32(p & 0xffff)
		s[0] = t
		t += uint32(p >> 16 & 0xffff)
		s[1] = t
		t += uint32(p >> 32 & 0xffff)
		s[2] = t
		t += uint32(p >> 48)
		s[3] = t
		r0, r1, s = r0[8:], r1[8:], s[4:]
	}
	for j := range s {
		t += uint32(r0[2*j]) + uint32(r0[2*j+1]) + uint32(r1[2*j]) + uint32(r1[2*j+1])
		s[j] = t
	}
}

// runningSums sets sum[i+1] to sum[i] plus sample i of every row, for i
// up to len(sum)-1 (sum[0] is 0): sample i is row[i], or row[cols[i]]
// when cols is given. Totals wrap at 2^32, which a difference of two of
// them undoes as long as one block's sum fits.
func runningSums(sum []uint32, rows [][]uint8, cols []int) {
	n := len(sum) - 1
	var t uint32
	switch {
	case cols != nil:
		cols = cols[:n]
		for i, c := range cols {
			for _, r := range rows {
				t += uint32(r[c])
			}
			sum[i+1] = t
		}
	case len(rows) == 1:
		for i, v := range rows[0][:n] {
			t += uint32(v)
			sum[i+1] = t
		}
	case len(rows) == 2:
		r0, r1 := rows[0][:n], rows[1][:n]
		for i, v := range r0 {
			t += uint32(v) + uint32(r1[i])
			sum[i+1] = t
		}
	default:
		for i := range n {
			for _, r := range rows {
				t += uint32(r[i])
			}
			sum[i+1] = t
		}
	}
}

// blockMeans sets means[i] to the rounded mean of the samples of block
// i, blocks of f samples whose running totals are sum, d dividing by the
// count of samples in a block.
func blockMeans(means []uint8, sum []uint32, f int, d divider) {
	if d.m == 0 { // too many samples for the multiplication
		for i := range means {
			means[i] = uint8((sum[(i+1)*f] - sum[i*f] + d.n/2) / d.n)
		}
		return
	}
	m, k, half := d.m, d.k&63, d.n/2
	prev, end := sum[0], f
	for i := range means {
		next := sum[end]
		means[i] = uint8(uint64(next-prev+half) * m >> k)
		prev, end = next, end+f
	}
}

// divider divides by a fixed n with a multiplication and a shift, exactly
// for dividends below 2^30 and n below 2^22 (larger n divide plainly). With
// k = 32 + bits.Len32(n), m = ⌈2^k/n⌉ exceeds 2^k/n by less than one, so
// x·m/2^k exceeds x/n by less than x/2^k < 1/(4n): never enough to reach
// the next whole quotient, whose distance from x/n is at least 1/n. The
// dividends here are sums of n 8-bit samples plus n/2, below 256·n.
type divider struct {
	n, k uint32
	m    uint64 // 0: divide plainly
}

func newDivider(n uint32) divider {
	if n >= 1<<22 {
		return divider{n: n}
	}
	k := 32 + uint32(bits.Len32(n))
	return divider{n: n, k: k, m: (1<<k-1)/uint64(n) + 1}
}

func (d divider) div(x uint32) uint32 {
	if d.m == 0 {
		return x / d.n
	}
	return uint32(uint64(x) * d.m >> (d.k & 63))
}
