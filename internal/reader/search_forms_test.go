package reader_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/kotormo/kotormo/internal/newsroom"
	"github.com/kotormo/kotormo/internal/reader/readertest"
)

func TestSearchFindsWordFormsAndPlaces(t *testing.T) {
	f := newsroomFixture(t)
	for _, tt := range []struct{ name, lang, q, href string }{
		{"a Russian word in another case", "ru", "воды", "/ru/releases/clean-water"},
		{"a Russian plural", "ru", "школа", "/ru/releases/rural-schools"},
		{"an English singular", "en", "village", "/en/releases/clean-water"},
		{"a Kyrgyz word with a case ending", "ky", "суунун", "/ky/releases/clean-water"},
		{"the dateline place", "ru", "Ош", "/ru/releases/rural-schools"},
	} {
		t.Run(tt.name+" is found", func(t *testing.T) {
			f.get("/"+tt.lang+"/search?q="+url.QueryEscape(tt.q)).wantStatus(t, http.StatusOK).wantContains(t, `href="`+tt.href+`"`)
		})
	}
}

func TestSearchExcerptsComeFromABoundedStartOfTheBody(t *testing.T) {
	filler := strings.Repeat("Обычный абзац без искомого слова, чтобы текст был длинным. ", 2000) // ~200 KB
	ps := []*newsroom.Published{
		readertest.Snapshot("early", "early", "ru", "ru", day, "Бишкек", newsroom.Content{
			Title: "Первый", Body: "Начало. Здесь говорится о беженцах.\n\n" + filler}, published),
		readertest.Snapshot("late", "late", "ru", "ru", day, "Бишкек", newsroom.Content{
			Title: "Второй", Body: "Вступление второго текста.\n\n" + filler + "\n\nВ конце — о беженцах."}, published),
	}
	f := newFixture(t, readertest.NewSource(ps...))
	r := f.get("/ru/search?q="+url.QueryEscape("беженцы")).wantStatus(t, http.StatusOK)
	t.Run("both releases are found, the whole body being indexed", func(t *testing.T) {
		r.wantContains(t, `href="/ru/releases/early"`, `href="/ru/releases/late"`)
	})
	t.Run("a match near the start is shown in its excerpt", func(t *testing.T) {
		r.wantContains(t, "говорится о беженцах")
	})
	t.Run("a match past the excerpt window gives the start of the body", func(t *testing.T) {
		r.wantContains(t, "Вступление второго текста.").wantLacks(t, "В конце — о беженцах")
	})
}
