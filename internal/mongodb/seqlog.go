package mongodb

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	"go.mongodb.org/mongo-driver/v2/mongo"
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
// search over _id lookups.
func (l *seqLog) head(ctx context.Context) (int64, error) {
	exists := func(n int64) (bool, error) {
		if n <= 0 {
			return true, nil
		}
		var d logDoc
		return l.db.findByID(ctx, l.coll, logID(n), &d)
	}
	lo, hi := int64(0), int64(1)
	for {
		ok, err := exists(hi)
		if err != nil {
			return 0, err
		}
		if !ok {
			break
		}
		lo, hi = hi, hi*2
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
// sequence number read. With seq ≤ 0, or more than max entries behind, it
// returns only the current head and complete false: the caller reloads
// everything and follows the log from there.
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
				return ids, last, true, nil
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
