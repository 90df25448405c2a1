package emulator_test

import (
	"bytes"
	"io"
	"runtime"
	"strconv"
	"testing"

	"github.com/accessemu/accessemu/emulator"
	"github.com/accessemu/accessemu/internal/loadgen"
)

// BenchmarkCollectFullJournals times a full garbage collection of an emulator whose 32 tenants
// each answered a full journal of every provider's load loop, as under the pinned benchmark's 32
// connections; with a journal of one entry it is the same emulator without journals, so the
// ratio of the two is what the journals cost the collector. Each op is one runtime.GC; heap-objects
// and heap-MB are what it found live.
//
//	GOMAXPROCS=1 go test ./emulator -run '^$' -bench CollectFullJournals
func BenchmarkCollectFullJournals(b *testing.B) {
	for _, size := range []int{1, emulator.DefaultJournalSize} {
		b.Run("journal-size="+strconv.Itoa(size), func(b *testing.B) {
			emu := fillTenants(b, size, 32)
			runtime.GC()
			b.ResetTimer()
			cpu := processCPU()
			for range b.N {
				runtime.GC()
			}
			b.StopTimer()
			// The collector's own CPU time: wall time also counts the moments other processes
			// held the core.
			b.ReportMetric(float64(processCPU()-cpu)/float64(b.N), "cpu-ns/op")
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			b.ReportMetric(float64(ms.HeapObjects), "heap-objects")
			b.ReportMetric(float64(ms.HeapAlloc)/(1<<20), "heap-MB")
			runtime.KeepAlive(emu)
		})
	}
}

// fillTenants makes an emulator keeping size entries per journal, and sends each of its tenants
// enough requests of every provider's load loop to fill its journal.
func fillTenants(b *testing.B, size, tenants int) *emulator.Emulator {
	b.Helper()
	emu, err := emulator.New(emulator.Options{JournalSize: size})
	if err != nil {
		b.Fatal(err)
	}
	h := emu.Handler()
	endpoints := loadgen.Endpoints(emulator.Registry())
	per := emulator.DefaultJournalSize / len(endpoints)
	w := loadgen.NewRecorder()
	for tn := range tenants {
		for _, ep := range endpoints {
			for i := range per + per%2 { // an even count gives every revoked access back
				step := ep.Step(i)
				req := request(b, step)
				req.Header.Set(emulator.TenantHeader, "bench-tenant-"+strconv.Itoa(tn))
				if len(step.Body) > 0 {
					req.Body = io.NopCloser(bytes.NewReader(step.Body))
				}
				w.Reset()
				h.ServeHTTP(w, req)
				if !step.OK(w.Code, w.Body.Bytes()) {
					b.Fatalf("%s %s: %d %s", step.Method, step.Path, w.Code, w.Body.String())
				}
			}
		}
	}
	return emu
}
