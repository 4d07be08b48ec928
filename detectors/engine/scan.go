package engine

import (
	"context"
	"io"
	"runtime"
	"sync"

	"golang.org/x/sync/errgroup"

	"github.com/provcheck/provcheck/reports"
)

// ScanAll scans inputs with a bounded number of workers and calls emit for
// each result as soon as it is ready (from one goroutine at a time). stdin
// is read for the input "-". Per-file failures are results, not errors; the
// returned error is only the context's.
func (e *Engine) ScanAll(ctx context.Context, inputs []Input, workers int, stdin io.Reader, emit func(reports.FileResult)) error {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	var mu sync.Mutex
	out := func(fr reports.FileResult) {
		mu.Lock()
		defer mu.Unlock()
		emit(fr)
	}
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(workers)
	for _, in := range inputs {
		if gctx.Err() != nil {
			break
		}
		g.Go(func() error {
			out(e.scanInput(gctx, in, stdin))
			return nil
		})
	}
	_ = g.Wait()
	return ctx.Err()
}

func (e *Engine) scanInput(ctx context.Context, in Input, stdin io.Reader) reports.FileResult {
	if in.NoSidecar {
		ctx = withoutSidecar(ctx)
	}
	switch {
	case in.Err != nil:
		fr := reports.FileResult{Path: in.Path, Signals: []reports.Signal{}}
		fr.Errors = []reports.FileError{classifyReadErr(in.Err)}
		e.finish(&fr)
		return fr
	case in.Object != nil:
		return e.scanObject(ctx, in)
	case in.Path == "-":
		return e.ScanReader(ctx, stdin, "-")
	case e.cfg.Cache != nil:
		return e.scanCached(ctx, in.Path)
	}
	return e.ScanFile(ctx, in.Path, in.Path)
}
