package server_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/kotormo/kotormo/internal/auth"
	"github.com/kotormo/kotormo/internal/mongodb"
	"github.com/kotormo/kotormo/internal/mongodb/mongotest"
	"github.com/kotormo/kotormo/internal/newsroom"
	"github.com/kotormo/kotormo/internal/server"
)

// assembled serves the whole server over a fresh database.
func assembled(t *testing.T) (*mongodb.Store, *httptest.Server) {
	t.Helper()
	st := mongotest.Store(t, "")
	srv, err := server.New(context.Background(), server.Config{
		Langs: st.Langs(), Store: st, BaseURL: "http://example.test",
		Ping: func(context.Context) error { return nil }, Logger: slog.New(slog.DiscardHandler),
	})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return st, ts
}

// TestBothSurfacesAllowAndDenyTheSame walks one table of capabilities, each
// as an API request and as the web editor's page or form, for every kind of
// person, and checks that the two surfaces agree: a person has the same
// rights in the editor and in the API (issue 7, failure 6).
func TestBothSurfacesAllowAndDenyTheSame(t *testing.T) {
	st, ts := assembled(t)
	ctx := context.Background()

	type person struct{ cookie, token string }
	people := map[string]person{"anonymous": {}}
	mk := func(key string, roles []newsroom.Role, langs ...string) *newsroom.User {
		u, err := st.CreateUser(ctx, newsroom.NewUser{Email: key + "@example.test", Name: key, Password: "a long enough password", Roles: roles, Langs: langs})
		if err != nil {
			t.Fatal(err)
		}
		sess, err := st.CreateSession(ctx, u.ID, time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		tok, _, err := st.CreateToken(ctx, u.ID, "surfaces")
		if err != nil {
			t.Fatal(err)
		}
		people[key] = person{sess, tok}
		return u
	}
	editor := mk("editor", []newsroom.Role{newsroom.RoleEditor})
	mk("admin", []newsroom.Role{newsroom.RoleAdmin})
	mk("trKy", []newsroom.Role{newsroom.RoleTranslator}, "ky")
	mk("revKy", []newsroom.Role{newsroom.RoleReviewer}, "ky")
	gone := mk("disabled", []newsroom.Role{newsroom.RoleEditor})
	if _, err := st.UpdateUser(ctx, gone.ID, newsroom.UserUpdate{Disabled: new(true)}); err != nil {
		t.Fatal(err)
	}
	revoked := mk("revoked", []newsroom.Role{newsroom.RoleEditor})
	toks, _ := st.ListTokens(ctx)
	for _, tk := range toks {
		if tk.UserID == revoked.ID {
			_ = st.DeleteToken(ctx, tk.ID)
		}
	}
	people["revoked"] = person{token: people["revoked"].token} // a revoked token and no session

	r, err := st.CreateRelease(ctx, editor, newsroom.NewRelease{SourceLang: "en", Date: time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC),
		Content: newsroom.Content{Title: "Surfaces", Body: "Text."}})
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range []string{"ru", "ky"} {
		if _, err := st.Save(ctx, editor, r.ID, l, newsroom.Change{BaseRev: 0, Content: newsroom.Content{Title: "T " + l, Body: "Текст."}}); err != nil {
			t.Fatal(err)
		}
	}
	api := "/api/v1/releases/" + r.ID
	app := "/app/releases/" + r.ID
	stale := url.Values{"base_rev": {"99"}, "title": {"x"}, "op": {"save"}}

	// Each row: what the person asks for, through the API and through the editor.
	// Requests are built so that an allowed one is handled without changing
	// anything that matters (a bad date, a stale revision, a state that
	// does not allow the action).
	rows := []struct {
		what              string
		apiMethod, apiURL string
		apiBody           string
		appMethod, appURL string
		appForm           url.Values
	}{
		{"read the Russian history", "GET", api + "/versions/ru/revisions?content=1", "", "GET", app + "/ru/history", nil},
		{"read the Kyrgyz history", "GET", api + "/versions/ky/revisions?content=1", "", "GET", app + "/ky/history", nil},
		{"read the source history", "GET", api + "/versions/en/revisions?content=1", "", "GET", app + "/en/history", nil},
		{"read the Russian working copy", "GET", api + "/versions/ru/revisions/1", "", "GET", app + "/ru/text", nil},
		{"save Kyrgyz", "PUT", api + "/versions/ky", `{"base_rev":99,"title":"x","lead":"","body":"y"}`, "POST", app + "/ky", stale},
		{"save Russian", "PUT", api + "/versions/ru", `{"base_rev":99,"title":"x","lead":"","body":"y"}`, "POST", app + "/ru", stale},
		{"approve Kyrgyz", "POST", api + "/versions/ky/approve", `{}`, "POST", app + "/ky/approve", url.Values{}},
		{"publish the source", "POST", api + "/versions/en/publish", `{}`, "POST", app + "/en/publish", url.Values{}},
		{"change the dateline", "PATCH", api, `{"date":"not a date"}`, "POST", app, url.Values{"date": {"bad"}}},
		{"create a release", "POST", "/api/v1/releases", `{"date":"bad","title":"x","body":"y"}`, "POST", "/app/releases", url.Values{"date": {"bad"}}},
		{"list users", "GET", "/api/v1/users", "", "GET", "/app/admin/users", nil},
		{"list tokens", "GET", "/api/v1/tokens", "", "GET", "/app/admin/tokens", nil},
	}
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	do := func(req *http.Request) (int, string) {
		resp, err := noRedirect.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, resp.Header.Get("Location") + " " + string(b[:min(len(b), 200)])
	}
	allowedAPI := func(status int) bool { return status != http.StatusUnauthorized && status != http.StatusForbidden }
	allowedApp := func(status int, loc string) bool {
		return status != http.StatusForbidden && !(status == http.StatusSeeOther && strings.HasPrefix(loc, "/app/login"))
	}
	for _, row := range rows {
		for _, who := range []string{"anonymous", "trKy", "revKy", "editor", "admin", "disabled", "revoked"} {
			p := people[who]
			t.Run(fmt.Sprintf("%s may %s in both or in neither", who, row.what), func(t *testing.T) {
				var body io.Reader
				if row.apiBody != "" {
					body = strings.NewReader(row.apiBody)
				}
				req, _ := http.NewRequest(row.apiMethod, ts.URL+row.apiURL, body)
				req.Header.Set("Content-Type", "application/json")
				if p.token != "" {
					req.Header.Set("Authorization", "Bearer "+p.token)
				}
				apiStatus, apiText := do(req)
				var form io.Reader
				if row.appForm != nil {
					form = strings.NewReader(row.appForm.Encode())
				}
				req, _ = http.NewRequest(row.appMethod, ts.URL+row.appURL, form)
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				if p.cookie != "" {
					req.AddCookie(&http.Cookie{Name: auth.CookieName, Value: p.cookie})
				}
				appStatus, appText := do(req)
				if apiStatus >= 500 || appStatus >= 500 {
					t.Fatalf("API %d %s; editor %d %s", apiStatus, apiText, appStatus, appText)
				}
				loc, _, _ := strings.Cut(appText, " ")
				if a, e := allowedAPI(apiStatus), allowedApp(appStatus, loc); a != e {
					t.Fatalf("the API says %d (allowed %v), the editor %d (allowed %v)\nAPI: %s\neditor: %s", apiStatus, a, appStatus, e, apiText, appText)
				}
			})
		}
	}
}

