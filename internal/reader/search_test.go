package reader_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/kotormo/kotormo/internal/newsroom"
	"github.com/kotormo/kotormo/internal/reader/readertest"
)

func TestSearch(t *testing.T) {
	f := newsroomFixture(t)
	t.Run("finds a release in the page's language, case and ё insensitive", func(t *testing.T) {
		r := f.get("/ru/search?q="+url.QueryEscape("ЧИСТАЯ вода СЕЛ")).wantStatus(t, http.StatusOK)
		r.wantContains(t, `<html lang="ru"`, `href="/ru/releases/clean-water"`, "1 результат по запросу «ЧИСТАЯ вода СЕЛ»",
			`<meta name="robots" content="noindex">`)
	})
	t.Run("searches only that language", func(t *testing.T) {
		f.get("/en/search?q="+url.QueryEscape("вода")).wantStatus(t, http.StatusOK).
			wantLacks(t, "/releases/clean-water").wantContains(t, "No releases match “вода”.")
	})
	t.Run("keeps the Kyrgyz letters distinct", func(t *testing.T) {
		f.get("/ky/search?q="+url.QueryEscape("суу")).wantContains(t, `href="/ky/releases/clean-water"`)
		f.get("/ky/search?q="+url.QueryEscape("сүү")).wantLacks(t, `href="/ky/releases/clean-water"`)
	})
	t.Run("an empty query shows the form only", func(t *testing.T) {
		f.get("/en/search").wantStatus(t, http.StatusOK).wantContains(t, `name="q"`).wantLacks(t, "No releases match")
	})
	t.Run("a hostile query is escaped", func(t *testing.T) {
		f.get("/en/search?q="+url.QueryEscape(`<script>alert(1)</script>`)).wantLacks(t, "<script>alert")
	})
}

func TestSearchCountPlurals(t *testing.T) {
	var ps []*newsroom.Published
	for i, id := range []string{"a", "b", "c", "d", "e"} {
		ps = append(ps, readertest.Snapshot(id, "slug-"+id, "ru", "ru", day.AddDate(0, 0, -i), "Ош",
			newsroom.Content{Title: "Школа номер " + id, Body: "Текст."}, published))
	}
	ps = append(ps, readertest.Snapshot("z", "slug-z", "ru", "ru", day, "Ош", newsroom.Content{Title: "Больница", Body: "Школа рядом."}, published))
	f := newFixture(t, readertest.NewSource(ps...))
	f.get("/ru/search?q="+url.QueryEscape("школа")).wantContains(t, "6 результатов по запросу «школа»")
	f.get("/ru/search?q="+url.QueryEscape("больница")).wantContains(t, "1 результат по запросу «больница»")
	r := f.get("/ru/search?q=" + url.QueryEscape("школа номер"))
	r.wantContains(t, "5 результатов")
	// Ranked: a title match comes before a body-only match.
	if i, j := strings.Index(r.body, "slug-a"), strings.Index(r.body, "slug-z"); j >= 0 && i > j {
		t.Error("a body-only match ranks above a title match")
	}
}
