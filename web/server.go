// Package web serves provcheck's local page and its JSON API: drop a file
// or paste text, read the report.
//
// Uploads are scanned in memory by the same engine, detectors and settings
// as the CLI, so the same bytes get the same verdict both ways. Nothing is
// written to disk, nothing is sent anywhere, and logs carry counts and
// durations only, never file names or contents.
package web

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"runtime"
	"sync/atomic"
	"time"

	"github.com/provcheck/provcheck/detectors/engine"
	"github.com/provcheck/provcheck/provenance/container"
	"github.com/provcheck/provcheck/reports"
)

// Options configure a Server. Zero values take the defaults below.
type Options struct {
	// Engine scans the uploads; build it with the CLI's configuration.
	Engine *engine.Engine
	// Tool names the program in reports.
	Tool reports.Tool
	// SentTo names the outside classifiers off this machine that the
	// engine sends every file to; the page says so.
	SentTo []string
	// LoopbackOnly refuses requests whose Host is not localhost or a
	// loopback address; set it when listening on loopback.
	LoopbackOnly bool
	// Token, when set, must come as "Authorization: Bearer <token>" on every
	// /api/ request.
	Token string
	// MaxRequestSize caps a whole request body; MaxFileSize caps one file or
	// one pasted text (and is never above MaxRequestSize).
	MaxRequestSize int64
	MaxFileSize    int64
	// MaxFiles caps the files (and texts) in one request.
	MaxFiles int
	// MaxScans is how many requests scan at once. MaxQueue more may wait up
	// to QueueWait for a slot; beyond that the answer is 503.
	MaxScans  int
	MaxQueue  int
	QueueWait time.Duration
	// RequestTimeout bounds the work on one request, waiting included.
	RequestTimeout time.Duration
	// BodyTimeout bounds the time to receive a request body; BodyMinRate
	// (bytes per second, after a short grace) cuts off clients that send
	// slower. Bodies are read whole before a request takes a scan slot.
	BodyTimeout time.Duration
	BodyMinRate int64
	// BodyMemory bounds the bytes of request bodies held at once.
	BodyMemory int64
	// Limits bound the thumbnails and metadata tables as they bound the
	// engine (pixel cap before any decode, inflate cap).
	Limits container.Limits
	// VisualAids adds the error-level image and noise map to each image's
	// view (in memory, never stored).
	VisualAids bool
	// Finish, when set, completes every result after the engine, as the
	// CLI does for its reports (an ignore file, say). Fingerprints are
	// always set first.
	Finish func(*reports.FileResult)
	// Log receives one line per request: route, status, counts, durations.
	Log *slog.Logger
	// Now is the report clock.
	Now func() time.Time
}

// Defaults.
const (
	DefaultMaxRequestSize = 64 << 20
	DefaultMaxFiles       = 20
	DefaultMaxQueue       = 64
	// A burst of 64 uploads of a 5 MB photo on 2 cores queues for some
	// tens of seconds (0.2 to 0.5 s of CPU each), minutes on a loaded
	// machine: the wait must outlast it, or a newsroom's election-night
	// rush gets 503s from a server that is merely busy. A full queue is
	// still refused at once, and the request timeout (which must exceed
	// the wait) bounds the whole.
	DefaultQueueWait      = 3 * time.Minute
	DefaultRequestTimeout = 4 * time.Minute
)

// Server timeouts. WriteTimeout runs from the end of the request headers to
// the end of the response, so it must cover the queue wait and the scan.
const (
	readHeaderTimeout = 10 * time.Second
	readTimeout       = 2 * time.Minute
	writeTimeout      = DefaultRequestTimeout + 30*time.Second
	idleTimeout       = 2 * time.Minute
	maxHeaderBytes    = 64 << 10
	shutdownGrace     = writeTimeout
)

