package editor_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/kotormo/kotormo/internal/demo"
	"github.com/kotormo/kotormo/internal/newsroom"
)

// dayRelease makes a release whose Kyrgyz version is published.
func dayRelease(t *testing.T, a *app, slug string) (rel *newsroom.Release, editor, tr, rv *newsroom.User) {
	t.Helper()
	ctx := context.Background()
	editor = a.user("editor@kotormo.test", "Elena Editor", []newsroom.Role{newsroom.RoleEditor}, nil)
	tr = a.user("tilek@kotormo.test", "Tilek Translator", []newsroom.Role{newsroom.RoleTranslator}, []string{"ky"})
	rv = a.user("rv@kotormo.test", "Raya Reviewer", []newsroom.Role{newsroom.RoleReviewer}, []string{"ky"})
	rel, err := a.store.CreateRelease(ctx, editor, newsroom.NewRelease{
		Slug: slug, SourceLang: "en", Date: time.Date(2026, 10, 14, 0, 0, 0, 0, time.UTC),
		Content: newsroom.Content{Title: "Solar pumps", Lead: "Water for villages.", Body: "First paragraph.\n\nSecond paragraph."},
	})
	if err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		who *newsroom.User
		ch  newsroom.Change
	}{
		{tr, newsroom.Change{Action: newsroom.ActionSave, BaseRev: 0, Content: newsroom.Content{Title: "Күн насостору", Lead: "Айылдарга суу.", Body: "Биринчи абзац.\n\nЭкинчи абзац."}}},
		{tr, newsroom.Change{Action: newsroom.ActionSubmit}},
		{rv, newsroom.Change{Action: newsroom.ActionApprove}},
		{editor, newsroom.Change{Action: newsroom.ActionPublish}},
	}
	for _, s := range steps {
		var err error
		if s.ch.Action == newsroom.ActionSave {
			_, err = a.store.Save(ctx, s.who, rel.ID, "ky", s.ch)
		} else {
			_, err = a.store.Transition(ctx, s.who, rel.ID, "ky", s.ch)
		}
		if err != nil {
			t.Fatalf("%s: %v", s.ch.Action, err)
		}
	}
	return rel, editor, tr, rv
}

// speak makes the tab's browser ask for lang.
func (tb *tab) speak(lang string) {
	tb.a.t.Helper()
	if _, err := chromedp.Call(tb.ctx, network.Enable, network.EnableParams{}); err != nil {
		tb.a.t.Fatal(err)
	}
	if _, err := chromedp.Call(tb.ctx, network.SetExtraHTTPHeaders, network.SetExtraHTTPHeadersParams{Headers: network.Headers{"Accept-Language": lang}}); err != nil {
		tb.a.t.Fatal(err)
	}
}

func TestBrowserPageStateFollowsASaveOfAPublishedText(t *testing.T) {
	a := startApp(t)
	rel, _, _, _ := dayRelease(t, a, "state")
	tr := a.session("translator")
	tr.speak("ky")
	tr.login("tilek@kotormo.test")
	tr.open(fmt.Sprintf("/app/releases/%s/ky/edit", rel.ID))
	tr.screenshot("editor-ky-version")
	if tr.visible("#btn-submit") {
		t.Fatal("a published text offers Submit before any change")
	}
	tr.typeInto("#f-title", " жаңы")
	tr.waitStatus("saved", 10*time.Second)
	tr.waitFor("the draft badge", `document.getElementById("state-badge").dataset.state === "draft"`, 5*time.Second)
	if !tr.visible("#btn-submit") {
		t.Error("after the save made a draft, Submit is not offered")
	}
	if tr.visible("#reopens") {
		t.Error("the page still says that saving will reopen the published text")
	}
	if got := tr.text("#rev-label"); !strings.Contains(got, "2") {
		t.Errorf("the revision label says %q after saving revision 2", got)
	}
	if got := tr.text("#h-title"); got != "Күн насостору жаңы" {
		t.Errorf("the heading says %q", got)
	}
	// Ctrl+Enter submits without a reload.
	tr.waitLoad(chromedp.KeyEvent("\r", chromedp.KeyModifiers(chromedp.ModifierCtrl)))
	if v := a.version(rel.ID, "ky"); v.State != newsroom.StateInReview {
		t.Errorf("Ctrl+Enter left the text %s", v.State)
	}
}

