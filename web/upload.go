package web

import (
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"
)

// upload is one file or pasted text, in memory.
type upload struct {
	name string
	data []byte
}

// requestError carries the HTTP status an upload problem deserves.
type requestError struct {
	status int
	msg    string
}

func (e *requestError) Error() string { return e.msg }

func badRequest(format string, args ...any) error {
	return &requestError{http.StatusBadRequest, fmt.Sprintf(format, args...)}
}

func tooLarge(format string, args ...any) error {
	return &requestError{http.StatusRequestEntityTooLarge, fmt.Sprintf(format, args...)}
}

// textName is what a report calls pasted text.
const textName = "pasted text"

// textField is the form field for pasted text.
const textField = "text"

// readUploads reads the request's files into memory, bounded: the body by
// the request cap (already set by the middleware), each file by the file
// cap, the count by the file cap. Nothing touches the disk: multipart
// parts are streamed, never handed to ParseMultipartForm, which spills
// large files to temporary files.
//
// Three shapes are accepted: multipart/form-data (any part with a file name
// is a file; the "text" field is pasted text), an urlencoded form with a
// "text" field, and a raw body named by ?name= (whatever its content type
// says, urlencoded included: that is what curl --data-binary sends).
func (s *Server) readUploads(r *http.Request) ([]upload, error) {
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	var ups []upload
	var err error
	switch mt {
	case "multipart/form-data":
		ups, err = s.readMultipart(r)
	case "application/x-www-form-urlencoded":
		// curl --data-binary sends this type unless told otherwise: with
		// ?name= the body is the file itself, not a form.
		if r.URL.Query().Get("name") != "" {
			ups, err = s.readRaw(r)
			break
		}
		ups, err = s.readForm(r)
	default:
		ups, err = s.readRaw(r)
	}
	if err != nil {
		return nil, err
	}
	if len(ups) == 0 {
		return nil, badRequest("no file or %q field in the request", textField)
	}
	return ups, nil
}

func (s *Server) readMultipart(r *http.Request) ([]upload, error) {
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, badRequest("multipart body: %v", err)
	}
	var ups []upload
	// Other fields are allowed, but not without end: each costs a header
	// parse, and a body of a million empty parts is no upload.
	maxParts := s.opts.MaxFiles + 32
	for parts := 0; ; parts++ {
		part, err := mr.NextPart()
		if err == io.EOF {
			return ups, nil
		}
		if err != nil {
			return nil, bodyError(err, "multipart body")
		}
		if parts == maxParts {
			part.Close()
			return nil, tooLarge("more than %d parts in one request", maxParts)
		}
		isText := part.FormName() == textField
		fileName := part.FileName()
		if !isText && fileName == "" {
			// Another form field, or a browser form's empty file input:
			// read past it (still bounded by the request cap).
			if _, err := io.Copy(io.Discard, part); err != nil {
				return nil, bodyError(err, "multipart body")
			}
			continue
		}
		data, err := s.readCapped(part, "a file")
		part.Close()
		if err != nil {
			return nil, err
		}
		if len(ups) == s.opts.MaxFiles {
			return nil, tooLarge("more than %d files in one request", s.opts.MaxFiles)
		}
		name := cleanName(fileName, "upload")
		if isText {
			name = textName
		}
		ups = append(ups, upload{name: name, data: data})
	}
}

func (s *Server) readForm(r *http.Request) ([]upload, error) {
	body, err := s.readCapped(r.Body, "the form")
	if err != nil {
		return nil, err
	}
	vals, err := url.ParseQuery(string(body))
	if err != nil {
		return nil, badRequest("form body: %v", err)
	}
	texts := vals[textField]
	if len(texts) > s.opts.MaxFiles {
		return nil, tooLarge("more than %d texts in one request", s.opts.MaxFiles)
	}
	var ups []upload
	for _, t := range texts {
		ups = append(ups, upload{name: textName, data: []byte(t)})
	}
	return ups, nil
}

// readCapped reads r whole, refusing more than the file cap.
func (s *Server) readCapped(r io.Reader, what string) ([]byte, error) {
	max := s.opts.MaxFileSize
	data, err := io.ReadAll(io.LimitReader(r, max+1))
	if err != nil {
		return nil, bodyError(err, what)
	}
	if int64(len(data)) > max {
		return nil, tooLarge("%s is larger than the %d-byte limit per file", what, max)
	}
	return data, nil
}

// bodyError tells an oversize body (413) from a malformed one (400).
func bodyError(err error, what string) error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return tooLarge("the request is larger than the %d-byte limit", mbe.Limit)
	}
	return badRequest("%s: %v", what, err)
}

// cleanName keeps a client's file name fit for a report: the base name,
// printable characters only, at most 200 of them.
func cleanName(name, fallback string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	if !utf8.ValidString(name) {
		name = strings.ToValidUTF8(name, "\uFFFD")
	}
	name = strings.Map(func(r rune) rune {
		if !unicode.IsPrint(r) {
			return -1
		}
		return r
	}, name)
	name = strings.TrimSpace(name)
	if r := []rune(name); len(r) > 200 {
		name = string(r[:200])
	}
	if name == "" || name == "." || name == ".." {
		return fallback
	}
	return name
}

// readRaw reads the body as one file named by ?name=.
func (s *Server) readRaw(r *http.Request) ([]upload, error) {
	data, err := s.readCapped(r.Body, "the body")
	if err != nil {
		return nil, err
	}
	if len(data) == 0 {
		return nil, badRequest("empty request: send files as multipart/form-data, one file as the raw body with ?name=, or a %q field", textField)
	}
	return []upload{{name: cleanName(r.URL.Query().Get("name"), "upload"), data: data}}, nil
}
