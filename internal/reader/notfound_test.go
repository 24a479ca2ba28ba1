package reader_test

import (
	"net/http"
	"strings"
	"testing"
)

func TestNotFoundPages(t *testing.T) {
	f := newsroomFixture(t)

	t.Run("an unknown language prefix gets a 404 in the reader's language", func(t *testing.T) {
		for _, path := range []string{"/de/", "/de/releases/clean-water", "/xx/feed.atom", "/robots.php", "/de/search?q=x"} {
			r := f.get(path, "Accept-Language: ky").wantStatus(t, http.StatusNotFound)
			r.wantContains(t, `<html lang="ky"`, "<h1>Бет табылган жок</h1>")
			if v := r.Header.Get("Vary"); !strings.Contains(v, "Accept-Language") || !strings.Contains(v, "Cookie") {
				t.Errorf("%s: Vary = %q, want Accept-Language and Cookie", path, v)
			}
		}
		f.get("/de/", "Accept-Language: ky", "Cookie: lang=ru").wantStatus(t, http.StatusNotFound).wantContains(t, `<html lang="ru"`)
	})

	t.Run("an unknown slug gets a 404 in the language of the URL", func(t *testing.T) {
		r := f.get("/ru/releases/no-such-release", "Accept-Language: ky").wantStatus(t, http.StatusNotFound)
		r.wantContains(t, `<html lang="ru"`, "Страница не найдена", `<meta name="robots" content="noindex">`)
	})

	t.Run("a release not in this language says so in this language and links to the others", func(t *testing.T) {
		r := f.get("/ky/releases/rural-schools").wantStatus(t, http.StatusNotFound)
		r.wantContains(t,
			`<html lang="ky"`,
			"Бул пресс-релиз азырынча ушул тилде жарыялана элек (Кыргызча).",
			`href="/en/choose?next=%2Fen%2Freleases%2Frural-schools"`,
			`href="/ru/choose?next=%2Fru%2Freleases%2Frural-schools"`,
			`<span lang="en">Rural schools reopen</span>`,
			`<span lang="ru">Сельские школы вновь открыты</span>`,
		)
		// Another language's text is never served under the wrong lang.
		r.wantLacks(t, "English body about schools", "Русский текст о школах", "Forty schools reopen", `rel="canonical"`)
	})

	t.Run("the 404 pages are complete pages", func(t *testing.T) {
		r := f.get("/en/releases/nope")
		r.wantContains(t, "</html>", `href="/en/"`, `<link rel="stylesheet" href="/static/reader.css?v=`)
		f.do(http.MethodHead, "/en/releases/nope").wantStatus(t, http.StatusNotFound)
	})
}
