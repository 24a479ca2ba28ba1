package mongodb

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/kotormo/kotormo/internal/newsroom"
	"github.com/kotormo/kotormo/internal/webhook"
)

// Collections of the webhooks.
const (
	colWebhooks   = "webhooks"
	colDeliveries = "deliveries"
	// colDeliveryClaims holds who is sending which attempt of a delivery.
	colDeliveryClaims = "deliveryclaims"
)

// maxDeliveriesShown bounds a delivery log page.
const maxDeliveriesShown = 200

// WebhookOptions tune the webhook dispatcher; zero fields take defaults.
type WebhookOptions struct {
	// Schedule is the retry schedule (webhook.DefaultSchedule).
	Schedule webhook.Schedule
	// Poll is how often the dispatcher looks for due deliveries queued by
	// other instances or due for a retry (1 s); this instance's own
	// events wake it at once.
	Poll time.Duration
	// Lease is how long a claimed delivery is held before another
	// instance may take it over (1 min; longer than a send's 10 s timeout).
	Lease time.Duration
	// Timeout bounds one send (10 s).
	Timeout time.Duration
	// Workers bounds concurrent sends (4).
	Workers int
	// Keep is how long finished (delivered or failed) deliveries stay in
	// the log (30 days); it bounds the deliveries collection, which the
	// dispatcher scans for due ones.
	Keep time.Duration
	// Recorded, when set, is called after each attempt's outcome is stored
	// (tests wait on it).
	Recorded func(deliveryID, state string)
}

// hooks is a Store's webhook dispatcher state.
type hooks struct {
	o      WebhookOptions
	client *http.Client
	wake   chan struct{}
}

