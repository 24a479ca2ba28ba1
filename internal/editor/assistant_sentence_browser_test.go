package editor_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/kotormo/kotormo/internal/newsroom"
)

// TestBrowserASentenceMatchGoesInAtTheCursor checks in Chromium that a
// paragraph sharing one sentence with the memory shows that sentence's
// match with the sentence it answers, and that Ctrl+1 puts its translation
// at the cursor, after what the translator typed.
func TestBrowserASentenceMatchGoesInAtTheCursor(t *testing.T) {
	a := startApp(t)
	ctx := context.Background()
	ed := a.user("erkin@kotormo.test", "Erkin Editor", []newsroom.Role{newsroom.RoleEditor}, nil)
	trU := a.user("tilek@kotormo.test", "Tilek Translator", []newsroom.Role{newsroom.RoleTranslator}, []string{"ky"})
	rvU := a.user("roza@kotormo.test", "Roza Reviewer", []newsroom.Role{newsroom.RoleReviewer}, []string{"ky"})
	const (
		mandEN = "It protects refugees and stateless people."
		mandKY = "Ал качкындарды жана жарандыгы жок адамдарды коргойт."
	)
	mk := func(slug, body string) string {
		r, err := a.store.CreateRelease(ctx, ed, newsroom.NewRelease{Slug: slug, SourceLang: "en", Date: time.Date(2016, 10, 14, 0, 0, 0, 0, time.UTC),
			Content: newsroom.Content{Title: "Title " + slug, Lead: "Lead of " + slug + ".", Body: body}})
		if err != nil {
			t.Fatal(err)
		}
		return r.ID
	}
	first := mk("office", "The office opened in Bishkek in 1995. "+mandEN)
	if _, err := a.store.Save(ctx, trU, first, "ky", newsroom.Change{Content: newsroom.Content{Title: "Аталыш", Lead: "Лид.",
		Body: "Кеңсе Бишкекте 1995-жылы ачылган. " + mandKY}}); err != nil {
		t.Fatal(err)
	}
	for _, st := range []struct {
		u  *newsroom.User
		ac newsroom.Action
	}{{trU, newsroom.ActionSubmit}, {rvU, newsroom.ActionApprove}} {
		if _, err := a.store.Transition(ctx, st.u, first, "ky", newsroom.Change{Action: st.ac}); err != nil {
			t.Fatal(err)
		}
	}
	second := mk("clinic", "A clinic for 300 families opened in Naryn this week. "+mandEN)

	tr := a.session("translator")
	tr.login("tilek@kotormo.test")
	tr.open(fmt.Sprintf("/app/releases/%s/ky/edit", second))
	tr.waitFor("the match for the second sentence", `(() => { const m = document.querySelector('#p-1').closest('.tgt').querySelector('.tm-match[data-unit="sentence"]'); return !!m && m.querySelector('.tm-sentence q').textContent === `+fmt.Sprintf("%q", mandEN)+` && m.querySelector('.tm-insert').dataset.score === '100' })()`, 20*time.Second)
	tr.screenshot("assistant-sentence-match")
	tr.typeInto("#f-title", "Нарындагы клиника")
	tr.typeInto("#p-1", "Нарында клиника ачылды.")
	tr.do(chromedp.KeyEvent("1", chromedp.KeyModifiers(chromedp.ModifierCtrl)))
	tr.waitFor("the sentence's translation after the typed one", fmt.Sprintf(`document.getElementById('p-1').value === %q`, "Нарында клиника ачылды. "+mandKY), 5*time.Second)
	tr.waitStatus("saved", 20*time.Second) // inserting is an edit: autosave follows
}
