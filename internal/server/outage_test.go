package server_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/kotormo/kotormo/internal/embeddb"
	"github.com/kotormo/kotormo/internal/mongodb"
	"github.com/kotormo/kotormo/internal/newsroom"
	"github.com/kotormo/kotormo/internal/server"
)

// outageEnv is a server over its own embedded database, which the test can
// take away.
type outageEnv struct {
	db    *embeddb.Server
	sock  string
	ts    *httptest.Server
	token string
}

func newOutageEnv(t *testing.T) *outageEnv {
	t.Helper()
	dir, err := os.MkdirTemp("", "kotormo-outage-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.RemoveAll(dir) })
	edb, err := embeddb.Start(dir, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(edb.Close)
	ctx := context.Background()
	db, err := mongodb.Connect(ctx, edb.URI()+"?serverSelectionTimeoutMS=1500", "outage", slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close(context.Background()) })
	store := mongodb.NewStore(db, mongodb.Options{Langs: newsroom.MustLanguages("en,ru")})
	u, err := store.CreateUser(ctx, newsroom.NewUser{Email: "ed@example.org", Name: "Ed", Password: "a long enough password", Roles: []newsroom.Role{newsroom.RoleEditor}})
	if err != nil {
		t.Fatal(err)
	}
	tok, _, err := store.CreateToken(ctx, u.ID, "t")
	if err != nil {
		t.Fatal(err)
	}
	srv, err := server.New(ctx, server.Config{
		Langs: store.Langs(), Store: store, BaseURL: "http://example.test", Ping: db.Ready,
		Logger: slog.New(slog.DiscardHandler),
	})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	sock, _ := url.PathUnescape(strings.TrimSuffix(strings.TrimPrefix(edb.URI(), "mongodb://"), "/"))
	return &outageEnv{db: edb, sock: sock, ts: ts, token: tok}
}

func (e *outageEnv) get(t *testing.T, path, token string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest("GET", e.ts.URL+path, nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestReadyzAnswers503WhenNewConnectionsToTheDatabaseFail(t *testing.T) {
	e := newOutageEnv(t)
	if status, body := e.get(t, "/readyz", ""); status != http.StatusOK {
		t.Fatalf("/readyz with the database up: %d %s", status, body)
	}
	// The socket is gone (as when another process deleted it): the pool's
	// open connections still work, but nothing new can connect.
	if err := os.Remove(e.sock); err != nil {
		t.Fatal(err)
	}
	if status, body := e.get(t, "/readyz", ""); status != http.StatusServiceUnavailable {
		t.Fatalf("/readyz with the socket gone: %d %s", status, body)
	}
}

func TestADatabaseOutageWhileIdentifyingAUserIs503NotLoggedOut(t *testing.T) {
	e := newOutageEnv(t)
	if status, body := e.get(t, "/api/v1/me", e.token); status != http.StatusOK {
		t.Fatalf("/me with the database up: %d %s", status, body)
	}
	e.db.Close()
	status, body := e.get(t, "/api/v1/me", e.token)
	if status != http.StatusServiceUnavailable || !strings.Contains(body, `"code":"unavailable"`) || !strings.Contains(body, "database") {
		t.Fatalf("/me with the database down: %d %s, want 503 unavailable naming the database", status, body)
	}
	req, _ := http.NewRequest("GET", e.ts.URL+"/app/", nil)
	req.AddCookie(&http.Cookie{Name: "kotormo_session", Value: "ks_whatever"})
	resp, err := (&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable || !strings.Contains(string(page), "database") {
		t.Fatalf("an editor page with the database down: %d %.300s, want 503 naming the database", resp.StatusCode, page)
	}
}
