package web

import (
	"context"
	"errors"
	"io"
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

	// The body first, whole, under the body deadline and minimum rate,
	// within the memory budget: a slow client holds no scan slot.
	// Unknown length: reserve what the request may grow to; the
	// MaxBytesReader refuses more than MaxRequestSize either way.
	want := r.ContentLength
	if want < 0 || want > s.opts.MaxRequestSize {
		want = s.opts.MaxRequestSize
	}
	freeBody, ok := s.budget.reserve(ctx, want, s.opts.QueueWait)
	if !ok {
		s.metrics.reject(rejectBusy)
		w.Header().Set("Retry-After", "5")
		writeError(w, http.StatusServiceUnavailable, "the server is busy receiving other files; try again in a moment")
		return
	}
	defer freeBody()
	rr := newRateReader(w, r.Body, s.opts.BodyTimeout, s.opts.BodyMinRate)
	r.Body = struct {
		io.Reader
		io.Closer
	}{rr, r.Body}
	ups, err := s.readUploads(r)
	rr.done()
	if err != nil {
		var re *requestError
		switch {
		case rr.slow:
			re = &requestError{http.StatusRequestTimeout, "the request body arrived too slowly"}
			s.metrics.reject(rejectSlowBody)
		case !errors.As(err, &re):
			re = &requestError{http.StatusBadRequest, err.Error()}
		}
		switch re.status {
		case http.StatusRequestEntityTooLarge:
			s.metrics.reject(rejectTooLarge)
		case http.StatusBadRequest:
			s.metrics.reject(rejectBadRequest)
		}
		if rr.slow {
			w.Header().Set("Connection", "close")
		}
		writeError(w, re.status, re.msg)
		return
	}
	var total int64
	for _, u := range ups {
		total += int64(len(u.data))
	}
	s.metrics.bytesRead.Add(float64(total))

	queued := time.Now()
	release, ok := s.acquire(ctx, w)
	if !ok {
		return
	}
	defer release()
	waited := time.Since(queued)
	scanStart := time.Now()

	wantView := r.URL.Query().Get("view") == "1"
	type scanned struct {
		fr   reports.FileResult
		view FileView
	}
	results := make([]scanned, 0, len(ups))
	for i, u := range ups {
		ups[i].data = nil // let each upload go as soon as it is scanned
		var sc scanned
		sc.fr, sc.view = s.scanFile(ctx, u.name, u.data, wantView)
		s.metrics.scanned(&sc.fr)
		results = append(results, sc)
	}
	s.metrics.observe(waited, time.Since(scanStart))
	// The report's order (by path, as the CLI sorts), kept for the views.
	slices.SortStableFunc(results, func(a, b scanned) int { return strings.Compare(a.fr.Path, b.fr.Path) })

	rep := s.newReport()
	for _, sc := range results {
		rep.Add(sc.fr)
	}
	rep.Summary.Discovered = len(results)
	rep.Summary.Scanned = len(results)
	s.opts.Log.Info("scanned", "id", requestID(r.Context()), "files", len(ups), "bytes", total,
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
// takes its slot only once its body is read (see body.go), so slow
// clients cannot hold slots. With a token, only authenticated requests get
// this far.
func (s *Server) acquire(ctx context.Context, w http.ResponseWriter) (func(), bool) {
	release, ok := s.lim.acquire(ctx)
	if !ok {
		s.metrics.reject(rejectBusy)
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
