package mongodb

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// seqLog is an append-only log of changed release IDs in one collection, with
// dense sequence numbers claimed by unique inserts, so that several processes
// can append to it and follow it by _id lookups alone. Each process remembers
// the last number it saw, so an append is usually one insert.
type seqLog struct {
	db    *DB
	coll  string
	clock func() time.Time
	mu    sync.Mutex
	last  int64 // a lower bound of the log's head; 0 until known
}

// append adds releaseID to the log and returns its sequence number.
func (l *seqLog) append(ctx context.Context, releaseID string) (int64, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.last == 0 {
		head, err := l.head(ctx)
		if err != nil {
			return 0, err
		}
		l.last = head
	}
	for range 1000 {
		seq := l.last + 1
		_, err := l.db.c(l.coll).InsertOne(ctx, logDoc{ID: logID(seq), ReleaseID: releaseID, At: l.clock()})
		if err == nil || mongo.IsDuplicateKeyError(err) {
			l.last = seq // taken by us or by another process
		}
		if err == nil {
			return seq, nil
		}
		if !mongo.IsDuplicateKeyError(err) {
			return 0, fmt.Errorf("%s log: %w", l.coll, err)
		}
	}
	return 0, fmt.Errorf("%s log: too much contention", l.coll)
}

// head finds the log's last sequence number with an exponential then binary
// search over _id lookups, starting at the purge floor.
func (l *seqLog) head(ctx context.Context) (int64, error) {
	floor, err := l.floor(ctx)
	if err != nil {
		return 0, err
	}
	// Entries below the floor are purged; from it to the head they exist.
	exists := func(n int64) (bool, error) {
		if n < floor || n <= 0 {
			return true, nil
		}
		var d logDoc
		return l.db.findByID(ctx, l.coll, logID(n), &d)
	}
	lo, hi, step := max(floor-1, 0), max(floor, 1), int64(1)
	for {
		ok, err := exists(hi)
		if err != nil {
			return 0, err
		}
		if !ok {
			break
		}
		lo, hi, step = hi, hi+step, step*2
	}
	for hi-lo > 1 { // exists(lo) && !exists(hi)
		mid := (lo + hi) / 2
		ok, err := exists(mid)
		if err != nil {
			return 0, err
		}
		if ok {
			lo = mid
		} else {
			hi = mid
		}
	}
	return lo, nil
}

// since returns the distinct release IDs logged after seq and the last
// sequence number read. With seq ≤ 0, more than max entries behind, or
// behind the purge floor, it returns only the current head and complete
// false: the caller reloads everything and follows the log from there.
func (l *seqLog) since(ctx context.Context, seq int64, max int) (ids []string, last int64, complete bool, err error) {
	if seq > 0 {
		last = seq
		for range max {
			var d logDoc
			ok, err := l.db.findByID(ctx, l.coll, logID(last+1), &d)
			if err != nil {
				return ids, last, true, err
			}
			if !ok {
				// The end of the log, or a purged entry: the floor tells.
				floor, err := l.floor(ctx)
				if err != nil {
					return ids, last, true, err
				}
				if floor <= last+1 {
					return ids, last, true, nil
				}
				break
			}
			last++
			if !slices.Contains(ids, d.ReleaseID) {
				ids = append(ids, d.ReleaseID)
			}
		}
	}
	head, err := l.head(ctx)
	return nil, head, false, err
}

// floorID is the _id of the log's floor document: entries below its seq
// have been purged. There is none until the first purge.
const floorID = "floor"

// floor returns the lowest sequence number not purged (0 before any purge).
func (l *seqLog) floor(ctx context.Context) (int64, error) {
	var d struct {
		Seq int64 `bson:"seq"`
	}
	if _, err := l.db.findByID(ctx, l.coll, floorID, &d); err != nil {
		return 0, err
	}
	return d.Seq, nil
}

// purge deletes up to batch of the oldest entries logged before before,
// never the head (head() needs it). It raises the floor before deleting,
// so that a reader meeting a purged entry always knows to reload.
func (l *seqLog) purge(ctx context.Context, before time.Time, batch int) (int, error) {
	head, err := l.head(ctx)
	if err != nil {
		return 0, err
	}
	floor, err := l.floor(ctx)
	if err != nil {
		return 0, err
	}
	start := max(floor, 1)
	target := start
	for target < head && target-start < int64(batch) {
		var d logDoc
		ok, err := l.db.findByID(ctx, l.coll, logID(target), &d)
		if err != nil {
			return 0, err
		}
		if ok && !d.At.Before(before) {
			break
		}
		target++
	}
	if target == start {
		return 0, nil
	}
	if _, err := l.db.c(l.coll).UpdateOne(ctx, bson.D{{Key: "_id", Value: floorID}},
		bson.D{{Key: "$max", Value: bson.D{{Key: "seq", Value: target}}}}, options.UpdateOne().SetUpsert(true)); err != nil {
		return 0, fmt.Errorf("%s log: raise the floor: %w", l.coll, err)
	}
	n := 0
	for seq := start; seq < target; seq++ {
		res, err := l.db.c(l.coll).DeleteOne(ctx, bson.D{{Key: "_id", Value: logID(seq)}})
		if err != nil {
			return n, fmt.Errorf("%s log: purge: %w", l.coll, err)
		}
		n += int(res.DeletedCount)
	}
	return n, nil
}
