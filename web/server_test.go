package web

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/textproto"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/provcheck/provcheck/detectors/all"
	"github.com/provcheck/provcheck/detectors/engine"
	"github.com/provcheck/provcheck/reports"
)

var samplesDir = filepath.Join("..", "testdata", "samples")

func fixedNow() time.Time { return time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC) }

// newTestServer starts a server over the real registry; change tweaks its
// options before it starts.
func newTestServer(t *testing.T, change func(*Options)) (*Server, *httptest.Server) {
	t.Helper()
	opts := Options{
		Engine: engine.New(engine.Config{}, all.Detectors(), nil),
		Tool:   reports.Tool{Name: "provcheck", Version: "test"},
		Now:    fixedNow,
	}
	if change != nil {
		change(&opts)
	}
	s, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(ts.Close)
	return s, ts
}

func readSample(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(samplesDir, name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// multipartBody builds a form with the given files (name → bytes) and
// optional extra fields.
func multipartBody(t *testing.T, files []upload, fields map[string]string) (io.Reader, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for _, f := range files {
		w, err := mw.CreateFormFile("file", f.name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(f.data)
	}
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	mw.Close()
	return &buf, mw.FormDataContentType()
}

func post(t *testing.T, url, contentType string, body io.Reader, hdr map[string]string) *http.Response {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, url, body)
	if err != nil {
		t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	return resp
}

func decodeReport(t *testing.T, resp *http.Response) scanResponse {
	t.Helper()
	if resp.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(resp.Body)
		t.Fatalf("status %d: %s", resp.StatusCode, b)
	}
	var sr scanResponse
	if err := json.NewDecoder(resp.Body).Decode(&sr); err != nil {
		t.Fatal(err)
	}
	if sr.Report == nil {
		t.Fatal("no report")
	}
	return sr
}

// jsonOf is v's JSON in a canonical form (object keys sorted at every
// level), so a decoded answer and a fresh result compare as text.
func jsonOf(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var generic any
	if err := json.Unmarshal(b, &generic); err != nil {
		t.Fatal(err)
	}
	b, err = json.MarshalIndent(generic, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestSameVerdictAsEngine: every sample, uploaded, gets exactly the
// FileResult the engine gives the same bytes directly.
func TestSameVerdictAsEngine(t *testing.T) {
	s, ts := newTestServer(t, nil)
	entries, err := os.ReadDir(samplesDir)
	if err != nil {
		t.Fatal(err)
	}
	var files []upload
	for _, e := range entries {
		files = append(files, upload{name: e.Name(), data: readSample(t, e.Name())})
	}
	body, ct := multipartBody(t, files, nil)
	sr := decodeReport(t, post(t, ts.URL+"/api/v1/scan", ct, body, nil))

	if sr.SchemaVersion != reports.SchemaVersion || sr.Tool.Name != "provcheck" || !sr.CreatedAt.Equal(fixedNow()) {
		t.Errorf("report header %+v %+v %v", sr.SchemaVersion, sr.Tool, sr.CreatedAt)
	}
	if sr.Summary.Files != len(files) || len(sr.Files) != len(files) {
		t.Fatalf("summary %+v, %d files", sr.Summary, len(sr.Files))
	}
	verdicts := map[reports.Verdict]bool{}
	for _, f := range files {
		want := s.opts.Engine.ScanBytes(t.Context(), "", f.name, f.data)
		want.SetFingerprints()
		var got *reports.FileResult
		for i := range sr.Files {
			if sr.Files[i].Path == f.name {
				got = &sr.Files[i]
			}
		}
		if got == nil {
			t.Errorf("%s missing from the answer", f.name)
			continue
		}
		if g, w := jsonOf(t, got), jsonOf(t, want); g != w {
			t.Errorf("%s: web and engine differ:\nweb:    %s\nengine: %s", f.name, g, w)
		}
		verdicts[got.Verdict] = true
	}
	// The samples cover several verdicts, so equality above means something.
	if len(verdicts) < 3 {
		t.Errorf("only verdicts %v among the samples", verdicts)
	}
	for i := 1; i < len(sr.Files); i++ {
		if sr.Files[i-1].Path > sr.Files[i].Path {
			t.Errorf("files not sorted by path: %s before %s", sr.Files[i-1].Path, sr.Files[i].Path)
		}
	}
	if sr.View != nil {
		t.Errorf("view sent without ?view=1")
	}
}

func TestRawBodyAndText(t *testing.T) {
	_, ts := newTestServer(t, nil)
	jpg := readSample(t, "ai_iptc_digital_source_type.jpg")
	chat := "As an AI language model, I cannot browse the internet.\nCertainly! Here is a summary.\n"

	tests := []struct {
		name       string
		url, ctype string
		body       func() (io.Reader, string)
		wantPath   string
		wantMedia  string
	}{
		{"raw body with a name", "/api/v1/scan?name=" + "dir%2Fphoto.jpg", "application/octet-stream",
			func() (io.Reader, string) { return bytes.NewReader(jpg), "" }, "photo.jpg", "image/jpeg"},
		{"raw body, lying content type", "/api/v1/scan?name=x.png", "image/png",
			func() (io.Reader, string) { return bytes.NewReader(jpg), "" }, "x.png", "image/jpeg"},
		{"raw body as curl --data-binary sends it", "/api/v1/scan?name=photo.jpg", "application/x-www-form-urlencoded",
			func() (io.Reader, string) { return bytes.NewReader(jpg), "" }, "photo.jpg", "image/jpeg"},
		{"raw body without a name", "/api/v1/scan", "",
			func() (io.Reader, string) { return bytes.NewReader(jpg), "" }, "upload", "image/jpeg"},
		{"multipart text field", "/api/v1/scan", "",
			func() (io.Reader, string) { return multipartBody(t, nil, map[string]string{"text": chat}) }, textName, "text/plain"},
		{"urlencoded text field", "/api/v1/scan", "application/x-www-form-urlencoded",
			func() (io.Reader, string) { return strings.NewReader("text=" + strings.ReplaceAll(chat, " ", "+")), "" }, textName, "text/plain"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body, ct := tt.body()
			if ct == "" {
				ct = tt.ctype
			}
			sr := decodeReport(t, post(t, ts.URL+tt.url, ct, body, nil))
			if len(sr.Files) != 1 {
				t.Fatalf("%d files", len(sr.Files))
			}
			f := sr.Files[0]
			if f.Path != tt.wantPath || f.MediaType != tt.wantMedia {
				t.Errorf("path %q media %q, want %q %q", f.Path, f.MediaType, tt.wantPath, tt.wantMedia)
			}
			if f.Verdict == reports.VerdictError {
				t.Errorf("error verdict: %+v", f.Errors)
			}
		})
	}
}

// TestPastedTextSameAsEngine: the text field is scanned as the same bytes.
func TestPastedTextSameAsEngine(t *testing.T) {
	s, ts := newTestServer(t, nil)
	text := readSample(t, "text_chatbot_reply.md")
	body, ct := multipartBody(t, nil, map[string]string{"text": string(text)})
	sr := decodeReport(t, post(t, ts.URL+"/api/v1/scan", ct, body, nil))
	want := s.opts.Engine.ScanBytes(t.Context(), "", textName, text)
	want.SetFingerprints()
	if g, w := jsonOf(t, sr.Files[0]), jsonOf(t, want); g != w {
		t.Errorf("web and engine differ:\n%s\n%s", g, w)
	}
	if want.Verdict == reports.VerdictNoSignals {
		t.Errorf("the chatbot sample found nothing; the comparison is weak")
	}
}

func TestRequestErrors(t *testing.T) {
	_, ts := newTestServer(t, func(o *Options) {
		o.MaxRequestSize = 1 << 20
		o.MaxFileSize = 64 << 10
		o.MaxFiles = 3
	})
	small := []byte("small text file\n")
	big := bytes.Repeat([]byte("x"), 100<<10)
	huge := bytes.Repeat([]byte("y"), 2<<20)
	many := []upload{{"a.txt", small}, {"b.txt", small}, {"c.txt", small}, {"d.txt", small}}

	tests := []struct {
		name   string
		method string
		path   string
		body   func() (io.Reader, string)
		want   int
	}{
		{"request over the body cap", "POST", "/api/v1/scan",
			func() (io.Reader, string) { return multipartBody(t, []upload{{"huge.txt", huge}}, nil) }, 413},
		{"raw body over the body cap", "POST", "/api/v1/scan?name=huge",
			func() (io.Reader, string) { return bytes.NewReader(huge), "application/octet-stream" }, 413},
		{"file over the file cap", "POST", "/api/v1/scan",
			func() (io.Reader, string) { return multipartBody(t, []upload{{"big.txt", big}}, nil) }, 413},
		{"text over the file cap", "POST", "/api/v1/scan",
			func() (io.Reader, string) { return multipartBody(t, nil, map[string]string{"text": string(big)}) }, 413},
		{"too many files", "POST", "/api/v1/scan",
			func() (io.Reader, string) { return multipartBody(t, many, nil) }, 413},
		{"multipart without a boundary", "POST", "/api/v1/scan",
			func() (io.Reader, string) { return strings.NewReader("--x\r\n"), "multipart/form-data" }, 400},
		{"multipart with a wrong boundary", "POST", "/api/v1/scan",
			func() (io.Reader, string) {
				return strings.NewReader("--other\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a\"\r\n\r\nhi\r\n--other--\r\n"),
					"multipart/form-data; boundary=xyz"
			}, 400},
		{"multipart cut short", "POST", "/api/v1/scan",
			func() (io.Reader, string) {
				return strings.NewReader("--xyz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a\"\r\n\r\nhi there"),
					"multipart/form-data; boundary=xyz"
			}, 400},
		{"multipart with no file", "POST", "/api/v1/scan",
			func() (io.Reader, string) { return multipartBody(t, nil, map[string]string{"other": "x"}) }, 400},
		{"bad urlencoded form", "POST", "/api/v1/scan",
			func() (io.Reader, string) { return strings.NewReader("text=%zz"), "application/x-www-form-urlencoded" }, 400},
		{"GET on scan", "GET", "/api/v1/scan", nil, 405},
		{"PUT on scan", "PUT", "/api/v1/scan", nil, 405},
		{"POST on detectors", "POST", "/api/v1/detectors", nil, 405},
		{"POST on the page", "POST", "/", nil, 405},
		{"unknown path", "GET", "/nope", nil, 404},
		{"unknown report format", "POST", "/api/v1/report?format=xml",
			func() (io.Reader, string) { return strings.NewReader(`{"schemaVersion":1}`), "application/json" }, 400},
		{"report of another schema", "POST", "/api/v1/report?format=json",
			func() (io.Reader, string) { return strings.NewReader(`{"schemaVersion":3}`), "application/json" }, 400},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var body io.Reader
			ct := ""
			if tt.body != nil {
				body, ct = tt.body()
			}
			req, _ := http.NewRequestWithContext(t.Context(), tt.method, ts.URL+tt.path, body)
			if ct != "" {
				req.Header.Set("Content-Type", ct)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			msg, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != tt.want {
				t.Fatalf("status %d, want %d: %s", resp.StatusCode, tt.want, msg)
			}
			if tt.want != 404 && tt.want != 405 {
				var e apiError
				if err := json.Unmarshal(msg, &e); err != nil || e.Error == "" {
					t.Errorf("error body %q is not {\"error\": ...}", msg)
				}
			}
		})
	}
}

func TestToken(t *testing.T) {
	_, ts := newTestServer(t, func(o *Options) { o.Token = "s3cret-token" })
	text := func() (io.Reader, string) { return multipartBody(t, nil, map[string]string{"text": "hello"}) }
	tests := []struct {
		name, auth string
		want       int
	}{
		{"missing", "", 401},
		{"wrong", "Bearer nope", 401},
		{"prefix of the right one", "Bearer s3cret", 401},
		{"wrong scheme", "Basic s3cret-token", 401},
		{"right", "Bearer s3cret-token", 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body, ct := text()
			hdr := map[string]string{}
			if tt.auth != "" {
				hdr["Authorization"] = tt.auth
			}
			resp := post(t, ts.URL+"/api/v1/scan", ct, body, hdr)
			if resp.StatusCode != tt.want {
				t.Fatalf("status %d, want %d", resp.StatusCode, tt.want)
			}
			if tt.want == 401 && !strings.HasPrefix(resp.Header.Get("WWW-Authenticate"), "Bearer") {
				t.Errorf("no WWW-Authenticate: Bearer")
			}
		})
	}
	// The detector list is API too; the page, its assets and the health
	// check carry nothing private.
	for path, want := range map[string]int{"/api/v1/detectors": 401, "/": 200, "/static/app.js": 200, "/healthz": 200} {
		resp, err := http.Get(ts.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("GET %s: %d, want %d", path, resp.StatusCode, want)
		}
	}
}

func TestCrossOriginRefused(t *testing.T) {
	_, ts := newTestServer(t, nil)
	for name, hdr := range map[string]map[string]string{
		"cross-site fetch": {"Sec-Fetch-Site": "cross-site"},
		"foreign origin":   {"Origin": "https://evil.example"},
	} {
		t.Run(name, func(t *testing.T) {
			body, ct := multipartBody(t, nil, map[string]string{"text": "hello"})
			if resp := post(t, ts.URL+"/api/v1/scan", ct, body, hdr); resp.StatusCode != http.StatusForbidden {
				t.Fatalf("status %d, want 403", resp.StatusCode)
			}
		})
	}
	body, ct := multipartBody(t, nil, map[string]string{"text": "hello"})
	if resp := post(t, ts.URL+"/api/v1/scan", ct, body, map[string]string{"Sec-Fetch-Site": "same-origin"}); resp.StatusCode != 200 {
		t.Fatalf("same-origin: status %d", resp.StatusCode)
	}
}

// TestConcurrentUploads: 20 uploads at once all get a full report.
func TestConcurrentUploads(t *testing.T) {
	_, ts := newTestServer(t, func(o *Options) { o.MaxScans = 4; o.MaxQueue = 16 })
	jpg := readSample(t, "camera_canon_eos.jpg")
	const n = 20
	errs := make(chan error, n)
	for i := range n {
		go func() {
			name := fmt.Sprintf("f%02d.jpg", i)
			req, _ := http.NewRequestWithContext(t.Context(), "POST", ts.URL+"/api/v1/scan?name="+name, bytes.NewReader(jpg))
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				errs <- err
				return
			}
			defer resp.Body.Close()
			var r reports.Report
			if err := json.NewDecoder(resp.Body).Decode(&r); err != nil {
				errs <- fmt.Errorf("%s: status %d: %w", name, resp.StatusCode, err)
				return
			}
			if resp.StatusCode != 200 || len(r.Files) != 1 || r.Files[0].Path != name {
				errs <- fmt.Errorf("%s: status %d, %d files", name, resp.StatusCode, len(r.Files))
				return
			}
			errs <- nil
		}()
	}
	for range n {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}

// TestBusy: with every slot and queue place taken, the answer is 503 at
// once, and the server works again when a slot frees.
func TestBusy(t *testing.T) {
	s, ts := newTestServer(t, func(o *Options) { o.MaxScans = 1; o.MaxQueue = 0 })
	release, ok := s.lim.acquire(t.Context())
	if !ok {
		t.Fatal("could not take the only slot")
	}
	body, ct := multipartBody(t, nil, map[string]string{"text": "hello"})
	resp := post(t, ts.URL+"/api/v1/scan", ct, body, nil)
	if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") == "" {
		t.Fatalf("status %d, Retry-After %q", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
	release()
	body, ct = multipartBody(t, nil, map[string]string{"text": "hello"})
	if resp := post(t, ts.URL+"/api/v1/scan", ct, body, nil); resp.StatusCode != 200 {
		t.Fatalf("after release: status %d", resp.StatusCode)
	}
}

func TestQueueWaitsForASlot(t *testing.T) {
	s, ts := newTestServer(t, func(o *Options) { o.MaxScans = 1; o.MaxQueue = 1; o.QueueWait = 5 * time.Second })
	release, _ := s.lim.acquire(t.Context())
	go func() { time.Sleep(100 * time.Millisecond); release() }()
	body, ct := multipartBody(t, nil, map[string]string{"text": "hello"})
	if resp := post(t, ts.URL+"/api/v1/scan", ct, body, nil); resp.StatusCode != 200 {
		t.Fatalf("queued request: status %d", resp.StatusCode)
	}
}

func TestSecurityHeaders(t *testing.T) {
	_, ts := newTestServer(t, nil)
	body, ct := multipartBody(t, nil, map[string]string{"text": "hello"})
	responses := map[string]*http.Response{
		"scan":      post(t, ts.URL+"/api/v1/scan", ct, body, nil),
		"bad scan":  post(t, ts.URL+"/api/v1/scan", "multipart/form-data", strings.NewReader("x"), nil),
		"page":      get(t, ts.URL+"/"),
		"script":    get(t, ts.URL+"/static/app.js"),
		"not found": get(t, ts.URL+"/nope"),
	}
	want := map[string]string{
		"X-Content-Type-Options":  "nosniff",
		"Referrer-Policy":         "no-referrer",
		"Cache-Control":           "no-store",
		"X-Frame-Options":         "DENY",
		"Content-Security-Policy": contentSecurityPolicy,
	}
	for name, resp := range responses {
		for k, v := range want {
			if got := resp.Header.Get(k); got != v {
				t.Errorf("%s: %s = %q, want %q", name, k, got, v)
			}
		}
	}
	for _, must := range []string{"default-src 'none'", "script-src 'self'", "img-src 'self' data:", "frame-ancestors 'none'"} {
		if !strings.Contains(contentSecurityPolicy, must) {
			t.Errorf("CSP lacks %s", must)
		}
	}
	if strings.Contains(contentSecurityPolicy, "unsafe-inline") {
		t.Error("CSP allows inline script or style")
	}
	for name, wantType := range map[string]string{"scan": "application/json", "page": "text/html", "script": "text/javascript"} {
		if got := responses[name].Header.Get("Content-Type"); !strings.HasPrefix(got, wantType) {
			t.Errorf("%s: Content-Type %q, want %s", name, got, wantType)
		}
	}
}

func get(t *testing.T, url string) *http.Response {
	t.Helper()
	req, _ := http.NewRequestWithContext(t.Context(), "GET", url, nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	return resp
}

// TestNothingOnDisk: a multipart upload far above the size at which
// ParseMultipartForm would spill to a temporary file leaves none.
func TestNothingOnDisk(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	_, ts := newTestServer(t, nil)
	// Above the 32 MiB that ParseMultipartForm keeps in memory by default.
	big := bytes.Repeat([]byte{0x00, 0xff, 0x13, 0x37}, 40<<20/4)
	body, ct := multipartBody(t, []upload{{"big.bin", big}}, nil)
	decodeReport(t, post(t, ts.URL+"/api/v1/scan", ct, body, nil))
	left, err := os.ReadDir(tmp)
	if err != nil {
		t.Fatal(err)
	}
	if len(left) > 0 {
		t.Errorf("files left in TMPDIR: %v", left)
	}
}

// TestLogsCarryNoNamesOrContent: the request log has counts and durations,
// never the file name (even in the query) nor the text.
func TestLogsCarryNoNamesOrContent(t *testing.T) {
	var logs bytes.Buffer
	_, ts := newTestServer(t, func(o *Options) {
		o.Log = slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	})
	secretName := "whistleblower-source-7731.jpg"
	secretText := "meet at the old bridge 7731"
	decodeReport(t, post(t, ts.URL+"/api/v1/scan?name="+secretName, "", bytes.NewReader(readSample(t, "camera_canon_eos.jpg")), nil))
	body, ct := multipartBody(t, []upload{{secretName, []byte(secretText)}}, map[string]string{"text": secretText})
	decodeReport(t, post(t, ts.URL+"/api/v1/scan?view=1", ct, body, nil))
	out := logs.String()
	if !strings.Contains(out, "files=") || !strings.Contains(out, "duration=") {
		t.Errorf("logs lack counts and durations:\n%s", out)
	}
	for _, secret := range []string{"whistleblower", "7731", "bridge"} {
		if strings.Contains(out, secret) {
			t.Errorf("logs mention %q:\n%s", secret, out)
		}
	}
}

func TestDetectorsAndHealth(t *testing.T) {
	_, ts := newTestServer(t, nil)
	var dr detectorsResponse
	if err := json.NewDecoder(get(t, ts.URL+"/api/v1/detectors").Body).Decode(&dr); err != nil {
		t.Fatal(err)
	}
	reg := all.Detectors()
	if len(dr.Detectors) != len(reg) || dr.Tool.Version != "test" {
		t.Fatalf("%d detectors, want %d; tool %+v", len(dr.Detectors), len(reg), dr.Tool)
	}
	for i, d := range reg {
		got := dr.Detectors[i]
		if got.Name != d.Name || got.Version != d.Version || got.Doc == "" {
			t.Errorf("detector %d: %+v, want %s@%d", i, got, d.Name, d.Version)
		}
	}
	var h map[string]string
	if err := json.NewDecoder(get(t, ts.URL+"/healthz").Body).Decode(&h); err != nil || h["status"] != "ok" {
		t.Fatalf("healthz %v %v", h, err)
	}
}

// TestReportDownload renders a scan answer again in each offered format.
func TestReportDownload(t *testing.T) {
	_, ts := newTestServer(t, nil)
	body, ct := multipartBody(t, []upload{{"a.png", readSample(t, "ai_comfyui_workflow.png")}}, nil)
	resp := post(t, ts.URL+"/api/v1/scan", ct, body, nil)
	orig, _ := io.ReadAll(resp.Body)

	formats := availableFormats()
	if len(formats) == 0 || formats[0] != "json" {
		t.Fatalf("formats %v", formats)
	}
	for _, f := range formats {
		t.Run(f, func(t *testing.T) {
			resp := post(t, ts.URL+"/api/v1/report?format="+f, "application/json", bytes.NewReader(orig), nil)
			got, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != 200 {
				t.Fatalf("status %d: %s", resp.StatusCode, got)
			}
			if cd := resp.Header.Get("Content-Disposition"); !strings.Contains(cd, "attachment") || !strings.Contains(cd, "."+f) {
				t.Errorf("Content-Disposition %q", cd)
			}
			if f == "json" && !bytes.Equal(got, orig) {
				t.Errorf("JSON download differs from the scan answer:\n%s\n%s", got, orig)
			}
			if !bytes.Contains(got, []byte("a.png")) {
				t.Errorf("%s download does not name the file", f)
			}
		})
	}
	// The page offers exactly these formats.
	page, _ := io.ReadAll(get(t, ts.URL+"/").Body)
	for _, f := range formats {
		if !bytes.Contains(page, []byte(`data-format="`+f+`"`)) {
			t.Errorf("page lacks a %s download", f)
		}
	}
	if bytes.Contains(page, []byte(`data-format="table"`)) {
		t.Error("page offers the table format")
	}
}

// TestPageHasNoInlineScript checks the page and its assets against the
// CSP: script only from files, no inline handlers or styles.
func TestPageHasNoInlineScript(t *testing.T) {
	_, ts := newTestServer(t, func(o *Options) { o.Token = "t" })
	page, _ := io.ReadAll(get(t, ts.URL+"/").Body)
	s := string(page)
	if n, m := strings.Count(s, "<script"), strings.Count(s, `<script src="/static/`); n != m || n == 0 {
		t.Errorf("%d script tags, %d from /static/", n, m)
	}
	for _, bad := range []string{" onclick=", " onload=", " style=", "<style", "javascript:", "http://", "https://"} {
		if strings.Contains(s, bad) {
			t.Errorf("page contains %q", bad)
		}
	}
	if !strings.Contains(s, "nothing is stored") {
		t.Error("page lacks the statement that nothing is stored")
	}
	if strings.Contains(s, `id="token-form" class="token" hidden`) {
		t.Error("token field hidden although a token is required")
	}
	js, _ := io.ReadAll(get(t, ts.URL+"/static/app.js").Body)
	if bytes.Contains(js, []byte("innerHTML")) || bytes.Contains(js, []byte("insertAdjacentHTML")) || bytes.Contains(js, []byte("eval(")) {
		t.Error("app.js builds HTML from strings")
	}
	// The one address outside the server is the map link of a GPS
	// position: an ordinary link, followed only on a click, that says it
	// leaves the machine (the browser tests check nothing is fetched).
	rest := bytes.ReplaceAll(js, []byte("'https://www.openstreetmap.org/?mlat='"), nil)
	for _, ref := range []string{"http://", "https://"} {
		if bytes.Contains(rest, []byte(ref)) {
			t.Errorf("app.js refers to %s", ref)
		}
	}
}

// partHeader builds a multipart part header by hand, for odd parts.
func partHeader(disposition string) textproto.MIMEHeader {
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", disposition)
	return h
}

func TestFileNamesCleaned(t *testing.T) {
	_, ts := newTestServer(t, nil)
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	names := []string{`C:\Users\ana\Desktop\leak.txt`, "../../etc/passwd", "a\u202eb\u200bc.txt", ""}
	for _, n := range names {
		w, _ := mw.CreatePart(partHeader(fmt.Sprintf(`form-data; name="file"; filename="%s"`, n)))
		w.Write([]byte("words\n"))
	}
	mw.Close()
	sr := decodeReport(t, post(t, ts.URL+"/api/v1/scan", mw.FormDataContentType(), &buf, nil))
	var got []string
	for _, f := range sr.Files {
		got = append(got, f.Path)
	}
	// The empty name is a browser's empty file input: skipped.
	want := []string{"abc.txt", "leak.txt", "passwd"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("paths %q, want %q", got, want)
	}
}

// TestBodyCap: files each under the file cap, together over the request
// cap, are refused with 413.
func TestBodyCap(t *testing.T) {
	_, ts := newTestServer(t, func(o *Options) { o.MaxRequestSize = 1 << 20 })
	part := bytes.Repeat([]byte("z"), 600<<10)
	body, ct := multipartBody(t, []upload{{"a.txt", part}, {"b.txt", part}}, nil)
	resp := post(t, ts.URL+"/api/v1/scan", ct, body, nil)
	msg, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(string(msg), "request is larger") {
		t.Fatalf("status %d: %s", resp.StatusCode, msg)
	}
}

// TestReportDownloadReadsNoFiles: a report sent back for rendering names
// paths, and the HTML writer can make previews from files on disk. The
// server must not: a page could otherwise read images off the server's
// disk by naming them (with their hash).
func TestReportDownloadReadsNoFiles(t *testing.T) {
	if !slices.Contains(availableFormats(), "html") {
		t.Skip("no html writer yet")
	}
	_, ts := newTestServer(t, nil)
	path, err := filepath.Abs(filepath.Join(samplesDir, "camera_canon_eos.jpg"))
	if err != nil {
		t.Fatal(err)
	}
	data := readSample(t, "camera_canon_eos.jpg")
	sum := sha256.Sum256(data)
	rep := reports.Report{
		SchemaVersion: reports.SchemaVersion,
		Summary:       reports.Summary{Files: 1, Verdicts: map[reports.Verdict]int{reports.VerdictNoSignals: 1}},
		Files: []reports.FileResult{{
			Path: path, SHA256: hex.EncodeToString(sum[:]), Size: int64(len(data)), MediaType: "image/jpeg",
			Verdict: reports.VerdictNoSignals, Signals: []reports.Signal{}, Errors: []reports.FileError{},
			Provenance: reports.Provenance{C2PA: reports.C2PA{State: reports.C2PANone}},
		}},
	}
	body, _ := json.Marshal(rep)
	resp := post(t, ts.URL+"/api/v1/report?format=html", "application/json", bytes.NewReader(body), nil)
	html, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		t.Fatalf("status %d: %s", resp.StatusCode, html)
	}
	if bytes.Contains(html, []byte("data:image/jpeg")) {
		t.Error("the HTML download carries a preview read from the server's disk")
	}
}

// TestLoopbackHostsOnly: with LoopbackOnly, a request addressed to another
// host name (a DNS-rebinding page) is refused, whatever its method.
func TestLoopbackHostsOnly(t *testing.T) {
	_, ts := newTestServer(t, func(o *Options) { o.LoopbackOnly = true })
	tests := []struct {
		host string
		want int
	}{
		{"", 200}, // the test server's own 127.0.0.1:port
		{"localhost:8080", 200},
		{"LOCALHOST", 200},
		{"[::1]:8080", 200},
		{"127.0.0.2", 200},
		{"evil.example:8080", http.StatusMisdirectedRequest},
		{"localhost.evil.example", http.StatusMisdirectedRequest},
		{"10.0.0.5:8080", http.StatusMisdirectedRequest},
	}
	for _, tt := range tests {
		t.Run(tt.host, func(t *testing.T) {
			req, _ := http.NewRequestWithContext(t.Context(), "GET", ts.URL+"/", nil)
			if tt.host != "" {
				req.Host = tt.host
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != tt.want {
				t.Fatalf("Host %q: status %d, want %d", tt.host, resp.StatusCode, tt.want)
			}
		})
	}
}
