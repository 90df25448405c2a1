package emulator

import (
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// metrics are the emulator's Prometheus series, in a registry of its own so that several emulators
// in one process (a test binary) each report their own.
type metrics struct {
	registry *prometheus.Registry
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
	firings  *prometheus.CounterVec
	handler  http.Handler
}

func newMetrics(ts *tenants) *metrics {
	m := &metrics{
		registry: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "accessemu_requests_total",
			Help: "Requests to the emulated APIs by provider, operation and answered status (0: the connection was dropped without an answer).",
		}, []string{"provider", "operation", "status"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "accessemu_request_duration_seconds",
			Help: "Time from a request's arrival to its answer, scenario delays included, by provider and operation.",
			// The emulator answers in well under a millisecond; scenario delays reach seconds.
			Buckets: []float64{.0001, .00025, .0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"provider", "operation"}),
		firings: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "accessemu_scenario_firings_total",
			Help: "Requests a scenario's rule answered, delayed or failed, by scenario name.",
		}, []string{"scenario"}),
	}
	m.registry.MustRegister(m.requests, m.latency, m.firings,
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "accessemu_tenants",
			Help: "Tenants the emulator holds.",
		}, func() float64 { return float64(len(ts.all())) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "accessemu_journal_entries",
			Help: "Requests held in the journals of all tenants (each journal is bounded by --journal-size).",
		}, func() float64 {
			n := 0
			for _, t := range ts.all() {
				n += t.journal.Len()
			}
			return float64(n)
		}),
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
	)
	m.handler = promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{Registry: m.registry})
	return m
}

// observe counts one answered request.
func (m *metrics) observe(provider, operation string, status int, scenario string, took time.Duration) {
	m.requests.WithLabelValues(provider, operation, statusLabel(status)).Inc()
	m.latency.WithLabelValues(provider, operation).Observe(took.Seconds())
	if scenario != "" {
		m.firings.WithLabelValues(scenario).Inc()
	}
}

// statusLabels are the status codes as label values, made once so counting allocates nothing.
var statusLabels = func() (s [600]string) {
	for i := range s {
		s[i] = strconv.Itoa(i)
	}
	return s
}()

func statusLabel(status int) string {
	if status >= 0 && status < len(statusLabels) {
		return statusLabels[status]
	}
	return strconv.Itoa(status)
}

// serveMetrics answers a scrape in the Prometheus text format (or what the scraper negotiates).
func (e *Emulator) serveMetrics(c echo.Context) error {
	e.metrics.handler.ServeHTTP(c.Response(), c.Request())
	return nil
}
