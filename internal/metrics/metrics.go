// Package metrics holds the Prometheus collectors Kotormo exports at /metrics.
package metrics

import (
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics is one registry and its collectors; main creates one and hands it out.
type Metrics struct {
	reg         *prometheus.Registry
	requests    *prometheus.CounterVec
	latency     *prometheus.HistogramVec
	transitions *prometheus.CounterVec
	prepared    sync.Map // series → *children
}

// New returns a registry with Go and process collectors and Kotormo's own.
func New() *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "kotormo_http_requests_total", Help: "HTTP requests by route and status.",
		}, []string{"method", "route", "status"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "kotormo_http_request_duration_seconds", Help: "HTTP request latency by route.",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5},
		}, []string{"method", "route"}),
		transitions: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "kotormo_workflow_transitions_total", Help: "Workflow actions that succeeded, by action, language and resulting state.",
		}, []string{"action", "lang", "to"}),
	}
	m.reg.MustRegister(m.requests, m.latency, m.transitions,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// standardMethods are the HTTP methods (RFC 9110 and PATCH) that are labels of
// their own; any other method string counts as "other", so that a client
// inventing methods cannot grow /metrics.
var standardMethods = map[string]string{
	http.MethodGet: http.MethodGet, http.MethodHead: http.MethodHead, http.MethodPost: http.MethodPost,
	http.MethodPut: http.MethodPut, http.MethodPatch: http.MethodPatch, http.MethodDelete: http.MethodDelete,
	http.MethodConnect: http.MethodConnect, http.MethodOptions: http.MethodOptions, http.MethodTrace: http.MethodTrace,
}

// otherMethod and unmatchedRoute are the labels of requests whose method is
// not standard, and of requests that matched no route.
const (
	otherMethod    = "other"
	unmatchedRoute = "unmatched"
)

// series identifies a request's labels apart from the status.
type series struct{ method, route string }

// children are the prepared collectors of one series.
type children struct {
	latency  prometheus.Observer
	byStatus sync.Map // int → prometheus.Counter
}

// Middleware counts requests and their latency by method and route pattern.
// Labels come from bounded sets only: the standard methods or "other", and
// the router's patterns (never the raw path) or "unmatched". Each series'
// collectors are prepared once and reused.
func (m *Metrics) Middleware() gin.HandlerFunc {
	return func(c *gin.Context) {
		start := time.Now()
		c.Next()
		s := series{method: otherMethod, route: c.FullPath()}
		if std, ok := standardMethods[c.Request.Method]; ok {
			s.method = std
		}
		if s.route == "" {
			s.route = unmatchedRoute
		}
		ch := m.children(s)
		ch.latency.Observe(time.Since(start).Seconds())
		status := c.Writer.Status()
		counter, ok := ch.byStatus.Load(status)
		if !ok {
			counter, _ = ch.byStatus.LoadOrStore(status, m.requests.WithLabelValues(s.method, s.route, strconv.Itoa(status)))
		}
		counter.(prometheus.Counter).Inc()
	}
}

// children returns the prepared collectors of s.
func (m *Metrics) children(s series) *children {
	if ch, ok := m.prepared.Load(s); ok {
		return ch.(*children)
	}
	ch, _ := m.prepared.LoadOrStore(s, &children{latency: m.latency.WithLabelValues(s.method, s.route)})
	return ch.(*children)
}

// Transition counts a successful workflow action.
func (m *Metrics) Transition(action, lang, to string) {
	if m != nil {
		m.transitions.WithLabelValues(action, lang, to).Inc()
	}
}

// Handler serves the registry in the Prometheus text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}
