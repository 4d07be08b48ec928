package web

import (
	"bytes"
	"embed"
	"html/template"
	"io/fs"
	"net/http"
	"strings"

	"github.com/provcheck/provcheck/reports"
)

//go:embed assets
var assets embed.FS

var pageTemplate = template.Must(template.New("index.html").
	Funcs(template.FuncMap{"upper": strings.ToUpper}).
	ParseFS(assets, "assets/index.html"))

// staticHandler serves the page's CSS, script and icon from the binary:
// no CDN, works offline.
func staticHandler() http.Handler {
	sub, err := fs.Sub(assets, "assets/static")
	if err != nil {
		panic(err) // the embed pattern guarantees the folder
	}
	return http.FileServerFS(sub)
}

// verdictInfo is a verdict and its meaning, for the page's legend; the
// script reads the meanings from it, so they are written in one place.
type verdictInfo struct {
	Verdict reports.Verdict
	Meaning string
}

type pageData struct {
	Version         string
	Formats         []string
	MaxRequestMiB   int64
	MaxFileMiB      int64
	MaxFiles        int
	MaxFileBytes    int64
	MaxRequestBytes int64
	TokenRequired   bool
	Verdicts        []verdictInfo
	RevealClasses   []reports.RevealClass
	Detectors       []detectorInfo
	SupportedTypes  []string
	// SentTo lists the outside classifiers off this machine that every
	// upload is sent to (serve --classifier-allow-remote); the privacy
	// note must then say the files leave it.
	SentTo []string
}

// supportedTypes are the containers provcheck walks (provenance/container), for the page's
// "what can I drop" line.
var supportedTypes = []string{"JPEG", "PNG", "GIF", "WebP", "TIFF and DNG", "PSD and PSB", "HEIC, AVIF and MP4", "WAV and AVI", "PDF", "DOCX", "HTML", "plain text (UTF-8, UTF-16)"}

// handlePage is GET /: the page, rendered with html/template.
func (s *Server) handlePage(w http.ResponseWriter, r *http.Request) {
	d := pageData{
		Version:         s.opts.Tool.Version,
		Formats:         availableFormats(),
		MaxRequestMiB:   s.opts.MaxRequestSize >> 20,
		MaxFileMiB:      s.opts.MaxFileSize >> 20,
		MaxFiles:        s.opts.MaxFiles,
		MaxFileBytes:    s.opts.MaxFileSize,
		MaxRequestBytes: s.opts.MaxRequestSize,
		TokenRequired:   s.opts.Token != "",
		Detectors:       s.detectorList(),
		SupportedTypes:  supportedTypes,
		RevealClasses:   reports.RevealClasses,
		SentTo:          s.opts.SentTo,
	}
	for _, v := range reports.Verdicts {
		d.Verdicts = append(d.Verdicts, verdictInfo{v, v.Meaning()})
	}
	var buf bytes.Buffer
	if err := pageTemplate.Execute(&buf, d); err != nil {
		s.opts.Log.Error("rendering the page", "error", err)
		writeError(w, http.StatusInternalServerError, "the page could not be rendered")
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_, _ = buf.WriteTo(w)
}
