package mongodb

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/kotormo/kotormo/internal/webhook"
)

// RunWebhooks sends queued webhook deliveries until ctx is done: it claims
// a due delivery's next attempt (so that no two instances send it at once),
// posts it signed, and records the answer, scheduling a retry on failure.
// Any number of instances may run it over one database; each event reaches
// each endpoint once unless an answer is lost (a receiver that times out
// after accepting gets it again, with the same event ID).
func (s *Store) RunWebhooks(ctx context.Context) {
	h := &s.hooks
	slots := make(chan struct{}, h.o.Workers)
	timer := time.NewTimer(0)
	defer timer.Stop()
	var pruned time.Time
	for {
		if now := s.clock(); now.Sub(pruned) >= time.Hour {
			pruned = now
			if _, err := s.PruneDeliveries(ctx); err != nil && ctx.Err() == nil {
				s.db.log.Warn("webhooks: could not prune the delivery log", "err", err)
			}
		}
		for ctx.Err() == nil {
			select {
			case slots <- struct{}{}:
			case <-ctx.Done():
				return
			}
			d, err := s.claimDelivery(ctx)
			if err != nil || d == nil {
				<-slots
				if err != nil && ctx.Err() == nil {
					s.db.log.Warn("webhooks: could not claim a delivery", "err", err)
				}
				break
			}
			go func() {
				defer func() { <-slots }()
				s.deliver(ctx, d)
			}()
		}
		timer.Reset(h.o.Poll)
		select {
		case <-ctx.Done():
			return
		case <-h.wake:
		case <-timer.C:
		}
	}
}

// PruneDeliveries removes finished deliveries older than
// WebhookOptions.Keep, and returns how many. RunWebhooks calls it hourly.
func (s *Store) PruneDeliveries(ctx context.Context) (int, error) {
	res, err := s.db.c(colDeliveries).DeleteMany(ctx, bson.D{
		{Key: "state", Value: bson.D{{Key: "$in", Value: bson.A{webhook.StateDelivered, webhook.StateFailed}}}},
		{Key: "created", Value: bson.D{{Key: "$lt", Value: s.clock().Add(-s.hooks.o.Keep)}}},
	})
	if err != nil {
		return 0, fmt.Errorf("prune deliveries: %w", err)
	}
	return int(res.DeletedCount), nil
}

// claimDelivery claims one due delivery, or returns nil when none is due
// or every due one is being sent by someone else.
func (s *Store) claimDelivery(ctx context.Context) (*deliveryDoc, error) {
	now := s.clock()
	filter := bson.D{{Key: "state", Value: webhook.StatePending}, {Key: "next", Value: bson.D{{Key: "$lte", Value: now}}}}
	cur, err := s.db.c(colDeliveries).Find(ctx, filter, options.Find().SetSort(bson.D{{Key: "next", Value: 1}}).SetLimit(20))
	if err != nil {
		return nil, err
	}
	var due []deliveryDoc
	if err := cur.All(ctx, &due); err != nil {
		return nil, err
	}
	for i := range due {
		if ok, err := s.claim(ctx, &due[i], now); err != nil || ok {
			return &due[i], err
		}
	}
	return nil, nil
}

// claim takes attempt number d.Attempts of delivery d for this instance.
// The lease is a unique insert (the embedded server does not make a
// conditional update atomic between connections; a unique _id is): one
// claim per delivery and attempt. A claim older than the lease belongs to
// an instance that died mid-send and is taken over. On success d is
// reloaded, and still pending at that attempt.
func (s *Store) claim(ctx context.Context, d *deliveryDoc, now time.Time) (bool, error) {
	id := d.ID + "#" + strconv.Itoa(d.Attempts)
	for try := 0; try < 2; try++ {
		_, err := s.db.c(colDeliveryClaims).InsertOne(ctx, claimDoc{ID: id, Delivery: d.ID, At: now})
		if err == nil {
			var fresh deliveryDoc
			ok, err := s.db.findByID(ctx, colDeliveries, d.ID, &fresh)
			if err != nil || !ok || fresh.State != webhook.StatePending || fresh.Attempts != d.Attempts {
				return false, err
			}
			*d = fresh
			return true, nil
		}
		if !mongo.IsDuplicateKeyError(err) {
			return false, err
		}
		var c claimDoc
		if ok, err := s.db.findByID(ctx, colDeliveryClaims, id, &c); err != nil {
			return false, err
		} else if ok && now.Sub(c.At) < s.hooks.o.Lease {
			return false, nil // someone is sending it
		} else if ok {
			if _, err := s.db.c(colDeliveryClaims).DeleteOne(ctx, bson.D{{Key: "_id", Value: id}, {Key: "at", Value: c.At}}); err != nil {
				return false, err
			}
		}
	}
	return false, nil
}

