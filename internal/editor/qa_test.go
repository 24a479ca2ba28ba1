package editor

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/kotormo/kotormo/internal/newsroom"
)

func TestTheReviewPageShowsQualityChecksAndApprovalNeedsAReason(t *testing.T) {
	e := newEnv(t)
	rel := e.release("sixty-two", "UNHCR marks 20 years", "UNHCR has spent $62 million since 1995.", "The office opened in Bishkek.\n\nIt helps refugees.")
	e.save("trky", rel.ID, "ky", 0, newsroom.Content{
		Title: "БУУнун агенттиги 20 жыл", Lead: "Агенттик 1995-жылдан бери 26 миллион доллар сарптады.",
		Body: "Кеңсе Бишкекте aчылды.\n\nКачкындарга жардам берет.",
	})
	e.transition("trky", rel.ID, "ky", newsroom.ActionSubmit, "")
	review := releaseHref(rel.ID) + "/ky/review"
	post := releaseHref(rel.ID) + "/ky/approve"

	t.Run("the review page lists the findings per place", func(t *testing.T) {
		r := e.get(review, "rvky")
		expect(t, r, http.StatusOK)
		contains(t, r.body, `id="h-qa"`, "Lead:", "The figure 62 million of the source is missing or different here.",
			"Paragraph 1:", "The word aчылды mixes Latin and Cyrillic letters.", `name="override"`)
	})
	t.Run("approving without a reason is refused and nothing changes", func(t *testing.T) {
		r := e.post(post, "rvky", nil)
		if r.Code < 400 || r.Code >= 500 {
			t.Fatalf("status %d", r.Code)
		}
		if v := e.version(rel.ID, "ky"); v.State != newsroom.StateInReview {
			t.Fatalf("state %s", v.State)
		}
	})
	t.Run("approving with a reason works and the reason is audited", func(t *testing.T) {
		r := e.post(post, "rvky", url.Values{"override": {"The source figure is being corrected by the editor."}})
		expect(t, r, http.StatusSeeOther)
		if v := e.version(rel.ID, "ky"); v.State != newsroom.StateApproved {
			t.Fatalf("state %s", v.State)
		}
		log, err := e.store.Audit(context.Background(), rel.ID)
		if err != nil {
			t.Fatal(err)
		}
		last := log[len(log)-1]
		if last.Action != "approve" || !strings.Contains(last.Comment, "The source figure is being corrected by the editor.") {
			t.Fatalf("audit %+v", last)
		}
	})
}

func TestTheReviewPageSaysWhichParagraphsCameFromMemory(t *testing.T) {
	e := newEnv(t)
	closing := "UNHCR, the UN Refugee Agency, has worked in Kyrgyzstan since 1995."
	closingKY := "БУУнун Качкындар боюнча Жогорку комиссарынын башкармалыгы Кыргызстанда 1995-жылдан бери иштейт."
	first := e.release("first", "First", "", "Opening.\n\n"+closing)
	e.save("trky", first.ID, "ky", 0, newsroom.Content{Title: "Биринчи", Body: "Ачылыш.\n\n" + closingKY})
	e.transition("trky", first.ID, "ky", newsroom.ActionSubmit, "")
	e.transition("rvky", first.ID, "ky", newsroom.ActionApprove, "")
	second := e.release("second", "Second", "", "Something else.\n\n"+closing)
	if _, n, err := e.store.Pretranslate(context.Background(), e.users["trky"], second.ID, "ky", 0); err != nil || n != 1 {
		t.Fatalf("pretranslate: %d, %v", n, err)
	}
	e.transition("trky", second.ID, "ky", newsroom.ActionSubmit, "")
	r := e.get(releaseHref(second.ID)+"/ky/review", "rvky")
	expect(t, r, http.StatusOK)
	contains(t, r.body, `id="review-from-memory"`, "1 of 2 paragraphs from memory: Paragraph 2")
}
