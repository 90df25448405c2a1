package main

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"slices"
	"time"

	"github.com/accessemu/accessemu/internal/loadgen"
)

// tenantTimes creates n tenants through the admin API (a reset of one that does not exist) and
// resets each again, returning the median and 99th percentile of both; the tenants are deleted
// afterwards.
func tenantTimes(h http.Handler, n int, prefix string) (create, create99, reset, reset99 time.Duration, err error) {
	var cs, rs []time.Duration
	call := func(method, path string) (time.Duration, error) {
		req := httptest.NewRequest(method, path, nil)
		rec := httptest.NewRecorder()
		t0 := time.Now()
		h.ServeHTTP(rec, req)
		d := time.Since(t0)
		if rec.Code >= 300 {
			return d, fmt.Errorf("%s %s: %d %s", method, path, rec.Code, rec.Body.String())
		}
		return d, nil
	}
	for i := range n {
		name := fmt.Sprintf("/__emulator/tenants/%s-%d", prefix, i)
		c, err := call(http.MethodPost, name+"/reset") // a reset creates a tenant that does not exist
		if err != nil {
			return 0, 0, 0, 0, err
		}
		r, err := call(http.MethodPost, name+"/reset")
		if err != nil {
			return 0, 0, 0, 0, err
		}
		cs, rs = append(cs, c), append(rs, r)
	}
	for i := range n {
		if _, err := call(http.MethodDelete, fmt.Sprintf("/__emulator/tenants/%s-%d", prefix, i)); err != nil {
			return 0, 0, 0, 0, err
		}
	}
	slices.Sort(cs)
	slices.Sort(rs)
	return percentile(cs, 0.5), percentile(cs, 0.99), percentile(rs, 0.5), percentile(rs, 0.99), nil
}

// heapAfter serves the endpoint's loop on the default tenant by direct ServeHTTP calls (no
// network) and reports the live heap, after a GC, at each checkpoint (a request count).
func heapAfter(h http.Handler, ep loadgen.Endpoint, checkpoints []int) ([]uint64, error) {
	reqs := [2]*http.Request{}
	for i := range reqs {
		s := ep.Step(i)
		reqs[i] = httptest.NewRequest(s.Method, s.Path, nil)
		for k, v := range s.Header {
			reqs[i].Header.Set(k, v)
		}
	}
	w := loadgen.NewRecorder()
	body := &bytes.Reader{}
	var heaps []uint64
	done := 0
	for _, n := range checkpoints {
		for ; done < n; done++ {
			step := ep.Step(done)
			body.Reset(step.Body)
			req := reqs[done%2]
			req.Body = io.NopCloser(body)
			w.Reset()
			h.ServeHTTP(w, req)
			if !step.OK(w.Code, w.Body.Bytes()) {
				return nil, fmt.Errorf("request %d: %d %s", done, w.Code, w.Body.String())
			}
		}
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		heaps = append(heaps, m.HeapAlloc)
	}
	return heaps, nil
}
