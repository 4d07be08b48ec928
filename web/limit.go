package web

import (
	"context"
	"time"
)

// limiter bounds concurrent scans. A request takes a ticket first (scans
// plus queue places); without one it is refused at once. With a ticket it
// waits for a scan slot up to the queue wait. Requests take their place
// before reading their bodies, so memory is bounded by the running scans,
// not by the connections.
type limiter struct {
	slots   chan struct{}
	tickets chan struct{}
	wait    time.Duration
}

func newLimiter(scans, queue int, wait time.Duration) *limiter {
	return &limiter{
		slots:   make(chan struct{}, scans),
		tickets: make(chan struct{}, scans+queue),
		wait:    wait,
	}
}

// acquire returns a release function, or false when the server is full or
// the wait ran out.
func (l *limiter) acquire(ctx context.Context) (release func(), ok bool) {
	select {
	case l.tickets <- struct{}{}:
	default:
		return nil, false
	}
	t := time.NewTimer(l.wait)
	defer t.Stop()
	select {
	case l.slots <- struct{}{}:
		return func() { <-l.slots; <-l.tickets }, true
	case <-ctx.Done():
	case <-t.C:
	}
	<-l.tickets
	return nil, false
}
