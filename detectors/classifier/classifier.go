// Package classifier runs outside AI-image classifiers that a newsroom
// already uses (a local model, a vendor's detector, a commercial API) and
// fuses their output as one more piece of evidence: named, weighted by an
// operating point the user declares, never decisive. provcheck has no
// classifier of its own.
//
// The contract, for a program (exec:PROGRAM) or an HTTP endpoint (POST):
// the file's bytes in, one JSON object out:
//
//	{"score": 0..1, "model": "...", "version": "...", "threshold": 0..1, "details": {...}}
//
// threshold and details are optional. A program gets PROVCHECK_MEDIA_TYPE,
// PROVCHECK_SHA256 and PROVCHECK_NAME (the base name only) in its
// environment; an HTTP endpoint gets the same as X-Provcheck-Media-Type,
// X-Provcheck-Sha256 and X-Provcheck-Name headers.
package classifier

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"math"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/provcheck/provcheck/detectors"
	"github.com/provcheck/provcheck/detectors/scoring"
	"github.com/provcheck/provcheck/reports"
)

// Spec is one configured classifier.
type Spec struct {
	// Name identifies it in signal IDs (classifier.<name>) and errors.
	Name string `mapstructure:"name"`
	// Target is "exec:PROGRAM [ARG…]" (run without a shell; arguments
	// split on spaces) or an http:// or https:// URL.
	Target string `mapstructure:"target"`
	// Version is the user's name for the model version; it goes into the
	// cache key, so changing the model and this field re-runs it.
	Version string `mapstructure:"version"`
	// Threshold is the score from which the result asks for review, when
	// the classifier does not send its own (0: 0.5).
	Threshold float64 `mapstructure:"threshold"`
	// TPR and FPR are the declared operating point at the threshold
	// (from the vendor or the user's own test); both 0 means none, and the
	// evidence is weak.
	TPR float64 `mapstructure:"tpr"`
	FPR float64 `mapstructure:"fpr"`
	// Timeout bounds one file (0: DefaultTimeout).
	Timeout time.Duration `mapstructure:"timeout"`
	// MaxOutput caps the bytes read back (0: DefaultMaxOutput).
	MaxOutput int64 `mapstructure:"max-output"`
	// Media lists the media types it is given (path.Match patterns; empty:
	// images).
	Media []string `mapstructure:"media"`
}

// Defaults for a Spec's zero fields.
const (
	DefaultTimeout   = 30 * time.Second
	DefaultMaxOutput = 1 << 20
	DefaultThreshold = 0.5
	// maxWeight caps a declared operating point's weight at the class
	// weight of strong heuristic evidence: an outside classifier can make
	// a file ai-suspected, never more.
	maxWeight = 3.0
	// weakWeight is the weight without an operating point (ai.weak).
	weakWeight = 0.5
	// maxDetails caps the details kept in the evidence, re-encoded.
	maxDetails = 4096
)

var nameRE = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// ErrRemote refuses an endpoint that is not on this machine.
var ErrRemote = errors.New("the endpoint is not on this machine (loopback); the file would leave it: allow with --classifier-allow-remote")

// NameFor derives a name from a target: the program's base name or the
// URL's host, lower-cased, other characters turned to '-'.
func NameFor(target string) string {
	s := target
	if p, ok := strings.CutPrefix(target, "exec:"); ok {
		f := strings.Fields(p)
		if len(f) > 0 {
			s = strings.TrimSuffix(filepath.Base(f[0]), filepath.Ext(f[0]))
		}
	} else if u, err := url.Parse(target); err == nil && u.Host != "" {
		s = u.Hostname() + "-" + u.Port()
	}
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	out := strings.Trim(b.String(), "-")
	if out == "" {
		out = "classifier"
	}
	return out
}

