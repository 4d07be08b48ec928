package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"

	"github.com/provcheck/provcheck/reports"
)

// downloadFormats are the report formats the page offers, in its order,
// when the reports package has a writer for them. Looked up per request,
// so a format added to reports.Formats shows up without a change here.
// The writers are used as reports.Formats holds them: the HTML writer
// there makes no previews from files on disk, which matters here, since
// the paths in a report sent back for rendering are the client's to choose.
var downloadFormats = []string{"json", "html", "csv"}

// formatTypes are the content types of the downloads.
var formatTypes = map[string]string{
	"json": "application/json; charset=utf-8",
	"html": "text/html; charset=utf-8",
	"csv":  "text/csv; charset=utf-8",
}

// availableFormats returns the download formats that have a writer now.
func availableFormats() []string {
	var out []string
	for _, f := range downloadFormats {
		if _, ok := reports.Formats[f]; ok {
			out = append(out, f)
		}
	}
	return out
}

// handleReport is POST /api/v1/report?format=NAME: it renders a report the
// page already holds (the JSON of a scan answer) in another format, so a
// download needs no second upload of the files.
func (s *Server) handleReport(w http.ResponseWriter, r *http.Request) {
	format := r.URL.Query().Get("format")
	if !slices.Contains(availableFormats(), format) {
		writeError(w, http.StatusBadRequest, fmt.Sprintf("format %q: want one of %v", format, availableFormats()))
		return
	}
	writer, err := reports.ForFormat(format)
	if err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	// Decoding and rendering a large report is work like a scan: it takes
	// a slot, so memory stays bounded under load.
	release, ok := s.acquire(r.Context(), w)
	if !ok {
		return
	}
	defer release()
	var rep reports.Report
	if err := json.NewDecoder(r.Body).Decode(&rep); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			writeError(w, http.StatusRequestEntityTooLarge, "the report is too large")
			return
		}
		writeError(w, http.StatusBadRequest, "report body: "+err.Error())
		return
	}
	if rep.SchemaVersion != reports.SchemaVersion {
		writeError(w, http.StatusBadRequest, fmt.Sprintf("schemaVersion %d: want %d", rep.SchemaVersion, reports.SchemaVersion))
		return
	}
	// Render fully before answering, so a writer's failure is an error
	// status rather than half a file.
	var buf bytes.Buffer
	if err := writer.Write(r.Context(), &buf, &rep); err != nil {
		writeError(w, http.StatusInternalServerError, "rendering the report failed")
		s.opts.Log.Warn("rendering a report", "format", format, "error", err)
		return
	}
	ct := formatTypes[format]
	if ct == "" {
		ct = "text/plain; charset=utf-8"
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="provcheck-report.%s"`, format))
	_, _ = buf.WriteTo(w)
}

// detectorInfo describes one detector for GET /api/v1/detectors.
type detectorInfo struct {
	Name    string   `json:"name"`
	Version int      `json:"version"`
	Doc     string   `json:"doc"`
	Media   []string `json:"media,omitempty"`
}

type detectorsResponse struct {
	Tool      reports.Tool   `json:"tool"`
	Detectors []detectorInfo `json:"detectors"`
}

func (s *Server) detectorList() []detectorInfo {
	var out []detectorInfo
	for _, d := range s.opts.Engine.Detectors() {
		out = append(out, detectorInfo{Name: d.Name, Version: d.Version, Doc: d.Doc, Media: d.Media})
	}
	return out
}

// handleDetectors is GET /api/v1/detectors.
func (s *Server) handleDetectors(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, detectorsResponse{Tool: s.opts.Tool, Detectors: s.detectorList()})
}

// handleHealth is GET /healthz: the process answers. It says nothing else,
// so it needs no token.
func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

// handleReady is GET /readyz: 200 once the engine (detectors, trust lists)
// is loaded, which New requires, and until the server starts draining.
func (s *Server) handleReady(w http.ResponseWriter, r *http.Request) {
	if s.draining.Load() {
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "draining"})
		return
	}
	if len(s.opts.Engine.Detectors()) == 0 {
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "no detectors"})
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ready"})
}
