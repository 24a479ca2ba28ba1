package mongodb_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/kotormo/kotormo/internal/mongodb"
	"github.com/kotormo/kotormo/internal/mongodb/mongotest"
	"github.com/kotormo/kotormo/internal/newsroom"
	"github.com/kotormo/kotormo/internal/webhook"
)

// twoDispatchers returns two stores over one database, both running the
// webhook dispatcher (retrying within milliseconds) until the test ends;
// recorded receives the ID of every delivery either stored as delivered.
func twoDispatchers(t *testing.T) (a, b *mongodb.Store, recorded chan string) {
	t.Helper()
	db := mongotest.DB(t)
	langs := newsroom.MustLanguages("en,ru,ky")
	recorded = make(chan string, 100)
	fast := mongodb.WebhookOptions{
		Schedule: webhook.Schedule{First: 20 * time.Millisecond, Max: 100 * time.Millisecond, GiveUp: time.Hour}, Poll: 20 * time.Millisecond,
		Recorded: func(id, state string) {
			if state == webhook.StateDelivered {
				recorded <- id
			}
		},
	}
	a = mongodb.NewStore(db, mongodb.Options{Langs: langs, Webhooks: fast})
	b = mongodb.NewStore(db, mongodb.Options{Langs: langs, Webhooks: fast})
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	for _, s := range []*mongodb.Store{a, b} {
		wg.Add(1)
		go func() { defer wg.Done(); s.RunWebhooks(ctx) }()
	}
	t.Cleanup(func() { cancel(); wg.Wait() })
	return a, b, recorded
}

// receiver is a webhook endpoint that checks signatures, fails each
// event's first attempt with a 500 and accepts the next.
type receiver struct {
	t        *testing.T
	srv      *httptest.Server
	mu       sync.Mutex
	secret   string
	attempts map[string]int // event ID → attempts
	accepted map[string]int // event ID → accepted deliveries
	events   map[string]webhook.Event
	got      chan string // accepted event IDs
}

func newReceiver(t *testing.T) *receiver {
	r := &receiver{t: t, attempts: map[string]int{}, accepted: map[string]int{}, events: map[string]webhook.Event{}, got: make(chan string, 100)}
	r.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(req.Body)
		r.mu.Lock()
		defer r.mu.Unlock()
		if !webhook.Verify(r.secret, req.Header.Get(webhook.SignatureHeader), body, time.Now(), 5*time.Minute) {
			t.Errorf("bad signature %q on %s", req.Header.Get(webhook.SignatureHeader), body)
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		var p webhook.Payload
		if err := json.Unmarshal(body, &p); err != nil || p.ID == "" || req.Header.Get("X-Kotormo-Event") != string(p.Event) {
			t.Errorf("bad payload %s: %v", body, err)
		}
		r.attempts[p.ID]++
		if r.attempts[p.ID] == 1 {
			w.WriteHeader(http.StatusInternalServerError)
			return
		}
		r.accepted[p.ID]++
		r.events[p.ID] = p.Event
		w.WriteHeader(http.StatusNoContent)
		r.got <- p.ID
	}))
	t.Cleanup(r.srv.Close)
	return r
}

func (r *receiver) setSecret(s string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.secret = s
}

// waitFor waits until n distinct events were accepted.
func (r *receiver) waitFor(n int) {
	r.t.Helper()
	seen := map[string]bool{}
	deadline := time.After(10 * time.Second)
	for len(seen) < n {
		select {
		case id := <-r.got:
			seen[id] = true
		case <-deadline:
			r.t.Fatalf("%d of %d events accepted", len(seen), n)
		}
	}
}

func register(t *testing.T, s *mongodb.Store, admin *newsroom.User, url string, events ...webhook.Event) *webhook.Endpoint {
	t.Helper()
	ep, err := s.CreateWebhook(context.Background(), admin, webhook.NewEndpoint{URL: url, Events: events})
	if err != nil || ep.Secret == "" {
		t.Fatalf("register %s: %+v %v", url, ep, err)
	}
	return ep
}

// waitDelivered waits until n deliveries were stored as delivered.
func waitDelivered(t *testing.T, recorded chan string, n int) {
	t.Helper()
	deadline := time.After(10 * time.Second)
	for i := 0; i < n; i++ {
		select {
		case <-recorded:
		case <-deadline:
			t.Fatalf("%d of %d deliveries recorded", i, n)
		}
	}
}

