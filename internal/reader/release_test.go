package reader_test

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/kotormo/kotormo/internal/locale"
	"github.com/kotormo/kotormo/internal/newsroom"
	"github.com/kotormo/kotormo/internal/reader/readertest"
)

func TestReleasePageInEachLanguage(t *testing.T) {
	f := newsroomFixture(t)
	tests := []struct {
		lang, title, dateline, lead string
	}{
		{"en", "Clean water for 200 villages", `<span class="place">Bishkek</span>, <time datetime="2016-10-14">14 October 2016</time>`, "Over $62 million"},
		{"ru", "Чистая вода для 200 сёл", `<span class="place">Бишкек</span>, <time datetime="2016-10-14">14 октября 2016 г.</time>`, "Более 62 млн"},
		{"ky", "200 айылга таза суу", `<span class="place">Бишкек</span>, <time datetime="2016-10-14">2016-ж., 14-октябрь</time>`, "62 миллион"},
	}
	for _, tt := range tests {
		t.Run(tt.lang+" page shows its own text with its own date format", func(t *testing.T) {
			r := f.get("/"+tt.lang+"/releases/clean-water").wantStatus(t, http.StatusOK)
			r.wantContains(t,
				`<html lang="`+tt.lang+`"`,
				"<h1>"+tt.title+"</h1>",
				tt.dateline,
				tt.lead,
				`<link rel="canonical" href="http://news.example.org/`+tt.lang+`/releases/clean-water">`,
				`<link rel="alternate" hreflang="en" href="http://news.example.org/en/releases/clean-water">`,
				`<link rel="alternate" hreflang="ru" href="http://news.example.org/ru/releases/clean-water">`,
				`<link rel="alternate" hreflang="ky" href="http://news.example.org/ky/releases/clean-water">`,
				`<link rel="alternate" hreflang="x-default" href="http://news.example.org/en/releases/clean-water">`,
				`<meta property="og:title" content="`+tt.title+`">`,
				`<meta property="og:description" content="`+tt.lead,
				`<link rel="alternate" type="application/atom+xml"`,
				`href="/`+tt.lang+`/feed.atom"`,
				`<span aria-current="true" lang="`+tt.lang+`">`,
			)
			r.wantLacks(t, "<script")
			if got := r.Header.Get("Content-Type"); got != "text/html; charset=utf-8" {
				t.Errorf("Content-Type = %q", got)
			}
		})
	}

	t.Run("the switcher offers only the languages the release is published in", func(t *testing.T) {
		r := f.get("/en/releases/rural-schools").wantStatus(t, http.StatusOK)
		r.wantContains(t, `href="/ru/choose?next=%2Fru%2Freleases%2Frural-schools"`, `hreflang="ru"`)
		r.wantLacks(t, `/ky/choose?next=%2Fky%2Freleases`, `hreflang="ky"`, "Кыргызча")
	})
	t.Run("the body is rendered Markdown", func(t *testing.T) {
		f.get("/ru/releases/clean-water").wantContains(t, "<strong>20 лет</strong>")
	})
}

func TestXDefaultFallsBackToTheSourceLanguage(t *testing.T) {
	ps := []*newsroom.Published{
		readertest.Snapshot("r1", "from-russian", "ru", "ru", day, "Бишкек", newsroom.Content{Title: "Из русского", Body: "Текст."}, published),
		readertest.Snapshot("r1", "from-russian", "ky", "ru", day, "Бишкек", newsroom.Content{Title: "Орусчадан", Body: "Текст."}, published),
	}
	f := newFixture(t, readertest.NewSource(ps...))
	f.get("/ky/releases/from-russian").wantStatus(t, http.StatusOK).wantContains(t,
		`<link rel="alternate" hreflang="x-default" href="http://news.example.org/ru/releases/from-russian">`)
	f.get("/en/releases/from-russian").wantStatus(t, http.StatusNotFound)
}

func TestListPlurals(t *testing.T) {
	tests := []struct {
		lang string
		n    int
		want string
	}{
		{"en", 1, "1 release"},
		{"en", 2, "2 releases"},
		{"ru", 1, "1 пресс-релиз"},
		{"ru", 2, "2 пресс-релиза"},
		{"ru", 5, "5 пресс-релизов"},
		{"ru", 21, "21 пресс-релиз"},
		{"ru", 22, "22 пресс-релиза"},
		{"ky", 1, "1 пресс-релиз"},
		{"ky", 5, "5 пресс-релиз"},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s with %d", tt.lang, tt.n), func(t *testing.T) {
			f := newFixture(t, readertest.NewSource(readertest.Generate(tt.n, []string{tt.lang})...), withLangs("en,ru,ky"))
			f.get("/"+tt.lang+"/").wantStatus(t, http.StatusOK).wantContains(t, `<p class="count">`+tt.want+`</p>`)
		})
	}
}

