package api_test

import (
	"net/http"
	"strings"
	"testing"
)

func TestAdminsManageWebhooksAndSeeTheirDeliveryLog(t *testing.T) {
	e := newEnv(t, "")
	body := map[string]any{"url": "https://hooks.example.org/k", "events": []string{"release.created", "release.published"}}

	errorOf(t, e.as("editor", "POST", "/webhooks", body), http.StatusForbidden, "forbidden")
	errorOf(t, e.as("editor", "GET", "/webhooks", nil), http.StatusForbidden, "forbidden")
	errorOf(t, e.as("", "GET", "/webhooks", nil), http.StatusUnauthorized, "unauthorized")
	for _, bad := range []map[string]any{
		{"url": "http://hooks.example.org/k", "events": []string{"release.published"}},
		{"url": "https://hooks.example.org/k", "events": []string{}},
		{"url": "https://hooks.example.org/k", "events": []string{"release.deleted"}},
		{"url": "https://hooks.example.org/k", "events": []string{"release.published"}, "secret": "mine"},
	} {
		errorOf(t, e.as("admin", "POST", "/webhooks", bad), http.StatusBadRequest, "invalid")
	}

	ep := e.ok(http.StatusCreated, "admin", "POST", "/webhooks", body)
	if ep.s("id") == "" || len(ep.s("secret")) != 64 || ep.s("url") != body["url"] {
		t.Fatalf("created: %v", ep)
	}
	l := e.ok(http.StatusOK, "admin", "GET", "/webhooks", nil)
	if hs := l.list("webhooks"); len(hs) != 1 || hs[0].s("id") != ep.s("id") || hs[0]["secret"] != nil || len(l["events"].([]any)) != 4 {
		t.Fatalf("list: %v", l)
	}

	e.ok(http.StatusCreated, "editor", "POST", "/releases", map[string]any{"date": "2024-03-01", "title": "Hooked", "body": "Text."})
	ds := e.ok(http.StatusOK, "admin", "GET", "/webhooks/"+ep.s("id")+"/deliveries", nil).list("deliveries")
	if len(ds) != 1 || ds[0].s("event") != "release.created" || ds[0].s("state") != "pending" || !strings.HasSuffix(ds[0].s("id"), ep.s("id")) {
		t.Fatalf("deliveries: %v", ds)
	}
	errorOf(t, e.as("admin", "GET", "/webhooks/"+ep.s("id")+"/deliveries?limit=x", nil), http.StatusBadRequest, "invalid")
	errorOf(t, e.as("admin", "GET", "/webhooks/nope/deliveries", nil), http.StatusNotFound, "not_found")

	e.ok(http.StatusNoContent, "admin", "DELETE", "/webhooks/"+ep.s("id"), nil)
	errorOf(t, e.as("admin", "DELETE", "/webhooks/"+ep.s("id"), nil), http.StatusNotFound, "not_found")
}