// Validate checks a spec; allowRemote permits endpoints off this machine.
func (s Spec) Validate(allowRemote bool) error {
	if !nameRE.MatchString(s.Name) {
		return fmt.Errorf("classifier %q: name must be lower-case letters, digits and dashes", s.Name)
	}
	switch {
	case strings.HasPrefix(s.Target, "exec:"):
		if len(strings.Fields(strings.TrimPrefix(s.Target, "exec:"))) == 0 {
			return fmt.Errorf("classifier %s: exec: names no program", s.Name)
		}
	case strings.HasPrefix(s.Target, "http://"), strings.HasPrefix(s.Target, "https://"):
		u, err := url.Parse(s.Target)
		if err != nil || u.Host == "" {
			return fmt.Errorf("classifier %s: bad URL %q", s.Name, s.Target)
		}
		if !allowRemote && !loopback(u.Hostname()) {
			return fmt.Errorf("classifier %s: %s: %w", s.Name, u.Host, ErrRemote)
		}
	default:
		return fmt.Errorf("classifier %s: target %q: want exec:PROGRAM or an http(s):// URL", s.Name, s.Target)
	}
	for what, v := range map[string]float64{"threshold": s.Threshold, "tpr": s.TPR, "fpr": s.FPR} {
		if math.IsNaN(v) || v < 0 || v > 1 {
			return fmt.Errorf("classifier %s: %s %v: want 0 to 1", s.Name, what, v)
		}
	}
	if (s.TPR == 0) != (s.FPR == 0) {
		return fmt.Errorf("classifier %s: declare both tpr and fpr, or neither", s.Name)
	}
	if s.TPR != 0 && s.TPR <= s.FPR {
		return fmt.Errorf("classifier %s: tpr %v is not above fpr %v: such a classifier is no evidence", s.Name, s.TPR, s.FPR)
	}
	if s.Timeout < 0 || s.MaxOutput < 0 {
		return fmt.Errorf("classifier %s: timeout and max-output must not be negative", s.Name)
	}
	return nil
}

// loopback reports whether host is this machine: a loopback address or
// "localhost". Other names are not resolved: DNS could point anywhere.
func loopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// Weight is the signal weight at or above the threshold: the log of the
// positive likelihood ratio TPR/FPR of the declared operating point,
// capped at maxWeight; weak without one.
func (s Spec) Weight() float64 {
	if s.TPR == 0 || s.FPR == 0 {
		if s.TPR > 0 && s.FPR == 0 {
			return maxWeight
		}
		return weakWeight
	}
	return min(maxWeight, math.Log(s.TPR/s.FPR))
}

// SignalID is the ID of the classifier's signal.
func (s Spec) SignalID() string { return "classifier." + s.Name }

// Detector returns the detector that runs the classifier. The cache key
// holds the spec and, for a program, its size and modification time, so a
// new model re-runs.
func (s Spec) Detector(allowRemote bool) (*detectors.Detector, error) {
	if err := s.Validate(allowRemote); err != nil {
		return nil, err
	}
	if s.Timeout == 0 {
		s.Timeout = DefaultTimeout
	}
	if s.MaxOutput == 0 {
		s.MaxOutput = DefaultMaxOutput
	}
	media := s.Media
	if len(media) == 0 {
		media = []string{"image/*"}
	}
	id, _ := json.Marshal(s)
	key := string(id)
	if prog, ok := strings.CutPrefix(s.Target, "exec:"); ok {
		f := strings.Fields(prog)
		if path, err := exec.LookPath(f[0]); err == nil {
			if st, err := os.Stat(path); err == nil {
				key += fmt.Sprintf("|%s|%d|%d", path, st.Size(), st.ModTime().UnixNano())
			}
		}
	}
	return &detectors.Detector{
		Name: "classifier-" + s.Name,
		Doc: "Outside classifier " + s.Name + " (" + describe(s.Target) + "): its score for AI generation, weighted by " +
			"the declared operating point; at or above its threshold it asks for review and can give ai-suspected, never more.",
		Version:  1,
		Media:    media,
		CacheKey: key,
		Run:      func(ctx context.Context, p *detectors.Pass) error { return s.run(ctx, p) },
	}, nil
}

func describe(target string) string {
	if strings.HasPrefix(target, "exec:") {
		return "a program on this machine"
	}
	if u, err := url.Parse(target); err == nil {
		if loopback(u.Hostname()) {
			return "an HTTP endpoint on this machine"
		}
		return "a remote HTTP endpoint at " + u.Host + ": the file leaves this machine"
	}
	return target
}

