package editor_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/kotormo/kotormo/internal/newsroom"
)

// TestBrowserEditorAddsAGlossaryTermAndSeesItHighlightedInTheSource goes
// from the navigation to the en → ky glossary, adds a term through the
// form, and opens the side-by-side editor of a release whose source holds
// the term: the term is marked in the source pane with its approved
// translation. Each glossary page passes the accessibility audit, and no
// page logs a console error.
func TestBrowserEditorAddsAGlossaryTermAndSeesItHighlightedInTheSource(t *testing.T) {
	a := startApp(t)
	ctx := context.Background()
	ed := a.user("erkin@kotormo.test", "Erkin Editor", []newsroom.Role{newsroom.RoleEditor}, nil)
	r, err := a.store.CreateRelease(ctx, ed, newsroom.NewRelease{Slug: "stateless", SourceLang: "en", Date: time.Date(2026, 10, 14, 0, 0, 0, 0, time.UTC),
		Content: newsroom.Content{Title: "Ending statelessness", Lead: "Kyrgyzstan helped stateless people get papers.", Body: "Over 13,000 stateless people were helped.\n\nThe work goes on."}})
	if err != nil {
		t.Fatal(err)
	}

	tb := a.session("editor")
	errs := consoleErrors(tb)
	tb.login("erkin@kotormo.test")
	tb.click(`nav a[href="/app/glossaries"]`)
	tb.waitFor("the language pairs", `document.getElementById("glossary-en-ky") !== null`, 5*time.Second)
	audit(tb, "the glossaries page")
	tb.click("#glossary-en-ky")
	tb.waitFor("the add form", `document.getElementById("add-term") !== null`, 5*time.Second)
	audit(tb, "the empty glossary")

	const ky = "жарандыгы жок"
	tb.typeInto("#add-source", "stateless")
	tb.typeInto("#add-translations", ky)
	tb.typeInto("#add-note", "Not «жарансыз».")
	tb.click("#add-term-submit")
	if got := tb.text(".flash"); got != "Term added." {
		t.Errorf("flash %q", got)
	}
	row := tb.text("#glossary-terms tbody")
	for _, want := range []string{"stateless", ky, "Not «жарансыз».", "Match word forms"} {
		if !strings.Contains(row, want) {
			t.Errorf("the term's row lacks %q: %s", want, row)
		}
	}
	audit(tb, "the glossary with its term")
	tb.screenshot("glossary")

	tb.open(fmt.Sprintf("/app/releases/%s/ky/edit", r.ID))
	tb.waitFor("the term highlighted in the source pane", `(() => { const m = document.querySelector('.src mark.term'); return !!m && m.dataset.translation === `+fmt.Sprintf("%q", ky)+` })()`, 20*time.Second)
	// Word forms are on by default, so "statelessness" in the title is
	// marked too; the lead's "stateless" itself must be.
	if got := tb.eval(`Array.from(document.querySelectorAll('.src mark.term')).map(m => m.textContent).join("|")`); !strings.Contains("|"+got+"|", "|stateless|") {
		t.Errorf("highlighted %q", got)
	}

	// The editor links back to the pair's glossary, where deleting asks first.
	tb.click(`#glossary-link a[href="/app/glossaries/en/ky"]`)
	tb.waitFor("the glossary", `document.getElementById("glossary-terms") !== null`, 5*time.Second)
	tb.click(`#glossary-terms a[href$="/delete"]`)
	tb.waitFor("the confirmation", `document.getElementById("term-confirm") !== null`, 5*time.Second)
	audit(tb, "the confirmation")
	tb.click("#term-delete-confirm")
	if got := tb.text(".flash"); got != "Term deleted." {
		t.Errorf("flash %q", got)
	}
	if !tb.has("#no-terms") {
		t.Error("the deleted term is still listed")
	}
	for _, m := range errs() {
		t.Errorf("console: %s", m)
	}
}
