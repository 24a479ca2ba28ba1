package mongodb

import (
	"context"
	"sync/atomic"
	"time"

	"github.com/kotormo/kotormo/internal/newsroom"
)

// hashSlots bounds how many argon2id hashes run at once in this process.
// Each hash takes 32 MiB for its duration, so without a bound a burst of
// logins costs memory in proportion to the burst (60 concurrent wrong
// logins grew the server by 1.9 GB); with n slots the hashes take at most
// n × 32 MiB (argon2id already uses two threads, so one slot keeps two
// cores busy). A caller waits up to wait for a slot, then gets ETooMany.
type hashSlots struct {
	ch   chan struct{}
	wait time.Duration
	// inUse and peak count slots taken now and at most, for tests and metrics.
	inUse, peak atomic.Int64
}

func newHashSlots(n int, wait time.Duration) *hashSlots {
	if n <= 0 {
		n = 1
	}
	if wait <= 0 {
		wait = 3 * time.Second
	}
	return &hashSlots{ch: make(chan struct{}, n), wait: wait}
}

// errHashBusy is returned when no slot freed up in time.
func errHashBusy() error {
	return newsroom.E(newsroom.ETooMany, "ErrHashBusy")
}

// do runs f in a slot.
func (h *hashSlots) do(ctx context.Context, f func()) error {
	t := time.NewTimer(h.wait)
	defer t.Stop()
	select {
	case h.ch <- struct{}{}:
	case <-t.C:
		return errHashBusy()
	case <-ctx.Done():
		return errHashBusy()
	}
	defer func() { h.inUse.Add(-1); <-h.ch }()
	n := h.inUse.Add(1)
	for {
		p := h.peak.Load()
		if n <= p || h.peak.CompareAndSwap(p, n) {
			break
		}
	}
	f()
	return nil
}

// hash returns HashPassword(password), computed in a slot.
func (s *Store) hash(ctx context.Context, password string) (string, error) {
	var h string
	err := s.hashes.do(ctx, func() { h = HashPassword(password) })
	return h, err
}

// check returns CheckPassword(hash, password), computed in a slot.
func (s *Store) check(ctx context.Context, hash, password string) (bool, error) {
	var ok bool
	err := s.hashes.do(ctx, func() { ok = CheckPassword(hash, password) })
	return ok, err
}

// PeakHashes returns the most password hashes that have run at once in this
// Store (every hash takes a slot; see Options.MaxHashes).
func (s *Store) PeakHashes() int { return int(s.hashes.peak.Load()) }
