package reader_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/kotormo/kotormo/internal/reader/readertest"
)

// TestAPublishIsSearchableAtOnceWithoutRescanningTheArchive: a publish, a
// correction and an unpublish show in search as soon as the refresh that
// follows them returns, without reading every release again; past the
// delta's bound a background scan folds the changes into the base, and the
// answers stay the same.
func TestAPublishIsSearchableAtOnceWithoutRescanningTheArchive(t *testing.T) {
	langs := []string{"en", "ru", "ky"}
	src := readertest.NewSource(readertest.Generate(40, langs)...)
	f := newFixture(t, src)
	ctx := context.Background()
	scans := src.Calls("EachPublished")
	title := func(i int) string { return readertest.Generate(i+1, []string{"en"})[i].Content.Title }
	// Release 3 is found by its title before it is unpublished (the page
	// repeats the query, so the result is told by its link).
	link3 := `href="/en/releases/` + readertest.Generate(4, []string{"en"})[3].Slug + `"`
	f.get("/en/search?q="+url.QueryEscape(title(3))).wantStatus(t, http.StatusOK).wantContains(t, link3)

	fresh := readertest.Generate(1, langs)
	for _, p := range fresh {
		p.ReleaseID, p.Slug = "fresh", "fresh-release"
		p.Content.Title = "Quokkas arrive in Osh"
		p.Content.Body += "\n\nThe quokka count doubled."
	}
	src.Publish(fresh...)
	corrected := readertest.Generate(11, langs)[30:]
	for _, p := range corrected {
		p.Content.Body += "\n\nWombats, not beavers."
		p.PublishedAt = p.PublishedAt.Add(time.Hour)
	}
	src.Publish(corrected...)
	src.Unpublish("r000003", "")
	if err := f.site.Refresh(ctx, "fresh", "r000010", "r000003"); err != nil {
		t.Fatal(err)
	}
	if got := src.Calls("EachPublished"); got != scans {
		t.Errorf("a publish read every release %d times", got-scans)
	}
	f.get("/en/search?q=quokka").wantStatus(t, http.StatusOK).wantContains(t, "Quokkas arrive in Osh", "quokka count doubled")
	f.get("/en/search?q=wombats").wantStatus(t, http.StatusOK).wantContains(t, title(10))
	f.get("/en/search?q="+url.QueryEscape(title(3))).wantStatus(t, http.StatusOK).wantLacks(t, link3)

	// Enough changes to pass the delta's bound: the base is rebuilt from a
	// scan, in the background, and search answers the same.
	var many []string
	for i := range 300 {
		id := fmt.Sprintf("bulk%03d", i)
		ps := readertest.Generate(1, []string{"en"})
		ps[0].ReleaseID, ps[0].Slug = id, id
		ps[0].Content.Title = "Bulk release " + id
		src.Publish(ps...)
		many = append(many, id)
	}
	if err := f.site.Refresh(ctx, many...); err != nil {
		t.Fatal(err)
	}
	eventually(t, 10*time.Second, "a scan folding the changes into the base", func() bool {
		return src.Calls("EachPublished") > scans && !f.site.Indexing()
	})
	f.get("/en/search?q=quokka").wantStatus(t, http.StatusOK).wantContains(t, "Quokkas arrive in Osh")
	f.get("/en/search?q=wombats").wantStatus(t, http.StatusOK).wantContains(t, title(10))
	f.get("/en/search?q=bulk299").wantStatus(t, http.StatusOK).wantContains(t, "Bulk release bulk299")
}
