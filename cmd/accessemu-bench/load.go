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

	"github.com/accessemu/accessemu/emulator/loadgen"
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
	// Ratio is this server's requests/s over the yardstick's: the baseline's, or for the 100k world
	// the default world's.
	Ratio float64 `json:"ratio,omitempty"`
}

// drive runs the endpoint's revoke/grant-back loop on conns keep-alive connections, each in its own
// tenant (tenantPrefix-N), for warmup and then d; only the requests after the warm-up count.
// strict checks each answer's exact body (the emulator); otherwise any 200 is a success.
func drive(ctx context.Context, base string, ep loadgen.Endpoint, conns int, warmup, d time.Duration, tenantPrefix string, strict bool) loadResult {
	tr := &http.Transport{MaxIdleConnsPerHost: conns, MaxConnsPerHost: conns, DisableCompression: true}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: 10 * time.Second}
	start := time.Now()
	measureFrom, end := start.Add(warmup), start.Add(warmup+d)
	type tally struct {
		n, errs int
		lat     []time.Duration
	}
	tallies := make([]tally, conns)
	var wg sync.WaitGroup
	for c := range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			t := &tallies[c]
			prefix := fmt.Sprintf("%s/t/%s-%d", base, tenantPrefix, c)
			for i := 0; ctx.Err() == nil; i++ {
				step := ep.Step(i)
				req, err := http.NewRequest(step.Method, prefix+step.Path, bytes.NewReader(step.Body))
				if err != nil {
					panic(err)
				}
				for k, v := range step.Header {
					req.Header.Set(k, v)
				}
				t0 := time.Now()
				if t0.After(end) {
					return
				}
				ok := false
				resp, err := client.Do(req)
				if err == nil {
					body, rerr := io.ReadAll(resp.Body)
					resp.Body.Close()
					ok = rerr == nil && (step.OK(resp.StatusCode, body) || !strict && resp.StatusCode == http.StatusOK)
				}
				if t0.Before(measureFrom) {
					continue
				}
				t.n++
				if !ok {
					t.errs++
				}
				if i%2 == 0 {
					t.lat = append(t.lat, time.Since(t0))
				}
			}
		}()
	}
	wg.Wait()
	r := loadResult{Endpoint: ep.Name(), Connections: conns, Seconds: d.Seconds()}
	var lat []time.Duration
	for _, t := range tallies {
		r.Requests += t.n
		r.Errors += t.errs
		lat = append(lat, t.lat...)
	}
	r.RPS = float64(r.Requests) / d.Seconds()
	slices.Sort(lat)
	r.P50MS, r.P99MS = ms(percentile(lat, 0.50)), ms(percentile(lat, 0.99))
	return r
}

func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	return sorted[min(len(sorted)-1, int(p*float64(len(sorted))))]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
