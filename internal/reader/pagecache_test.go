package reader_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/kotormo/kotormo/internal/reader/readertest"
)

func withHot(n int, cacheBytes int64) option {
	return func(s *setup) { s.cfg.HotReleases, s.cfg.PageCacheBytes = n, cacheBytes }
}

func TestOlderReleasesAreRenderedOnDemandWithinABudget(t *testing.T) {
	const n = 30
	src := readertest.NewSource(readertest.Generate(n, []string{"en", "ru", "ky"})...)
	all := newFixture(t, readertest.NewSource(readertest.Generate(n, []string{"en", "ru", "ky"})...))
	f := newFixture(t, src, withHot(3, 100<<10))
	slug := func(i int) string { return readertest.Generate(i+1, []string{"en"})[i].Slug }

	t.Run("an old release's page is the very page a fully rendered site serves", func(t *testing.T) {
		for _, i := range []int{0, 2, 3, 17, n - 1} {
			for _, lang := range []string{"en", "ky"} {
				path := "/" + lang + "/releases/" + slug(i)
				got := f.get(path).wantStatus(t, http.StatusOK)
				want := all.get(path)
				if got.body != want.body || got.Header.Get("Etag") != want.Header.Get("Etag") {
					t.Fatalf("%s differs from the fully rendered site's", path)
				}
				f.get(path, "Accept-Encoding: gzip").wantStatus(t, http.StatusOK).wantContains(t, "<html")
			}
		}
	})

	t.Run("the cache stays within its byte budget", func(t *testing.T) {
		for i := range n {
			f.get("/ru/releases/"+slug(i)).wantStatus(t, http.StatusOK)
		}
		used, pages, hits, misses := f.site.CacheStats()
		if used > 100<<10 || pages == 0 {
			t.Fatalf("cache: %d bytes in %d pages (budget %d)", used, pages, 100<<10)
		}
		t.Logf("cache: %d bytes, %d pages, %d hits, %d misses", used, pages, hits, misses)
	})

	t.Run("a correction of an old release is served at once, never the cached page", func(t *testing.T) {
		path := "/en/releases/" + slug(20)
		f.get(path).wantStatus(t, http.StatusOK).wantLacks(t, "Corrected title")
		p := readertest.Generate(21, []string{"en"})[20]
		p.Content.Title = "Corrected title"
		p.Rev, p.PublishedAt = 2, p.PublishedAt.Add(time.Hour)
		f.src.Publish(p)
		if err := f.site.Refresh(context.Background(), p.ReleaseID); err != nil {
			t.Fatal(err)
		}
		f.get(path).wantStatus(t, http.StatusOK).wantContains(t, "Corrected title")
	})

	t.Run("an unpublished old release is gone at once", func(t *testing.T) {
		p := readertest.Generate(23, []string{"ky"})[22]
		path := "/ky/releases/" + p.Slug
		f.get(path).wantStatus(t, http.StatusOK)
		f.src.Unpublish(p.ReleaseID, "ky")
		if err := f.site.Refresh(context.Background(), p.ReleaseID); err != nil {
			t.Fatal(err)
		}
		f.get(path).wantStatus(t, http.StatusNotFound)
	})

	t.Run("a new release pushes the oldest hot one out and is rendered itself", func(t *testing.T) {
		fresh := readertest.Generate(1, []string{"en", "ru", "ky"})
		for _, p := range fresh {
			p.ReleaseID, p.Slug = "fresh", "fresh-release"
			p.Date = p.Date.AddDate(0, 0, 1)
		}
		f.src.Publish(fresh...)
		if err := f.site.Refresh(context.Background(), "fresh"); err != nil {
			t.Fatal(err)
		}
		f.get("/en/releases/fresh-release").wantStatus(t, http.StatusOK)
		f.get("/en/releases/"+slug(2)).wantStatus(t, http.StatusOK)
		f.get("/en/").wantStatus(t, http.StatusOK).wantContains(t, "fresh-release")
	})
}
