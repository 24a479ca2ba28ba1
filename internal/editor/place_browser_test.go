package editor_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/kotormo/kotormo/internal/newsroom"
)

// Issue 10 item 12: the translator gives the dateline place in their
// language, next to the title, and it is reviewed and published with the text.
func TestBrowserATranslatorGivesThePlaceInTheirLanguageAndItIsReviewedAndPublished(t *testing.T) {
	a := startApp(t)
	ctx := context.Background()
	rel, editor, tr, rv := dayRelease(t, a, "place")
	if _, err := a.store.UpdateRelease(ctx, editor, rel.ID, newsroom.ReleaseUpdate{Places: map[string]string{"en": "BISHKEK"}}); err != nil {
		t.Fatal(err)
	}

	s := a.session("translator")
	s.speak("ky")
	s.login("tilek@kotormo.test")
	s.open(fmt.Sprintf("/app/releases/%s/ky/edit", rel.ID))
	if got := strings.TrimSpace(s.text("#src-place")); got != "BISHKEK" {
		t.Fatalf("the source column shows the place %q, want BISHKEK", got)
	}
	if got := s.eval(`document.getElementById("f-place").placeholder`); got != "BISHKEK" {
		t.Errorf("the empty place field suggests %q, want the release's place BISHKEK", got)
	}
	s.typeInto("#f-place", "Бишкек")
	s.waitStatus("saved", 10*time.Second)
	if c := a.text(rel.ID, "ky"); c.Place != "Бишкек" || c.Title != "Күн насостору" {
		t.Fatalf("saved text: %+v", c)
	}
	s.screenshot("editor-ky-place")
	s.open(fmt.Sprintf("/app/releases/%s/ky/edit", rel.ID))
	if got := s.value("#f-place"); got != "Бишкек" {
		t.Fatalf("after a reload the place field holds %q", got)
	}
	if _, err := a.store.Transition(ctx, tr, rel.ID, "ky", newsroom.Change{Action: newsroom.ActionSubmit}); err != nil {
		t.Fatal(err)
	}

	r := a.session("reviewer")
	r.speak("ky")
	r.login("rv@kotormo.test")
	r.open(fmt.Sprintf("/app/releases/%s/ky/review", rel.ID))
	if got := r.eval(`Array.from(document.querySelectorAll(".diff .dunit")).map(u => u.textContent).join(" | ")`); !strings.Contains(got, "Бишкек") {
		t.Fatalf("the review diff does not show the new place: %q", got)
	}
	if got := strings.TrimSpace(r.text("#r-place")); got != "Бишкек" {
		t.Errorf("the review's side-by-side text shows the place %q", got)
	}
	if _, err := a.store.Transition(ctx, rv, rel.ID, "ky", newsroom.Change{Action: newsroom.ActionApprove}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.store.Transition(ctx, editor, rel.ID, "ky", newsroom.Change{Action: newsroom.ActionPublish}); err != nil {
		t.Fatal(err)
	}
	pubs, err := a.store.PublishedOf(ctx, rel.ID)
	if err != nil || len(pubs) != 1 || pubs[0].Place != "Бишкек" {
		t.Fatalf("published: %+v (%v), want the ky snapshot's place Бишкек", pubs, err)
	}
}
