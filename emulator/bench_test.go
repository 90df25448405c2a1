package emulator_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/accessemu/accessemu/emulator"
	"github.com/accessemu/accessemu/internal/generate"
	"github.com/accessemu/accessemu/internal/loadgen"
)

// The benchmarks call the handler directly, to measure the pipeline rather than the network:
//
//	go test ./emulator -run '^$' -bench . -benchmem
//
// Each iteration is one request; a loop alternates the revoke with the grant that undoes it, so
// every request changes state and answers 200 (a failed answer stops the benchmark). Baseline is
// a bare echo handler decoding the same body, the yardstick of cmd/accessemu-bench.

func BenchmarkPipeline(b *testing.B) {
	emu, err := emulator.New(emulator.Options{})
	if err != nil {
		b.Fatal(err)
	}
	for _, ep := range loadgen.Endpoints(emulator.Registry()) {
		b.Run(ep.Name(), func(b *testing.B) { drive(b, emu.Handler(), ep, true) })
	}
}

// BenchmarkBaseline drives the baseline with the loop of every operation (as the pinned part of
// cmd/accessemu-bench does), so that BenchmarkPipeline and BenchmarkOperations each have their
// yardstick in the same run.
func BenchmarkBaseline(b *testing.B) {
	endpoints := loadgen.Operations(emulator.Registry())
	h := loadgen.Baseline()
	for _, ep := range endpoints {
		b.Run(ep.Name(), func(b *testing.B) { drive(b, h, ep, false) })
	}
}

// BenchmarkPipelineWithStreams is BenchmarkPipeline with five journal streams open on the tenant
// under load, each read to the end: every request reaches five readers (cpu-ns/op counts their
// work too).
func BenchmarkPipelineWithStreams(b *testing.B) {
	emu, err := emulator.New(emulator.Options{})
	if err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(emu.Handler())
	defer srv.Close()
	ctx, cancel := context.WithCancel(context.Background())
	var readers sync.WaitGroup
	defer readers.Wait()
	defer cancel()
	for range 5 {
		req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL+"/__emulator/tenants/default/journal/stream", nil)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		readers.Go(func() {
			defer resp.Body.Close()
			io.Copy(io.Discard, resp.Body)
		})
	}
	for _, ep := range loadgen.Endpoints(emulator.Registry()) {
		b.Run(ep.Name(), func(b *testing.B) { drive(b, emu.Handler(), ep, true) })
	}
}

// BenchmarkPipeline100k is BenchmarkPipeline with 100,000 generated identities per provider: the
// per-request cost must not grow with the world.
func BenchmarkPipeline100k(b *testing.B) {
	emu := world100k(b)
	for _, ep := range loadgen.Endpoints(emulator.Registry()) {
		b.Run(ep.Name(), func(b *testing.B) { drive(b, emu.Handler(), ep, true) })
	}
}

var big struct {
	once sync.Once
	emu  *emulator.Emulator
	err  error
}

func world100k(b *testing.B) *emulator.Emulator {
	big.once.Do(func() {
		var buf bytes.Buffer
		counts := map[string]int{}
		for _, p := range emulator.Registry() {
			counts[p.Name()] = 100_000
		}
		big.err = generate.Write(&buf, emulator.Registry(), generate.Options{Seed: 1, Counts: counts})
		if big.err == nil {
			big.emu, big.err = emulator.New(emulator.Options{Fixtures: buf.Bytes()})
		}
	})
	if big.err != nil {
		b.Fatal(big.err)
	}
	return big.emu
}

func drive(b *testing.B, h http.Handler, ep loadgen.Endpoint, check bool) {
	reqs := [2]*http.Request{request(b, ep.Step(0)), request(b, ep.Step(1))}
	body := &bytes.Reader{}
	w := loadgen.NewRecorder()
	serve := func(i int) {
		step := ep.Step(i)
		req := reqs[i%2]
		if len(step.Body) == 0 {
			req.Body = http.NoBody // as net/http gives a handler a request without a body
		} else {
			body.Reset(step.Body)
			req.Body = io.NopCloser(body)
		}
		w.Reset()
		h.ServeHTTP(w, req)
		if check && !step.OK(w.Code, w.Body.Bytes()) {
			b.Fatalf("request %d (%s %s): %d %s", i, step.Method, step.Path, w.Code, w.Body.String())
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	cpu := processCPU()
	for i := 0; i < b.N; i++ {
		serve(i)
	}
	b.StopTimer()
	// The process's CPU time per request: on a shared machine, wall time also counts the moments
	// other processes held the cores; this counts every goroutine's work, the streams' included.
	b.ReportMetric(float64(processCPU()-cpu)/float64(b.N), "cpu-ns/op")
	if b.N%2 == 1 { // give the access back for the next run
		serve(1)
	}
}

func request(b *testing.B, r *loadgen.Request) *http.Request {
	req, err := http.NewRequest(r.Method, "http://emulator"+r.Path, nil)
	if err != nil {
		b.Fatal(err)
	}
	for k, v := range r.Header {
		req.Header.Set(k, v)
	}
	req.ContentLength = int64(len(r.Body))
	return req
}

// processCPU is the CPU time this process has used, user and system.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
