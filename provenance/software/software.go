// Package software names the programs that metadata fields mention: AI
// generators, editors, converters, phone editing apps, games and 3D
// renderers. The names live in one data table (software.tsv) so every
// detector reads a field the same way and a reviewer can check a name
// against what ExifTool shows.
package software

import (
	"bufio"
	_ "embed"
	"fmt"
	"regexp"
	"regexp/syntax"
	"strings"
	"sync"

	"github.com/provcheck/provcheck/internal/memo"
)

// Family is what kind of program a name belongs to.
type Family string

// Families, as written in the table's family column.
const (
	Generator Family = "ai-generator"
	Editor    Family = "editor"
	Converter Family = "converter"
	PhoneApp  Family = "phone-app"
	Game      Family = "game"
	Renderer  Family = "3d-renderer"
)

// Where is the kind of field a value came from.
type Where string

// Field kinds, as written in the table's where column.
const (
	// SoftwareField: EXIF Software and ProcessingSoftware, xmp:CreatorTool,
	// XMP history softwareAgent, IPTC OriginatingProgram, PNG Software.
	SoftwareField Where = "software"
	// CommentField: a JPEG COM segment or GIF comment. Comments are free
	// text, so only signatures programs write are listed for them.
	CommentField Where = "comment"
	// MakeField: EXIF Make, for makers of no camera (game studios).
	MakeField Where = "make"
)

// meanings says what each family tells a reviewer, unless a row says more.
var meanings = map[Family]string{
	Generator: "an AI image generator made or saved the file",
	Editor:    "an editing program saved the file after capture or generation",
	Converter: "a conversion tool re-saved the file (converted, resized or recompressed): it is not the original as the camera or generator wrote it, which says nothing about what was changed",
	PhoneApp:  "a phone or web editing app saved the file after capture",
	Game:      "a game or console wrote the picture: it was rendered, not photographed",
	Renderer:  "3D or rendering software wrote the picture: it was rendered, not photographed",
}

// Entry is one row of the table.
type Entry struct {
	Where   Where
	Family  Family
	Name    string
	Meaning string
	// re is the row's pattern, compiled the first time a value gets past
	// needles: most rows never are, in a process.
	re func() *regexp.Regexp
	// needles are strings one of which every match of the pattern
	// contains (lower-cased where the pattern ignores case); nil when the
	// pattern has none.
	needles []needle
}

//go:embed software.tsv
var table string

// entries parses the table on first use: compiling its patterns was the
// largest part of the process's start-up.
var entries = sync.OnceValue(func() []Entry { return mustParse(table) })

func mustParse(s string) []Entry {
	es, err := parse(s)
	if err != nil {
		panic(err)
	}
	return es
}

func parse(s string) ([]Entry, error) {
	var out []Entry
	sc := bufio.NewScanner(strings.NewReader(s))
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) < 4 || len(cols) > 5 {
			return nil, fmt.Errorf("software.tsv line %d: %d columns, want 4 or 5", n, len(cols))
		}
		e := Entry{Where: Where(cols[0]), Family: Family(cols[1]), Name: cols[2]}
		switch e.Where {
		case SoftwareField, CommentField, MakeField:
		default:
			return nil, fmt.Errorf("software.tsv line %d: unknown field kind %q", n, cols[0])
		}
		def, ok := meanings[e.Family]
		if !ok {
			return nil, fmt.Errorf("software.tsv line %d: unknown family %q", n, cols[1])
		}
		e.Meaning = def
		if len(cols) == 5 && cols[4] != "" {
			e.Meaning = cols[4]
		}
		syn, err := syntax.Parse(cols[3], syntax.Perl)
		if err != nil {
			return nil, fmt.Errorf("software.tsv line %d: %w", n, err)
		}
		e.needles = needles(syn)
		e.re = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(cols[3]) })
		out = append(out, e)
	}
	return out, sc.Err()
}

// maxNameField bounds the part of a field value the patterns look at:
// program names are short, and a megabyte of text in a Software tag is not
// worth running a hundred patterns over.
const maxNameField = 512

