package mongodb_test

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kotormo/kotormo/internal/mongodb"
	"github.com/kotormo/kotormo/internal/mongodb/mongotest"
	"github.com/kotormo/kotormo/internal/newsroom"
)

type people struct {
	editor, trKy, trRu, revKy, revKy2, revRu, revEn, admin *newsroom.User
}

func newPeople(t testing.TB, s *mongodb.Store, langs ...string) people {
	t.Helper()
	mk := func(email string, roles []newsroom.Role, ls ...string) *newsroom.User {
		u, err := s.CreateUser(context.Background(), newsroom.NewUser{Email: email, Name: email, Password: "correct horse battery", Roles: roles, Langs: ls})
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	return people{
		editor: mk("editor@x.org", []newsroom.Role{newsroom.RoleEditor}),
		trKy:   mk("tr-ky@x.org", []newsroom.Role{newsroom.RoleTranslator}, "ky"),
		trRu:   mk("tr-ru@x.org", []newsroom.Role{newsroom.RoleTranslator}, "ru"),
		revKy:  mk("rev-ky@x.org", []newsroom.Role{newsroom.RoleReviewer, newsroom.RoleTranslator}, "ky"),
		revKy2: mk("rev-ky2@x.org", []newsroom.Role{newsroom.RoleReviewer}, "ky"),
		revRu:  mk("rev-ru@x.org", []newsroom.Role{newsroom.RoleReviewer}, "ru"),
		revEn:  mk("rev-en@x.org", []newsroom.Role{newsroom.RoleReviewer}, "en"),
		admin:  mk("admin@x.org", []newsroom.Role{newsroom.RoleAdmin}),
	}
}

func newRelease(t testing.TB, s *mongodb.Store, editor *newsroom.User, title string) *newsroom.Release {
	t.Helper()
	r, err := s.CreateRelease(context.Background(), editor, newsroom.NewRelease{
		SourceLang: "en", Date: time.Date(2016, 10, 14, 0, 0, 0, 0, time.UTC),
		Places:  map[string]string{"en": "Bishkek", "ru": "Бишкек", "ky": "Бишкек"},
		Content: newsroom.Content{Title: title, Lead: "Lead.", Body: "First paragraph.\n\nSecond paragraph."},
	})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func code(err error) string { return newsroom.ErrorCode(err) }

// twoInstances returns two stores over one fresh database: two app instances.
func twoInstances(t testing.TB) (a, b *mongodb.Store) {
	t.Helper()
	db := mongotest.DB(t)
	langs := newsroom.MustLanguages("en,ru,ky")
	return mongodb.NewStore(db, mongodb.Options{Langs: langs}), mongodb.NewStore(db, mongodb.Options{Langs: langs})
}

func TestWorkflowOnTheStore(t *testing.T) {
	ctx := context.Background()
	var published []string
	s := mongotest.Store(t, "", func(o *mongodb.Options) {
		o.OnPublish = func(id string) { published = append(published, id) }
	})
	p := newPeople(t, s)
	r := newRelease(t, s, p.editor, "Twenty years of partnership")
	if r.Slug != "twenty-years-of-partnership" {
		t.Fatalf("slug = %q", r.Slug)
	}
	if _, err := s.CreateRelease(ctx, p.editor, newsroom.NewRelease{Slug: r.Slug, Date: r.Date, Content: newsroom.Content{Title: "x"}}); code(err) != newsroom.EConflict {
		t.Fatalf("duplicate slug: %v", err)
	}
	got, err := s.Release(ctx, r.Slug)
	if err != nil || got.ID != r.ID || got.Versions["en"].Rev != 1 || got.Versions["ky"].State != newsroom.StateUntranslated {
		t.Fatalf("release by slug: %+v %v", got, err)
	}

	save := func(u *newsroom.User, lang string, base int, title string) (*newsroom.Version, error) {
		return s.Save(ctx, u, r.ID, lang, newsroom.Change{BaseRev: base, Content: newsroom.Content{Title: title, Body: "Биринчи абзац.\n\nЭкинчи абзац."}})
	}
	act := func(u *newsroom.User, lang string, a newsroom.Action, comment string) (*newsroom.Version, error) {
		return s.Transition(ctx, u, r.ID, lang, newsroom.Change{Action: a, Comment: comment})
	}

	t.Run("a translator saves, submits and cannot approve their own text", func(t *testing.T) {
		v, err := save(p.revKy, "ky", 0, "Жыйырма жыл")
		if err != nil || v.Rev != 1 || v.State != newsroom.StateDraft || v.SourceRev != 1 {
			t.Fatalf("save: %+v %v", v, err)
		}
		if _, err := save(p.revKy, "ky", 0, "stale"); code(err) != newsroom.EConflict {
			t.Fatalf("stale save: %v", err)
		}
		if _, err := act(p.revKy, "ky", newsroom.ActionSubmit, ""); err != nil {
			t.Fatal(err)
		}
		if _, err := act(p.revKy, "ky", newsroom.ActionApprove, ""); code(err) != newsroom.EForbidden {
			t.Fatalf("self-approval: %v", err)
		}
		if _, err := act(p.revKy2, "ky", newsroom.ActionRequestChanges, ""); code(err) != newsroom.EInvalid {
			t.Fatalf("request changes without comment: %v", err)
		}
		if _, err := act(p.revKy2, "ky", newsroom.ActionRequestChanges, "Fix the title"); err != nil {
			t.Fatal(err)
		}
		if _, err := save(p.revKy, "ky", 1, "Жыйырма жылдык өнөктөштүк"); err != nil {
			t.Fatal(err)
		}
		act(p.revKy, "ky", newsroom.ActionSubmit, "")
		if _, err := act(p.revRu, "ky", newsroom.ActionApprove, ""); code(err) != newsroom.EForbidden {
			t.Fatalf("a reviewer of another language approves: %v", err)
		}
		// The test text translates only the title: the quality checks find
		// errors, so the reviewer gives a reason.
		v, err = s.Transition(ctx, p.revKy2, r.ID, "ky", newsroom.Change{Action: newsroom.ActionApprove, Override: "Only the title matters in this test."})
		if err != nil || v.State != newsroom.StateApproved {
			t.Fatalf("approve: %+v %v", v, err)
		}
		if _, err := act(p.trKy, "ky", newsroom.ActionPublish, ""); code(err) != newsroom.EForbidden {
			t.Fatalf("translator publishes: %v", err)
		}
		if _, err := act(p.editor, "ky", newsroom.ActionSubmit, ""); code(err) != newsroom.EConflict {
			t.Fatalf("submit approved: %v", err)
		}
	})

	t.Run("publishing all approved versions publishes each and tells readers", func(t *testing.T) {
		if _, err := act(p.editor, "en", newsroom.ActionSubmit, ""); err != nil {
			t.Fatal(err)
		}
		if _, err := act(p.revKy2, "en", newsroom.ActionApprove, ""); code(err) != newsroom.EForbidden {
			t.Fatalf("ky reviewer approves en: %v", err)
		}
		if _, err := act(p.revEn, "en", newsroom.ActionApprove, ""); err != nil {
			t.Fatal(err)
		}
		vs, err := s.PublishAll(ctx, p.editor, r.ID)
		if err != nil || len(vs) != 2 || vs[0].Lang != "en" || vs[1].Lang != "ky" {
			t.Fatalf("publish all: %v %v", vs, err)
		}
		pubs, err := s.PublishedOf(ctx, r.ID)
		if err != nil || len(pubs) != 2 || pubs[1].Content.Title != "Жыйырма жылдык өнөктөштүк" || pubs[1].Place != "Бишкек" {
			t.Fatalf("published: %+v %v", pubs, err)
		}
		if len(published) != 2 {
			t.Fatalf("hook calls: %v", published)
		}
		log, err := s.PublishChanges(ctx, 0)
		if err != nil || log.Seq != 2 || log.Complete {
			t.Fatalf("publish log head: %+v %v", log, err)
		}
	})

	t.Run("a correction keeps the published text online until it is published", func(t *testing.T) {
		v, err := save(p.trKy, "ky", 2, "Оңдолгон аталыш")
		if err != nil || v.State != newsroom.StateDraft || v.PublishedRev != 2 {
			t.Fatalf("correction: %+v %v", v, err)
		}
		pubs, _ := s.PublishedOf(ctx, r.ID)
		if len(pubs) != 2 || pubs[1].Rev != 2 {
			t.Fatalf("snapshot changed by a draft: %+v", pubs)
		}
	})

	t.Run("a source change makes translations outdated until marked not substantive", func(t *testing.T) {
		if _, err := s.Save(ctx, p.editor, r.ID, "en", newsroom.Change{BaseRev: 1, Content: newsroom.Content{Title: "Twenty years of partnership", Body: "First paragraph, fixed.\n\nSecond paragraph."}}); err != nil {
			t.Fatal(err)
		}
		yes := true
		page, err := s.ListReleases(ctx, newsroom.ReleaseFilter{Lang: "ky", Outdated: &yes})
		if err != nil || page.Total != 1 {
			t.Fatalf("outdated filter: %+v %v", page, err)
		}
		if _, err := act(p.trKy, "en", newsroom.ActionMarkNotSubstantive, "typo"); code(err) != newsroom.EForbidden {
			t.Fatalf("translator marks the source: %v", err)
		}
		if _, err := act(p.editor, "en", newsroom.ActionMarkNotSubstantive, "typo"); err != nil {
			t.Fatal(err)
		}
		page, _ = s.ListReleases(ctx, newsroom.ReleaseFilter{Lang: "ky", Outdated: &yes})
		if page.Total != 0 {
			t.Fatalf("still outdated after not-substantive: %+v", page)
		}
	})

	t.Run("history lists, restores and audits every write", func(t *testing.T) {
		revs, err := s.Revisions(ctx, r.ID, "ky")
		if err != nil || len(revs) != 3 || revs[0].Rev != 3 || revs[2].Content.Title != "Жыйырма жыл" {
			t.Fatalf("revisions: %v %v", len(revs), err)
		}
		v, err := s.Restore(ctx, p.trKy, r.ID, "ky", 1, 3)
		if err != nil || v.Rev != 4 || v.State != newsroom.StateDraft || v.LastSaver != p.trKy.ID {
			t.Fatalf("restore: %+v %v", v, err)
		}
		rev, _ := s.Revision(ctx, r.ID, "ky", 4)
		if rev.Content.Title != "Жыйырма жыл" || rev.RestoredFrom != 1 {
			t.Fatalf("restored revision: %+v", rev)
		}
		audit, err := s.Audit(ctx, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		var actions []string
		for _, a := range audit {
			actions = append(actions, a.Lang+":"+a.Action)
		}
		want := "[:create en:save ky:save ky:submit ky:request-changes ky:save ky:submit ky:approve en:submit en:approve en:publish ky:publish ky:save en:save en:mark-not-substantive ky:restore]"
		if fmt.Sprint(actions) != want {
			t.Fatalf("audit\n got %v\nwant %s", actions, want)
		}
		for _, a := range audit {
			if a.Action == "request-changes" && (a.Comment != "Fix the title" || a.From != newsroom.StateInReview || a.To != newsroom.StateChangesRequested || a.Actor != p.revKy2.ID) {
				t.Fatalf("audit entry: %+v", a)
			}
		}
	})

	t.Run("unpublish removes the snapshot and tells readers", func(t *testing.T) {
		if _, err := act(p.editor, "ky", newsroom.ActionUnpublish, ""); code(err) != newsroom.EConflict {
			t.Fatalf("unpublish from draft: %v", err)
		}
		before, _ := s.PublishChanges(ctx, 2)
		if _, err := s.Save(ctx, p.editor, r.ID, "en", newsroom.Change{BaseRev: 2, Content: newsroom.Content{Title: "Twenty years"}}); err != nil {
			t.Fatal(err)
		}
		act(p.editor, "en", newsroom.ActionSubmit, "")
		act(p.revEn, "en", newsroom.ActionApprove, "")
		act(p.editor, "en", newsroom.ActionPublish, "")
		if _, err := act(p.editor, "en", newsroom.ActionUnpublish, ""); err != nil {
			t.Fatal(err)
		}
		pubs, _ := s.PublishedOf(ctx, r.ID)
		if len(pubs) != 1 || pubs[0].Lang != "ky" {
			t.Fatalf("after unpublish: %+v", pubs)
		}
		after, err := s.PublishChanges(ctx, before.Seq)
		if err != nil || after.Seq != before.Seq+2 || fmt.Sprint(after.ReleaseIDs) != "["+r.ID+"]" || !after.Complete {
			t.Fatalf("publish log: before %+v after %+v %v", before, after, err)
		}
	})
}

func TestConcurrentSavesLoseNothing(t *testing.T) {
	ctx := context.Background()
	a, b := twoInstances(t)
	p := newPeople(t, a)
	r := newRelease(t, a, p.editor, "Concurrency")

	t.Run("twenty saves on one base revision: exactly one wins", func(t *testing.T) {
		var ok, conflict, other atomic.Int32
		var wg sync.WaitGroup
		for i := range 20 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				s := a
				if i%2 == 1 {
					s = b
				}
				_, err := s.Save(ctx, p.editor, r.ID, "ky", newsroom.Change{BaseRev: 0, Content: newsroom.Content{Title: fmt.Sprintf("Version %d", i)}})
				switch code(err) {
				case "":
					ok.Add(1)
				case newsroom.EConflict:
					if e, _ := newsroom.AsError(err); e.CurrentRev != 1 {
						t.Errorf("conflict names rev %d", e.CurrentRev)
					}
					conflict.Add(1)
				default:
					t.Errorf("save %d: %v", i, err)
					other.Add(1)
				}
			}()
		}
		wg.Wait()
		if ok.Load() != 1 || conflict.Load() != 19 {
			t.Fatalf("ok=%d conflict=%d other=%d", ok.Load(), conflict.Load(), other.Load())
		}
		revs, _ := a.Revisions(ctx, r.ID, "ky")
		if len(revs) != 1 {
			t.Fatalf("%d revisions stored", len(revs))
		}
	})

	t.Run("saves to different languages of one release all succeed", func(t *testing.T) {
		var wg sync.WaitGroup
		errs := make(chan error, 10)
		for i, lang := range []string{"en", "ru", "ru", "en"} {
			_ = i
			wg.Add(1)
			go func() {
				defer wg.Done()
				s := a
				if i%2 == 1 {
					s = b
				}
				base := 0
				if lang == "en" {
					base = 1
				}
				_, err := s.Save(ctx, p.editor, r.ID, lang, newsroom.Change{BaseRev: base + i/2, Content: newsroom.Content{Title: fmt.Sprintf("%s text %d", lang, i)}})
				errs <- err
			}()
			if i == 1 {
				wg.Wait() // the second round builds on the first
			}
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		got, _ := a.Release(ctx, r.ID)
		if got.Versions["en"].Rev != 3 || got.Versions["ru"].Rev != 2 || got.Versions["ky"].Rev != 1 {
			t.Fatalf("revs en=%d ru=%d ky=%d", got.Versions["en"].Rev, got.Versions["ru"].Rev, got.Versions["ky"].Rev)
		}
	})
}

func TestFourthLanguageRunsTheWholeWorkflow(t *testing.T) {
	ctx := context.Background()
	s := mongotest.Store(t, "en,ru,ky,uz")
	ed, _ := s.CreateUser(ctx, newsroom.NewUser{Email: "e@x.org", Name: "E", Password: "correct horse battery", Roles: []newsroom.Role{newsroom.RoleEditor}})
	tr, _ := s.CreateUser(ctx, newsroom.NewUser{Email: "t@x.org", Name: "T", Password: "correct horse battery", Roles: []newsroom.Role{newsroom.RoleTranslator}, Langs: []string{"uz"}})
	rv, _ := s.CreateUser(ctx, newsroom.NewUser{Email: "r@x.org", Name: "R", Password: "correct horse battery", Roles: []newsroom.Role{newsroom.RoleReviewer}, Langs: []string{"uz"}})
	r := newRelease(t, s, ed, "Four languages")
	if len(r.Versions) != 4 {
		t.Fatalf("versions: %v", r.Versions)
	}
	steps := []struct {
		u *newsroom.User
		a newsroom.Action
	}{{tr, newsroom.ActionSave}, {tr, newsroom.ActionSubmit}, {rv, newsroom.ActionApprove}, {ed, newsroom.ActionPublish}}
	for _, st := range steps {
		var err error
		if st.a == newsroom.ActionSave {
			_, err = s.Save(ctx, st.u, r.ID, "uz", newsroom.Change{Content: newsroom.Content{Title: "Toʻrt til"}})
		} else {
			_, err = s.Transition(ctx, st.u, r.ID, "uz", newsroom.Change{Action: st.a, Override: "Only the title is translated in this test."})
		}
		if err != nil {
			t.Fatalf("%s: %v", st.a, err)
		}
	}
	pubs, _ := s.AllPublished(ctx)
	if len(pubs) != 1 || pubs[0].Lang != "uz" {
		t.Fatalf("published: %+v", pubs)
	}
	if _, err := s.Save(ctx, tr, r.ID, "de", newsroom.Change{Content: newsroom.Content{Title: "x"}}); code(err) != newsroom.ENotFound {
		t.Fatalf("unknown language: %v", err)
	}
}

func TestUsersSessionsAndTokens(t *testing.T) {
	ctx := context.Background()
	s := mongotest.Store(t, "")
	if ok, _ := s.HasAdmin(ctx); ok {
		t.Fatal("fresh database has an admin")
	}
	u, err := s.CreateUser(ctx, newsroom.NewUser{Email: " Admin@X.org ", Name: "A", Password: "correct horse battery", Roles: []newsroom.Role{newsroom.RoleAdmin}})
	if err != nil || u.Email != "admin@x.org" {
		t.Fatalf("create: %+v %v", u, err)
	}
	if _, err := s.CreateUser(ctx, newsroom.NewUser{Email: "admin@x.org", Name: "B", Password: "correct horse battery", Roles: []newsroom.Role{newsroom.RoleEditor}}); code(err) != newsroom.EConflict {
		t.Fatalf("duplicate email: %v", err)
	}
	if ok, _ := s.HasAdmin(ctx); !ok {
		t.Fatal("no admin after creating one")
	}
	if _, err := s.Authenticate(ctx, "admin@x.org", "wrong password!"); code(err) != newsroom.EUnauthorized {
		t.Fatalf("wrong password: %v", err)
	}
	if _, err := s.Authenticate(ctx, "nobody@x.org", "correct horse battery"); code(err) != newsroom.EUnauthorized {
		t.Fatalf("unknown user: %v", err)
	}
	if got, err := s.Authenticate(ctx, "ADMIN@x.org", "correct horse battery"); err != nil || got.ID != u.ID {
		t.Fatalf("login: %v", err)
	}
	sec, err := s.CreateSession(ctx, u.ID, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := s.SessionUser(ctx, sec); err != nil || got.ID != u.ID {
		t.Fatalf("session: %v", err)
	}
	_ = s.DeleteSession(ctx, sec)
	if _, err := s.SessionUser(ctx, sec); code(err) != newsroom.EUnauthorized {
		t.Fatalf("deleted session: %v", err)
	}
	tok, meta, err := s.CreateToken(ctx, u.ID, "import script")
	if err != nil {
		t.Fatal(err)
	}
	if got, err := s.TokenUser(ctx, tok); err != nil || got.ID != u.ID {
		t.Fatalf("token: %v", err)
	}
	if err := s.DeleteToken(ctx, meta.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.TokenUser(ctx, tok); code(err) != newsroom.EUnauthorized {
		t.Fatalf("revoked token: %v", err)
	}
	yes := true
	if _, err := s.UpdateUser(ctx, u.ID, newsroom.UserUpdate{Disabled: &yes}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Authenticate(ctx, "admin@x.org", "correct horse battery"); code(err) != newsroom.EUnauthorized {
		t.Fatalf("disabled user logs in: %v", err)
	}
}

// TestListingFollowsEveryInstance checks that the in-memory listing shows
// writes made through another store over the same database (another app
// instance) as soon as they are acknowledged, and never hands out its
// cached objects.
func TestListingFollowsEveryInstance(t *testing.T) {
	ctx := context.Background()
	a, b := twoInstances(t)
	p := newPeople(t, a)
	list := func(s *mongodb.Store, f newsroom.ReleaseFilter) []string {
		t.Helper()
		page, err := s.ListReleases(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, r := range page.Releases {
			out = append(out, r.Slug+":"+string(r.Versions["ky"].State))
		}
		return out
	}
	r1 := newRelease(t, a, p.editor, "First release")
	if got := list(b, newsroom.ReleaseFilter{}); fmt.Sprint(got) != "[first-release:untranslated]" {
		t.Fatalf("b lists %v", got)
	}
	// b has loaded its listing; a release created through a appears in it.
	r2 := newRelease(t, a, p.editor, "Second release")
	if got := list(b, newsroom.ReleaseFilter{}); len(got) != 2 {
		t.Fatalf("b lists %v after a created a second release", got)
	}
	// A save through b shows in a's listing and its filters.
	if got := list(a, newsroom.ReleaseFilter{Lang: "ky", State: newsroom.StateDraft}); len(got) != 0 {
		t.Fatalf("drafts before any ky save: %v", got)
	}
	if _, err := b.Save(ctx, p.trKy, r2.ID, "ky", newsroom.Change{BaseRev: 0, Content: newsroom.Content{Title: "Экинчи", Body: "Текст."}}); err != nil {
		t.Fatal(err)
	}
	if got := list(a, newsroom.ReleaseFilter{Lang: "ky", State: newsroom.StateDraft}); fmt.Sprint(got) != "[second-release:draft]" {
		t.Fatalf("a lists ky drafts %v", got)
	}
	// A dateline change through a moves the release in b's order (newest first).
	later := time.Date(2017, 1, 1, 0, 0, 0, 0, time.UTC)
	if _, err := a.UpdateRelease(ctx, p.editor, r1.ID, newsroom.ReleaseUpdate{Date: &later}); err != nil {
		t.Fatal(err)
	}
	if got := list(b, newsroom.ReleaseFilter{}); fmt.Sprint(got) != "[first-release:untranslated second-release:draft]" {
		t.Fatalf("b lists %v after the dateline change", got)
	}
	// A store's own write reaches its listing directly and the other's by the log.
	if _, err := a.Transition(ctx, p.trKy, r2.ID, "ky", newsroom.Change{Action: newsroom.ActionSubmit}); err != nil {
		t.Fatal(err)
	}
	for name, s := range map[string]*mongodb.Store{"a": a, "b": b} {
		if got := list(s, newsroom.ReleaseFilter{Lang: "ky", State: newsroom.StateInReview}); fmt.Sprint(got) != "[second-release:in_review]" {
			t.Fatalf("%s lists ky versions in review: %v", name, got)
		}
	}
	// Changing what the listing returned does not change the cache.
	page, _ := a.ListReleases(ctx, newsroom.ReleaseFilter{})
	page.Releases[0].Versions["ky"].State = newsroom.StatePublished
	page.Releases[0].Slug = "mangled"
	if got := list(a, newsroom.ReleaseFilter{}); fmt.Sprint(got) != "[first-release:untranslated second-release:in_review]" {
		t.Fatalf("the cache was changed through a returned release: %v", got)
	}
}