func TestListIsNewestFirstAndPaginated(t *testing.T) {
	f := newFixture(t, readertest.NewSource(readertest.Generate(25, []string{"en", "ru", "ky"})...), withPageSize(10))
	r := f.get("/en/").wantStatus(t, http.StatusOK)
	hrefs := regexp.MustCompile(`<h2><a href="(/en/releases/[^"]+)">`).FindAllStringSubmatch(r.body, -1)
	if len(hrefs) != 10 {
		t.Fatalf("page 1 lists %d releases, want 10", len(hrefs))
	}
	if !strings.Contains(hrefs[0][1], "release-0-") || !strings.Contains(hrefs[9][1], "release-9-") {
		t.Errorf("page 1 runs from %s to %s, want newest (release-0) first", hrefs[0][1], hrefs[9][1])
	}
	r.wantContains(t, `<a rel="next" href="/en/page/2">`, "Page 1 of 3")
	f.get("/en/page/3").wantStatus(t, http.StatusOK).wantContains(t, "release-24-", `<a rel="prev" href="/en/page/2">`, "Page 3 of 3")
	f.get("/ru/page/2").wantStatus(t, http.StatusOK).wantContains(t, `<html lang="ru"`, "Страница 2 из 3")
	f.get("/en/page/4").wantStatus(t, http.StatusNotFound).wantContains(t, `<html lang="en"`)
	f.get("/en/page/02").wantStatus(t, http.StatusNotFound)
	f.get("/en/page/x").wantStatus(t, http.StatusNotFound)
	if got := f.get("/en/page/1").wantStatus(t, http.StatusMovedPermanently).Header.Get("Location"); got != "/en/" {
		t.Errorf("/en/page/1 redirects to %q", got)
	}

	t.Run("releases of the same day are ordered by first publication", func(t *testing.T) {
		a := readertest.Snapshot("a", "earlier", "en", "en", day, "", newsroom.Content{Title: "Earlier"}, published)
		b := readertest.Snapshot("b", "later", "en", "en", day, "", newsroom.Content{Title: "Later"}, published.Add(time.Hour))
		f := newFixture(t, readertest.NewSource(a, b))
		body := f.get("/en/").body
		if strings.Index(body, "Later") > strings.Index(body, "Earlier") {
			t.Error("the release published later on the same day is not listed first")
		}
	})
}

func TestSanitization(t *testing.T) {
	evil := readertest.Snapshot("evil", "evil", "en", "en", day, "Bishkek", newsroom.Content{
		Title: `Title <script>alert("t")</script>`,
		Lead:  `Lead <img src=x onerror=alert(1)>`,
		Body: "Hello <script>alert('body')</script>\n\n" +
			"[click](javascript:alert('link'))\n\n" +
			"<a href=\"javascript:alert('raw')\">raw</a>\n\n" +
			"<iframe src=\"https://evil.example\"></iframe>\n\n" +
			"![img](javascript:alert('img'))\n\n" +
			"[ok](https://example.org/ok)",
	}, published)
	f := newFixture(t, readertest.NewSource(evil))
	for _, path := range []string{"/en/releases/evil", "/en/", "/en/feed.atom", "/en/search?q=hello"} {
		r := f.get(path).wantStatus(t, http.StatusOK)
		r.wantLacks(t, "<script", "javascript:", "<iframe", "<img src=x")
	}
	f.get("/en/releases/evil").wantContains(t, `&lt;script&gt;alert(&#34;t&#34;)&lt;/script&gt;`, `&lt;img src=x onerror=alert(1)&gt;`, `href="https://example.org/ok"`)
}

func TestACorrectionIsDatedOnThePage(t *testing.T) {
	ps := waterRelease(published)
	// The Russian text was corrected and republished two days later.
	ps[1].Rev, ps[1].PublishedAt = 3, published.Add(48*time.Hour)
	f := newFixture(t, readertest.NewSource(ps...))
	corrected := published.Add(48 * time.Hour).UTC()
	f.get("/ru/releases/clean-water").wantStatus(t, http.StatusOK).wantContains(t,
		`<p class="updated">Обновлено <time datetime="`+corrected.Format(time.RFC3339)+`">`+locale.FormatDate("ru", corrected, locale.Long)+`</time></p>`)
	// The versions published once carry no such line.
	f.get("/en/releases/clean-water").wantStatus(t, http.StatusOK).wantLacks(t, `class="updated"`)
	f.get("/ky/releases/clean-water").wantStatus(t, http.StatusOK).wantLacks(t, `class="updated"`)
}