// Result is the JSON object a classifier returns.
type Result struct {
	Score     *float64        `json:"score"`
	Model     string          `json:"model"`
	Version   string          `json:"version"`
	Threshold *float64        `json:"threshold"`
	Details   json.RawMessage `json:"details"`
}

func (s Spec) run(ctx context.Context, p *detectors.Pass) error {
	ctx, cancel := context.WithTimeout(ctx, s.Timeout)
	defer cancel()
	var out []byte
	var err error
	if strings.HasPrefix(s.Target, "exec:") {
		out, err = s.runExec(ctx, p.File)
	} else {
		out, err = s.runHTTP(ctx, p.File)
	}
	if err != nil {
		if ctx.Err() != nil && errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return fmt.Errorf("classifier %s gave no answer within %s", s.Name, s.Timeout)
		}
		return fmt.Errorf("classifier %s: %w", s.Name, err)
	}
	r, err := parse(out)
	if err != nil {
		return fmt.Errorf("classifier %s: %w", s.Name, err)
	}
	p.Report(s.signal(r))
	return nil
}

// parse reads exactly one JSON object with a score in [0, 1].
func parse(out []byte) (Result, error) {
	var r Result
	dec := json.NewDecoder(bytes.NewReader(out))
	if err := dec.Decode(&r); err != nil {
		return r, fmt.Errorf("output is not a JSON object: %w", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return r, errors.New("output holds more than one JSON value")
	}
	switch {
	case r.Score == nil:
		return r, errors.New(`output has no "score"`)
	case math.IsNaN(*r.Score) || *r.Score < 0 || *r.Score > 1:
		return r, fmt.Errorf("score %v is outside 0 to 1", *r.Score)
	case r.Threshold != nil && (*r.Threshold <= 0 || *r.Threshold > 1):
		return r, fmt.Errorf("threshold %v is outside (0, 1]", *r.Threshold)
	case strings.TrimSpace(r.Model) == "":
		return r, errors.New(`output has no "model"`)
	}
	return r, nil
}

// limitedBuffer keeps at most max bytes and remembers that more came.
type limitedBuffer struct {
	buf  bytes.Buffer
	max  int64
	over bool
}

func (b *limitedBuffer) Write(p []byte) (int, error) {
	if room := b.max - int64(b.buf.Len()); int64(len(p)) > room {
		b.buf.Write(p[:max(room, 0)])
		b.over = true
		return len(p), nil // keep draining so the program is not blocked
	}
	return b.buf.Write(p)
}

func (s Spec) runExec(ctx context.Context, f *detectors.File) ([]byte, error) {
	args := strings.Fields(strings.TrimPrefix(s.Target, "exec:"))
	cmd := exec.CommandContext(ctx, args[0], args[1:]...)
	cmd.Stdin = bytes.NewReader(f.Data)
	cmd.Env = append(os.Environ(),
		"PROVCHECK_MEDIA_TYPE="+f.MediaType,
		"PROVCHECK_SHA256="+f.SHA256,
		"PROVCHECK_NAME="+baseName(f.Path),
	)
	stdout := &limitedBuffer{max: s.MaxOutput}
	stderr := &limitedBuffer{max: 2048}
	cmd.Stdout, cmd.Stderr = stdout, stderr
	// A program that leaves a child holding its pipes must not hold the
	// scan: after the kill, give up on the pipes shortly.
	cmd.WaitDelay = time.Second
	err := cmd.Run()
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	if stdout.over {
		return nil, fmt.Errorf("output exceeds %d bytes", s.MaxOutput)
	}
	if err != nil {
		msg := strings.TrimSpace(strings.ToValidUTF8(stderr.buf.String(), "?"))
		if msg != "" {
			return nil, fmt.Errorf("%w: %s", err, msg)
		}
		return nil, err
	}
	return stdout.buf.Bytes(), nil
}

// baseName is the file's base name only: a program needs no folder names.
func baseName(p string) string {
	if p == "" {
		return ""
	}
	return filepath.Base(p)
}

// client refuses redirects: a loopback endpoint must not send the file
// elsewhere.
var client = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

func (s Spec) runHTTP(ctx context.Context, f *detectors.File) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.Target, bytes.NewReader(f.Data))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", f.MediaType)
	req.Header.Set("X-Provcheck-Media-Type", f.MediaType)
	req.Header.Set("X-Provcheck-Sha256", f.SHA256)
	req.Header.Set("X-Provcheck-Name", baseName(f.Path))
	resp, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, s.MaxOutput+1))
	if err != nil {
		return nil, err
	}
	if int64(len(body)) > s.MaxOutput {
		return nil, fmt.Errorf("response exceeds %d bytes", s.MaxOutput)
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("HTTP %s: %s", resp.Status, strings.TrimSpace(string(body[:min(len(body), 200)])))
	}
	return body, nil
}

