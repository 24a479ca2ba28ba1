package server_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/kotormo/kotormo/internal/mongodb/mongotest"
	"github.com/kotormo/kotormo/internal/newsroom"
	"github.com/kotormo/kotormo/internal/server"
)

// newHandler returns the assembled router over a fresh database, with one
// editor who can log in.
func newHandler(t *testing.T, secure bool) http.Handler {
	t.Helper()
	store := mongotest.Store(t, "")
	if _, err := store.CreateUser(context.Background(), newsroom.NewUser{
		Email: "ed@example.test", Name: "Ed", Password: "a long enough password", Roles: []newsroom.Role{newsroom.RoleEditor},
	}); err != nil {
		t.Fatal(err)
	}
	srv, err := server.New(context.Background(), server.Config{
		Langs: store.Langs(), Store: store, BaseURL: "http://example.test", SecureCookies: secure,
		Ping: func(context.Context) error { return nil },
	})
	if err != nil {
		t.Fatal(err)
	}
	return srv.Handler()
}

// serve sends one request, with form as its body when not nil.
func serve(h http.Handler, method, path string, form url.Values, cookies ...*http.Cookie) *httptest.ResponseRecorder {
	var req *http.Request
	if form != nil {
		req = httptest.NewRequest(method, path, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	} else {
		req = httptest.NewRequest(method, path, nil)
	}
	for _, c := range cookies {
		req.AddCookie(c)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	return w
}

// readerPages are pages of the public site of every kind.
var readerPages = []string{"/en/", "/ky/", "/en/releases/nothing-here", "/en/search?q=water", "/xx/", "/en/page/9"}

func TestSecureCookiesTurnOnHSTSAndSecureFlagsOnEveryCookie(t *testing.T) {
	h := newHandler(t, true)
	t.Run("every response carries HSTS", func(t *testing.T) {
		for _, p := range append([]string{"/healthz", "/app/login", "/api/v1/openapi.json", "/static/reader.css"}, readerPages...) {
			if got := serve(h, "GET", p, nil).Header().Get("Strict-Transport-Security"); !strings.HasPrefix(got, "max-age=") {
				t.Errorf("GET %s: Strict-Transport-Security %q", p, got)
			}
		}
	})
	var cookies []*http.Cookie
	collect := func(w *httptest.ResponseRecorder) []*http.Cookie {
		got := w.Result().Cookies()
		cookies = append(cookies, got...)
		return got
	}
	collect(serve(h, "GET", "/ky/choose?next=/ky/", nil))
	login := collect(serve(h, "POST", "/app/login", url.Values{"email": {"ed@example.test"}, "password": {"a long enough password"}}))
	if len(login) == 0 {
		t.Fatal("login set no cookie")
	}
	flash := collect(serve(h, "POST", "/app/logout", url.Values{}, login...))
	collect(serve(h, "GET", "/app/login", nil, flash...))
	names := map[string]bool{}
	for _, c := range cookies {
		names[c.Name] = true
		if !c.Secure {
			t.Errorf("cookie %s (value %q) is not Secure", c.Name, c.Value)
		}
	}
	for _, want := range []string{"lang", "kotormo_session", "kotormo_flash"} {
		if !names[want] {
			t.Errorf("no %s cookie was set (got %v)", want, names)
		}
	}
}

func TestWithoutSecureCookiesThereIsNoHSTS(t *testing.T) {
	h := newHandler(t, false)
	if got := serve(h, "GET", "/en/", nil).Header().Get("Strict-Transport-Security"); got != "" {
		t.Errorf("Strict-Transport-Security %q over plain HTTP", got)
	}
}

func TestEveryReaderPageHasAContentSecurityPolicyWithoutInlineCode(t *testing.T) {
	h := newHandler(t, false)
	for _, p := range readerPages {
		t.Run(p, func(t *testing.T) {
			w := serve(h, "GET", p, nil)
			csp := w.Header().Get("Content-Security-Policy")
			if !strings.Contains(csp, "default-src 'none'") || strings.Contains(csp, "unsafe-inline") ||
				!strings.Contains(csp, "style-src 'self'") || strings.Contains(csp, "script-src") {
				t.Errorf("Content-Security-Policy %q", csp)
			}
			body := strings.ToLower(w.Body.String())
			for _, inline := range []string{"<script", "<style", " style=", " onclick=", " onload="} {
				if strings.Contains(body, inline) {
					t.Errorf("the page holds %q", inline)
				}
			}
		})
	}
}

func TestNoSurfaceCanBeFramed(t *testing.T) {
	h := newHandler(t, false)
	for _, p := range append([]string{"/healthz", "/app/login", "/api/v1/openapi.json", "/api/v1/releases", "/static/reader.css", "/metrics"}, readerPages...) {
		t.Run(p, func(t *testing.T) {
			w := serve(h, "GET", p, nil)
			if csp := w.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "frame-ancestors 'none'") {
				t.Errorf("Content-Security-Policy %q does not forbid framing", csp)
			}
		})
	}
}
