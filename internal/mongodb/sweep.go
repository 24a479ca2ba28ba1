package mongodb

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// sweepBatch bounds what one Sweep removes of each kind, so that a sweep
// after a long time off never holds the database for long; the next
// sweep takes the rest.
const sweepBatch = 500

// Swept counts what one Sweep removed.
type Swept struct {
	Sessions, Changes, Publog int
}

// Sweep removes expired sessions and log entries older than the log
// retention, at most sweepBatch of each. Neither MongoDB's TTL indexes nor
// anything like them exist in the embedded FerretDB 1.24 (it refuses
// expireAfterSeconds as not implemented), so the store sweeps for itself.
// Readers of the logs that fall behind the purge get Complete false and
// reload. Several instances sweeping one database is harmless.
func (s *Store) Sweep(ctx context.Context) (Swept, error) {
	var out Swept
	now := s.clock()
	cur, err := s.db.c(colSessions).Find(ctx, bson.D{{Key: "expires_at", Value: bson.D{{Key: "$lt", Value: now}}}},
		options.Find().SetProjection(bson.D{{Key: "_id", Value: 1}}).SetLimit(sweepBatch))
	if err != nil {
		return out, fmt.Errorf("sweep sessions: %w", err)
	}
	var expired []struct {
		ID string `bson:"_id"`
	}
	if err := cur.All(ctx, &expired); err != nil {
		return out, fmt.Errorf("sweep sessions: %w", err)
	}
	for _, d := range expired {
		res, err := s.db.c(colSessions).DeleteOne(ctx, bson.D{{Key: "_id", Value: d.ID}})
		if err != nil {
			return out, fmt.Errorf("sweep sessions: %w", err)
		}
		out.Sessions += int(res.DeletedCount)
	}
	before := now.Add(-s.logRetention)
	if out.Changes, err = s.changes.purge(ctx, before, sweepBatch); err != nil {
		return out, err
	}
	if out.Publog, err = s.publog.purge(ctx, before, sweepBatch); err != nil {
		return out, err
	}
	if _, err = s.memoryLog().purge(ctx, before, sweepBatch); err != nil {
		return out, err
	}
	return out, nil
}

// RunSweeper sweeps every interval until ctx ends, logging what it removed
// and any failure (the next sweep tries again).
func (s *Store) RunSweeper(ctx context.Context, every time.Duration, log *slog.Logger) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		got, err := s.Sweep(ctx)
		switch {
		case err != nil && ctx.Err() == nil:
			log.Warn("sweeping expired sessions and old log entries", "err", err)
		case got != Swept{}:
			log.Info("swept", "sessions", got.Sessions, "changes", got.Changes, "publog", got.Publog)
		}
	}
}