func (s Spec) signal(r Result) reports.Signal {
	threshold, from := DefaultThreshold, "default"
	switch {
	case r.Threshold != nil:
		threshold, from = *r.Threshold, "classifier"
	case s.Threshold > 0:
		threshold, from = s.Threshold, "configuration"
	}
	score := *r.Score
	model := strings.TrimSpace(r.Model)
	if r.Version != "" {
		model += " " + strings.TrimSpace(r.Version)
	}
	ev := map[string]any{
		"classifier":      s.Name,
		"target":          describe(s.Target),
		"model":           r.Model,
		"modelVersion":    r.Version,
		"score":           score,
		"threshold":       threshold,
		"thresholdSource": from,
	}
	if s.TPR > 0 {
		ev["operatingPoint"] = map[string]any{"tpr": s.TPR, "fpr": s.FPR}
	}
	if len(r.Details) > 0 && string(r.Details) != "null" {
		if len(r.Details) > maxDetails {
			ev["detailsTruncated"] = true
		} else {
			var d any
			if json.Unmarshal(r.Details, &d) == nil {
				ev["details"] = d
			}
		}
	}
	sig := reports.Signal{
		ID:       s.SignalID(),
		Evidence: ev,
	}
	if score < threshold {
		// Its own ID, so the weight declared for a positive result never
		// lands on a negative one.
		sig.ID += ".below-threshold"
		sig.Direction, sig.Strength = reports.DirInfo, reports.StrengthInfo
		sig.Message = fmt.Sprintf("classifier %s (%s): score %.3g, below its threshold %.3g", s.Name, model, score, threshold)
		sig.Explanation = "An outside classifier scored the file below its threshold. A low score is not evidence " +
			"that a person made the picture: classifiers miss generators they were not trained on, and " +
			"recompression or resizing lowers their scores."
		return sig
	}
	sig.Direction = reports.DirAI
	w := s.Weight()
	switch {
	case w >= 2.5:
		sig.Strength = reports.StrengthStrong
	case w >= 1:
		sig.Strength = reports.StrengthModerate
	default:
		sig.Strength = reports.StrengthWeak
	}
	ev["review"] = true
	ev["weight"] = math.Round(w*100) / 100
	sig.Message = fmt.Sprintf("classifier %s (%s): score %.3g, at or above its threshold %.3g", s.Name, model, score, threshold)
	sig.Explanation = "An outside classifier, run at the user's request, scored the file as likely AI-generated. " +
		"Its weight comes from the operating point declared for it (true- and false-positive rate at the threshold; " +
		"weak when none was declared). A classifier is a statistical opinion, not a trace in the file: it can " +
		"be wrong on kinds of images it was not tested on, and it never makes a file ai-declared. Look for the " +
		"file's origin and other evidence."
	return sig
}

// SetWeights puts each classifier's weight into the scoring table, unless
// the configuration already names one for its signal.
func SetWeights(w *scoring.Weights, specs []Spec) {
	for _, s := range specs {
		if _, ok := w.Signals[s.SignalID()]; ok {
			continue
		}
		if w.Signals == nil {
			w.Signals = map[string]float64{}
		} else {
			w.Signals = maps.Clone(w.Signals)
		}
		w.Signals[s.SignalID()] = s.Weight()
	}
}

// Remote returns the hosts of the specs' endpoints that are off this
// machine: every file scanned is sent there.
func Remote(specs []Spec) []string {
	var out []string
	for _, s := range specs {
		if u, err := url.Parse(s.Target); err == nil && u.Host != "" && !loopback(u.Hostname()) {
			out = append(out, u.Host)
		}
	}
	return out
}