func TestEachEventReachesEachEndpointOnceSignedAfterARetryWithTwoInstances(t *testing.T) {
	ctx := context.Background()
	a, b, recorded := twoDispatchers(t)
	p := newPeople(t, a)
	all, pubOnly := newReceiver(t), newReceiver(t)
	epAll := register(t, a, p.admin, all.srv.URL, webhook.Events...)
	all.setSecret(epAll.Secret)
	epPub := register(t, b, p.admin, pubOnly.srv.URL+"/hook", webhook.Published)
	pubOnly.setSecret(epPub.Secret)

	r := newRelease(t, a, p.editor, "Webhooks are here")
	act := func(s *mongodb.Store, u *newsroom.User, action newsroom.Action) {
		t.Helper()
		if _, err := s.Transition(ctx, u, r.ID, "en", newsroom.Change{Action: action}); err != nil {
			t.Fatalf("%s: %v", action, err)
		}
	}
	act(a, p.editor, newsroom.ActionSubmit)
	act(b, p.revEn, newsroom.ActionApprove)
	act(a, p.editor, newsroom.ActionPublish)
	// A correction: a new revision of the live text, approved and published.
	if _, err := b.Save(ctx, p.editor, r.ID, "en", newsroom.Change{BaseRev: 1, Content: newsroom.Content{Title: "Webhooks are here, corrected", Body: "Text."}}); err != nil {
		t.Fatal(err)
	}
	act(b, p.editor, newsroom.ActionSubmit)
	act(a, p.revEn, newsroom.ActionApprove)
	act(b, p.editor, newsroom.ActionPublish)
	act(a, p.editor, newsroom.ActionUnpublish)

	all.waitFor(4)
	pubOnly.waitFor(1)
	waitDelivered(t, recorded, 5)
	if n, err := a.PruneDeliveries(ctx); err != nil || n != 0 {
		t.Errorf("pruned %d fresh deliveries: %v", n, err)
	}
	for _, c := range []struct {
		rc *receiver
		ep string
		n  int
	}{{all, epAll.ID, 4}, {pubOnly, epPub.ID, 1}} {
		ds, err := a.WebhookDeliveries(ctx, p.admin, c.ep, 0)
		if err != nil || len(ds) != c.n {
			t.Fatalf("deliveries of %s: %+v %v", c.ep, ds, err)
		}
		c.rc.mu.Lock()
		for id, n := range c.rc.accepted {
			if n != 1 || c.rc.attempts[id] != 2 {
				t.Errorf("event %s accepted %d times after %d attempts; want once after 2", id, n, c.rc.attempts[id])
			}
		}
		c.rc.mu.Unlock()
		for _, d := range ds {
			if d.State != webhook.StateDelivered || d.Attempts != 2 || d.LastStatus != http.StatusNoContent {
				t.Errorf("delivery %+v", d)
			}
		}
	}
	want := map[webhook.Event]int{webhook.Created: 1, webhook.Published: 1, webhook.Corrected: 1, webhook.Unpublished: 1}
	got := map[webhook.Event]int{}
	for _, e := range all.events {
		got[e]++
	}
	for e, n := range want {
		if got[e] != n {
			t.Errorf("events received: %v; want %v", got, want)
			break
		}
	}
	if len(pubOnly.events) != 1 {
		t.Errorf("the publish-only endpoint got %v", pubOnly.events)
	}
}

func TestASlowReceiverDoesNotSlowAPublish(t *testing.T) {
	a, _, _ := twoDispatchers(t)
	p := newPeople(t, a)
	arrived, unblock := make(chan struct{}, 10), make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		arrived <- struct{}{}
		<-unblock
	}))
	t.Cleanup(srv.Close)
	t.Cleanup(func() { close(unblock) }) // runs before srv.Close
	register(t, a, p.admin, srv.URL, webhook.Created, webhook.Published)
	r := newRelease(t, a, p.editor, "Slow receivers")
	select {
	case <-arrived: // the receiver now holds the creation's delivery
	case <-time.After(10 * time.Second):
		t.Fatal("the receiver never got the creation event")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	for _, c := range []struct {
		u *newsroom.User
		a newsroom.Action
	}{{p.editor, newsroom.ActionSubmit}, {p.revEn, newsroom.ActionApprove}, {p.editor, newsroom.ActionPublish}} {
		if _, err := a.Transition(ctx, c.u, r.ID, "en", newsroom.Change{Action: c.a}); err != nil {
			t.Fatalf("%s while the receiver blocks: %v", c.a, err)
		}
	}
}

