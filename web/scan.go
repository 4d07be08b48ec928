package web

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/provcheck/provcheck/reports"
)

// scanResponse is the report the CLI writes, plus, when the page asks for
// it (?view=1), a view per file in the same order as files: thumbnails and
// metadata tables for people. The view stays out of FileResult so the
// report itself is the CLI's, field for field.
type scanResponse struct {
	*reports.Report
	View []FileView `json:"view"`
}

// handleScan is POST /api/v1/scan.
func (s *Server) handleScan(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	// One deadline for the whole request, waiting included, so that the
	// answer is always written before the server's WriteTimeout.
	ctx, cancel := context.WithTimeout(r.Context(), s.opts.RequestTimeout)
	defer cancel()
	release, ok := s.acquire(ctx, w)
	if !ok {
		return
	}
	defer release()
	waited := time.Since(start)

	ups, err := s.readUploads(r)
	if err != nil {
		var re *requestError
		if !errors.As(err, &re) {
			re = &requestError{http.StatusBadRequest, err.Error()}
		}
		writeError(w, re.status, re.msg)
		return
	}

	wantView := r.URL.Query().Get("view") == "1"
	type scanned struct {
		fr   reports.FileResult
		view FileView
	}
	results := make([]scanned, 0, len(ups))
	var total int64
	for i, u := range ups {
		ups[i].data = nil // let each upload go as soon as it is scanned
		var sc scanned
		sc.fr, sc.view = s.scanFile(ctx, u.name, u.data, wantView)
		total += int64(len(u.data))
		results = append(results, sc)
	}
	// The report's order (by path, as the CLI sorts), kept for the views.
	slices.SortStableFunc(results, func(a, b scanned) int { return strings.Compare(a.fr.Path, b.fr.Path) })

	rep := s.newReport()
	for _, sc := range results {
		rep.Add(sc.fr)
	}
	rep.Summary.Discovered = len(results)
	rep.Summary.Scanned = len(results)
	s.opts.Log.Info("scanned", "files", len(ups), "bytes", total,
		"review", rep.Summary.Review, "errors", rep.Summary.Errors,
		"queued", waited.Round(time.Microsecond), "duration", time.Since(start).Round(time.Microsecond))

	if !wantView {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		if err := (reports.JSONWriter{}).Write(ctx, w, rep); err != nil {
			s.opts.Log.Warn("writing a report", "error", err)
		}
		return
	}
	resp := scanResponse{Report: rep, View: make([]FileView, len(results))}
	for i, sc := range results {
		resp.View[i] = sc.view
	}
	writeJSON(w, http.StatusOK, resp)
}

// acquire takes a scan slot, or answers 503 and returns false. A request
// takes its slot before reading its body, so the memory held by uploads is
// bounded by the slots, not by the connections. With a token, only
// authenticated requests get this far.
func (s *Server) acquire(ctx context.Context, w http.ResponseWriter) (func(), bool) {
	release, ok := s.lim.acquire(ctx)
	if !ok {
		w.Header().Set("Retry-After", "5")
		writeError(w, http.StatusServiceUnavailable, "the server is busy scanning other files; try again in a moment")
	}
	return release, ok
}

// newReport starts a report as the CLI does.
func (s *Server) newReport() *reports.Report {
	return &reports.Report{
		SchemaVersion: reports.SchemaVersion,
		Tool:          s.opts.Tool,
		CreatedAt:     s.opts.Now(),
		Summary:       reports.Summary{Verdicts: map[reports.Verdict]int{}},
		Files:         []reports.FileResult{},
	}
}
