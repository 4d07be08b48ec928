package web

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/provcheck/provcheck/detectors/all"
	"github.com/provcheck/provcheck/detectors/engine"
	"github.com/provcheck/provcheck/reports"
)

// FuzzScanRequest sends arbitrary bodies with arbitrary content types to
// the scan endpoint: the answer is a report or a clean 400/413, never a
// panic or another status.
func FuzzScanRequest(f *testing.F) {
	var mp bytes.Buffer
	body, ct := multipartBodyF(&mp)
	f.Add(body, ct, "x.jpg")
	f.Add([]byte("text=hello+world"), "application/x-www-form-urlencoded", "")
	f.Add([]byte("\xff\xd8\xff\xe0 not really"), "application/octet-stream", "a/b\\c.jpg")
	f.Add([]byte("--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a\"\r\n\r\nhi"), "multipart/form-data; boundary=b", "")

	s, err := New(Options{
		Engine:         engine.New(engine.Config{}, all.Detectors(), nil),
		Tool:           reports.Tool{Name: "provcheck", Version: "fuzz"},
		MaxRequestSize: 1 << 20,
		MaxFileSize:    256 << 10,
		MaxFiles:       4,
		Now:            fixedNow,
	})
	if err != nil {
		f.Fatal(err)
	}
	h := s.Handler()
	f.Fuzz(func(t *testing.T, body []byte, contentType, name string) {
		req := httptest.NewRequestWithContext(t.Context(), "POST", "/api/v1/scan?view=1&name="+urlEscape(name), bytes.NewReader(body))
		req.Header.Set("Content-Type", contentType)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		switch rec.Code {
		case http.StatusOK, http.StatusBadRequest, http.StatusRequestEntityTooLarge:
		default:
			t.Fatalf("status %d: %s", rec.Code, rec.Body.Bytes())
		}
		if rec.Header().Get("Content-Security-Policy") == "" {
			t.Fatal("no CSP")
		}
	})
}

func multipartBodyF(buf *bytes.Buffer) ([]byte, string) {
	const boundary = "fuzzboundary"
	buf.WriteString("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\nplain words\r\n")
	buf.WriteString("--" + boundary + "\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\nAs an AI language model\r\n")
	buf.WriteString("--" + boundary + "--\r\n")
	return buf.Bytes(), "multipart/form-data; boundary=" + boundary
}

func urlEscape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-' || c == '_' {
			b.WriteByte(c)
		} else {
			b.WriteString("%" + strings.ToUpper(string("0123456789abcdef"[c>>4])+string("0123456789abcdef"[c&15])))
		}
	}
	return b.String()
}

// FuzzCleanName: whatever a client calls a file, the report gets a short,
// printable base name, never a path.
func FuzzCleanName(f *testing.F) {
	for _, s := range []string{"photo.jpg", `C:\a\b.png`, "../../etc/passwd", "", "..", "a\u202eb", strings.Repeat("é", 300), "\xff\xfe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		got := cleanName(name, "upload")
		if got == "" || !utf8.ValidString(got) || utf8.RuneCountInString(got) > 200 {
			t.Fatalf("cleanName(%q) = %q", name, got)
		}
		if strings.ContainsAny(got, `/\`) || got == "." || got == ".." {
			t.Fatalf("cleanName(%q) = %q is a path", name, got)
		}
		for _, r := range got {
			if r < 0x20 || r == 0x7f {
				t.Fatalf("cleanName(%q) = %q has a control character", name, got)
			}
		}
	})
}
