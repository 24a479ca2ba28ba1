package mongodb

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
	"go.mongodb.org/mongo-driver/v2/mongo/readpref"
	"go.mongodb.org/mongo-driver/v2/x/mongo/driver/topology"

	"github.com/kotormo/kotormo/internal/newsroom"
)

// Unavailable returns err as an EUnavailable error, keeping err as its
// cause for the log, when err says that the database cannot be reached or
// refuses writes (see unavailableReason); any other error comes back as
// it is. The edges call it on errors without a domain code, so that an
// outage or a full disk reads as "try again later" (503), not as a bug.
func Unavailable(err error) error {
	if err == nil || newsroom.ErrorCode(err) != newsroom.EInternal {
		return err
	}
	msg := unavailableReason(err)
	if msg == "" {
		return err
	}
	return fmt.Errorf("%w: %w", newsroom.Errorf(newsroom.EUnavailable, "%s", msg), err)
}

// unavailableReason returns a message for the user when err means the
// database is unreachable or refuses writes, else "".
func unavailableReason(err error) string {
	var sse topology.ServerSelectionError
	switch {
	case errors.As(err, &sse), mongo.IsNetworkError(err), errors.Is(err, mongo.ErrClientDisconnected),
		mongo.IsTimeout(err) && !errors.Is(err, context.Canceled):
		return "The database cannot be reached right now; nothing was changed. Try again in a moment."
	}
	return ""
}

// Ready checks that the database accepts a new connection and answers on
// it: the pool's open connections can keep working while new ones fail
// (its socket deleted, its server restarting), and that is what a
// readiness probe must see. One probe runs at a time, and callers that
// waited for it share its result, so that /readyz cannot be turned into a
// flood of connections.
func (db *DB) Ready(ctx context.Context) error {
	asked := time.Now()
	db.ready.mu.Lock()
	defer db.ready.mu.Unlock()
	if db.ready.at.After(asked) {
		return db.ready.err // a probe finished while this call waited
	}
	err := db.probe(ctx)
	db.ready.at, db.ready.err = time.Now(), err
	return err
}

// readyCache is the last result of Ready.
type readyCache struct {
	mu  sync.Mutex
	at  time.Time
	err error
}

// probe connects a new one-connection client, pings and disconnects.
func (db *DB) probe(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	c, err := mongo.Connect(options.Client().ApplyURI(db.uri).SetMaxPoolSize(1).SetMinPoolSize(0).
		SetServerSelectionTimeout(2 * time.Second).SetConnectTimeout(2 * time.Second))
	if err != nil {
		return fmt.Errorf("mongodb: new connection: %w", err)
	}
	defer func() { _ = c.Disconnect(context.WithoutCancel(ctx)) }()
	if err := c.Ping(ctx, readpref.Primary()); err != nil {
		return fmt.Errorf("mongodb: ping on a new connection: %w", err)
	}
	return nil
}
