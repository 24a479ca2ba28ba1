package editor

import (
	"context"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/kotormo/kotormo/internal/auth"
	"github.com/kotormo/kotormo/internal/newsroom"
	"github.com/kotormo/kotormo/internal/webhook"
)

// Webhooks lists webhook endpoints and their deliveries (mongodb.Store
// implements it; each method asks newsroom.CanAdminister).
type Webhooks interface {
	Webhooks(ctx context.Context, actor *newsroom.User) ([]*webhook.Endpoint, error)
	WebhookDeliveries(ctx context.Context, actor *newsroom.User, id string, limit int) ([]*webhook.Delivery, error)
}

// deliveriesShown is how many recent deliveries the page shows per endpoint.
const deliveriesShown = 20

type webhookRow struct {
	Endpoint   *webhook.Endpoint
	Deliveries []*webhook.Delivery
}

// webhooksPage shows every endpoint with its latest deliveries; endpoints
// are registered through the API (POST /api/v1/webhooks).
func (e *Editor) webhooksPage(c *gin.Context) {
	p := e.page(c, "EdWebhooks")
	p.Nav = "webhooks"
	var rows []webhookRow
	if e.webhooks != nil {
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
			rows = append(rows, webhookRow{Endpoint: ep, Deliveries: ds})
		}
	}
	p.D = rows
	e.render(c, http.StatusOK, "webhooks", p)
}
