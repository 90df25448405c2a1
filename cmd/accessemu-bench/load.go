package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"slices"
	"sync"
	"time"

	"github.com/accessemu/accessemu/internal/loadgen"
)

// server is a handler served on a loopback port until stop.
type server struct {
	URL  string
	stop func()
}

func serve(h http.Handler) (*server, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	return &server{URL: "http://" + ln.Addr().String(), stop: func() { srv.Close() }}, nil
}

// loadResult is one endpoint driven against one server.
type loadResult struct {
	Endpoint    string  `json:"endpoint"`
	Server      string  `json:"server"`
	World       string  `json:"world"`
	Connections int     `json:"connections"`
	Seconds     float64 `json:"seconds"`
	Requests    int     `json:"requests"`
	RPS         float64 `json:"requests_per_second"`
	// P50MS and P99MS are the latencies of the revokes (the grants are not included).
	P50MS  float64 `json:"p50_ms"`
	P99MS  float64 `json:"p99_ms"`
	Errors int     `json:"errors"`
	// Ratio is this server's requests/s over the yardstick's: the baseline's, or for a generated
	// world the default world's.
	Ratio float64 `json:"ratio,omitempty"`
}

// loader drives one endpoint's revoke/grant-back loop against one server on conns keep-alive
// connections, each in its own tenant; it keeps each connection's place in the loop across runs.
type loader struct {
	base   string
	ep     loadgen.Endpoint
	client *http.Client
	tr     *http.Transport
	// strict checks each answer's body (the emulator); otherwise any 200 is a success.
	strict bool
	next   []int // each connection's next step
	prefix []string
	// tenantPrefix names the connections' tenants: <tenantPrefix>-<connection>.
	tenantPrefix string
	// Totals over the measured runs.
	requests, errors int
	seconds          float64
	revokes          []time.Duration
}

func newLoader(base string, ep loadgen.Endpoint, conns int, tenantPrefix string, strict bool) *loader {
	tr := &http.Transport{MaxIdleConnsPerHost: conns, MaxConnsPerHost: conns, DisableCompression: true}
	l := &loader{base: base, ep: ep, tr: tr, client: &http.Client{Transport: tr, Timeout: 10 * time.Second}, strict: strict, next: make([]int, conns)}
	l.tenantPrefix = tenantPrefix
	for c := range conns {
		l.prefix = append(l.prefix, base+"/t/"+l.tenant(c))
	}
	return l
}

func (l *loader) tenant(c int) string { return fmt.Sprintf("%s-%d", l.tenantPrefix, c) }

// run drives the loop for d; measured runs add to the totals, warm-ups do not.
func (l *loader) run(ctx context.Context, d time.Duration, measured bool) {
	end := time.Now().Add(d)
	type tally struct {
		n, errs int
		lat     []time.Duration
	}
	tallies := make([]tally, len(l.next))
	var wg sync.WaitGroup
	for c := range l.next {
		wg.Add(1)
		go func() {
			defer wg.Done()
			t := &tallies[c]
			// The connection's two requests and its answer buffer are reused, so that the load
			// generator spends as little of the machine as it can.
			var reqs [2]*http.Request
			for i := range reqs {
				step := l.ep.Step(i)
				req, err := http.NewRequest(step.Method, l.prefix[c]+step.Path, nil)
				if err != nil {
					panic(err)
				}
				for k, v := range step.Header {
					req.Header.Set(k, v)
				}
				body := step.Body
				req.ContentLength = int64(len(body))
				req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
				reqs[i] = req
			}
			var body bytes.Reader
			var answer bytes.Buffer
			for ctx.Err() == nil {
				i := l.next[c]
				step, req := l.ep.Step(i), reqs[i%2]
				body.Reset(step.Body)
				req.Body = io.NopCloser(&body)
				t0 := time.Now()
				if t0.After(end) {
					return
				}
				ok := false
				resp, err := l.client.Do(req)
				if err == nil {
					answer.Reset()
					_, rerr := answer.ReadFrom(resp.Body)
					resp.Body.Close()
					ok = rerr == nil && (step.OK(resp.StatusCode, answer.Bytes()) || !l.strict && resp.StatusCode == http.StatusOK)
				}
				lat := time.Since(t0)
				l.next[c]++
				t.n++
				if !ok {
					t.errs++
				}
				if i%2 == 0 {
					t.lat = append(t.lat, lat)
				}
			}
		}()
	}
	wg.Wait()
	if !measured {
		return
	}
	l.seconds += d.Seconds()
	for _, t := range tallies {
		l.requests += t.n
		l.errors += t.errs
		l.revokes = append(l.revokes, t.lat...)
	}
}

// forget deletes the loader's tenants from an emulator, as a test suite's clean-up would, so that
// their journals do not weigh on the next runs.
func (l *loader) forget() {
	for c := range l.next {
		req, err := http.NewRequest(http.MethodDelete, fmt.Sprintf("%s/__emulator/tenants/%s", l.base, l.tenant(c)), nil)
		if err != nil {
			continue
		}
		if resp, err := l.client.Do(req); err == nil {
			resp.Body.Close()
		}
	}
}

func (l *loader) result(server, world string) loadResult {
	l.tr.CloseIdleConnections()
	r := loadResult{Endpoint: l.ep.Name(), Server: server, World: world, Connections: len(l.next), Seconds: l.seconds,
		Requests: l.requests, Errors: l.errors}
	if l.seconds > 0 {
		r.RPS = float64(l.requests) / l.seconds
	}
	slices.Sort(l.revokes)
	r.P50MS, r.P99MS = ms(percentile(l.revokes, 0.50)), ms(percentile(l.revokes, 0.99))
	return r
}

// compare drives two loaders in alternating slices (after a warm-up of each), so that both see
// the same machine: a noisy neighbour or a GC of the load generator hits both alike.
func compare(ctx context.Context, a, b *loader, warmup, d time.Duration) {
	a.run(ctx, warmup, false)
	b.run(ctx, warmup, false)
	const slices = 10
	for range slices {
		a.run(ctx, d/slices, true)
		b.run(ctx, d/slices, true)
	}
}

func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	return sorted[min(len(sorted)-1, int(p*float64(len(sorted))))]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