func (o Options) withDefaults() Options {
	if o.MaxRequestSize <= 0 {
		o.MaxRequestSize = DefaultMaxRequestSize
	}
	if o.MaxFileSize <= 0 || o.MaxFileSize > o.MaxRequestSize {
		o.MaxFileSize = o.MaxRequestSize
	}
	if o.MaxFiles <= 0 {
		o.MaxFiles = DefaultMaxFiles
	}
	if o.MaxScans <= 0 {
		o.MaxScans = runtime.GOMAXPROCS(0)
	}
	if o.MaxQueue < 0 {
		o.MaxQueue = 0
	}
	if o.QueueWait <= 0 {
		o.QueueWait = DefaultQueueWait
	}
	if o.RequestTimeout <= 0 {
		o.RequestTimeout = DefaultRequestTimeout
	}
	if o.BodyTimeout <= 0 {
		o.BodyTimeout = DefaultBodyTimeout
	}
	if o.BodyMinRate < 0 {
		o.BodyMinRate = 0
	}
	if o.BodyMemory <= 0 {
		o.BodyMemory = DefaultBodyMemory
	}
	if o.BodyMemory < o.MaxRequestSize {
		o.BodyMemory = o.MaxRequestSize // one request must fit
	}
	if o.Limits.MaxPixels <= 0 {
		o.Limits.MaxPixels = container.DefaultLimits.MaxPixels
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	if o.Now == nil {
		o.Now = func() time.Time { return time.Now().UTC() }
	}
	return o
}

// Server is the page and the API. It is safe for concurrent use.
type Server struct {
	opts     Options
	lim      *limiter
	budget   *bodyBudget
	metrics  *metrics
	draining atomic.Bool
	handler  http.Handler
}

// New returns a server over an engine.
func New(opts Options) (*Server, error) {
	if opts.Engine == nil {
		return nil, errors.New("web: no engine")
	}
	opts = opts.withDefaults()
	s := &Server{opts: opts, lim: newLimiter(opts.MaxScans, opts.MaxQueue, opts.QueueWait), budget: newBodyBudget(opts.BodyMemory)}
	s.metrics = newMetrics(func() float64 { return float64(len(s.lim.slots)) })
	s.handler = s.routes()
	return s, nil
}

// Handler returns the whole site with its security middleware.
func (s *Server) Handler() http.Handler { return s.handler }

// Options returns the settings in force, defaults applied.
func (s *Server) Options() Options { return s.opts }

func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", s.handlePage)
	mux.Handle("GET /static/", http.StripPrefix("/static/", staticHandler()))
	mux.HandleFunc("GET /healthz", s.handleHealth)
	mux.HandleFunc("GET /readyz", s.handleReady)
	mux.Handle("GET /metrics", s.metrics.handler())

	api := http.NewServeMux()
	api.HandleFunc("POST /api/v1/scan", s.handleScan)
	api.HandleFunc("POST /api/v1/report", s.handleReport)
	api.HandleFunc("GET /api/v1/detectors", s.handleDetectors)
	mux.Handle("/api/", s.requireToken(api))

	// Outermost first: bound the body and log, set the headers on every
	// answer (errors included), refuse foreign host names, then refuse
	// cross-origin writes.
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusForbidden, "cross-origin request refused")
	}))
	var h http.Handler = cop.Handler(mux)
	if s.opts.LoopbackOnly {
		h = loopbackHostsOnly(h)
	}
	return s.logRequests(securityHeaders(h))
}

// Serve answers on ln until ctx is cancelled, then shuts down gracefully:
// requests in flight get shutdownGrace to finish.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{
		Handler:           s.handler,
		ReadHeaderTimeout: readHeaderTimeout,
		ReadTimeout:       readTimeout,
		WriteTimeout:      writeTimeout,
		IdleTimeout:       idleTimeout,
		MaxHeaderBytes:    maxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(s.opts.Log.Handler(), slog.LevelWarn),
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("web: %w", err)
	case <-ctx.Done():
	}
	// Drain: /readyz answers 503 so a load balancer stops sending, new
	// connections are refused, and requests in flight (their scans
	// included) get up to their own time limit to finish.
	s.draining.Store(true)
	s.opts.Log.Info("draining", "in-flight slots", len(s.lim.slots))
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), shutdownGrace)
	defer cancel()
	err := srv.Shutdown(sctx)
	if serr := <-errc; serr != nil && !errors.Is(serr, http.ErrServerClosed) {
		err = errors.Join(err, serr)
	}
	if err != nil {
		return fmt.Errorf("web: shutdown: %w", err)
	}
	return nil
}
