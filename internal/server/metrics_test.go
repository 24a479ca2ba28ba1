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
