package mongodb

import (
	"context"
	"sync/atomic"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/event"
)

// isFerretDB reports whether the server is FerretDB, whose SQLite backend
// answers only exact {_id: …} filters from an index and scans the whole
// collection for anything else ($in and ranges on _id included). Reads of
// many documents then go one _id at a time; on MongoDB they are one query.
func (db *DB) isFerretDB(ctx context.Context) bool {
	var info bson.M
	if err := db.db.RunCommand(ctx, bson.D{{Key: "buildInfo", Value: 1}}).Decode(&info); err != nil {
		return false
	}
	_, ok := info["ferretdbVersion"]
	return ok
}

// commandCounter counts the commands the driver sends, so that tests can
// check how many round trips a page costs.
type commandCounter struct{ n atomic.Int64 }

func (c *commandCounter) monitor() *event.CommandMonitor {
	return &event.CommandMonitor{Started: func(context.Context, *event.CommandStartedEvent) { c.n.Add(1) }}
}

// Commands returns how many database commands this connection has sent.
func (db *DB) Commands() int64 { return db.commands.n.Load() }

// DB returns the store's database connection.
func (s *Store) DB() *DB { return s.db }
