package web

import (
	"context"
	"errors"
	"io"
	"net/http"
	"os"
	"time"

	"golang.org/x/sync/semaphore"
)

// Bodies are read whole before a request takes a scan slot, so a client
// that sends slowly holds no slot: only its own connection, and the
// memory its bytes take, which the body budget bounds. A body must arrive
// by the body deadline and, after a grace period, at no less than the
// minimum rate; a client slower than that is cut off with 408.
const (
	DefaultBodyTimeout = 2 * time.Minute
	DefaultBodyMinRate = 8 << 10 // bytes per second
	DefaultBodyMemory  = 256 << 20
	bodyGrace          = 5 * time.Second
)

var errTooSlow = errors.New("the request body arrived too slowly")

// rateReader enforces the body deadline and the minimum rate by moving the
// connection's read deadline: at any moment the client must have sent
// minRate bytes per second since the grace period ended, and everything
// by the body deadline. A client that stops sending hits the deadline in
// the middle of a Read, so a stalled read cannot outlive it.
type rateReader struct {
	r        io.Reader
	rc       *http.ResponseController
	start    time.Time
	deadline time.Time
	minRate  int64
	n        int64
	slow     bool
}

func newRateReader(w http.ResponseWriter, r io.Reader, timeout time.Duration, minRate int64) *rateReader {
	now := time.Now()
	rr := &rateReader{r: r, rc: http.NewResponseController(w), start: now, deadline: now.Add(timeout), minRate: minRate}
	rr.extend()
	return rr
}

// next is when the client must have sent more than it has.
func (rr *rateReader) next() time.Time {
	t := rr.start.Add(bodyGrace)
	if rr.minRate > 0 {
		t = t.Add(time.Duration(float64(rr.n+1) / float64(rr.minRate) * float64(time.Second)))
	}
	if t.After(rr.deadline) {
		return rr.deadline
	}
	return t
}

func (rr *rateReader) extend() {
	// Errors mean the connection does not support deadlines (a test
	// recorder): the server's ReadTimeout still bounds the body.
	_ = rr.rc.SetReadDeadline(rr.next())
}

func (rr *rateReader) Read(p []byte) (int, error) {
	n, err := rr.r.Read(p)
	rr.n += int64(n)
	if err != nil && errors.Is(err, os.ErrDeadlineExceeded) {
		rr.slow = true
		return n, errTooSlow
	}
	if err == nil {
		rr.extend()
	}
	return n, err
}

// done lifts the read deadline once the body is read, so that a scan that
// takes long does not break the connection.
func (rr *rateReader) done() { _ = rr.rc.SetReadDeadline(time.Time{}) }

// bodyBudget bounds the bytes of request bodies held in memory at once:
// a request reserves its Content-Length (or the request cap when the
// length is not given) before reading, and waits for room up to the queue
// wait.
type bodyBudget struct {
	sem  *semaphore.Weighted
	size int64
}

func newBodyBudget(size int64) *bodyBudget {
	return &bodyBudget{sem: semaphore.NewWeighted(size), size: size}
}

func (b *bodyBudget) reserve(ctx context.Context, n int64, wait time.Duration) (release func(), ok bool) {
	n = min(max(n, 1), b.size)
	ctx, cancel := context.WithTimeout(ctx, wait)
	defer cancel()
	if err := b.sem.Acquire(ctx, n); err != nil {
		return nil, false
	}
	return func() { b.sem.Release(n) }, true
}
