package classifier

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/provcheck/provcheck/detectors"
	"github.com/provcheck/provcheck/detectors/engine"
	"github.com/provcheck/provcheck/detectors/scoring"
	"github.com/provcheck/provcheck/reports"
)

// The test binary doubles as the fake classifier program: run with
// FAKE_CLASSIFIER=<mode>, TestMain behaves as a classifier would, well
// or badly, instead of running the tests.
func TestMain(m *testing.M) {
	if mode := os.Getenv("FAKE_CLASSIFIER"); mode != "" {
		os.Exit(fake(mode, os.Stdin, os.Stdout))
	}
	os.Exit(m.Run())
}

// answer writes what a classifier in the given mode answers for input.
func answer(mode string, in io.Reader, env func(string) string, out io.Writer) int {
	data, _ := io.ReadAll(in)
	switch mode {
	case "high", "low":
		score := 0.97
		if mode == "low" {
			score = 0.03
		}
		details := map[string]any{"bytes": len(data), "mediaType": env("PROVCHECK_MEDIA_TYPE"),
			"sha256": env("PROVCHECK_SHA256"), "name": env("PROVCHECK_NAME")}
		json.NewEncoder(out).Encode(map[string]any{"score": score, "model": "fakenet", "version": "2.1", "details": details})
	case "own-threshold":
		fmt.Fprint(out, `{"score": 0.6, "model": "fakenet", "version": "2.1", "threshold": 0.55}`)
	case "hang":
		time.Sleep(time.Minute)
	case "crash":
		fmt.Fprintln(os.Stderr, "model weights not found")
		return 3
	case "nonjson":
		fmt.Fprint(out, "AI: yes, probably")
	case "score7":
		fmt.Fprint(out, `{"score": 7, "model": "fakenet"}`)
	case "two":
		fmt.Fprint(out, `{"score": 0.9, "model": "fakenet"} {"score": 0.1, "model": "fakenet"}`)
	case "nomodel":
		fmt.Fprint(out, `{"score": 0.9}`)
	case "huge":
		big := bytes.Repeat([]byte("x"), 10<<20)
		fmt.Fprintf(out, `{"score": 0.9, "model": "fakenet", "details": "%s"}`, big)
	}
	return 0
}

func fake(mode string, in io.Reader, out io.Writer) int { return answer(mode, in, os.Getenv, out) }

// execSpec is a classifier spec that runs this test binary in mode.
func execSpec(t *testing.T, mode string) Spec {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("FAKE_CLASSIFIER", mode) // inherited by the program, not read by the test
	return Spec{Name: "fake", Target: "exec:" + exe, Timeout: 3 * time.Second}
}

// httpSpec serves the classifier modes over HTTP on loopback.
func httpSpec(t *testing.T, mode string) Spec {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			http.Error(w, "POST only", http.StatusMethodNotAllowed)
			return
		}
		if mode == "crash" {
			http.Error(w, "model weights not found", http.StatusInternalServerError)
			return
		}
		if mode == "hang" {
			// Read the body first: the server notices a client that gave
			// up only once it is reading the connection again.
			io.Copy(io.Discard, r.Body)
			select {
			case <-r.Context().Done():
			case <-time.After(time.Minute):
			}
			return
		}
		hdr := func(k string) string {
			return r.Header.Get(map[string]string{"PROVCHECK_MEDIA_TYPE": "X-Provcheck-Media-Type",
				"PROVCHECK_SHA256": "X-Provcheck-Sha256", "PROVCHECK_NAME": "X-Provcheck-Name"}[k])
		}
		answer(mode, r.Body, hdr, w)
	}))
	t.Cleanup(srv.Close)
	return Spec{Name: "fake", Target: srv.URL + "/classify", Timeout: 3 * time.Second}
}

