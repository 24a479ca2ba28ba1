package editor

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/gin-gonic/gin"
	"golang.org/x/time/rate"

	"github.com/kotormo/kotormo/internal/auth"
	"github.com/kotormo/kotormo/internal/newsroom"
	"github.com/kotormo/kotormo/web"
)

func TestEveryPageTemplateIsThere(t *testing.T) {
	if _, err := parseTemplates(web.FS); err != nil {
		t.Fatalf("the embedded templates do not parse: %v", err)
	}
	for _, missing := range pageNames {
		t.Run("start-up fails without "+missing+".html", func(t *testing.T) {
			fsys := fstest.MapFS{}
			for _, name := range append(slices.Clone(sharedTemplates), pageNames...) {
				if name == missing {
					continue
				}
				b, err := web.FS.ReadFile("templates/editor/" + name + ".html")
				if err != nil {
					t.Fatal(err)
				}
				fsys["templates/editor/"+name+".html"] = &fstest.MapFile{Data: b}
			}
			if _, err := parseTemplates(fsys); err == nil || !strings.Contains(err.Error(), missing) {
				t.Errorf("parseTemplates without %s.html: err = %v, want one naming it", missing, err)
			}
		})
	}
}

func TestLoginAndLogout(t *testing.T) {
	e := newEnv(t)

	t.Run("an anonymous visitor is sent to the login page", func(t *testing.T) {
		r := e.get("/app/releases/new", "")
		expect(t, r, http.StatusSeeOther)
		if want := "/app/login?next=%2Fapp%2Freleases%2Fnew"; r.location() != want {
			t.Errorf("Location = %q, want %q", r.location(), want)
		}
	})
	t.Run("the login page has a labelled form", func(t *testing.T) {
		r := e.get("/app/login?next=/app/prefs", "")
		expect(t, r, http.StatusOK)
		contains(t, r.body, `<label for="email">`, `<label for="password">`, `name="next" value="/app/prefs"`)
	})
	t.Run("a wrong password re-renders the form with the email kept", func(t *testing.T) {
		r := e.post("/app/login", "", url.Values{"email": {"trky@kotormo.test"}, "password": {"wrong password!"}})
		expect(t, r, http.StatusUnauthorized)
		contains(t, r.body, "Wrong email or password.", `value="trky@kotormo.test"`)
	})
	var cookie *http.Cookie
	t.Run("a right password starts a session and goes to the page asked for", func(t *testing.T) {
		r := e.post("/app/login", "", url.Values{"email": {"TRKY@kotormo.test"}, "password": {testPassword}, "next": {"/app/prefs"}})
		expect(t, r, http.StatusSeeOther)
		if r.location() != "/app/prefs" {
			t.Errorf("Location = %q", r.location())
		}
		for _, c := range r.Result().Cookies() {
			if c.Name == auth.CookieName {
				cookie = c
			}
		}
		if cookie == nil || !cookie.HttpOnly || cookie.SameSite != http.SameSiteLaxMode {
			t.Fatalf("session cookie = %+v, want HttpOnly and SameSite=Lax", cookie)
		}
		e.sessions["fresh"] = cookie.Value
		expect(t, e.get("/app/", "fresh"), http.StatusOK)
	})
	t.Run("next may not lead off the site", func(t *testing.T) {
		for _, next := range []string{"https://evil.example/", "//evil.example/app/", "/other", "/app/\\evil"} {
			if got := safeNext(next); got != "/app/" {
				t.Errorf("safeNext(%q) = %q", next, got)
			}
		}
	})
	t.Run("logging out ends the session", func(t *testing.T) {
		r := e.post("/app/logout", "fresh", nil)
		expect(t, r, http.StatusSeeOther)
		if r.location() != "/app/login" {
			t.Errorf("Location = %q", r.location())
		}
		expect(t, e.get("/app/", "fresh"), http.StatusSeeOther)
	})
}

