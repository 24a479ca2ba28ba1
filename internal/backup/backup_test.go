package backup_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"sync"
	"testing"
	"time"

	"github.com/kotormo/kotormo/internal/backup"
	"github.com/kotormo/kotormo/internal/mongodb"
	"github.com/kotormo/kotormo/internal/mongodb/mongotest"
	"github.com/kotormo/kotormo/internal/newsroom"
	"github.com/kotormo/kotormo/internal/server"
)

type cast struct {
	editor, reviewer, translator, admin *newsroom.User
	adminToken                          string
}

// seed fills s with releases in every state, history, users, sessions and tokens.
func seed(t *testing.T, s *mongodb.Store) cast {
	t.Helper()
	ctx := context.Background()
	mk := func(email string, roles []newsroom.Role, langs ...string) *newsroom.User {
		u, err := s.CreateUser(ctx, newsroom.NewUser{Email: email, Name: email, Password: "correct horse battery", Roles: roles, Langs: langs})
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	c := cast{
		editor:     mk("editor@x.test", []newsroom.Role{newsroom.RoleEditor}),
		reviewer:   mk("reviewer@x.test", []newsroom.Role{newsroom.RoleReviewer}, "en", "ky"),
		translator: mk("translator@x.test", []newsroom.Role{newsroom.RoleTranslator}, "ky"),
		admin:      mk("admin@x.test", []newsroom.Role{newsroom.RoleAdmin}),
	}
	var err error
	if c.adminToken, _, err = s.CreateToken(ctx, c.admin.ID, "backup test"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateSession(ctx, c.editor.ID, time.Hour); err != nil {
		t.Fatal(err)
	}
	act := func(u *newsroom.User, id, lang string, a newsroom.Action) {
		t.Helper()
		if _, err := s.Transition(ctx, u, id, lang, newsroom.Change{Action: a, Comment: "Checked."}); err != nil {
			t.Fatalf("%s %s: %v", a, lang, err)
		}
	}
	for i := range 12 {
		r, err := s.CreateRelease(ctx, c.editor, newsroom.NewRelease{
			SourceLang: "en", Date: time.Date(2026, 10, 1+i, 0, 0, 0, 0, time.UTC),
			Places:  map[string]string{"en": "Bishkek"},
			Content: newsroom.Content{Title: fmt.Sprintf("Release %d", i), Lead: "Lead.", Body: "First.\n\nSecond."},
		})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.Save(ctx, c.editor, r.ID, "en", newsroom.Change{Action: newsroom.ActionSave, BaseRev: 1,
			Content: newsroom.Content{Title: fmt.Sprintf("Release %d, revised", i), Lead: "Lead.", Body: "First.\n\nSecond, longer."}}); err != nil {
			t.Fatal(err)
		}
		if i%2 == 0 {
			if _, err := s.Save(ctx, c.translator, r.ID, "ky", newsroom.Change{Action: newsroom.ActionSave,
				Content: newsroom.Content{Title: fmt.Sprintf("Релиз %d", i), Lead: "Кириш.", Body: "Биринчи."}}); err != nil {
				t.Fatal(err)
			}
		}
		if i%3 == 0 {
			act(c.editor, r.ID, "en", newsroom.ActionSubmit)
			act(c.reviewer, r.ID, "en", newsroom.ActionApprove)
			act(c.editor, r.ID, "en", newsroom.ActionPublish)
		}
	}
	return c
}

// answers fetches, through the assembled server over s, every API answer
// and reader page there is, with token.
func answers(t *testing.T, s *mongodb.Store, token string) map[string]string {
	t.Helper()
	ctx := context.Background()
	srv, err := server.New(ctx, server.Config{Langs: s.Langs(), Store: s, BaseURL: "http://news.test", Ping: func(context.Context) error { return nil }})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	get := func(path string) string {
		req, _ := http.NewRequest("GET", ts.URL+path, nil)
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return fmt.Sprintf("%d %s", resp.StatusCode, b)
	}
	out := map[string]string{}
	page, err := s.ListReleases(ctx, newsroom.ReleaseFilter{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	paths := []string{"/api/v1/releases?limit=100", "/api/v1/users", "/api/v1/tokens", "/en/", "/en/feed.atom", "/sitemap.xml"}
	for _, r := range page.Releases {
		paths = append(paths, "/api/v1/releases/"+r.ID, "/api/v1/releases/"+r.ID+"/audit", "/en/releases/"+r.Slug)
		for _, l := range s.Langs().Codes() {
			paths = append(paths, "/api/v1/releases/"+r.ID+"/versions/"+l+"/revisions?content=1")
		}
	}
	lastUsed := regexp.MustCompile(`"last_used":"[^"]*"`)
	for _, p := range paths {
		out[p] = lastUsed.ReplaceAllString(get(p), `"last_used":…`)
	}
	return out
}

func TestBackupAndRestore(t *testing.T) {
	ctx := context.Background()
	langs := newsroom.MustLanguages("en,ru,ky")
	src := mongodb.NewStore(mongotest.DB(t), mongodb.Options{Langs: langs})
	c := seed(t, src)
	dir := t.TempDir()

	t.Run("a backup taken while writes go on restores into a working database", func(t *testing.T) {
		busy, err := src.CreateRelease(ctx, c.editor, newsroom.NewRelease{SourceLang: "en", Date: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC),
			Content: newsroom.Content{Title: "Busy", Lead: "Lead.", Body: "Body."}})
		if err != nil {
			t.Fatal(err)
		}
		stop := make(chan struct{})
		var wg sync.WaitGroup
		wg.Go(func() {
			for rev := 1; ; rev++ {
				select {
				case <-stop:
					return
				default:
				}
				if _, err := src.Save(ctx, c.editor, busy.ID, "en", newsroom.Change{Action: newsroom.ActionSave, BaseRev: rev,
					Content: newsroom.Content{Title: fmt.Sprintf("Busy %d", rev), Lead: "Lead.", Body: "Body."}}); err != nil {
					t.Errorf("save during the backup: %v", err)
					return
				}
			}
		})
		path := filepath.Join(dir, "busy.tar.gz")
		m, err := backup.Write(ctx, src, path)
		close(stop)
		wg.Wait()
		if err != nil {
			t.Fatal(err)
		}
		dst := mongotest.DB(t)
		got, err := backup.Restore(ctx, dst, path, false)
		if err != nil {
			t.Fatal(err)
		}
		restored := mongodb.NewStore(dst, mongodb.Options{Langs: langs})
		for _, coll := range got.Collections {
			if n, _ := dst.CountRaw(ctx, coll.Name); n != coll.Count {
				t.Errorf("%s: %d documents restored, the manifest says %d", coll.Name, n, coll.Count)
			}
		}
		r, err := restored.Release(ctx, busy.ID)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("backup: %d attempts, quiet %v; the busy release restored at revision %d", m.Attempts, m.Quiet, r.Versions["en"].Rev)
		if u, err := restored.Authenticate(ctx, "editor@x.test", "correct horse battery"); err != nil || u.ID != c.editor.ID {
			t.Fatalf("password hashes restored: %v", err)
		}
		if u, err := restored.TokenUser(ctx, c.adminToken); err != nil || u.ID != c.admin.ID {
			t.Fatalf("token hashes restored: %v", err)
		}
	})

	t.Run("a backup of a quiet database restores every API answer and page", func(t *testing.T) {
		path := filepath.Join(dir, "quiet.tar.gz")
		m, err := backup.Write(ctx, src, path)
		if err != nil || !m.Quiet {
			t.Fatalf("backup: %+v %v", m, err)
		}
		dst := mongotest.DB(t)
		if _, err := backup.Restore(ctx, dst, path, false); err != nil {
			t.Fatal(err)
		}
		want := answers(t, src, c.adminToken)
		got := answers(t, mongodb.NewStore(dst, mongodb.Options{Langs: langs}), c.adminToken)
		if len(want) < 50 {
			t.Fatalf("only %d answers compared", len(want))
		}
		for p, w := range want {
			if got[p] != w {
				t.Errorf("%s differs after restore:\n got %.300s\nwant %.300s", p, got[p], w)
			}
		}
	})

	t.Run("restore refuses a database that holds data, unless forced", func(t *testing.T) {
		path := filepath.Join(dir, "refuse.tar.gz")
		if _, err := backup.Write(ctx, src, path); err != nil {
			t.Fatal(err)
		}
		other := mongodb.NewStore(mongotest.DB(t), mongodb.Options{Langs: langs})
		seed(t, other)
		if _, err := backup.Restore(ctx, other.DB(), path, false); !errors.Is(err, backup.ErrNotEmpty) {
			t.Fatalf("restore into a full database: %v", err)
		}
		if _, err := backup.Restore(ctx, other.DB(), path, true); err != nil {
			t.Fatalf("forced restore: %v", err)
		}
		want, _ := src.ListReleases(ctx, newsroom.ReleaseFilter{Limit: 1000})
		if p, _ := other.ListReleases(ctx, newsroom.ReleaseFilter{Limit: 1000}); p.Total != want.Total {
			t.Fatalf("after a forced restore: %d releases, want the backup's %d", p.Total, want.Total)
		}
	})

	t.Run("a damaged archive is refused before anything is written", func(t *testing.T) {
		path := filepath.Join(dir, "damaged.tar.gz")
		if _, err := backup.Write(ctx, src, path); err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		b[len(b)/2] ^= 0xff
		if err := os.WriteFile(path, b, 0o600); err != nil {
			t.Fatal(err)
		}
		dst := mongotest.DB(t)
		if _, err := backup.Restore(ctx, dst, path, false); err == nil {
			t.Fatal("a damaged archive was restored")
		}
		names, _ := dst.CollectionNames(ctx)
		for _, n := range names {
			if c, _ := dst.CountRaw(ctx, n); c != 0 {
				t.Fatalf("%s holds %d documents after a refused restore", n, c)
			}
		}
	})
}