func TestBrowserOthersSavesAreAnnounced(t *testing.T) {
	a := startApp(t)
	rel, _, _, _ := dayRelease(t, a, "poll")
	a.user("bakyt@kotormo.test", "Bakyt Translator", []newsroom.Role{newsroom.RoleTranslator}, []string{"ky"})
	edit := fmt.Sprintf("/app/releases/%s/ky/edit", rel.ID)
	one := a.session("first")
	one.login("tilek@kotormo.test")
	one.open(edit)
	two := a.session("second")
	two.login("bakyt@kotormo.test")
	two.open(edit)

	one.typeInto("#f-lead", " Биринчи.")
	one.waitStatus("saved", 10*time.Second)
	// The second typed nothing: their page takes the newer text and says so.
	two.waitFor("the newer-revision notice", `!document.getElementById("newer").hidden`, 40*time.Second)
	if got := two.value("#f-lead"); got != "Айылдарга суу. Биринчи." {
		t.Errorf("the idle editor shows the lead %q", got)
	}
	// Now the second types but has not saved yet when the first saves again:
	// the second sees both texts instead of losing either.
	two.eval(`document.getElementById("editor").dataset.poll = "off"`)
	one.typeInto("#f-lead", " Дагы.")
	one.waitStatus("saved", 10*time.Second)
	two.typeInto("#p-2", " Экинчи киши.")
	two.eval(`document.getElementById("editor").dataset.poll = ""`)
	two.waitStatus("conflict", 40*time.Second)
	// The status changes first; their text is fetched, then the panel opens.
	two.waitFor("the conflict panel", `!document.getElementById("conflict").hidden`, 10*time.Second)
	if got := two.value("#their-lead"); got != "Айылдарга суу. Биринчи. Дагы." {
		t.Errorf("their lead = %q", got)
	}
	if got := two.value("#p-2"); !strings.HasSuffix(got, "Экинчи киши.") {
		t.Errorf("the typed text was lost: %q", got)
	}
}

func TestBrowserLayoutOfTheTranslatorsPages(t *testing.T) {
	a := startApp(t)
	rel, _, _, _ := dayRelease(t, a, "layout")
	tr := a.session("translator")
	tr.speak("ru")
	tr.login("tilek@kotormo.test")
	tr.open(fmt.Sprintf("/app/releases/%s/ky/edit", rel.ID))
	t.Run("the page keeps focused fields clear of the sticky toolbar", func(t *testing.T) {
		if got := tr.eval(`getComputedStyle(document.documentElement).scrollPaddingTop`); got == "auto" || got == "0px" {
			t.Errorf("scroll-padding-top is %q", got)
		}
	})
	t.Run("a long title stays in sight", func(t *testing.T) {
		long := strings.Repeat("Кыргыз Республикасынын өкмөтү ", 6)
		tr.eval(fmt.Sprintf(`(() => { const e = document.getElementById("f-title"); e.value = %q; e.dispatchEvent(new Event("input", {bubbles: true})); return ""; })()`, long))
		if got := tr.eval(`(() => { const e = document.getElementById("f-title"); return e.tagName + ":" + (e.scrollHeight <= e.clientHeight + 2) + ":" + (e.clientHeight > 50); })()`); got != "TEXTAREA:true:true" {
			t.Errorf("title field (tag:fits:grew) = %s", got)
		}
	})
	tr.waitStatus("saved", 10*time.Second) // the long title: revision 2
	tr.screenshot("editor-ru-version")
	t.Run("Restore asks first", func(t *testing.T) {
		tr.open(fmt.Sprintf("/app/releases/%s/ky/history", rel.ID))
		if !tr.has(`button[form^="restore-"]`) {
			t.Fatal("no Restore button on the history page")
		}
		before := a.version(rel.ID, "ky").Rev
		tr.eval(`window.confirm = (m) => { window.asked = m; return false; }; ""`)
		tr.do(chromedp.Click(chromedp.CSS(`button[form^="restore-"]`), chromedp.NodeVisible))
		if got := tr.eval(`window.asked || ""`); !strings.Contains(got, "Восстановить редакцию") {
			t.Errorf("asked %q", got)
		}
		if a.version(rel.ID, "ky").Rev != before {
			t.Error("a declined Restore restored")
		}
	})
	t.Run("the review decision comes after the text", func(t *testing.T) {
		rv := a.session("reviewer")
		rv.login("rv@kotormo.test")
		tr.open(fmt.Sprintf("/app/releases/%s/ky/edit", rel.ID))
		tr.typeInto("#p-1", " Оңдолду.")
		tr.waitStatus("saved", 10*time.Second)
		tr.waitLoad(chromedp.KeyEvent("\r", chromedp.KeyModifiers(chromedp.ModifierCtrl)))
		rv.open(fmt.Sprintf("/app/releases/%s/ky/review", rel.ID))
		if got := rv.eval(`(() => { const s = document.getElementById("h-side"), d = document.getElementById("h-decide"); return s && d && (s.compareDocumentPosition(d) & Node.DOCUMENT_POSITION_FOLLOWING) ? "after" : "before"; })()`); got != "after" {
			t.Errorf("the decision box comes %s the text", got)
		}
		rv.screenshot("editor-en-review")
	})
}

