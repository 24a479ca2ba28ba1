package mongodb

import (
	"context"
	"errors"
	"fmt"
	"strings"
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
	msg, cause := unavailableReason(err)
	if msg == "" {
		return err
	}
	return fmt.Errorf("%w: %s: %w", newsroom.Errorf(newsroom.EUnavailable, "%s", msg), cause, err)
}

// Server error codes that mean the database refuses writes for now.
var refusedCodes = map[int32]string{
	14031: "disk full",                // OutOfDiskSpace
	10107: "not the primary",          // NotWritablePrimary
	13435: "not the primary",          // NotPrimaryNoSecondaryOk
	13436: "not the primary",          // NotPrimaryOrSecondary
	189:   "primary stepped down",     // PrimarySteppedDown
	11602: "replica set changing",     // InterruptedDueToReplStateChange
	91:    "database shutting down",   // ShutdownInProgress
	11600: "database shutting down",   // InterruptedAtShutdown
	6:     "database unreachable",     // HostUnreachable
	7:     "database unreachable",     // HostNotFound
	89:    "database network timeout", // NetworkTimeout
}

// SQLite errors, as the embedded FerretDB reports them (an InternalError
// whose message ends in SQLite's text and result code).
var sqliteRefusals = []struct{ text, cause string }{
	{"database or disk is full", "disk full"},             // SQLITE_FULL (13)
	{"No space left on device", "disk full"},              // ENOSPC, also from MongoDB
	{"attempt to write a readonly database", "read-only"}, // SQLITE_READONLY (8)
	{"disk I/O error", "disk I/O error"},                  // SQLITE_IOERR (10)
	{"unable to open database file", "cannot open the database file"},
}

// unavailableReason returns a message for the user and a cause for the log
// when err means the database is unreachable or refuses writes, else "".
func unavailableReason(err error) (msg, cause string) {
	const (
		unreachable = "The database cannot be reached right now. Try again in a moment."
		refused     = "The database refuses to save right now (its disk may be full). Reload in a moment to see what was saved; if it keeps happening, tell your administrator."
	)
	var sse topology.ServerSelectionError
	switch {
	case errors.As(err, &sse):
		return unreachable, "no database server reachable"
	case mongo.IsNetworkError(err), errors.Is(err, mongo.ErrClientDisconnected):
		return unreachable, "database connection lost"
	case mongo.IsTimeout(err) && !errors.Is(err, context.Canceled):
		return unreachable, "database timeout"
	}
	var se mongo.ServerError
	if errors.As(err, &se) {
		for code, cause := range refusedCodes {
			if se.HasErrorCode(int(code)) {
				return refused, cause
			}
		}
	}
	text := err.Error()
	for _, r := range sqliteRefusals {
		if strings.Contains(text, r.text) {
			return refused, r.cause
		}
	}
	return "", ""
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
