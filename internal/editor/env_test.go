package editor

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gin-gonic/gin"
	"golang.org/x/time/rate"

	"github.com/kotormo/kotormo/internal/auth"
	"github.com/kotormo/kotormo/internal/i18n"
	"github.com/kotormo/kotormo/internal/mongodb"
	"github.com/kotormo/kotormo/internal/mongodb/mongotest"
	"github.com/kotormo/kotormo/internal/newsroom"
	"github.com/kotormo/kotormo/locales"
)

func init() { gin.SetMode(gin.TestMode) }

// The people of the tests. "both" translates and reviews Kyrgyz, to test
// four-eyes; "rv2" is a second Kyrgyz reviewer.
var people = []struct {
	key   string
	name  string
	roles []newsroom.Role
	langs []string
}{
	{"admin", "Aida Admin", []newsroom.Role{newsroom.RoleAdmin}, nil},
	{"editor", "Elena Editor", []newsroom.Role{newsroom.RoleEditor}, nil},
	{"trky", "Tilek Translator", []newsroom.Role{newsroom.RoleTranslator}, []string{"ky"}},
	{"rvky", "Roza Reviewer", []newsroom.Role{newsroom.RoleReviewer}, []string{"ky"}},
	{"trru", "Rustam Translator", []newsroom.Role{newsroom.RoleTranslator}, []string{"ru"}},
	{"both", "Bakyt Both", []newsroom.Role{newsroom.RoleTranslator, newsroom.RoleReviewer}, []string{"ky"}},
	{"rven", "Emma Reviewer", []newsroom.Role{newsroom.RoleReviewer}, []string{"en"}},
}

const testPassword = "correct horse battery"

// env is an editor mounted on a real gin engine over a fresh embedded database.
type env struct {
	t        *testing.T
	store    *mongodb.Store
	engine   *gin.Engine
	ed       *Editor
	users    map[string]*newsroom.User
	sessions map[string]string
	now      time.Time
}

func newEnv(t *testing.T) *env {
	t.Helper()
	store := mongotest.Store(t, "en,ru,ky")
	e := &env{t: t, store: store, users: map[string]*newsroom.User{}, sessions: map[string]string{},
		now: time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)}
	ctx := context.Background()
	for _, p := range people {
		u, err := store.CreateUser(ctx, newsroom.NewUser{
			Email: p.key + "@kotormo.test", Name: p.name, Password: testPassword, Roles: p.roles, Langs: p.langs,
		})
		if err != nil {
			t.Fatalf("create %s: %v", p.key, err)
		}
		e.users[p.key] = u
		sec, err := store.CreateSession(ctx, u.ID, time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		e.sessions[p.key] = sec
	}
	cat, err := i18n.New(locales.FS, store.Langs().Codes())
	if err != nil {
		t.Fatal(err)
	}
	au := auth.New(auth.Config{Users: store, LoginRate: rate.Inf, LoginBurst: 1})
	ed, err := New(Config{
		Releases: store, Users: store, Auth: au, Langs: store.Langs(), Catalog: cat, Glossary: store, Memory: store, Webhooks: store, Glossaries: store,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Now: func() time.Time { return e.now },
	})
	if err != nil {
		t.Fatal(err)
	}
	r := gin.New()
	ed.Register(r)
	e.engine, e.ed = r, ed
	return e
}

// response is a finished request.
type response struct {
	*httptest.ResponseRecorder
	body string
}

func (r response) location() string { return r.Header().Get("Location") }

