package reader_test

import (
	"compress/gzip"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/kotormo/kotormo/internal/i18n"
	"github.com/kotormo/kotormo/internal/newsroom"
	"github.com/kotormo/kotormo/internal/reader"
	"github.com/kotormo/kotormo/internal/reader/readertest"
	"github.com/kotormo/kotormo/locales"
)

func init() { gin.SetMode(gin.TestMode) }

// clock is a settable time source for embargo tests.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

// fixture is a reader site on a real gin engine behind a real HTTP server.
type fixture struct {
	t    testing.TB
	site *reader.Site
	src  *readertest.Source
	srv  *httptest.Server
	cfg  reader.Config
	// handler is the gin engine the site is mounted on.
	handler http.Handler
}

// setup is what options change before a fixture is built.
type setup struct {
	cfg    reader.Config
	noLoad bool
}

type option func(*setup)

func withClock(c *clock) option { return func(s *setup) { s.cfg.Now = c.Now } }

func withLangs(langs string) option {
	return func(s *setup) { s.cfg.Langs = newsroom.MustLanguages(langs) }
}

func withPoll(d time.Duration) option { return func(s *setup) { s.cfg.PollInterval = d } }

func withPageSize(n int) option { return func(s *setup) { s.cfg.PageSize = n } }

// noLoad leaves loading to Start.
func noLoad(s *setup) { s.noLoad = true }

