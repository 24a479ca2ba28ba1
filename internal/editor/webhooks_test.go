package editor

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/kotormo/kotormo/internal/webhook"
)

func TestAdminsSeeWebhookEndpointsWithTheirRecentDeliveries(t *testing.T) {
	e := newEnv(t)
	empty := e.get("/app/admin/webhooks", "admin")
	expect(t, empty, http.StatusOK)
	contains(t, empty.body, "No webhooks are registered.", `href="/app/admin/webhooks" aria-current="page"`)

	ep, err := e.store.CreateWebhook(context.Background(), e.users["admin"], webhook.NewEndpoint{URL: "https://hooks.example.org/kotormo", Events: []webhook.Event{webhook.Created}})
	if err != nil {
		t.Fatal(err)
	}
	idle := e.get("/app/admin/webhooks", "admin")
	contains(t, idle.body, "https://hooks.example.org/kotormo", "<code>release.created</code>", "Nothing sent yet.")
	lacks(t, idle.body, ep.Secret)

	e.release("solar", enTitle, enLead, enBody)
	r := e.get("/app/admin/webhooks", "admin")
	contains(t, r.body, "<td><code>release.created</code></td>", "<td>waiting</td>")
	expect(t, e.get("/app/admin/webhooks", "editor"), http.StatusForbidden)
}

var webhookSecretRE = regexp.MustCompile(`id="wh-secret" readonly value="([0-9a-f]+)"`)

