package editor_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

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
