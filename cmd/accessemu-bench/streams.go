package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/accessemu/accessemu/emulator"
	"github.com/accessemu/accessemu/internal/loadgen"
)

// watchers is how many live journal streams the streams part keeps open.
const watchers = 5

// benchStreams measures what live journal streams cost the request path: two emulators serve the
// same load in turns with the baseline, one with watchers journal streams open on tenants that
// the load is changing, and the ratios against the baseline are compared.
func benchStreams(ctx context.Context, o options, rep *report, add func(measure, *bool), progress func(string, ...any)) error {
	base, err := serve(loadgen.Baseline())
	if err != nil {
		return err
	}
	defer base.stop()
	var srvs [2]*server
	for i := range srvs {
		emu, err := emulator.New(emulator.Options{MaxTenants: maxTenants})
		if err != nil {
			return err
		}
		if srvs[i], err = serve(emu.Handler()); err != nil {
			return err
		}
		defer srvs[i].stop()
	}
	plainSrv, watchedSrv := srvs[0], srvs[1]
	for run, ep := range loadgen.Endpoints {
		bl := newLoader(base.URL, ep, o.connections, fmt.Sprintf("sbase%d", run), false)
		pl := newLoader(plainSrv.URL, ep, o.connections, fmt.Sprintf("streams%d", run), true)
		wl := newLoader(watchedSrv.URL, ep, o.connections, fmt.Sprintf("streams%d", run), true)
		var tenants []string
		for c := range min(watchers, o.connections) {
			tenants = append(tenants, wl.tenant(c))
		}
		progress("streams %s: the baseline, an emulator and an emulator with %d live journal streams, in turns", ep.Name(), len(tenants))
		w, err := watch(ctx, watchedSrv.URL, tenants)
		if err != nil {
			return err
		}
		compareAll(ctx, []*loader{bl, pl, wl}, o.warmup, o.duration)
		events, resyncs := w.stop()
		pl.forget()
		wl.forget()
		b, p, s := bl.result("baseline", "-"), pl.result("emulator", "default"), wl.result("emulator", fmt.Sprintf("%d streams", len(tenants)))
		p.Ratio, s.Ratio = p.RPS/b.RPS, s.RPS/b.RPS
		rep.Throughput = append(rep.Throughput, b, p, s)
		change := s.Ratio/p.Ratio - 1
		add(measure{Name: fmt.Sprintf("throughput ratio with %d journal streams / without, %s", len(tenants), ep.Name()), Value: s.Ratio / p.Ratio, Unit: "x", Target: "≥ 0.95"}, ptr(change >= -0.05))
		add(measure{Name: fmt.Sprintf("journal events the %d streams received, %s", len(tenants), ep.Name()), Value: float64(events), Unit: "events"}, nil)
		if resyncs > 0 {
			add(measure{Name: "resyncs (a stream fell behind), " + ep.Name(), Value: float64(resyncs), Unit: "events"}, nil)
		}
		if p.Errors+s.Errors > 0 {
			add(measure{Name: "errors (streams part) " + ep.Name(), Value: float64(p.Errors + s.Errors), Unit: "requests", Target: "= 0"}, ptr(false))
		}
	}
	return nil
}

// compareAll drives loaders in alternating slices after a warm-up of each, like compare.
func compareAll(ctx context.Context, ls []*loader, warmup, d time.Duration) {
	for _, l := range ls {
		l.run(ctx, warmup, false)
	}
	const slices = 10
	for range slices {
		for _, l := range ls {
			l.run(ctx, d/slices, true)
		}
	}
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
	client := &http.Client{Transport: &http.Transport{DisableCompression: true}}
	for _, t := range tenants {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/__emulator/tenants/"+t+"/journal/stream", nil)
		if err != nil {
			cancel()
			return nil, err
		}
		resp, err := client.Do(req)
		if err != nil {
			cancel()
			return nil, err
		}
		if resp.StatusCode != http.StatusOK {
			resp.Body.Close()
			cancel()
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