// TestAdminsAddAndDeleteWebhooksInTheEditor goes through the form as an
// admin would: a good endpoint, two mistakes that keep what was typed, a
// deletion that asks first, and everyone else refused.
func TestAdminsAddAndDeleteWebhooksInTheEditor(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	endpoints := func() []*webhook.Endpoint {
		t.Helper()
		eps, err := e.store.Webhooks(ctx, e.users["admin"])
		if err != nil {
			t.Fatal(err)
		}
		return eps
	}

	t.Run("the empty page offers the form with every event", func(t *testing.T) {
		r := e.get("/app/admin/webhooks", "admin")
		expect(t, r, http.StatusOK)
		contains(t, r.body, `<form method="post" action="/app/admin/webhooks"`, `name="url"`,
			`value="release.published"`, `value="release.unpublished"`, `value="release.corrected"`, `value="release.created"`,
			"Release published", "Release unpublished", "Correction published", "Release created")
		lacks(t, r.body, "registered and removed through the API")
	})

	var id string
	t.Run("an admin adds an endpoint and sees its secret once", func(t *testing.T) {
		r := e.post("/app/admin/webhooks", "admin", url.Values{"url": {"https://hooks.example.org/kotormo"}, "event": {"release.published", "release.corrected"}})
		expect(t, r, http.StatusCreated)
		m := webhookSecretRE.FindStringSubmatch(r.body)
		if m == nil || len(m[1]) != 64 {
			t.Fatalf("no secret on the page: %s", r.body)
		}
		contains(t, r.body, "Copy the secret now", "https://hooks.example.org/kotormo")
		if r.Header().Get("Cache-Control") != "no-store" {
			t.Error("the page with the secret may be cached")
		}
		eps := endpoints()
		if len(eps) != 1 || eps[0].URL != "https://hooks.example.org/kotormo" || !eps[0].Wants(webhook.Published) || !eps[0].Wants(webhook.Corrected) || eps[0].Wants(webhook.Created) {
			t.Fatalf("endpoints after the form: %+v", eps)
		}
		id = eps[0].ID
		again := e.get("/app/admin/webhooks", "admin")
		contains(t, again.body, "https://hooks.example.org/kotormo", "<code>release.corrected</code>")
		lacks(t, again.body, m[1], `id="wh-secret"`)
	})

	t.Run("a plain http URL to another machine is refused with the form kept", func(t *testing.T) {
		r := e.post("/app/admin/webhooks", "admin", url.Values{"url": {"http://hooks.example.org/x"}, "event": {"release.unpublished"}})
		expect(t, r, http.StatusBadRequest)
		contains(t, r.body, "must start with https://", `value="http://hooks.example.org/x"`, `aria-invalid="true"`)
		if !regexp.MustCompile(`value="release.unpublished"[^>]* checked`).MatchString(r.body) {
			t.Error("the chosen event is not kept")
		}
		lacks(t, r.body, `id="wh-secret"`)
		if n := len(endpoints()); n != 1 {
			t.Errorf("%d endpoints after a refused form", n)
		}
	})

	t.Run("an endpoint without events is refused with the URL kept", func(t *testing.T) {
		r := e.post("/app/admin/webhooks", "admin", url.Values{"url": {"https://other.example.org/"}})
		expect(t, r, http.StatusBadRequest)
		contains(t, r.body, "Choose at least one event", `value="https://other.example.org/"`)
		if n := len(endpoints()); n != 1 {
			t.Errorf("%d endpoints after a refused form", n)
		}
	})

	t.Run("the error is in the admin's interface language", func(t *testing.T) {
		ru := e.post("/app/admin/webhooks", "admin", url.Values{"url": {"ftp://x.example.org/"}, "event": {"release.created"}}, "Accept-Language", "ru")
		expect(t, ru, http.StatusBadRequest)
		contains(t, ru.body, "Адрес вебхука «ftp://x.example.org/» должен начинаться с https://", "Публикация исправления")
		ky := e.post("/app/admin/webhooks", "admin", url.Values{"url": {"https://x.example.org/"}}, "Accept-Language", "ky")
		expect(t, ky, http.StatusBadRequest)
		contains(t, ky.body, "жок дегенде бир окуяны тандаңыз", "Оңдоо жарыяланды")
	})

	t.Run("nobody but an admin sees the form or may post it", func(t *testing.T) {
		for _, who := range []string{"editor", "trky", "rvky"} {
			expect(t, e.get("/app/admin/webhooks", who), http.StatusForbidden)
			expect(t, e.post("/app/admin/webhooks", who, url.Values{"url": {"https://evil.example.org/"}, "event": {"release.created"}}), http.StatusForbidden)
			expect(t, e.get("/app/admin/webhooks/"+id+"/delete", who), http.StatusForbidden)
			expect(t, e.post("/app/admin/webhooks/"+id+"/delete", who, nil), http.StatusForbidden)
		}
		if n := len(endpoints()); n != 1 {
			t.Errorf("%d endpoints after refused posts", n)
		}
	})

	t.Run("a cross-site post is refused", func(t *testing.T) {
		r := e.post("/app/admin/webhooks", "admin", url.Values{"url": {"https://evil.example.org/"}, "event": {"release.created"}}, "Sec-Fetch-Site", "cross-site")
		expect(t, r, http.StatusForbidden)
		r = e.post("/app/admin/webhooks/"+id+"/delete", "admin", nil, "Origin", "https://evil.example")
		expect(t, r, http.StatusForbidden)
		if n := len(endpoints()); n != 1 {
			t.Errorf("%d endpoints after cross-site posts", n)
		}
	})

	t.Run("deleting asks first, then removes the endpoint", func(t *testing.T) {
		list := e.get("/app/admin/webhooks", "admin")
		contains(t, list.body, `href="/app/admin/webhooks/`+id+`/delete"`)
		ask := e.get("/app/admin/webhooks/"+id+"/delete", "admin")
		expect(t, ask, http.StatusOK)
		contains(t, ask.body, "Delete this webhook?", "https://hooks.example.org/kotormo",
			`<form method="post" action="/app/admin/webhooks/`+id+`/delete"`, `href="/app/admin/webhooks"`)
		if n := len(endpoints()); n != 1 {
			t.Fatal("asking deleted the endpoint")
		}
		r := e.post("/app/admin/webhooks/"+id+"/delete", "admin", nil)
		expect(t, r, http.StatusSeeOther)
		if r.location() != "/app/admin/webhooks" {
			t.Errorf("redirect to %q", r.location())
		}
		after := e.follow(r, "admin")
		contains(t, after.body, "Webhook deleted.", "No webhooks are registered.")
		lacks(t, after.body, "https://hooks.example.org/kotormo")
		if n := len(endpoints()); n != 0 {
			t.Errorf("%d endpoints after the deletion", n)
		}
	})

	t.Run("an unknown endpoint is a 404", func(t *testing.T) {
		expect(t, e.get("/app/admin/webhooks/"+id+"/delete", "admin"), http.StatusNotFound)
		expect(t, e.post("/app/admin/webhooks/"+id+"/delete", "admin", nil), http.StatusNotFound)
		expect(t, e.post("/app/admin/webhooks/nope/delete", "admin", nil), http.StatusNotFound)
	})
}

// TestTheWebhookFormUsesTheDomainsURLRule sends the URLs the domain's rule
// decides on through the form; the editor must agree with webhook.CheckURL.
func TestTheWebhookFormUsesTheDomainsURLRule(t *testing.T) {
	e := newEnv(t)
	for _, u := range []string{"https://a.example.org/h", "http://127.0.0.1:9/h", "http://localhost/h", "http://[::1]:8/h",
		"http://a.example.org/h", "https://user:pw@a.example.org/", "mailto:x@example.org", strings.Repeat("https://a.example.org/", 200)} {
		t.Run(u[:min(len(u), 40)], func(t *testing.T) {
			want := http.StatusCreated
			if webhook.CheckURL(u) != nil {
				want = http.StatusBadRequest
			}
			expect(t, e.post("/app/admin/webhooks", "admin", url.Values{"url": {u}, "event": {"release.created"}}), want)
		})
	}
}
