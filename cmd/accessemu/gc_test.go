package main

import (
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"testing"
	"time"
)

func TestGCPercent_GivesASmallHeapTheHeadroomAndABigOneGOGC100(t *testing.T) {
	for live, want := range map[uint64]int{0: 3200, 1 << 20: 3200, 4 << 20: 800, 16 << 20: 200, 32 << 20: 100, 200 << 20: 100} {
		if got := gcPercent(live); got != want {
			t.Errorf("live %d MiB: GOGC %d, want %d", live>>20, got, want)
		}
	}
}

func gogc() int {
	s := []metrics.Sample{{Name: "/gc/gogc:percent"}}
	metrics.Read(s)
	return int(s[0].Value.Uint64())
}

// After a collection the tuner sets GOGC for the live heap it found; a GOGC in the environment
// keeps it from touching the collector at all.
func TestTuneGC_SetsGOGCAfterACollectionUnlessTheEnvironmentDoes(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	stop := tuneGC(func(name string) string { return map[string]string{"GOGC": "150"}[name] })
	runtime.GC()
	time.Sleep(50 * time.Millisecond)
	stop()
	if got := gogc(); got != 100 {
		t.Fatalf("with GOGC=150 in the environment, the tuner set GOGC %d", got)
	}

	stop = tuneGC(func(string) string { return "" })
	defer stop()
	deadline := time.Now().Add(5 * time.Second)
	for {
		runtime.GC()
		if gogc() > 100 { // a test binary's live heap is a few megabytes
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("GOGC %d after collections, want it raised for a small heap", gogc())
		}
		time.Sleep(10 * time.Millisecond)
	}
}
