package editor_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/kotormo/kotormo/internal/newsroom"
	"github.com/kotormo/kotormo/internal/qa"
)

const (
	asClosingEN = "UNHCR, the UN Refugee Agency, has worked in Kyrgyzstan since 1995. It protects refugees and stateless people."
	asClosingKY = "БУУнун Качкындар боюнча Жогорку комиссарынын башкармалыгы Кыргызстанда 1995-жылдан бери иштейт. Ал качкындарды жана жарандыгы жок адамдарды коргойт."
	asAgencyKY  = "БУУнун Качкындар боюнча Жогорку комиссарынын башкармалыгы"
)

// TestBrowserTranslatorsAssistant runs the acceptance scenario of the
// translator's assistant in Chromium: the memory offers the shared closing
// paragraph, pre-translation fills it, the quality checks flag a wrong
// figure, a Latin letter and a missing glossary term in their paragraphs,
// and the reviewer approves only with an override reason, which is audited.
func TestBrowserTranslatorsAssistant(t *testing.T) {
	a := startApp(t)
	ctx := context.Background()
	ed := a.user("erkin@kotormo.test", "Erkin Editor", []newsroom.Role{newsroom.RoleEditor}, nil)
	trU := a.user("tilek@kotormo.test", "Tilek Translator", []newsroom.Role{newsroom.RoleTranslator}, []string{"ky"})
	rvU := a.user("roza@kotormo.test", "Roza Reviewer", []newsroom.Role{newsroom.RoleReviewer}, []string{"ky"})
	if _, err := a.store.PutGlossaryTerm(ctx, ed, "en", "ky", "", qa.Term{Source: "UNHCR", Translations: []string{asAgencyKY}, WordForms: true}); err != nil {
		t.Fatal(err)
	}
	mk := func(slug, title, lead, body string) string {
		r, err := a.store.CreateRelease(ctx, ed, newsroom.NewRelease{Slug: slug, SourceLang: "en", Date: time.Date(2016, 10, 14, 0, 0, 0, 0, time.UTC),
			Content: newsroom.Content{Title: title, Lead: lead, Body: body}})
		if err != nil {
			t.Fatal(err)
		}
		return r.ID
	}
	first := mk("twenty-years", "UNHCR marks 20 years", "UNHCR has spent over $62 million since 1995.", "The office opened in Bishkek in 1995.\n\n"+asClosingEN)
	if _, err := a.store.Save(ctx, trU, first, "ky", newsroom.Change{Content: newsroom.Content{
		Title: asAgencyKY + " 20 жыл", Lead: asAgencyKY + " 1995-жылдан бери 62 миллион доллардан ашык каражат сарптады.",
		Body: "Кеңсе Бишкекте 1995-жылы ачылган.\n\n" + asClosingKY}}); err != nil {
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
	second := mk("new-school", "New school for refugee children", "UNHCR has spent over $62 million on schools.",
		"UNHCR opened a school for 300 children.\n\nThe school has 12 classrooms.\n\n"+asClosingEN)

	tr := a.session("translator")
	tr.login("tilek@kotormo.test")
	tr.open(fmt.Sprintf("/app/releases/%s/ky/edit", second))

	// The closing paragraph is offered at 100 %, the agency highlighted.
	tr.waitFor("the memory's match for the closing paragraph", `(() => { const b = document.querySelector('#p-3') && document.querySelector('#p-3').closest('.tgt').querySelector('.tm-insert'); return !!b && Number(b.dataset.score) >= 100 })()`, 20*time.Second)
	tr.waitFor("the glossary term in the source", `(() => { const m = document.querySelector('.src mark.term'); return !!m && m.dataset.translation === `+fmt.Sprintf("%q", asAgencyKY)+` })()`, 20*time.Second)
	tr.screenshot("assistant-matches")

	// Pre-translate fills it, and the editor says it came from memory.
	tr.click("#btn-pretranslate")
	if got := tr.value("#p-3"); got != asClosingKY {
		t.Fatalf("pre-translated closing paragraph: %q", got)
	}
	tr.waitFor("the from-memory mark", `document.getElementById('p-3').dataset.fromMemory === 'true'`, 10*time.Second)
	if got := tr.text("#from-memory"); !strings.Contains(got, "1 of 3") {
		t.Errorf("from memory: %q", got)
	}

	// The translator types the rest: a wrong figure, a Latin "a", no agency name.
	tr.eval(`(() => { document.getElementById('f-title').value = ''; return '' })()`)
	tr.typeInto("#f-title", "Качкын балдар үчүн жаңы мектеп")
	tr.typeInto("#f-lead", "Уюм мектептерге 26 миллион доллардан ашык каражат сарптады.")
	tr.typeInto("#p-1", "Уюм 300 бала үчүн мектеп ачты.")
	// Ctrl+Enter: done, on to the next empty paragraph.
	tr.do(chromedp.KeyEvent("\r", chromedp.KeyModifiers(chromedp.ModifierCtrl)))
	tr.waitFor("focus on the next empty paragraph", `document.activeElement && document.activeElement.id === 'p-2'`, 5*time.Second)
	tr.do(chromedp.KeyEvent("a", chromedp.KeyModifiers(chromedp.ModifierCtrl)))
	tr.do(chromedp.KeyEvent("Мектепте 12 клaсс бар."))
	tr.waitFor("progress", `document.getElementById('progress-count').textContent === '3/3'`, 5*time.Second)
	tr.waitStatus("saved", 20*time.Second)

	tr.open(fmt.Sprintf("/app/releases/%s/ky/edit", second))
	tr.waitFor("findings beside their fields", `!!document.querySelector('#p-2').closest('.tgt').querySelector('.qa-inline.qa-error') && !!document.querySelector('#p-1').closest('.tgt').querySelector('.qa-inline') && !!document.querySelector('#f-lead').closest('.tgt').querySelector('.qa-inline.qa-error')`, 10*time.Second)
	tr.screenshot("assistant-findings")
	tr.click("#btn-submit")

	rv := a.session("reviewer")
	rv.login("roza@kotormo.test")
	rv.open(fmt.Sprintf("/app/releases/%s/ky/review", second))
	qaText := rv.text("#qa")
	for _, want := range []string{"62 million", "клaсс", "UNHCR"} {
		if !strings.Contains(qaText, want) {
			t.Errorf("the review page's findings lack %q: %s", want, qaText)
		}
	}
	if !rv.has("#qa-override[required]") {
		t.Fatal("no required override reason")
	}
	rv.typeInto("#qa-override", "Figures confirmed with the editor.")
	rv.click("#btn-approve")
	if v := a.version(second, "ky"); v.State != newsroom.StateApproved {
		t.Fatalf("state after approval: %s", v.State)
	}
	log, err := a.store.Audit(ctx, second)
	if err != nil {
		t.Fatal(err)
	}
	if last := log[len(log)-1]; !strings.Contains(last.Comment, "Figures confirmed with the editor.") {
		t.Fatalf("audit: %+v", last)
	}
}
