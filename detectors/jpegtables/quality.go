package jpegtables

// The IJG (libjpeg) tables: the example tables of T.81 Annex K (K.1
// luminance, K.2 chrominance), natural order, scaled by quality. libjpeg,
// libjpeg-turbo, mozjpeg's defaults, Pillow, OpenCV, ImageMagick and Go's
// image/jpeg all write them.
var annexK = [2][64]uint16{{
	16, 11, 10, 16, 24, 40, 51, 61,
	12, 12, 14, 19, 26, 58, 60, 55,
	14, 13, 16, 24, 40, 57, 69, 56,
	14, 17, 22, 29, 51, 87, 80, 62,
	18, 22, 37, 56, 68, 109, 103, 77,
	24, 35, 55, 64, 81, 104, 113, 92,
	49, 64, 78, 87, 103, 121, 120, 101,
	72, 92, 95, 98, 112, 100, 103, 99,
}, {
	17, 18, 24, 47, 99, 99, 99, 99,
	18, 21, 26, 66, 99, 99, 99, 99,
	24, 26, 56, 99, 99, 99, 99, 99,
	47, 66, 99, 99, 99, 99, 99, 99,
	99, 99, 99, 99, 99, 99, 99, 99,
	99, 99, 99, 99, 99, 99, 99, 99,
	99, 99, 99, 99, 99, 99, 99, 99,
	99, 99, 99, 99, 99, 99, 99, 99,
}}

// ijg[q-1][c] is the table libjpeg writes at quality q for component class
// c (0 luma, 1 chroma), with baseline clamping to 1..255.
var ijg = func() (t [100][2][64]uint16) {
	for q := 1; q <= 100; q++ {
		s := 200 - 2*q
		if q < 50 {
			s = 5000 / q
		}
		for c := range 2 {
			for i, b := range annexK[c] {
				v := (int(b)*s + 50) / 100
				t[q-1][c][i] = uint16(min(max(v, 1), 255))
			}
		}
	}
	return t
}()

// exactIJG returns the quality whose IJG tables equal the luma table and
// every chroma table, the highest when several qualities do.
func exactIJG(luma *Table, chromas []*Table) (int, bool) {
next:
	for q := 100; q >= 1; q-- {
		if luma.Q != ijg[q-1][0] {
			continue
		}
		for _, c := range chromas {
			if c.Q != ijg[q-1][1] {
				continue next
			}
		}
		return q, true
	}
	return 0, false
}

// nearestIJG returns the IJG quality whose tables are closest to the
// file's, by mean absolute difference with chroma counted twice (the
// measure forensic viewers use), and that distance.
func nearestIJG(luma, chroma *Table) (int, float64) {
	best, bestD := 0, 0.0
	for q := 1; q <= 100; q++ {
		d := meanAbs(&luma.Q, &ijg[q-1][0])
		if chroma != nil {
			d = (d + 2*meanAbs(&chroma.Q, &ijg[q-1][1])) / 3
		}
		if best == 0 || d < bestD {
			best, bestD = q, d
		}
	}
	return best, bestD
}

func meanAbs(a, b *[64]uint16) float64 {
	s := 0
	for i := range a {
		d := int(a[i]) - int(b[i])
		if d < 0 {
			d = -d
		}
		s += d
	}
	return float64(s) / 64
}

// The hash/sum estimate: the checksum of four table entries (luma natural
// positions 2 and 53, chroma 0 and 63) and the sum of every entry of every
// table, compared with the same figures of the IJG tables at each quality.
// It is the estimate common image tools print (on the corpus it equals
// `identify -format %Q` for every JPEG), so a reviewer can compare. The
// reference figures are computed here from the IJG tables themselves.
type hashSum struct{ hash, sum int }

var (
	refTwo = refFigures(true)
	refOne = refFigures(false)
)

func refFigures(two bool) (r [100]hashSum) {
	for q := 1; q <= 100; q++ {
		l, c := &ijg[q-1][0], &ijg[q-1][1]
		h, s := int(l[2])+int(l[53]), sum(l)
		if two {
			h += int(c[0]) + int(c[63])
			s += sum(c)
		}
		r[q-1] = hashSum{h, s}
	}
	return r
}

func sum(t *[64]uint16) int {
	s := 0
	for _, v := range t {
		s += int(v)
	}
	return s
}

// hashSumQuality estimates the quality from the tables in the four slots
// (nil where a slot is empty), 0 when there is no luma table. Below
// quality 50 the figures must both be at or under the reference; from 50
// the first reference whose figures are not both above the file's is taken
// even when only one is under it, which is what makes the estimate tolerant
// of non-IJG tables.
func hashSumQuality(slots [4]*Table) int {
	if slots[0] == nil {
		return 0
	}
	total := 0
	for _, t := range slots {
		if t != nil {
			total += sum(&t.Q)
		}
	}
	l := &slots[0].Q
	h, ref := int(l[2])+int(l[53]), &refOne
	if slots[1] != nil {
		c := &slots[1].Q
		h += int(c[0]) + int(c[63])
		ref = &refTwo
	}
	for i, r := range ref {
		if h < r.hash && total < r.sum {
			continue
		}
		if (h <= r.hash && total <= r.sum) || i >= 50 {
			return i + 1
		}
		return 0
	}
	return 0
}
