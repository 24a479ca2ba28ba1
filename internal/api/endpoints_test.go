package api_test

import (
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestReleasesCanBeCreatedListedReadAndChanged(t *testing.T) {
	e := newEnv(t, "")

	t.Run("create with a place in the source language and an embargo", func(t *testing.T) {
		r := e.ok(http.StatusCreated, "editor", "POST", "/releases", map[string]any{
			"slug": "custom-slug", "source_lang": "ru", "date": "2024-03-01", "place": "Бишкек",
			"embargo_until": "2024-03-01T09:00:00+06:00", "title": "  Заголовок  ", "body": "Текст.",
		})
		if r.s("slug") != "custom-slug" || r.s("source_lang") != "ru" || r.o("places").s("ru") != "Бишкек" ||
			r.s("embargo_until") != "2024-03-01T03:00:00Z" || r.o("versions").o("ru").s("title") != "Заголовок" ||
			r.o("versions").o("ru").s("lead") != "" || r.s("created_at") == "" || !strings.HasSuffix(r.s("created_at"), "Z") {
			t.Fatalf("created: %v", r)
		}
		errorOf(t, e.as("editor", "POST", "/releases", map[string]any{"slug": "custom-slug", "date": "2024-03-01", "title": "x", "body": ""}), http.StatusConflict, "conflict")
		errorOf(t, e.as("trKy", "POST", "/releases", map[string]any{"date": "2024-03-01", "title": "x", "body": ""}), http.StatusForbidden, "forbidden")
	})
	for i, title := range []string{"Alpha news", "Beta news", "Gamma report"} {
		e.ok(http.StatusCreated, "editor", "POST", "/releases", map[string]any{"date": "2024-01-0" + string(rune('1'+i)), "title": title, "body": "Body."})
	}

	t.Run("list, newest first, paginated and filtered", func(t *testing.T) {
		l := e.ok(http.StatusOK, "trKy", "GET", "/releases", nil)
		if l.n("total") != 4 || l.n("page") != 1 || l.n("per_page") != 20 || len(l.list("releases")) != 4 {
			t.Fatalf("list: %v", l)
		}
		first := l.list("releases")[0]
		if first.s("slug") != "custom-slug" || first.o("versions").o("ky").s("state") != "untranslated" {
			t.Fatalf("first: %v", first)
		}
		if _, hasBody := first.o("versions").o("ru")["body"]; hasBody {
			t.Fatalf("a listing carries no text: %v", first)
		}
		l = e.ok(http.StatusOK, "trKy", "GET", "/releases?page=2&per_page=3", nil)
		if l.n("total") != 4 || len(l.list("releases")) != 1 || l.list("releases")[0].s("slug") != "alpha-news" {
			t.Fatalf("page 2: %v", l)
		}
		if l := e.ok(http.StatusOK, "trKy", "GET", "/releases?per_page=1000", nil); l.n("per_page") != 100 {
			t.Fatalf("per_page is capped at 100: %v", l.n("per_page"))
		}
		if l := e.ok(http.StatusOK, "trKy", "GET", "/releases?q=NEWS", nil); l.n("total") != 2 {
			t.Fatalf("q: %v", l)
		}
		if l := e.ok(http.StatusOK, "trKy", "GET", "/releases?state=draft&lang=ru", nil); l.n("total") != 1 {
			t.Fatalf("state=draft&lang=ru: %v", l)
		}
		if l := e.ok(http.StatusOK, "trKy", "GET", "/releases?state=in_review", nil); l.n("total") != 0 || l.list("releases") == nil {
			t.Fatalf("an empty page is an empty list: %v", l)
		}
		if l := e.ok(http.StatusOK, "trKy", "GET", "/releases?outdated=false", nil); l.n("total") != 4 {
			t.Fatalf("outdated=false: %v", l)
		}
	})

	t.Run("read by id and by slug", func(t *testing.T) {
		bySlug := e.ok(http.StatusOK, "trKy", "GET", "/releases/beta-news", nil)
		byID := e.ok(http.StatusOK, "trKy", "GET", "/releases/"+bySlug.s("id"), nil)
		if byID.s("slug") != "beta-news" || byID.o("versions").o("en").s("body") != "Body." || len(byID.o("versions")) != 3 {
			t.Fatalf("by id: %v", byID)
		}
		errorOf(t, e.as("trKy", "GET", "/releases/no-such-release", nil), http.StatusNotFound, "not_found")
	})

	t.Run("change the dateline, slug and embargo, and lift the embargo", func(t *testing.T) {
		id := e.ok(http.StatusOK, "editor", "GET", "/releases/gamma-report", nil).s("id")
		r := e.ok(http.StatusOK, "editor", "PATCH", "/releases/"+id, map[string]any{
			"slug": "gamma", "date": "2024-02-02", "places": map[string]string{"en": "Osh", "ky": "Ош"}, "embargo_until": "2030-01-01T00:00:00Z",
		})
		if r.s("slug") != "gamma" || r.s("date") != "2024-02-02" || r.o("places").s("ky") != "Ош" || r.s("embargo_until") != "2030-01-01T00:00:00Z" {
			t.Fatalf("patched: %v", r)
		}
		r = e.ok(http.StatusOK, "editor", "PATCH", "/releases/gamma", map[string]any{"embargo_until": nil, "places": map[string]string{"ky": ""}})
		if r["embargo_until"] != nil || r.o("places").s("en") != "Osh" || r.o("places")["ky"] != nil {
			t.Fatalf("embargo lifted with null, ky place cleared: %v", r)
		}
		e.ok(http.StatusOK, "editor", "PATCH", "/releases/gamma", map[string]any{"embargo_until": "2030-01-01T00:00:00Z"})
		if r := e.ok(http.StatusOK, "editor", "PATCH", "/releases/gamma", map[string]any{"embargo_until": ""}); r["embargo_until"] != nil {
			t.Fatalf("embargo lifted with \"\": %v", r)
		}
		errorOf(t, e.as("trKy", "PATCH", "/releases/gamma", map[string]any{"date": "2024-02-03"}), http.StatusForbidden, "forbidden")
	})
}

func TestVersionHistoryCanBeListedDiffedAndRestored(t *testing.T) {
	e := newEnv(t, "")
	id := e.newRelease("History").s("id")
	base := "/releases/" + id + "/versions/en"
	e.ok(http.StatusOK, "editor", "PUT", base, map[string]any{"base_rev": 1, "title": "History", "lead": "The lead.",
		"body": "First paragraph.\n\nSecond paragraph, now longer.\n\nAbout the office.\n\nA new closing line."})
	e.ok(http.StatusOK, "editor", "PUT", base, map[string]any{"base_rev": 2, "title": "History rewritten", "lead": "The lead.", "body": "Only one paragraph."})

	t.Run("revisions, newest first, with content on request", func(t *testing.T) {
		l := e.ok(http.StatusOK, "trKy", "GET", base+"/revisions", nil).list("revisions")
		if len(l) != 3 || l[0].n("rev") != 3 || l[2].n("rev") != 1 || l[0].s("author") != e.user("editor").ID ||
			l[0].s("author_name") != "editor" || l[0].s("title") != "History rewritten" || l[0].s("created_at") == "" {
			t.Fatalf("revisions: %v", l)
		}
		if _, ok := l[0]["body"]; ok {
			t.Fatalf("content without ?content=1: %v", l[0])
		}
		l = e.ok(http.StatusOK, "trKy", "GET", base+"/revisions?content=1", nil).list("revisions")
		if l[0].s("body") != "Only one paragraph." || l[1].s("lead") != "The lead." {
			t.Fatalf("revisions with content: %v", l)
		}
		if ky := e.ok(http.StatusOK, "trKy", "GET", "/releases/"+id+"/versions/ky/revisions", nil).list("revisions"); len(ky) != 0 {
			t.Fatalf("untranslated ky has no revisions: %v", ky)
		}
	})

	t.Run("one revision", func(t *testing.T) {
		r := e.ok(http.StatusOK, "trKy", "GET", base+"/revisions/1", nil)
		if r.n("rev") != 1 || r.s("title") != "History" || r.s("body") != "First paragraph.\n\nSecond paragraph.\n\nAbout the office." {
			t.Fatalf("revision 1: %v", r)
		}
		errorOf(t, e.as("trKy", "GET", base+"/revisions/9", nil), http.StatusNotFound, "not_found")
	})

	t.Run("diff between two revisions, paragraph and word level", func(t *testing.T) {
		d := e.ok(http.StatusOK, "trKy", "GET", base+"/diff?from=1&to=2", nil)
		if d.n("from") != 1 || d.n("to") != 2 || d.o("title")["changed"] != false || d.o("body")["changed"] != true {
			t.Fatalf("diff: %v", d)
		}
		var kinds []string
		for _, p := range d.o("body").list("paragraphs") {
			kinds = append(kinds, p.s("kind"))
		}
		if !slices.Equal(kinds, []string{"equal", "changed", "equal", "added"}) {
			t.Fatalf("paragraph kinds %v in %v", kinds, d.o("body"))
		}
		changed := d.o("body").list("paragraphs")[1]
		if !slices.ContainsFunc(changed.list("words"), func(o obj) bool { return o.s("kind") == "insert" && strings.Contains(o.s("text"), "longer") }) {
			t.Fatalf("word diff of the changed paragraph: %v", changed)
		}
		d = e.ok(http.StatusOK, "trKy", "GET", base+"/diff", nil)
		if d.n("from") != 2 || d.n("to") != 3 || d.o("title")["changed"] != true || len(d.o("title").list("words")) == 0 {
			t.Fatalf("default diff (previous to current): %v", d)
		}
		if d := e.ok(http.StatusOK, "trKy", "GET", base+"/diff?to=1", nil); d.n("from") != 0 || d.o("body").list("paragraphs")[0].s("kind") != "added" {
			t.Fatalf("diff of the first revision against nothing: %v", d)
		}
		errorOf(t, e.as("trKy", "GET", base+"/diff?from=1&to=7", nil), http.StatusNotFound, "not_found")
	})

	t.Run("restore an old revision as a new draft", func(t *testing.T) {
		errorOf(t, e.as("editor", "POST", base+"/restore", map[string]int{"rev": 1, "base_rev": 2}), http.StatusConflict, "conflict")
		v := e.ok(http.StatusOK, "editor", "POST", base+"/restore", map[string]int{"rev": 1, "base_rev": 3})
		if v.n("rev") != 4 || v.s("state") != "draft" || v.s("title") != "History" || v.s("body") != "First paragraph.\n\nSecond paragraph.\n\nAbout the office." {
			t.Fatalf("restored: %v", v)
		}
		if r := e.ok(http.StatusOK, "editor", "GET", base+"/revisions/4", nil); r.n("restored_from") != 1 {
			t.Fatalf("revision 4: %v", r)
		}
		errorOf(t, e.as("editor", "POST", base+"/restore", map[string]int{"rev": 99, "base_rev": 4}), http.StatusNotFound, "not_found")
		errorOf(t, e.as("revKy", "POST", base+"/restore", map[string]int{"rev": 1, "base_rev": 4}), http.StatusForbidden, "forbidden")
	})

	t.Run("the audit log records every write", func(t *testing.T) {
		a := e.ok(http.StatusOK, "trKy", "GET", "/releases/"+id+"/audit", nil).list("entries")
		var actions []string
		for _, x := range a {
			actions = append(actions, x.s("action"))
		}
		if !slices.Equal(actions, []string{"create", "save", "save", "save", "restore"}) || a[4].s("comment") != "restored revision 1" || a[4].n("rev") != 4 {
			t.Fatalf("audit: %v", a)
		}
	})
}

func TestConflicts(t *testing.T) {
	e := newEnv(t, "")
	id := e.newRelease("Conflicts").s("id")
	base := "/releases/" + id + "/versions/"

	t.Run("a save on a stale base revision gets 409 with the current revision", func(t *testing.T) {
		e.ok(http.StatusOK, "trKy", "PUT", base+"ky", map[string]any{"base_rev": 0, "title": "Биринчи", "lead": "", "body": "А."})
		d := errorOf(t, e.as("trKy", "PUT", base+"ky", map[string]any{"base_rev": 0, "title": "Экинчи", "lead": "", "body": "Б."}), http.StatusConflict, "conflict")
		if d.n("current_rev") != 1 || d["current_rev"] == nil || d.s("current_state") != "draft" {
			t.Fatalf("409 body: %v", d)
		}
		if v := e.version(id, "ky"); v.s("title") != "Биринчи" {
			t.Fatalf("the stale save overwrote: %v", v)
		}
	})
	t.Run("an action that does not apply to the state gets 409", func(t *testing.T) {
		d := errorOf(t, e.as("revKy", "POST", base+"ky/approve", nil), http.StatusConflict, "conflict")
		if d.s("current_state") != "draft" || d.s("message_id") != "ErrActionNotInState" || !strings.Contains(d.s("message"), "Draft") {
			t.Fatalf("409 body: %v", d)
		}
		errorOf(t, e.as("editor", "POST", base+"ru/submit", nil), http.StatusConflict, "conflict")
		errorOf(t, e.as("editor", "POST", base+"en/publish", nil), http.StatusConflict, "conflict")
		errorOf(t, e.as("editor", "POST", base+"en/unpublish", nil), http.StatusConflict, "conflict")
	})
}

func TestUsersTokensAndSessions(t *testing.T) {
	e := newEnv(t, "")

	t.Run("admins list, create and change users", func(t *testing.T) {
		e.user("trKy")
		l := e.ok(http.StatusOK, "admin", "GET", "/users", nil).list("users")
		if len(l) != 2 || l[0].s("email") != "admin@un.example" || l[1].s("email") != "trky@un.example" {
			t.Fatalf("users: %v", l)
		}
		for _, u := range l {
			if _, leak := u["password_hash"]; leak {
				t.Fatalf("password hash shown: %v", u)
			}
		}
		u := e.ok(http.StatusCreated, "admin", "POST", "/users", map[string]any{
			"email": "Aigul@UN.example", "name": "Aigul", "password": "a long enough password", "roles": []string{"translator", "reviewer"}, "langs": []string{"ky"},
		})
		if u.s("email") != "aigul@un.example" || u.s("id") == "" || u["disabled"] != false {
			t.Fatalf("created: %v", u)
		}
		errorOf(t, e.as("admin", "POST", "/users", map[string]any{"email": "aigul@un.example", "name": "A", "password": "a long enough password", "roles": []string{"editor"}}), http.StatusConflict, "conflict")
		errorOf(t, e.as("admin", "POST", "/users", map[string]any{"email": "x@un.example", "name": "A", "password": "short", "roles": []string{"editor"}}), http.StatusBadRequest, "invalid")
		errorOf(t, e.as("admin", "POST", "/users", map[string]any{"email": "x@un.example", "name": "A", "password": "a long enough password", "roles": []string{"boss"}}), http.StatusBadRequest, "invalid")
		errorOf(t, e.as("admin", "POST", "/users", map[string]any{"email": "x@un.example", "name": "A", "password": "a long enough password", "roles": []string{"translator"}}), http.StatusBadRequest, "invalid")

		p := e.ok(http.StatusOK, "admin", "PATCH", "/users/"+u.s("id"), map[string]any{"name": "Aigul A.", "roles": []string{"reviewer"}, "langs": []string{"ky", "ru"}, "ui_lang": "ky", "disabled": true, "password": "another long password"})
		if p.s("name") != "Aigul A." || p["disabled"] != true || p.s("ui_lang") != "ky" || len(p.list("roles")) != 1 || len(p.list("langs")) != 2 {
			t.Fatalf("patched: %v", p)
		}
		errorOf(t, e.as("admin", "PATCH", "/users/"+u.s("id"), map[string]any{"langs": []string{}}), http.StatusBadRequest, "invalid")
		errorOf(t, e.as("admin", "PATCH", "/users/"+u.s("id"), map[string]any{"ui_lang": "fr"}), http.StatusBadRequest, "invalid")
		errorOf(t, e.as("admin", "PATCH", "/users/nobody", map[string]any{"name": "X"}), http.StatusNotFound, "not_found")
		errorOf(t, e.as("admin", "PATCH", "/users/"+e.user("admin").ID, map[string]any{"disabled": true}), http.StatusForbidden, "forbidden")
		errorOf(t, e.as("admin", "PATCH", "/users/"+e.user("admin").ID, map[string]any{"roles": []string{"editor"}}), http.StatusForbidden, "forbidden")
	})

	t.Run("admins create, list and revoke tokens; the secret is shown once", func(t *testing.T) {
		tok := e.ok(http.StatusCreated, "admin", "POST", "/tokens", map[string]any{"name": "import script", "user_id": e.user("editor").ID})
		if !strings.HasPrefix(tok.s("token"), "kt_") || tok.s("user_id") != e.user("editor").ID || tok.s("name") != "import script" {
			t.Fatalf("token: %v", tok)
		}
		asScript := func() *httptest.ResponseRecorder {
			r := request("GET", "/me", nil)
			r.Header.Set("Authorization", "Bearer "+tok.s("token"))
			return e.serve(r)
		}
		if me := decodeObj(t, asScript()); me.s("id") != e.user("editor").ID {
			t.Fatalf("the new token authenticates as the editor: %v", me)
		}
		own := e.ok(http.StatusCreated, "admin", "POST", "/tokens", map[string]any{"name": "mine"})
		if own.s("user_id") != e.user("admin").ID {
			t.Fatalf("token without user_id: %v", own)
		}
		l := e.ok(http.StatusOK, "admin", "GET", "/tokens", nil).list("tokens")
		if !slices.ContainsFunc(l, func(o obj) bool { return o.s("id") == tok.s("id") }) {
			t.Fatalf("tokens: %v", l)
		}
		for _, x := range l {
			if _, leak := x["token"]; leak {
				t.Fatalf("a listed token shows its secret: %v", x)
			}
		}
		if w := e.as("admin", "DELETE", "/tokens/"+tok.s("id"), nil); w.Code != http.StatusNoContent {
			t.Fatalf("delete: %d %s", w.Code, w.Body)
		}
		errorOf(t, asScript(), http.StatusUnauthorized, "unauthorized")
		errorOf(t, e.as("admin", "DELETE", "/tokens/"+tok.s("id"), nil), http.StatusNotFound, "not_found")
		errorOf(t, e.as("admin", "POST", "/tokens", map[string]any{"name": "x", "user_id": "nobody"}), http.StatusNotFound, "not_found")
	})

	t.Run("log in, use the cookie, change my own settings, log out", func(t *testing.T) {
		w := e.serve(request("POST", "/login", map[string]string{"email": "TRKY@un.example", "password": password}))
		if w.Code != http.StatusOK {
			t.Fatalf("login: %d %s", w.Code, w.Body)
		}
		res := decodeObj(t, w)
		if res.s("token") == "" || res.o("user").s("id") != e.user("trKy").ID {
			t.Fatalf("login: %v", res)
		}
		cookies := w.Result().Cookies()
		if len(cookies) != 1 || !cookies[0].HttpOnly || cookies[0].Value != res.s("token") {
			t.Fatalf("cookies: %v", cookies)
		}
		withCookie := func(method, path string, body any) *http.Request {
			r := request(method, path, body)
			r.AddCookie(&http.Cookie{Name: cookies[0].Name, Value: cookies[0].Value})
			return r
		}
		if me := decodeObj(t, e.serve(withCookie("GET", "/me", nil))); me.s("email") != "trky@un.example" {
			t.Fatalf("me: %v", me)
		}
		me := decodeObj(t, e.serve(withCookie("PATCH", "/me", map[string]string{"ui_lang": "ru", "name": "Translator"})))
		if me.s("ui_lang") != "ru" || me.s("name") != "Translator" {
			t.Fatalf("patched me: %v", me)
		}
		errorOf(t, e.serve(withCookie("PATCH", "/me", map[string]string{"password": "a brand new password"})), http.StatusBadRequest, "invalid")
		errorOf(t, e.serve(withCookie("PATCH", "/me", map[string]string{"password": "a brand new password", "current_password": "wrong"})), http.StatusForbidden, "forbidden")
		errorOf(t, e.serve(withCookie("PATCH", "/me", map[string]any{"roles": []string{"admin"}})), http.StatusBadRequest, "invalid")
		// A password change ends every session, and carries the caller on in a new one.
		other := decodeObj(t, e.serve(request("POST", "/login", map[string]string{"email": "trky@un.example", "password": password}))).s("token")
		w = e.serve(withCookie("PATCH", "/me", map[string]string{"password": "a brand new password", "current_password": password}))
		if w.Code != http.StatusOK {
			t.Fatalf("change password: %d %s", w.Code, w.Body)
		}
		fresh := decodeObj(t, w).s("token")
		if nc := w.Result().Cookies(); fresh == "" || len(nc) != 1 || nc[0].Value != fresh {
			t.Fatalf("no new session after the password change: token %q, cookies %v", fresh, nc)
		}
		errorOf(t, e.serve(withCookie("GET", "/me", nil)), http.StatusUnauthorized, "unauthorized")
		bearer := func(sec string) *http.Request {
			r := request("GET", "/me", nil)
			r.Header.Set("Authorization", "Bearer "+sec)
			return r
		}
		errorOf(t, e.serve(bearer(other)), http.StatusUnauthorized, "unauthorized")
		if w := e.serve(bearer(fresh)); w.Code != http.StatusOK {
			t.Fatalf("the new session: %d %s", w.Code, w.Body)
		}
		cookies[0].Value = fresh
		if w := e.serve(withCookie("POST", "/logout", nil)); w.Code != http.StatusNoContent {
			t.Fatalf("logout: %d %s", w.Code, w.Body)
		}
		errorOf(t, e.serve(withCookie("GET", "/me", nil)), http.StatusUnauthorized, "unauthorized")
		errorOf(t, e.serve(request("POST", "/login", map[string]string{"email": "trky@un.example", "password": password})), http.StatusUnauthorized, "unauthorized")
		if w := e.serve(request("POST", "/login", map[string]string{"email": "trky@un.example", "password": "a brand new password"})); w.Code != http.StatusOK {
			t.Fatalf("login with the new password: %d %s", w.Code, w.Body)
		}
	})
}

func TestLoginIsThrottled(t *testing.T) {
	e := newEnv(t, "", withLoginLimit)
	e.user("editor")
	var last int
	for range 8 {
		w := e.serve(request("POST", "/login", map[string]string{"email": "editor@un.example", "password": "wrong password"}))
		last = w.Code
		if w.Code == http.StatusTooManyRequests {
			errorOf(t, w, http.StatusTooManyRequests, "too_many")
			if w.Header().Get("Retry-After") == "" {
				t.Fatal("429 without Retry-After")
			}
			return
		}
		errorOf(t, w, http.StatusUnauthorized, "unauthorized")
	}
	t.Fatalf("8 wrong logins in a row were never throttled (last status %d)", last)
}

func TestTimesAreRFC3339UTC(t *testing.T) {
	e := newEnv(t, "")
	r := e.newRelease("Times")
	for _, k := range []string{"created_at", "updated_at"} {
		ts, err := time.Parse(time.RFC3339, r.s(k))
		if err != nil || ts.Location() != time.UTC || !strings.HasSuffix(r.s(k), "Z") {
			t.Errorf("%s = %q (%v)", k, r.s(k), err)
		}
	}
}
