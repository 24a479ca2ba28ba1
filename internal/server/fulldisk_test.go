package server_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kotormo/kotormo/internal/embeddb"
	"github.com/kotormo/kotormo/internal/mongodb"
	"github.com/kotormo/kotormo/internal/newsroom"
	"github.com/kotormo/kotormo/internal/server"
)

// syncLog collects log lines.
type syncLog struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *syncLog) Write(p []byte) (int, error) { l.mu.Lock(); defer l.mu.Unlock(); return l.b.Write(p) }
func (l *syncLog) String() string              { l.mu.Lock(); defer l.mu.Unlock(); return l.b.String() }

// TestAFullDiskGivesA503ThatSaysSoAndNoHalfWrittenSave fills the embedded
// database for real: SQLite's max_page_count caps the file just above its
// size, so a write past it fails exactly as on a full disk (SQLITE_FULL,
// "database or disk is full").
func TestAFullDiskGivesA503ThatSaysSoAndNoHalfWrittenSave(t *testing.T) {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "kotormo-full-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.RemoveAll(dir) })
	langs := newsroom.MustLanguages("en,ru")

	// A roomy database first: a user, a session, a release.
	edb, err := embeddb.Start(dir, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	db, err := mongodb.Connect(ctx, edb.URI(), "full", slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	store := mongodb.NewStore(db, mongodb.Options{Langs: langs})
	u, err := store.CreateUser(ctx, newsroom.NewUser{Email: "ed@example.org", Name: "Ed", Password: "a long enough password", Roles: []newsroom.Role{newsroom.RoleEditor}, Langs: []string{"ru"}})
	if err != nil {
		t.Fatal(err)
	}
	u, _ = store.UpdateUser(ctx, u.ID, newsroom.UserUpdate{UILang: ptr("ru")})
	tok, _, _ := store.CreateToken(ctx, u.ID, "t")
	sess, _ := store.CreateSession(ctx, u.ID, time.Hour)
	rel, err := store.CreateRelease(ctx, u, newsroom.NewRelease{
		SourceLang: "en", Date: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC),
		Content: newsroom.Content{Title: "Water", Lead: "Lead.", Body: "First paragraph."},
	})
	if err != nil {
		t.Fatal(err)
	}
	_ = db.Close(ctx)
	edb.Close()

	// Now a database with no room left.
	file := filepath.Join(dir, "db", "full.sqlite")
	sdb, err := sql.Open("sqlite", (&url.URL{Scheme: "file", Opaque: file, RawQuery: "mode=ro"}).String())
	if err != nil {
		t.Fatal(err)
	}
	var pages int
	if err := sdb.QueryRow("PRAGMA page_count").Scan(&pages); err != nil {
		t.Fatal(err)
	}
	sdb.Close()
	edb, err = embeddb.StartWith(dir, slog.New(slog.DiscardHandler), embeddb.Options{Pragmas: []string{fmt.Sprintf("max_page_count(%d)", pages+2)}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(edb.Close)
	db, err = mongodb.Connect(ctx, edb.URI(), "full", slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close(context.Background()) })
	store = mongodb.NewStore(db, mongodb.Options{Langs: langs})
	logs := &syncLog{}
	srv, err := server.New(ctx, server.Config{
		Langs: langs, Store: store, BaseURL: "http://example.test", Ping: db.Ready,
		Logger: slog.New(slog.NewTextHandler(logs, nil)),
	})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)

	big := strings.Repeat("A paragraph that fills the disk. ", 3000)
	body, _ := json.Marshal(map[string]any{"base_rev": 1, "title": "Water", "lead": "Lead.", "body": big})
	req, _ := http.NewRequest("PUT", ts.URL+"/api/v1/releases/"+rel.ID+"/versions/en", strings.NewReader(string(body)))
	req.Header.Set("Authorization", "Bearer "+tok)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	out, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable || !strings.Contains(string(out), `"code":"unavailable"`) || !strings.Contains(string(out), "disk") {
		t.Fatalf("a save on a full disk: %d %s, want 503 unavailable naming the disk", resp.StatusCode, out)
	}
	if !strings.Contains(logs.String(), "disk full") {
		t.Fatalf("the log does not name the cause:\n%s", logs.String())
	}

	// The editor says so too, in the user's language.
	form := url.Values{"base_rev": {"1"}, "title": {"Water"}, "lead": {"Lead."}, "body": {big}}
	req, _ = http.NewRequest("POST", ts.URL+"/app/releases/"+rel.ID+"/en", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.AddCookie(&http.Cookie{Name: "kotormo_session", Value: sess})
	resp, err = (&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable || !strings.Contains(string(page), "кончилось место") {
		t.Fatalf("an editor save on a full disk: %d %.400s, want 503 in Russian", resp.StatusCode, page)
	}

	// Nothing half-written: the version still shows revision 1 and its text.
	v, err := store.Release(ctx, rel.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got := v.Versions["en"]; got.Rev != 1 {
		t.Fatalf("after the failed saves the version is at revision %d", got.Rev)
	}
	if r, err := store.Revision(ctx, rel.ID, "en", 1); err != nil || r.Content.Body != "First paragraph." {
		t.Fatalf("revision 1 after the failed saves: %+v, %v", r, err)
	}
	audit, err := store.Audit(ctx, rel.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range audit {
		if a.Lang == "en" && a.Rev > 1 {
			t.Fatalf("the audit log shows a save that never happened: %+v", a)
		}
	}
}

func ptr[T any](v T) *T { return &v }
