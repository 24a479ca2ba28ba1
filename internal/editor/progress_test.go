package editor

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/kotormo/kotormo/internal/newsroom"
)

func TestHomePagesShowEachTranslationsProgressAndQualityCheckErrors(t *testing.T) {
	e := newEnv(t)
	r := e.release("progress", enTitle, enLead, enBody)
	// Two of the three paragraphs, the first with a wrong year (1959 for 1995).
	e.save("trky", r.ID, "ky", 0, newsroom.Content{
		Title: "Күн насостору Нарынга суу алып келди",
		Lead:  "20дан ашык айылда таза суу бар.",
		Body:  "Кеңсе насосторду 1959-жылы орноткон.\n\n«Суу — бул жашоо», — деди мэр.\n\n",
	})
	sum := e.version(r.ID, "ky").Summary
	if sum == nil || sum.Translated != 2 || sum.Paragraphs != 3 || sum.QAErrors < 1 {
		t.Fatalf("summary on the head = %+v, want 2 of 3 and at least one error", sum)
	}
	errs := fmt.Sprintf("%d errors", sum.QAErrors)
	if sum.QAErrors == 1 {
		errs = "1 error"
	}

	t.Run("the translator's list shows n of m paragraphs and the errors", func(t *testing.T) {
		b := e.get("/app/", "trky")
		expect(t, b, http.StatusOK)
		contains(t, worklistOf(b.body), "2 of 3 paragraphs translated", errs)
	})
	t.Run("the matrix shows n/m in the translation's cell", func(t *testing.T) {
		contains(t, matrixOf(e.get("/app/", "editor").body), `class="cell-progress" title="2 of 3 paragraphs translated">2/3</span>`, errs)
	})
	t.Run("only the saved translation's cell shows progress, not the source's or an untranslated one", func(t *testing.T) {
		if n := strings.Count(matrixOf(e.get("/app/", "editor").body), `class="cell-progress"`); n != 1 {
			t.Errorf("%d cells show progress, want 1", n)
		}
	})
	t.Run("Russian and Kyrgyz use their plural forms", func(t *testing.T) {
		contains(t, worklistOf(e.get("/app/", "trky", "Accept-Language", "ru").body), "Переведено 2 из 3 абзацев")
		contains(t, worklistOf(e.get("/app/", "trky", "Accept-Language", "ky").body), "3 абзацтын 2 которулду")
	})
	t.Run("the reviewer's list keeps the figures after the submit", func(t *testing.T) {
		e.transition("trky", r.ID, "ky", newsroom.ActionSubmit, "")
		contains(t, worklistOf(e.get("/app/", "rvky").body), "2 of 3 paragraphs translated", errs)
	})
	t.Run("a later save updates the figures", func(t *testing.T) {
		v := e.version(r.ID, "ky")
		if v.State != newsroom.StateInReview {
			e.transition("trky", r.ID, "ky", newsroom.ActionSubmit, "")
		}
		e.transition("rvky", r.ID, "ky", newsroom.ActionRequestChanges, "finish it")
		v = e.version(r.ID, "ky")
		e.save("trky", r.ID, "ky", v.Rev, newsroom.Content{
			Title: "Күн насостору Нарынга суу алып келди",
			Lead:  "20дан ашык айылда таза суу бар.",
			Body:  "Кеңсе насосторду 1995-жылы орноткон.\n\n«Суу — бул жашоо», — деди мэр.\n\nКеңсе жөнүндө: ал Кыргызстанда иштейт.",
		})
		contains(t, worklistOf(e.get("/app/", "trky").body), "3 of 3 paragraphs translated")
	})
}