func newHooks(o WebhookOptions) hooks {
	o.Schedule = o.Schedule.OrDefault()
	if o.Poll <= 0 {
		o.Poll = time.Second
	}
	if o.Lease <= 0 {
		o.Lease = time.Minute
	}
	if o.Timeout <= 0 {
		o.Timeout = 10 * time.Second
	}
	if o.Workers <= 0 {
		o.Workers = 4
	}
	if o.Keep <= 0 {
		o.Keep = 30 * 24 * time.Hour
	}
	return hooks{o: o, wake: make(chan struct{}, 1), client: &http.Client{
		Timeout: o.Timeout,
		// A redirect could lead a signed event anywhere: it counts as an answer.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
}

type webhookDoc struct {
	ID      string    `bson:"_id"`
	URL     string    `bson:"url"`
	Secret  string    `bson:"secret"`
	Events  []string  `bson:"events"`
	Created time.Time `bson:"created"`
}

func (d *webhookDoc) toDomain() *webhook.Endpoint {
	ep := &webhook.Endpoint{ID: d.ID, URL: d.URL, Secret: d.Secret, Created: d.Created}
	for _, e := range d.Events {
		ep.Events = append(ep.Events, webhook.Event(e))
	}
	return ep
}

type claimDoc struct {
	ID       string    `bson:"_id"` // delivery ID # attempt
	Delivery string    `bson:"delivery"`
	At       time.Time `bson:"at"`
}

type deliveryDoc struct {
	ID          string     `bson:"_id"`
	EventID     string     `bson:"event_id"`
	Endpoint    string     `bson:"endpoint"`
	Event       string     `bson:"event"`
	Body        string     `bson:"body"`
	State       string     `bson:"state"`
	Attempts    int        `bson:"attempts"`
	LastStatus  int        `bson:"last_status,omitempty"`
	LastError   string     `bson:"last_error,omitempty"`
	Created     time.Time  `bson:"created"`
	Next        time.Time  `bson:"next"`
	DeliveredAt *time.Time `bson:"delivered_at,omitempty"`
}

func (d *deliveryDoc) toDomain() *webhook.Delivery {
	w := &webhook.Delivery{ID: d.ID, EventID: d.EventID, EndpointID: d.Endpoint, Event: webhook.Event(d.Event), State: d.State,
		Attempts: d.Attempts, LastStatus: d.LastStatus, LastError: d.LastError, Created: d.Created}
	if d.State == webhook.StatePending {
		w.NextAttempt = d.Next
	}
	if d.DeliveredAt != nil {
		w.DeliveredAt = *d.DeliveredAt
	}
	return w
}

// Webhooks lists the registered endpoints, without their secrets.
func (s *Store) Webhooks(ctx context.Context, actor *newsroom.User) ([]*webhook.Endpoint, error) {
	if err := newsroom.CanAdminister(actor); err != nil {
		return nil, err
	}
	eps, err := s.endpoints(ctx)
	for _, ep := range eps {
		ep.Secret = ""
	}
	return eps, err
}

func (s *Store) endpoints(ctx context.Context) ([]*webhook.Endpoint, error) {
	cur, err := s.db.c(colWebhooks).Find(ctx, bson.D{}, options.Find().SetSort(bson.D{{Key: "created", Value: 1}}).SetLimit(webhook.MaxEndpoints))
	if err != nil {
		return nil, fmt.Errorf("list webhooks: %w", err)
	}
	var docs []webhookDoc
	if err := cur.All(ctx, &docs); err != nil {
		return nil, fmt.Errorf("list webhooks: %w", err)
	}
	out := make([]*webhook.Endpoint, 0, len(docs))
	for i := range docs {
		out = append(out, docs[i].toDomain())
	}
	return out, nil
}

// CreateWebhook registers an endpoint; the answer carries its signing
// secret, which is never shown again.
func (s *Store) CreateWebhook(ctx context.Context, actor *newsroom.User, in webhook.NewEndpoint) (*webhook.Endpoint, error) {
	if err := newsroom.CanAdminister(actor); err != nil {
		return nil, err
	}
	if err := in.Validate(); err != nil {
		return nil, err
	}
	n, err := s.db.c(colWebhooks).CountDocuments(ctx, bson.D{})
	if err != nil {
		return nil, fmt.Errorf("count webhooks: %w", err)
	}
	if n >= webhook.MaxEndpoints {
		return nil, newsroom.E(newsroom.EConflict, "ErrWebhookTooMany", "Max", webhook.MaxEndpoints)
	}
	secret := make([]byte, 32)
	_, _ = rand.Read(secret)
	d := webhookDoc{ID: newID(), URL: in.URL, Secret: hex.EncodeToString(secret), Created: s.clock()}
	for _, e := range in.Events {
		d.Events = append(d.Events, string(e))
	}
	if _, err := s.db.c(colWebhooks).InsertOne(ctx, d); err != nil {
		return nil, fmt.Errorf("insert webhook: %w", err)
	}
	return d.toDomain(), nil
}

// DeleteWebhook removes an endpoint; its queued deliveries give up.
func (s *Store) DeleteWebhook(ctx context.Context, actor *newsroom.User, id string) error {
	if err := newsroom.CanAdminister(actor); err != nil {
		return err
	}
	res, err := s.db.c(colWebhooks).DeleteOne(ctx, bson.D{{Key: "_id", Value: id}})
	if err != nil {
		return fmt.Errorf("delete webhook: %w", err)
	}
	if res.DeletedCount == 0 {
		return newsroom.E(newsroom.ENotFound, "ErrWebhookNotFound")
	}
	return nil
}

// WebhookDeliveries returns an endpoint's latest deliveries, newest first,
// at most limit (bounded by 200).
func (s *Store) WebhookDeliveries(ctx context.Context, actor *newsroom.User, id string, limit int) ([]*webhook.Delivery, error) {
	if err := newsroom.CanAdminister(actor); err != nil {
		return nil, err
	}
	var ep webhookDoc
	if ok, err := s.db.findByID(ctx, colWebhooks, id, &ep); err != nil {
		return nil, err
	} else if !ok {
		return nil, newsroom.E(newsroom.ENotFound, "ErrWebhookNotFound")
	}
	if limit <= 0 || limit > maxDeliveriesShown {
		limit = maxDeliveriesShown
	}
	cur, err := s.db.c(colDeliveries).Find(ctx, bson.D{{Key: "endpoint", Value: id}},
		options.Find().SetSort(bson.D{{Key: "created", Value: -1}, {Key: "_id", Value: 1}}).SetLimit(int64(limit)))
	if err != nil {
		return nil, fmt.Errorf("list deliveries: %w", err)
	}
	var docs []deliveryDoc
	if err := cur.All(ctx, &docs); err != nil {
		return nil, fmt.Errorf("list deliveries: %w", err)
	}
	out := make([]*webhook.Delivery, 0, len(docs))
	for i := range docs {
		out = append(out, docs[i].toDomain())
	}
	return out, nil
}

// enqueueWebhooks queues the event a completed write raised (if any) for
// every endpoint that wants it. prev is the version before the write (nil
// for a creation), next after it. Each delivery's _id is the event's ID
// and the endpoint's, so the same write queued twice is stored once. It
// never fails the write: errors are logged and the event is lost for that
// endpoint.
func (s *Store) enqueueWebhooks(ctx context.Context, r *newsroom.Release, prev, next *newsroom.Version, action string) {
	was := 0
	if prev != nil {
		was = prev.PublishedRev
	}
	ev, ok := webhook.ForAction(action, was)
	if !ok {
		return
	}
	eps, err := s.endpoints(ctx)
	if err != nil {
		s.db.log.Error("webhooks: could not read endpoints; event not queued", "release", r.ID, "event", ev, "err", err)
		return
	}
	p := webhook.Payload{Event: ev, ReleaseID: r.ID, Slug: r.Slug, Lang: next.Lang, Rev: next.Rev, Title: next.Title, At: s.clock()}
	if ev == webhook.Created {
		p.ID = webhook.EventID(r.ID, "", 1)
	} else {
		p.ID = webhook.EventID(r.ID, next.Lang, next.Seq)
		if ev == webhook.Unpublished {
			p.Rev = prev.PublishedRev
		}
	}
	body := string(p.Body())
	var docs []any
	for _, ep := range eps {
		if ep.Wants(ev) {
			docs = append(docs, deliveryDoc{ID: p.ID + "." + ep.ID, EventID: p.ID, Endpoint: ep.ID, Event: string(ev), Body: body,
				State: webhook.StatePending, Created: p.At, Next: p.At})
		}
	}
	if len(docs) == 0 {
		return
	}
	_, err = s.db.c(colDeliveries).InsertMany(ctx, docs, options.InsertMany().SetOrdered(false))
	if err != nil && !onlyDuplicates(err) {
		s.db.log.Error("webhooks: could not queue deliveries", "event", p.ID, "err", err)
	}
	select {
	case s.hooks.wake <- struct{}{}:
	default:
	}
}

// enqueueRolledForward queues the event of a write that another writer
// claimed and this one finished: the same event ID as the original writer
// would have queued, so the event is queued once whoever finishes the write.
func (s *Store) enqueueRolledForward(ctx context.Context, prev *newsroom.Version, head *versionDoc, action string) {
	if _, ok := webhook.ForAction(action, prev.PublishedRev); !ok {
		return
	}
	r, err := s.release(ctx, prev.ReleaseID)
	if err != nil {
		s.db.log.Error("webhooks: could not read a rolled-forward release; event not queued", "release", prev.ReleaseID, "err", err)
		return
	}
	s.enqueueWebhooks(ctx, r, prev, head.toDomain(), action)
}

// onlyDuplicates reports whether every error of a bulk insert is a duplicate key.
func onlyDuplicates(err error) bool {
	var bw mongo.BulkWriteException
	if !errors.As(err, &bw) || bw.WriteConcernError != nil {
		return mongo.IsDuplicateKeyError(err)
	}
	for _, we := range bw.WriteErrors {
		if we.Code != 11000 {
			return false
		}
	}
	return true
}