// TestEditorActionsCountInTheTransitionMetric: an approval made in the web
// editor reaches the same metric as one made through the API (failure 9).
func TestEditorActionsCountInTheTransitionMetric(t *testing.T) {
	st, ts := assembled(t)
	ctx := context.Background()
	ed, _ := st.CreateUser(ctx, newsroom.NewUser{Email: "e@example.test", Name: "E", Password: "a long enough password", Roles: []newsroom.Role{newsroom.RoleEditor}})
	rv, _ := st.CreateUser(ctx, newsroom.NewUser{Email: "r@example.test", Name: "R", Password: "a long enough password", Roles: []newsroom.Role{newsroom.RoleReviewer}, Langs: []string{"en"}})
	r, err := st.CreateRelease(ctx, ed, newsroom.NewRelease{SourceLang: "en", Date: time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC), Content: newsroom.Content{Title: "Metric", Body: "Text."}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.Transition(ctx, ed, r.ID, "en", newsroom.Change{Action: newsroom.ActionSubmit}); err != nil {
		t.Fatal(err)
	}
	sess, _ := st.CreateSession(ctx, rv.ID, time.Hour)
	req, _ := http.NewRequest("POST", ts.URL+"/app/releases/"+r.ID+"/en/approve", strings.NewReader(""))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.AddCookie(&http.Cookie{Name: auth.CookieName, Value: sess})
	resp, err := (&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("approve in the editor: %d", resp.StatusCode)
	}
	resp, err = http.Get(ts.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	for _, want := range []string{
		`kotormo_workflow_transitions_total{action="approve",lang="en",to="approved"} 1`,
		`kotormo_workflow_transitions_total{action="submit",lang="en",to="in_review"} 1`,
	} {
		if !strings.Contains(string(b), want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
}
