package metrics

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestObservingAPreparedSeriesAllocatesNothing(t *testing.T) {
	m := New()
	m.Observe(http.MethodGet, "/:lang/releases/:slug", http.StatusOK, time.Millisecond)
	if n := testing.AllocsPerRun(1000, func() {
		m.Observe(http.MethodGet, "/:lang/releases/:slug", http.StatusOK, time.Millisecond)
	}); n != 0 {
		t.Errorf("%v allocations per request", n)
	}
}

func TestObserveCountsByMethodRouteAndStatus(t *testing.T) {
	m := New()
	for _, o := range []struct {
		method, route string
		status        int
	}{
		{"GET", "/:lang/", 200}, {"GET", "/:lang/", 200}, {"GET", "/:lang/", 404},
		{"POST", "/app/login", 303}, {"INVENTED", "/:lang/", 405}, {"GET", "", 404},
	} {
		m.Observe(o.method, o.route, o.status, time.Millisecond)
	}
	w := httptest.NewRecorder()
	m.Handler().ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	body := w.Body.String()
	for _, want := range []string{
		`kotormo_http_requests_total{method="GET",route="/:lang/",status="200"} 2`,
		`kotormo_http_requests_total{method="GET",route="/:lang/",status="404"} 1`,
		`kotormo_http_requests_total{method="POST",route="/app/login",status="303"} 1`,
		`kotormo_http_requests_total{method="other",route="/:lang/",status="405"} 1`,
		`kotormo_http_requests_total{method="GET",route="unmatched",status="404"} 1`,
		`kotormo_http_request_duration_seconds_count{method="GET",route="/:lang/"} 3`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("no %s in\n%s", want, body)
		}
	}
}

func TestConcurrentRequestsOfNewSeriesAreAllCounted(t *testing.T) {
	m := New()
	const workers, each = 8, 200
	done := make(chan struct{})
	for w := range workers {
		go func() {
			defer func() { done <- struct{}{} }()
			for i := range each {
				m.Observe([]string{"GET", "POST", "WHAT"}[(w+i)%3], "/r", 200+(i%5), time.Microsecond)
			}
		}()
	}
	for range workers {
		<-done
	}
	w := httptest.NewRecorder()
	m.Handler().ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	total := 0
	for _, line := range strings.Split(w.Body.String(), "\n") {
		if strings.HasPrefix(line, "kotormo_http_requests_total{") {
			var n int
			if _, err := fmt.Sscanf(line[strings.LastIndexByte(line, ' ')+1:], "%d", &n); err != nil {
				t.Fatal(err)
			}
			total += n
		}
	}
	if total != workers*each {
		t.Errorf("%d requests counted, want %d", total, workers*each)
	}
}
