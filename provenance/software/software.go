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
	"strings"
	"sync"
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
	re      *regexp.Regexp
}

//go:embed software.tsv
var table string

var entries = mustParse(table)

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
		re, err := regexp.Compile(cols[3])
		if err != nil {
			return nil, fmt.Errorf("software.tsv line %d: %w", n, err)
		}
		e.re = re
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
	if r, ok := memo.get(k); ok {
		return r.e, r.ok
	}
	r := lookupResult{}
	for _, e := range entries {
		if e.Where == w && e.re.MatchString(v) {
			r = lookupResult{e, true}
			break
		}
	}
	k.v = strings.Clone(v) // v may point into a whole file's bytes
	memo.put(k, r)
	return r.e, r.ok
}

// memo remembers Lookup's answers. A batch meets the same few program
// names in file after file, each read by several detectors, and running
// the table's expressions over a name costs more than the rest of the
// detector. Bounded; any entry goes when it is full.
var memo lookupMemo

const maxMemo = 4096

type lookupKey struct {
	w Where
	v string
}

type lookupResult struct {
	e  Entry
	ok bool
}

type lookupMemo struct {
	mu sync.Mutex
	m  map[lookupKey]lookupResult
}

func (m *lookupMemo) get(k lookupKey) (lookupResult, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	r, ok := m.m[k]
	return r, ok
}

func (m *lookupMemo) put(k lookupKey, r lookupResult) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.m == nil {
		m.m = make(map[lookupKey]lookupResult)
	}
	if len(m.m) >= maxMemo {
		for old := range m.m {
			delete(m.m, old)
			break
		}
	}
	m.m[k] = r
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
