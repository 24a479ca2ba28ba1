package api_test

import (
	"net/http"
	"strings"
	"testing"
)

func TestBadInputGetsAClear4xxAndWritesNothing(t *testing.T) {
	e := newEnv(t, "")
	r := e.newRelease("Bad input")
	id := r.s("id")
	rel, ver := "/releases/"+id, "/releases/"+id+"/versions/"
	// Give ky a revision and a state to act on.
	e.ok(http.StatusOK, "trKy", "PUT", ver+"ky", map[string]any{"base_rev": 0, "title": "Кыргызча", "lead": "", "body": "Текст."})

	snapshot := func() (string, int) {
		w := e.as("editor", "GET", rel, nil)
		if w.Code != http.StatusOK {
			t.Fatalf("read release: %d %s", w.Code, w.Body)
		}
		return w.Body.String(), e.auditLen(id)
	}
	before, auditBefore := snapshot()

	huge := `{"base_rev":1,"title":"x","lead":"","body":"` + strings.Repeat("a", 1<<20+10) + `"}`
	tests := []struct {
		name         string
		user, method string
		path         string
		body         any
		status       int
		code         string
		msgHas       string
	}{
		{"malformed JSON", "trKy", "PUT", ver + "ky", `{"base_rev": 1, "title": `, 400, "invalid", "Malformed JSON"},
		{"malformed JSON with a bad token", "trKy", "PUT", ver + "ky", `{"base_rev": 1, title: "x"}`, 400, "invalid", "Malformed JSON"},
		{"a string where a number belongs", "trKy", "PUT", ver + "ky", `{"base_rev": "1", "title": "x", "lead": "", "body": ""}`, 400, "invalid", `"base_rev" must be an integer`},
		{"a fraction where an integer belongs", "trKy", "PUT", ver + "ky", `{"base_rev": 1.5, "title": "x", "lead": "", "body": ""}`, 400, "invalid", "base_rev"},
		{"a number where a string belongs", "trKy", "PUT", ver + "ky", `{"base_rev": 1, "title": 7, "lead": "", "body": ""}`, 400, "invalid", `"title" must be a string`},
		{"an object where a string belongs", "trKy", "POST", ver + "ky/submit", `{"comment": {"a": 1}}`, 400, "invalid", "comment"},
		{"an unknown field", "trKy", "PUT", ver + "ky", `{"base_rev": 1, "title": "x", "lead": "", "body": "", "extra": true}`, 400, "invalid", `"extra"`},
		{"an unknown field on an action", "trKy", "POST", ver + "ky/submit", `{"coment": "typo"}`, 400, "invalid", `"coment"`},
		{"invalid UTF-8", "trKy", "PUT", ver + "ky", []byte("{\"base_rev\": 1, \"title\": \"\xff\xfe\", \"lead\": \"\", \"body\": \"\"}"), 400, "invalid", "UTF-8"},
		{"invalid UTF-8 in a comment", "revKy", "POST", ver + "ky/request-changes", []byte("{\"comment\": \"bad \xff\"}"), 400, "invalid", "UTF-8"},
		{"trailing garbage", "trKy", "PUT", ver + "ky", `{"base_rev": 1, "title": "x", "lead": "", "body": ""} trailing`, 400, "invalid", "after the JSON object"},
		{"a second object", "trKy", "PUT", ver + "ky", `{"base_rev": 1, "title": "x", "lead": "", "body": ""}{}`, 400, "invalid", "after the JSON object"},
		{"an empty body where one is required", "trKy", "PUT", ver + "ky", "", 400, "invalid", "required"},
		{"an empty body to create a release", "editor", "POST", "/releases", " \n", 400, "invalid", "required"},
		{"an empty body to change a release", "editor", "PATCH", rel, "", 400, "invalid", "required"},
		{"an array instead of an object", "trKy", "PUT", ver + "ky", `[1, 2]`, 400, "invalid", "JSON object"},
		{"null instead of an object", "trKy", "PUT", ver + "ky", `null`, 400, "invalid", "JSON object"},
		{"a missing required field", "trKy", "PUT", ver + "ky", `{"base_rev": 1, "title": "x", "body": ""}`, 400, "invalid", `"lead" is required`},
		{"a missing base revision", "trKy", "PUT", ver + "ky", `{"title": "x", "lead": "", "body": ""}`, 400, "invalid", `"base_rev" is required`},
		{"null for a required field", "trKy", "PUT", ver + "ky", `{"base_rev": 1, "title": null, "lead": "", "body": ""}`, 400, "invalid", `"title" is required`},
		{"a negative base revision", "trKy", "PUT", ver + "ky", `{"base_rev": -1, "title": "x", "lead": "", "body": ""}`, 400, "invalid", "negative"},
		{"an empty title", "trKy", "PUT", ver + "ky", `{"base_rev": 1, "title": "  ", "lead": "", "body": "x"}`, 400, "invalid", "title"},
		{"a title that is too long", "trKy", "PUT", ver + "ky", map[string]any{"base_rev": 1, "title": strings.Repeat("я", 501), "lead": "", "body": ""}, 400, "invalid", "longer"},
		{"a NUL character", "trKy", "PUT", ver + "ky", `{"base_rev": 1, "title": "x", "lead": "", "body": "a\u0000b"}`, 400, "invalid", "NUL"},
		{"a body over 1 MiB", "trKy", "PUT", ver + "ky", huge, 413, "too_large", "larger"},
		{"an unknown language", "trKy", "PUT", ver + "xx", `{"base_rev": 0, "title": "x", "lead": "", "body": ""}`, 404, "not_found", "xx"},
		{"an unknown language on an action", "trKy", "POST", ver + "de/submit", nil, 404, "not_found", "de"},
		{"an unknown language in the history", "trKy", "GET", ver + "de/revisions", nil, 404, "not_found", "de"},
		{"an unknown release", "trKy", "PUT", "/releases/no-such/versions/ky", `{"base_rev": 0, "title": "x", "lead": "", "body": ""}`, 404, "not_found", "no-such"},
		{"an unknown release to publish", "editor", "POST", "/releases/no-such/publish", nil, 404, "not_found", ""},
		{"an unknown release's audit", "editor", "GET", "/releases/no-such/audit", nil, 404, "not_found", ""},
		{"an unknown action", "trKy", "POST", ver + "ky/frobnicate", nil, 400, "invalid", "frobnicate"},
		{"save is not an action", "trKy", "POST", ver + "ky/save", nil, 400, "invalid", "save"},
		{"a bad date on create", "editor", "POST", "/releases", `{"date": "14 October 2016", "title": "x", "body": ""}`, 400, "invalid", "date"},
		{"an impossible date on create", "editor", "POST", "/releases", `{"date": "2016-02-30", "title": "x", "body": ""}`, 400, "invalid", "date"},
		{"a bad date on change", "editor", "PATCH", rel, `{"date": "2016-13-01"}`, 400, "invalid", "date"},
		{"a bad embargo", "editor", "PATCH", rel, `{"embargo_until": "tomorrow"}`, 400, "invalid", "embargo_until"},
		{"an embargo of the wrong type", "editor", "PATCH", rel, `{"embargo_until": 5}`, 400, "invalid", "embargo_until"},
		{"an unknown language in the places", "editor", "PATCH", rel, `{"places": {"fr": "Paris"}}`, 400, "invalid", "fr"},
		{"a bad slug", "editor", "PATCH", rel, `{"slug": "Not A Slug!"}`, 400, "invalid", "web address"},
		{"an empty slug", "editor", "PATCH", rel, `{"slug": " "}`, 400, "invalid", "web address"},
		{"place and places together", "editor", "POST", "/releases", `{"date": "2016-10-14", "title": "x", "body": "", "place": "Osh", "places": {"ky": "Ош"}}`, 400, "invalid", "place"},
		{"an unknown source language", "editor", "POST", "/releases", `{"date": "2016-10-14", "title": "x", "body": "", "source_lang": "fr"}`, 400, "invalid", "fr"},
		{"a bad revision number", "trKy", "GET", ver + "ky/revisions/abc", nil, 400, "invalid", "abc"},
		{"a negative revision number", "trKy", "GET", ver + "ky/revisions/-1", nil, 400, "invalid", "-1"},
		{"a revision number with a sign", "trKy", "GET", ver + "ky/revisions/+1", nil, 400, "invalid", "+1"},
		{"a huge revision number", "trKy", "GET", ver + "ky/revisions/99999999999999999999", nil, 400, "invalid", ""},
		{"a bad diff bound", "trKy", "GET", ver + "ky/diff?from=x&to=1", nil, 400, "invalid", "from"},
		{"a bad diff end", "trKy", "GET", ver + "ky/diff?to=1.5", nil, 400, "invalid", "to"},
		{"a missing revision in a diff", "trKy", "GET", ver + "ky/diff?from=1&to=5", nil, 404, "not_found", ""},
		{"a bad revision to restore", "trKy", "POST", ver + "ky/restore", `{"rev": "one", "base_rev": 1}`, 400, "invalid", "rev"},
		{"restore without a base revision", "trKy", "POST", ver + "ky/restore", `{"rev": 1}`, 400, "invalid", "base_rev"},
		{"restore of a revision that does not exist", "trKy", "POST", ver + "ky/restore", `{"rev": 7, "base_rev": 1}`, 404, "not_found", ""},
		{"content must be 0 or 1", "trKy", "GET", ver + "ky/revisions?content=yes", nil, 400, "invalid", "content"},
		{"a bad page", "trKy", "GET", "/releases?page=0", nil, 400, "invalid", "page"},
		{"a non-numeric per_page", "trKy", "GET", "/releases?per_page=ten", nil, 400, "invalid", "per_page"},
		{"an unknown state filter", "trKy", "GET", "/releases?state=lost", nil, 400, "invalid", "lost"},
		{"an unknown language filter", "trKy", "GET", "/releases?lang=fr", nil, 400, "invalid", "fr"},
		{"a bad outdated filter", "trKy", "GET", "/releases?outdated=maybe", nil, 400, "invalid", "outdated"},
		{"request changes without a comment", "revKy", "POST", ver + "ky/request-changes", `{}`, 400, "invalid", "comment"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w := e.as(tc.user, tc.method, tc.path, tc.body)
			d := errorOf(t, w, tc.status, tc.code)
			if !strings.Contains(d.s("message"), tc.msgHas) {
				t.Errorf("message %q does not mention %q", d.s("message"), tc.msgHas)
			}
			after, auditAfter := snapshot()
			if after != before || auditAfter != auditBefore {
				t.Fatalf("the release changed:\nbefore %s (audit %d)\nafter  %s (audit %d)", before, auditBefore, after, auditAfter)
			}
		})
	}
}
