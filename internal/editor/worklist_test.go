package editor

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/kotormo/kotormo/internal/newsroom"
)

func TestTranslatorsReachEveryReleaseInTheirLanguages(t *testing.T) {
	e := newEnv(t)
	pub := e.release("published-one", enTitle, enLead, enBody)
	e.save("trky", pub.ID, "ky", 0, kyText)
	e.transition("trky", pub.ID, "ky", newsroom.ActionSubmit, "")
	e.transition("rvky", pub.ID, "ky", newsroom.ActionApprove, "")
	e.transition("editor", pub.ID, "ky", newsroom.ActionPublish, "")
	other := e.release("other-one", "Another release about schools", enLead, enBody)

	t.Run("the translator's home lists the published release, linked to its editor", func(t *testing.T) {
		r := e.get("/app/", "trky")
		expect(t, r, http.StatusOK)
		contains(t, r.body, enTitle, `href="`+editHref(pub.ID, "ky")+`"`, "Another release about schools")
		lacks(t, r.body, `href="`+editHref(pub.ID, "ru")+`"`)
	})
	t.Run("a state filter keeps the published ones", func(t *testing.T) {
		m := matrixOf(e.get("/app/?state=published", "trky").body)
		contains(t, m, enTitle)
		lacks(t, m, "Another release about schools")
	})
	t.Run("search finds by title", func(t *testing.T) {
		m := matrixOf(e.get("/app/?q="+url.QueryEscape("schools"), "trky").body)
		contains(t, m, "Another release about schools", `href="`+editHref(other.ID, "ky")+`"`)
		lacks(t, m, enTitle)
	})
	t.Run("reviewers get the review page of their language", func(t *testing.T) {
		contains(t, e.get("/app/", "rvky").body, `href="`+reviewHref(pub.ID, "ky")+`"`)
	})
	t.Run("a language that is not theirs is a bad filter", func(t *testing.T) {
		expect(t, e.get("/app/?lang=ru", "trky"), http.StatusBadRequest)
	})
}

// matrixOf returns the release list of a home page.
func matrixOf(body string) string {
	if i := strings.Index(body, `id="h-matrix"`); i >= 0 {
		return body[i:]
	}
	return ""
}

// worklistOf returns the part of a home page above the release list.
func worklistOf(body string) string {
	if i := strings.Index(body, `id="h-matrix"`); i >= 0 {
		return body[:i]
	}
	return body
}
