package editor

import (
	"context"
	"net/http"
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
