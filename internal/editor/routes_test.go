package editor

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/kotormo/kotormo/internal/newsroom"
)

// TestRoutesByRole walks every route of the interface as each kind of
// person and checks who gets the page (200, or a handled answer for a post),
// who is refused (403) and that anonymous visitors are sent to log in.
func TestRoutesByRole(t *testing.T) {
	e := newEnv(t)
	rel := e.release("solar", enTitle, enLead, enBody)
	e.save("trky", rel.ID, "ky", 0, kyText)
	e.transition("trky", rel.ID, "ky", newsroom.ActionSubmit, "")
	R := releaseHref(rel.ID)
	someone := e.users["trru"].ID

	roles := []string{"", "admin", "editor", "trky", "rvky", "trru"}
	everyone := []string{"admin", "editor", "trky", "rvky", "trru"}

	// Who may read which language: newsroom.CanRead. Admins and editors read
	// everything; translators and reviewers the source and their languages.
	readEn := []string{"admin", "editor", "trky", "rvky", "trru"}
	readKy := []string{"admin", "editor", "trky", "rvky"}
	readRu := []string{"admin", "editor", "trru"}
	gets := []struct {
		path    string
		allowed []string
	}{
		{"/app/", everyone},
		{"/app/prefs", everyone},
		{"/app/releases/new", []string{"editor"}},
		{R, readEn},
		{R + "/en/edit", []string{"editor"}},
		{R + "/ky/edit", []string{"editor", "trky"}},
		{R + "/ru/edit", []string{"editor", "trru"}},
		{R + "/en/review", readEn},
		{R + "/ky/review", readKy},
		{R + "/ru/review", readRu},
		{R + "/en/history", readEn},
		{R + "/ky/history", readKy},
		{R + "/ru/history", readRu},
		{R + "/ky/text", readKy},
		{R + "/ru/text", readRu},
		{"/app/admin/users", []string{"admin"}},
		{"/app/admin/users/" + someone, []string{"admin"}},
		{"/app/admin/tokens", []string{"admin"}},
		{"/app/admin/webhooks", []string{"admin"}},
	}
	for _, g := range gets {
		for _, who := range roles {
			name := who
			if name == "" {
				name = "anonymous"
			}
			t.Run("GET "+g.path+" as "+name, func(t *testing.T) {
				r := e.get(g.path, who)
				switch {
				case who == "":
					if r.Code != http.StatusSeeOther || !strings.HasPrefix(r.location(), "/app/login") {
						t.Errorf("status %d Location %q, want a redirect to the login page", r.Code, r.location())
					}
				case slices.Contains(g.allowed, who):
					expect(t, r, http.StatusOK)
				default:
					expect(t, r, http.StatusForbidden)
				}
			})
		}
	}

	// Posts are sent with input the handler refuses or that changes little;
	// an allowed post must be handled (2xx, 303, 400 or 409), never refused
	// for the role or failing.
	stale := url.Values{"base_rev": {"99"}, "title": {"x"}, "op": {"save"}}
	posts := []struct {
		path    string
		form    url.Values
		allowed []string
	}{
		{"/app/prefs", url.Values{"ui_lang": {""}}, everyone},
		{"/app/releases", url.Values{"date": {"bad"}}, []string{"editor"}},
		{R, url.Values{"date": {"bad"}}, []string{"editor"}},
		{R + "/publish-all", url.Values{}, []string{"editor"}},
		{R + "/en", stale, []string{"editor"}},
		{R + "/ky", stale, []string{"editor", "trky"}},
		{R + "/ru", stale, []string{"editor", "trru"}},
		{R + "/ky/request-changes", url.Values{"comment": {""}}, []string{"rvky"}},
		{R + "/ky/approve", url.Values{}, []string{"rvky"}},
		{R + "/ru/approve", url.Values{}, nil},
		{R + "/ky/submit", url.Values{}, []string{"editor", "trky"}},
		{R + "/ru/submit", url.Values{}, []string{"editor", "trru"}},
		{R + "/ky/publish", url.Values{}, []string{"editor"}},
		{R + "/ky/unpublish", url.Values{}, []string{"editor"}},
		{R + "/ky/mark-not-substantive", url.Values{"reason": {""}}, []string{"editor", "trky"}},
		{R + "/en/mark-not-substantive", url.Values{"reason": {""}}, []string{"editor"}},
		{R + "/ky/restore", url.Values{"rev": {"1"}, "base_rev": {"99"}}, []string{"editor", "trky"}},
		{"/app/admin/users", url.Values{"email": {"bad"}}, []string{"admin"}},
		{"/app/admin/users/" + someone, url.Values{"name": {""}}, []string{"admin"}},
		{"/app/admin/tokens", url.Values{"name": {""}}, []string{"admin"}},
		{"/app/admin/tokens/nope/revoke", url.Values{}, []string{"admin"}},
		{"/app/admin/webhooks", url.Values{"url": {"bad"}}, []string{"admin"}},
		{"/app/admin/webhooks/nope/delete", url.Values{}, []string{"admin"}},
	}
	for _, p := range posts {
		for _, who := range roles {
			name := who
			if name == "" {
				name = "anonymous"
			}
			t.Run("POST "+p.path+" as "+name, func(t *testing.T) {
				r := e.post(p.path, who, p.form)
				switch {
				case who == "":
					if r.Code != http.StatusSeeOther || r.location() != "/app/login" {
						t.Errorf("status %d Location %q, want a redirect to the login page", r.Code, r.location())
					}
				case slices.Contains(p.allowed, who):
					if r.Code == http.StatusForbidden || r.Code >= 500 || (r.Code == http.StatusSeeOther && strings.HasPrefix(r.location(), "/app/login")) {
						t.Errorf("status %d: %s", r.Code, pageError(r.body))
					}
				default:
					expect(t, r, http.StatusForbidden)
				}
			})
		}
	}
}
