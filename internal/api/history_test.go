package api_test

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"
)

func TestHistoryCanBeReadByPages(t *testing.T) {
	e := newEnv(t, "")
	id := e.newRelease("Paged").s("id")
	base := "/releases/" + id + "/versions/en"
	for rev := 1; rev <= 12; rev++ {
		e.ok(http.StatusOK, "editor", "PUT", base, map[string]any{"base_rev": rev, "title": fmt.Sprintf("Paged %d", rev), "lead": "The lead.", "body": "Body."})
	}

	t.Run("revisions come in pages that continue before the last one shown", func(t *testing.T) {
		var revs []int
		path := base + "/revisions?limit=5"
		for range 10 {
			r := e.ok(http.StatusOK, "trKy", "GET", path, nil)
			for _, rv := range r.list("revisions") {
				revs = append(revs, rv.n("rev"))
			}
			next := r.n("next_before")
			if next == 0 {
				break
			}
			path = fmt.Sprintf("%s/revisions?limit=5&before=%d", base, next)
		}
		if fmt.Sprint(revs) != "[13 12 11 10 9 8 7 6 5 4 3 2 1]" {
			t.Fatalf("revisions by pages: %v", revs)
		}
	})

	t.Run("the audit comes in pages, newest first, that add up to the whole log", func(t *testing.T) {
		whole := e.ok(http.StatusOK, "editor", "GET", "/releases/"+id+"/audit", nil).list("entries")
		var got []string
		cursor := ""
		for range 20 {
			r := e.ok(http.StatusOK, "editor", "GET", "/releases/"+id+"/audit?limit=4&cursor="+url.QueryEscape(cursor), nil)
			for _, a := range r.list("entries") {
				got = append(got, fmt.Sprintf("%s/%d", a.s("lang"), a.n("seq")))
			}
			if cursor = r.s("next_cursor"); cursor == "" {
				break
			}
		}
		if len(got) != len(whole) {
			t.Fatalf("pages hold %d entries, the log %d", len(got), len(whole))
		}
		for i, a := range whole {
			if w := fmt.Sprintf("%s/%d", a.s("lang"), a.n("seq")); got[len(got)-1-i] != w {
				t.Fatalf("entry %d: %s, want %s", i, got[len(got)-1-i], w)
			}
		}
		one := e.ok(http.StatusOK, "editor", "GET", "/releases/"+id+"/audit?limit=50&stream=_", nil).list("entries")
		if len(one) != 1 || one[0].s("action") != "create" {
			t.Fatalf("the release's own entries: %v", one)
		}
	})

	t.Run("bad paging parameters are a 400", func(t *testing.T) {
		for _, p := range []string{
			base + "/revisions?limit=0", base + "/revisions?limit=201", base + "/revisions?before=x",
			"/releases/" + id + "/audit?cursor=nonsense", "/releases/" + id + "/audit?limit=5&stream=de",
			"/releases/" + id + "/audit?limit=5&stream=en,en",
		} {
			errorOf(t, e.as("editor", "GET", p, nil), http.StatusBadRequest, "invalid")
		}
	})
}
