package reader_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kotormo/kotormo/internal/newsroom"
	"github.com/kotormo/kotormo/internal/reader/readertest"
)

func embargoed(until time.Time) []*newsroom.Published {
	ps := waterRelease(published)
	for _, p := range ps {
		p.EmbargoUntil = until
	}
	return ps
}

func TestEmbargoWithAClock(t *testing.T) {
	t0 := time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC)
	until := t0.Add(time.Hour)
	clk := &clock{t: t0}
	f := newFixture(t, readertest.NewSource(append(embargoed(until), schoolsRelease(published)...)...), withClock(clk))

	hidden := func(t *testing.T) {
		t.Helper()
		for _, lang := range []string{"en", "ru", "ky"} {
			// A plain "page not found": not even the release's existence shows.
			f.get("/"+lang+"/releases/clean-water").wantStatus(t, http.StatusNotFound).
				wantLacks(t, "Clean water", "Чистая вода", "таза суу", "clean-water")
			f.get("/"+lang+"/").wantLacks(t, "clean-water")
			f.get("/"+lang+"/feed.atom").wantLacks(t, "clean-water")
			f.get("/"+lang+"/search?q=water+вода+суу").wantLacks(t, "clean-water")
		}
		f.get("/sitemap.xml").wantLacks(t, "clean-water")
		f.get("/en/releases/rural-schools").wantStatus(t, http.StatusOK)
	}
	t.Run("before the embargo nothing of the release is visible", hidden)

	clk.Set(until.Add(-time.Nanosecond))
	if err := f.site.Refresh(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Run("a nanosecond before, still nothing", hidden)

	clk.Set(until)
	if err := f.site.Refresh(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Run("at the embargo time every language appears together", func(t *testing.T) {
		for _, lang := range []string{"en", "ru", "ky"} {
			f.get("/"+lang+"/releases/clean-water").wantStatus(t, http.StatusOK)
			f.get("/"+lang+"/").wantContains(t, "/"+lang+"/releases/clean-water")
			f.get("/"+lang+"/feed.atom").wantContains(t, "/"+lang+"/releases/clean-water")
		}
		f.get("/sitemap.xml").wantContains(t, "/ky/releases/clean-water")
	})
}

func TestEmbargoEndsWithinASecondOnARealClock(t *testing.T) {
	f := newsroomFixture(t)
	f.start()
	until := time.Now().Add(300 * time.Millisecond)
	ps := waterRelease(published)
	for _, p := range ps {
		p.ReleaseID, p.Slug = "rel-soon", "soon"
		p.EmbargoUntil = until
	}
	f.src.Publish(ps...)
	f.site.Invalidate("rel-soon")
	var seen time.Time
	for seen.IsZero() {
		code := f.get("/ky/releases/soon").StatusCode
		now := time.Now()
		switch {
		case code == http.StatusOK && now.Before(until):
			t.Fatalf("the release is visible %v before its embargo", until.Sub(now))
		case code == http.StatusOK:
			seen = now
		case now.Sub(until) > 2*time.Second:
			t.Fatal("the release did not appear within 2 s of its embargo")
		}
		time.Sleep(5 * time.Millisecond)
	}
	if late := seen.Sub(until); late > time.Second {
		t.Errorf("the release appeared %v after its embargo, want within 1 s", late)
	} else {
		t.Logf("appeared %v after the embargo time", late)
	}
	// Every language appeared with it.
	f.get("/en/releases/soon").wantStatus(t, http.StatusOK)
	f.get("/ru/releases/soon").wantStatus(t, http.StatusOK)
}

func TestInvalidateRebuildsOneRelease(t *testing.T) {
	f := newsroomFixture(t)
	f.start()
	ok := func(path string) func() bool {
		return func() bool { return f.get(path).StatusCode == http.StatusOK }
	}
	before := f.get("/en/releases/rural-schools").Header.Get("ETag")
	calls := f.src.Calls("PublishedOf")

	t.Run("a publish shows at once", func(t *testing.T) {
		f.src.Publish(readertest.Snapshot("rel-schools", "rural-schools", "ky", "en", day.AddDate(0, 0, -1), "Ош",
			newsroom.Content{Title: "Айылдык мектептер кайра ачылды", Body: "Кыргызча текст."}, published.Add(time.Hour)))
		f.site.Invalidate("rel-schools")
		took := eventually(t, time.Second, "the Kyrgyz version appearing", ok("/ky/releases/rural-schools"))
		t.Logf("visible after %v", took)
		f.get("/ky/").wantContains(t, "Айылдык мектептер кайра ачылды", "2 пресс-релиз")
		// The other versions now offer Kyrgyz in their switcher.
		f.get("/en/releases/rural-schools").wantContains(t, `hreflang="ky"`)
		if after := f.get("/en/releases/rural-schools").Header.Get("ETag"); after == before {
			t.Error("the English page's ETag did not change though its switcher did")
		}
		if n := f.src.Calls("PublishedOf") - calls; n < 1 || n > 2 {
			t.Errorf("PublishedOf called %d times for one invalidation", n)
		}
		if n := f.src.Calls("AllPublished"); n != 1 {
			t.Errorf("AllPublished called %d times; an invalidation must not reload everything", n)
		}
	})

	t.Run("a correction replaces the text", func(t *testing.T) {
		c := waterRelease(published)[1]
		c.Content.Title = "Чистая вода для 210 сёл"
		c.Rev, c.PublishedAt = 2, published.Add(2*time.Hour)
		f.src.Publish(c)
		f.site.Invalidate("rel-water")
		eventually(t, time.Second, "the correction", func() bool {
			return strings.Contains(f.get("/ru/releases/clean-water").body, "Чистая вода для 210 сёл")
		})
		f.get("/ru/").wantContains(t, "Чистая вода для 210 сёл").wantLacks(t, "Чистая вода для 200 сёл")
	})

	t.Run("an unpublish takes the version offline", func(t *testing.T) {
		f.src.Unpublish("rel-water", "ky")
		f.site.Invalidate("rel-water")
		eventually(t, time.Second, "the Kyrgyz version going offline", func() bool {
			return f.get("/ky/releases/clean-water").StatusCode == http.StatusNotFound
		})
		f.get("/ky/releases/clean-water").wantContains(t, "Кыргызча").wantLacks(t, "200 айылга таза суу")
		f.get("/ky/").wantLacks(t, "clean-water")
		f.get("/en/releases/clean-water").wantLacks(t, `hreflang="ky"`)

		f.src.Unpublish("rel-water", "")
		f.site.Invalidate("rel-water")
		eventually(t, time.Second, "the whole release going offline", func() bool {
			return f.get("/en/releases/clean-water").StatusCode == http.StatusNotFound
		})
		f.get("/en/releases/clean-water").wantContains(t, "Page not found")
		f.get("/sitemap.xml").wantLacks(t, "clean-water")
	})

	t.Run("a new slug moves the page", func(t *testing.T) {
		ps := schoolsRelease(published)
		for _, p := range ps {
			p.Slug, p.Rev = "schools-reopen", 2
		}
		f.src.Publish(ps...)
		f.site.Invalidate("rel-schools")
		eventually(t, time.Second, "the new slug", ok("/en/releases/schools-reopen"))
		f.get("/en/releases/rural-schools").wantStatus(t, http.StatusNotFound)
	})
}

func TestAnotherInstancesPublishShowsWithinTwoSeconds(t *testing.T) {
	f := newsroomFixture(t, withPoll(200*time.Millisecond))
	f.start()
	start := time.Now()
	// Published by another instance: no Invalidate here, only the publish log.
	f.src.Publish(readertest.Snapshot("rel-other", "from-elsewhere", "ru", "ru", day, "Ош",
		newsroom.Content{Title: "С другого сервера"}, published))
	eventually(t, 2*time.Second, "the other instance's publish", func() bool {
		return f.get("/ru/releases/from-elsewhere").StatusCode == http.StatusOK
	})
	t.Logf("visible after %v", time.Since(start))

	t.Run("a truncated log reloads everything", func(t *testing.T) {
		f.src.Truncate()
		f.src.Publish(readertest.Snapshot("rel-other2", "second", "ru", "ru", day, "Ош",
			newsroom.Content{Title: "Ещё один"}, published))
		f.src.Truncate()
		eventually(t, 2*time.Second, "the publish after truncation", func() bool {
			return f.get("/ru/releases/second").StatusCode == http.StatusOK
		})
	})
}

func TestStartLoadsTheSiteAndUntilThenAnswers503(t *testing.T) {
	f := newsroomFixture(t, noLoad)
	if f.site.Ready() {
		t.Fatal("ready before loading")
	}
	for _, path := range []string{"/en/releases/clean-water", "/en/", "/ky/releases/nope", "/de/", "/ru/search?q=x", "/sitemap.xml"} {
		r := f.get(path).wantStatus(t, http.StatusServiceUnavailable)
		if r.Header.Get("Retry-After") == "" {
			t.Errorf("%s: 503 without Retry-After", path)
		}
	}
	f.start()
	eventually(t, 2*time.Second, "the site loading", f.site.Ready)
	f.get("/en/releases/clean-water").wantStatus(t, http.StatusOK)
}

// flakySource fails PublishedOf a number of times, like a store that is briefly down.
type flakySource struct {
	*readertest.Source
	mu    sync.Mutex
	fails int
	calls int
}

func (f *flakySource) PublishedOf(ctx context.Context, id string) ([]*newsroom.Published, error) {
	f.mu.Lock()
	f.calls++
	fail := f.fails > 0
	if fail {
		f.fails--
	}
	f.mu.Unlock()
	if fail {
		return nil, errors.New("connection refused")
	}
	return f.Source.PublishedOf(ctx, id)
}

func TestAFailingStoreIsRetriedCalmly(t *testing.T) {
	src := &flakySource{Source: readertest.NewSource(waterRelease(published)...), fails: 3}
	f := newFixture(t, nil, func(s *setup) { s.cfg.Source = src; s.cfg.PollInterval = 100 * time.Millisecond })
	f.start()
	src.Publish(schoolsRelease(published)...)
	f.site.Invalidate("rel-schools")
	eventually(t, 2*time.Second, "the release after the store recovers", func() bool {
		return f.get("/en/releases/rural-schools").StatusCode == http.StatusOK
	})
	time.Sleep(300 * time.Millisecond)
	src.mu.Lock()
	defer src.mu.Unlock()
	// Once per invalidation and poll tick, not in a tight loop.
	if src.calls > 12 {
		t.Errorf("PublishedOf called %d times", src.calls)
	}
}