func TestBrowserAKyrgyzVisitorOfTheDemoFindsReleases(t *testing.T) {
	a := startApp(t)
	if _, err := demo.Load(context.Background(), a.store); err != nil {
		t.Fatal(err)
	}
	rd := a.session("reader")
	rd.speak("ky-KG,ky;q=0.9")
	// The reader site picks up the demo's publishes within its poll interval.
	deadline := time.Now().Add(10 * time.Second)
	for {
		rd.open("/")
		if strings.HasSuffix(rd.url(), "/ky/") && rd.eval(`String(document.querySelectorAll("ol.releases > li").length >= 2)`) == "true" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("a Kyrgyz browser lands on %s, listing: %s", rd.url(), rd.eval(`(document.querySelector("main") || {}).textContent || ""`))
		}
		time.Sleep(200 * time.Millisecond)
	}
	rd.screenshot("reader-ky-demo-home")
}

func TestBrowserTheConflictShowsTheDifferencesPartByPart(t *testing.T) {
	a := startApp(t)
	rel, _, _, _ := dayRelease(t, a, "diff")
	a.user("bakyt@kotormo.test", "Bakyt Translator", []newsroom.Role{newsroom.RoleTranslator}, []string{"ky"})
	edit := fmt.Sprintf("/app/releases/%s/ky/edit", rel.ID)
	one := a.session("first")
	one.login("tilek@kotormo.test")
	one.open(edit)
	two := a.session("second")
	two.speak("ru")
	two.login("bakyt@kotormo.test")
	two.open(edit)
	two.eval(`document.getElementById("editor").dataset.poll = "off"; ""`)

	one.typeInto("#p-1", " Тилек кошту.")
	one.waitStatus("saved", 10*time.Second)
	two.typeInto("#p-2", " Бакыт кошту.")
	two.waitStatus("conflict", 10*time.Second)
	two.waitFor("the differences", `!document.getElementById("conflict-diff").hidden`, 5*time.Second)
	parts := two.eval(`Array.from(document.querySelectorAll("#conflict-diff .cd-part")).map(p => p.querySelector("h4").textContent + "|" + Array.from(p.querySelectorAll("del,ins")).map(e => e.tagName + ":" + e.textContent.trim()).join(",")).join(";")`)
	if parts != "Абзац 1|DEL:Тилек кошту.;Абзац 2|INS:Бакыт кошту." {
		t.Errorf("differences = %q", parts)
	}
	two.screenshot("editor-ru-conflict")
	// Take theirs for paragraph 1 and keep mine for paragraph 2, then save.
	two.do(chromedp.Click(chromedp.CSS(`#conflict-diff .cd-part:nth-child(1) .cd-theirs`), chromedp.NodeVisible))
	if got := two.value("#p-1"); got != "Биринчи абзац. Тилек кошту." {
		t.Errorf("paragraph 1 after taking theirs: %q", got)
	}
	if got := two.value("#p-2"); got != "Экинчи абзац. Бакыт кошту." {
		t.Errorf("paragraph 2 lost the typed text: %q", got)
	}
	two.do(chromedp.Click(chromedp.CSS("#keep-mine"), chromedp.NodeVisible))
	two.waitStatus("saved", 10*time.Second)
	if got := a.text(rel.ID, "ky"); got.Body != "Биринчи абзац. Тилек кошту.\n\nЭкинчи абзац. Бакыт кошту." {
		t.Errorf("saved body %q", got.Body)
	}
}
