package editor

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/kotormo/kotormo/internal/newsroom"
)

func TestHistoryPagesReadOnlyWhatTheyShow(t *testing.T) {
	e := newEnv(t)
	rel := e.release("long-history", "Long history", "Lead.", "Body.")
	base := 1
	const saves = 120
	for i := range saves {
		base = e.save("editor", rel.ID, "en", base, newsroom.Content{Title: fmt.Sprintf("Title %d", i), Lead: "Lead.", Body: "Body."}).Rev
	}
	db := e.store.DB()
	// Loading the release and its versions, one page of revisions and of
	// audit entries, and the pieces of the diff: about a page's worth.
	const bound = 100
	for _, tc := range []struct{ name, path, who string }{
		{"the history page", historyHref(rel.ID, "en"), "editor"},
		{"a later history page", historyHref(rel.ID, "en") + "?page=2", "editor"},
		{"the release page", releaseHref(rel.ID), "editor"},
		{"the edit page", editHref(rel.ID, "en"), "editor"},
		{"the review page", reviewHref(rel.ID, "en"), "rven"},
	} {
		t.Run(tc.name+" reads about one page of history, not all of it", func(t *testing.T) {
			before := db.Commands()
			r := e.get(tc.path, tc.who)
			expect(t, r, http.StatusOK)
			if n := db.Commands() - before; n > bound {
				t.Errorf("%s took %d database commands with %d saves (bound %d)", tc.path, n, saves, bound)
			}
		})
	}
	t.Run("the history pages together list every revision once", func(t *testing.T) {
		seen := 0
		for pg := 1; pg <= (saves+1+historyPageSize-1)/historyPageSize; pg++ {
			r := e.get(fmt.Sprintf("%s?page=%d", historyHref(rel.ID, "en"), pg), "editor")
			expect(t, r, http.StatusOK)
			for rev := 1; rev <= saves+1; rev++ {
				if strings.Contains(r.body, fmt.Sprintf(`id="a-%d"`, rev)) {
					seen++
				}
			}
		}
		if seen != saves+1 {
			t.Errorf("the pages list %d revisions, want %d", seen, saves+1)
		}
	})
}
