package main

import (
	"runtime"
	"runtime/metrics"
	"sync/atomic"

	"github.com/accessemu/accessemu/internal/collector"
)

// The collector's target for the server. Every request allocates a little, and a default world's
// live heap is a few megabytes: at Go's default GOGC of 100 the collector would run every few
// thousand requests, and on one core (GOMAXPROCS 1, a CI container's share) its work lands on
// the requests that are being answered, as CPU and as tail latency. So the server lets the heap
// grow by at least gcHeadroom past the live heap before collecting again; once the live heap is
// larger than that (a big world, many tenants' journals) this is GOGC 100, as Go's default. A
// GOGC in the environment, any value, is the user's choice and is left alone; GOMEMLIMIT still
// applies either way.
const gcHeadroom = 32 << 20

// gcPercent is the GOGC that gives a live heap of live bytes at least gcHeadroom to grow into.
func gcPercent(live uint64) int {
	const floor = 1 << 20 // a live heap read before any collection reads as 0
	live = max(live, floor)
	if live >= gcHeadroom {
		return 100
	}
	return int(gcHeadroom * 100 / live)
}

// gcTuner sets GOGC from the live heap after every collection.
type gcTuner struct {
	sample  []metrics.Sample
	percent int
	stopped atomic.Bool
}

// gcCycle is an object dropped as soon as it is made: its cleanup runs once the next
// collection has found it unreachable, that is once per cycle. (Large enough, and holding a
// pointer, not to share a tiny allocation whose cleanup might never run.)
type gcCycle struct {
	_ *byte
	_ [8]byte
}

// tuneGC starts setting the collector's target, unless the environment sets GOGC; stop ends it
// (the target then stays as last set).
func tuneGC(env func(string) string) (stop func()) {
	if env("GOGC") != "" {
		return func() {}
	}
	g := &gcTuner{sample: []metrics.Sample{{Name: "/gc/heap/live:bytes"}}, percent: 100}
	g.adjust()
	return func() { g.stopped.Store(true) }
}

// adjust sets GOGC for the live heap the last collection found, and waits for the next one.
func (g *gcTuner) adjust() {
	if g.stopped.Load() {
		return
	}
	metrics.Read(g.sample)
	if p := gcPercent(g.sample[0].Value.Uint64()); p != g.percent {
		collector.Set(p) // after any big build under way, which holds the collector off
		g.percent = p
	}
	runtime.AddCleanup(new(gcCycle), func(g *gcTuner) { g.adjust() }, g)
}
