package reader_test

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/kotormo/kotormo/internal/reader/readertest"
)

// TestARestartReadsTheCheckpointAndTheLogsTail starts a second site on a
// source whose checkpoint an earlier site wrote, after publishes, a
// correction and an unpublish the checkpoint does not hold. The second site
// must be ready without a scan of every release (scans are held), serve
// every page byte for byte like a site that loaded everything, and answer
// searches once its background scan is done.
func TestARestartReadsTheCheckpointAndTheLogsTail(t *testing.T) {
	const n = 300 // more than DefaultHotReleases: some pages render on demand
	langs := []string{"en", "ru", "ky"}
	src := readertest.NewSource(readertest.Generate(n, langs)...)
	ctx := context.Background()
	a := newFixture(t, src)
	if err := a.site.SaveCheckpoint(ctx, true); err != nil {
		t.Fatal(err)
	}

	// After the checkpoint: a new release, a correction of an old one's
	// body, and an unpublish.
	fresh := readertest.Generate(1, langs)
	for _, p := range fresh {
		p.ReleaseID, p.Slug = "fresh", "fresh-release"
		p.Date = p.Date.AddDate(0, 0, 1)
	}
	src.Publish(fresh...)
	corrected := readertest.Generate(251, langs)[250*3:]
	for _, p := range corrected {
		p.Content.Body += "\n\nCorrection: the zyxwvut figure was revised."
		p.PublishedAt = p.PublishedAt.Add(48 * time.Hour)
		p.Rev++
	}
	src.Publish(corrected...)
	src.Unpublish("r000007", "")
	if err := a.site.Refresh(ctx, "fresh", corrected[0].ReleaseID, "r000007"); err != nil {
		t.Fatal(err)
	}

	release := src.HoldScans()
	defer release()
	scans := src.Calls("EachPublished")
	b := newFixture(t, src)
	if got := src.Calls("EachPublished"); got != scans {
		t.Errorf("the restart scanned every release %d times before it was ready", got-scans)
	}
	if got := src.Calls("LoadCheckpoint"); got < 1 {
		t.Fatal("the restart did not read the checkpoint")
	}

	paths := []string{"/sitemap.xml"}
	for _, l := range langs {
		paths = append(paths, "/"+l+"/", "/"+l+"/page/2", "/"+l+"/page/15", "/"+l+"/feed.atom", "/"+l+"/releases/fresh-release")
		for _, p := range readertest.Generate(n, []string{l}) {
			paths = append(paths, "/"+l+"/releases/"+p.Slug)
		}
	}
	for _, path := range paths {
		want, got := a.get(path), b.get(path)
		if got.StatusCode != want.StatusCode || got.body != want.body {
			t.Fatalf("%s: the restarted site answers %d (%d bytes), the loaded one %d (%d bytes)", path, got.StatusCode, len(got.body), want.StatusCode, len(want.body))
		}
	}
	b.get("/en/releases/"+corrected[0].Slug).wantStatus(t, http.StatusOK).wantContains(t, "zyxwvut")
	b.get("/en/releases/"+readertest.Generate(8, []string{"en"})[7].Slug).wantStatus(t, http.StatusNotFound)

	// The newest releases' pages are rendered in the background after the
	// start: soon serving one no longer goes through the cache of pages
	// rendered on demand (neither a miss nor a hit).
	newest := "/ky/releases/" + readertest.Generate(1, langs)[0].Slug
	eventually(t, 10*time.Second, "the hot pages rendered after the start", func() bool {
		_, _, hits, misses := b.site.CacheStats()
		b.get(newest).wantStatus(t, http.StatusOK)
		_, _, hits2, misses2 := b.site.CacheStats()
		return hits2 == hits && misses2 == misses
	})

	// Search waits for the scan, then finds the correction and not the
	// unpublished release.
	b.get("/en/search?q=zyxwvut").wantStatus(t, http.StatusServiceUnavailable)
	release()
	eventually(t, 10*time.Second, "the background scan", func() bool { return !b.site.Indexing() })
	b.get("/en/search?q=zyxwvut").wantStatus(t, http.StatusOK).wantContains(t, corrected[0].Content.Title)
}

// TestAStartWithoutAUsableCheckpointReadsEverything covers the ways back to
// a full load: a checkpoint that cannot be decoded, and a publish log that
// no longer reaches back to the checkpoint.
func TestAStartWithoutAUsableCheckpointReadsEverything(t *testing.T) {
	langs := []string{"en", "ru", "ky"}
	ctx := context.Background()
	t.Run("unreadable", func(t *testing.T) {
		src := readertest.NewSource(readertest.Generate(5, langs)...)
		if err := src.SaveCheckpoint(ctx, "reader", []byte("not a checkpoint"), 1); err != nil {
			t.Fatal(err)
		}
		f := newFixture(t, src)
		if src.Calls("EachPublished") == 0 {
			t.Error("the site started without reading the releases")
		}
		f.get("/en/releases/"+readertest.Generate(1, langs)[0].Slug).wantStatus(t, http.StatusOK)
	})
	t.Run("log_truncated", func(t *testing.T) {
		src := readertest.NewSource(readertest.Generate(5, langs)...)
		a := newFixture(t, src)
		if err := a.site.SaveCheckpoint(ctx, true); err != nil {
			t.Fatal(err)
		}
		late := readertest.Generate(6, langs)[15:]
		for _, p := range late {
			p.ReleaseID, p.Slug = "late", "late-release"
		}
		src.Publish(late...)
		src.Truncate()
		scans := src.Calls("EachPublished")
		f := newFixture(t, src)
		if src.Calls("EachPublished") == scans {
			t.Error("the site trusted a checkpoint the log no longer reaches")
		}
		f.get("/ky/releases/late-release").wantStatus(t, http.StatusOK)
	})
}

// TestAColdPageDuringAnOutageIs503AndComesBack: a page that is not in
// memory needs its body from the store; while the store is away it answers
// 503 with Retry-After (never 500 or 404), and once it is back the page is served.
func TestAColdPageDuringAnOutageIs503AndComesBack(t *testing.T) {
	src := readertest.NewSource(readertest.Generate(250, []string{"en", "ru", "ky"})...)
	f := newFixture(t, src)
	cold := "/ru/releases/" + readertest.Generate(250, []string{"ru"})[249].Slug
	hot := "/ru/releases/" + readertest.Generate(1, []string{"ru"})[0].Slug
	src.Fail(errors.New("the database is away"))
	r := f.get(cold).wantStatus(t, http.StatusServiceUnavailable)
	if r.Header.Get("Retry-After") == "" {
		t.Error("503 without Retry-After")
	}
	f.get(hot).wantStatus(t, http.StatusOK)
	f.get("/ru/").wantStatus(t, http.StatusOK)
	src.Fail(nil)
	f.get(cold).wantStatus(t, http.StatusOK)
}
