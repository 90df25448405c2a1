package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/accessemu/accessemu/emulator"
	"github.com/accessemu/accessemu/internal/loadgen"
)

// watchers is how many live journal streams the streams part keeps open.
const watchers = 5

// streamRounds is how many rounds the streams part splits each phase's time into.
const streamRounds = 15

// phase is one of the streams part's three ways of serving the load, with what it measured.
type phase struct {
	server, world string
	requests      int
	seconds       float64
	revokes       []time.Duration
	// cpu is the process's CPU time during the phase (load generator, server and stream readers
	// alike), which a busy neighbour changes far less than throughput.
	cpu time.Duration
}

// benchStreams measures what live journal streams cost the request path. One emulator serves the
// load on two sets of tenants; watchers journal streams follow tenants of the second set for the
// whole run. In each round the load runs against the baseline, the first set and the second set,
// in turns (starting with a different one each round), so that the two sets differ only by the
// streams' events; the throughput ratio with them is compared with the ratio without.
func benchStreams(ctx context.Context, o options, rep *report, add func(measure, *bool), progress func(string, ...any)) error {
	base, err := serve(loadgen.Baseline())
	if err != nil {
		return err
	}
	defer base.stop()
	emu, err := emulator.New(emulator.Options{MaxTenants: maxTenants})
	if err != nil {
		return err
	}
	srv, err := serve(emu.Handler())
	if err != nil {
		return err
	}
	defer srv.stop()
	for run, ep := range loadgen.Endpoints(emulator.Registry()) {
		loaders := []*loader{
			newLoader(base.URL, ep, o.connections, fmt.Sprintf("sbase%d", run), false),
			newLoader(srv.URL, ep, o.connections, fmt.Sprintf("plain%d", run), true),
			newLoader(srv.URL, ep, o.connections, fmt.Sprintf("watched%d", run), true),
		}
		var tenants []string
		for c := range min(watchers, o.connections) {
			tenants = append(tenants, loaders[2].tenant(c))
		}
		progress("streams %s: the baseline, the emulator, and the emulator's tenants followed by %d live journal streams, in turns", ep.Name(), len(tenants))
		w, err := watch(ctx, srv.URL, tenants)
		if err != nil {
			return err
		}
		for _, l := range loaders {
			l.run(ctx, o.warmup, false)
		}
		phases := []*phase{{server: "baseline", world: "-"}, {server: "emulator", world: "default"}, {server: "emulator", world: fmt.Sprintf("%d streams", len(tenants))}}
		var within []float64 // per round: the ratio with the streams over the ratio without
		slice := o.duration / streamRounds
		for r := range streamRounds {
			counts := make([]int, len(phases))
			for k := range phases {
				i := (r + k) % len(phases)
				l, p := loaders[i], phases[i]
				reqs, lat, cpu := l.requests, len(l.revokes), processCPU()
				l.run(ctx, slice, true)
				p.cpu += processCPU() - cpu
				counts[i] = l.requests - reqs
				p.requests += counts[i]
				p.seconds += slice.Seconds()
				p.revokes = append(p.revokes, l.revokes[lat:]...)
			}
			if counts[0] > 0 && counts[1] > 0 {
				within = append(within, float64(counts[2])/float64(counts[1]))
			}
		}
		events, resyncs := w.stop()
		loaders[1].forget()
		loaders[2].forget()
		results := make([]loadResult, len(phases))
		for i, p := range phases {
			results[i] = p.result(ep.Name(), o.connections)
			results[i].Errors = loaders[i].errors
		}
		results[1].Ratio, results[2].Ratio = results[1].RPS/results[0].RPS, results[2].RPS/results[0].RPS
		rep.Throughput = append(rep.Throughput, results...)
		// Within a round the phases ran back to back, so the ratio of their ratios compares moments
		// alike; the median over the rounds is robust to a neighbour's burst.
		slices.Sort(within)
		med := 0.0
		if len(within) > 0 {
			med = within[len(within)/2]
		}
		add(measure{Name: fmt.Sprintf("throughput ratio with %d journal streams / without (median of %d rounds), %s", len(tenants), len(within), ep.Name()), Value: med, Unit: "x", Target: "≥ 0.95"}, ptr(med >= 0.95))
		add(measure{Name: "the same over the whole run, " + ep.Name(), Value: results[2].Ratio / results[1].Ratio, Unit: "x"}, nil)
		if phases[1].requests > 0 && phases[2].requests > 0 {
			per := func(p *phase) float64 { return float64(p.cpu.Microseconds()) / float64(p.requests) }
			add(measure{Name: fmt.Sprintf("CPU per request with %d journal streams / without, %s", len(tenants), ep.Name()), Value: per(phases[2]) / per(phases[1]), Unit: "x"}, nil)
		}
		add(measure{Name: fmt.Sprintf("journal events the %d streams received, %s", len(tenants), ep.Name()), Value: float64(events), Unit: "events"}, nil)
		if resyncs > 0 {
			add(measure{Name: "resyncs (a stream fell behind), " + ep.Name(), Value: float64(resyncs), Unit: "events"}, nil)
		}
		if n := results[1].Errors + results[2].Errors; n > 0 {
			add(measure{Name: "errors (streams part) " + ep.Name(), Value: float64(n), Unit: "requests", Target: "= 0"}, ptr(false))
		}
	}
	return nil
}

