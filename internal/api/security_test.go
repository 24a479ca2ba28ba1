package api_test

import (
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"

	"github.com/kotormo/kotormo/internal/api"
	"github.com/kotormo/kotormo/internal/auth"
	"github.com/kotormo/kotormo/internal/mongodb/mongotest"
	"github.com/kotormo/kotormo/internal/newsroom"
)

// concrete turns a route pattern into a path that matches it.
func concrete(pattern string) string {
	r := strings.NewReplacer(":id", "some-id", ":lang", "ky", ":action", "submit", ":rev", "1")
	return strings.TrimPrefix(r.Replace(pattern), "/api/v1")
}

func TestEveryRouteButLoginAndTheDocumentNeedsAUser(t *testing.T) {
	e := newEnv(t, "")
	for _, rt := range e.engine.Routes() {
		path := concrete(rt.Path)
		t.Run(rt.Method+" "+rt.Path, func(t *testing.T) {
			w := e.as("", rt.Method, path, "{}")
			switch path {
			case "/login":
				errorOf(t, w, http.StatusBadRequest, "invalid")
			case "/openapi.json":
				if w.Code != http.StatusOK {
					t.Fatalf("status %d", w.Code)
				}
			default:
				errorOf(t, w, http.StatusUnauthorized, "unauthorized")
			}
		})
	}
	t.Run("an unknown token is no user", func(t *testing.T) {
		r := request("GET", "/me", nil)
		r.Header.Set("Authorization", "Bearer kt_forged")
		errorOf(t, e.serve(r), http.StatusUnauthorized, "unauthorized")
	})
}

func TestOnlyAdminsManageUsersAndTokens(t *testing.T) {
	e := newEnv(t, "")
	for _, rt := range e.engine.Routes() {
		if !strings.Contains(rt.Path, "/users") && !strings.Contains(rt.Path, "/tokens") {
			continue
		}
		for _, user := range []string{"editor", "trKy", "revKy"} {
			w := e.as(user, rt.Method, concrete(rt.Path), `{"name": "x"}`)
			d := errorOf(t, w, http.StatusForbidden, "forbidden")
			if !strings.Contains(d.s("message"), "admins") {
				t.Errorf("%s %s as %s: message %q", rt.Method, rt.Path, user, d.s("message"))
			}
		}
	}
}

func TestCookieRequestsFromOtherSitesAreRefused(t *testing.T) {
	e := newEnv(t, "")
	id := e.newRelease("CSRF").s("id")
	login := e.serve(request("POST", "/login", map[string]string{"email": "editor@un.example", "password": password}))
	if login.Code != http.StatusOK {
		t.Fatalf("login: %d %s", login.Code, login.Body)
	}
	cookie := login.Result().Cookies()[0]
	save := func(base int, headers map[string]string, withCookie, withBearer bool) *http.Request {
		r := request("PUT", "/releases/"+id+"/versions/en", map[string]any{"base_rev": base, "title": "CSRF", "lead": "", "body": "Changed " + strings.Repeat("!", base)})
		r.Host = "newsroom.example"
		for k, v := range headers {
			r.Header.Set(k, v)
		}
		if withCookie {
			r.AddCookie(&http.Cookie{Name: cookie.Name, Value: cookie.Value})
		}
		if withBearer {
			r.Header.Set("Authorization", "Bearer "+e.token("editor"))
		}
		return r
	}
	crossSite := map[string]string{"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"}

	t.Run("a cross-site cookie POST is refused and writes nothing", func(t *testing.T) {
		before := e.auditLen(id)
		d := errorOf(t, e.serve(save(1, crossSite, true, false)), http.StatusForbidden, "forbidden")
		if !strings.Contains(d.s("message"), "Cross-origin") {
			t.Fatalf("message %q", d.s("message"))
		}
		r := request("POST", "/releases/"+id+"/versions/en/submit", nil)
		r.Header.Set("Origin", "https://evil.example")
		r.Header.Set("Sec-Fetch-Site", "cross-site")
		r.AddCookie(&http.Cookie{Name: cookie.Name, Value: cookie.Value})
		errorOf(t, e.serve(r), http.StatusForbidden, "forbidden")
		if e.auditLen(id) != before || e.version(id, "en").n("rev") != 1 {
			t.Fatal("a refused request wrote")
		}
	})
	t.Run("an old browser's cross-origin cookie POST (Origin only) is refused", func(t *testing.T) {
		errorOf(t, e.serve(save(1, map[string]string{"Origin": "https://evil.example"}, true, false)), http.StatusForbidden, "forbidden")
	})
	t.Run("a cross-site login is refused", func(t *testing.T) {
		r := request("POST", "/login", map[string]string{"email": "editor@un.example", "password": password})
		r.Header.Set("Sec-Fetch-Site", "cross-site")
		errorOf(t, e.serve(r), http.StatusForbidden, "forbidden")
	})
	t.Run("a cross-site cookie GET is allowed: it changes nothing", func(t *testing.T) {
		r := request("GET", "/me", nil)
		r.Header.Set("Sec-Fetch-Site", "cross-site")
		r.AddCookie(&http.Cookie{Name: cookie.Name, Value: cookie.Value})
		if w := e.serve(r); w.Code != http.StatusOK {
			t.Fatalf("status %d", w.Code)
		}
	})
	t.Run("a same-origin cookie POST is allowed", func(t *testing.T) {
		w := e.serve(save(1, map[string]string{"Origin": "https://newsroom.example", "Sec-Fetch-Site": "same-origin"}, true, false))
		if w.Code != http.StatusOK {
			t.Fatalf("status %d: %s", w.Code, w.Body)
		}
		w = e.serve(save(2, map[string]string{"Origin": "https://newsroom.example"}, true, false))
		if w.Code != http.StatusOK {
			t.Fatalf("Origin only, same host: status %d: %s", w.Code, w.Body)
		}
	})
	t.Run("a bearer-token POST is allowed whatever its origin", func(t *testing.T) {
		if w := e.serve(save(3, crossSite, false, true)); w.Code != http.StatusOK {
			t.Fatalf("status %d: %s", w.Code, w.Body)
		}
	})
	t.Run("a forged bearer does not fall back to the cookie", func(t *testing.T) {
		r := save(4, crossSite, true, false)
		r.Header.Set("Authorization", "Bearer kt_forged")
		errorOf(t, e.serve(r), http.StatusUnauthorized, "unauthorized")
	})
}

func TestAPanicBecomesAJSON500(t *testing.T) {
	s := mongotest.Store(t, "")
	a := auth.New(auth.Config{Users: s})
	engine := gin.New() // no recovery middleware: the API must not rely on one
	engine.Use(a.Identify())
	// No Releases store: every release handler panics on the nil interface.
	api.New(api.Config{Users: s, Auth: a, Langs: s.Langs(), Logger: slog.New(slog.DiscardHandler)}).Register(engine.Group("/api/v1"))
	e := &env{t: t, store: s, engine: engine, users: map[string]*newsroom.User{}, tokens: map[string]string{}}
	e.addUser("editor", []newsroom.Role{newsroom.RoleEditor})
	w := e.as("editor", "GET", "/releases", nil)
	d := errorOf(t, w, http.StatusInternalServerError, "internal")
	if d.s("message") != "Internal error." {
		t.Fatalf("message %q", d.s("message"))
	}
}
