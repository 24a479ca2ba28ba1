package server_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/kotormo/kotormo/internal/mongodb/mongotest"
	"github.com/kotormo/kotormo/internal/server"
)

func TestTheAssembledRouter(t *testing.T) {
	store := mongotest.Store(t, "")
	srv, err := server.New(context.Background(), server.Config{
		Langs: store.Langs(), Store: store, BaseURL: "http://example.test",
		Ping: func(context.Context) error { return nil },
	})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for _, tc := range []struct {
		method, path string
		status       int
		contains     string
	}{
		{"GET", "/healthz", 200, "ok"},
		{"GET", "/readyz", 200, "ok"},
		{"GET", "/metrics", 200, "kotormo_http_requests_total"},
		{"GET", "/static/reader.css", 200, ""},
		{"GET", "/static/nope.css", 404, ""},
		{"GET", "/api/v1/openapi.json", 200, "openapi"},
		{"GET", "/api/v1/no-such-thing", 404, `"code":"not_found"`},
		{"DELETE", "/api/v1/openapi.json", 405, `"code":"method_not_allowed"`},
		{"GET", "/api/v1/releases", 401, `"code":"unauthorized"`},
		{"GET", "/", 303, ""},
		{"GET", "/en/", 200, `lang="en"`},
		{"GET", "/ky/", 200, `lang="ky"`},
		{"GET", "/xx/", 404, ""},
		{"GET", "/en/releases/nothing-here", 404, `lang="en"`},
		{"GET", "/sitemap.xml", 200, "urlset"},
		{"GET", "/app/login", 200, "<form"},
	} {
		t.Run(tc.method+" "+tc.path+" answers "+http.StatusText(tc.status), func(t *testing.T) {
			req, _ := http.NewRequest(tc.method, ts.URL+tc.path, nil)
			resp, err := noRedirect.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			body, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != tc.status || !strings.Contains(string(body), tc.contains) {
				t.Fatalf("%d, want %d containing %q: %.300s", resp.StatusCode, tc.status, tc.contains, body)
			}
			if resp.Header.Get("X-Content-Type-Options") != "nosniff" {
				t.Error("no X-Content-Type-Options header")
			}
		})
	}
}
