// Package metrics holds the Prometheus collectors Kotormo exports at /metrics.
package metrics

import (
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

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
	routes      sync.Map // route pattern → *route
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

// The HTTP methods of RFC 9110 and PATCH are labels of their own (see
// methodIndex); any other method string counts as "other", so that a client
// inventing methods cannot grow /metrics.

// otherMethod and unmatchedRoute are the labels of requests whose method is
// not standard, and of requests that matched no route.
const (
	otherMethod    = "other"
	unmatchedRoute = "unmatched"
)

// methodIndex numbers the standard methods (see standardMethods); any
// other method is otherIndex.
func methodIndex(method string) int {
	switch method {
	case http.MethodGet:
		return 0
	case http.MethodHead:
		return 1
	case http.MethodPost:
		return 2
	case http.MethodPut:
		return 3
	case http.MethodPatch:
		return 4
	case http.MethodDelete:
		return 5
	case http.MethodConnect:
		return 6
	case http.MethodOptions:
		return 7
	case http.MethodTrace:
		return 8
	}
	return otherIndex
}

const otherIndex = 9

// methodLabels are the method labels by methodIndex.
var methodLabels = [otherIndex + 1]string{
	http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch,
	http.MethodDelete, http.MethodConnect, http.MethodOptions, http.MethodTrace, otherMethod,
}

// route holds the prepared collectors of one route pattern, by method.
type route struct {
	byMethod [otherIndex + 1]atomic.Pointer[children]
}

// children are the prepared collectors of one series (method and route).
type children struct {
	latency prometheus.Observer
	// statuses are the request counters by status seen so far (a handful
	// per series): read without a lock, replaced by a longer copy under mu.
	statuses atomic.Pointer[[]statusCounter]
	mu       sync.Mutex
}

type statusCounter struct {
	status  int
	counter prometheus.Counter
}

// Observe counts one request and its latency. Labels come from bounded sets
// only: the standard methods or "other", and the router's pattern (never
// the raw path) or "unmatched" when pattern is empty. Each series'
// collectors are prepared once; observing a prepared series allocates nothing.
func (m *Metrics) Observe(method, pattern string, status int, elapsed time.Duration) {
	if pattern == "" {
		pattern = unmatchedRoute
	}
	r, ok := m.routes.Load(pattern)
	if !ok {
		r, _ = m.routes.LoadOrStore(pattern, &route{})
	}
	mi := methodIndex(method)
	slot := &r.(*route).byMethod[mi]
	ch := slot.Load()
	if ch == nil {
		slot.CompareAndSwap(nil, &children{latency: m.latency.WithLabelValues(methodLabels[mi], pattern)})
		ch = slot.Load()
	}
	ch.latency.Observe(elapsed.Seconds())
	ch.counter(m, methodLabels[mi], pattern, status).Inc()
}

// counter returns the prepared counter of status, preparing it on first use.
func (ch *children) counter(m *Metrics, method, pattern string, status int) prometheus.Counter {
	if cs := ch.statuses.Load(); cs != nil {
		for _, c := range *cs {
			if c.status == status {
				return c.counter
			}
		}
	}
	ch.mu.Lock()
	defer ch.mu.Unlock()
	var old []statusCounter
	if cs := ch.statuses.Load(); cs != nil {
		old = *cs
		for _, c := range old {
			if c.status == status {
				return c.counter
			}
		}
	}
	c := statusCounter{status: status, counter: m.requests.WithLabelValues(method, pattern, strconv.Itoa(status))}
	next := append(old[:len(old):len(old)], c)
	ch.statuses.Store(&next)
	return c.counter
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
