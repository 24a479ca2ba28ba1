package editor_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/kotormo/kotormo/internal/newsroom"
	"github.com/kotormo/kotormo/internal/webhook"
)

// TestBrowserAdminSeesAWebhookAndItsFailingDelivery registers an endpoint
// whose receiver answers 500, creates a release, and opens the webhooks
// page once the server's dispatcher has tried it: the endpoint, its events
// and the waiting delivery show, and the page logs no console error.
func TestBrowserAdminSeesAWebhookAndItsFailingDelivery(t *testing.T) {
	a := startApp(t)
	admin := a.user("admin@x.test", "Aida Admin", []newsroom.Role{newsroom.RoleAdmin}, nil)
	editor := a.user("editor@x.test", "Elena Editor", []newsroom.Role{newsroom.RoleEditor}, nil)
	hit := make(chan struct{}, 10)
	rcv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusInternalServerError)
		select {
		case hit <- struct{}{}:
		default:
		}
	}))
	t.Cleanup(rcv.Close)
	ctx := context.Background()
	if _, err := a.store.CreateWebhook(ctx, admin, webhook.NewEndpoint{URL: rcv.URL + "/hook", Events: []webhook.Event{webhook.Created, webhook.Published}}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.store.CreateRelease(ctx, editor, newsroom.NewRelease{
		SourceLang: "en", Date: time.Date(2026, 10, 14, 0, 0, 0, 0, time.UTC), Places: map[string]string{"en": "Bishkek"},
		Content: newsroom.Content{Title: "Solar pumps reach Naryn", Body: "Text."},
	}); err != nil {
		t.Fatal(err)
	}
	select {
	case <-hit:
	case <-time.After(10 * time.Second):
		t.Fatal("the dispatcher never tried the endpoint")
	}

	tb := a.session("admin")
	tb.login("admin@x.test")
	tb.open("/app/admin/webhooks")
	tb.waitFor("the delivery table", `document.querySelector("table.deliveries tbody tr") !== null`, 5*time.Second)
	main := tb.text("main")
	for _, want := range []string{rcv.URL + "/hook", "release.created", "release.published", "waiting"} {
		if !strings.Contains(main, want) {
			t.Errorf("the page lacks %q: %s", want, main)
		}
	}
	if cur := tb.eval(`document.querySelector('nav a[aria-current="page"]').getAttribute("href")`); cur != "/app/admin/webhooks" {
		t.Errorf("current navigation link %q", cur)
	}
	tb.screenshot("webhooks")
}

// TestBrowserAdminAddsAWebhookSeesItsSecretOnceAndDeletesIt registers an
// endpoint through the editor's form — first with a URL the domain refuses,
// which comes back with the error and what was typed — sees the signing
// secret once, and deletes the endpoint after confirming. Each page passes
// a small accessibility audit, and no page logs a console error.
func TestBrowserAdminAddsAWebhookSeesItsSecretOnceAndDeletesIt(t *testing.T) {
	a := startApp(t)
	admin := a.user("admin@x.test", "Aida Admin", []newsroom.Role{newsroom.RoleAdmin}, nil)
	rcv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusNoContent) }))
	t.Cleanup(rcv.Close)
	ctx := context.Background()

	tb := a.session("admin")
	errs := consoleErrors(tb)
	tb.login("admin@x.test")
	tb.open("/app/admin/webhooks")
	tb.waitFor("the webhook form", `document.querySelector('form[action="/app/admin/webhooks"]') !== null`, 5*time.Second)
	audit(tb, "the empty webhooks page")

	tb.typeInto("#wh-url", "http://hooks.example.org/kotormo")
	tb.do(chromedp.Click(`input[value="release.published"]`, chromedp.NodeVisible))
	tb.click(`form[action="/app/admin/webhooks"] button[type=submit]`)
	if got := tb.text("#page-error"); !strings.Contains(got, "must start with https://") {
		t.Fatalf("no error for a plain http URL to another machine: %q", got)
	}
	if got := tb.value("#wh-url"); got != "http://hooks.example.org/kotormo" {
		t.Errorf("the URL typed is not kept: %q", got)
	}
	if tb.eval(`String(document.querySelector('input[value="release.published"]').checked)`) != "true" {
		t.Error("the event chosen is not kept")
	}
	if tb.eval(`document.getElementById("wh-url").getAttribute("aria-invalid") || ""`) != "true" {
		t.Error("the URL field is not marked invalid")
	}
	audit(tb, "the refused form")
	if eps, _ := a.store.Webhooks(ctx, admin); len(eps) != 0 {
		t.Fatalf("a refused form registered %d endpoints", len(eps))
	}

	hook := rcv.URL + "/hook"
	tb.eval(`document.getElementById("wh-url").value = ""; ""`)
	tb.typeInto("#wh-url", hook)
	tb.do(chromedp.Click(`input[value="release.corrected"]`, chromedp.NodeVisible))
	tb.click(`form[action="/app/admin/webhooks"] button[type=submit]`)
	tb.waitFor("the secret", `document.getElementById("wh-secret") !== null`, 5*time.Second)
	secret := tb.value("#wh-secret")
	if len(secret) != 64 {
		t.Fatalf("secret %q", secret)
	}
	eps, err := a.store.Webhooks(ctx, admin)
	if err != nil || len(eps) != 1 || eps[0].URL != hook || len(eps[0].Events) != 2 {
		t.Fatalf("endpoints after the form: %+v, %v", eps, err)
	}
	audit(tb, "the page with the new secret")
	tb.screenshot("webhook-added")

	tb.open("/app/admin/webhooks")
	tb.waitFor("the endpoint", `document.querySelector("main h2.mono") !== null`, 5*time.Second)
	if tb.has("#wh-secret") || strings.Contains(tb.eval(`document.documentElement.outerHTML`), secret) {
		t.Fatal("the secret is shown a second time")
	}

	tb.click(`a[href="/app/admin/webhooks/` + eps[0].ID + `/delete"]`)
	if !strings.Contains(tb.text("main"), hook) {
		t.Fatalf("the confirmation does not name the endpoint: %s", tb.text("main"))
	}
	if n, _ := a.store.Webhooks(ctx, admin); len(n) != 1 {
		t.Fatal("asking deleted the endpoint")
	}
	audit(tb, "the confirmation")
	tb.click(`form[action="/app/admin/webhooks/` + eps[0].ID + `/delete"] button[type=submit]`)
	if got := tb.text(".flash"); got != "Webhook deleted." {
		t.Errorf("flash %q", got)
	}
	if eps, _ := a.store.Webhooks(ctx, admin); len(eps) != 0 {
		t.Errorf("%d endpoints after the deletion", len(eps))
	}
	if strings.Contains(tb.text("main"), hook) {
		t.Error("the deleted endpoint is still listed")
	}
	audit(tb, "the list after the deletion")
	// The refused form is answered 400, which Chromium logs as a network
	// error; that one is expected, anything else is not.
	refused := "network: Failed to load resource: the server responded with a status of 400 (Bad Request) (" + a.base + "/app/admin/webhooks:1)"
	for _, m := range errs() {
		if m != refused {
			t.Errorf("console: %s", m)
		}
	}
}

