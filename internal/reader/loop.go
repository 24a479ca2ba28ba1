package reader

import (
	"context"
	"errors"
	"maps"
	"slices"
	"time"
)

// embargoSlack is added to an embargo timer so that it fires after the
// embargo time, never a hair before it.
const embargoSlack = 2 * time.Millisecond

// loop keeps the site fresh until ctx ends; see Start.
func (s *Site) loop(ctx context.Context) {
	for !s.ready.Load() {
		err := s.Load(ctx)
		if err == nil {
			break
		}
		s.logErr(ctx, "loading the site", err)
		select {
		case <-ctx.Done():
			return
		case <-time.After(s.cfg.PollInterval):
		}
	}
	poll := time.NewTicker(s.cfg.PollInterval)
	defer poll.Stop()
	embargo := time.NewTimer(time.Hour)
	defer embargo.Stop()
	for {
		s.armEmbargo(embargo)
		select {
		case <-ctx.Done():
			return
		case <-s.wake:
			if ids, gen := s.takePending(); len(ids) > 0 {
				s.logErr(ctx, "refreshing invalidated releases", s.Refresh(ctx, ids...))
				s.served(gen)
			}
		case <-poll.C:
			if ids, gen := s.takePending(); len(ids) > 0 {
				s.logErr(ctx, "refreshing releases that failed to load", s.Refresh(ctx, ids...))
				s.served(gen)
			}
			s.logErr(ctx, "polling the publish log", s.poll(ctx))
			s.maybeCheckpoint()
		case <-embargo.C:
			s.logErr(ctx, "ending an embargo", s.Refresh(ctx))
		}
	}
}

// armEmbargo sets t to fire when the next embargo ends.
func (s *Site) armEmbargo(t *time.Timer) {
	s.buildMu.Lock()
	next := s.st.nextEmbargo
	s.buildMu.Unlock()
	d := time.Hour
	if !next.IsZero() {
		d = min(d, max(0, next.Sub(s.now()))+embargoSlack)
	}
	t.Reset(d)
}

// requeue queues id for the next poll without waking the loop, so that a
// store that fails is not asked again in a tight loop.
func (s *Site) requeue(id string) {
	s.pendingMu.Lock()
	s.pending[id] = struct{}{}
	s.pendingMu.Unlock()
}

// takePending returns and forgets the IDs queued by Invalidate, and the
// number of the latest Invalidate call they include.
func (s *Site) takePending() ([]string, uint64) {
	s.pendingMu.Lock()
	defer s.pendingMu.Unlock()
	ids := slices.Collect(maps.Keys(s.pending))
	clear(s.pending)
	return ids, s.gen
}

// served records that every Invalidate call up to number gen has been
// handled, and wakes the callers of InvalidateWait waiting for it.
func (s *Site) served(gen uint64) {
	s.pendingMu.Lock()
	defer s.pendingMu.Unlock()
	if gen > s.servedGen {
		s.servedGen = gen
	}
	close(s.servedCh)
	s.servedCh = make(chan struct{})
}

// InvalidateWait is Invalidate for the instance that made the change: it
// returns once the loop has rebuilt the release's pages, so that whoever
// published sees the new state at once (read-your-writes), or after at most
// wait, leaving the rebuild to the loop. Before the site has loaded it
// returns at once.
func (s *Site) InvalidateWait(releaseID string, wait time.Duration) {
	gen := s.invalidate(releaseID)
	if !s.ready.Load() {
		return
	}
	timeout := time.NewTimer(wait)
	defer timeout.Stop()
	for {
		s.pendingMu.Lock()
		done, ch := s.servedGen >= gen, s.servedCh
		s.pendingMu.Unlock()
		if done {
			return
		}
		select {
		case <-ch:
		case <-timeout.C:
			s.log.Warn("reader: a publish is not served yet after waiting for it", "release", releaseID, "waited", wait)
			return
		}
	}
}

// poll asks the store what changed since the last look and rebuilds it;
// when the log no longer reaches back that far, it reloads everything.
func (s *Site) poll(ctx context.Context) error {
	s.buildMu.Lock()
	defer s.buildMu.Unlock()
	plog, err := s.cfg.Source.PublishChanges(ctx, s.st.seq)
	if err != nil {
		return err
	}
	// Asked from 0, the log reports itself incomplete; with no entry at all
	// (head 0) there is nothing new.
	if !plog.Complete && !(s.st.seq <= 0 && plog.Seq <= 0) {
		s.log.Info("reader: the publish log was truncated; reloading every release")
		return s.fullReloadLocked(ctx)
	}
	// Releases that fail to load are requeued by refreshLocked, so the log
	// moves on either way.
	err = s.refreshLocked(ctx, plog.ReleaseIDs)
	s.st.seq = plog.Seq
	return err
}

func (s *Site) logErr(ctx context.Context, what string, err error) {
	if err != nil && !errors.Is(err, context.Canceled) && ctx.Err() == nil {
		s.log.Error("reader: "+what, "err", err)
	}
}
