package container

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestParseCMapLookup(t *testing.T) {
	budget := pdfMaxCMapEntries
	m := parseCMap([]byte(cidToUnicode+`
1 beginbfchar <00FF> /eacute endbfchar
1 beginbfrange <1000> <1FFF> <4E00> endbfrange
1 beginbfrange <2000> <2001> <00660066> endbfrange`), &budget, 32)
	tests := []struct {
		code uint32
		n    int
		want string
		ok   bool
	}{
		{0x03, 2, " ", true},
		{0x60, 2, "fi", true},       // ligature: two code points
		{0x61, 2, "𝐀", true},        // surrogate pair
		{0x62, 2, "\u200B", true},   // zero-width space
		{0x10, 2, "a", true},        // bfrange, first code
		{0x29, 2, "z", true},        // bfrange, last code
		{0x2A, 2, "", false},        // past the range
		{0x52, 2, "’", true},        // bfrange array form
		{0x53, 2, "!", true},        // its last element
		{0x54, 2, "", false},        // past the array
		{0xFF, 2, "é", true},        // glyph-name destination
		{0x1234, 2, "\u5034", true}, // a range too large to expand
		{0x2001, 2, "fg", true},     // multi-code-point range counts up its last one
		{0x03, 1, "", false},        // the same code at another length is another code
	}
	for _, tt := range tests {
		got, ok := m.lookup(tt.code, tt.n)
		if got != tt.want || ok != tt.ok {
			t.Errorf("lookup(%#x, %d) = %q, %v; want %q, %v", tt.code, tt.n, got, ok, tt.want, tt.ok)
		}
	}
	if len(m.ranges) != 1 {
		t.Errorf("%d large ranges stored, want 1", len(m.ranges))
	}
	// bfchar 5+1, bfranges 26+26, array 4, one large range, 2.
	if used := pdfMaxCMapEntries - budget; used != 65 {
		t.Errorf("budget used %d, want 65", used)
	}
}

func TestPDFCMapCodespace(t *testing.T) {
	// Shift-JIS style: one-byte codes 00-80 and A0-DF, two-byte codes
	// from 8140 to 9FFC and E040 to FCFC.
	budget := 100
	m := parseCMap([]byte(`4 begincodespacerange
<00> <80> <8140> <9FFC> <A0> <DF> <E040> <FCFC>
endcodespacerange
2 begincidrange <20> <7E> 1 <8140> <817E> 633 endcidrange
1 begincidchar <A0> 9000 endcidchar
/WMode 1 def
/UniJIS-UCS2-H usecmap`), &budget, 32)
	input := []byte{0x41, 0x81, 0x40, 0xA5, 0xE0, 0x41, 0x90}
	var got []uint32
	var lens []int
	var oks []bool
	for s := input; len(s) > 0; {
		code, n, ok := m.next(s)
		got, lens, oks = append(got, code), append(lens, n), append(oks, ok)
		s = s[n:]
	}
	wantCodes := []uint32{0x41, 0x8140, 0xA5, 0xE041, 0x90}
	wantLens := []int{1, 2, 1, 2, 1}
	wantOK := []bool{true, true, true, true, false}
	for i := range wantCodes {
		if i >= len(got) || got[i] != wantCodes[i] || lens[i] != wantLens[i] || oks[i] != wantOK[i] {
			t.Fatalf("codes %x lens %v ok %v; want %x %v %v", got, lens, oks, wantCodes, wantLens, wantOK)
		}
	}
	for _, tt := range []struct {
		code uint32
		n    int
		cid  uint32
		ok   bool
	}{{0x41, 1, 34, true}, {0x8141, 2, 634, true}, {0xA0, 1, 9000, true}, {0x7F, 1, 0, false}} {
		if cid, ok := m.cidOf(tt.code, tt.n); cid != tt.cid || ok != tt.ok {
			t.Errorf("cidOf(%#x) = %d, %v; want %d, %v", tt.code, cid, ok, tt.cid, tt.ok)
		}
	}
	if !m.vertical || m.useCMap != "UniJIS-UCS2-H" {
		t.Errorf("vertical %v, usecmap %q", m.vertical, m.useCMap)
	}
}

func TestParseCMapBounded(t *testing.T) {
	tests := []struct {
		name   string
		cmap   string
		budget int
		full   bool
	}{
		{"budget spent by bfchar", strings.Repeat("1 beginbfchar <0001> <0041> endbfchar\n", 20), 10, true},
		{"a range over all four-byte codes is one entry", "1 beginbfrange <00000000> <FFFFFFFF> <0041> endbfrange", 1, false},
		{"an array longer than its range", "1 beginbfrange <01> <02> [<41> <42> <43> <44>] endbfrange", 2, false},
		{"reversed range", "1 beginbfrange <09> <01> <0041> endbfrange", 0, false},
		{"unterminated section", "1 beginbfchar <01> <0041> <02>", 5, false},
		{"keyword inside a section", "1 beginbfchar <01> endcmap <02> <0042> endbfchar", 5, false},
		{"five-byte code", "1 beginbfchar <0102030405> <0041> endbfchar", 5, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			budget := tt.budget
			m := parseCMap([]byte(tt.cmap), &budget, 32)
			if budget < 0 {
				t.Errorf("budget went below zero: %d", budget)
			}
			if m.full != tt.full {
				t.Errorf("full = %v, want %v", m.full, tt.full)
			}
			if len(m.uni) > tt.budget {
				t.Errorf("%d entries from a budget of %d", len(m.uni), tt.budget)
			}
		})
	}
}