func TestOnlyAdminsRegisterWebhooksAndOnlyToHTTPSOrLoopback(t *testing.T) {
	ctx := context.Background()
	s := mongotest.Store(t, "")
	p := newPeople(t, s)
	if _, err := s.CreateWebhook(ctx, p.editor, webhook.NewEndpoint{URL: "https://example.org/h", Events: webhook.Events}); code(err) != newsroom.EForbidden {
		t.Errorf("an editor registers: %v", err)
	}
	if _, err := s.CreateWebhook(ctx, p.admin, webhook.NewEndpoint{URL: "http://example.org/h", Events: webhook.Events}); code(err) != newsroom.EInvalid {
		t.Errorf("plain http to another host: %v", err)
	}
	ep := register(t, s, p.admin, "https://example.org/h", webhook.Published)
	eps, err := s.Webhooks(ctx, p.admin)
	if err != nil || len(eps) != 1 || eps[0].ID != ep.ID || eps[0].Secret != "" {
		t.Fatalf("list: %+v %v", eps, err)
	}
	if err := s.DeleteWebhook(ctx, p.admin, ep.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteWebhook(ctx, p.admin, ep.ID); code(err) != newsroom.ENotFound {
		t.Errorf("delete twice: %v", err)
	}
	if _, err := s.WebhookDeliveries(ctx, p.admin, ep.ID, 10); code(err) != newsroom.ENotFound {
		t.Errorf("deliveries of a deleted endpoint: %v", err)
	}
}

func TestAPublishFinishedByAnotherInstanceQueuesItsEventOnce(t *testing.T) {
	ctx := context.Background()
	db := mongotest.DB(t)
	langs := newsroom.MustLanguages("en,ru,ky")
	stopped, resume := make(chan struct{}), make(chan struct{})
	a := mongodb.NewStore(db, mongodb.Options{Langs: langs, Pause: func(step string) {
		if step == "applied publish" {
			close(stopped)
			<-resume
		}
	}})
	// b's clock runs a minute ahead, so a's claim looks abandoned to it.
	b := mongodb.NewStore(db, mongodb.Options{Langs: langs, Now: func() time.Time { return time.Now().Add(time.Minute) }})
	p := newPeople(t, a)
	ep := register(t, a, p.admin, "https://hooks.example.org/k", webhook.Published, webhook.Unpublished)
	r := newRelease(t, a, p.editor, "Rolled forward")
	for _, c := range []struct {
		u      *newsroom.User
		action newsroom.Action
	}{{p.editor, newsroom.ActionSubmit}, {p.revEn, newsroom.ActionApprove}} {
		if _, err := a.Transition(ctx, c.u, r.ID, "en", newsroom.Change{Action: c.action}); err != nil {
			t.Fatal(err)
		}
	}
	done := make(chan error, 1)
	go func() {
		_, err := a.Transition(ctx, p.editor, r.ID, "en", newsroom.Change{Action: newsroom.ActionPublish})
		done <- err
	}()
	t.Cleanup(func() { <-done }) // before the database is dropped
	<-stopped
	// a stopped between the snapshot and the head: b finishes its publish
	// before unpublishing.
	if _, err := b.Transition(ctx, p.editor, r.ID, "en", newsroom.Change{Action: newsroom.ActionUnpublish}); err != nil {
		close(resume)
		t.Fatalf("unpublish over an unfinished publish: %v", err)
	}
	close(resume)
	ds, err := b.WebhookDeliveries(ctx, p.admin, ep.ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	got := map[webhook.Event]int{}
	for _, d := range ds {
		got[d.Event]++
	}
	if len(ds) != 2 || got[webhook.Published] != 1 || got[webhook.Unpublished] != 1 {
		t.Fatalf("deliveries: %v", got)
	}
	if err := <-done; err != nil {
		t.Logf("the stopped publish ended with %v", err)
	}
	done <- nil
	ds, _ = b.WebhookDeliveries(ctx, p.admin, ep.ID, 0)
	if len(ds) != 2 {
		t.Fatalf("after the first writer resumed, %d deliveries; want 2", len(ds))
	}
}

func TestFinishedDeliveriesLeaveTheLogAfterTheirKeepTime(t *testing.T) {
	ctx := context.Background()
	db := mongotest.DB(t)
	langs := newsroom.MustLanguages("en,ru,ky")
	now := time.Now()
	var mu sync.Mutex
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	recorded := make(chan string, 10)
	s := mongodb.NewStore(db, mongodb.Options{Langs: langs, Now: clock, Webhooks: mongodb.WebhookOptions{
		Keep: 24 * time.Hour, Poll: 20 * time.Millisecond, Recorded: func(id, _ string) { recorded <- id }}})
	srv := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	t.Cleanup(srv.Close)
	p := newPeople(t, s)
	ep := register(t, s, p.admin, srv.URL, webhook.Created)
	newRelease(t, s, p.editor, "One")
	run, stop := context.WithCancel(ctx)
	stopped := make(chan struct{})
	go func() { defer close(stopped); s.RunWebhooks(run) }()
	<-recorded
	stop()
	<-stopped
	newRelease(t, s, p.editor, "Two") // pending: never pruned
	mu.Lock()
	now = now.Add(25 * time.Hour)
	mu.Unlock()
	if n, err := s.PruneDeliveries(ctx); err != nil || n != 1 {
		t.Fatalf("pruned %d: %v", n, err)
	}
	if ds, err := s.WebhookDeliveries(ctx, p.admin, ep.ID, 0); err != nil || len(ds) != 1 || ds[0].State != webhook.StatePending {
		t.Fatalf("left: %+v %v", ds, err)
	}
}