var png1 = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\x00IEND\xaeB`\x82")

// scan runs the classifier through the real engine, with its weight in
// the scoring table as the CLI puts it there.
func scan(t *testing.T, s Spec) reports.FileResult {
	t.Helper()
	d, err := s.Detector(false)
	if err != nil {
		t.Fatal(err)
	}
	w := scoring.Default()
	SetWeights(&w, []Spec{s})
	e := engine.New(engine.Config{Weights: w}, []*detectors.Detector{d}, nil)
	return e.ScanBytes(t.Context(), "/some/folder/photo.png", "photo.png", png1)
}

func TestClassifier(t *testing.T) {
	for _, kind := range []string{"exec", "http"} {
		spec := func(mode string) Spec {
			if kind == "exec" {
				return execSpec(t, mode)
			}
			return httpSpec(t, mode)
		}
		t.Run(kind+"/high score, weak by default", func(t *testing.T) {
			fr := scan(t, spec("high"))
			s := find(fr, "classifier.fake")
			if s == nil {
				t.Fatalf("no classifier.fake signal: %+v", fr)
			}
			if s.Direction != reports.DirAI || s.Strength != reports.StrengthWeak || s.Weight != weakWeight {
				t.Errorf("signal %s/%s weight %v", s.Direction, s.Strength, s.Weight)
			}
			if !strings.Contains(s.Message, "fakenet 2.1") || !strings.Contains(s.Message, "0.97") {
				t.Errorf("message %q does not name the model, version and score", s.Message)
			}
			d, _ := s.Evidence["details"].(map[string]any)
			if d["bytes"] != float64(len(png1)) || d["mediaType"] != "image/png" || d["name"] != "photo.png" ||
				d["sha256"] != fr.SHA256 {
				t.Errorf("the classifier saw %v", d)
			}
			if !fr.Review || fr.Verdict == reports.VerdictAIDeclared || fr.Verdict == reports.VerdictAIVerified {
				t.Errorf("verdict %s review %v", fr.Verdict, fr.Review)
			}
		})
		t.Run(kind+"/high score with an operating point", func(t *testing.T) {
			s := spec("high")
			s.TPR, s.FPR = 0.95, 0.02
			fr := scan(t, s)
			if fr.Verdict != reports.VerdictAISuspected || !fr.Review {
				t.Errorf("verdict %s review %v, want ai-suspected with review", fr.Verdict, fr.Review)
			}
			if sig := find(fr, "classifier.fake"); sig == nil || sig.Weight != maxWeight || sig.Strength != reports.StrengthStrong {
				t.Errorf("signal %+v", sig)
			}
		})
		t.Run(kind+"/low score", func(t *testing.T) {
			fr := scan(t, spec("low"))
			s := find(fr, "classifier.fake.below-threshold")
			if s == nil || s.Direction != reports.DirInfo || s.Weight != 0 {
				t.Fatalf("signal %+v", s)
			}
			if fr.Review || fr.Verdict != reports.VerdictNoSignals {
				t.Errorf("verdict %s review %v; a low score asks for nothing", fr.Verdict, fr.Review)
			}
		})
		t.Run(kind+"/own threshold", func(t *testing.T) {
			fr := scan(t, spec("own-threshold"))
			s := find(fr, "classifier.fake")
			if s == nil || s.Evidence["threshold"] != 0.55 || s.Evidence["thresholdSource"] != "classifier" {
				t.Fatalf("signal %+v", s)
			}
		})
		for _, mode := range []string{"hang", "crash", "nonjson", "score7", "two", "nomodel", "huge"} {
			t.Run(kind+"/"+mode, func(t *testing.T) {
				s := spec(mode)
				s.Timeout = time.Second
				start := time.Now()
				fr := scan(t, s)
				if len(fr.Signals) != 0 {
					t.Errorf("signals %v", fr.Signals)
				}
				if len(fr.Errors) != 1 || fr.Errors[0].Code != "detector" || fr.Errors[0].Source != "classifier-fake" || fr.Errors[0].Fatal {
					t.Fatalf("errors %+v, want one detector error", fr.Errors)
				}
				if fr.Verdict == reports.VerdictError || !fr.Review {
					t.Errorf("verdict %s review %v: a failed classifier leaves the file scanned, with review", fr.Verdict, fr.Review)
				}
				if d := time.Since(start); d > 20*time.Second {
					t.Errorf("took %v", d)
				}
				t.Logf("%s: %s", mode, fr.Errors[0].Message)
			})
		}
	}
}

func find(fr reports.FileResult, id string) *reports.Signal {
	for i := range fr.Signals {
		if fr.Signals[i].ID == id {
			return &fr.Signals[i]
		}
	}
	return nil
}

// The batch goes on past a failing classifier: a second file scans.
func TestScanGoesOn(t *testing.T) {
	s := execSpec(t, "crash")
	d, err := s.Detector(false)
	if err != nil {
		t.Fatal(err)
	}
	e := engine.New(engine.Config{}, []*detectors.Detector{d}, nil)
	for range 2 {
		fr := e.ScanBytes(t.Context(), "", "a.png", png1)
		if fr.Verdict == reports.VerdictError || len(fr.Errors) != 1 {
			t.Fatalf("verdict %s errors %v", fr.Verdict, fr.Errors)
		}
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		s           Spec
		allowRemote bool
		err         string
	}{
		{Spec{Name: "ok", Target: "exec:/usr/bin/true"}, false, ""},
		{Spec{Name: "ok", Target: "http://127.0.0.1:8000/x"}, false, ""},
		{Spec{Name: "ok", Target: "http://localhost:8000/x"}, false, ""},
		{Spec{Name: "ok", Target: "http://[::1]:8000/x"}, false, ""},
		{Spec{Name: "ok", Target: "https://api.example.com/v1/detect"}, false, "not on this machine"},
		{Spec{Name: "ok", Target: "http://10.0.0.5:8000/x"}, false, "not on this machine"},
		{Spec{Name: "ok", Target: "http://127.0.0.1.example.com/x"}, false, "not on this machine"},
		{Spec{Name: "ok", Target: "https://api.example.com/v1/detect"}, true, ""},
		{Spec{Name: "Bad Name", Target: "exec:x"}, false, "name"},
		{Spec{Name: "ok", Target: "exec:"}, false, "no program"},
		{Spec{Name: "ok", Target: "ftp://x"}, false, "want exec"},
		{Spec{Name: "ok", Target: "exec:x", TPR: 0.9}, false, "both"},
		{Spec{Name: "ok", Target: "exec:x", TPR: 0.1, FPR: 0.2}, false, "not above"},
		{Spec{Name: "ok", Target: "exec:x", Threshold: 1.5}, false, "threshold"},
	}
	for _, tc := range tests {
		err := tc.s.Validate(tc.allowRemote)
		if (err == nil) != (tc.err == "") || err != nil && !strings.Contains(err.Error(), tc.err) {
			t.Errorf("%+v (remote %v): %v, want %q", tc.s, tc.allowRemote, err, tc.err)
		}
	}
	if err := (Spec{Name: "ok", Target: "https://x.example"}).Validate(false); !errors.Is(err, ErrRemote) {
		t.Errorf("remote error %v", err)
	}
}

func TestNameFor(t *testing.T) {
	for in, want := range map[string]string{
		"exec:/opt/models/AI_Detect.py --fast": "ai-detect",
		"exec:detector":                        "detector",
		"http://127.0.0.1:8000/classify":       "127-0-0-1-8000",
		"exec:/":                               "classifier",
	} {
		if got := NameFor(in); got != want {
			t.Errorf("NameFor(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestWeight(t *testing.T) {
	for _, tc := range []struct {
		tpr, fpr, want float64
	}{{0, 0, weakWeight}, {0.9, 0.3, 1.0986}, {0.99, 0.001, maxWeight}} {
		got := Spec{TPR: tc.tpr, FPR: tc.fpr}.Weight()
		if d := got - tc.want; d > 1e-3 || d < -1e-3 {
			t.Errorf("Weight(%v, %v) = %v, want %v", tc.tpr, tc.fpr, got, tc.want)
		}
	}
}

// The cache key changes with the program and its settings.
func TestCacheKey(t *testing.T) {
	a, _ := Spec{Name: "a", Target: "exec:/usr/bin/true"}.Detector(false)
	b, _ := Spec{Name: "a", Target: "exec:/usr/bin/true", Version: "2"}.Detector(false)
	if a.CacheKey == b.CacheKey || !strings.Contains(a.CacheKey, "/usr/bin/true") {
		t.Errorf("cache keys %q, %q", a.CacheKey, b.CacheKey)
	}
}
