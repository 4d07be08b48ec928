package reports

import (
	"bufio"
	"context"
	"crypto/sha256"
	"embed"
	"encoding/base64"
	"html/template"
	"io"
	"slices"
	"strings"
	"sync"
)

//go:embed htmlassets/report.html.tmpl htmlassets/style.css htmlassets/decide.js
var htmlAssets embed.FS

// HTMLWriter writes one self-contained, offline HTML file: the summary, a
// filter by verdict (pure CSS), and a card per file with its thumbnail,
// signals and explanations, the revealed text around the findings in a
// text (FileResult.Reveal), the C2PA manifest tree, the file's details and
// the reviewer's decision controls. Every value from a file is escaped by
// html/template: file names and metadata are hostile input. The page's
// own Content-Security-Policy allows nothing but its one stylesheet, its
// one script (decide.js, both by hash) and data: images, so even a bug in
// escaping could not load or run anything else, and nothing is fetched.
//
// The script is the one thing a static page cannot do: keep the marks a
// reviewer makes and save them as a decisions file and an ignore file
// (reports/decisions.go). It is small, inline and offline (it reads the
// page and writes data: downloads, no network, no storage); without it the
// report reads the same and the controls stay disabled.
type HTMLWriter struct {
	// Thumbnail, when set, gives a card its preview: a data: URI of a small
	// re-encoded image, or "" for none. See Thumbnail and FileThumbnails.
	Thumbnail ThumbnailFunc
}

var _ Writer = HTMLWriter{}

// ThumbnailFunc returns a preview for a file as a data: URI, or "".
type ThumbnailFunc func(f *FileResult) template.URL

var htmlPage = sync.OnceValues(func() (*template.Template, error) {
	css, err := htmlAssets.ReadFile("htmlassets/style.css")
	if err != nil {
		return nil, err
	}
	t, err := template.New("report.html.tmpl").Funcs(template.FuncMap{
		"thumb":    func(FileResult) template.URL { return "" },
		"join":     strings.Join,
		"evidence": EvidenceValue,
		"shown":    func(key string) bool { return key != RevealKey },
		"reveal":   htmlReveal,
		"rank":     func(f FileResult) *Ranking { r := Rank(&f); return &r },
		"headline": func(f FileResult, r *Ranking) string { return Headline(&f, r) },
		"explain": func(s string) struct{ Plain, Stats string } {
			p, st := SplitExplanation(s)
			return struct{ Plain, Stats string }{p, st}
		},
	}).ParseFS(htmlAssets, "htmlassets/report.html.tmpl")
	if err != nil {
		return nil, err
	}
	js, err := htmlAssets.ReadFile("htmlassets/decide.js")
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(css)
	jsSum := sha256.Sum256(js)
	htmlCSS = template.CSS(css)
	htmlJS = template.JS(js)
	htmlCSP = "default-src 'none'; style-src 'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'; script-src 'sha256-" +
		base64.StdEncoding.EncodeToString(jsSum[:]) + "'; img-src data:; base-uri 'none'; form-action 'none'"
	return t, nil
})

var (
	htmlCSS template.CSS
	htmlJS  template.JS
	htmlCSP string
)

type verdictCount struct {
	V Verdict
	N int
}

func (h HTMLWriter) Write(_ context.Context, w io.Writer, r *Report) error {
	return h.write(w, r, r.Files)
}

// write renders r with files (r.Files, or an iter.Seq2[int, FileResult]
// that yields them one by one) as its files.
func (h HTMLWriter) write(w io.Writer, r *Report, files any) error {
	base, err := htmlPage()
	if err != nil {
		return err
	}
	t, err := base.Clone()
	if err != nil {
		return err
	}
	thumb := h.Thumbnail
	if thumb == nil {
		thumb = func(*FileResult) template.URL { return "" }
	}
	t.Funcs(template.FuncMap{"thumb": func(f FileResult) template.URL { return thumb(&f) }})
	var counts []verdictCount
	for _, v := range Verdicts {
		if n := r.Summary.Verdicts[v]; n > 0 {
			counts = append(counts, verdictCount{v, n})
		}
	}
	// The template writes in many small pieces; unbuffered, each was a
	// system call, a third of the report's cost.
	bw := bufio.NewWriterSize(w, 64<<10)
	if err := t.Execute(bw, map[string]any{
		"R": r, "FileList": files, "CSS": htmlCSS, "JS": htmlJS, "CSP": htmlCSP, "Verdicts": counts, "DecisionValues": DecisionValues,
	}); err != nil {
		return err
	}
	return bw.Flush()
}

// HTMLContentSecurityPolicy is the policy the HTML report carries in its
// own meta tag: a server that sends the report should send the same policy
// as a header (a stricter header policy would block the report's one
// stylesheet, which the policy allows by hash).
func HTMLContentSecurityPolicy() string {
	if _, err := htmlPage(); err != nil {
		return "default-src 'none'"
	}
	return htmlCSP
}

// revealView is a file's "Revealed text" block: its excerpts and the
// legend of the classes they show.
type revealView struct {
	Excerpts []RevealExcerpt
	Legend   []RevealClass
}

// htmlReveal gathers a file's reveal for the template, or nil. A class the
// legend does not know (a report from a newer or hand-edited source) is
// drawn as "other", so the report's values never name a style.
func htmlReveal(f FileResult) *revealView {
	ex := f.Reveal()
	if len(ex) == 0 {
		return nil
	}
	known := map[string]bool{}
	for _, c := range RevealClasses {
		known[c.Class] = true
	}
	for i := range ex {
		segs := slices.Clone(ex[i].Segments)
		for j := range segs {
			if !known[segs[j].Class] {
				segs[j].Class = "other"
			}
		}
		ex[i].Segments = segs
	}
	return &revealView{Excerpts: ex, Legend: RevealLegend(ex)}
}