// deliver sends d once and records the outcome, if d's lease is still ours.
func (s *Store) deliver(ctx context.Context, d *deliveryDoc) {
	var ep webhookDoc
	found, err := s.db.findByID(ctx, colWebhooks, d.Endpoint, &ep)
	if err != nil {
		return // the lease runs out and someone tries again
	}
	status, sendErr := 0, errors.New("endpoint deleted")
	if found {
		status, sendErr = s.send(ctx, &ep, d)
	}
	if ctx.Err() != nil {
		return // shutting down: the lease runs out and someone tries again
	}
	now := s.clock()
	state := webhook.StatePending
	set := bson.D{{Key: "attempts", Value: d.Attempts + 1}, {Key: "last_status", Value: status}}
	switch {
	case sendErr == nil:
		state = webhook.StateDelivered
		set = append(set, bson.E{Key: "state", Value: state}, bson.E{Key: "delivered_at", Value: now}, bson.E{Key: "last_error", Value: ""})
	default:
		set = append(set, bson.E{Key: "last_error", Value: clipError(sendErr.Error())})
		next, ok := s.hooks.o.Schedule.Next(d.Created, now, d.Attempts+1)
		if !ok || !found {
			state = webhook.StateFailed
			set = append(set, bson.E{Key: "state", Value: state})
		} else {
			set = append(set, bson.E{Key: "next", Value: next})
		}
	}
	wctx := context.WithoutCancel(ctx)
	_, err = s.db.c(colDeliveries).UpdateOne(wctx, bson.D{{Key: "_id", Value: d.ID}, {Key: "attempts", Value: d.Attempts}}, bson.D{{Key: "$set", Value: set}})
	if err != nil {
		s.db.log.Warn("webhooks: could not record a delivery", "delivery", d.ID, "err", err)
		return
	}
	if state != webhook.StatePending {
		if _, err := s.db.c(colDeliveryClaims).DeleteMany(wctx, bson.D{{Key: "delivery", Value: d.ID}}); err != nil {
			s.db.log.Warn("webhooks: could not drop a delivery's claims", "delivery", d.ID, "err", err)
		}
	}
	if s.hooks.o.Recorded != nil {
		s.hooks.o.Recorded(d.ID, state)
	}
}

// send posts d's body to ep; a 2xx answer is success.
func (s *Store) send(ctx context.Context, ep *webhookDoc, d *deliveryDoc) (int, error) {
	if err := webhook.CheckURL(ep.URL); err != nil {
		return 0, errors.New("URL not allowed")
	}
	ctx, cancel := context.WithTimeout(ctx, s.hooks.o.Timeout)
	defer cancel()
	body := []byte(d.Body)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, ep.URL, bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "Kotormo-Webhook/1")
	req.Header.Set("X-Kotormo-Event", d.Event)
	req.Header.Set("X-Kotormo-Delivery", d.ID)
	req.Header.Set(webhook.SignatureHeader, webhook.Sign(ep.Secret, s.now(), body))
	resp, err := s.hooks.client.Do(req)
	if err != nil {
		return 0, err
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	_ = resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return resp.StatusCode, fmt.Errorf("HTTP %d", resp.StatusCode)
	}
	return resp.StatusCode, nil
}

func clipError(s string) string {
	if len(s) > 500 {
		return s[:500] + "…"
	}
	return s
}
