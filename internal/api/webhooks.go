package api

import (
	"context"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/kotormo/kotormo/internal/auth"
	"github.com/kotormo/kotormo/internal/newsroom"
	"github.com/kotormo/kotormo/internal/webhook"
)

// Webhooks manages webhook endpoints and shows their delivery logs
// (mongodb.Store implements it). Every method asks newsroom.CanAdminister.
type Webhooks interface {
	Webhooks(ctx context.Context, actor *newsroom.User) ([]*webhook.Endpoint, error)
	CreateWebhook(ctx context.Context, actor *newsroom.User, in webhook.NewEndpoint) (*webhook.Endpoint, error)
	DeleteWebhook(ctx context.Context, actor *newsroom.User, id string) error
	WebhookDeliveries(ctx context.Context, actor *newsroom.User, id string, limit int) ([]*webhook.Delivery, error)
}

// requireWebhooks answers 404 when the server has no webhooks.
func (a *API) requireWebhooks(c *gin.Context) bool {
	if a.webhooks == nil {
		a.fail(c, newsroom.E(newsroom.ENotFound, "ErrWebhookNotFound"))
		return false
	}
	return true
}

// listWebhooks handles GET /webhooks.
func (a *API) listWebhooks(c *gin.Context) {
	if !a.requireWebhooks(c) {
		return
	}
	eps, err := a.webhooks.Webhooks(c.Request.Context(), auth.User(c))
	if err != nil {
		a.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"webhooks": eps, "events": webhook.Events})
}

// createWebhook handles POST /webhooks; the answer holds the signing
// secret, shown only this once.
func (a *API) createWebhook(c *gin.Context) {
	if !a.requireWebhooks(c) {
		return
	}
	var in webhook.NewEndpoint
	if err := decode(c, &in, false); err != nil {
		a.fail(c, err)
		return
	}
	ep, err := a.webhooks.CreateWebhook(c.Request.Context(), auth.User(c), in)
	if err != nil {
		a.fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, ep)
}

// deleteWebhook handles DELETE /webhooks/{id}.
func (a *API) deleteWebhook(c *gin.Context) {
	if !a.requireWebhooks(c) {
		return
	}
	if err := a.webhooks.DeleteWebhook(c.Request.Context(), auth.User(c), c.Param("id")); err != nil {
		a.fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

// webhookDeliveries handles GET /webhooks/{id}/deliveries: the latest
// deliveries, newest first (limit, default and at most 200).
func (a *API) webhookDeliveries(c *gin.Context) {
	if !a.requireWebhooks(c) {
		return
	}
	limit := 0
	if s, ok := c.GetQuery("limit"); ok {
		n, err := parseCount("limit", s)
		if err != nil {
			a.fail(c, err)
			return
		}
		limit = n
	}
	ds, err := a.webhooks.WebhookDeliveries(c.Request.Context(), auth.User(c), c.Param("id"), limit)
	if err != nil {
		a.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"deliveries": ds})
}
