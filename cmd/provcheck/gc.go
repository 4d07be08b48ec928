package main

import (
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync/atomic"
)

// gcHeadroom is how far past the live heap the collector lets a scan's
// heap grow before its next cycle, while the live heap is small.
//
// A scan is a short batch: its live heap is small (a few MB of tables and
// results) while it allocates and drops tens of MB per folder (file
// buffers, decoded metadata, report values). With the default GOGC=100
// the collector starts a cycle every time the heap doubles from that small
// base, and over a folder of photos the cycles and their stop-the-world
// phases took about a tenth of the process's CPU. So the target is the
// live heap plus gcHeadroom, or twice the live heap (Go's default) when
// that is more: the heap never exceeds what the default allows by more
// than gcHeadroom, so memory stays bounded, including when big files make
// the live heap large. Turning the collector off and leaning on a memory
// limit would let every scan grow to the limit, and a live heap above the
// limit would make the collector run without pause.
const gcHeadroom = 64 << 20

// batchGC tunes the collector for a batch scan as gcHeadroom says, unless
// the user set GOGC. It re-derives the GC percentage from the live heap
// after every cycle. restore puts the previous setting back.
func batchGC() (restore func()) {
	if os.Getenv("GOGC") != "" {
		return func() {}
	}
	var stopped atomic.Bool
	prev := debug.SetGCPercent(gcPercentFor(liveHeap()))
	var arm func()
	arm = func() {
		// A cleanup runs once the object it watches is collected, so
		// once per cycle: it sets the percentage for the next one and
		// watches a fresh object.
		s := &gcSentinel{}
		runtime.AddCleanup(s, func(struct{}) {
			if stopped.Load() {
				return
			}
			debug.SetGCPercent(gcPercentFor(liveHeap()))
			arm()
		}, struct{}{})
	}
	arm()
	return func() {
		stopped.Store(true)
		debug.SetGCPercent(prev)
	}
}

// gcSentinel is big enough, and holds a pointer, so it is not one of the
// tiny allocations the runtime packs together (whose cleanups may never
// run).
type gcSentinel struct {
	_ *int
	_ [16]byte
}

// gcPercentFor returns the GC percentage that puts the next cycle at
// max(2*live, live+gcHeadroom).
func gcPercentFor(live uint64) int {
	const minLive = 4 << 20 // the runtime's own floor for a heap target
	live = max(live, minLive)
	return max(100, int(gcHeadroom*100/live))
}

// liveHeap reads the heap the last cycle found live (0 before the first).
func liveHeap() uint64 {
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return s[0].Value.Uint64()
}
