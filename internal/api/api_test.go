package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/gin-gonic/gin"
	"golang.org/x/time/rate"

	"github.com/kotormo/kotormo/internal/api"
	"github.com/kotormo/kotormo/internal/auth"
	"github.com/kotormo/kotormo/internal/metrics"
	"github.com/kotormo/kotormo/internal/mongodb"
	"github.com/kotormo/kotormo/internal/mongodb/mongotest"
	"github.com/kotormo/kotormo/internal/newsroom"
)

func TestMain(m *testing.M) {
	gin.SetMode(gin.TestMode)
	os.Exit(m.Run())
}

const password = "correct horse battery"

// env is one server over a fresh database, with a cast of users (created on
// first use, since hashing passwords is slow) and their bearer tokens.
type env struct {
	t       *testing.T
	store   *mongodb.Store
	engine  *gin.Engine
	metrics *metrics.Metrics

	mu     sync.Mutex
	users  map[string]*newsroom.User
	tokens map[string]string // user key → bearer secret
}

// cast is who newEnv's users are: roles and languages by key.
var cast = map[string]struct {
	roles []newsroom.Role
	langs []string
}{
	"admin":   {[]newsroom.Role{newsroom.RoleAdmin}, nil},
	"editor":  {[]newsroom.Role{newsroom.RoleEditor}, nil},
	"trKy":    {[]newsroom.Role{newsroom.RoleTranslator}, []string{"ky"}},
	"trRevKy": {[]newsroom.Role{newsroom.RoleTranslator, newsroom.RoleReviewer}, []string{"ky"}},
	"revKy":   {[]newsroom.Role{newsroom.RoleReviewer}, []string{"ky"}},
	"trRu":    {[]newsroom.Role{newsroom.RoleTranslator}, []string{"ru"}},
	"revRu":   {[]newsroom.Role{newsroom.RoleReviewer}, []string{"ru"}},
	"revEn":   {[]newsroom.Role{newsroom.RoleReviewer}, []string{"en"}},
}

type envOption func(*auth.Config)

// withLoginLimit keeps auth's default login throttling instead of lifting it.
func withLoginLimit(c *auth.Config) { c.LoginRate, c.LoginBurst = 0, 0 }

func newEnv(t *testing.T, langs string, opts ...envOption) *env {
	t.Helper()
	s := mongotest.Store(t, langs)
	ac := auth.Config{Users: s, LoginRate: rate.Inf, LoginBurst: 1}
	for _, o := range opts {
		o(&ac)
	}
	m := metrics.New()
	s.SetOnTransition(m.Transition)
	a := auth.New(ac)
	e := gin.New()
	e.Use(a.Identify())
	api.New(api.Config{
		Releases: s, Users: s, Auth: a, Langs: s.Langs(), Assistant: s, Webhooks: s,
		Logger: slog.New(slog.DiscardHandler),
	}).Register(e.Group("/api/v1"))
	return &env{t: t, store: s, engine: e, metrics: m, users: map[string]*newsroom.User{}, tokens: map[string]string{}}
}

// user returns the user called key, creating them from the cast on first use.
func (e *env) user(key string) *newsroom.User {
	e.t.Helper()
	e.mu.Lock()
	defer e.mu.Unlock()
	if u := e.users[key]; u != nil {
		return u
	}
	c, ok := cast[key]
	if !ok {
		e.t.Fatalf("no user %q", key)
	}
	return e.addUserLocked(key, c.roles, c.langs...)
}

// addUser creates a user outside the cast.
func (e *env) addUser(key string, roles []newsroom.Role, langs ...string) *newsroom.User {
	e.t.Helper()
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.addUserLocked(key, roles, langs...)
}

func (e *env) addUserLocked(key string, roles []newsroom.Role, langs ...string) *newsroom.User {
	e.t.Helper()
	ctx := context.Background()
	u, err := e.store.CreateUser(ctx, newsroom.NewUser{Email: strings.ToLower(key) + "@un.example", Name: key, Password: password, Roles: roles, Langs: langs})
	if err != nil {
		e.t.Fatal(err)
	}
	sec, _, err := e.store.CreateToken(ctx, u.ID, "test")
	if err != nil {
		e.t.Fatal(err)
	}
	e.users[key], e.tokens[key] = u, sec
	return u
}