func TestPDFGlyphUnicode(t *testing.T) {
	tests := map[string]string{
		"A": "A", "eacute": "é", "quoteright": "’", "endash": "–", "Euro": "€", "fi": "ﬁ",
		"scaron": "š", "Lslash": "Ł", "alpha": "α", "uni00E9": "é", "uni00660069": "fi",
		"u1F600": "😀", "u00E9": "é", "f_f_i": "ffi", "one.oldstyle": "1", "a.sc": "a",
		"T_h.liga": "Th", ".notdef": "", "g12": "", "cid00042": "", "glyph7": "", "uniD800": "",
		"u110000": "", "uni00E": "", "uniXYZW": "", "f_g12": "", "": "",
	}
	for name, want := range tests {
		if got := pdfGlyphUnicode(name); got != want {
			t.Errorf("pdfGlyphUnicode(%q) = %q, want %q", name, got, want)
		}
	}
}

func TestPDFEncodings(t *testing.T) {
	encs := pdfEncodings()
	tests := []struct {
		enc  string
		code byte
		want string
	}{
		{"StandardEncoding", 0x27, "’"}, {"StandardEncoding", 0x60, "‘"}, {"StandardEncoding", 0xAE, "ﬁ"},
		{"StandardEncoding", 0xE8, "Ł"}, {"StandardEncoding", 0x80, ""},
		{"WinAnsiEncoding", 0x27, "'"}, {"WinAnsiEncoding", 0x80, "€"}, {"WinAnsiEncoding", 0x93, "“"},
		{"WinAnsiEncoding", 0x81, "•"}, {"WinAnsiEncoding", 0xA0, " "}, {"WinAnsiEncoding", 0xAD, "-"},
		{"WinAnsiEncoding", 0xE9, "é"}, {"WinAnsiEncoding", 0x05, ""},
		{"MacRomanEncoding", 0x8E, "é"}, {"MacRomanEncoding", 0xD5, "’"}, {"MacRomanEncoding", 0xDB, "¤"},
		{"SymbolEncoding", 0x61, "α"}, {"SymbolEncoding", 0xB7, "•"}, {"SymbolEncoding", 0xE5, "∑"},
	}
	for _, tt := range tests {
		if got := pdfGlyphUnicode(encs[tt.enc][tt.code]); got != tt.want {
			t.Errorf("%s %#x = %q, want %q", tt.enc, tt.code, got, tt.want)
		}
	}
	// Every name in the tables must resolve, or the table has a typo.
	for name, enc := range encs {
		for c, g := range enc {
			if g != "" && pdfGlyphUnicode(g) == "" {
				t.Errorf("%s %#o: %q has no code point", name, c, g)
			}
		}
	}
}

func TestPDFCleanGlyphText(t *testing.T) {
	tests := map[string]string{
		"a": "a", "\x00": "", "\uFFFD": "", "\u0085": "", "ﬁ": "fi", "o\uFB03ce": "office",
		"\r": "\n", "\t": "\t", "\u200B": "\u200B", "a\x01b": "ab",
	}
	for in, want := range tests {
		if got := pdfCleanGlyphText(in); got != want {
			t.Errorf("pdfCleanGlyphText(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzPDFCMap(f *testing.F) {
	f.Add([]byte(cidToUnicode), []byte{0x00, 0x10, 0x00, 0x60, 0x00, 0x61})
	f.Add([]byte("4 begincodespacerange <00> <80> <8140> <9FFC> <A0> <DF> <E040> <FCFC> endcodespacerange 1 begincidrange <20> <7E> 1 endcidrange"), []byte{0x41, 0x81, 0x40, 0xE0})
	f.Add([]byte("1 beginbfrange <00000000> <FFFFFFFF> <D83DDE00> endbfrange"), []byte{0, 0, 0, 1})
	f.Add([]byte("1 beginbfrange <01> <05> [<41> /eacute <D835> (x)] endbfrange"), []byte{1, 2, 3, 4, 5})
	f.Fuzz(func(t *testing.T, cmap, codes []byte) {
		budget := 1000
		m := parseCMap(cmap, &budget, 32)
		if budget < 0 || len(m.uni)+len(m.ranges)+len(m.cid)+len(m.cidRng) > 1000 {
			t.Fatalf("budget %d, %d entries", budget, len(m.uni)+len(m.ranges))
		}
		if len(m.space) == 0 {
			return
		}
		for s := codes; len(s) > 0; {
			code, n, _ := m.next(s)
			if n < 1 || n > len(s) {
				t.Fatalf("next consumed %d of %d bytes", n, len(s))
			}
			if txt, ok := m.lookup(code, n); ok && !utf8.ValidString(txt) {
				t.Fatalf("invalid UTF-8 %q", txt)
			}
			m.cidOf(code, n)
			s = s[n:]
		}
	})
}
