package emulator

import (
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/VictoriaMetrics/metrics"
	"github.com/labstack/echo/v4"
)

func init() {
	// Scrapers read # HELP and # TYPE; the library leaves them out unless asked.
	metrics.ExposeMetadata(true)
}

// latencyBuckets are the latency histogram's upper bounds: the emulator answers in well under a
// millisecond, and scenario delays reach seconds.
var latencyBuckets = []float64{.0001, .00025, .0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10}

// metricsSet is the emulator's Prometheus series, in a set of its own so that several emulators in
// one process (a test binary) each report their own. Series are made on first use.
type metricsSet struct {
	set     *metrics.Set
	firings sync.Map // scenario name → *metrics.Counter
}

func newMetrics(ts *tenants) *metricsSet {
	m := &metricsSet{set: metrics.NewSet()}
	m.set.NewGauge("accessemu_tenants", func() float64 { return float64(len(ts.all())) })
	m.set.NewGauge("accessemu_journal_entries", func() float64 {
		n := 0
		for _, t := range ts.all() {
			n += t.journal.Len()
		}
		return float64(n)
	})
	return m
}

// operationSeries are one operation's series, held by its handler so that counting a request
// neither builds nor hashes labels.
type operationSeries struct {
	m                   *metricsSet
	provider, operation string
	latency             atomic.Pointer[metrics.PrometheusHistogram]
	// requests counts by status: an index for the statuses an answer has (and 0), a map past them.
	requests [600]atomic.Pointer[metrics.Counter]
	others   sync.Map // status → *metrics.Counter
}

func (m *metricsSet) operation(provider, operation string) *operationSeries {
	return &operationSeries{m: m, provider: provider, operation: operation}
}

// observe counts one answered request (status 0: the connection was dropped without an answer).
func (s *operationSeries) observe(status int, scenario string, took time.Duration) {
	s.counter(status).Inc()
	h := s.latency.Load()
	if h == nil {
		h = s.m.set.GetOrCreatePrometheusHistogramExt("accessemu_request_duration_seconds"+
			labels("operation", s.operation, "provider", s.provider), latencyBuckets)
		s.latency.Store(h)
	}
	h.Update(took.Seconds())
	if scenario != "" {
		f, ok := s.m.firings.Load(scenario)
		if !ok {
			f, _ = s.m.firings.LoadOrStore(scenario, s.m.set.GetOrCreateCounter("accessemu_scenario_firings_total"+labels("scenario", scenario)))
		}
		f.(*metrics.Counter).Inc()
	}
}

// counter is the request counter of a status, made on its first use.
func (s *operationSeries) counter(status int) *metrics.Counter {
	made := func() *metrics.Counter {
		// GetOrCreate: two requests racing to make it get the same counter.
		return s.m.set.GetOrCreateCounter("accessemu_requests_total" +
			labels("operation", s.operation, "provider", s.provider, "status", strconv.Itoa(status)))
	}
	if status < 0 || status >= len(s.requests) {
		c, ok := s.others.Load(status)
		if !ok {
			c, _ = s.others.LoadOrStore(status, made())
		}
		return c.(*metrics.Counter)
	}
	c := s.requests[status].Load()
	if c == nil {
		c = made()
		s.requests[status].Store(c)
	}
	return c
}

// labels writes {name="value",...} with Prometheus's escaping of values (a scenario's name is a
// user's text).
func labels(pairs ...string) string {
	var b strings.Builder
	b.WriteByte('{')
	for i := 0; i+1 < len(pairs); i += 2 {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(pairs[i])
		b.WriteString(`="`)
		b.WriteString(labelEscaper.Replace(pairs[i+1]))
		b.WriteByte('"')
	}
	b.WriteByte('}')
	return b.String()
}

var labelEscaper = strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`)

// serveMetrics answers a scrape in the Prometheus text format: the emulator's series, then the Go
// runtime's and the process's.
func (e *Emulator) serveMetrics(c echo.Context) error {
	w := c.Response()
	w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
	w.WriteHeader(200)
	e.metrics.set.WritePrometheus(w)
	metrics.WriteProcessMetrics(w)
	return nil
}