// consoleErrors collects the tab's console errors and uncaught exceptions;
// the function it returns gives those seen so far.
func consoleErrors(tb *tab) func() []string {
	var mu sync.Mutex
	var seen []string
	msgs := chromedp.Console(tb.ctx)
	go func() {
		for m, err := range msgs {
			if err != nil {
				return
			}
			if m.IsException() || m.Type == chromedp.ConsoleError {
				mu.Lock()
				src := string(m.Type)
				if m.Source != "" {
					src = m.Source
				}
				seen = append(seen, fmt.Sprintf("%s: %s (%s:%d)", src, m.Text, m.URL, m.Line+1))
				mu.Unlock()
			}
		}
	}()
	return func() []string {
		mu.Lock()
		defer mu.Unlock()
		return slices.Clone(seen)
	}
}

// auditJS checks what a screen-reader or keyboard user needs from a page
// of the interface: a language, one h1, unique IDs, a name for every form
// control, link and button, a legend for every fieldset, and references
// (label for, aria-describedby, aria-labelledby) that lead somewhere.
const auditJS = `(() => {
  const out = [];
  if (!document.documentElement.lang) out.push("html has no lang");
  const h1 = document.querySelectorAll("h1").length;
  if (h1 !== 1) out.push(h1 + " h1 elements");
  const ids = {};
  for (const e of document.querySelectorAll("[id]")) {
    if (ids[e.id]) out.push("duplicate id " + e.id);
    ids[e.id] = true;
  }
  const named = (e) => (e.getAttribute("aria-label") || "").trim() ||
    (e.labels && Array.from(e.labels).map(l => l.textContent).join("").trim()) ||
    (e.getAttribute("aria-labelledby") || "").split(/\s+/).map(i => (document.getElementById(i) || {}).textContent || "").join("").trim() ||
    ((e.tagName === "A" || e.tagName === "BUTTON") ? e.textContent.trim() : "");
  for (const e of document.querySelectorAll("input:not([type=hidden]), select, textarea, button, a[href]")) {
    if (!named(e)) out.push("no accessible name: " + e.outerHTML.slice(0, 80));
  }
  for (const f of document.querySelectorAll("fieldset")) {
    const l = f.querySelector("legend");
    if (!l || !l.textContent.trim()) out.push("fieldset without a legend");
  }
  for (const e of document.querySelectorAll("[aria-describedby], [aria-labelledby]")) {
    for (const a of ["aria-describedby", "aria-labelledby"]) {
      for (const i of (e.getAttribute(a) || "").split(/\s+/).filter(Boolean)) {
        if (!document.getElementById(i)) out.push(a + " points to missing #" + i);
      }
    }
  }
  for (const l of document.querySelectorAll("label[for]")) {
    if (!document.getElementById(l.htmlFor)) out.push("label for missing #" + l.htmlFor);
  }
  return out.join("; ");
})()`

// audit fails the test with what auditJS finds on the open page.
func audit(tb *tab, what string) {
	tb.a.t.Helper()
	if got := tb.eval(auditJS); got != "" {
		tb.a.t.Errorf("%s: %s", what, got)
	}
}
