package editor

import (
	"context"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/kotormo/kotormo/internal/auth"
	"github.com/kotormo/kotormo/internal/newsroom"
	"github.com/kotormo/kotormo/internal/webhook"
)

// Webhooks lists, registers and removes webhook endpoints and shows their
// deliveries (mongodb.Store implements it; each method asks
// newsroom.CanAdminister, and CreateWebhook checks the endpoint with
// webhook.NewEndpoint.Validate, as for the API).
type Webhooks interface {
	Webhooks(ctx context.Context, actor *newsroom.User) ([]*webhook.Endpoint, error)
	CreateWebhook(ctx context.Context, actor *newsroom.User, in webhook.NewEndpoint) (*webhook.Endpoint, error)
	DeleteWebhook(ctx context.Context, actor *newsroom.User, id string) error
	WebhookDeliveries(ctx context.Context, actor *newsroom.User, id string, limit int) ([]*webhook.Delivery, error)
}

// deliveriesShown is how many recent deliveries the page shows per endpoint.
const deliveriesShown = 20

type webhookRow struct {
	Endpoint   *webhook.Endpoint
	Deliveries []*webhook.Delivery
}

// eventChoice is one event's box in the form.
type eventChoice struct {
	Event   webhook.Event
	Label   string // message ID of its name
	Checked bool
}

// eventLabels name the events in the interface.
var eventLabels = map[webhook.Event]string{
	webhook.Created:     "EdWebhookEventCreated",
	webhook.Published:   "EdWebhookEventPublished",
	webhook.Unpublished: "EdWebhookEventUnpublished",
	webhook.Corrected:   "EdWebhookEventCorrected",
}

// webhooksView is the webhooks page: the endpoints, the form as typed,
// and either the new endpoint's secret or the deletion to confirm.
type webhooksView struct {
	Rows   []webhookRow
	Events []eventChoice
	URL    string
	MaxURL int
	// Bad names the field the page's error is about: "url" or "events".
	Bad string
	// Created is the endpoint just registered, with its secret: shown
	// once, on the answer to the form, and never stored in a page again.
	Created *webhook.Endpoint
	// Confirm is the endpoint whose deletion the page asks to confirm.
	Confirm *webhook.Endpoint
}

func newWebhooksView(checked []webhook.Event) *webhooksView {
	v := &webhooksView{MaxURL: webhook.MaxURLBytes}
	for _, ev := range webhook.Events {
		c := eventChoice{Event: ev, Label: eventLabels[ev]}
		for _, x := range checked {
			c.Checked = c.Checked || x == ev
		}
		v.Events = append(v.Events, c)
	}
	return v
}

// webhooksPage shows every endpoint with its latest deliveries, and the
// form that registers another.
func (e *Editor) webhooksPage(c *gin.Context) {
	p := e.page(c, "EdWebhooks")
	p.Nav = "webhooks"
	e.takeFlash(c, p)
	e.renderWebhooks(c, http.StatusOK, p, newWebhooksView(nil))
}

func (e *Editor) renderWebhooks(c *gin.Context, status int, p *page, v *webhooksView) {
	if e.webhooks != nil && v.Confirm == nil {
		ctx, u := c.Request.Context(), auth.User(c)
		eps, err := e.webhooks.Webhooks(ctx, u)
		if err != nil {
			e.failErr(c, err)
			return
		}
		for _, ep := range eps {
			ds, err := e.webhooks.WebhookDeliveries(ctx, u, ep.ID, deliveriesShown)
			if err != nil {
				e.failErr(c, err)
				return
			}
			v.Rows = append(v.Rows, webhookRow{Endpoint: ep, Deliveries: ds})
		}
	}
	p.D = v
	e.render(c, status, "webhooks", p)
}

// requireWebhooks answers 404 when the server runs without webhooks.
func (e *Editor) requireWebhooks(c *gin.Context) bool {
	if e.webhooks == nil {
		e.notFound(c)
		return false
	}
	return true
}

// createWebhook registers the endpoint of the form through the same store
// call as POST /api/v1/webhooks, so the same rules apply. Like a new API
// token, the answer is the page itself with the secret, not a redirect:
// the secret cannot be shown again (the page is not cached: no-store).
// A refused form comes back with what was typed and the field marked.
func (e *Editor) createWebhook(c *gin.Context) {
	if !e.requireWebhooks(c) {
		return
	}
	p := e.page(c, "EdWebhooks")
	p.Nav = "webhooks"
	in := webhook.NewEndpoint{URL: c.PostForm("url")}
	for _, s := range c.PostFormArray("event") {
		in.Events = append(in.Events, webhook.Event(s))
	}
	ep, err := e.webhooks.CreateWebhook(c.Request.Context(), auth.User(c), in)
	if err != nil {
		status, msg := e.describe(c, p.L, err)
		if status >= 500 || status == http.StatusForbidden {
			e.failErr(c, err)
			return
		}
		v := newWebhooksView(in.Events)
		v.URL = in.URL
		if de, ok := newsroom.AsError(err); ok {
			switch de.ID {
			case "ErrWebhookURL":
				v.Bad = "url"
			case "ErrWebhookNoEvents", "ErrWebhookEvent":
				v.Bad = "events"
			}
		}
		p.Error = msg
		e.renderWebhooks(c, status, p, v)
		return
	}
	v := newWebhooksView(nil)
	v.Created = ep
	e.renderWebhooks(c, http.StatusCreated, p, v)
}

// endpoint finds a registered endpoint by ID (there are at most
// webhook.MaxEndpoints), or answers 404.
func (e *Editor) endpoint(c *gin.Context) (*webhook.Endpoint, bool) {
	if !e.requireWebhooks(c) {
		return nil, false
	}
	eps, err := e.webhooks.Webhooks(c.Request.Context(), auth.User(c))
	if err != nil {
		e.failErr(c, err)
		return nil, false
	}
	for _, ep := range eps {
		if ep.ID == c.Param("wid") {
			return ep, true
		}
	}
	e.failErr(c, newsroom.E(newsroom.ENotFound, "ErrWebhookNotFound"))
	return nil, false
}

// deleteWebhookPage asks before an endpoint is removed; the page's button
// posts to deleteWebhook.
func (e *Editor) deleteWebhookPage(c *gin.Context) {
	ep, ok := e.endpoint(c)
	if !ok {
		return
	}
	p := e.page(c, "EdWebhookDeleteTitle")
	p.Nav = "webhooks"
	v := newWebhooksView(nil)
	v.Confirm = ep
	e.renderWebhooks(c, http.StatusOK, p, v)
}

// deleteWebhook removes an endpoint through the same store call as
// DELETE /api/v1/webhooks/{id}.
func (e *Editor) deleteWebhook(c *gin.Context) {
	if !e.requireWebhooks(c) {
		return
	}
	if err := e.webhooks.DeleteWebhook(c.Request.Context(), auth.User(c), c.Param("wid")); err != nil {
		e.failErr(c, err)
		return
	}
	e.redirect(c, "/app/admin/webhooks", "EdFlashWebhookDeleted")
}