func (p *phase) result(endpoint string, conns int) loadResult {
	r := loadResult{Endpoint: endpoint, Server: p.server, World: p.world, Connections: conns, Seconds: p.seconds, Requests: p.requests}
	if p.seconds > 0 {
		r.RPS = float64(p.requests) / p.seconds
	}
	slices.Sort(p.revokes)
	r.P50MS, r.P99MS = ms(percentile(p.revokes, 0.50)), ms(percentile(p.revokes, 0.99))
	return r
}

// streamWatch is open journal streams, read to the end as the inspector reads them.
type streamWatch struct {
	cancel  context.CancelFunc
	wg      sync.WaitGroup
	events  atomic.Int64
	resyncs atomic.Int64
}

// watch opens one journal stream per tenant and counts what they receive until stop.
func watch(ctx context.Context, base string, tenants []string) (*streamWatch, error) {
	ctx, cancel := context.WithCancel(ctx)
	w := &streamWatch{cancel: cancel}
	for _, t := range tenants {
		// A stream follows a tenant that exists: resetting makes it.
		if resp, err := http.Post(base+"/__emulator/tenants/"+t+"/reset", "", nil); err == nil {
			resp.Body.Close()
		}
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/__emulator/tenants/"+t+"/journal/stream", nil)
		if err != nil {
			w.stop()
			return nil, err
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			w.stop()
			return nil, err
		}
		if resp.StatusCode != http.StatusOK {
			resp.Body.Close()
			w.stop()
			return nil, fmt.Errorf("journal stream of %s: %s", t, resp.Status)
		}
		w.wg.Add(1)
		go func() {
			defer w.wg.Done()
			defer resp.Body.Close()
			sc := bufio.NewScanner(resp.Body)
			sc.Buffer(make([]byte, 64<<10), 1<<20)
			for sc.Scan() {
				switch line := sc.Bytes(); {
				case bytes.Equal(line, []byte("event: entry")):
					w.events.Add(1)
				case bytes.Equal(line, []byte("event: resync")):
					w.resyncs.Add(1)
				}
			}
		}()
	}
	return w, nil
}

// stop closes the streams and returns the entries and resyncs they received.
func (w *streamWatch) stop() (events, resyncs int64) {
	w.cancel()
	w.wg.Wait()
	return w.events.Load(), w.resyncs.Load()
}

// processCPU is the CPU time this process has used, user and system.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