// Lookup reports the first table row for field kind w whose pattern
// matches v.
func Lookup(w Where, v string) (Entry, bool) {
	v = strings.TrimSpace(v)
	if len(v) > maxNameField {
		v = v[:maxNameField]
	}
	if v == "" {
		return Entry{}, false
	}
	k := lookupKey{w, v}
	if r, ok := lookups.Get(k); ok {
		return r.e, r.ok
	}
	r := lookupResult{}
	ascii, lower := asciiLower(v)
	for _, e := range entries() {
		if e.Where == w && (!ascii || e.mayMatch(v, lower)) && e.re().MatchString(v) {
			r = lookupResult{e, true}
			break
		}
	}
	k.v = strings.Clone(v) // v may point into a whole file's bytes
	lookups.Put(k, r)
	return r.e, r.ok
}

// lookups remembers Lookup's answers. A batch meets the same few program
// names in file after file, each read by several detectors, and running
// the table's expressions over a name costs more than the rest of the
// detector. Bounded; any entry goes when it is full.
var lookups = memo.Table[lookupKey, lookupResult]{Max: maxMemo}

const maxMemo = 4096

type lookupKey struct {
	w Where
	v string
}

type lookupResult struct {
	e  Entry
	ok bool
}

// Software looks v up as the value of a software field.
func Software(v string) (Entry, bool) { return Lookup(SoftwareField, v) }

// KnownGenerator reports whether s, the value of a software field (EXIF
// Software, xmp:CreatorTool, IPTC OriginatingProgram, PNG Software, a
// document's producer), names a known AI image generator, and which.
func KnownGenerator(s string) (name string, ok bool) {
	e, ok := Software(s)
	if !ok || e.Family != Generator {
		return "", false
	}
	return e.Name, true
}

// Rendered reports whether the family says the picture was rendered, not
// photographed.
func (f Family) Rendered() bool { return f == Game || f == Renderer }

// needle is a string every match of a pattern may be required to hold.
type needle struct {
	s    string
	fold bool // s is lower case and is sought in the lower-cased value
}

// needles returns strings one of which every match of re contains, or nil
// when it cannot name any. Only ASCII literals are used, and Lookup
// consults them only for ASCII values, where ignoring case is lowering
// case (Go's case folding also pairs k with the Kelvin sign and s with the
// long s, which an ASCII value cannot hold).
func needles(re *syntax.Regexp) []needle {
	switch re.Op {
	case syntax.OpLiteral:
		s := string(re.Rune)
		if !isASCII(s) {
			return nil
		}
		fold := re.Flags&syntax.FoldCase != 0
		if fold {
			s = strings.ToLower(s)
		}
		return []needle{{s, fold}}
	case syntax.OpCapture, syntax.OpPlus:
		return needles(re.Sub[0])
	case syntax.OpRepeat:
		if re.Min >= 1 {
			return needles(re.Sub[0])
		}
	case syntax.OpConcat:
		// Every part is in every match: the part with the longest
		// shortest needle rejects the most values.
		var best []needle
		bestLen := 0
		for _, sub := range re.Sub {
			n := needles(sub)
			if l := shortest(n); l > bestLen {
				best, bestLen = n, l
			}
		}
		return best
	case syntax.OpAlternate:
		// A match is a match of one branch: every branch needs needles.
		var out []needle
		for _, sub := range re.Sub {
			n := needles(sub)
			if n == nil {
				return nil
			}
			out = append(out, n...)
		}
		return out
	}
	return nil
}

func shortest(ns []needle) int {
	if len(ns) == 0 {
		return 0
	}
	l := len(ns[0].s)
	for _, n := range ns[1:] {
		l = min(l, len(n.s))
	}
	return l
}

// mayMatch is the cheap test before the pattern: false means the pattern
// cannot match v (an ASCII value; lower is it lower-cased).
func (e *Entry) mayMatch(v, lower string) bool {
	if e.needles == nil {
		return true
	}
	for _, n := range e.needles {
		if n.fold && strings.Contains(lower, n.s) || !n.fold && strings.Contains(v, n.s) {
			return true
		}
	}
	return false
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// asciiLower reports whether v is ASCII and, if so, returns it lower-cased.
func asciiLower(v string) (bool, string) {
	if !isASCII(v) {
		return false, ""
	}
	return true, strings.ToLower(v)
}
