package editor

import (
	"net/http"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/kotormo/kotormo/internal/newsroom"
)

// effectiveLangs walks an HTML page and calls f with every non-blank text
// and the language that applies to it (the nearest lang attribute).
func effectiveLangs(t *testing.T, page string, f func(text, lang string)) {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	var walk func(n *html.Node, lang string)
	walk = func(n *html.Node, lang string) {
		if n.Type == html.ElementNode {
			for _, a := range n.Attr {
				if a.Key == "lang" {
					lang = a.Val
				}
			}
			if n.Data == "script" || n.Data == "style" || n.Data == "textarea" || n.Data == "title" {
				return // form content is checked by its element's own lang; a <title> cannot mark its parts
			}
		}
		if n.Type == html.TextNode {
			if s := strings.TrimSpace(n.Data); s != "" {
				f(s, lang)
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, lang)
		}
	}
	walk(doc, "")
}

func TestEditorPagesMarkEveryTextWithItsLanguage(t *testing.T) {
	e := newEnv(t)
	rel := e.release("langs", enTitle, enLead, enBody)
	e.save("trky", rel.ID, "ky", 0, kyText)
	e.transition("trky", rel.ID, "ky", newsroom.ActionSubmit, "")
	// Interface strings of the Russian interface that appear on these pages.
	ui := []string{"Заголовок", "Лид", "Оригинал", "Перевод", "История"}
	pages := []struct{ path, who string }{
		{"/app/", "editor"},
		{"/app/", "rvky"},
		{releaseHref(rel.ID), "editor"},
		{editHref(rel.ID, "ky"), "editor"},
		{reviewHref(rel.ID, "ky"), "rvky"},
		{historyHref(rel.ID, "ky"), "editor"},
		{releaseHref(rel.ID) + "/en/edit", "editor"},
	}
	for _, p := range pages {
		t.Run(p.path+" as "+p.who, func(t *testing.T) {
			r := e.get(p.path, p.who, "Accept-Language", "ru")
			expect(t, r, http.StatusOK)
			effectiveLangs(t, r.body, func(text, lang string) {
				switch {
				case strings.Contains(text, enTitle) && lang != "en":
					t.Errorf("the English title %q is marked %q", text, lang)
				case strings.Contains(text, kyText.Title) && lang != "ky":
					t.Errorf("the Kyrgyz title %q is marked %q", text, lang)
				}
				for _, s := range ui {
					if (text == s || strings.HasPrefix(text, s+" ")) && lang != "ru" {
						t.Errorf("the interface label %q is marked %q", text, lang)
					}
				}
			})
		})
	}
}
