package editor_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/kotormo/kotormo/internal/newsroom"
)

// matrix returns the text of the home page's release list.
func (tb *tab) matrix() string {
	tb.a.t.Helper()
	return tb.eval(`(() => { const h = document.getElementById("h-matrix"); return h ? h.closest("section").textContent : "" })()`)
}

// Issue 10 item 7: a translator reaches a published release to correct it
// through their own list, with a state filter and search.
func TestBrowserATranslatorReachesAPublishedReleaseThroughTheirList(t *testing.T) {
	a := startApp(t)
	rel, editor, _, _ := dayRelease(t, a, "solar-pumps")
	if _, err := a.store.CreateRelease(context.Background(), editor, newsroom.NewRelease{
		Slug: "schools-in-osh", SourceLang: "en", Date: time.Date(2026, 10, 15, 0, 0, 0, 0, time.UTC),
		Content: newsroom.Content{Title: "Schools in Osh", Lead: "New classrooms.", Body: "One paragraph."},
	}); err != nil {
		t.Fatal(err)
	}
	s := a.session("translator")
	s.speak("ky")
	s.login("tilek@kotormo.test")
	s.open("/app/")
	if m := s.matrix(); !strings.Contains(m, "Solar pumps") || !strings.Contains(m, "Schools in Osh") {
		t.Fatalf("the translator's list lacks a release: %q", m)
	}

	t.Run("the published filter keeps the published release", func(t *testing.T) {
		s.open("/app/")
		s.do(chromedp.SetValue(chromedp.CSS("#f-state"), "published"))
		s.click("form.filters button[type=submit]")
		if !strings.Contains(s.url(), "state=published") {
			t.Fatalf("the filter did not apply: %s", s.url())
		}
		if m := s.matrix(); !strings.Contains(m, "Solar pumps") || strings.Contains(m, "Schools in Osh") {
			t.Fatalf("published list: %q", m)
		}
	})
	t.Run("search finds a release by its title", func(t *testing.T) {
		s.open("/app/")
		s.typeInto("#f-q", "Osh")
		s.click("form.filters button[type=submit]")
		if m := s.matrix(); !strings.Contains(m, "Schools in Osh") || strings.Contains(m, "Solar pumps") {
			t.Fatalf("search for Osh: %q", m)
		}
	})
	t.Run("the published release opens in the translator's editor", func(t *testing.T) {
		s.open("/app/?state=published")
		href := fmt.Sprintf("/app/releases/%s/ky/edit", rel.ID)
		s.click(fmt.Sprintf(`section a[href=%q]`, href))
		if !strings.HasSuffix(s.url(), href) {
			t.Fatalf("the link led to %s", s.url())
		}
		if got := s.value("#f-title"); got != "Күн насостору" {
			t.Fatalf("the editor holds %q", got)
		}
		s.screenshot("translator-list-to-published")
	})
}

// Issue 10 item 13: an editor creating the second of a series whose titles
// differ only after the slug's cut sees the numbered slug, and may change it.
func TestBrowserASecondReleaseWithTheSameGeneratedSlugGetsANumberedOne(t *testing.T) {
	a := startApp(t)
	a.user("editor@kotormo.test", "Elena Editor", []newsroom.Role{newsroom.RoleEditor}, nil)
	s := a.session("editor")
	s.login("editor@kotormo.test")
	long := "Regional consultation on the protection of refugees and stateless persons in Central Asia, Bishkek"
	create := func(part string) string {
		t.Helper()
		s.open("/app/releases/new")
		s.do(chromedp.SetValue(chromedp.CSS("#title"), long+" — "+part), chromedp.SetValue(chromedp.CSS("#body"), "First paragraph."))
		s.click(`form[action="/app/releases"] button[type=submit]`)
		if !s.has("#m-slug") {
			t.Fatalf("creating %s did not lead to the release page: %s (%s)", part, s.url(), s.text("main"))
		}
		return s.value("#m-slug")
	}
	first := create("part 1")
	second := create("part 2")
	if first == "" || strings.HasSuffix(first, "-2") {
		t.Fatalf("the first slug is %q", first)
	}
	if second != first+"-2" {
		t.Fatalf("the second slug is %q, want %q", second, first+"-2")
	}
	s.screenshot("editor-numbered-slug")
	// The editor can still change it.
	s.do(chromedp.SetValue(chromedp.CSS("#m-slug"), "refugees-consultation-part-2"))
	s.click(`section[aria-labelledby="h-meta"] button[type=submit]`)
	if got := s.value("#m-slug"); got != "refugees-consultation-part-2" {
		t.Fatalf("after changing it the slug is %q (%s)", got, s.text("main"))
	}
}