// newFixture builds and loads a site over src (nil for an empty source).
func newFixture(t testing.TB, src *readertest.Source, opts ...option) *fixture {
	t.Helper()
	if src == nil {
		src = readertest.NewSource()
	}
	cfg := reader.Config{
		Langs:   newsroom.MustLanguages("en,ru,ky"),
		Source:  src,
		BaseURL: "http://news.example.org",
	}
	st := setup{cfg: cfg}
	for _, o := range opts {
		o(&st)
	}
	cfg = st.cfg
	cat, err := i18n.New(locales.FS, cfg.Langs.Codes())
	if err != nil {
		t.Fatal(err)
	}
	cfg.Catalog = cat
	site, err := reader.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if !st.noLoad {
		if err := site.Load(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	engine := gin.New()
	site.Register(engine)
	srv := httptest.NewServer(engine)
	t.Cleanup(srv.Close)
	return &fixture{t: t, site: site, src: src, srv: srv, cfg: cfg, handler: engine}
}

// start runs the site's background loop until the test ends.
func (f *fixture) start() {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { f.site.Start(ctx); close(done) }()
	f.t.Cleanup(func() { cancel(); <-done })
}

// response is a fetched page.
type response struct {
	*http.Response
	body string
}

// client fetches without following redirects and without transparent gzip.
var client = &http.Client{
	Transport:     &http.Transport{DisableCompression: true},
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	Timeout:       10 * time.Second,
}

// get fetches path with headers given as "Name: value" strings. A gzip body is decoded.
func (f *fixture) get(path string, headers ...string) *response {
	f.t.Helper()
	return f.do(http.MethodGet, path, headers...)
}

func (f *fixture) do(method, path string, headers ...string) *response {
	f.t.Helper()
	req, err := http.NewRequest(method, f.srv.URL+path, nil)
	if err != nil {
		f.t.Fatal(err)
	}
	for _, h := range headers {
		k, v, _ := strings.Cut(h, ":")
		req.Header.Add(strings.TrimSpace(k), strings.TrimSpace(v))
	}
	resp, err := client.Do(req)
	if err != nil {
		f.t.Fatal(err)
	}
	defer resp.Body.Close()
	var r io.Reader = resp.Body
	if resp.Header.Get("Content-Encoding") == "gzip" {
		zr, err := gzip.NewReader(resp.Body)
		if err != nil {
			f.t.Fatalf("GET %s: bad gzip: %v", path, err)
		}
		r = zr
	}
	b, err := io.ReadAll(r)
	if err != nil {
		f.t.Fatal(err)
	}
	return &response{Response: resp, body: string(b)}
}

// wantStatus fails unless r has the status.
func (r *response) wantStatus(t *testing.T, status int) *response {
	t.Helper()
	if r.StatusCode != status {
		t.Fatalf("%s %s: status %d, want %d; body:\n%.600s", r.Request.Method, r.Request.URL.Path, r.StatusCode, status, r.body)
	}
	return r
}

// wantContains fails unless the body holds every string.
func (r *response) wantContains(t *testing.T, subs ...string) *response {
	t.Helper()
	for _, s := range subs {
		if !strings.Contains(r.body, s) {
			t.Errorf("%s: body lacks %q", r.Request.URL.Path, s)
		}
	}
	return r
}

// wantLacks fails if the body holds any of the strings.
func (r *response) wantLacks(t *testing.T, subs ...string) *response {
	t.Helper()
	for _, s := range subs {
		if strings.Contains(r.body, s) {
			t.Errorf("%s: body holds %q", r.Request.URL.Path, s)
		}
	}
	return r
}

// eventually retries cond until it holds or the timeout passes.
func eventually(t *testing.T, timeout time.Duration, what string, cond func() bool) time.Duration {
	t.Helper()
	start := time.Now()
	for !cond() {
		if time.Since(start) > timeout {
			t.Fatalf("%s did not happen within %v", what, timeout)
		}
		time.Sleep(5 * time.Millisecond)
	}
	return time.Since(start)
}

var day = time.Date(2016, 10, 14, 0, 0, 0, 0, time.UTC)

// waterRelease is published in en, ru and ky.
func waterRelease(publishedAt time.Time) []*newsroom.Published {
	return []*newsroom.Published{
		readertest.Snapshot("rel-water", "clean-water", "en", "en", day, "Bishkek", newsroom.Content{
			Title: "Clean water for 200 villages",
			Lead:  "Over $62 million will bring clean water to 200 villages.",
			Body:  "The programme runs for **20 years**.\n\n\"Water is life,\" said the Minister.",
		}, publishedAt),
		readertest.Snapshot("rel-water", "clean-water", "ru", "en", day, "Бишкек", newsroom.Content{
			Title: "Чистая вода для 200 сёл",
			Lead:  "Более 62 млн долларов США обеспечат чистой водой 200 сёл.",
			Body:  "Программа рассчитана на **20 лет**.\n\n«Вода — это жизнь», — сказал министр.",
		}, publishedAt),
		readertest.Snapshot("rel-water", "clean-water", "ky", "en", day, "Бишкек", newsroom.Content{
			Title: "200 айылга таза суу",
			Lead:  "62 миллион АКШ долларынан ашык каражат 200 айылды таза суу менен камсыз кылат.",
			Body:  "Программа **20 жылга** эсептелген.\n\n«Суу — бул өмүр», — деди министр.",
		}, publishedAt),
	}
}

// schoolsRelease is published in en and ru only.
func schoolsRelease(publishedAt time.Time) []*newsroom.Published {
	d := day.AddDate(0, 0, -1)
	return []*newsroom.Published{
		readertest.Snapshot("rel-schools", "rural-schools", "en", "en", d, "Osh", newsroom.Content{
			Title: "Rural schools reopen", Lead: "Forty schools reopen.", Body: "English body about schools.",
		}, publishedAt),
		readertest.Snapshot("rel-schools", "rural-schools", "ru", "en", d, "Ош", newsroom.Content{
			Title: "Сельские школы вновь открыты", Lead: "Сорок школ открылись.", Body: "Русский текст о школах.",
		}, publishedAt),
	}
}

var published = time.Date(2016, 10, 14, 9, 0, 0, 0, time.UTC)

// newsroomFixture serves the water and schools releases.
func newsroomFixture(t *testing.T, opts ...option) *fixture {
	src := readertest.NewSource(append(waterRelease(published), schoolsRelease(published)...)...)
	return newFixture(t, src, opts...)
}