// do sends a request as who ("" for anonymous). A form makes it a POST.
func (e *env) do(method, path, who string, form url.Values, hdr ...string) response {
	e.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req := httptest.NewRequest(method, path, body)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if who != "" {
		sec, ok := e.sessions[who]
		if !ok {
			e.t.Fatalf("no session for %q", who)
		}
		req.AddCookie(&http.Cookie{Name: auth.CookieName, Value: sec})
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	w := httptest.NewRecorder()
	e.engine.ServeHTTP(w, req)
	return response{w, w.Body.String()}
}

func (e *env) get(path, who string, hdr ...string) response {
	e.t.Helper()
	return e.do(http.MethodGet, path, who, nil, hdr...)
}

func (e *env) post(path, who string, form url.Values, hdr ...string) response {
	e.t.Helper()
	if form == nil {
		form = url.Values{}
	}
	return e.do(http.MethodPost, path, who, form, hdr...)
}

// release creates a release written in English by the editor.
func (e *env) release(slug, title, lead, body string) *newsroom.Release {
	e.t.Helper()
	r, err := e.store.CreateRelease(context.Background(), e.users["editor"], newsroom.NewRelease{
		Slug: slug, SourceLang: "en", Date: time.Date(2026, 10, 14, 0, 0, 0, 0, time.UTC),
		Places:  map[string]string{"en": "Bishkek", "ru": "Бишкек", "ky": "Бишкек"},
		Content: newsroom.Content{Title: title, Lead: lead, Body: body},
	})
	if err != nil {
		e.t.Fatal(err)
	}
	return r
}

func (e *env) save(who, id, lang string, base int, c newsroom.Content) *newsroom.Version {
	e.t.Helper()
	v, err := e.store.Save(context.Background(), e.users[who], id, lang, newsroom.Change{BaseRev: base, Content: c})
	if err != nil {
		e.t.Fatalf("save %s %s: %v", id, lang, err)
	}
	return v
}

func (e *env) transition(who, id, lang string, a newsroom.Action, comment string) *newsroom.Version {
	e.t.Helper()
	// The fixtures' translations are sketches the quality checks find
	// errors in; the helper approves them with a reason, as a reviewer could.
	v, err := e.store.Transition(context.Background(), e.users[who], id, lang, newsroom.Change{Action: a, Comment: comment, Override: "Test fixture text."})
	if err != nil {
		e.t.Fatalf("%s %s %s: %v", a, id, lang, err)
	}
	return v
}

func (e *env) version(id, lang string) *newsroom.Version {
	e.t.Helper()
	r, err := e.store.Release(context.Background(), id)
	if err != nil {
		e.t.Fatal(err)
	}
	return r.Versions[lang]
}

func (e *env) text(id, lang string) newsroom.Content {
	e.t.Helper()
	v := e.version(id, lang)
	rev, err := e.store.Revision(context.Background(), id, lang, v.Rev)
	if err != nil {
		e.t.Fatal(err)
	}
	return rev.Content
}

// expect checks the status of a response, showing the page's error on failure.
func expect(t *testing.T, r response, status int) {
	t.Helper()
	if r.Code != status {
		t.Fatalf("status %d, want %d; location %q; error %q", r.Code, status, r.location(), pageError(r.body))
	}
}

var alertRE = regexp.MustCompile(`(?s)<div class="alert" role="alert" id="page-error">(.*?)</div>`)

// pageError returns the error shown on a page, if any.
func pageError(html string) string {
	if m := alertRE.FindStringSubmatch(html); m != nil {
		return m[1]
	}
	if len(html) > 300 {
		return html[:300]
	}
	return html
}

func contains(t *testing.T, body string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(body, w) {
			t.Errorf("page does not contain %q", w)
		}
	}
}

func lacks(t *testing.T, body string, unwanted ...string) {
	t.Helper()
	for _, w := range unwanted {
		if strings.Contains(body, w) {
			t.Errorf("page contains %q", w)
		}
	}
}

const (
	enTitle = "Solar pumps bring water to Naryn"
	enLead  = "Over 20 villages now have clean water."
	enBody  = "The office installed pumps in 1995.\n\n\"Water is life,\" said the mayor.\n\nAbout the office: it works in Kyrgyzstan."
)

// raw sends a request with a body of its own.
func (e *env) raw(method, path, who string, body io.Reader, hdr ...string) response {
	e.t.Helper()
	req := httptest.NewRequest(method, path, body)
	if who != "" {
		req.AddCookie(&http.Cookie{Name: auth.CookieName, Value: e.sessions[who]})
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	w := httptest.NewRecorder()
	e.engine.ServeHTTP(w, req)
	return response{w, w.Body.String()}
}

// follow requests the page a redirect leads to, with the cookies the
// redirect set (the flash message), as a browser would.
func (e *env) follow(r response, who string) response {
	e.t.Helper()
	if r.Code != http.StatusSeeOther && r.Code != http.StatusFound {
		e.t.Fatalf("not a redirect: %d %s", r.Code, pageError(r.body))
	}
	req := httptest.NewRequest(http.MethodGet, r.location(), nil)
	if who != "" {
		req.AddCookie(&http.Cookie{Name: auth.CookieName, Value: e.sessions[who]})
	}
	for _, c := range r.Result().Cookies() {
		if c.Name != auth.CookieName && c.MaxAge >= 0 {
			req.AddCookie(&http.Cookie{Name: c.Name, Value: c.Value})
		}
	}
	w := httptest.NewRecorder()
	e.engine.ServeHTTP(w, req)
	return response{w, w.Body.String()}
}
