package server_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/kotormo/kotormo/internal/mongodb/mongotest"
	"github.com/kotormo/kotormo/internal/server"
)

func TestInventedMethodsLeaveTheSizeOfMetricsConstant(t *testing.T) {
	store := mongotest.Store(t, "")
	srv, err := server.New(context.Background(), server.Config{
		Langs: store.Langs(), Store: store, BaseURL: "http://example.test",
		Ping: func(context.Context) error { return nil },
	})
	if err != nil {
		t.Fatal(err)
	}
	h := srv.Handler()
	send := func(method, path string) {
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(method, path, nil))
	}
	scrape := func() (series []string, size int) {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/metrics", nil))
		for _, line := range strings.Split(w.Body.String(), "\n") {
			if strings.HasPrefix(line, "kotormo_http_") {
				series = append(series, line[:strings.LastIndexByte(line, ' ')])
			}
		}
		return series, w.Body.Len()
	}
	// Every kind of series once: a matched route, an unmatched path, an
	// invented method on both, and /metrics itself.
	for _, p := range []string{"/healthz", "/no/such/path", "/p1"} {
		send(http.MethodGet, p)
		send("INVENTED", p)
	}
	scrape()
	before, sizeBefore := scrape()
	for i := range 5000 {
		send(fmt.Sprintf("M%04dX", i), []string{"/healthz", "/no/such/path", fmt.Sprintf("/p%d", i)}[i%3])
	}
	after, sizeAfter := scrape()
	t.Logf("/metrics: %d bytes before, %d after 5,000 requests with invented methods", sizeBefore, sizeAfter)
	if len(after) != len(before) || strings.Join(after, "\n") != strings.Join(before, "\n") {
		t.Errorf("the request series changed from %d to %d", len(before), len(after))
	}
	if d := sizeAfter - sizeBefore; d > 1024 || d < -1024 {
		t.Errorf("/metrics grew from %d to %d bytes", sizeBefore, sizeAfter)
	}
	t.Run("an invented method counts as other", func(t *testing.T) {
		for _, s := range after {
			if strings.Contains(s, `method="INVENTED"`) || strings.Contains(s, `method="M0`) {
				t.Fatalf("series %s", s)
			}
		}
		if !strings.Contains(strings.Join(after, "\n"), `method="other"`) {
			t.Error(`no series with method="other"`)
		}
	})
}

// TestRenderedReaderPagesSkipTheRouterButNotTheHeadersOrTheMetrics: the
// pages the reader holds rendered are served in front of Gin (see
// handler); they must carry the same security headers and count in the
// same route series as if the router had served them, HEAD and 304 included.
func TestRenderedReaderPagesSkipTheRouterButNotTheHeadersOrTheMetrics(t *testing.T) {
	h := newHandler(t, false)
	count := func(series string) string {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/metrics", nil))
		for _, line := range strings.Split(w.Body.String(), "\n") {
			if name, value, ok := strings.Cut(line, " "); ok && name == series {
				return value
			}
		}
		return "0"
	}
	for _, tc := range []struct{ path, route string }{
		{"/ky/", "/:lang/"},
		{"/ru/feed.atom", "/:lang/feed.atom"},
		{"/sitemap.xml", "/sitemap.xml"},
		{"/robots.txt", "/:lang"},
	} {
		t.Run(tc.path, func(t *testing.T) {
			ok200 := fmt.Sprintf(`kotormo_http_requests_total{method="GET",route="%s",status="200"}`, tc.route)
			head := fmt.Sprintf(`kotormo_http_requests_total{method="HEAD",route="%s",status="200"}`, tc.route)
			not304 := fmt.Sprintf(`kotormo_http_requests_total{method="GET",route="%s",status="304"}`, tc.route)
			before := []string{count(ok200), count(head), count(not304)}
			w := httptest.NewRecorder()
			h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, tc.path, nil))
			if w.Code != http.StatusOK {
				t.Fatalf("GET %s: %d", tc.path, w.Code)
			}
			for _, name := range []string{"X-Content-Type-Options", "Referrer-Policy", "Content-Security-Policy", "Etag", "Cache-Control", "Content-Length"} {
				if w.Header().Get(name) == "" {
					t.Errorf("GET %s has no %s", tc.path, name)
				}
			}
			h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodHead, tc.path, nil))
			r := httptest.NewRequest(http.MethodGet, tc.path, nil)
			r.Header.Set("If-None-Match", w.Header().Get("Etag"))
			w304 := httptest.NewRecorder()
			h.ServeHTTP(w304, r)
			if w304.Code != http.StatusNotModified {
				t.Errorf("a revalidation answers %d", w304.Code)
			}
			after := []string{count(ok200), count(head), count(not304)}
			for i, series := range []string{ok200, head, not304} {
				if b, a := atoi(before[i]), atoi(after[i]); a != b+1 {
					t.Errorf("%s went from %d to %d; want one more", series, b, a)
				}
			}
		})
	}
}

func atoi(s string) int {
	n := 0
	_, _ = fmt.Sscan(s, &n)
	return n
}
