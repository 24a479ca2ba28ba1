package reader_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/kotormo/kotormo/internal/i18n"
	"github.com/kotormo/kotormo/internal/mongodb"
	"github.com/kotormo/kotormo/internal/mongodb/mongotest"
	"github.com/kotormo/kotormo/internal/newsroom"
	"github.com/kotormo/kotormo/internal/reader"
	"github.com/kotormo/kotormo/locales"
)

// TestTwoInstancesOnTheRealStore runs two reader sites over one database,
// the way two app instances share MongoDB: the instance that publishes
// learns it through the store's hook, the other through the publish log.
func TestTwoInstancesOnTheRealStore(t *testing.T) {
	if testing.Short() {
		t.Skip("uses the embedded database")
	}
	ctx := context.Background()
	langs := newsroom.MustLanguages("en,ru,ky")
	db := mongotest.DB(t)
	storeA := mongodb.NewStore(db, mongodb.Options{Langs: langs})
	storeB := mongodb.NewStore(db, mongodb.Options{Langs: langs})
	cat, err := i18n.New(locales.FS, langs.Codes())
	if err != nil {
		t.Fatal(err)
	}
	instance := func(store *mongodb.Store) (*reader.Site, string) {
		site, err := reader.New(reader.Config{Langs: langs, Source: store, Catalog: cat, BaseURL: "http://news.example.org", PollInterval: 500 * time.Millisecond})
		if err != nil {
			t.Fatal(err)
		}
		runCtx, cancel := context.WithCancel(ctx)
		done := make(chan struct{})
		go func() { site.Start(runCtx); close(done) }()
		t.Cleanup(func() { cancel(); <-done })
		engine := gin.New()
		site.Register(engine)
		srv := httptest.NewServer(engine)
		t.Cleanup(srv.Close)
		return site, srv.URL
	}
	siteA, urlA := instance(storeA)
	storeA.SetOnPublish(siteA.Invalidate)
	_, urlB := instance(storeB)
	eventually(t, 10*time.Second, "both sites loading", func() bool { return status(t, urlA+"/en/") == 200 && status(t, urlB+"/en/") == 200 })

	mk := func(email string, roles []newsroom.Role, ls ...string) *newsroom.User {
		u, err := storeA.CreateUser(ctx, newsroom.NewUser{Email: email, Name: email, Password: "correct horse battery", Roles: roles, Langs: ls})
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	editor := mk("editor@x.org", []newsroom.Role{newsroom.RoleEditor})
	translator := mk("tr-ky@x.org", []newsroom.Role{newsroom.RoleTranslator}, "ky")
	reviewerKy := mk("rev-ky@x.org", []newsroom.Role{newsroom.RoleReviewer}, "ky")
	reviewerEn := mk("rev-en@x.org", []newsroom.Role{newsroom.RoleReviewer}, "en")

	r, err := storeA.CreateRelease(ctx, editor, newsroom.NewRelease{
		Slug: "clean-water", SourceLang: "en", Date: day,
		Places:  map[string]string{"en": "Bishkek", "ru": "Бишкек", "ky": "Бишкек"},
		Content: newsroom.Content{Title: "Clean water", Lead: "Lead.", Body: "Water is **life**."},
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := storeA.Save(ctx, translator, r.ID, "ky", newsroom.Change{BaseRev: 0, Content: newsroom.Content{Title: "Таза суу", Lead: "Кириш сөз.", Body: "Суу — **өмүр**."}}); err != nil {
		t.Fatal(err)
	}
	act := func(u *newsroom.User, lang string, a newsroom.Action) {
		t.Helper()
		if _, err := storeA.Transition(ctx, u, r.ID, lang, newsroom.Change{Action: a}); err != nil {
			t.Fatalf("%s %s: %v", a, lang, err)
		}
	}
	act(translator, "ky", newsroom.ActionSubmit)
	act(reviewerKy, "ky", newsroom.ActionApprove)
	act(editor, "en", newsroom.ActionSubmit)
	act(reviewerEn, "en", newsroom.ActionApprove)

	// Nothing approved-but-unpublished reaches readers.
	if got := status(t, urlA+"/ky/releases/clean-water"); got != http.StatusNotFound {
		t.Fatalf("an approved, unpublished version answers %d", got)
	}

	start := time.Now()
	if _, err := storeA.PublishAll(ctx, editor, r.ID); err != nil {
		t.Fatal(err)
	}
	eventually(t, time.Second, "the publishing instance serving the release", func() bool {
		return status(t, urlA+"/ky/releases/clean-water") == http.StatusOK
	})
	t.Logf("instance A (hook) serves it after %v", time.Since(start))
	eventually(t, 2*time.Second, "the other instance serving the release", func() bool {
		return status(t, urlB+"/ky/releases/clean-water") == http.StatusOK
	})
	t.Logf("instance B (publish log) serves it after %v", time.Since(start))
	if got := status(t, urlB+"/ru/releases/clean-water"); got != http.StatusNotFound {
		t.Errorf("the untranslated Russian version answers %d", got)
	}

	act(editor, "ky", newsroom.ActionUnpublish)
	eventually(t, 2*time.Second, "the unpublish reaching both instances", func() bool {
		return status(t, urlA+"/ky/releases/clean-water") == http.StatusNotFound && status(t, urlB+"/ky/releases/clean-water") == http.StatusNotFound
	})
}

func status(t *testing.T, url string) int {
	t.Helper()
	resp, err := client.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}