func TestHomePages(t *testing.T) {
	e := newEnv(t)
	old := e.release("old-one", "Old release", "Lead.", "Body.")
	newer := e.release("new-one", "Newer release", "Lead.", "Body.")
	// Make the newer release's date later.
	d := old.Date.AddDate(0, 0, 5)
	if _, err := e.store.UpdateRelease(context.Background(), e.users["editor"], newer.ID, newsroom.ReleaseUpdate{Date: &d}); err != nil {
		t.Fatal(err)
	}
	done := e.release("done", "Finished release", "Lead.", "Body.")
	e.save("trky", done.ID, "ky", 0, newsroom.Content{Title: "Бүткөн релиз"})
	e.transition("trky", done.ID, "ky", newsroom.ActionSubmit, "")
	// An outdated, approved Kyrgyz translation of the old release.
	e.save("trky", old.ID, "ky", 0, newsroom.Content{Title: "Эски релиз"})
	e.transition("trky", old.ID, "ky", newsroom.ActionSubmit, "")
	e.transition("rvky", old.ID, "ky", newsroom.ActionApprove, "")
	e.save("editor", old.ID, "en", 1, newsroom.Content{Title: "Old release", Lead: "Lead.", Body: "Body, changed."})

	t.Run("a translator sees the work in their languages, oldest first, outdated marked", func(t *testing.T) {
		r := e.get("/app/", "trky")
		expect(t, r, http.StatusOK)
		contains(t, r.body, "To translate", editHref(old.ID, "ky"), editHref(newer.ID, "ky"), "badge-outdated")
		// The work list (above the list of every release in their languages).
		lacks(t, worklistOf(r.body), editHref(old.ID, "ru"), editHref(done.ID, "ky"))
		lacks(t, r.body, editHref(old.ID, "ru"))
		if strings.Index(r.body, editHref(old.ID, "ky")) > strings.Index(r.body, editHref(newer.ID, "ky")) {
			t.Error("the newer release is listed before the older one")
		}
	})
	t.Run("a reviewer sees the versions in review in their languages", func(t *testing.T) {
		r := e.get("/app/", "rvky")
		expect(t, r, http.StatusOK)
		contains(t, r.body, "To review", reviewHref(done.ID, "ky"), "1 version")
		lacks(t, worklistOf(r.body), reviewHref(old.ID, "ky"))
		lacks(t, r.body, "To translate")
	})
	t.Run("an editor sees the matrix of releases and languages", func(t *testing.T) {
		r := e.get("/app/", "editor")
		expect(t, r, http.StatusOK)
		contains(t, r.body, "Dashboard", "3 releases", "Old release", "Newer release", "state-in-review", "badge-outdated", `<label for="f-state">`)
	})
	t.Run("the editor's filters narrow the matrix", func(t *testing.T) {
		r := e.get("/app/?lang=ky&state=in_review", "editor")
		expect(t, r, http.StatusOK)
		contains(t, r.body, "1 release", "Finished release")
		lacks(t, r.body, "Newer release")
		r = e.get("/app/?outdated=yes", "editor")
		contains(t, r.body, "1 release", "Old release")
		r = e.get("/app/?q=newer", "editor")
		contains(t, r.body, "1 release", "Newer release")
	})
	t.Run("a bad filter is a 400 that keeps the page", func(t *testing.T) {
		r := e.get("/app/?state=bogus&lang=xx&outdated=maybe&page=-1", "editor")
		expect(t, r, http.StatusBadRequest)
		contains(t, r.body, "A filter was not valid", "Dashboard")
	})
	t.Run("an admin sees the administration links", func(t *testing.T) {
		r := e.get("/app/", "admin")
		expect(t, r, http.StatusOK)
		contains(t, r.body, `href="/app/admin/users"`, `href="/app/admin/tokens"`)
		lacks(t, r.body, "Dashboard", "To translate")
	})
}

