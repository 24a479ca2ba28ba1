// Package webhook holds the rules of Kotormo's webhooks, free of the
// database and of HTTP: the events, the payload, the signature, which URLs
// may receive deliveries and when a failed delivery is tried again. The
// store (internal/mongodb) queues and sends deliveries by these rules.
package webhook

import (
	"encoding/json"
	"net"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/kotormo/kotormo/internal/newsroom"
)

// Event names what happened to a release.
type Event string

// The events an endpoint can subscribe to.
const (
	// Created: a release was created (its source text first saved).
	Created Event = "release.created"
	// Published: a language version was published that was not live.
	Published Event = "release.published"
	// Unpublished: a live language version was taken down.
	Unpublished Event = "release.unpublished"
	// Corrected: a live language version was replaced by a newer revision.
	Corrected Event = "release.corrected"
)

// Events lists every event, in the order the API documents them.
var Events = []Event{Created, Published, Unpublished, Corrected}

// Limits of an endpoint's registration.
const (
	MaxURLBytes  = 2048
	MaxEndpoints = 100
)

// ForAction returns the event a completed workflow action raises:
// "publish" of a version that was live (wasPublishedRev > 0) is a
// correction, otherwise a publication; "unpublish" is an unpublication.
// Other actions raise none (ok is false).
func ForAction(action string, wasPublishedRev int) (e Event, ok bool) {
	switch action {
	case "publish":
		if wasPublishedRev > 0 {
			return Corrected, true
		}
		return Published, true
	case "unpublish":
		return Unpublished, true
	case "create":
		return Created, true
	}
	return "", false
}

// EventID names one event deterministically from the write that raised it:
// the release, the language ("" for a release-level event) and the
// version's sequence number, which the write protocol makes unique. Every
// instance that sees the same write derives the same ID, so a delivery keyed
// on it is queued once.
func EventID(releaseID, lang string, seq int) string {
	return releaseID + "." + lang + "." + strconv.Itoa(seq)
}

// Payload is the JSON body of a delivery.
type Payload struct {
	// ID is the event's ID: a receiver that sees it twice (after a retry
	// whose answer was lost) can drop the second.
	ID        string    `json:"id"`
	Event     Event     `json:"event"`
	ReleaseID string    `json:"release_id"`
	Slug      string    `json:"slug,omitempty"`
	Lang      string    `json:"lang,omitempty"`
	Rev       int       `json:"rev,omitempty"`
	Title     string    `json:"title,omitempty"`
	At        time.Time `json:"occurred_at"`
}

// Body returns the payload as JSON.
func (p Payload) Body() []byte {
	b, err := json.Marshal(p)
	if err != nil { // only plain fields: cannot fail
		panic("webhook: " + err.Error())
	}
	return b
}

// Endpoint is a registered receiver.
type Endpoint struct {
	ID  string `json:"id"`
	URL string `json:"url"`
	// Secret signs deliveries; the API shows it only once, at creation.
	Secret  string    `json:"secret,omitempty"`
	Events  []Event   `json:"events"`
	Created time.Time `json:"created"`
}

// Wants reports whether the endpoint subscribed to e.
func (ep *Endpoint) Wants(e Event) bool { return slices.Contains(ep.Events, e) }

// NewEndpoint is what an admin registers.
type NewEndpoint struct {
	URL    string  `json:"url"`
	Events []Event `json:"events"`
}

// Validate checks the URL (CheckURL) and the events: at least one, each
// known; duplicates are dropped.
func (n *NewEndpoint) Validate() error {
	if err := CheckURL(n.URL); err != nil {
		return err
	}
	if len(n.Events) == 0 {
		return newsroom.E(newsroom.EInvalid, "ErrWebhookNoEvents")
	}
	var seen []Event
	for _, e := range n.Events {
		if !slices.Contains(Events, e) {
			return newsroom.E(newsroom.EInvalid, "ErrWebhookEvent", "Event", string(e))
		}
		if !slices.Contains(seen, e) {
			seen = append(seen, e)
		}
	}
	n.Events = seen
	return nil
}

// CheckURL accepts an https:// URL, or an http:// one whose host is the
// loopback (127.0.0.0/8, ::1, localhost) — for tests and local relays;
// anything else would send signed events in clear over the network.
func CheckURL(raw string) error {
	bad := newsroom.E(newsroom.EInvalid, "ErrWebhookURL", "URL", clip(raw))
	if len(raw) > MaxURLBytes {
		return bad
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || u.User != nil || u.Opaque != "" {
		return bad
	}
	switch u.Scheme {
	case "https":
		return nil
	case "http":
		if Loopback(u.Hostname()) {
			return nil
		}
	}
	return bad
}

// Loopback reports whether host names this machine.
func Loopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func clip(s string) string {
	if len(s) > 200 {
		return s[:200] + "…"
	}
	return s
}

// Delivery states.
const (
	StatePending   = "pending"
	StateDelivered = "delivered"
	StateFailed    = "failed" // gave up
)

// Delivery is one event queued for one endpoint, and what came of it.
type Delivery struct {
	ID         string    `json:"id"`
	EventID    string    `json:"event_id"`
	EndpointID string    `json:"endpoint_id"`
	Event      Event     `json:"event"`
	State      string    `json:"state"`
	Attempts   int       `json:"attempts"`
	LastStatus int       `json:"last_status,omitempty"`
	LastError  string    `json:"last_error,omitempty"`
	Created    time.Time `json:"created"`
	// NextAttempt is when a pending delivery is tried next.
	NextAttempt time.Time `json:"next_attempt,omitzero"`
	DeliveredAt time.Time `json:"delivered_at,omitzero"`
}