// token returns the bearer secret of user key.
func (e *env) token(key string) string {
	e.t.Helper()
	e.user(key)
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.tokens[key]
}

// request builds a request; body is sent as is when it is a string or
// []byte, and as JSON otherwise (nil for none).
func request(method, path string, body any) *http.Request {
	var r io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		r = strings.NewReader(b)
	case []byte:
		r = bytes.NewReader(b)
	default:
		j, err := json.Marshal(b)
		if err != nil {
			panic(err)
		}
		r = bytes.NewReader(j)
	}
	req := httptest.NewRequest(method, "/api/v1"+path, r)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	return req
}

// serve runs req through the router.
func (e *env) serve(req *http.Request) *httptest.ResponseRecorder {
	w := httptest.NewRecorder()
	e.engine.ServeHTTP(w, req)
	return w
}

// as sends a request with user's bearer token ("" for none).
func (e *env) as(user, method, path string, body any) *httptest.ResponseRecorder {
	req := request(method, path, body)
	if user != "" {
		req.Header.Set("Authorization", "Bearer "+e.token(user))
	}
	return e.serve(req)
}

// ok sends a request that must answer want, and decodes the answer into a map.
func (e *env) ok(want int, user, method, path string, body any) obj {
	e.t.Helper()
	w := e.as(user, method, path, body)
	if w.Code != want {
		e.t.Fatalf("%s %s as %s: status %d, want %d: %s", method, path, user, w.Code, want, w.Body)
	}
	return decodeObj(e.t, w)
}

// obj is a decoded JSON object with terse accessors for tests.
type obj map[string]any

func decodeObj(t *testing.T, w *httptest.ResponseRecorder) obj {
	t.Helper()
	if w.Body.Len() == 0 {
		return nil
	}
	if ct := w.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Fatalf("Content-Type %q, body %s", ct, w.Body)
	}
	var o obj
	if err := json.Unmarshal(w.Body.Bytes(), &o); err != nil {
		t.Fatalf("decode %s: %v", w.Body, err)
	}
	return o
}

func (o obj) o(k string) obj {
	m, _ := o[k].(map[string]any)
	return m
}

func (o obj) s(k string) string {
	s, _ := o[k].(string)
	return s
}

func (o obj) n(k string) int {
	f, _ := o[k].(float64)
	return int(f)
}

func (o obj) list(k string) []obj {
	a, _ := o[k].([]any)
	out := make([]obj, len(a))
	for i, v := range a {
		out[i], _ = v.(map[string]any)
	}
	return out
}

func (o obj) ints(k string) []int {
	a, _ := o[k].([]any)
	out := []int{}
	for _, v := range a {
		f, _ := v.(float64)
		out = append(out, int(f))
	}
	return out
}

// errorOf checks that w is a JSON error with the status and code, and returns its detail.
func errorOf(t *testing.T, w *httptest.ResponseRecorder, status int, code string) obj {
	t.Helper()
	if w.Code != status {
		t.Fatalf("status %d, want %d: %s", w.Code, status, w.Body)
	}
	d := decodeObj(t, w).o("error")
	if d.s("code") != code || d.s("message") == "" {
		t.Fatalf("error %v, want code %q with a message", d, code)
	}
	return d
}

// newRelease creates a release as the editor and returns it.
func (e *env) newRelease(title string) obj {
	e.t.Helper()
	return e.ok(http.StatusCreated, "editor", "POST", "/releases", map[string]any{
		"source_lang": "en", "date": "2016-10-14", "places": map[string]string{"en": "Bishkek", "ru": "Бишкек", "ky": "Бишкек"},
		"title": title, "lead": "The lead.", "body": "First paragraph.\n\nSecond paragraph.\n\nAbout the office.",
	})
}

// version returns the current head of one language of a release.
func (e *env) version(id, lang string) obj {
	e.t.Helper()
	return e.ok(http.StatusOK, "editor", "GET", "/releases/"+id, nil).o("versions").o(lang)
}

// auditLen returns the length of a release's audit log.
func (e *env) auditLen(id string) int {
	e.t.Helper()
	return len(e.ok(http.StatusOK, "editor", "GET", "/releases/"+id+"/audit", nil).list("entries"))
}