func TestCreateRelease(t *testing.T) {
	e := newEnv(t)
	form := func() url.Values {
		return url.Values{
			"source_lang": {"en"}, "slug": {"pumps"}, "date": {"2026-10-14"}, "embargo": {"2026-10-15T06:00"},
			"place_en": {"Bishkek"}, "place_ru": {"Бишкек"}, "place_ky": {"Бишкек"},
			"title": {enTitle}, "lead": {enLead}, "body": {enBody},
		}
	}
	var id string
	t.Run("an editor creates a release and lands on its page", func(t *testing.T) {
		r := e.post("/app/releases", "editor", form())
		expect(t, r, http.StatusSeeOther)
		id = strings.TrimPrefix(r.location(), "/app/releases/")
		rel, err := e.store.Release(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		if rel.Slug != "pumps" || rel.Places["ky"] != "Бишкек" || rel.EmbargoUntil.Format("2006-01-02 15:04") != "2026-10-15 06:00" {
			t.Errorf("release = %+v", rel)
		}
		page := e.follow(r, "editor")
		expect(t, page, http.StatusOK)
		contains(t, page.body, "Release created.", enTitle)
	})
	t.Run("a bad date re-renders the form with everything typed", func(t *testing.T) {
		f := form()
		f.Set("date", "14/10/2026")
		f.Set("slug", "other")
		r := e.post("/app/releases", "editor", f)
		expect(t, r, http.StatusBadRequest)
		contains(t, r.body, "Enter the date as YYYY-MM-DD.", `value="`+enTitle+`"`, "About the office: it works in Kyrgyzstan.", `value="14/10/2026"`)
	})
	t.Run("a taken slug is a 409 that keeps the input", func(t *testing.T) {
		r := e.post("/app/releases", "editor", form())
		expect(t, r, http.StatusConflict)
		contains(t, r.body, "already used", `value="pumps"`, enLead)
	})
	t.Run("an empty title is refused", func(t *testing.T) {
		f := form()
		f.Set("title", "  ")
		f.Set("slug", "x-y")
		expect(t, e.post("/app/releases", "editor", f), http.StatusBadRequest)
	})
	t.Run("translators may not create releases", func(t *testing.T) {
		expect(t, e.post("/app/releases", "trky", form()), http.StatusForbidden)
	})
	t.Run("an editor changes the dateline", func(t *testing.T) {
		r := e.post("/app/releases/"+id, "editor", url.Values{"slug": {"pumps"}, "date": {"2026-10-16"}, "embargo": {""},
			"place_en": {"Naryn"}, "place_ru": {"Бишкек"}, "place_ky": {"Нарын"}})
		expect(t, r, http.StatusSeeOther)
		rel, _ := e.store.Release(context.Background(), id)
		if rel.Places["ky"] != "Нарын" || rel.Date.Day() != 16 || !rel.EmbargoUntil.IsZero() {
			t.Errorf("release after update = %+v", rel)
		}
	})
}

// editForm is the editor form for a text, as the browser sends it without JavaScript.
func editForm(base int, c newsroom.Content, op string) url.Values {
	f := url.Values{"base_rev": {itoa(base)}, "title": {c.Title}, "lead": {c.Lead}, "op": {op}}
	for _, p := range strings.Split(c.Body, "\n\n") {
		f.Add("p", p)
	}
	f.Add("p", "")
	return f
}

func itoa(n int) string { return strconv.Itoa(n) }

var kyText = newsroom.Content{
	Title: "Күн насостору Нарынга суу алып келди",
	Lead:  "Азыр 20дан ашык айылда таза суу бар.",
	Body:  "Кеңсе насосторду 1995-жылы орноткон.\n\n«Суу — бул жашоо», — деди мэр.\n\nКеңсе жөнүндө: ал Кыргызстанда иштейт.",
}

func TestSaveAndConflict(t *testing.T) {
	e := newEnv(t)
	rel := e.release("solar", enTitle, enLead, enBody)
	edit := editHref(rel.ID, "ky")
	post := releaseHref(rel.ID) + "/ky"

	t.Run("the translator sees the source paragraphs next to empty boxes", func(t *testing.T) {
		r := e.get(edit, "trky")
		expect(t, r, http.StatusOK)
		contains(t, r.body, `<label for="p-1"><span class="m-only">Кыргызча · </span>Paragraph 1</label>`, "The office installed pumps in 1995.", `name="base_rev" value="0"`, `name="source_rev" value="1"`)
	})
	t.Run("saving the form writes a revision and redirects", func(t *testing.T) {
		r := e.post(post, "trky", editForm(0, kyText, "save"))
		expect(t, r, http.StatusSeeOther)
		if r.location() != edit {
			t.Errorf("Location = %q", r.location())
		}
		if got := e.text(rel.ID, "ky"); got != kyText {
			t.Errorf("saved %+v, want %+v", got, kyText)
		}
		page := e.get(edit, "trky")
		contains(t, page.body, "Кеңсе насосторду 1995-жылы орноткон.</textarea>", `name="base_rev" value="1"`)
	})
	t.Run("a stale save shows both texts and loses nothing", func(t *testing.T) {
		mine := kyText
		mine.Title = "Менин аталышым"
		mine.Body += "\n\nМенин жаңы абзацым."
		r := e.post(post, "trky", editForm(0, mine, "save"))
		expect(t, r, http.StatusConflict)
		contains(t, r.body,
			`id="their-title" readonly lang="ky" value="`+kyText.Title+`"`,
			`id="your-title" readonly lang="ky" value="Менин аталышым"`,
			"Менин жаңы абзацым.</textarea>",
			`name="base_rev" value="1"`, "Keep my version and save", "Discard mine, use their version")
		lacks(t, r.body, `<section id="conflict" class="conflict" hidden`)
		if got := e.text(rel.ID, "ky"); got.Title != kyText.Title {
			t.Errorf("the stale save overwrote the text: %q", got.Title)
		}
		// Keeping mine: the conflict page's form posts with the current base.
		r = e.post(post, "trky", editForm(1, mine, "save"))
		expect(t, r, http.StatusSeeOther)
		if got := e.text(rel.ID, "ky"); got.Title != "Менин аталышым" {
			t.Errorf("after keeping mine the title is %q", got.Title)
		}
	})
	t.Run("preview renders the Markdown without saving", func(t *testing.T) {
		c := kyText
		c.Body = "**Калың** текст"
		r := e.post(post, "trky", editForm(2, c, "preview"))
		expect(t, r, http.StatusOK)
		contains(t, r.body, "<strong>Калың</strong>", "**Калың** текст</textarea>")
		if e.version(rel.ID, "ky").Rev != 2 {
			t.Error("preview saved")
		}
	})
	t.Run("an empty title re-renders with the text kept", func(t *testing.T) {
		c := kyText
		c.Title = ""
		c.Lead = "Сакталбаган лид"
		r := e.post(post, "trky", editForm(2, c, "save"))
		expect(t, r, http.StatusBadRequest)
		contains(t, r.body, "A title is required.", "Сакталбаган лид</textarea>")
	})
	t.Run("a garbled revision number is a 400, not a 500", func(t *testing.T) {
		f := editForm(2, kyText, "save")
		f.Set("base_rev", "two")
		r := e.post(post, "trky", f)
		expect(t, r, http.StatusBadRequest)
		contains(t, r.body, kyText.Lead)
	})
	t.Run("Latin look-alike letters are flagged", func(t *testing.T) {
		c := kyText
		c.Title = "Күн нaсостору" // Latin a
		expect(t, e.post(post, "trky", editForm(2, c, "save")), http.StatusSeeOther)
		r := e.get(edit, "trky")
		contains(t, r.body, `id="qa-lookalikes"`, "<mark>нaсостору</mark>")
	})
	t.Run("the JSON text endpoint answers the current text", func(t *testing.T) {
		r := e.get(releaseHref(rel.ID)+"/ky/text?rev=1", "trky")
		expect(t, r, http.StatusOK)
		contains(t, r.body, `"current_rev":3`, `"rev":1`, kyText.Title)
		expect(t, e.get(releaseHref(rel.ID)+"/ky/text?rev=x", "trky"), http.StatusBadRequest)
		expect(t, e.get(releaseHref(rel.ID)+"/ky/text?rev=99", "trky"), http.StatusNotFound)
	})
	t.Run("the preview endpoint renders sanitized Markdown", func(t *testing.T) {
		r := e.do(http.MethodPost, "/app/preview", "trky", nil)
		expect(t, r, http.StatusBadRequest)
		req := strings.NewReader(`{"body":"*a* <script>alert(1)</script>"}`)
		w := e.raw(http.MethodPost, "/app/preview", "trky", req, "Content-Type", "application/json")
		expect(t, w, http.StatusOK)
		contains(t, w.body, `\u003cem\u003ea\u003c/em\u003e`)
		lacks(t, w.body, "script")
	})
}

func TestReviewWorkflow(t *testing.T) {
	e := newEnv(t)
	rel := e.release("solar", enTitle, enLead, enBody)
	post := releaseHref(rel.ID) + "/ky"
	review := reviewHref(rel.ID, "ky")

	t.Run("save and submit in one step", func(t *testing.T) {
		r := e.post(post, "both", editForm(0, kyText, "submit"))
		expect(t, r, http.StatusSeeOther)
		if v := e.version(rel.ID, "ky"); v.State != newsroom.StateInReview {
			t.Fatalf("state %s", v.State)
		}
		page := e.follow(r, "both")
		contains(t, page.body, "Submitted for review.", "This text is in review and cannot be edited", "readonly")
		lacks(t, page.body, `id="btn-save"`)
	})
	t.Run("the last saver sees no approve button", func(t *testing.T) {
		r := e.get(review, "both")
		expect(t, r, http.StatusOK)
		contains(t, r.body, "You cannot approve your own text.", `id="btn-request"`)
		lacks(t, r.body, `id="btn-approve"`)
	})
	t.Run("and the server refuses their approval anyway", func(t *testing.T) {
		r := e.post(review[:len(review)-len("review")]+"approve", "both", nil)
		expect(t, r, http.StatusForbidden)
		contains(t, r.body, "You cannot approve your own text.")
		if v := e.version(rel.ID, "ky"); v.State != newsroom.StateInReview {
			t.Fatalf("state %s", v.State)
		}
	})
	t.Run("another reviewer sees the new text as a diff and the approve button", func(t *testing.T) {
		r := e.get(review, "rvky")
		expect(t, r, http.StatusOK)
		contains(t, r.body, `id="btn-approve"`, "New text: it has never been approved", "<ins>", kyText.Lead)
	})
	t.Run("requesting changes needs a comment", func(t *testing.T) {
		r := e.post(post+"/request-changes", "rvky", url.Values{"comment": {"   "}})
		expect(t, r, http.StatusBadRequest)
		contains(t, r.body, "Write a comment that says what to change.", `id="rc-comment"`)
		if v := e.version(rel.ID, "ky"); v.State != newsroom.StateInReview {
			t.Fatalf("state %s", v.State)
		}
	})
	t.Run("requesting changes with a comment sends the text back", func(t *testing.T) {
		r := e.post(post+"/request-changes", "rvky", url.Values{"comment": {"Мэрдин сөзүн так котор."}})
		expect(t, r, http.StatusSeeOther)
		if v := e.version(rel.ID, "ky"); v.State != newsroom.StateChangesRequested {
			t.Fatalf("state %s", v.State)
		}
		page := e.get(editHref(rel.ID, "ky"), "both")
		contains(t, page.body, "Roza Reviewer requested changes", "Мэрдин сөзүн так котор.", `id="btn-submit"`)
	})
	t.Run("the translator fixes and resubmits", func(t *testing.T) {
		c := kyText
		c.Body = strings.Replace(c.Body, "деди мэр", "деди шаардын мэри", 1)
		expect(t, e.post(post, "both", editForm(1, c, "submit")), http.StatusSeeOther)
		if v := e.version(rel.ID, "ky"); v.State != newsroom.StateInReview || v.Rev != 2 {
			t.Fatalf("version %+v", v)
		}
	})
	t.Run("the other reviewer approves", func(t *testing.T) {
		r := e.post(post+"/approve", "rvky", nil)
		expect(t, r, http.StatusSeeOther)
		if v := e.version(rel.ID, "ky"); v.State != newsroom.StateApproved {
			t.Fatalf("state %s", v.State)
		}
		r = e.follow(r, "rvky")
		contains(t, r.body, "Approved.", "This version is not waiting for review.")
	})
	t.Run("approving twice is a conflict shown on the review page", func(t *testing.T) {
		r := e.post(post+"/approve", "rvky", nil)
		expect(t, r, http.StatusConflict)
		contains(t, r.body, "“Approve” is not possible now: the version is Approved.")
	})
	t.Run("a correction is reviewed against the last approved text", func(t *testing.T) {
		c := e.text(rel.ID, "ky")
		c.Lead = "Азыр 25тен ашык айылда таза суу бар."
		e.save("both", rel.ID, "ky", 2, c)
		e.transition("both", rel.ID, "ky", newsroom.ActionSubmit, "")
		r := e.get(review, "rvky")
		contains(t, r.body, "Changes since the last approved text (revision 2)", "<del>", "<ins>")
	})
	t.Run("after publishing, reviews compare with the published text", func(t *testing.T) {
		e.transition("rvky", rel.ID, "ky", newsroom.ActionApprove, "")
		e.transition("editor", rel.ID, "ky", newsroom.ActionPublish, "")
		c := e.text(rel.ID, "ky")
		c.Title = "Жаңы аталыш"
		e.save("both", rel.ID, "ky", 3, c)
		e.transition("both", rel.ID, "ky", newsroom.ActionSubmit, "")
		r := e.get(review, "rvky")
		contains(t, r.body, "Changes since the published text (revision 3)")
	})
}

func TestPublishing(t *testing.T) {
	e := newEnv(t)
	rel := e.release("solar", enTitle, enLead, enBody)
	for _, l := range []string{"ru", "ky"} {
		who := map[string]string{"ru": "trru", "ky": "trky"}[l]
		e.save(who, rel.ID, l, 0, newsroom.Content{Title: "Перевод " + l})
		e.transition(who, rel.ID, l, newsroom.ActionSubmit, "")
	}
	// A Russian reviewer for this test.
	ru, err := e.store.CreateUser(context.Background(), newsroom.NewUser{Email: "rvru@kotormo.test", Name: "Ruslan", Password: testPassword,
		Roles: []newsroom.Role{newsroom.RoleReviewer}, Langs: []string{"ru"}})
	if err != nil {
		t.Fatal(err)
	}
	e.transition("rvky", rel.ID, "ky", newsroom.ActionApprove, "")
	if _, err := e.store.Transition(context.Background(), ru, rel.ID, "ru", newsroom.Change{Action: newsroom.ActionApprove, Override: "Test fixture text."}); err != nil {
		t.Fatal(err)
	}
	page := releaseHref(rel.ID)

	t.Run("the release page offers publishing per language and all at once", func(t *testing.T) {
		r := e.get(page, "editor")
		expect(t, r, http.StatusOK)
		contains(t, r.body, `action="`+page+`/ky/publish"`, `action="`+page+`/ru/publish"`, `id="btn-publish-all"`)
		r = e.get(page, "trky")
		lacks(t, r.body, "/publish", `id="btn-publish-all"`, ">Русский<")
	})
	t.Run("publishing one language", func(t *testing.T) {
		expect(t, e.post(page+"/ky/publish", "editor", nil), http.StatusSeeOther)
		if v := e.version(rel.ID, "ky"); v.State != newsroom.StatePublished || v.PublishedRev != 1 {
			t.Fatalf("ky %+v", v)
		}
		if v := e.version(rel.ID, "ru"); v.State != newsroom.StateApproved {
			t.Fatalf("ru %s", v.State)
		}
	})
	t.Run("translators may not publish", func(t *testing.T) {
		expect(t, e.post(page+"/ru/publish", "trru", nil), http.StatusForbidden)
	})
	t.Run("publishing all approved languages", func(t *testing.T) {
		r := e.post(page+"/publish-all", "editor", nil)
		expect(t, r, http.StatusSeeOther)
		if v := e.version(rel.ID, "ru"); v.State != newsroom.StatePublished {
			t.Fatalf("ru %s", v.State)
		}
		contains(t, e.follow(r, "editor").body, "Every approved language is published.", `href="/ky/releases/solar"`)
	})
	t.Run("publishing all with nothing approved is a 409 on the release page", func(t *testing.T) {
		r := e.post(page+"/publish-all", "editor", nil)
		expect(t, r, http.StatusConflict)
		contains(t, r.body, "No version of this release is approved.", `id="h-versions"`)
	})
	t.Run("unpublishing", func(t *testing.T) {
		expect(t, e.post(page+"/ru/unpublish", "editor", nil), http.StatusSeeOther)
		if v := e.version(rel.ID, "ru"); v.State != newsroom.StateApproved || v.PublishedRev != 0 {
			t.Fatalf("ru %+v", v)
		}
		pub, err := e.store.PublishedOf(context.Background(), rel.ID)
		if err != nil || len(pub) != 1 || pub[0].Lang != "ky" {
			t.Fatalf("published = %v, %v", pub, err)
		}
	})
}

func TestOutdatedAndNotSubstantive(t *testing.T) {
	e := newEnv(t)
	rel := e.release("solar", enTitle, enLead, enBody)
	e.save("trky", rel.ID, "ky", 0, kyText)
	changed := strings.Replace(enBody, "in 1995", "in 1996", 1)
	e.save("editor", rel.ID, "en", 1, newsroom.Content{Title: enTitle, Lead: enLead, Body: changed})
	edit := editHref(rel.ID, "ky")

	t.Run("the translator sees which source paragraphs changed, word by word", func(t *testing.T) {
		r := e.get(edit, "trky")
		expect(t, r, http.StatusOK)
		contains(t, r.body, "badge-outdated", "1 paragraph changed in the source", "source revision 1 → 2",
			`<del><span class="vh" lang="en">[deleted: </span>1995`, `<ins><span class="vh" lang="en">[inserted: </span>1996`,
			`class="src changed"`, "changed in the source")
	})
	t.Run("the reviewer sees the flag", func(t *testing.T) {
		e.transition("trky", rel.ID, "ky", newsroom.ActionSubmit, "")
		r := e.get(reviewHref(rel.ID, "ky"), "rvky")
		contains(t, r.body, "The source changed after this translation was made")
		contains(t, e.get("/app/", "rvky").body, "badge-outdated")
		e.transition("rvky", rel.ID, "ky", newsroom.ActionRequestChanges, "see source")
	})
	t.Run("marking not substantive needs a reason", func(t *testing.T) {
		r := e.post(releaseHref(rel.ID)+"/ky/mark-not-substantive", "trky", url.Values{"reason": {""}})
		expect(t, r, http.StatusBadRequest)
		contains(t, r.body, "Give a reason.", `id="ns-reason"`)
	})
	t.Run("with a reason the translation is no longer outdated", func(t *testing.T) {
		r := e.post(releaseHref(rel.ID)+"/ky/mark-not-substantive", "trky", url.Values{"reason": {"Жылы гана өзгөрдү, котормодо туура."}})
		expect(t, r, http.StatusSeeOther)
		page := e.get(edit, "trky")
		lacks(t, page.body, "badge-outdated")
		audit := e.get(historyHref(rel.ID, "ky"), "trky")
		contains(t, audit.body, "Жылы гана өзгөрдү, котормодо туура.")
	})
	t.Run("an editor marks a typo fix in the source as not substantive", func(t *testing.T) {
		e.save("editor", rel.ID, "en", 2, newsroom.Content{Title: enTitle, Lead: enLead + " ", Body: changed + " Typo."})
		r := e.get(editHref(rel.ID, "en"), "editor")
		contains(t, r.body, `id="h-ns"`)
		expect(t, e.post(releaseHref(rel.ID)+"/en/mark-not-substantive", "editor", url.Values{"reason": {"typo"}}), http.StatusSeeOther)
		if v := e.version(rel.ID, "ky"); newsroom.Outdated(v, e.version(rel.ID, "en")) {
			t.Error("ky is still outdated after the typo fix was marked")
		}
	})
	t.Run("translators may not mark the source", func(t *testing.T) {
		expect(t, e.post(releaseHref(rel.ID)+"/en/mark-not-substantive", "trky", url.Values{"reason": {"x"}}), http.StatusForbidden)
	})
}

func TestHistoryDiffAndRestore(t *testing.T) {
	e := newEnv(t)
	rel := e.release("solar", enTitle, enLead, enBody)
	e.save("trky", rel.ID, "ky", 0, kyText)
	second := kyText
	second.Title = "Экинчи аталыш"
	e.save("trky", rel.ID, "ky", 1, second)
	hist := historyHref(rel.ID, "ky")

	t.Run("the history lists the revisions and diffs the latest two", func(t *testing.T) {
		r := e.get(hist, "trky")
		expect(t, r, http.StatusOK)
		contains(t, r.body, "2 saved revisions", "Revision 1 compared with revision 2", "Экинчи аталыш", `id="restore-1"`)
	})
	t.Run("any two revisions can be compared", func(t *testing.T) {
		r := e.get(hist+"?a=2&b=1", "trky")
		expect(t, r, http.StatusOK)
		contains(t, r.body, "Revision 2 compared with revision 1", "<del>", "<ins>")
	})
	t.Run("bad revision numbers are a 4xx", func(t *testing.T) {
		expect(t, e.get(hist+"?a=x", "trky"), http.StatusBadRequest)
		expect(t, e.get(hist+"?b=99", "trky"), http.StatusNotFound)
	})
	t.Run("restoring an old revision makes it the new draft", func(t *testing.T) {
		r := e.post(releaseHref(rel.ID)+"/ky/restore", "trky", url.Values{"rev": {"1"}, "base_rev": {"2"}})
		expect(t, r, http.StatusSeeOther)
		if got := e.text(rel.ID, "ky"); got != kyText || e.version(rel.ID, "ky").Rev != 3 {
			t.Errorf("after restore: %+v", got)
		}
		contains(t, e.get(hist, "trky").body, "copy of 1")
	})
	t.Run("a stale restore is a conflict on the history page", func(t *testing.T) {
		r := e.post(releaseHref(rel.ID)+"/ky/restore", "trky", url.Values{"rev": {"1"}, "base_rev": {"2"}})
		expect(t, r, http.StatusConflict)
		contains(t, r.body, "3 saved revisions")
	})
	t.Run("a garbled restore is a 400", func(t *testing.T) {
		expect(t, e.post(releaseHref(rel.ID)+"/ky/restore", "trky", url.Values{"rev": {"one"}}), http.StatusBadRequest)
	})
	t.Run("reviewers see the history but cannot restore", func(t *testing.T) {
		r := e.get(hist, "rvky")
		expect(t, r, http.StatusOK)
		lacks(t, r.body, `id="restore-1"`)
		expect(t, e.post(releaseHref(rel.ID)+"/ky/restore", "rvky", url.Values{"rev": {"1"}, "base_rev": {"3"}}), http.StatusForbidden)
	})
}

func TestAdminUsersAndTokens(t *testing.T) {
	e := newEnv(t)
	var newID string
	t.Run("an admin creates a user", func(t *testing.T) {
		r := e.post("/app/admin/users", "admin", url.Values{"email": {"new@kotormo.test"}, "name": {"Nurlan"}, "password": {"a good long password"},
			"role": {"translator", "reviewer"}, "lang": {"ky", "ru"}})
		expect(t, r, http.StatusSeeOther)
		u, err := e.store.Authenticate(context.Background(), "new@kotormo.test", "a good long password")
		if err != nil {
			t.Fatal(err)
		}
		newID = u.ID
		contains(t, e.follow(r, "admin").body, "User created.", "new@kotormo.test")
	})
	t.Run("a translator without a language is refused with the form kept", func(t *testing.T) {
		r := e.post("/app/admin/users", "admin", url.Values{"email": {"x@kotormo.test"}, "name": {"Xenia"}, "password": {"a good long password"}, "role": {"translator"}})
		expect(t, r, http.StatusBadRequest)
		contains(t, r.body, "Translators and reviewers need at least one language.", `value="x@kotormo.test"`, `value="Xenia"`)
	})
	t.Run("a short password is refused", func(t *testing.T) {
		r := e.post("/app/admin/users", "admin", url.Values{"email": {"y@kotormo.test"}, "name": {"Y"}, "password": {"short"}, "role": {"editor"}})
		expect(t, r, http.StatusBadRequest)
		contains(t, r.body, "10 to 200 characters")
	})
	t.Run("an admin changes roles and languages and disables", func(t *testing.T) {
		r := e.post("/app/admin/users/"+newID, "admin", url.Values{"name": {"Nurlan B."}, "role": {"reviewer"}, "lang": {"ky"}, "disabled": {"on"}})
		expect(t, r, http.StatusSeeOther)
		u, _ := e.store.User(context.Background(), newID)
		if u.Name != "Nurlan B." || len(u.Roles) != 1 || u.Roles[0] != newsroom.RoleReviewer || len(u.Langs) != 1 || !u.Disabled {
			t.Errorf("user = %+v", u)
		}
	})
	t.Run("an admin cannot lock themselves out", func(t *testing.T) {
		// 403, as the API answers the same change (newsroom.CanUpdateUser).
		r := e.post("/app/admin/users/"+e.users["admin"].ID, "admin", url.Values{"name": {"Aida"}, "role": {"editor"}})
		expect(t, r, http.StatusForbidden)
		contains(t, r.body, "You cannot disable your own account")
	})
	t.Run("an unknown user is a 404", func(t *testing.T) {
		expect(t, e.get("/app/admin/users/nobody", "admin"), http.StatusNotFound)
	})
	var tokID string
	t.Run("a new token's secret is shown once", func(t *testing.T) {
		r := e.post("/app/admin/tokens", "admin", url.Values{"name": {"importer"}, "user": {e.users["editor"].ID}})
		expect(t, r, http.StatusCreated)
		i := strings.Index(r.body, `id="secret" readonly value="`)
		if i < 0 {
			t.Fatal("no secret on the page")
		}
		sec := r.body[i+len(`id="secret" readonly value="`):]
		sec = sec[:strings.IndexByte(sec, '"')]
		u, err := e.store.TokenUser(context.Background(), sec)
		if err != nil || u.ID != e.users["editor"].ID {
			t.Fatalf("the secret shown does not work: %v", err)
		}
		if r.Header().Get("Cache-Control") != "no-store" {
			t.Error("the page with the secret may be cached")
		}
		list := e.get("/app/admin/tokens", "admin")
		contains(t, list.body, "importer")
		lacks(t, list.body, sec)
		toks, _ := e.store.ListTokens(context.Background())
		tokID = toks[0].ID
	})
	t.Run("a token without a name or user is refused", func(t *testing.T) {
		expect(t, e.post("/app/admin/tokens", "admin", url.Values{"name": {""}, "user": {e.users["editor"].ID}}), http.StatusBadRequest)
		expect(t, e.post("/app/admin/tokens", "admin", url.Values{"name": {"x"}, "user": {"nobody"}}), http.StatusBadRequest)
	})
	t.Run("revoking a token", func(t *testing.T) {
		expect(t, e.post("/app/admin/tokens/"+tokID+"/revoke", "admin", nil), http.StatusSeeOther)
		if toks, _ := e.store.ListTokens(context.Background()); len(toks) != 0 {
			t.Errorf("tokens after revoke: %d", len(toks))
		}
		expect(t, e.post("/app/admin/tokens/"+tokID+"/revoke", "admin", nil), http.StatusNotFound)
	})
}

func TestInterfaceLanguage(t *testing.T) {
	e := newEnv(t)
	t.Run("an anonymous Kyrgyz browser gets the login page in Kyrgyz", func(t *testing.T) {
		r := e.get("/app/login", "", "Accept-Language", "ky-KG,ky;q=0.9,ru;q=0.5")
		contains(t, r.body, `<html lang="ky">`, "Кирүү")
	})
	t.Run("a malformed Accept-Language entry does not discard the rest", func(t *testing.T) {
		r := e.get("/app/login", "", "Accept-Language", "en;q=abc,ru")
		contains(t, r.body, `<html lang="ru">`, "Войти")
	})
	t.Run("a user's choice beats the browser", func(t *testing.T) {
		r := e.post("/app/prefs", "trky", url.Values{"ui_lang": {"ru"}})
		expect(t, r, http.StatusSeeOther)
		page := e.get("/app/", "trky", "Accept-Language", "ky")
		contains(t, page.body, `<html lang="ru">`, "Главная")
	})
	t.Run("an unknown interface language is refused", func(t *testing.T) {
		expect(t, e.post("/app/prefs", "trky", url.Values{"ui_lang": {"xx"}}), http.StatusBadRequest)
	})
	t.Run("going back to the browser's language", func(t *testing.T) {
		expect(t, e.post("/app/prefs", "trky", url.Values{"ui_lang": {""}}), http.StatusSeeOther)
		contains(t, e.get("/app/", "trky", "Accept-Language", "ky").body, `<html lang="ky">`)
	})
	t.Run("Russian plural forms on the home page", func(t *testing.T) {
		rel := e.release("a", "A", "", "")
		_ = rel
		for _, s := range []string{"b", "c", "d", "f"} {
			e.release(s, strings.ToUpper(s), "", "")
		}
		r := e.get("/app/", "trru", "Accept-Language", "ru")
		contains(t, r.body, "5 версий")
	})
}

func TestSecurity(t *testing.T) {
	e := newEnv(t)
	rel := e.release("solar", enTitle, enLead, enBody)
	t.Run("every page carries a CSP without inline code", func(t *testing.T) {
		for _, p := range []string{"/app/login", "/app/", editHref(rel.ID, "ky")} {
			r := e.get(p, "editor")
			csp := r.Header().Get("Content-Security-Policy")
			if !strings.Contains(csp, "default-src 'self'") || !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") {
				t.Errorf("%s: CSP %q", p, csp)
			}
			lacks(t, r.body, "<script>", " style=", " onclick=", " onload=")
		}
	})
	t.Run("a cross-site form post is refused", func(t *testing.T) {
		r := e.post(releaseHref(rel.ID)+"/ky", "trky", editForm(0, kyText, "save"), "Sec-Fetch-Site", "cross-site")
		expect(t, r, http.StatusForbidden)
		r = e.post(releaseHref(rel.ID)+"/ky", "trky", editForm(0, kyText, "save"), "Origin", "https://evil.example")
		expect(t, r, http.StatusForbidden)
		r = e.post("/app/login", "", url.Values{"email": {"trky@kotormo.test"}, "password": {testPassword}}, "Sec-Fetch-Site", "cross-site")
		expect(t, r, http.StatusForbidden)
		if e.version(rel.ID, "ky").Rev != 0 {
			t.Fatal("the cross-site post saved")
		}
	})
	t.Run("a same-origin form post passes", func(t *testing.T) {
		r := e.post(releaseHref(rel.ID)+"/ky", "trky", editForm(0, kyText, "save"), "Sec-Fetch-Site", "same-origin", "Origin", "http://example.com")
		expect(t, r, http.StatusSeeOther)
	})
	t.Run("text is escaped everywhere", func(t *testing.T) {
		evil := newsroom.Content{Title: `<script>alert("t")</script>`, Lead: `"><img src=x onerror=alert(1)>`, Body: "<b>bold</b>"}
		e.save("trky", rel.ID, "ky", 1, evil)
		for _, p := range []string{editHref(rel.ID, "ky"), historyHref(rel.ID, "ky")} {
			r := e.get(p, "trky")
			lacks(t, r.body, `<script>alert`, `<img src=x`, "<b>bold</b>")
		}
	})
	t.Run("an oversized body is refused without a 500", func(t *testing.T) {
		f := editForm(2, kyText, "save")
		f.Set("lead", strings.Repeat("ж", 3<<20))
		r := e.post(releaseHref(rel.ID)+"/ky", "trky", f)
		expect(t, r, http.StatusRequestEntityTooLarge)
		contains(t, r.body, "The text is too long to save.")
	})
	t.Run("unknown releases, languages and actions are 404s", func(t *testing.T) {
		expect(t, e.get("/app/releases/nope/ky/edit", "editor"), http.StatusNotFound)
		expect(t, e.get(releaseHref(rel.ID)+"/xx/edit", "editor"), http.StatusNotFound)
		expect(t, e.post(releaseHref(rel.ID)+"/ky/explode", "editor", nil), http.StatusNotFound)
	})
}

func TestLoginIsThrottled(t *testing.T) {
	e := newEnv(t)
	au := auth.New(auth.Config{Users: e.store, LoginRate: rate.Every(time.Hour), LoginBurst: 2})
	ed, err := New(Config{Releases: e.store, Users: e.store, Auth: au, Langs: e.store.Langs(), Catalog: e.ed.catalog, Logger: e.ed.log})
	if err != nil {
		t.Fatal(err)
	}
	r := gin.New()
	ed.Register(r)
	e.engine = r
	for i := range 2 {
		expect(t, e.post("/app/login", "", url.Values{"email": {"trky@kotormo.test"}, "password": {"wrong " + strconv.Itoa(i)}}), http.StatusUnauthorized)
	}
	res := e.post("/app/login", "", url.Values{"email": {"trky@kotormo.test"}, "password": {testPassword}})
	expect(t, res, http.StatusTooManyRequests)
	contains(t, res.body, "Too many attempts.", `value="trky@kotormo.test"`)
}
