package main

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/kotormo/kotormo/internal/mongodb"
	"github.com/kotormo/kotormo/internal/newsroom"
	"github.com/kotormo/kotormo/internal/reader/readertest"
	"github.com/kotormo/kotormo/internal/server"
)

// The copied releases must be what the store itself would have written: the
// store reads them back whole, with their history, and the assembled server
// serves their pages.
func TestTheFilledDatabaseReadsAsIfTheStoreHadWrittenIt(t *testing.T) {
	ctx := context.Background()
	langs := newsroom.MustLanguages("en,ru,ky")
	const n = 4
	db, err := seedDatabase(ctx, langs, n, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	store := mongodb.NewStore(db.db, mongodb.Options{Langs: langs})
	want := readertest.Generate(n, langs.Codes())

	t.Run("every release reads back with its slug, dates, places and published versions", func(t *testing.T) {
		for i := range n {
			r, err := store.Release(ctx, want[i*3].Slug)
			if err != nil {
				t.Fatalf("release %d: %v", i, err)
			}
			if r.ID != benchID(i) || !r.Date.Equal(want[i*3].Date) {
				t.Errorf("release %d: id %s, date %v", i, r.ID, r.Date)
			}
			for j, lang := range langs.Codes() {
				p := want[i*3+j]
				v := r.Versions[lang]
				if v == nil || v.State != newsroom.StatePublished || v.Title != p.Content.Title || !v.PublishedAt.Equal(p.PublishedAt) {
					t.Errorf("release %d %s: version %+v", i, lang, v)
				}
				if r.Places[lang] != p.Place {
					t.Errorf("release %d %s: place %q, want %q", i, lang, r.Places[lang], p.Place)
				}
			}
		}
	})
	t.Run("the published snapshots hold each release's own text", func(t *testing.T) {
		all, err := store.AllPublished(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(all) != len(want) {
			t.Fatalf("%d snapshots, want %d", len(all), len(want))
		}
		got := map[string]*newsroom.Published{}
		for _, p := range all {
			got[p.Slug+"/"+p.Lang] = p
		}
		for _, p := range want {
			g := got[p.Slug+"/"+p.Lang]
			if g == nil || g.Content.Body != p.Content.Body || g.Content.Lead != p.Content.Lead || g.Place != p.Place {
				t.Errorf("%s/%s: %+v", p.Slug, p.Lang, g)
			}
		}
	})
	t.Run("the history and the publish log are there", func(t *testing.T) {
		audit, err := store.Audit(ctx, benchID(1))
		if err != nil || len(audit) == 0 {
			t.Fatalf("audit: %d entries, %v", len(audit), err)
		}
		revs, err := store.Revisions(ctx, benchID(1), "ky")
		if err != nil || len(revs) == 0 || revs[len(revs)-1].Content.Body != want[1*3+2].Content.Body {
			t.Fatalf("revisions: %d, %v", len(revs), err)
		}
		log, err := store.PublishChanges(ctx, 0)
		if err != nil || log.Seq != int64(n*3) {
			t.Fatalf("publish log at %d, want %d (%v)", log.Seq, n*3, err)
		}
	})
	t.Run("the assembled server serves their pages", func(t *testing.T) {
		gin.SetMode(gin.ReleaseMode)
		srv, err := server.New(ctx, server.Config{Langs: langs, Store: store, Ping: db.db.Ping, BaseURL: "http://127.0.0.1",
			Logger: slog.New(slog.DiscardHandler), ReaderPoll: time.Hour})
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range want {
			w := httptest.NewRecorder()
			srv.Handler().ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/"+p.Lang+"/releases/"+p.Slug, nil))
			body, _ := io.ReadAll(w.Result().Body)
			if w.Code != http.StatusOK || !strings.Contains(string(body), p.Place) {
				t.Errorf("%s/%s: %d", p.Lang, p.Slug, w.Code)
			}
		}
	})
}
